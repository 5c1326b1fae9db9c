"""Run the parameterized notebooks of ``reports.yml`` into reproducible reports.

``diplo report`` is a thin layer over papermill and nbconvert that adds what
they leave out:

- **strict parameters**: before any kernel starts, each report's parameters
  are checked against the notebook's ``parameters`` cell (unknown names are
  refused; text from the command line is converted to the annotated type
  or refused);
- **a cache**: a report whose inputs (notebook, parameters, data package,
  diplo's own source, package versions) are unchanged is not run again;
  deciding this imports neither papermill nor nbconvert;
- **byte-reproducible output**: execution timestamps, random cell ids and
  temporary paths are removed, so the same inputs give the same bytes;
- **safe writes**: files are written beside their target and renamed into
  place, a failing report keeps the last good one (and leaves its error in
  ``failed.ipynb``), and a lock keeps two runs from writing at once;
- **provenance**: every report ends with the data package version and
  content hash, diplo's version, the git commit, the parameters and the
  versions of pandas, matplotlib and papermill.
"""

from __future__ import annotations

import ast
import base64
import datetime as dt
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Report", "Parameter", "read_config", "notebook_parameters", "check_parameters", "run_reports",
           "ParameterError"]

_HERE = Path(__file__).resolve().parent
_VERSIONED = ("pandas", "matplotlib", "papermill", "nbconvert", "nbformat", "ipykernel", "numpy")


class ParameterError(ValueError):
    """A report's parameters do not fit its notebook's ``parameters`` cell."""


@dataclass(frozen=True)
class Report:
    """One entry of ``reports.yml``: an id, a notebook and its parameters."""

    id: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    title: str = ""


@dataclass(frozen=True)
class Parameter:
    """A parameter declared in a notebook's ``parameters`` cell."""

    name: str
    type: str
    default: object
    help: str = ""


# --- configuration and parameters ----------------------------------------------


def read_config(path: str | os.PathLike = "reports.yml") -> list[Report]:
    """Read the report matrix.

    Parameters
    ----------
    path : path-like
        A YAML file with a top-level ``reports`` list; each entry has ``id``,
        ``notebook`` (relative to the file) and optional ``parameters`` and
        ``title``.

    Raises
    ------
    ValueError
        Naming the entry and key that are wrong, for a missing file, a
        repeated id or a notebook that does not exist.

    Examples
    --------
    >>> reports = read_config("reports.yml")
    >>> reports[0].id, reports[0].notebook.name
    ('data-coverage', '00-data-coverage.ipynb')
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such report configuration; run from the project folder "
                         "or pass --config FILE.")
    with open(path, encoding="utf-8") as f:
        config = yaml.safe_load(f) or {}
    entries = config.get("reports")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{path}: expected a top-level 'reports:' list with at least one entry.")
    reports, seen = [], set()
    for i, entry in enumerate(entries, start=1):
        where = f"{path}, report {i}"
        if not isinstance(entry, dict) or "id" not in entry or "notebook" not in entry:
            raise ValueError(f"{where}: each report needs 'id' and 'notebook'; got {entry!r}.")
        unknown = set(entry) - {"id", "notebook", "parameters", "title"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                             "allowed are id, notebook, parameters, title.")
        rid = str(entry["id"])
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rid):
            raise ValueError(f"{where}: the id {rid!r} must be lowercase letters, digits and hyphens "
                             "(it names a folder).")
        if rid in seen:
            raise ValueError(f"{where}: the id {rid!r} is used twice.")
        seen.add(rid)
        notebook = (path.parent / entry["notebook"]).resolve()
        if not notebook.is_file():
            raise ValueError(f"{where} ({rid}): notebook {entry['notebook']} does not exist.")
        parameters = entry.get("parameters") or {}
        if not isinstance(parameters, dict):
            raise ValueError(f"{where} ({rid}): 'parameters' must be a mapping of name: value.")
        reports.append(Report(rid, notebook, dict(parameters), str(entry.get("title", rid))))
    return reports


def notebook_parameters(notebook: str | os.PathLike) -> dict[str, Parameter]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Each line ``name: type = value  # help`` declares one parameter; the
    annotation may be quoted (``"Optional[str]"``).

    Examples
    --------
    >>> params = notebook_parameters("notebooks/01-dyad-overview.ipynb")
    >>> params["actor_a"]
    Parameter(name='actor_a', type='str', default='KOR', help='first country of the dyad, ISO3 code')
    """
    path = Path(notebook)
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(f"{path.name}: expected one cell tagged 'parameters', found {len(cells)}.")
    source = "".join(cells[0]["source"]) if isinstance(cells[0]["source"], list) else cells[0]["source"]
    lines = source.splitlines()
    declared = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.AnnAssign) or not isinstance(node.target, ast.Name) or node.value is None:
            raise ParameterError(f"{path.name}, parameters cell line {node.lineno}: write each parameter as "
                                 "'name: type = value  # what it is'.")
        annotation = node.annotation.value if isinstance(node.annotation, ast.Constant) else ast.unparse(
            node.annotation)
        comment = lines[node.lineno - 1].partition("#")[2].strip()
        declared[node.target.id] = Parameter(node.target.id, str(annotation), ast.literal_eval(node.value), comment)
    return declared


