"""Score and count a relationship: DataFrame in, DataFrame out.

Every function takes an events table (``diplo.load("events")`` or a filtered
part of it) and returns a new DataFrame; none changes its input. Each says
in ``result.attrs["note"]`` what it counted, dropped or collapsed and why,
refuses an unknown country code with the close matches, and returns an
empty, correctly typed result with a warning when nothing matches.

Counting rules shared by all functions:

- an event belongs to the dyad (a, b) when both codes are among its
  ``participants``; so a joint act of the two against a third country (a
  UN Security Council vote on North Korea both took part in) counts in
  their dyad with its own quad class, as conflict. Filter by ``initiator``
  and ``target`` first when only acts of one toward the other should count;
- an event is counted in the period of its ``start_date`` (a two-day visit
  counts once), and the parts of an event (rows with ``part_of``: the
  summit held during a visit) are not counted again beside it;
- Goldstein weights and quad classes come from the ``event_types``
  codebook; types without one (elections, inaugurations, ...) are left out
  of scores and quad counts, and the note says how many;
- the codebook, countries and officeholders are those of the data package
  the events come from (:func:`diplo.package.of`), and terms still running
  end at that package's ``as_of`` date, never at today's;
- a period outside what the package covers systematically for the types
  counted (its declared coverage, :attr:`diplo.DataPackage.coverage`) is
  ``<NA>``, not 0: there a missing event means "not collected".
"""

from __future__ import annotations

from itertools import combinations, permutations

import numpy as np
import pandas as pd
from pandas.tseries.offsets import Day, MonthBegin, QuarterBegin, Week, YearBegin

from . import _args
from .package import of

__all__ = ["dyad_series", "cooperation_index", "visit_balance", "leader_pairs", "event_window", "visits",
           "joint_events", "dyad_years", "leader_dyad_years", "codebook"]

_BY = ("event_type", "family", "quad_class", "initiator")


