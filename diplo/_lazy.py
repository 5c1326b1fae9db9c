"""Modules imported when first used: ``pd = lazy("pandas")`` costs nothing until ``pd.DataFrame`` is read.

``diplo import`` reads files with DuckDB and needs neither pandas nor numpy
(0.3 s and about 100 MB of a process that imports them); the modules on its
path (the data package, the argument checks, the importers) name them
through these stand-ins, so pandas is loaded only by the code that uses it.
"""

from __future__ import annotations

import importlib

__all__ = ["lazy"]


class _Lazy:
    """Stands for a module; the first attribute read imports it."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        # Called only for names not yet here: the first use imports the module and copies its
        # namespace in, so every later `pd.X` is a plain attribute lookup (validation reads
        # thousands of cells through these stand-ins).
        module = importlib.import_module(self._name)
        self.__dict__.update(vars(module))
        return getattr(module, attr)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported when first used>"


def lazy(name: str):
    """A stand-in for the module ``name`` that imports it on first attribute access.

    >>> np = lazy("numpy")
    >>> np.arange(3).tolist()
    [0, 1, 2]
    """
    return _Lazy(name)