def check_parameters(report: Report, declared: dict[str, Parameter] | None = None) -> dict:
    """Check a report's parameters against its notebook and convert them to the declared types.

    Text values (from the command line) are converted: ``"true"`` to True
    for a ``bool``, ``"3"`` to 3 for an ``int``, ``"none"`` to None for an
    ``Optional``; a YAML date becomes its ISO text for a ``str``.

    Raises
    ------
    ParameterError
        For an unknown name (listing the names there are) or a value that
        does not fit the declared type (naming parameter, value and type).

    Examples
    --------
    >>> nb = Path("notebooks/01-dyad-overview.ipynb")
    >>> check_parameters(Report("r", nb, {"actor_a": "USA", "end": "none"}))["end"] is None
    True
    >>> check_parameters(Report("r", nb, {"actr_a": "USA"}))
    Traceback (most recent call last):
    ...
    diplo.report.ParameterError: report 'r': 01-dyad-overview.ipynb has no parameter 'actr_a' (did you mean 'actor_a'?); its parameters are actor_a, actor_b, start, end, freq.
    """
    declared = declared if declared is not None else notebook_parameters(report.notebook)
    out = {}
    for name, value in report.parameters.items():
        if name not in declared:
            from difflib import get_close_matches

            close = get_close_matches(name, list(declared), n=1)
            maybe = f" (did you mean {close[0]!r}?)" if close else ""
            raise ParameterError(f"report {report.id!r}: {report.notebook.name} has no parameter {name!r}{maybe}; "
                                 f"its parameters are {', '.join(declared)}.")
        out[name] = _convert(report, declared[name], value)
    return out


def _convert(report: Report, param: Parameter, value):
    kind = param.type.replace(" ", "")
    optional = kind.startswith("Optional[") or "|None" in kind or "None|" in kind
    base = re.sub(r"^Optional\[(.*)\]$", r"\1", kind).replace("|None", "").replace("None|", "")
    text = isinstance(value, str)
    if value is None or (text and optional and value.strip().lower() in ("none", "null", "")):
        if optional:
            return None
        raise ParameterError(f"report {report.id!r}: parameter {param.name!r} needs a {base}, not None.")
    try:
        if base == "bool":
            if isinstance(value, bool):
                return value
            if text and value.strip().lower() in ("true", "yes", "1"):
                return True
            if text and value.strip().lower() in ("false", "no", "0"):
                return False
            raise ValueError
        if base == "int":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise ValueError
            return int(value)
        if base == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise ValueError
            return float(value)
        if base == "str":
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            if not text:
                raise ValueError
            return value
        if base.startswith("list"):
            if text:
                return [item.strip() for item in value.split(",") if item.strip()]
            if isinstance(value, list):
                return [str(v) for v in value]
            raise ValueError
    except ValueError:
        raise ParameterError(f"report {report.id!r}: parameter {param.name!r} is declared {param.type}; "
                             f"the value {value!r} is not one.") from None
    raise ParameterError(f"report {report.id!r}: parameter {param.name!r} has a type diplo cannot check "
                         f"({param.type}); use str, int, float, bool, list[str] or Optional[...] of them.")


# --- inputs, cache and provenance ------------------------------------------------


