"""Running reports: the cache decision, one kernel per report on a thread pool, safe writes, the lock."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .._io import exclusive, write_atomic
from .._optional import require
from ..package import DataPackage
from ..package import open as open_package
from .config import Report, check_formats, check_parameters, check_timeout, notebook_parameters
from .inputs import RunInputs
from .kernel import kernel_manager
from .manifest import ManifestEntry, read_manifest, write_manifest
from .render import clean, extract_outputs, first_png, index_html, provenance, to_html, to_pdf

__all__ = ["run_reports"]


@contextmanager
def lock(output: Path):
    """Only one ``diplo report`` writes to a reports folder at a time."""
    output.mkdir(parents=True, exist_ok=True)
    with exclusive(output / ".lock", f"another `diplo report` is writing to {output}/ right now; wait for it to "
                                     "finish (or pass --output DIR to write elsewhere)."):
        yield


def run_reports(reports: list[Report], *, output: str | os.PathLike = "reports", jobs: int | None = None,
                force: bool = False, with_code: bool = False, overrides: dict | None = None,
                progress: bool = True, manifest_reports: list[Report] | None = None,
                data: str | os.PathLike | DataPackage | None = None,
                timeout: int | None = None, formats=None) -> list[ManifestEntry]:
    """Run reports, skipping those whose inputs are unchanged, and write the index and manifest.

    Parameters
    ----------
    reports : list of Report
        The reports to bring up to date.
    output : path-like, default "reports"
        Folder of ``<id>/report.ipynb``, ``<id>/report.html``, ``index.html``
        and ``manifest.json``.
    jobs : int, optional
        Reports run at once (default: the number of cores).
    force : bool
        Run every report even if its inputs are unchanged.
    with_code : bool
        Show the code cells in the HTML.
    overrides : dict, optional
        Parameters (usually text from the command line) that replace those
        of ``reports.yml`` for every report run.
    progress : bool
        Show a progress bar.
    manifest_reports : list of Report, optional
        Every report of the configuration, so the index and manifest list
        them all when only some are run.
    data : path-like or DataPackage, optional
        The data package the reports read (default: ``$DIPLO_DATA``, else
        the one that ships with diplo). It is resolved here, once, to an
        absolute folder that every kernel gets as ``DIPLO_DATA``.
    timeout : int, optional
        Seconds any one cell may run, for every report (default: each
        report's ``timeout`` in ``reports.yml``, 600). A cell past it fails
        its report, naming the cell, and the others go on.
    formats : list of str, optional
        Formats to write for every report run, besides those of its entry
        in ``reports.yml``: ``"pdf"`` adds ``report.pdf`` (printed by the
        system's Chromium; byte-identical for the same inputs, like the
        HTML).

    Returns
    -------
    list of ManifestEntry
        One entry per report run or checked, with ``seconds`` and
        ``cached`` for this run (which ``manifest.json`` does not keep).

    Raises
    ------
    ParameterError
        Before any kernel starts, if a report's parameters do not fit.
    """
    output = Path(output).resolve()
    if timeout is not None:
        check_timeout(timeout)
    checked = []
    for report in reports:  # all parameters are checked before any kernel starts
        params = dict(report.parameters, **(overrides or {}))
        declared = notebook_parameters(report.notebook)
        report = replace(report, formats=check_formats([*report.formats, *(formats or [])]))
        checked.append((replace(report, timeout=timeout or report.timeout),
                        check_parameters(replace(report, parameters=params), declared), declared))
    inputs = RunInputs.collect(open_package(data))
    with lock(output):
        for stale in output.glob(".staging-*"):  # left by a run that was killed; no run is writing now
            shutil.rmtree(stale, ignore_errors=True)
        previous = read_manifest(output)
        entries: dict[str, ManifestEntry] = {}
        todo = []
        for report, params, declared in checked:
            digest = inputs.input_hash(report, params, with_code, declared)
            entry = ManifestEntry(report.id, report.title, report.notebook_name, params, digest)
            old = previous.get(report.id)
            if not force and old and old.input_hash == digest and old.status == "ok" \
                    and _outputs_intact(output / report.id, old.outputs):
                entry.outputs, entry.provenance, entry.cached = old.outputs, old.provenance, True
                entries[report.id] = entry
            else:
                todo.append((report, params, entry))
        keep = {r.id for r in manifest_reports} if manifest_reports is not None else None

        def record(finished: dict[str, ManifestEntry]) -> dict[str, ManifestEntry]:
            # Written after each report, so a killed run leaves a manifest of all that finished.
            everything = {**previous, **finished}
            if keep is not None:  # drop entries of reports no longer configured
                everything = {k: v for k, v in everything.items() if k in keep}
            write_manifest(output, everything)
            return everything

        try:
            for entry in _execute(todo, output, inputs, jobs=jobs, with_code=with_code, progress=progress):
                entries[entry.id] = entry
                record(entries)
        finally:  # also on Ctrl-C or SIGTERM: the manifest and index show every report that finished
            everything = record(entries)
            order = [r.id for r in (manifest_reports if manifest_reports is not None else reports)]
            write_atomic(output / "index.html", index_html(list(everything.values()), inputs, order).encode("utf-8"))
    return [entries[r.id] for r, _, _ in checked]


def _execute(todo, output: Path, inputs: RunInputs, *, jobs, with_code, progress):
    """Run the reports of ``todo`` on a thread pool; yield each entry as its report finishes."""
    if not todo:  # nothing to run: papermill (a second to import) is not needed
        return
    require("papermill", "run reports")  # imported once, here, for the whole run
    from tqdm.auto import tqdm

    manager = kernel_manager(_kernel_env(inputs), display=True)
    workers = max(1, jobs or os.cpu_count() or 1)
    bar = tqdm(total=len(todo), desc="diplo report", unit="report", disable=not progress, file=sys.stderr)
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        futures = {pool.submit(_run_one, report, params, entry, output, inputs, with_code, manager): entry
                   for report, params, entry in todo}
        for future in as_completed(futures):
            entry = futures[future]
            future.result()
            bar.set_postfix_str(f"{entry.id} {entry.status}")
            bar.update()
            yield entry
    finally:
        # Reports not started are dropped; on an interruption the caller does not wait for the running
        # ones (their kernels end with this process, their staging folders at the next run).
        pool.shutdown(wait=False, cancel_futures=True)
        bar.close()


def _kernel_env(inputs: RunInputs) -> dict:
    """The environment of every kernel: this one's, with the data package and fixed seeds.

    ``DIPLO_DATA`` is the package's absolute folder (a relative one would be
    read against the notebook's folder); ``PYTHONHASHSEED`` fixes set order;
    ``SOURCE_DATE_EPOCH`` is the package's creation date, for any format that
    stamps a date; ``MPLBACKEND`` is dropped so figures are inline PNGs. The
    caller's ``os.environ`` is left as it is.
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env.update(DIPLO_DATA=str(inputs.package.folder), PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(inputs.epoch))
    return env


def _run_one(report: Report, params: dict, entry: ManifestEntry, output: Path, inputs: RunInputs, with_code: bool,
             manager) -> None:
    nbformat = require("nbformat", "run reports")
    pm = require("papermill", "run reports")
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    target = output / report.id
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        entry.status, entry.error = "failed", f"cannot write {target}: {exc.strerror or exc}"
        return
    shown = provenance(entry, inputs)
    with tempfile.TemporaryDirectory(dir=output, prefix=f".staging-{report.id}-") as tmp:
        staged = Path(tmp) / "report.ipynb"
        # nbclient's hooks keep the notebook being run and the cell it is in, so that a cell past its
        # time or a kernel that dies is named and its notebook kept, without saving after every cell.
        running: dict = {}

        def on_notebook_start(notebook, **_):
            running["notebook"] = notebook

        def on_cell_start(cell, cell_index, **_):
            running["cell"] = sum(c.cell_type == "code" for c in running["notebook"].cells[:cell_index]) + 1

        try:
            # Kernels start in the notebook's folder (as under nbval and JupyterLab), set through the
            # client's resources rather than papermill's cwd=, which would chdir the whole process
            # and race between threads.
            nb = pm.execute_notebook(str(report.notebook), str(staged), parameters=params, progress_bar=False,
                                     log_output=False, kernel_name="python3", request_save_on_cell_execute=False,
                                     kernel_manager_class=manager, execution_timeout=report.timeout,
                                     on_notebook_start=on_notebook_start, on_cell_start=on_cell_start,
                                     resources={"metadata": {"path": str(Path(report.notebook).parent)}})
        except PapermillExecutionError as exc:
            failed = nbformat.read(staged, as_version=4) if staged.exists() else None
            entry.status, entry.error = "failed", f"cell {exc.exec_count}: {exc.ename}: {_first_line(exc.evalue)}"
            entry.seconds = round(time.perf_counter() - start, 2)
            if failed is not None:
                clean(failed, entry, params)
                _write_quietly(target / "failed.ipynb", nbformat.writes(failed).encode("utf-8"))
            return
        except Exception as exc:  # a cell past its time, a kernel that died or would not start
            failed, cell = running.get("notebook"), running.get("cell")
            what = (f"the cell ran longer than the report's timeout of {report.timeout} s"
                    if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {_first_line(str(exc))}")
            entry.status, entry.error = "failed", (f"cell {cell}: " if cell else "") + what
            entry.seconds = round(time.perf_counter() - start, 2)
            if failed is not None:
                clean(failed, entry, params)
                _write_quietly(target / "failed.ipynb", nbformat.writes(failed).encode("utf-8"))
            return
        clean(nb, entry, params)
        extracted = extract_outputs(nb)
        nb.cells.append(nbformat.v4.new_markdown_cell(shown["markdown"], id=f"cell-{len(nb.cells):02d}"))
        files = {**extracted, "report.ipynb": nbformat.writes(nb).encode("utf-8"),
                 "report.html": to_html(nb, report.title, with_code).encode("utf-8")}
        if "pdf" in report.formats:
            try:
                files["report.pdf"] = to_pdf(nb, report.title, with_code, inputs.epoch)
            except Exception as exc:  # no Chromium, or it failed: this report fails, the others go on
                entry.status, entry.error = "failed", f"report.pdf: {type(exc).__name__}: {_first_line(str(exc))}"
                entry.seconds = round(time.perf_counter() - start, 2)
                return
        thumbnail = first_png(nb)
        if thumbnail is not None:
            files["thumbnail.png"] = thumbnail
    # Each file is written beside its target and renamed into place: a killed
    # run leaves whole files, and the manifest (written last) records which.
    try:
        for name, data in files.items():
            write_atomic(target / name, data)
        for stale in ["failed.ipynb", "thumbnail.png", "references.bib", "report.pdf",
                      *(f"tables/{p.name}" for p in sorted((target / "tables").glob("*.csv")))]:
            if stale not in files and (target / stale).exists():
                (target / stale).unlink()
    except OSError as exc:  # a folder that cannot be written fails this report, not the run
        entry.status = "failed"
        entry.error = f"cannot write {target}: {exc.strerror or exc}"
        entry.seconds = round(time.perf_counter() - start, 2)
        return
    entry.outputs = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}
    entry.provenance = shown["fields"]
    entry.seconds = round(time.perf_counter() - start, 2)


def _write_quietly(path: Path, data: bytes) -> None:
    """Write a failed notebook if the folder allows; the error is already in the entry."""
    try:
        write_atomic(path, data)
    except OSError:
        pass


def _first_line(text: str) -> str:
    """The error's first line; when it only announces a list ("1 problem in ...:"), the first item too."""
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    return f"{lines[0]} {lines[1]}" if lines[0].endswith(":") and len(lines) > 1 else lines[0]


def _outputs_intact(folder: Path, outputs: dict) -> bool:
    if not outputs:
        return False
    for name, sha in outputs.items():
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return False
    return True
