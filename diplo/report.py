"""Run the parameterized notebooks listed in ``reports.yml`` into reports.

Each report is run with papermill (one import for the whole run) and
exported to HTML with nbconvert. A report is first written to a temporary
folder and moved into place only when it ran cleanly, so a failing run never
overwrites a good report.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Report", "read_config", "run_reports"]


@dataclass(frozen=True)
class Report:
    """One entry of ``reports.yml``: an id, a notebook and its parameters."""

    id: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    title: str = ""


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


def run_reports(reports: list[Report], *, output: str | os.PathLike = "reports",
                with_code: bool = False) -> list[dict]:
    """Run each report and write ``<output>/<id>/report.{ipynb,html}``,
    ``<output>/index.html`` and ``<output>/manifest.json``.

    Returns
    -------
    list of dict
        One manifest entry per report: id, notebook, parameters, status
        ("ok" or "failed"), error, and the sha256 of each output.
    """
    import papermill as pm
    from nbconvert import HTMLExporter

    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(exclude_input=not with_code, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    entries = []
    for report in reports:
        entry = {"id": report.id, "notebook": _relative(report.notebook),
                 "parameters": report.parameters, "status": "ok", "error": None, "outputs": {}}
        final = output / report.id
        with tempfile.TemporaryDirectory(dir=output, prefix=f".{report.id}-") as tmp:
            staged = Path(tmp)
            try:
                nb = pm.execute_notebook(str(report.notebook), str(staged / "report.ipynb"),
                                         parameters=report.parameters, cwd=str(report.notebook.parent),
                                         progress_bar=False, log_output=False, kernel_name="python3")
                body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": report.title}})
                (staged / "report.html").write_text(body, encoding="utf-8")
            except Exception as exc:  # the report failed: keep the good one in place
                entry.update(status="failed", error=_short_error(exc))
                print(f"diplo report: {report.id} failed: {entry['error']}", file=sys.stderr)
            else:
                if final.exists():
                    shutil.rmtree(final)
                staged.rename(final)
                final.chmod(0o755)
        if entry["status"] == "ok":
            entry["outputs"] = {p.name: _sha256(p) for p in sorted(final.iterdir())}
        entries.append(entry)
    (output / "manifest.json").write_text(json.dumps({"reports": entries}, indent=2, sort_keys=True) + "\n",
                                          encoding="utf-8")
    (output / "index.html").write_text(_index(entries), encoding="utf-8")
    return entries


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _short_error(exc: Exception) -> str:
    # papermill's PapermillExecutionError carries the notebook's own error.
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    return f"{type(exc).__name__}: {exc}"


def _index(entries: list[dict]) -> str:
    rows = []
    for e in entries:
        params = ", ".join(f"{k}={v!r}" for k, v in e["parameters"].items())
        link = (f'<a href="{html.escape(e["id"])}/report.html">{html.escape(e["id"])}</a>'
                if e["status"] == "ok" else html.escape(e["id"]))
        rows.append(f"<tr><td>{link}</td><td>{html.escape(e['notebook'])}</td>"
                    f"<td>{html.escape(params)}</td><td>{html.escape(e['status'])}</td></tr>")
    return ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>diplo reports</title></head>\n"
            "<body><h1>diplo reports</h1>\n<table>\n<tr><th>report</th><th>notebook</th>"
            "<th>parameters</th><th>status</th></tr>\n" + "\n".join(rows) + "\n</table></body></html>\n")