def dyad_series(events: pd.DataFrame, dyad, b=None, /, *, freq: str = "MS", by: str = "event_type",
                directed: bool = False, bilateral: bool = False) -> pd.DataFrame:
    """Events per period between the two countries of ``dyad``, one column per category.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load` or :func:`diplo.events`.
    dyad : tuple of two str
        ISO3 codes of the two countries, ``("KOR", "JPN")``.
    b : str, optional
        Deprecated (until 1.0): the second country as an argument of its
        own, ``f(events, "KOR", "JPN")``; pass ``dyad=("KOR", "JPN")``.
    freq : str, default "MS"
        A pandas period start frequency: "MS" months, "QS" quarters,
        "YS" years, "W-MON" weeks.
    by : {"event_type", "family", "quad_class", "initiator"}
        What the columns split the counts by.
    directed : bool, default False
        False counts every event of the dyad. True counts only the events
        the first country initiated; events a third country initiated
        (a summit hosted by Canada) are then in neither direction, so the
        undirected count is the sum of both directions plus those.
    bilateral : bool, default False
        Count only events of exactly these two countries.

    Returns
    -------
    DataFrame
        Indexed by period start (every period from the first to the last
        event), one ``Int64`` column per category that occurs (always 1-4
        for ``quad_class``), and ``total``. A cell is ``<NA>`` where the
        package does not cover the category's types all through the period
        (see :attr:`diplo.DataPackage.coverage`); zeros are real zeros.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import dyad_series
    >>> s = dyad_series(diplo.load("events"), ("KOR", "JPN"), freq="YS", by="family")
    >>> s.loc["2023", ["diplomacy", "total"]]  # doctest: +NORMALIZE_WHITESPACE
    family      diplomacy  total
    period
    2023-01-01         21     50
    >>> s.loc["2016", ["diplomacy", "total"]]  # before the package's coverage: not 0 but NA
    family      diplomacy  total
    period
    2016-01-01       <NA>   <NA>
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(_BY)}; got {by!r}.")
    _check_freq(freq)
    package = of(events)
    a, b = package.dyad(dyad, b, "dyad_series")
    rows = _dyad(events, (a, b), bilateral)
    notes = [f"{len(rows)} events in which both {a} and {b} took part" + (" and no other country" if bilateral else "")]
    if directed:
        third = int((~rows["initiator"].isin([a, b])).sum())
        rows = rows[rows["initiator"] == a]
        notes.append(f"{len(rows)} initiated by {a}; {third} initiated by a third country are in neither direction")
    counted, dropped = _with_codebook(rows, by)
    if dropped:
        notes.append(f"{dropped} of a type with no {by} (domestic events) left out")
    if by == "quad_class":
        categories = [1, 2, 3, 4]
    else:
        categories = [c for c in counted[by].cat.categories if c in set(counted[by])]
    if counted.empty:
        _warn_empty(f"no events between {a} and {b}")
        out = pd.DataFrame({c: pd.Series(dtype="Int64") for c in [*categories, "total"]},
                           index=pd.DatetimeIndex([], name="period"))
    else:
        grouped = counted.groupby([pd.Grouper(key="start_date", freq=freq), by], observed=True).size()
        out = grouped.unstack(by, fill_value=0).reindex(columns=categories, fill_value=0)
        out = out.reindex(_periods(out.index, freq), fill_value=0).astype("Int64")
        out["total"] = out.sum(axis=1).astype("Int64")
        out.index.name = "period"
        # Which types feed each column: those of the events given (after the codebook), by category.
        present = counted[["event_type", by]].drop_duplicates() if by != "event_type" else None
        for column in out.columns:
            if column == "total":
                types = set(counted["event_type"].astype(str))
            elif by == "event_type":
                types = {column}
            else:
                types = set(present.loc[present[by] == column, "event_type"].astype(str))
            out.loc[~package.covered(types, out.index, freq, (a, b)), column] = pd.NA
        notes.append(_coverage_note(package, counted, out.index, freq, (a, b)))
    out.columns = pd.Index(list(out.columns), name=by)
    out.attrs["note"] = "; ".join(n for n in notes if n) + f"; counted by {by} per {freq} period of start_date."
    return package.attach(out)


def cooperation_index(events: pd.DataFrame, dyad, b=None, /, *, freq: str = "MS", window: int = 3,
                      normalize: bool = True, bilateral: bool = False) -> pd.DataFrame:
    """Goldstein-weighted net cooperation between the two countries of ``dyad`` per period.

    For the events of period *t* that carry a Goldstein weight *g* (from the
    ``event_types`` codebook; -10 most conflictual, +10 most cooperative):

    .. math:: \\text{score}_t = \\sum_i g_i \\quad\\text{or, normalized,}\\quad
              \\text{score}_t = \\frac{1}{n_t} \\sum_i g_i

    Normalizing divides by the number of weighted events *n_t*, as the GDELT
    codebook advises, so a busy month is not "more cooperative" just for
    being busy. ``rolling_mean`` is the mean of ``score`` over the last
    ``window`` calendar periods, skipping periods without a score.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    dyad : tuple of two str
        ISO3 codes, ``("KOR", "JPN")``.
    b : str, optional
        Deprecated (until 1.0): the second country as an argument of its
        own, ``f(events, "KOR", "JPN")``; pass ``dyad=("KOR", "JPN")``.
    freq : str, default "MS"
        Period start frequency.
    window : int, default 3
        Periods in the rolling mean (at least 1).
    normalize : bool, default True
        Mean instead of sum of the weights.
    bilateral : bool, default False
        Score only events of exactly these two countries.

    Returns
    -------
    DataFrame
        Indexed by period start, every period present, with ``score``
        (``Float64``; ``<NA>`` where a normalized period has no event, and
        wherever the package does not cover the weighted types all through
        the period), ``events`` (``Int64``, the weighted events behind the
        score; ``<NA>`` outside coverage) and ``rolling_mean``
        (``Float64``). ``attrs["aggregation"]`` says what ``score`` is,
        ``"mean"`` (of the weights per event) or ``"sum"``, for charts
        such as :func:`diplo.plotting.index_line` to read;
        ``attrs["normalize"]`` records ``normalize``.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import cooperation_index
    >>> idx = cooperation_index(diplo.load("events"), ("KOR", "JPN"), freq="YS")
    >>> idx.loc["2022":"2025", ["score", "events"]].round(2)  # doctest: +NORMALIZE_WHITESPACE
                score  events
    period
    2022-01-01   2.16      30
    2023-01-01   2.22      50
    2024-01-01   1.92      41
    2025-01-01   2.21      38
    >>> idx.attrs["aggregation"]
    'mean'
    """
    if not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 1:
        raise ValueError(f"window must be a whole number of periods, at least 1; got {window!r}.")
    _check_freq(freq)
    package = of(events)
    a, b = package.dyad(dyad, b, "cooperation_index")
    rows = _dyad(events, (a, b), bilateral)
    weighted, dropped = _with_codebook(rows, "goldstein")
    note = (f"{len(weighted)} of {len(rows)} events between {a} and {b} carry a Goldstein weight"
            + (f"; {dropped} domestic events without one left out" if dropped else "")
            + f"; score = {'mean' if normalize else 'sum'} of weights per {freq} period"
            + f", rolling_mean = mean over {window} periods")
    if weighted.empty:
        _warn_empty(f"no weighted events between {a} and {b}")
        out = pd.DataFrame({"score": pd.Series(dtype="Float64"), "events": pd.Series(dtype="Int64"),
                            "rolling_mean": pd.Series(dtype="Float64")}, index=pd.DatetimeIndex([], name="period"))
    else:
        grouped = weighted.groupby(pd.Grouper(key="start_date", freq=freq))["goldstein"]
        out = pd.DataFrame({"total": grouped.sum(), "events": grouped.count()})
        out = out.reindex(_periods(out.index, freq), fill_value=0)
        covered = package.covered(set(weighted["event_type"].astype(str)), out.index, freq, (a, b))
        score = out["total"] / out["events"].where(out["events"] > 0) if normalize else out["total"]
        score = score.where(covered)
        out = pd.DataFrame({
            "score": score.astype("Float64"),
            "events": out["events"].astype("Int64").where(covered),
            "rolling_mean": score.astype(float).rolling(window, min_periods=1).mean().where(covered)
            .astype("Float64"),
        })
        out.index.name = "period"
        note += "; " + _coverage_note(package, weighted, out.index, freq, (a, b))
    out.attrs["note"] = note.rstrip("; ") + "."
    out.attrs["normalize"] = bool(normalize)
    out.attrs["aggregation"] = "mean" if normalize else "sum"
    return package.attach(out)


def visit_balance(events: pd.DataFrame, dyad, b=None, /) -> pd.DataFrame:
    """Leader visits each way between the two countries of ``dyad``, per pair of leaders.

    A visit is a ``leader_visit`` event from one country to the other. Its
    leaders are the heads of government of the two countries named in the
    event's ``persons`` (the visitor and the host). A visit is returned
    only by the counterpart leader of the same pair: the next visit the
    other way made by the host to the visitor while both still hold the
    terms they held at the first visit. A later leader's visit the other
    way is not a return (Lee Jae-myung's visit to Tokyo in 2025 did not
    return Fumio Kishida's visit to Seoul in 2023), nor is a visit whose
    leaders ``persons`` does not name. The days to the return measure
    shuttle diplomacy between two leaders.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    dyad : tuple of two str
        ISO3 codes ``(a, b)``.
    b : str, optional
        Deprecated (until 1.0): the second country as an argument of its
        own, ``f(events, "KOR", "JPN")``; pass ``dyad=("KOR", "JPN")``.

    Returns
    -------
    DataFrame
        One row per pair of leaders (``leader_a``, ``leader_b`` as names),
        with ``visits_a_to_b``, ``visits_b_to_a``, ``balance``
        (a-to-b minus b-to-a), ``median_days_to_return`` (over the pair's
        visits that the other leader of the pair returned; ``<NA>`` when
        none was) and ``last_visit``. ``attrs["note"]`` states the rule
        and how many visits were returned.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import visit_balance
    >>> vb = visit_balance(diplo.load("events"), ("KOR", "JPN"))
    >>> row = vb[(vb.leader_a == "Lee Jae-myung") & (vb.leader_b == "Shigeru Ishiba")]
    >>> row[["visits_a_to_b", "visits_b_to_a", "balance"]].to_numpy().tolist()
    [[1, 1, 0]]
    >>> yoon = vb[(vb.leader_a == "Yoon Suk Yeol") & (vb.leader_b == "Fumio Kishida")]
    >>> float(yoon["median_days_to_return"].item())  # Kishida returned Yoon's March 2023 visit; Lee returns none
    52.0
    """
    package = of(events)
    a, b = package.dyad(dyad, b, "visit_balance")
    visits = events[(events["event_type"] == "leader_visit")
                    & (((events["initiator"] == a) & (events["target"] == b))
                       | ((events["initiator"] == b) & (events["target"] == a)))]
    visits = visits.sort_values("start_date", kind="stable").reset_index(drop=True)
    columns = {"leader_a": "string", "leader_b": "string", "visits_a_to_b": "Int64", "visits_b_to_a": "Int64",
               "balance": "Int64", "median_days_to_return": "Float64", "last_visit": "datetime64[ns]"}
    if visits.empty:
        _warn_empty(f"no leader visits between {a} and {b}")
        out = pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
        out.attrs["note"] = f"0 leader visits between {a} and {b}."
        return package.attach(out)
    heads = _heads(package, a, b)
    rows = []
    for visit in visits.itertuples():
        persons = set(str(visit.persons).split(";")) if pd.notna(visit.persons) else set()
        term = {c: _holder(heads[c], persons, visit.start_date) or (None, None) for c in (a, b)}
        # The pair is the two terms, not the two names: a leader back in office later
        # (Abe in 2006 and 2012) starts a new pair, as the return must come "while both still hold office".
        rows.append({"leader_a": term[a][1], "leader_b": term[b][1], "term_a": term[a][0], "term_b": term[b][0],
                     "from_a": visit.initiator == a, "date": visit.start_date})
    detail = pd.DataFrame(rows)
    days = []
    for visit in detail.itertuples():
        known = pd.notna(visit.term_a) and pd.notna(visit.term_b)
        returns = detail[(detail["from_a"] != visit.from_a) & (detail["date"] > visit.date)
                         & (detail["term_a"] == visit.term_a) & (detail["term_b"] == visit.term_b)]
        days.append((returns["date"].iloc[0] - visit.date).days if known and len(returns) else np.nan)
    detail["days"] = days
    unknown = int(detail[["leader_a", "leader_b"]].isna().any(axis=1).sum())
    detail[["leader_a", "leader_b"]] = detail[["leader_a", "leader_b"]].fillna("(not recorded)")
    out = detail.groupby(["leader_a", "leader_b"], sort=False).agg(
        visits_a_to_b=("from_a", "sum"), visits_b_to_a=("from_a", lambda s: int((~s).sum())),
        median_days_to_return=("days", "median"), last_visit=("date", "max")).reset_index()
    out["balance"] = out["visits_a_to_b"] - out["visits_b_to_a"]
    out = out[list(columns)].astype(columns)
    out.attrs["note"] = (f"{len(visits)} leader visits between {a} and {b}"
                         + (f"; {unknown} name no head of government in persons" if unknown else "")
                         + f"; {int(detail['days'].notna().sum())} returned: a visit is returned only by the next "
                         "visit the other way by the same two leaders, both still in the terms they held (a later "
                         "leader's visit is not a return); days to return = days from a visit to its return.")
    return package.attach(out)


def leader_pairs(events: pd.DataFrame, dyad, b=None, /, *, office: str = "head_of_government") -> pd.DataFrame:
    """Every pair of officeholders of the two countries in office at the same time, and how often they met.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    dyad : tuple of two str
        ISO3 codes ``(a, b)``.
    b : str, optional
        Deprecated (until 1.0): the second country as an argument of its
        own, ``f(events, "KOR", "JPN")``; pass ``dyad=("KOR", "JPN")``.
    office : str, default "head_of_government"
        An office of the ``officeholders`` table (``head_of_state``,
        ``foreign_minister``, ...).

    Returns
    -------
    DataFrame
        One row per overlapping pair, in order of the overlap's start:
        ``person_a``, ``name_a``, ``person_b``, ``name_b``, ``overlap_start``,
        ``overlap_end``, ``days_overlapping``, ``meetings`` (in-person
        leader-level events both took part in: visits, stand-alone and
        sideline meetings), ``calls``, ``meetings_per_year``, and
        ``first_meeting`` / ``last_meeting``. Terms still running end at
        the data package's ``as_of`` date, so the result never depends on
        the day it is computed. Meetings are the types of the
        ``leader_meetings`` group, calls those of ``leader_calls``.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import leader_pairs
    >>> lp = leader_pairs(diplo.load("events"), ("KOR", "JPN"))
    >>> pair = lp[(lp.name_a == "Lee Jae-myung") & (lp.name_b == "Shigeru Ishiba")]
    >>> print(pair[["name_a", "name_b", "overlap_start", "overlap_end"]].to_string(index=False))
           name_a         name_b overlap_start overlap_end
    Lee Jae-myung Shigeru Ishiba    2025-06-04  2025-10-21
    >>> int(pair["meetings"].item())  # Kananaskis, Tokyo and Busan
    3
    """
    package = of(events)
    a, b = package.dyad(dyad, b, "leader_pairs")
    holders = package.load("officeholders")
    known = list(holders["office"].cat.categories)
    if office not in known:
        raise ValueError(_args.unknown(office, known, "office", "Offices are listed in data/README.md"))
    as_of = package.as_of
    meetings, calls_types = package.types("leader_meetings"), package.types("leader_calls")
    terms = holders[holders["office"] == office].assign(end=lambda d: d["end_date"].fillna(as_of))
    ta, tb = terms[terms["country"] == a], terms[terms["country"] == b]
    pairs = ta.merge(tb, how="cross", suffixes=("_a", "_b"))
    pairs["overlap_start"] = pairs[["start_date_a", "start_date_b"]].max(axis=1)
    pairs["overlap_end"] = pairs[["end_a", "end_b"]].min(axis=1)
    pairs = pairs[pairs["overlap_end"] >= pairs["overlap_start"]].sort_values("overlap_start", kind="stable")
    dyad = _dyad(events, (a, b))
    persons = dyad["persons"].fillna("").str.split(";")
    rows = []
    for p in pairs.itertuples():
        both = persons.map(lambda m: p.person_id_a in m and p.person_id_b in m).astype(bool)
        during = dyad["start_date"].between(p.overlap_start, p.overlap_end)
        met = dyad[both & during & dyad["event_type"].isin(meetings)]
        calls = dyad[both & during & dyad["event_type"].isin(calls_types)]
        days = (p.overlap_end - p.overlap_start).days + 1
        rows.append({
            "person_a": p.person_id_a, "name_a": p.name_a, "person_b": p.person_id_b, "name_b": p.name_b,
            "overlap_start": p.overlap_start, "overlap_end": p.overlap_end, "days_overlapping": days,
            "meetings": len(met), "calls": len(calls), "meetings_per_year": len(met) / (days / 365.25),
            "first_meeting": met["start_date"].min(), "last_meeting": met["start_date"].max(),
        })
    dtypes = {"person_a": "string", "name_a": "string", "person_b": "string", "name_b": "string",
              "overlap_start": "datetime64[ns]", "overlap_end": "datetime64[ns]", "days_overlapping": "Int64",
              "meetings": "Int64", "calls": "Int64", "meetings_per_year": "Float64",
              "first_meeting": "datetime64[ns]", "last_meeting": "datetime64[ns]"}
    out = pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes).reset_index(drop=True)
    if out.empty:
        _warn_empty(f"no {office} of {a} and {b} were in office at the same time")
    out.attrs["note"] = (f"{len(out)} pairs of {office} of {a} and {b} in office at the same time (acting holders "
                         f"included; terms still running end at the package's as_of date, {as_of.date()}); "
                         f"meetings = {', '.join(meetings)} naming both; calls = {', '.join(calls_types)}.")
    return package.attach(out)


def event_window(events: pd.DataFrame, anchors, *, days: int = 30, by: str = "event_type") -> pd.DataFrame:
    """Counts of events in the ``days`` before and after each anchor event.

    Parameters
    ----------
    events : DataFrame
        The events to count (for instance ``diplo.events(dyad=("KOR", "JPN"))``).
    anchors : DataFrame or list of str
        The anchor events (rows of the events table) or their ``event_id``.
    days : int, default 30
        Window length on each side.
    by : {"event_type", "family", "quad_class", "initiator"}
        What the counts are split by.

    Returns
    -------
    DataFrame
        One row per anchor (index: the anchor's ``event_id``), with
        two-level columns: ``before`` / ``after``, then each category that
        occurs and ``total``. *Before* is the ``days`` days up to the day
        before the anchor starts; *after* runs from the anchor's first day
        to ``days`` days after its last day, so what happened on the day
        itself counts as a response. The anchor itself is never counted, nor
        the visit it is part of; parts of other events are not counted
        beside them.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import event_window
    >>> ev = diplo.load("events")
    >>> w = event_window(ev, ["20250930-ishiba-visits-busan"], days=10, by="family")
    >>> w.columns.get_level_values("window").unique().tolist()
    ['before', 'after']
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(_BY)}; got {by!r}.")
    if not isinstance(days, (int, np.integer)) or days < 0:
        raise ValueError(f"days must be a whole number of days, 0 or more; got {days!r}.")
    package = of(events)
    if isinstance(anchors, pd.DataFrame):
        anchor_rows = anchors
    else:
        ids = _args.as_list(anchors, "anchors")
        # Anchors are looked up among the events given, then in their package.
        pool = pd.concat([events, package.load("events")]).drop_duplicates("event_id")
        missing = [i for i in ids if i not in set(pool["event_id"])]
        if missing:
            raise ValueError(_args.unknown(missing[0], list(pool["event_id"]), "anchor event_id",
                                           "Pass event ids of the events' data package, or a DataFrame of events"))
        anchor_rows = pool.set_index("event_id").loc[ids].reset_index()
    counted, dropped = _with_codebook(_args.wholes(events), by)
    categories = [1, 2, 3, 4] if by == "quad_class" else [c for c in counted[by].cat.categories
                                                          if c in set(counted[by])]
    rows = {}
    for anchor in anchor_rows.itertuples():
        # Neither the anchor nor the event it is part of (the visit around a summit) counts in its window.
        whole = getattr(anchor, "part_of", None)
        others = counted[~counted["event_id"].isin([anchor.event_id, whole if isinstance(whole, str) else None])]
        before = others[(others["start_date"] >= anchor.start_date - pd.Timedelta(days=days))
                        & (others["start_date"] < anchor.start_date)]
        after = others[(others["start_date"] >= anchor.start_date)
                       & (others["start_date"] <= anchor.end_date + pd.Timedelta(days=days))]
        row = {}
        for side, part in (("before", before), ("after", after)):
            counts = part[by].value_counts()
            for c in categories:
                row[(side, c)] = int(counts.get(c, 0))
            row[(side, "total")] = len(part)
        rows[anchor.event_id] = row
    columns = pd.MultiIndex.from_product([["before", "after"], [*categories, "total"]], names=["window", by])
    out = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns, fill_value=0).astype("Int64")
    out.index = pd.Index(list(rows), name="anchor", dtype="string")
    if out.empty:
        _warn_empty("no anchor events")
    out.attrs["note"] = (f"{len(out)} anchors, {days}-day windows, counted by {by}"
                         + (f"; {dropped} events with no {by} left out" if dropped else "")
                         + "; the anchor's own days count as after.")
    return package.attach(out)


