"""Read machine-coded files into a DataFrame in diplo's events schema."""

from __future__ import annotations

from .. import _args
from .._lazy import lazy
from ..package import open as open_package
from .core import connect, expand_paths, map_file, plain_file
from .frames import actor_codes, summary_frame, typed
from .sources import COLUMNS

pd = lazy("pandas")  # loaded when a DataFrame is made, never by `diplo import`

__all__ = ["read_gdelt", "read_icews", "read_polecat", "read_historian"]


def read_gdelt(paths, *, actors=None, data_dir=None) -> pd.DataFrame:
    """Read GDELT event exports (1.0 with 57 or 58 columns, 2.0 with 61; plain or .zip).

    A GDELT 1.0 file may mix its two widths (the backfile before April 2013
    has 57 fields, the daily files 58 with SOURCEURL): each row is read by
    its own width, a 57-field row with an empty ``source_url``; a row of any
    other width is rejected, with its width, in ``.attrs["rejected"]``.

    Parameters
    ----------
    paths : path, list of paths, or glob pattern
        The files; a ``.zip`` is read as it is downloaded.
    actors : list of str, optional
        ISO3 codes; keep only events in which one of them is actor 1 or 2.
    data_dir : path-like or DataPackage, optional
        The data package whose ``countries`` and ``event_types`` tables map
        the codes (as in :func:`diplo.open`); the result carries it.

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

    Parameters
    ----------
    paths : path, list of paths, or glob pattern
        The files.
    actors : list of str, optional
        ISO3 codes; keep only events in which one of them is a party.
    data_dir : path-like or DataPackage, optional
        As in :func:`read_gdelt`.

    Returns
    -------
    DataFrame
        The events schema plus ``cameo_code``, ``intensity`` and
        ``story_id``; ``.attrs["rejected"]`` and ``.attrs["summary"]`` as
        in :func:`read_gdelt`.

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

    The fields read are those of the published POLECAT codebook (listed in
    ``diplo.importers.sources.POLECAT``); no public sample file exists, so
    the reader is tested on a small file made from that description
    (``tests/fixtures/polecat/``).

    Parameters
    ----------
    paths : path, list of paths, or glob pattern
        The files.
    actors : list of str, optional
        ISO3 codes; keep only events in which one of them is a party.
    data_dir : path-like or DataPackage, optional
        As in :func:`read_gdelt`.

    Returns
    -------
    DataFrame
        The events schema plus ``plover_type``, ``plover_mode``,
        ``contexts``, ``intensity`` and ``story_id``; ``.attrs["rejected"]``
        and ``.attrs["summary"]`` as in :func:`read_gdelt`.
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

    Parameters
    ----------
    paths : path, list of paths, or glob pattern
        The XML files of the Historian's ``travels`` and ``visits`` records.
    actors : list of str, optional
        ISO3 codes; keep only events in which one of them is a party.
    data_dir : path-like or DataPackage, optional
        As in :func:`read_gdelt`.

    Returns
    -------
    DataFrame
        The events schema; ``.attrs["rejected"]`` and ``.attrs["summary"]``
        as in :func:`read_gdelt`.

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
    package = open_package(data_dir)
    codes = actor_codes(actors, package)
    con = connect(package)
    frames, rejected, summaries = [], [], []
    for path in expand_paths(paths):
        with plain_file(path) as plain:
            mapped = map_file(con, kind, plain, lambda m: con.execute(
                f"CREATE OR REPLACE TEMP TABLE diplo_rows AS {m.query()}"), actors=codes)
            again = mapped.rescued()
            if again:
                con.execute(f"INSERT INTO diplo_rows {again}")
            # Rows to reject are the ones without a start_date (MappedFile.query).
            frames.append(con.execute("SELECT * FROM diplo_rows WHERE start_date IS NOT NULL "
                                      "ORDER BY start_date, event_id").df())
            aside = con.execute("SELECT event_id, notes FROM diplo_rows WHERE start_date IS NULL").fetchall()
            rows, summary = mapped.finish(kept=len(frames[-1]), aside=aside)
            summary.file = path.name
        rejected += [dict(row, file=path.name) for row in rows]
        summaries.append(summary)
    frame = typed(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=list(COLUMNS)), package)
    frame.attrs["rejected"] = pd.DataFrame(rejected, columns=["file", "line", "record", "reason", "raw"])
    frame.attrs["summary"] = summary_frame(summaries)
    if rejected:
        _args.warn(f"{len(rejected)} rows could not be read and were set aside with their reasons; "
                   "see .attrs['rejected'] of the result.")
    return frame
