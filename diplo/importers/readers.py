"""Read machine-coded files into a DataFrame in diplo's events schema."""

from __future__ import annotations

import warnings

import pandas as pd

from .core import connect, expand_paths, parse_file, plain_file
from .sources import COLUMNS

__all__ = ["read_gdelt", "read_icews", "read_polecat", "read_historian"]


def read_gdelt(paths, *, actors=None, data_dir=None) -> pd.DataFrame:
    """Read GDELT event exports (1.0 with 57 or 58 columns, 2.0 with 61; plain or .zip).

    Parameters
    ----------
    paths : path, list of paths, or glob pattern
        The files; a ``.zip`` is read as it is downloaded.
    actors : list of str, optional
        ISO3 codes; keep only events in which one of them is actor 1 or 2.
    data_dir : path-like, optional
        The data package whose ``countries`` and ``event_types`` tables map
        the codes (as in :func:`diplo.load`).

    Returns
    -------
    DataFrame
        The events schema (``event_id`` is ``gdelt-`` and GLOBALEVENTID;
        initiator and target are actor 1 and 2 mapped through their CAMEO
        country codes; ``location_country`` from the FIPS code of the action
        place) plus GDELT's own columns: ``cameo_code`` (a string: "010" is
        not "10"), ``goldstein``, ``quad_class``, ``num_mentions``,
        ``num_sources``, ``num_articles``, ``avg_tone``, ``source_url``.
        ``.attrs["rejected"]`` lists rows that could not be read, with the
        reason; ``.attrs["summary"]`` counts rows per file.

    Examples
    --------
    >>> from diplo.importers import read_gdelt
    >>> ev = read_gdelt("tests/fixtures/gdelt/gdelt_v2_events_sample.export.tsv")
    >>> len(ev), ev["cameo_code"].iloc[0], ev["event_id"].iloc[0]
    (100, '043', 'gdelt-410412347')
    """
    return _read("gdelt", paths, actors=actors, data_dir=data_dir)


def read_icews(paths, *, actors=None, data_dir=None) -> pd.DataFrame:
    """Read ICEWS coded event files (tab-separated, a header row, ``NA`` for missing).

    Countries, which ICEWS names in English, map to ISO3 through the names
    and aliases of the ``countries`` table. ICEWS's Event ID is not unique,
    so ``event_id`` is ``icews-``, the Event ID and a hash of the whole row.
    Adds ``cameo_code``, ``intensity`` and ``story_id``.

    Examples
    --------
    >>> from diplo.importers import read_icews
    >>> ev = read_icews("tests/fixtures/icews/icews_events.2018.sample.tab", actors=["KOR", "PRK"])
    >>> ev["event_id"].is_unique, sorted(set(ev["initiator"].dropna()) & {"KOR", "PRK"})
    (True, ['KOR', 'PRK'])
    """
    return _read("icews", paths, actors=actors, data_dir=data_dir)


def read_polecat(paths, *, actors=None, data_dir=None) -> pd.DataFrame:
    """Read POLECAT event files (PLOVER-coded, tab-separated, a header row).

    The fields read are those of the POLECAT codebook listed in
    :data:`diplo.importers.sources.POLECAT`; no public sample file exists,
    so the reader is tested on a small file made from that description
    (``tests/fixtures/polecat/``). Adds ``plover_type``, ``plover_mode``,
    ``contexts``, ``intensity`` and ``story_id``.
    """
    return _read("polecat", paths, actors=actors, data_dir=data_dir)


def read_historian(paths, *, actors=None, data_dir=None) -> pd.DataFrame:
    """Read the US Office of the Historian's XML records of trips and visits.

    ``<trips>`` files (presidents' and secretaries of state's travels)
    become ``leader_visit`` / ``minister_visit`` events from the USA to the
    host; ``<visits>`` files (foreign leaders' visits) become
    ``leader_visit`` events to the USA. Country ids (``korea-south``) map to
    ISO3 through the ``countries`` table's aliases; an id it does not know
    is a rejected row.

    Examples
    --------
    >>> from diplo.importers import read_historian
    >>> trips = read_historian("tests/fixtures/us_historian/president-travels/biden-joseph-r.xml", actors=["KOR"])
    >>> trips[["start_date", "target", "location"]].head(1)
      start_date target location
    0 2022-05-19    KOR    Seoul
    """
    return _read("historian", paths, actors=actors, data_dir=data_dir)


