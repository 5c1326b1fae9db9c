"""Optional dependencies: which extra of ``pip install diplo[...]`` brings each one.

``pip install diplo`` brings the data package and what ``load``, ``events``,
analysis and coverage need (pandas). Charts, reports and archive imports
need more, and a function that lacks its extra says which one to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["EXTRAS", "MissingExtra", "require"]

#: The extra that brings each optional top-level module.
EXTRAS = {
    "matplotlib": "plot",
    "papermill": "reports",
    "nbconvert": "reports",
    "nbformat": "reports",
    "nbclient": "reports",
    "jupyter_client": "reports",
    "ipykernel": "reports",
    "yaml": "reports",
    "jinja2": "reports",
    "playwright": "pdf",
    "duckdb": "import",
    "pyarrow": "import",
    "xxhash": "import",
    "dask": "dask",
    "distributed": "dask",
    "httpx": "fetch",
}


#: Distribution names where they differ from the module's.
_DISTRIBUTION = {"yaml": "pyyaml", "jupyter_client": "jupyter-client"}


class MissingExtra(ModuleNotFoundError):
    """An optional dependency is not installed; the message names the extra that brings it.

    Examples
    --------
    >>> print(MissingExtra("duckdb", "import diplo's archive readers"))
    To import diplo's archive readers, diplo needs duckdb, which is not installed. Install it with: pip install 'diplo[import]' (or 'diplo[all]')
    """

    def __init__(self, module: str, purpose: str):
        extra = EXTRAS.get(module, "all")
        super().__init__(f"To {purpose}, diplo needs {_DISTRIBUTION.get(module, module)}, which is not installed. "
                         f"Install it with: pip install 'diplo[{extra}]' (or 'diplo[all]')", name=module)


def require(module: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtra` naming the extra that installs it.

    Parameters
    ----------
    module : str
        Dotted module name (``"matplotlib.pyplot"``, ``"tqdm.auto"``).
    purpose : str
        What it is needed for, completing "To ..." ("draw charts").

    Returns
    -------
    module

    Raises
    ------
    MissingExtra
        When the module's top-level package is not installed. A module that
        is installed but fails to import raises its own error unchanged.

    Examples
    --------
    >>> require("json", "read JSON").__name__
    'json'
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        top = module.split(".")[0]
        if err.name is None or err.name.split(".")[0] != top:
            raise  # a dependency of the module is broken: its own message says more
        raise MissingExtra(top, purpose) from None
