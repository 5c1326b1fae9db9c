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
  counts once);
- Goldstein weights and quad classes come from the ``event_types``
  codebook; types without one (elections, inaugurations, ...) are left out
  of scores and quad counts, and the note says how many.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .tables import _codes, load

__all__ = ["dyad_series", "cooperation_index", "visit_balance", "leader_pairs", "event_window", "visits",
           "joint_events", "codebook"]

#: Event types in which leaders meet in person.
LEADER_MEETINGS = ("leader_visit", "leader_meeting", "leader_meeting_sidelines")
#: Event types counted as leaders' contacts at a distance.
LEADER_CALLS = ("leader_call",)
_BY = ("event_type", "family", "quad_class", "initiator")


def dyad_series(events: pd.DataFrame, a: str, b: str, *, freq: str = "MS", by: str = "event_type",
                directed: bool = False) -> pd.DataFrame:
    """Events per period between ``a`` and ``b``, one column per category.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load` or :func:`diplo.events`.
    a, b : str
        ISO3 codes of the two countries.
    freq : str, default "MS"
        A pandas period start frequency: "MS" months, "QS" quarters,
        "YS" years, "W-MON" weeks.
    by : {"event_type", "family", "quad_class", "initiator"}
        What the columns split the counts by.
    directed : bool, default False
        False counts every event of the dyad. True counts only the events
        ``a`` initiated (``a`` -> ``b``); events a third country initiated
        (a summit hosted by Canada) are then in neither direction, so the
        undirected count is the sum of both directions plus those.

    Returns
    -------
    DataFrame
        Indexed by period start (every period from the first to the last
        event, zeros where nothing happened), one ``Int64`` column per
        category that occurs (always 1-4 for ``quad_class``), and ``total``.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import dyad_series
    >>> s = dyad_series(diplo.load("events"), "KOR", "JPN", freq="YS", by="family")
    >>> int(s.loc["2025", "total"].sum()) == len(diplo.events(dyad=("KOR", "JPN"), start="2025-01-01", end="2025-12-31"))
    True
    """
    if by not in _BY:
        raise ValueError(f"by must be one of {', '.join(_BY)}; got {by!r}.")
    _check_freq(freq)
    dyad = _dyad(events, a, b)
    notes = [f"{len(dyad)} events in which both {a} and {b} took part"]
    if directed:
        third = int((~dyad["initiator"].isin([a, b])).sum())
        dyad = dyad[dyad["initiator"] == a]
        notes.append(f"{len(dyad)} initiated by {a}; {third} initiated by a third country are in neither direction")
    dyad, dropped = _with_codebook(dyad, by)
    if dropped:
        notes.append(f"{dropped} of a type with no {by} (domestic events) left out")
    if by == "quad_class":
        categories = [1, 2, 3, 4]
    else:
        categories = [c for c in dyad[by].cat.categories if c in set(dyad[by])]
    if dyad.empty:
        _warn_empty(f"no events between {a} and {b}")
        out = pd.DataFrame({c: pd.Series(dtype="Int64") for c in [*categories, "total"]},
                           index=pd.DatetimeIndex([], name="period"))
    else:
        grouped = dyad.groupby([pd.Grouper(key="start_date", freq=freq), by], observed=True).size()
        out = grouped.unstack(by, fill_value=0).reindex(columns=categories, fill_value=0)
        out = out.reindex(_periods(out.index, freq), fill_value=0).astype("Int64")
        out["total"] = out.sum(axis=1).astype("Int64")
        out.index.name = "period"
    out.columns = pd.Index(list(out.columns), name=by)
    out.attrs["note"] = "; ".join(notes) + f"; counted by {by} per {freq} period of start_date."
    return out