def visits(events: pd.DataFrame, actor: str | None = None, /, *, types="leader_visit",
           country: str | None = None) -> pd.DataFrame:
    """Visits a country made and received, per partner country.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    actor : str
        ISO3 code of the country. (``country=`` is the deprecated name.)
    types : str or list of str, default "leader_visit"
        Event types, families or groups counted as visits (add
        ``"minister_visit"`` for ministers).
    country : str, optional
        Deprecated (until 1.0): the old name of ``actor``.

    Returns
    -------
    DataFrame
        One row per partner, most visits first: ``partner``, ``made`` (visits
        by ``actor`` to the partner), ``received`` (the partner's visits to
        ``actor``), ``balance`` (made minus received), ``first`` and
        ``last`` visit either way.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import visits
    >>> v = visits(diplo.load("events"), "KOR")
    >>> bool((v["made"] + v["received"] > 0).all())
    True
    """
    if country is not None:
        _args.deprecated("visits(events, country=...)", "visits(events, actor)")
        actor = country
    package = of(events)
    if not isinstance(actor, str):
        raise ValueError(f"actor must be one ISO3 code, like 'KOR'; got {actor!r}.")
    (country,) = package.countries(actor, "actor")
    types = package.types(types)
    chosen = events[events["event_type"].isin(types) & events["target"].notna()
                    & ((events["initiator"] == country) | (events["target"] == country))]
    partner = chosen["target"].astype("string").where(chosen["initiator"] == country,
                                                       chosen["initiator"].astype("string"))
    frame = pd.DataFrame({"partner": partner, "made": chosen["initiator"] == country,
                          "date": chosen["start_date"]})
    columns = {"partner": "string", "made": "Int64", "received": "Int64", "balance": "Int64",
               "first": "datetime64[ns]", "last": "datetime64[ns]"}
    if frame.empty:
        _warn_empty(f"no {', '.join(types)} events made or received by {country}")
        out = pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    else:
        out = frame.groupby("partner").agg(made=("made", "sum"), received=("made", lambda m: int((~m).sum())),
                                           first=("date", "min"), last=("date", "max")).reset_index()
        out["balance"] = out["made"] - out["received"]
        out = out.assign(n=out["made"] + out["received"]).sort_values(["n", "partner"], ascending=[False, True])
        out = out[list(columns)].astype(columns).reset_index(drop=True)
    out.attrs["note"] = (f"{len(chosen)} {' and '.join(types)} events with {country} as visitor or host; "
                         "visits to multilateral meetings without a host target are not counted.")
    return package.attach(out)


