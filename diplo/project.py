"""A research project of one's own: the report notebooks, their matrix and the records they read.

``diplo init DIR`` (or :func:`init`) writes what ``diplo report`` runs, so
that a researcher who installed diplo from a wheel can make, change and add
reports in a folder of their own. The files are the ones the repository's
``make report`` runs; a wheel carries them as ``diplo/_project``.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._io import write_atomic

__all__ = ["init", "project_files"]

_HERE = Path(__file__).resolve().parent

_README = """\
# {name}

A diplo research project: the report notebooks, the report matrix and the
records they read, written by `diplo init` (diplo {version}).

    diplo report              # run every report of reports.yml into reports/
    jupyter lab notebooks/    # change a notebook or write a new one (pip install jupyterlab)

Add a report by adding an entry to `reports.yml`: an `id`, a `notebook` and
the `parameters` it runs with. `diplo report ID` runs one; a report whose
inputs did not change is not run again. `diplo report --data DIR` reads your
own copy of the data package.
"""


def project_files() -> Path:
    """The folder holding the shipped ``reports.yml``, ``notebooks/`` and ``records/``.

    A wheel carries them as ``diplo/_project``; a source checkout has them at
    the repository's top level.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    FileNotFoundError
        When neither holds a ``reports.yml`` (a damaged installation).

    Examples
    --------
    >>> (project_files() / "reports.yml").is_file()
    True
    """
    for candidate in (_HERE / "_project", _HERE.parent):
        if (candidate / "reports.yml").is_file() and (candidate / "notebooks").is_dir():
            return candidate
    raise FileNotFoundError("diplo's report notebooks are missing (no reports.yml in diplo/_project or the "
                            "source tree); reinstall diplo")


def _shipped() -> dict[str, Path]:
    """Each shipped file by its path in a project (POSIX form)."""
    root = project_files()
    files = {"reports.yml": root / "reports.yml"}
    for folder, pattern in (("notebooks", "*.ipynb"), ("records", "**/*")):
        for path in sorted((root / folder).glob(pattern)):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                files[path.relative_to(root).as_posix()] = path
    return files


def init(folder: str | os.PathLike) -> list[Path]:
    """Write a research project into ``folder``: notebooks, ``reports.yml``, records and a README.

    Parameters
    ----------
    folder : path-like
        Where to write; created if missing. It may exist, but none of the
        files to write may: nothing of the user's is overwritten.

    Returns
    -------
    list of pathlib.Path
        The files written, in order.

    Raises
    ------
    FileExistsError
        Naming the files already there; nothing is written then.

    Examples
    --------
    >>> import tempfile
    >>> from diplo.project import init
    >>> from diplo.report import read_config
    >>> folder = Path(tempfile.mkdtemp()) / "study"
    >>> written = init(folder)
    >>> [r.id for r in read_config(folder / "reports.yml")][:2]
    ['data-coverage', 'kor-jpn-overview']
    """
    from . import __version__

    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder} exists and is not a folder; choose another name.")
    files = {name: path.read_bytes() for name, path in _shipped().items()}
    files["README.md"] = _README.format(name=folder.resolve().name, version=__version__).encode()
    there = sorted(name for name in files if (folder / name).exists())
    if there:
        shown = ", ".join(there[:5]) + (f" and {len(there) - 5} more" if len(there) > 5 else "")
        raise FileExistsError(f"{folder} already holds {shown}; nothing was written. Choose an empty or new "
                              "folder, or move those files away.")
    written = []
    for name, data in files.items():
        write_atomic(folder / name, data)
        written.append(folder / name)
    return written