def cooperation_index(events: pd.DataFrame, a: str, b: str, *, freq: str = "MS", window: int = 3,
                      normalize: bool = True) -> pd.DataFrame:
    """Goldstein-weighted net cooperation between ``a`` and ``b`` per period.

    For the events of period *t* that carry a Goldstein weight *g* (from the
    ``event_types`` codebook; -10 most conflictual, +10 most cooperative):

    .. math:: \\text{score}_t = \\sum_i g_i \\quad\\text{or, normalized,}\\quad
              \\text{score}_t = \\frac{1}{n_t} \\sum_i g_i

    Normalizing divides by the number of weighted events *n_t*, as the GDELT
    codebook advises, so a busy month is not "more cooperative" just for
    being busy. ``rolling`` is the mean of ``score`` over the last
    ``window`` periods that have a score.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    a, b : str
        ISO3 codes.
    freq : str, default "MS"
        Period start frequency.
    window : int, default 3
        Periods in the rolling mean (at least 1).
    normalize : bool, default True
        Mean instead of sum of the weights.

    Returns
    -------
    DataFrame
        Indexed by period start, every period present, with ``score``
        (``Float64``; ``<NA>`` where a normalized period has no event),
        ``events`` (``Int64``, the weighted events behind the score) and
        ``rolling`` (``Float64``).

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import cooperation_index
    >>> idx = cooperation_index(diplo.load("events"), "KOR", "JPN", freq="YS")
    >>> list(idx.columns)
    ['score', 'events', 'rolling']
    >>> bool((idx["score"].dropna().abs() <= 10).all())
    True
    """
    if not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be a whole number of periods, at least 1; got {window!r}.")
    _check_freq(freq)
    dyad = _dyad(events, a, b)
    weighted, dropped = _with_codebook(dyad, "goldstein")
    note = (f"{len(weighted)} of {len(dyad)} events between {a} and {b} carry a Goldstein weight"
            + (f"; {dropped} domestic events without one left out" if dropped else "")
            + f"; score = {'mean' if normalize else 'sum'} of weights per {freq} period"
            + f", rolling = mean over {window} periods.")
    if weighted.empty:
        _warn_empty(f"no weighted events between {a} and {b}")
        out = pd.DataFrame({"score": pd.Series(dtype="Float64"), "events": pd.Series(dtype="Int64"),
                            "rolling": pd.Series(dtype="Float64")}, index=pd.DatetimeIndex([], name="period"))
    else:
        grouped = weighted.groupby(pd.Grouper(key="start_date", freq=freq))["goldstein"]
        out = pd.DataFrame({"total": grouped.sum(), "events": grouped.count()})
        out = out.reindex(_periods(out.index, freq), fill_value=0)
        score = out["total"] / out["events"].where(out["events"] > 0) if normalize else out["total"]
        out = pd.DataFrame({
            "score": score.astype("Float64"),
            "events": out["events"].astype("Int64"),
            "rolling": score.astype(float).rolling(window, min_periods=1).mean().astype("Float64"),
        })
        out.index.name = "period"
    out.attrs["note"] = note
    return out