def joint_events(events: pd.DataFrame, members, *, levels=("leaders", "ministers", "documents")) -> pd.DataFrame:
    """Meetings, calls and documents in which *all* ``members`` took part, with their level.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    members : list of str
        ISO3 codes, e.g. ``["KOR", "JPN", "USA"]``.
    levels : str or list of str
        Groups of event types (``event_types.groups``): by default
        ``"leaders"``, ``"ministers"`` and ``"documents"``. An event's level
        is the first of them its type belongs to.

    Returns
    -------
    DataFrame
        The matching events with two more columns: ``level`` and
        ``mentions_dprk`` (the title or description names North Korea, the
        DPRK, Pyongyang or denuclearization).

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import joint_events
    >>> tri = joint_events(diplo.load("events"), ["KOR", "JPN", "USA"])
    >>> sorted(tri["level"].unique())
    ['documents', 'leaders', 'ministers']
    """
    package = of(events)
    codes = package.countries(members, "members")
    if len(codes) < 2:
        raise ValueError(f"members must name at least two countries; got {members!r}.")
    levels = _args.as_list(levels, "levels")
    groups = package.type_groups
    unknown = [level for level in levels if level not in groups]
    if unknown:
        raise ValueError(_args.unknown(unknown[0], groups, "level (a group of event types)",
                                       f"The groups are {', '.join(groups)}"))
    level_of: dict[str, str] = {}
    for level in levels:
        for t in groups[level]:
            level_of.setdefault(t, level)
    keep = _args.taking_part(events, codes, "all") & events["event_type"].isin(list(level_of))
    out = events[keep].copy()
    out["level"] = pd.Categorical(out["event_type"].astype("string").map(level_of), categories=list(levels))
    text = out["title"].fillna("") + " " + out["description"].fillna("")
    out["mentions_dprk"] = text.str.contains(r"North Korea|DPRK|Pyongyang|denucleari", case=False, regex=True)
    if out.empty:
        _warn_empty(f"no events with all of {', '.join(codes)}")
    out.attrs["note"] = (f"{len(out)} events in which all of {', '.join(codes)} took part, at the levels "
                         f"{', '.join(levels)}.")
    return package.attach(out.reset_index(drop=True))


