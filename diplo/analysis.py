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
  counted (its declared coverage, :attr:`DataPackage.coverage`) is
  ``<NA>``, not 0: there a missing event means "not collected".
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.tseries.offsets import Day, MonthBegin, QuarterBegin, Week, YearBegin

from . import _args
from .package import of

__all__ = ["dyad_series", "cooperation_index", "visit_balance", "leader_pairs", "event_window", "visits",
           "joint_events", "codebook"]

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
        (see :attr:`DataPackage.coverage`); zeros are real zeros.

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


# --- helpers -----------------------------------------------------------------


def _dyad(events: pd.DataFrame, pair: tuple[str, str], bilateral: bool = False) -> pd.DataFrame:
    """The whole events (not parts of others) in which both countries take part (and, if ``bilateral``, no other)."""
    wholes = _args.wholes(events)
    return wholes[_args.taking_part(wholes, pair, "exactly" if bilateral else "all")]


def codebook(events: pd.DataFrame, column: str) -> pd.Series:
    """A column of the ``event_types`` codebook (family, goldstein, quad_class, label) for each event.

    The codebook is that of the events' data package.

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