def visit_balance(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Leader visits each way between ``a`` and ``b``, per pair of leaders.

    A visit is a ``leader_visit`` event from one country to the other. Its
    leaders are the heads of government of the two countries named in the
    event's ``persons`` (the visitor and the host). For each visit, the
    return visit is the next visit the other way; the days between them
    measure shuttle diplomacy.

    Returns
    -------
    DataFrame
        One row per pair of leaders (``leader_a``, ``leader_b`` as names),
        with ``visits_a_to_b``, ``visits_b_to_a``, ``balance``
        (a-to-b minus b-to-a), ``median_days_to_return`` (over the pair's
        visits that were returned, by any later leader) and ``last_visit``.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import visit_balance
    >>> vb = visit_balance(diplo.load("events"), "KOR", "JPN")
    >>> row = vb[(vb.leader_a == "Lee Jae-myung") & (vb.leader_b == "Shigeru Ishiba")]
    >>> row[["visits_a_to_b", "visits_b_to_a", "balance"]].to_numpy().tolist()
    [[1, 1, 0]]
    """
    _codes([a, b], None, "a, b")
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
        return out
    heads = _heads(a, b)
    rows = []
    for visit in visits.itertuples():
        persons = set(str(visit.persons).split(";")) if pd.notna(visit.persons) else set()
        leader = {c: _holder(heads[c], persons, visit.start_date) for c in (a, b)}
        later = visits[(visits["start_date"] > visit.start_date) & (visits["initiator"] != visit.initiator)]
        days = (later["start_date"].iloc[0] - visit.start_date).days if len(later) else np.nan
        rows.append({"leader_a": leader[a], "leader_b": leader[b], "from_a": visit.initiator == a,
                     "days": days, "date": visit.start_date})
    detail = pd.DataFrame(rows)
    unknown = int(detail[["leader_a", "leader_b"]].isna().any(axis=1).sum())
    detail[["leader_a", "leader_b"]] = detail[["leader_a", "leader_b"]].fillna("(not recorded)")
    out = detail.groupby(["leader_a", "leader_b"], sort=False).agg(
        visits_a_to_b=("from_a", "sum"), visits_b_to_a=("from_a", lambda s: int((~s).sum())),
        median_days_to_return=("days", "median"), last_visit=("date", "max")).reset_index()
    out["balance"] = out["visits_a_to_b"] - out["visits_b_to_a"]
    out = out[list(columns)].astype(columns)
    out.attrs["note"] = (f"{len(visits)} leader visits between {a} and {b}"
                         + (f"; {unknown} name no head of government in persons" if unknown else "")
                         + "; days to return = days to the next visit the other way.")
    return out


def leader_pairs(events: pd.DataFrame, a: str, b: str, *, office: str = "head_of_government") -> pd.DataFrame:
    """Every pair of officeholders of ``a`` and ``b`` in office at the same time, and how often they met.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    a, b : str
        ISO3 codes.
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
        ``first_meeting`` / ``last_meeting``. Terms still running end today.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import leader_pairs
    >>> lp = leader_pairs(diplo.load("events"), "KOR", "JPN")
    >>> pair = lp[(lp.name_a == "Lee Jae-myung") & (lp.name_b == "Shigeru Ishiba")]
    >>> print(pair[["name_a", "name_b", "overlap_start", "overlap_end"]].to_string(index=False))
           name_a         name_b overlap_start overlap_end
    Lee Jae-myung Shigeru Ishiba    2025-06-04  2025-10-21
    >>> int(pair["meetings"].item())  # Kananaskis, Tokyo and Busan
    3
    """
    _codes([a, b], None, "a, b")
    holders = load("officeholders")
    known = list(holders["office"].cat.categories)
    if office not in known:
        from .tables import _unknown

        raise ValueError(_unknown(office, known, "office", "Offices are listed in data/README.md"))
    today = pd.Timestamp.today().normalize()
    terms = holders[holders["office"] == office].assign(end=lambda d: d["end_date"].fillna(today))
    ta, tb = terms[terms["country"] == a], terms[terms["country"] == b]
    pairs = ta.merge(tb, how="cross", suffixes=("_a", "_b"))
    pairs["overlap_start"] = pairs[["start_date_a", "start_date_b"]].max(axis=1)
    pairs["overlap_end"] = pairs[["end_a", "end_b"]].min(axis=1)
    pairs = pairs[pairs["overlap_end"] >= pairs["overlap_start"]].sort_values("overlap_start", kind="stable")
    dyad = _dyad(events, a, b)
    persons = dyad["persons"].fillna("").str.split(";")
    rows = []
    for p in pairs.itertuples():
        both = persons.map(lambda m: p.person_id_a in m and p.person_id_b in m).astype(bool)
        during = dyad["start_date"].between(p.overlap_start, p.overlap_end)
        met = dyad[both & during & dyad["event_type"].isin(LEADER_MEETINGS)]
        calls = dyad[both & during & dyad["event_type"].isin(LEADER_CALLS)]
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
                         f"included; terms still running end {today.date()}); meetings = "
                         f"{', '.join(LEADER_MEETINGS)} naming both; calls = {', '.join(LEADER_CALLS)}.")
    return out


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
        itself counts as a response. The anchor itself is never counted.

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
    if isinstance(anchors, pd.DataFrame):
        anchor_rows = anchors
    else:
        ids = [anchors] if isinstance(anchors, str) else list(anchors)
        pool = load("events")
        missing = [i for i in ids if i not in set(pool["event_id"])]
        if missing:
            from .tables import _unknown

            raise ValueError(_unknown(missing[0], list(pool["event_id"]), "anchor event_id",
                                      "Pass event ids from diplo.load('events'), or a DataFrame of events"))
        anchor_rows = pool.set_index("event_id").loc[ids].reset_index()
    counted, dropped = _with_codebook(events, by)
    categories = [1, 2, 3, 4] if by == "quad_class" else [c for c in counted[by].cat.categories
                                                          if c in set(counted[by])]
    rows = {}
    for anchor in anchor_rows.itertuples():
        others = counted[counted["event_id"] != anchor.event_id]
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
    return out


def visits(events: pd.DataFrame, country: str, *, types=("leader_visit",)) -> pd.DataFrame:
    """Visits a country made and received, per partner country.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    country : str
        ISO3 code.
    types : tuple of str, default ("leader_visit",)
        Event types counted as visits (add ``"minister_visit"`` for ministers).

    Returns
    -------
    DataFrame
        One row per partner, most visits first: ``partner``, ``made`` (visits
        by ``country`` to the partner), ``received`` (the partner's visits to
        ``country``), ``balance`` (made minus received), ``first`` and
        ``last`` visit either way.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import visits
    >>> v = visits(diplo.load("events"), "KOR")
    >>> bool((v["made"] + v["received"] > 0).all())
    True
    """
    _codes([country], None, "country")
    chosen = events[events["event_type"].isin(list(types)) & events["target"].notna()
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
    return out


#: Event types grouped by the level at which the countries met.
LEVELS = {"leaders": ("leader_visit", "leader_meeting", "leader_meeting_sidelines", "leader_call"),
          "ministers": ("minister_visit", "minister_meeting", "minister_call"),
          "documents": ("joint_statement", "agreement")}


def joint_events(events: pd.DataFrame, members, *, levels=("leaders", "ministers", "documents")) -> pd.DataFrame:
    """Meetings, calls and documents in which *all* ``members`` took part, with their level.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    members : list of str
        ISO3 codes, e.g. ``["KOR", "JPN", "USA"]``.
    levels : tuple of str
        Any of ``"leaders"``, ``"ministers"``, ``"documents"`` (see :data:`LEVELS`).

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
    codes = [members] if isinstance(members, str) else list(members)
    if len(codes) < 2:
        raise ValueError(f"members must name at least two countries; got {members!r}.")
    _codes(codes, None, "members")
    unknown = set(levels) - set(LEVELS)
    if unknown:
        raise ValueError(f"levels must be among {', '.join(LEVELS)}; got {', '.join(sorted(unknown))}.")
    level_of = {t: level for level in levels for t in LEVELS[level]}
    members_of = events["participants"].fillna("").str.split(";")
    keep = members_of.map(lambda m: set(codes) <= set(m)).astype(bool) & events["event_type"].isin(list(level_of))
    out = events[keep].copy()
    out["level"] = pd.Categorical(out["event_type"].astype("string").map(level_of), categories=list(levels))
    text = out["title"].fillna("") + " " + out["description"].fillna("")
    out["mentions_dprk"] = text.str.contains(r"North Korea|DPRK|Pyongyang|denucleari", case=False, regex=True)
    if out.empty:
        _warn_empty(f"no events with all of {', '.join(codes)}")
    out.attrs["note"] = (f"{len(out)} events in which all of {', '.join(codes)} took part, at the levels "
                         f"{', '.join(levels)}.")
    return out.reset_index(drop=True)


# --- helpers -----------------------------------------------------------------


def _dyad(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    _codes([a, b], None, "a, b")
    if a == b:
        raise ValueError(f"a and b must be two different countries; got {a!r} twice.")
    members = events["participants"].fillna("").str.split(";")
    keep = members.map(lambda m: a in m and b in m).astype(bool)
    return events[keep]


def codebook(events: pd.DataFrame, column: str) -> pd.Series:
    """A column of the ``event_types`` codebook (family, goldstein, quad_class, label) for each event.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import codebook
    >>> ev = diplo.load("events")
    >>> codebook(ev, "family").dtype.name
    'category'
    """
    types = load("event_types").set_index("code")[column]
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
    if offset is None or not getattr(offset, "_prefix", "").endswith(("MS", "QS", "YS", "W")) and freq != "D":
        raise ValueError(f"freq must be a period frequency such as 'MS' (months), 'QS' (quarters), "
                         f"'YS' (years), 'W-MON' (weeks) or 'D' (days); got {freq!r}.")


def _periods(index: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    return pd.date_range(index.min(), index.max(), freq=freq, name="period")


def _heads(a: str, b: str) -> dict[str, pd.DataFrame]:
    holders = load("officeholders")
    heads = holders[holders["office"] == "head_of_government"]
    return {c: heads[heads["country"] == c] for c in (a, b)}


def _holder(terms: pd.DataFrame, persons: set[str], day: pd.Timestamp):
    on_day = terms[(terms["start_date"] <= day) & (terms["end_date"].isna() | (terms["end_date"] >= day))]
    named = on_day[on_day["person_id"].isin(persons)]
    return named["name"].iloc[0] if len(named) else None


def _warn_empty(what: str) -> None:
    warnings.warn(f"{what}; the result is empty.", UserWarning, stacklevel=3)