# --- panels -------------------------------------------------------------------

_PANEL_BY = ("family", "event_type", "quad_class")
#: The four quad classes as panel columns, by GDELT's names for them.
_QUADS = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}


def dyad_years(events: pd.DataFrame, *, actors=None, directed: bool = False, bilateral: bool = False,
               by: str = "family", start=None, end=None) -> pd.DataFrame:
    """Events per dyad and year: a dyad-year panel that merges with COW or Gleditsch-Ward data.

    One row per dyad (pair of two of ``actors``) and year, every pair and
    every year present, as peacesciencer's ``create_dyadyears()`` makes
    them. An event counts for a dyad when both countries are among its
    ``participants``, so an event of three or more of ``actors`` counts
    once in each of their pairs (a trilateral summit of South Korea, Japan
    and the United States is one event in each of its three dyads), and in
    the year of its ``start_date``; the parts of a visit (``part_of``) are
    not counted beside it. An event of one country (an election, most
    North Korean launches) is in no dyad.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load` or :func:`diplo.events`.
    actors : str or list of str, optional
        ISO3 codes of the countries whose every pair is a dyad of the panel
        (at least two). By default the countries of the ``officeholders``
        table: South Korea, Japan, the United States and North Korea, the
        four whose diplomacy the package records. A pair in which neither
        country is one of those four is ``<NA>`` throughout: the package
        collects only events that involve one of them.
    directed : bool, default False
        False: unordered pairs, ``ccode1 < ccode2`` (by COW code, then ISO3
        for countries without one), as in peacesciencer. True: ordered
        pairs, both ways; the row ``country1 -> country2`` counts the events
        ``country1`` initiated and ``country2`` took part in (the rule of
        ``dyad_series(directed=True)``). An event initiated by a third
        country (a summit hosted by Canada) is in neither direction, so the
        undirected count is the sum of the two directions plus those.
    bilateral : bool, default False
        Count only events of exactly the two countries.
    by : {"family", "event_type", "quad_class"}
        What the first block of count columns splits events by: one column
        per family or event type that occurs in ``events`` (codebook order),
        or the four quad classes only.
    start, end : date-like, optional
        The first and last year of the panel are those of these dates.
        Counts are always of whole years. By default the panel runs from
        the first to the last year in which the package covers some type
        of ``events`` all year for some dyad of the panel (1965 to 2025 for
        the shipped events).

    Returns
    -------
    DataFrame
        Sorted by dyad (``ccode1``, ``ccode2``) and ``year``: ``year``,
        ``country1``, ``country2`` (ISO3, ``string``), ``ccode1``,
        ``ccode2`` (COW) and ``gwcode1``, ``gwcode2`` (Gleditsch-Ward),
        ``Int64`` from the ``countries`` table; then ``Int64`` counts: one
        column per category of ``by``, the quad classes
        ``verbal_cooperation``, ``material_cooperation``,
        ``verbal_conflict``, ``material_conflict`` (types without a quad
        class, such as elections, are in none), ``total`` (every event);
        then ``score`` (``Float64``, the mean Goldstein weight, as
        ``cooperation_index`` scores a period; ``<NA>`` in a year without a
        weighted event) and ``scored_events`` (``Int64``, the events with a
        weight). A cell is ``<NA>``, never 0, when the package does not
        cover every type that feeds it all through the year for that dyad
        (:attr:`diplo.DataPackage.coverage`); the types that feed a column are
        those of all the ``events`` given, so every dyad of a column is
        judged by the same types. ``attrs["unit"]`` is ``"dyad-year"``,
        ``attrs["directed"]`` says whether pairs are ordered, and
        ``attrs["note"]`` what was counted.

    Raises
    ------
    ValueError
        If ``by`` is not one of the values above, if a code in ``actors``
        is not in the ``countries`` table (with the close matches), or if
        ``actors`` names fewer than two countries.

    See Also
    --------
    leader_dyad_years : the same counts per pair of leaders and year.
    dyad_series : one dyad, any period.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import dyad_years
    >>> dy = dyad_years(diplo.load("events"))
    >>> dy.attrs["unit"], len(dy), int(dy["year"].min()), int(dy["year"].max())  # 6 pairs, 61 years
    ('dyad-year', 366, 1965, 2025)
    >>> kj = dy[(dy.country1 == "KOR") & (dy.country2 == "JPN")].set_index("year")
    >>> print(kj.loc[2021:2023, ["ccode1", "ccode2", "gwcode1", "gwcode2", "diplomacy", "total"]].to_string())
          ccode1  ccode2  gwcode1  gwcode2  diplomacy  total
    year
    2021     732     740      732      740       <NA>   <NA>
    2022     732     740      732      740         15     30
    2023     732     740      732      740         21     50
    >>> by_type = dyad_years(diplo.load("events"), by="event_type", actors=["USA", "JPN"])
    >>> by_type.set_index("year").loc[[1974, 2021], ["leader_visit", "total"]]  # visits covered since 1965
          leader_visit  total
    year
    1974             2   <NA>
    2021             1   <NA>
    """
    package, setup = _panel_setup(events, actors, by, directed, bilateral, start, end)
    years = setup["years"]
    grid = pd.DataFrame([(c1, c2, y) for c1, c2 in setup["dyads"] for y in years],
                        columns=["country1", "country2", "year"]).astype({"country1": "string", "country2": "string"})
    grid["row"] = np.arange(len(grid))
    first = pd.to_datetime(grid["year"].astype(str) + "-01-01")
    spans = grid.assign(lo=first, hi=first + YearBegin(1) - pd.Timedelta(days=1))[
        ["row", "country1", "country2", "lo", "hi"]]
    pairs = setup["pairs"]
    counted = pairs.merge(grid, on=["country1", "country2", "year"])[["row", *pairs.columns]]
    out, coverage_note = _panel_counts(package, setup, grid, spans, counted)
    if out.empty:
        _warn_empty("no year to count: no events, and no start or end")
    out.attrs["note"] = setup["note"] + coverage_note + "."
    out.attrs["unit"] = "dyad-year"
    out.attrs["directed"] = bool(directed)
    out.attrs["by"] = by
    return package.attach(out)


