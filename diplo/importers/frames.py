"""Imported rows as DataFrames: the curated dtypes, the per-file summary, and the ``actors`` argument."""

from __future__ import annotations

import pandas as pd

from .sources import COLUMNS

__all__ = ["typed", "summary_frame", "actor_codes"]


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


def summary_frame(summaries) -> pd.DataFrame:
    """One row per file: rows read, kept, outside the actors, rejected (with reasons), skipped."""
    rows = [{"file": s.file, "rows": s.rows, "kept": s.kept, "outside_actors": s.outside, "rejected": s.rejected,
             "reasons": "; ".join(f"{k}: {v}" for k, v in sorted(s.reasons.items())), "skipped": s.skipped}
            for s in summaries]
    return pd.DataFrame(rows, columns=["file", "rows", "kept", "outside_actors", "rejected", "reasons", "skipped"])


def actor_codes(actors, package) -> list[str] | None:
    """The ``actors`` argument (a list, or text like ``"KOR,JPN"``) as checked ISO3 codes."""
    if actors is None:
        return None
    codes = [a.strip() for a in actors.split(",")] if isinstance(actors, str) else list(actors)
    return package.countries(codes, "actors")