def _read(kind: str, paths, *, actors, data_dir) -> pd.DataFrame:
    codes = _actors(actors, data_dir)
    con = connect(data_dir=data_dir)
    frames, rejected, summaries = [], [], []
    for path in expand_paths(paths):
        with plain_file(path) as plain:
            table, rows, summary = parse_file(con, kind, plain, actors=codes)
            summary.file = path.name
            frames.append(con.execute(f"SELECT * FROM {table} ORDER BY start_date, event_id").df())
        rejected += [dict(row, file=path.name) for row in rows]
        summaries.append(summary)
    frame = typed(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS)),
                  data_dir=data_dir)
    frame.attrs["rejected"] = pd.DataFrame(rejected, columns=["file", "line", "record", "reason", "raw"])
    frame.attrs["summary"] = summary_frame(summaries)
    if rejected:
        warnings.warn(f"{len(rejected)} rows could not be read and were set aside with their reasons; "
                      "see .attrs['rejected'] of the result.", UserWarning, stacklevel=3)
    return frame


def typed(frame: pd.DataFrame, *, data_dir=None) -> pd.DataFrame:
    """Give imported rows the dtypes of the curated events table, and pandas dtypes for the rest."""
    from ..tables import load

    curated = load("events", data_dir=data_dir).dtypes
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
    return pd.DataFrame(out)


def summary_frame(summaries) -> pd.DataFrame:
    rows = [{"file": s.file, "rows": s.rows, "kept": s.kept, "outside_actors": s.outside, "rejected": s.rejected,
             "reasons": "; ".join(f"{k}: {v}" for k, v in sorted(s.reasons.items())), "skipped": s.skipped}
            for s in summaries]
    return pd.DataFrame(rows, columns=["file", "rows", "kept", "outside_actors", "rejected", "reasons", "skipped"])


def _actors(actors, data_dir) -> list[str] | None:
    if actors is None:
        return None
    from ..tables import _codes

    codes = [a.strip() for a in actors.split(",")] if isinstance(actors, str) else list(actors)
    _codes(codes, data_dir, "actors")
    return codes


def read_any(source: str, path, *, actors=None, start=None, end=None, data_dir=None) -> pd.DataFrame:
    """Events of ``source`` from files, or from a dataset folder made by ``diplo import``, in a period.

    Parameters
    ----------
    source : {"gdelt", "icews", "polecat", "historian"}
        The dataset.
    path : path or glob
        Files of that dataset, or a dataset folder (it holds ``_imported.json``).
    actors : list of str, optional
        Keep events involving these countries.
    start, end : date-like, optional
        Keep events that start in this period.

    Examples
    --------
    >>> from diplo.importers import read_any
    >>> ev = read_any("historian", "tests/fixtures/us_historian/visits/2020.xml", actors=["JPN"], start="2024-01-01")
    >>> sorted(ev["start_date"].dt.year.unique().tolist())
    [2024]
    """
    from pathlib import Path

    from ..tables import _period
    from .archive import load_external

    readers = {"gdelt": read_gdelt, "icews": read_icews, "polecat": read_polecat, "historian": read_historian}
    if source not in readers:
        raise ValueError(f"unknown source {source!r}; diplo reads {', '.join(readers)}.")
    lo, hi = _period(start, end)
    folder = Path(str(path))
    if folder.is_dir():
        frame = load_external(folder, actors=actors, start=start, end=end, data_dir=data_dir)
        return frame[frame["source"] == source].reset_index(drop=True)
    frame = readers[source](path, actors=actors, data_dir=data_dir)
    keep = pd.Series(True, index=frame.index)
    if lo is not None:
        keep &= frame["start_date"] >= lo
    if hi is not None:
        keep &= frame["start_date"] <= hi
    out = frame[keep].reset_index(drop=True)
    out.attrs = frame.attrs
    return out
