"""Where the data package is, and what its datapackage.json says.

``datapackage.json`` is the single description of every table; this module
only finds it and reads it. Nothing about a table's shape is written here.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

from .errors import DataError, Problem

__all__ = ["data_dir", "read_descriptor", "resource", "default_data_dir"]

_HERE = Path(__file__).resolve().parent


def default_data_dir() -> Path:
    """The data package that ships with diplo.

    A wheel carries it as ``diplo/_data``; a source checkout (editable
    install) has it at the repository's top level, ``data/``.
    """
    for candidate in (_HERE / "_data", _HERE.parent / "data"):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "diplo's own data package is missing (no datapackage.json in diplo/_data or data/); "
        "reinstall diplo, or point DIPLO_DATA at a copy of the data package"
    )


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """Resolve which data package to read.

    Parameters
    ----------
    path : path-like, optional
        A folder holding a ``datapackage.json``. When not given, the
        ``DIPLO_DATA`` environment variable is used, and when that is unset
        too, the data package that ships with diplo.

    Returns
    -------
    pathlib.Path
        The folder, resolved.

    Examples
    --------
    >>> (data_dir() / "datapackage.json").is_file()
    True
    """
    chosen = path if path is not None else os.environ.get("DIPLO_DATA") or None
    if chosen is None:
        return default_data_dir()
    folder = Path(chosen).expanduser().resolve()
    if folder.is_file() and folder.name == "datapackage.json":
        folder = folder.parent
    if not (folder / "datapackage.json").is_file():
        origin = "data_dir" if path is not None else "DIPLO_DATA"
        raise DataError(
            [
                Problem(
                    str(folder),
                    None,
                    None,
                    None,
                    f"{origin} points at a folder with no datapackage.json",
                    "Point it at a copy of diplo's data/ folder (datapackage.json and its CSV files), "
                    "or unset it to use the data that ships with diplo.",
                )
            ],
            source=str(folder),
        )
    return folder


def read_descriptor(folder: Path) -> dict:
    """Read ``datapackage.json`` in ``folder`` (cached on its modification time)."""
    path = folder / "datapackage.json"
    stat = path.stat()
    return _read_descriptor(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_descriptor(path: str, mtime_ns: int, size: int) -> dict:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataError(
            [
                Problem(
                    "datapackage.json",
                    line,
                    None,
                    None,
                    f"not valid JSON ({exc})",
                    "Fix the JSON syntax; `python -m json.tool datapackage.json` shows where.",
                )
            ],
            source=str(Path(path).parent),
        ) from None


def resource(descriptor: dict, name: str) -> dict:
    """The resource called ``name`` in a data package descriptor.

    Raises
    ------
    ValueError
        If there is no such table; the message lists the tables there are.
    """
    names = [r["name"] for r in descriptor["resources"]]
    if name not in names:
        from difflib import get_close_matches

        close = get_close_matches(str(name), names, n=3)
        maybe = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise ValueError(
            f"There is no table {name!r}.{maybe} The tables are: {', '.join(names)}."
        )
    return descriptor["resources"][names.index(name)]
