"""diplo: curated, sourced event data on the diplomacy of South Korea, Japan,
the United States and North Korea, as typed pandas DataFrames.

>>> import diplo
>>> diplo.list_tables()
['events', 'event_sources', 'officeholders', 'countries', 'event_types']

``import diplo`` loads nothing heavy: pandas loads with the first table
read, and the chart, report and import modules (matplotlib, papermill,
nbconvert, DuckDB) on first use. ``diplo import`` never loads pandas.
"""

from importlib import import_module

from .errors import DataError, Problem
from .package import DataPackage, open
from .tables import cite, describe, events, list_tables, load

#: The version of diplo's code; the data package has its own (``diplo.open().version``).
__version__ = "0.2.0"

__all__ = [
    "DataError",
    "DataPackage",
    "Problem",
    "bibliography",
    "cite",
    "describe",
    "events",
    "list_tables",
    "load",
    "open",
    "__version__",
]

# Submodules that pull in heavy dependencies are imported when first used.
_LAZY_MODULES = {"analysis", "coverage", "plotting", "report", "importers", "citation", "project"}
_LAZY_FUNCTIONS = {"bibliography": "citation",
                   **{name: "importers" for name in ("read_gdelt", "read_icews", "read_polecat", "read_historian",
                                                     "read_any", "import_files", "load_external", "reconcile")}}


def __getattr__(name):
    if name in _LAZY_MODULES:
        return import_module(f".{name}", __name__)
    if name in _LAZY_FUNCTIONS:
        return getattr(import_module(f".{_LAZY_FUNCTIONS[name]}", __name__), name)
    raise AttributeError(f"module 'diplo' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _LAZY_MODULES | set(_LAZY_FUNCTIONS))