def _data_files() -> list[Path]:
    from .schema import data_dir, read_descriptor

    folder = data_dir()
    return [folder / "datapackage.json", *(folder / r["path"] for r in read_descriptor(folder)["resources"])]


def _hash_files(files) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class _Context:
    """What every report of one run shares: hashes of the inputs and the provenance."""

    data_hash: str
    source_hash: str
    versions: dict
    data_version: str
    commit: str
    epoch: int

    @classmethod
    def collect(cls) -> _Context:
        from importlib.metadata import PackageNotFoundError, version

        from . import __version__
        from .schema import data_dir, read_descriptor

        versions = {"python": sys.version.split()[0], "diplo": __version__}
        for name in _VERSIONED:
            try:
                versions[name] = version(name)
            except PackageNotFoundError:
                versions[name] = "not installed"
        package = read_descriptor(data_dir())
        created = package.get("created", "1970-01-01T00:00:00Z").replace("Z", "+00:00")
        sources = sorted(p for p in _HERE.rglob("*") if p.suffix in (".py", ".mplstyle"))
        return cls(_hash_files(_data_files()), _hash_files(sources), versions, str(package.get("version")),
                   _git_commit(), int(dt.datetime.fromisoformat(created).timestamp()))

    def input_hash(self, report: Report, parameters: dict, with_code: bool) -> str:
        blob = json.dumps({"notebook": hashlib.sha256(report.notebook.read_bytes()).hexdigest(),
                           "parameters": parameters, "data": self.data_hash, "diplo": self.source_hash,
                           "versions": self.versions, "with_code": with_code, "title": report.title},
                          sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=_HERE, capture_output=True,
                             text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "no git"
    return out.stdout.strip() if out.returncode == 0 else "no git"


# --- running ---------------------------------------------------------------------


@contextmanager
def _lock(output: Path):
    """Only one `diplo report` writes to a reports folder at a time."""
    import fcntl

    output.mkdir(parents=True, exist_ok=True)
    handle = open(output / ".lock", "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise RuntimeError(f"another `diplo report` is writing to {output}/ right now; wait for it to finish "
                           "(or pass --output DIR to write elsewhere).") from None
    try:
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def run_reports(reports: list[Report], *, output: str | os.PathLike = "reports", jobs: int | None = None,
                force: bool = False, with_code: bool = False, overrides: dict | None = None,
                progress: bool = True, manifest_reports: list[Report] | None = None) -> list[dict]:
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

    Returns
    -------
    list of dict
        One manifest entry per report run or checked: id, title, notebook,
        parameters, status ("ok", "cached" or "failed"), error, input_hash,
        seconds and the sha256 of each output.

    Raises
    ------
    ParameterError
        Before any kernel starts, if a report's parameters do not fit.
    """
    output = Path(output).resolve()
    checked = []
    for report in reports:  # all parameters are checked before any kernel starts
        params = dict(report.parameters, **(overrides or {}))
        checked.append((report, check_parameters(Report(report.id, report.notebook, params, report.title))))
    context = _Context.collect()
    with _lock(output):
        previous = _read_manifest(output)
        entries, todo = {}, []
        for report, params in checked:
            digest = context.input_hash(report, params, with_code)
            entry = {"id": report.id, "title": report.title, "notebook": _relative(report.notebook),
                     "parameters": params, "input_hash": digest, "status": "ok", "error": None, "seconds": 0.0,
                     "outputs": {}, "cached": False}
            old = previous.get(report.id)
            if not force and old and old.get("input_hash") == digest and old.get("status") in ("ok", "cached") \
                    and _outputs_intact(output / report.id, old.get("outputs", {})):
                entry.update(outputs=old["outputs"], cached=True, seconds=old.get("seconds", 0.0),
                             provenance=old.get("provenance"))
                entries[report.id] = entry
            else:
                todo.append((report, params, entry))
        if todo:
            _execute(todo, output, context, jobs=jobs, with_code=with_code, progress=progress,
                     done=lambda e: _write_manifest(output, _merge(previous, entries, e)))
            entries.update({e["id"]: e for _, _, e in todo})
        everything = _merge(previous, entries)
        if manifest_reports is not None:  # drop entries of reports no longer configured
            keep = {r.id for r in manifest_reports}
            everything = {k: v for k, v in everything.items() if k in keep}
        _write_manifest(output, everything)
        _write_atomic(output / "index.html", _index(list(everything.values()), context).encode("utf-8"))
    return [entries[r.id] for r, _ in checked]


def _execute(todo, output: Path, context: _Context, *, jobs, with_code, progress, done) -> None:
    import papermill  # noqa: F401  (imported once, here, for the whole run)
    from nbconvert import HTMLExporter
    from tqdm.auto import tqdm

    # Kernels inherit these: a fixed hash seed (set order), the data's date for
    # any file format that stamps one, and no backend override (inline PNGs).
    os.environ["PYTHONHASHSEED"] = "0"
    os.environ["SOURCE_DATE_EPOCH"] = str(context.epoch)
    os.environ.pop("MPLBACKEND", None)
    exporter = HTMLExporter(template_name="diplo", extra_template_basedirs=[str(_HERE / "templates")],
                            exclude_input=not with_code, exclude_input_prompt=True, exclude_output_prompt=True)
    workers = max(1, jobs or os.cpu_count() or 1)
    bar = tqdm(total=len(todo), desc="diplo report", unit="report", disable=not progress, file=sys.stderr)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_run_one, report, params, entry, output, context, exporter): entry
                   for report, params, entry in todo}
        for future in as_completed(futures):
            entry = futures[future]
            future.result()
            bar.set_postfix_str(f"{entry['id']} {entry['status']}")
            bar.update()
            done(entry)
    bar.close()


def _run_one(report: Report, params: dict, entry: dict, output: Path, context: _Context, exporter) -> None:
    import nbformat
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    target = output / report.id
    target.mkdir(parents=True, exist_ok=True)
    provenance = _provenance(entry, context)
    with tempfile.TemporaryDirectory(dir=output, prefix=f".staging-{report.id}-") as tmp:
        staged = Path(tmp) / "report.ipynb"
        try:
            # Kernels start in the notebook's folder (as under nbval and JupyterLab), set through the
            # client's resources rather than papermill's cwd=, which would chdir the whole process
            # and race between threads.
            nb = pm.execute_notebook(str(report.notebook), str(staged), parameters=params, progress_bar=False,
                                     log_output=False, kernel_name="python3", request_save_on_cell_execute=False,
                                     resources={"metadata": {"path": str(report.notebook.parent)}})
        except PapermillExecutionError as exc:
            failed = nbformat.read(staged, as_version=4) if staged.exists() else None
            entry.update(status="failed", error=f"cell {exc.exec_count}: {exc.ename}: {_first_line(exc.evalue)}",
                         seconds=round(time.perf_counter() - start, 2))
            if failed is not None:
                _clean(failed, entry, params)
                _write_atomic(target / "failed.ipynb", nbformat.writes(failed).encode("utf-8"))
            return
        except Exception as exc:  # a kernel that would not start, a notebook papermill cannot read
            entry.update(status="failed", error=f"{type(exc).__name__}: {_first_line(str(exc))}",
                         seconds=round(time.perf_counter() - start, 2))
            return
        _clean(nb, entry, params)
        nb.cells.append(nbformat.v4.new_markdown_cell(provenance["markdown"], id=f"cell-{len(nb.cells):02d}"))
        notebook_bytes = nbformat.writes(nb).encode("utf-8")
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": report.title}})
        files = {"report.ipynb": notebook_bytes, "report.html": body.encode("utf-8")}
        thumbnail = _first_png(nb)
        if thumbnail is not None:
            files["thumbnail.png"] = thumbnail
    # Each file is written beside its target and renamed into place: a killed
    # run leaves whole files, and the manifest (written last) records which.
    for name, data in files.items():
        _write_atomic(target / name, data)
    for stale in ("failed.ipynb", "thumbnail.png"):
        if stale not in files and (target / stale).exists():
            (target / stale).unlink()
    entry.update(outputs={name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
                 seconds=round(time.perf_counter() - start, 2), provenance=provenance["fields"])


_TEMP_PATH = re.compile(r"/tmp/ipykernel_\d+/\d+\.py|/tmp/ipykernel_\d+/\w+\.py")
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _clean(nb, entry: dict, params: dict) -> None:
    """Remove what differs from run to run: timestamps, random ids, temporary paths, addresses."""
    nb.metadata.pop("papermill", None)
    nb.metadata["diplo"] = {"report": entry["id"], "notebook": entry["notebook"], "parameters": params}
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:02d}"
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                out["text"] = _ADDRESS.sub(" at 0x…", _TEMP_PATH.sub("<cell>", out["text"]))
            elif "data" in out and "text/plain" in out["data"]:
                out["data"]["text/plain"] = _ADDRESS.sub(" at 0x…", out["data"]["text/plain"])
            if out.get("output_type") == "error":
                out["traceback"] = [_TEMP_PATH.sub("<cell>", line) for line in out.get("traceback", [])]


def _provenance(entry: dict, context: _Context) -> dict:
    from .schema import data_dir, read_descriptor

    package = read_descriptor(data_dir())
    digest = entry["input_hash"]
    fields = {
        "report": entry["id"],
        "notebook": entry["notebook"],
        "parameters": ", ".join(f"{k}={v!r}" for k, v in entry["parameters"].items()) or "(defaults)",
        "data package": f"{package.get('name')} {context.data_version}, content sha256 {context.data_hash[:16]}",
        "diplo": f"{context.versions['diplo']} (source sha256 {context.source_hash[:16]})",
        "git commit": context.commit,
        "pandas / matplotlib / papermill": " / ".join(context.versions[k] for k in ("pandas", "matplotlib",
                                                                                    "papermill")),
        "python": context.versions["python"],
        "input hash": digest[:16],
    }
    rows = "\n".join(f"| {html.escape(k)} | {html.escape(str(v)).replace('|', '&#124;')} |"
                     for k, v in fields.items())
    markdown = ("## Provenance\n\nThis report was generated by `diplo report` from the inputs below; "
                "the same inputs give the same bytes.\n\n| | |\n|---|---|\n" + rows)
    return {"fields": fields, "markdown": markdown}


def _first_png(nb) -> bytes | None:
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                return base64.b64decode(data["image/png"])
    return None


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0] if (text or "").strip() else ""


def _outputs_intact(folder: Path, outputs: dict) -> bool:
    if not outputs:
        return False
    for name, sha in outputs.items():
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
            return False
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_manifest(output: Path) -> dict:
    path = output / "manifest.json"
    if not path.is_file():
        return {}
    try:
        return {e["id"]: e for e in json.loads(path.read_text(encoding="utf-8"))["reports"]}
    except (ValueError, KeyError, TypeError):
        return {}  # an unreadable manifest only costs a re-run


def _merge(previous: dict, entries: dict, extra: dict | None = None) -> dict:
    merged = dict(previous)
    merged.update(entries)
    if extra is not None:
        merged[extra["id"]] = extra
    return merged


def _write_manifest(output: Path, entries: dict) -> None:
    # Seconds vary from run to run; the manifest keeps them, the reports do not.
    body = {"reports": sorted(entries.values(), key=lambda e: e["id"])}
    _write_atomic(output / "manifest.json", (json.dumps(body, indent=2, sort_keys=True, default=str) + "\n")
                  .encode("utf-8"))


def _relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return Path(path).name


def _index(entries: list[dict], context: _Context) -> str:
    cards = []
    for e in sorted(entries, key=lambda e: e["id"]):
        rid = html.escape(e["id"])
        ok = e["status"] != "failed" and "report.html" in e.get("outputs", {})
        thumb = (f'<img src="{rid}/thumbnail.png" alt="first figure of {rid}" loading="lazy">'
                 if "thumbnail.png" in e.get("outputs", {}) else '<div class="nothumb">no figure</div>')
        link = f'<a href="{rid}/report.html">{thumb}<h2>{html.escape(e.get("title") or e["id"])}</h2></a>' if ok \
            else f'{thumb}<h2>{html.escape(e.get("title") or e["id"])}</h2>'
        params = "".join(f"<li><code>{html.escape(str(k))}</code> = {html.escape(repr(v))}</li>"
                         for k, v in e.get("parameters", {}).items())
        status = html.escape(e["status"] if e["status"] != "ok" or not e.get("cached") else "ok (cached)")
        error = f'<p class="error">{html.escape(e["error"])}</p>' if e.get("error") else ""
        prov = e.get("provenance") or {}
        cards.append(
            f'<article class="{"failed" if not ok else "ok"}">{link}'
            f'<p class="meta">{rid} &middot; <code>{html.escape(e["notebook"])}</code> &middot; '
            f'<span class="status">{status}</span></p>{error}<ul>{params}</ul>'
            f'<p class="prov">{html.escape(prov.get("data package", ""))}<br>'
            f'git {html.escape(prov.get("git commit", ""))} &middot; input {html.escape(e["input_hash"][:12])}</p>'
            "</article>")
    failed = sum(e["status"] == "failed" for e in entries)
    summary = f"{len(entries)} reports" + (f", {failed} failed" if failed else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>diplo reports</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; background: #fafafa; }}
h1 {{ margin-bottom: .2rem; }} .sub {{ color: #555; margin-top: 0; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 1.2rem; }}
article {{ background: white; border: 1px solid #ddd; border-radius: 6px; padding: .8rem; }}
article.failed {{ border-color: #D55E00; }}
article img, .nothumb {{ width: 100%; height: 170px; object-fit: cover; object-position: top; border: 1px solid #eee; }}
.nothumb {{ display: flex; align-items: center; justify-content: center; color: #999; }}
h2 {{ font-size: 1.05rem; margin: .5rem 0 .2rem; }} a {{ color: #0072B2; text-decoration: none; }}
.meta, .prov, ul {{ font-size: .82rem; color: #555; }} ul {{ padding-left: 1.1rem; margin: .3rem 0; }}
.error {{ color: #a33; font-size: .85rem; }} .status {{ font-weight: 600; }}
</style></head>
<body><h1>diplo reports</h1>
<p class="sub">{summary}; data package {html.escape(context.data_version)} (sha256 {context.data_hash[:12]}), diplo {html.escape(context.versions["diplo"])}, git {html.escape(context.commit)}</p>
<main>
{chr(10).join(cards)}
</main></body></html>
"""


# --- pinned outputs ----------------------------------------------------------------

PIN_MARK = "# NBVAL_CHECK_OUTPUT"
#: Beside the notebooks: the stored outputs of their pinned cells, by notebook and cell id.
FACTS_FILE = "pinned-facts.json"


def pinned_facts(notebook: str | os.PathLike) -> dict[str, list[dict]]:
    """The stored outputs of a notebook's pinned cells, by cell id.

    They live in ``pinned-facts.json`` beside the notebooks, not in the
    notebooks, which are committed without outputs; :mod:`diplo.nbval_facts`
    hands them to nbval, which compares them with what the cells print.

    Examples
    --------
    >>> from diplo.report import pinned_facts
    >>> facts = pinned_facts("notebooks/00-data-coverage.ipynb")
    >>> [o["name"] for outputs in facts.values() for o in outputs]
    ['stdout']
    """
    path = Path(notebook)
    return _facts_store(path)[1].get(path.stem, {})


def _facts_store(notebook: Path) -> tuple[Path, dict]:
    """The ``pinned-facts.json`` beside a notebook, and what it holds for every notebook."""
    store = notebook.parent / FACTS_FILE
    return store, json.loads(store.read_text(encoding="utf-8")) if store.is_file() else {}


def pin_outputs(notebook: str | os.PathLike, *, timeout: int = 600) -> int:
    """Run a notebook with its default parameters and store what its pinned cells print.

    The cells marked ``# NBVAL_CHECK_OUTPUT`` print facts worth pinning
    (counts and dates). Their outputs go to ``pinned-facts.json`` beside the
    notebook (see :func:`pinned_facts`), and every output is cleared from
    the notebook itself, so it stays light and free of figures in git.

    Returns
    -------
    int
        The number of pinned cells.
    """
    import nbformat
    from nbclient import NotebookClient

    path = Path(notebook)
    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.resolve().parent)}}).execute()
    facts = {}
    for cell, ran in zip(nb.cells, executed.cells):
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(PIN_MARK):
            facts[cell.id] = [{"name": o["name"], "text": o["text"]} for o in ran.outputs
                              if o.get("output_type") == "stream"]
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    store, every = _facts_store(path)
    every[path.stem] = facts
    _write_atomic(store, (json.dumps(every, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
    nbformat.write(nb, path)
    return len(facts)
