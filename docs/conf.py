"""Sphinx configuration of diplo's documentation site (`make docs`).

The site is built from the code and the data, never from copies of them:
the API pages from the docstrings (numpydoc, validated), the codebook from
``data/datapackage.json`` (``_ext/datapackage_codebook.py``), the gallery by
running each chart function (matplotlib's ``plot`` directive), the notebooks
by executing them (myst-nb), and the prose from README.md and data/README.md
by inclusion. ``make docs`` builds with warnings as errors.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE / "_ext"))

# The site shows the data package of this checkout, whatever the builder's
# environment says: kernels (myst-nb) and the plot directive inherit this.
os.environ["DIPLO_DATA"] = str(ROOT / "data")
os.environ.setdefault("PYTHONHASHSEED", "0")
os.environ.pop("MPLBACKEND", None)  # kernels use the inline backend, the plot directive Agg

import diplo  # noqa: E402  (after DIPLO_DATA is set)

project = "diplo"
author = "diplo contributors"
copyright = "diplo contributors; code BSD-3-Clause, data CC-BY-4.0"
version = release = diplo.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",  # MyST Markdown pages and executed notebooks (it brings myst_parser)
    "matplotlib.sphinxext.plot_directive",
    "datapackage_codebook",
]

exclude_patterns = ["_build", "**.ipynb_checkpoints"]
templates_path = ["_templates"]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"

# --- references -------------------------------------------------------------
# Nitpicky: every reference to diplo's own API must resolve. The site is built
# without network, so there is no intersphinx: names of pandas, matplotlib and
# the standard library that the docstrings mention are left unlinked below.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(pandas|pd|numpy|np|matplotlib|mpl|pathlib|os|datetime|collections|typing|dask|duckdb|pyarrow)"
               r"(\..*)?"),
]
default_role = "py:obj"

# --- autodoc, autosummary ----------------------------------------------------
# api/index.rst lists the modules; each module's page lists the names of its
# __all__ (_templates/autosummary/module.rst), so a new public function is
# documented, and validated, without a change here.
autosummary_generate = True
autosummary_ignore_module_all = False
API_MODULES = ["diplo.package", "diplo.analysis", "diplo.coverage", "diplo.plotting", "diplo.citation",
               "diplo.project", "diplo.importers", "diplo.report", "diplo.report.display"]


def _documented_at_top() -> dict[str, list[str]]:
    """Per module, the names ``diplo`` re-exports: they are documented once, as ``diplo.NAME``."""
    out = {}
    for name in API_MODULES:
        module = importlib.import_module(name)
        out[name] = [n for n in getattr(module, "__all__", [])
                     if n in diplo.__all__ and getattr(diplo, n) is getattr(module, n)]
    return out


def _submodules() -> dict[str, list[str]]:
    """The modules inside the packages of the API, whose docstrings say how each is cut."""
    out = {}
    for name in API_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "__path__"):
            # A module named like a function it exports (importers.reconcile) is the function's page.
            out[name] = [f"{name}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
                         if not info.name.startswith("_") and info.name not in module.__all__]
    return out


autosummary_context = {"documented_at_top": _documented_at_top(), "submodules": _submodules()}
# The numpydoc sections give every type; signatures stay as the user calls them.
autodoc_typehints = "none"
autodoc_member_order = "bysource"  # a class's members in the order its module gives them
add_module_names = False

# --- numpydoc ----------------------------------------------------------------
numpydoc_show_class_members = False  # the class template lists members through autodoc
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_ignore = "all"  # only the aliases below become links: diplo's own types
numpydoc_xref_aliases = {
    "DataPackage": "diplo.DataPackage",
    "DataError": "diplo.DataError",
    "Problem": "diplo.Problem",
    "Report": "diplo.report.Report",
    "Parameter": "diplo.report.Parameter",
    "ManifestEntry": "diplo.report.ManifestEntry",
    "RemoteFile": "diplo.importers.RemoteFile",
}
# Every parameter documented and none that is not there (PR01, PR02); what a
# function returns documented (RT01); a parameter's type given (PR04).
numpydoc_validation_checks = {"PR01", "PR02", "PR04", "RT01"}

# --- MyST and notebooks --------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# The notebooks are committed without outputs and run here, in their own folder
# (docs/notebooks is a link to ../notebooks, so relative paths in them hold),
# on this checkout's data; a failing cell fails the build.
nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
nb_kernel_rgx_aliases = {".*": "python3"}

# --- the gallery: matplotlib's plot directive ------------------------------------
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 110)]
plot_pre_code = ""  # every example imports what it uses, so it can be copied as it is
plot_rcparams = {"figure.dpi": 110}

# --- the codebook ------------------------------------------------------------------
datapackage_path = str(ROOT / "data" / "datapackage.json")

# --- HTML ----------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"diplo {release}"
html_static_path: list[str] = []
html_last_updated_fmt = None  # no clock in the output
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,
    "secondary_sidebar_items": ["page-toc"],
}
# Pages without a section to navigate, and the wide tables of the codebook, use the whole width.
html_sidebars = {"index": [], "install": [], "gallery": [], "notebooks": [], "data/tables": [], "data/index": []}


def _offline_aliases(app, config) -> None:
    """Drop numpydoc's default links into other projects' inventories (there is no intersphinx here)."""
    aliases = config.numpydoc_xref_aliases_complete
    for name, target in list(aliases.items()):
        if ":" in target and name not in numpydoc_xref_aliases:
            del aliases[name]


def setup(app):
    app.connect("config-inited", _offline_aliases, priority=900)  # after numpydoc fills in its defaults
