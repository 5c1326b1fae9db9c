"""The report matrix (``reports.yml``) and the parameters each notebook declares."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import _args
from .._optional import require

__all__ = ["Report", "Parameter", "ParameterError", "read_config", "notebook_parameters", "check_parameters",
           "path_parameters"]


class ParameterError(ValueError):
    """A report's parameters do not fit its notebook's ``parameters`` cell."""


@dataclass(frozen=True)
class Report:
    """One entry of ``reports.yml``: an id, a notebook and its parameters.

    Parameters
    ----------
    id : str
        Lowercase letters, digits and hyphens; it names the report's folder.
    notebook : pathlib.Path
        The notebook to run.
    parameters : dict
        Its parameters, by name (checked by :func:`check_parameters`).
    title : str
        Shown in the index of the reports.
    root : pathlib.Path, optional
        The folder of ``reports.yml``: the notebook is named relative to it
        in the outputs, whatever the current folder is.
    timeout : int, default 600
        Seconds a cell may run before the report fails (``timeout:`` in
        ``reports.yml``).
    formats : tuple of str, default ("html",)
        What is written besides ``report.ipynb``: ``html`` always, ``pdf``
        when asked (``formats: [html, pdf]`` in ``reports.yml``, or
        ``diplo report --format pdf``).
    """

    id: str
    notebook: Path
    parameters: dict = field(default_factory=dict)
    title: str = ""
    root: Path | None = None
    timeout: int = 600  # seconds a cell may run before the report fails (``timeout:`` in reports.yml)
    formats: tuple = ("html",)

    @property
    def notebook_name(self) -> str:
        """The notebook's path as the outputs show it: relative to ``root``, else its file name."""
        notebook = Path(self.notebook).resolve()
        if self.root is not None and notebook.is_relative_to(Path(self.root).resolve()):
            return notebook.relative_to(Path(self.root).resolve()).as_posix()
        return notebook.name


@dataclass(frozen=True)
class Parameter:
    """A parameter declared in a notebook's ``parameters`` cell.

    Parameters
    ----------
    name : str
        The variable's name.
    type : str
        Its annotation as written (``str``, ``"Optional[str]"``,
        ``list[str]``, ``"Path"``, ...).
    default : object
        The value in the cell.
    help : str
        The comment after the value.
    """

    name: str
    type: str
    default: object
    help: str = ""


def read_config(path: str | os.PathLike = "reports.yml") -> list[Report]:
    """Read the report matrix.

    Parameters
    ----------
    path : path-like
        A YAML file with a top-level ``reports`` list; each entry has ``id``,
        ``notebook`` (relative to the file) and optional ``parameters`` and
        ``title``.

    Returns
    -------
    list of Report
        The reports, in the file's order.

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
    yaml = require("yaml", "read a report matrix (reports.yml)")

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such report configuration; run from a project folder, "
                         "pass --config FILE, or write a project with `diplo init DIR`.")
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
        unknown = set(entry) - {"id", "notebook", "parameters", "title", "timeout", "formats"}
        if unknown:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; "
                             "allowed are id, notebook, parameters, title, timeout, formats.")
        timeout = check_timeout(entry.get("timeout", 600), f"{where}: 'timeout'")
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
        reports.append(Report(rid, notebook, dict(parameters), str(entry.get("title", rid)), path.parent.resolve(),
                              timeout, check_formats(entry.get("formats", ["html"]), f"{where} ({rid}): 'formats'")))
    return reports


#: What a report can be written as, besides its notebook.
FORMATS = ("html", "pdf")


def check_formats(value, what: str = "formats") -> tuple:
    """The formats asked for, as a tuple in :data:`FORMATS` order with ``html`` always in it.

    Raises
    ------
    ValueError
        For a value that is not a list of known formats.
    """
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(v, str) for v in items):
        raise ValueError(f"{what} must be a list of formats ({', '.join(FORMATS)}); got {value!r}.")
    unknown = sorted(set(items) - set(FORMATS))
    if unknown:
        raise ValueError(f"{what}: unknown format(s) {', '.join(unknown)}; diplo writes {', '.join(FORMATS)}.")
    return tuple(f for f in FORMATS if f in items or f == "html")


def check_timeout(value, what: str = "timeout") -> int:
    """A cell's time limit: whole seconds above 0 (a bool, a text or 0 is refused, naming ``what``)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{what} is the seconds a cell may run, a whole number above 0; got {value!r}.")
    return value


def notebook_parameters(notebook: str | os.PathLike) -> dict[str, Parameter]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Each line ``name: type = value  # help`` declares one parameter; the
    annotation may be quoted (``"Optional[str]"``).

    Parameters
    ----------
    notebook : path-like
        An ``.ipynb`` file with one cell tagged ``parameters``.

    Returns
    -------
    dict of str to Parameter
        The parameters, in the cell's order.

    Raises
    ------
    ParameterError
        If there is not exactly one such cell, or a line of it is not a
        parameter written ``name: type = value``.

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

    Parameters
    ----------
    report : Report
        The report; its ``parameters`` are checked.
    declared : dict of str to Parameter, optional
        The notebook's parameters, when already read
        (:func:`notebook_parameters`).

    Returns
    -------
    dict
        The parameters, converted to their declared types.

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
    diplo.report.config.ParameterError: report 'r': 01-dyad-overview.ipynb has no parameter 'actr_a' (did you mean 'actor_a'?); its parameters are actor_a, actor_b, start, end, freq.
    """
    declared = declared if declared is not None else notebook_parameters(report.notebook)
    out = {}
    for name, value in report.parameters.items():
        if name not in declared:
            close = _args.close_matches(name, declared, n=1, cutoff=0.6)
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
        if base in ("str", "Path"):
            if isinstance(value, (dt.date, dt.datetime)) and base == "str":
                return value.isoformat()
            if not text:
                raise ValueError
            return value
        if base.startswith("list"):  # list[str] and list[Path]; text is comma-separated
            if text:
                return [item.strip() for item in value.split(",") if item.strip()]
            if isinstance(value, list):
                # Each item is text as written (a date becomes its ISO text); a nested list, a
                # number or a null is refused rather than turned into text.
                items = [v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for v in value]
                bad = [v for v in items if not isinstance(v, str) or not v.strip()]
                if bad:
                    raise ParameterError(f"report {report.id!r}: parameter {param.name!r} is declared {param.type}; "
                                         f"the item {bad[0]!r} of {value!r} is not a text. Write each item as a "
                                         "word, e.g. [KOR, JPN].")
                return items
            raise ValueError
    except ParameterError:
        raise
    except ValueError:
        raise ParameterError(f"report {report.id!r}: parameter {param.name!r} is declared {param.type}; "
                             f"the value {value!r} is not one.") from None
    raise ParameterError(f"report {report.id!r}: parameter {param.name!r} has a type diplo cannot check "
                         f"({param.type}); use str, Path, int, float, bool, list[str] or Optional[...] of them.")


def path_parameters(declared: dict[str, Parameter]) -> list[str]:
    """The parameters declared as files (``Path``, ``list[Path]``, ``Optional[Path]``).

    Their values are files or glob patterns, relative to the notebook's
    folder (where its kernel runs); the cache key holds the content of
    every file they match.
    """
    return [name for name, p in declared.items() if re.search(r"\bPath\b", p.type)]