def leader_dyad_years(events: pd.DataFrame, *, actors=None, office: str = "head_of_government",
                      directed: bool = False, bilateral: bool = False, by: str = "family",
                      start=None, end=None) -> pd.DataFrame:
    """Events per pair of leaders and year: a leader-dyad-year panel.

    One row per pair of officeholders of two of ``actors`` (heads of
    government by default, as in :func:`leader_pairs`) and per year in
    which both held office at least one day, with the counts of
    :func:`dyad_years` restricted to the days of that year on which both
    held office. Terms come from the ``officeholders`` table, acting holders
    included; a term still running ends at the package's ``as_of`` date.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load` or :func:`diplo.events`.
    actors : str or list of str, optional
        As in :func:`dyad_years`; by default the four countries of the
        ``officeholders`` table.
    office : str, default "head_of_government"
        An office of the ``officeholders`` table (``head_of_state``,
        ``foreign_minister``, ...).
    directed : bool, default False
        As in :func:`dyad_years`: ordered pairs of leaders, by initiator.
    bilateral : bool, default False
        As in :func:`dyad_years`: only events of exactly the two countries.
    by : {"family", "event_type", "quad_class"}
        As in :func:`dyad_years`.
    start, end : date-like, optional
        As in :func:`dyad_years`: the first and last year of the panel.

    Returns
    -------
    DataFrame
        Sorted by dyad, ``year`` and the first day the pair shared that
        year: ``year``, ``country1``, ``country2``, ``ccode1``, ``ccode2``,
        ``gwcode1``, ``gwcode2`` as in :func:`dyad_years`, ``person1``,
        ``name1``, ``person2``, ``name2`` (the officeholders of
        ``country1`` and ``country2``, ``string``), ``days_overlapping``
        (``Int64``: days of the year both held office), then the counts,
        ``score`` and ``scored_events`` of :func:`dyad_years`, counting the
        events whose ``start_date`` falls on those days. A cell is ``<NA>``
        when the package does not cover every type that feeds it on all
        those days. The officeholders table records a handover day (and a
        suspended president beside the acting one) with both holders in
        office, so an event on such a day counts for each pair; the note
        says how many. ``attrs["unit"]`` is ``"leader-dyad-year"``.

    Raises
    ------
    ValueError
        As :func:`dyad_years`, and for an ``office`` the table does not
        have.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import leader_dyad_years
    >>> ly = leader_dyad_years(diplo.load("events"), actors=["USA", "JPN"])
    >>> ly.attrs["unit"]
    'leader-dyad-year'
    >>> print(ly[ly.year == 2025][["name1", "name2", "days_overlapping", "diplomacy", "total"]]
    ...       .to_string(index=False))
           name1          name2  days_overlapping  diplomacy  total
       Joe Biden Shigeru Ishiba                20          2      3
    Donald Trump Shigeru Ishiba               275         11     25
    Donald Trump Sanae Takaichi                72          6     12
    """
    package, setup = _panel_setup(events, actors, by, directed, bilateral, start, end)
    holders = package.load("officeholders")
    known = list(holders["office"].cat.categories)
    if office not in known:
        raise ValueError(_args.unknown(office, known, "office", "Offices are listed in data/README.md"))
    terms = holders[holders["office"] == office].assign(end=lambda d: d["end_date"].fillna(package.as_of))
    terms = terms.assign(country=terms["country"].astype("string"))[["country", "person_id", "name", "start_date",
                                                                     "end"]]
    years = setup["years"]
    spans = []
    for c1, c2 in setup["dyads"] if years else []:
        both = terms[terms["country"] == c1].merge(terms[terms["country"] == c2], how="cross", suffixes=("1", "2"))
        # The days both held office, within the panel's years.
        both = both.assign(lo=both[["start_date1", "start_date2"]].max(axis=1)
                           .clip(lower=pd.Timestamp(f"{years[0]}-01-01")),
                           hi=both[["end1", "end2"]].min(axis=1).clip(upper=pd.Timestamp(f"{years[-1]}-12-31")))
        for t in both[both["hi"] >= both["lo"]].itertuples():
            # One span per calendar year of the overlap.
            for y in range(t.lo.year, t.hi.year + 1):
                lo, hi = max(t.lo, pd.Timestamp(f"{y}-01-01")), min(t.hi, pd.Timestamp(f"{y}-12-31"))
                spans.append((c1, c2, y, t.person_id1, t.name1, t.person_id2, t.name2, lo, hi))
    spans = pd.DataFrame(spans, columns=["country1", "country2", "year", "person1", "name1", "person2", "name2",
                                         "lo", "hi"]).astype({"country1": "string", "country2": "string",
                                                              "lo": "datetime64[ns]", "hi": "datetime64[ns]"})
    keys = ["country1", "country2", "year", "person1", "person2"]
    rank = setup["rank"]
    spans["days"] = (spans["hi"] - spans["lo"]).dt.days + 1
    grid = (spans.groupby(keys, sort=False)
            .agg(name1=("name1", "first"), name2=("name2", "first"), first=("lo", "min"),
                 days_overlapping=("days", "sum")).reset_index())
    grid = grid.assign(r1=grid["country1"].map(rank), r2=grid["country2"].map(rank))
    grid = grid.sort_values(["r1", "r2", "year", "first", "person1", "person2"], kind="stable").reset_index(drop=True)
    grid["row"] = np.arange(len(grid))
    spans = spans.merge(grid[[*keys, "row"]], on=keys)[["row", "country1", "country2", "lo", "hi"]]
    pairs = setup["pairs"]
    on_days = pairs.merge(spans, on=["country1", "country2"])
    on_days = on_days[(on_days["start_date"] >= on_days["lo"]) & (on_days["start_date"] <= on_days["hi"])]
    counted = on_days[["row", *pairs.columns]]
    twice = int(counted.duplicated(["event_id", "country1", "country2"]).sum()) if len(counted) else 0
    out, coverage_note = _panel_counts(package, setup, grid, spans, counted,
                                                      extra={"person1": "string", "name1": "string", "person2": "string",
                                              "name2": "string", "days_overlapping": "Int64"})
    if out.empty:
        _warn_empty(f"no {office} of two of {', '.join(setup['actors'])} were in office at the same time"
                    if years else "no year to count: no events, and no start or end")
    out.attrs["note"] = (setup["note"] + f"; rows are pairs of {office} in office on the same days (acting holders "
                         f"included; terms still running end at the package's as_of date, {package.as_of.date()}); "
                         f"{twice} event-dyad counts fall on days when one country had two holders in office "
                         "(a handover day, a suspended president and the acting one) and count for each pair"
                         + coverage_note + ".")
    out.attrs["unit"] = "leader-dyad-year"
    out.attrs["directed"] = bool(directed)
    out.attrs["by"] = by
    return package.attach(out)


