"""Imported rows as DataFrames: the curated dtypes, the per-file summary, and the ``actors`` argument."""

from __future__ import annotations

from .._lazy import lazy
from .sources import COLUMNS

pd = lazy("pandas")  # loaded when a DataFrame is made, never by `diplo import`

__all__ = ["typed", "summary_frame", "summary_row", "actor_codes"]


def typed(frame: pd.DataFrame, package) -> pd.DataFrame:
    """Give imported rows the dtypes of ``package``'s events table, and pandas dtypes for the rest.

    The result carries ``package``, whose codebook maps its codes.
    """
    curated = package.load("events").dtypes
    out = {}
    for name, sql in COLUMNS.items():
        values = frame[name] if name in frame else pd.Series([None] * len(frame))
        if name in curated and curated[name].name == "category":
            values = pd.Series(pd.Categorical(values.astype("object").where(values.notna(), None),
                                              categories=curated[name].categories, ordered=curated[name].ordered))
        elif sql == "DATE":
            values = pd.to_datetime(values)
        elif sql == "INTEGER":
            values = pd.to_numeric(values).astype("Int64")
        elif sql == "DOUBLE":
            values = pd.to_numeric(values).astype("Float64")
        else:
            values = values.astype("string")
        out[name] = values.reset_index(drop=True)
    return package.attach(pd.DataFrame(out))


#: The columns of a summary: one row per file.
SUMMARY = ["file", "rows", "kept", "outside_actors", "rejected", "reasons", "skipped"]


def summary_row(s) -> dict:
    """A file's summary (:class:`~diplo.importers.core.FileSummary`) as one row of plain values."""
    return {"file": s.file, "rows": int(s.rows), "kept": int(s.kept), "outside_actors": int(s.outside),
            "rejected": int(s.rejected), "reasons": "; ".join(f"{k}: {v}" for k, v in sorted(s.reasons.items())),
            "skipped": bool(s.skipped)}


def summary_frame(summaries) -> pd.DataFrame:
    """One row per file: rows read, kept, outside the actors, rejected (with reasons), skipped."""
    return pd.DataFrame([summary_row(s) for s in summaries], columns=SUMMARY)


def actor_codes(actors, package) -> list[str] | None:
    """The ``actors`` argument (a list, or text like ``"KOR,JPN"``) as checked ISO3 codes."""
    if actors is None:
        return None
    codes = [a.strip() for a in actors.split(",")] if isinstance(actors, str) else list(actors)
    return package.countries(codes, "actors")
