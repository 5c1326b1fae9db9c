"""Machine-coded event data (GDELT, ICEWS, POLECAT) and official records (the US Office
of the Historian) in diplo's events schema.

Readers return a DataFrame for a few files; :func:`import_files` streams whole
archives into a Parquet dataset partitioned by year, and :func:`load_external`
answers from it with DuckDB. All of them run the same SQL per source
(:mod:`diplo.importers.sources`), so a file gives the same rows whichever
way it is read. Rows that cannot be read (truncated, too wide, bad dates,
unknown codes, bytes that are not UTF-8) are never dropped silently: they
are returned (``.attrs["rejected"]``) or written to ``_rejected/`` with
their reason, and counted in the summary. :func:`fetch` keeps a local copy of
the upstream archives in sync (every file verified against its publisher's
checksum) and can import what it fetched in the same step.
"""

from .archive import import_files, load_external, read_any
from .fetch import FetchError, RemoteFile, fetch, fetch_plan, gdelt_listing
from .readers import read_gdelt, read_historian, read_icews, read_polecat
from .reconcile import reconcile
from .sources import FormatError

__all__ = ["read_gdelt", "read_icews", "read_polecat", "read_historian", "read_any", "import_files",
           "load_external", "reconcile", "FormatError", "fetch", "fetch_plan", "gdelt_listing", "RemoteFile",
           "FetchError"]