def _panel_setup(events, actors, by, directed, bilateral, start, end) -> tuple:
    """What both panels share: checked arguments, dyads in order, years, and one row per event and dyad."""
    if by not in _PANEL_BY:
        raise ValueError(f"by must be one of {', '.join(_PANEL_BY)}; got {by!r}.")
    package = of(events)
    countries = package.load("countries").set_index("iso3")
    focal = sorted(set(package.load("officeholders")["country"].dropna().astype(str)))
    chosen = list(dict.fromkeys(package.countries(actors if actors is not None else focal, "actors")))
    if len(chosen) < 2:
        raise ValueError(f"actors must name at least two countries, whose pairs are the dyads; got {actors!r}.")
    cow = countries["cow"]
    # peacesciencer's order: a non-directed dyad has ccode1 < ccode2; countries without a COW code go last.
    ordered = sorted(chosen, key=lambda c: (pd.isna(cow[c]), 0 if pd.isna(cow[c]) else int(cow[c]), c))
    rank = {c: i for i, c in enumerate(ordered)}
    dyads = (list(permutations(ordered, 2)) if directed else list(combinations(ordered, 2)))
    dyads.sort(key=lambda d: (rank[d[0]], rank[d[1]]))

    whole = _args.wholes(events)
    parts = len(events) - len(whole)
    book = {c: codebook(whole, c) for c in ("family", "quad_class", "goldstein")}
    members = whole["participants"].astype("object").where(whole["participants"].notna(), "").str.split(";")
    initiators = whole["initiator"].astype("object")
    found, third = [], 0
    for pos, (listed, initiator) in enumerate(zip(members, initiators)):
        listed = list(dict.fromkeys(m for m in listed if m))
        if bilateral and len(listed) != 2:
            continue
        inside = sorted((m for m in listed if m in rank), key=rank.get)
        if directed:
            mine = [(pos, initiator, m) for m in inside if m != initiator] if initiator in inside else []
            found += mine
            third += len(inside) * (len(inside) - 1) // 2 - len(mine)  # pairs neither of whom initiated it
        else:
            found += [(pos, a, b) for a, b in combinations(inside, 2)]
    at = np.array([f[0] for f in found], dtype=int)
    pairs = pd.DataFrame({
        "event_id": whole["event_id"].astype("string").to_numpy()[at],
        "country1": [f[1] for f in found], "country2": [f[2] for f in found],
        "start_date": pd.to_datetime(whole["start_date"].to_numpy()[at]),
        "event_type": whole["event_type"].astype("string").to_numpy()[at],
        "family": book["family"].astype("string").to_numpy()[at],
        "quad": book["quad_class"].astype("object").map(_QUADS).to_numpy()[at],
        "goldstein": book["goldstein"].astype(float).to_numpy()[at],
    })
    pairs["year"] = pairs["start_date"].dt.year.astype(int)
    pairs["country1"] = pairs["country1"].astype("string")
    pairs["country2"] = pairs["country2"].astype("string")

    # Which types feed each column: those of all the events given, so every dyad is judged alike.
    given = pd.DataFrame({"event_type": whole["event_type"].astype("string"), "family": book["family"].astype("string"),
                          "quad": book["quad_class"].astype("object").map(_QUADS),
                          "weighted": book["goldstein"].notna()}).drop_duplicates()
    order = package.list_types()
    given = given.assign(n=given["event_type"].map({t: i for i, t in enumerate(order)})).sort_values("n")
    feeds: dict[str, list[str]] = {}
    if by == "event_type":
        feeds.update({t: [t] for t in given["event_type"]})
    elif by == "family":
        for family in pd.unique(given["family"]):
            feeds[family] = list(given.loc[given["family"] == family, "event_type"])
    for quad in _QUADS.values():
        feeds[quad] = list(given.loc[given["quad"] == quad, "event_type"])
    feeds["total"] = list(given["event_type"])
    weighted = list(given.loc[given["weighted"], "event_type"])

    years = _panel_years(package, dyads, set(focal), feeds["total"], pairs, start, end)
    where = ", ".join(ordered)
    note = (f"{len(dyads)} {'ordered' if directed else 'unordered'} pairs of {where}; {len(whole)} events"
            + (f" ({parts} parts of a visit left out beside it)" if parts else "")
            + f"; an event counts once in every pair of {where} among its participants"
            + (" (only events of exactly the two countries)" if bilateral else "")
            + (f"; country1 -> country2 counts the events country1 initiated; {third} event-dyad counts "
               "initiated by a third country are in neither direction" if directed else "")
            + f"; counted in the year of start_date, by {by} and quad class")
    setup = {"actors": ordered, "rank": rank, "dyads": dyads, "focal": set(focal), "years": years, "pairs": pairs,
             "feeds": feeds, "weighted": weighted, "by": by, "countries": countries, "note": note}
    return package, setup


def _panel_years(package, dyads, focal, types, pairs, start, end) -> list[int]:
    """The panel's years: from start's to end's, else those in which some type is covered all year for some dyad."""
    lo, hi = _args.period(start, end)
    default: list[int] = []
    spans = [s for t in types for d in dyads if focal & set(d) for s in package.covered_spans(t, d)]
    covered = sorted({y for a, b in spans for y in range(a.year, b.year + 1)
                      if a <= pd.Timestamp(f"{y}-01-01") and pd.Timestamp(f"{y}-12-31") <= b})
    if covered:
        default = [covered[0], covered[-1]]
    elif len(pairs):
        default = [int(pairs["year"].min()), int(pairs["year"].max())]
    if lo is None and hi is None and not default:
        return []
    first = lo.year if lo is not None else (default[0] if default else hi.year)
    last = hi.year if hi is not None else (default[1] if default else lo.year)
    return list(range(first, max(first, last) + 1))


def _panel_counts(package, setup, grid, spans, counted, extra=None) -> tuple[pd.DataFrame, str]:
    """Typed counts, quad classes, total and score for each row of ``grid``, <NA> where not covered; and a note.

    ``spans`` gives each row's days (one or more spans per row); ``counted``
    holds one row per event and dyad with the ``row`` of the grid it counts in.
    """
    by, feeds, countries = setup["by"], setup["feeds"], setup["countries"]
    n = len(grid)
    row = counted["row"].to_numpy()
    data: dict[str, np.ndarray] = {}
    column = {"family": "family", "event_type": "event_type", "quad_class": "quad"}[by]
    columns = [c for c in feeds if c != "total"]
    for name in columns:
        source = column if name not in _QUADS.values() else "quad"
        data[name] = np.bincount(row[(counted[source] == name).to_numpy(dtype=bool, na_value=False)], minlength=n)
    data["total"] = np.bincount(row, minlength=n)
    weights = counted["goldstein"].to_numpy(dtype=float)
    has = ~np.isnan(weights)
    scored = np.bincount(row[has], minlength=n)
    summed = np.bincount(row[has], weights=weights[has], minlength=n)

    ok = _covered_rows(package, spans, n, setup["focal"])
    out = pd.DataFrame({"year": grid["year"].astype("Int64"),
                        "country1": grid["country1"].astype("string"), "country2": grid["country2"].astype("string")})
    for code, field in (("ccode", "cow"), ("gwcode", "gw")):
        for i in (1, 2):
            out[f"{code}{i}"] = pd.array(grid[f"country{i}"].astype(str).map(countries[field]), dtype="Int64")
    for name, dtype in (extra or {}).items():
        out[name] = pd.array(grid[name], dtype=dtype)
    outside = 0
    for name, values in data.items():
        mask = ok(feeds[name])
        outside += int((~mask).sum())
        out[name] = pd.array(values, dtype="Int64")
        out.loc[~mask, name] = pd.NA
    mask = ok(setup["weighted"])
    score = pd.array(np.divide(summed, scored, out=np.zeros(n), where=scored > 0), dtype="Float64")
    score[(scored == 0) | ~mask] = pd.NA
    out["score"] = score
    out["scored_events"] = pd.array(scored, dtype="Int64")
    out.loc[~mask, "scored_events"] = pd.NA
    note = (f"; {outside} of {n * len(data)} count cells are <NA> where the package does not cover every type "
            "that feeds them all through the row's days" if outside else "")
    return out.reset_index(drop=True), note


def _covered_rows(package, spans: pd.DataFrame, n: int, focal: set[str]):
    """A function of a list of types: for each of ``n`` rows, whether they are covered on all of the row's days."""
    lo, hi = spans["lo"].to_numpy(), spans["hi"].to_numpy()
    dyad_of = [frozenset(d) for d in zip(spans["country1"].astype(str), spans["country2"].astype(str))]
    groups: dict[frozenset, np.ndarray] = {}
    for i, d in enumerate(dyad_of):
        groups.setdefault(d, []).append(i)
    groups = {d: np.asarray(ix) for d, ix in groups.items()}
    # A pair without one of the package's focal countries is never collected systematically.
    focal_rows = np.ones(n, dtype=bool)
    for d, ix in groups.items():
        if not d & focal:
            focal_rows[spans["row"].to_numpy()[ix]] = False
    by_type: dict[str, np.ndarray] = {}

    def covered_type(event_type: str) -> np.ndarray:
        if event_type not in by_type:
            inside = np.zeros(len(spans), dtype=bool)
            for d, ix in groups.items():
                for a, b in package.covered_spans(event_type, tuple(sorted(d))):
                    inside[ix] |= (lo[ix] >= np.datetime64(a)) & (hi[ix] <= np.datetime64(b))
            by_type[event_type] = inside
        return by_type[event_type]

    rows = spans["row"].to_numpy()

    def ok(types) -> np.ndarray:
        span_ok = np.ones(len(spans), dtype=bool)
        for t in types:
            span_ok &= covered_type(t)
        # A row is covered when every one of its spans is.
        row_ok = np.ones(n, dtype=bool)
        np.logical_and.at(row_ok, rows, span_ok)
        return row_ok & focal_rows

    return ok


# --- helpers -----------------------------------------------------------------


def _dyad(events: pd.DataFrame, pair: tuple[str, str], bilateral: bool = False) -> pd.DataFrame:
    """The whole events (not parts of others) in which both countries take part (and, if ``bilateral``, no other)."""
    wholes = _args.wholes(events)
    return wholes[_args.taking_part(wholes, pair, "exactly" if bilateral else "all")]


def codebook(events: pd.DataFrame, column: str) -> pd.Series:
    """A column of the ``event_types`` codebook (family, goldstein, quad_class, label) for each event.

    The codebook is that of the events' data package.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    column : str
        A column of ``event_types``: ``family``, ``goldstein``,
        ``quad_class``, ``label``, ...

    Returns
    -------
    Series
        Aligned with ``events``, typed as the codebook column.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import codebook
    >>> ev = diplo.load("events")
    >>> codebook(ev, "family").dtype.name
    'category'
    """
    types = of(events).codebook(column)
    return events["event_type"].astype("string").map(types).astype(types.dtype)


def _with_codebook(events: pd.DataFrame, column: str) -> tuple[pd.DataFrame, int]:
    """Add a codebook column (family, quad_class, goldstein) and drop rows without it."""
    if column in ("event_type", "initiator"):
        return events, 0
    merged = events if column in events else events.assign(**{column: codebook(events, column)})
    keep = merged[column].notna()
    return merged[keep], int((~keep).sum())


def _check_freq(freq: str) -> None:
    try:
        offset = pd.tseries.frequencies.to_offset(freq)
    except (ValueError, TypeError):
        offset = None
    if not isinstance(offset, (MonthBegin, QuarterBegin, YearBegin, Week, Day)):
        raise ValueError(f"freq must be a period start frequency such as 'MS' (months), 'QS' (quarters), "
                         f"'YS' (years), 'W-MON' (weeks) or 'D' (days); got {freq!r}.")


def _periods(index: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    return pd.date_range(index.min(), index.max(), freq=freq, name="period")


def _heads(package, a: str, b: str) -> dict[str, pd.DataFrame]:
    holders = package.load("officeholders")
    heads = holders[holders["office"] == "head_of_government"]
    return {c: heads[heads["country"] == c] for c in (a, b)}


def _holder(terms: pd.DataFrame, persons: set[str], day: pd.Timestamp) -> tuple[object, str] | None:
    """The term of one of ``persons`` running on ``day``: (its row label in ``terms``, the holder's name), or None."""
    on_day = terms[(terms["start_date"] <= day) & (terms["end_date"].isna() | (terms["end_date"] >= day))]
    named = on_day[on_day["person_id"].isin(persons)]
    return (named.index[0], named["name"].iloc[0]) if len(named) else None


def _warn_empty(what: str) -> None:
    _args.warn(f"{what}; the result is empty.")


def _coverage_note(package, counted: pd.DataFrame, periods: pd.DatetimeIndex, freq: str, dyad) -> str:
    """What the note says of the periods in which the package does not cover every type counted."""
    types = sorted(set(counted["event_type"].astype(str)))
    outside = int((~package.covered(types, periods, freq, dyad)).sum())
    if not outside:
        return ""
    return (f"{outside} of {len(periods)} periods are <NA> (in total, at least) where the package does not cover "
            f"every type counted ({package.describe_coverage(types, dyad)})")
