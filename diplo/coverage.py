"""How complete and how well sourced the curated tables are.

These functions answer the questions a careful user asks of a curated
dataset before trusting it: how many events of each kind per year, how
many sources stand behind each event, how confident the rows are, and
where the record is thin (periods with no event of a kind that usually has
some).

They count the events *recorded*; what the data package declares it
covers systematically (:attr:`diplo.DataPackage.coverage`) says where a
missing event means "did not happen" rather than "not collected", and
:func:`gaps` looks for holes only there.
"""

from __future__ import annotations

import pandas as pd

from . import _args
from .package import of

__all__ = ["counts", "sources_per_event", "gaps"]


def counts(events: pd.DataFrame, *, by: str = "event_type", freq: str = "YS") -> pd.DataFrame:
    """Events per category and period: rows are categories, columns periods.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    by : str, default "event_type"
        A categorical column of ``events`` (``event_type``, ``initiator``,
        ``confidence``, ...).
    freq : str, default "YS"
        Period start frequency of the columns.

    Returns
    -------
    DataFrame
        ``Int64`` counts, every period between the first and last event as a
        column (a ``pandas.Period``: 2024, 2024-05), categories that occur
        as rows, with a ``total`` row and column.

    Examples
    --------
    >>> import diplo
    >>> from diplo.coverage import counts
    >>> table = counts(diplo.load("events"), by="confidence")
    >>> int(table.loc["total", "total"]) == len(diplo.load("events"))
    True
    """
    if by not in events:
        raise ValueError(f"by must be a column of the events; got {by!r}.")
    package = of(events)
    if events.empty:
        return package.attach(pd.DataFrame(dtype="Int64"))
    periods = events["start_date"].dt.to_period(_period_alias(freq)).rename("period")
    table = pd.crosstab(events[by], periods)
    columns = pd.period_range(table.columns.min(), table.columns.max(), freq=table.columns.freq, name="period")
    table = table.reindex(columns=columns, fill_value=0)
    table = table[table.sum(axis=1) > 0]
    table.loc["total"] = table.sum()
    table["total"] = table.sum(axis=1)
    return package.attach(table.astype("Int64"))


def sources_per_event(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Sources and publishers behind each event.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    sources : DataFrame
        Their sources: ``diplo.load("event_sources")``.

    Returns
    -------
    DataFrame
        One row per event: ``event_id``, ``event_type``, ``confidence``,
        ``sources`` (pages cited) and ``publishers`` (distinct publishers).

    Examples
    --------
    >>> import diplo
    >>> from diplo.coverage import sources_per_event
    >>> s = sources_per_event(diplo.load("events"), diplo.load("event_sources"))
    >>> bool((s["sources"] >= 1).all())
    True
    """
    ids = events["event_id"].astype("string")
    cited = sources.assign(event_id=sources["event_id"].astype("string"))
    per = cited.groupby("event_id").agg(sources=("url", "size"), publishers=("publisher", "nunique"))
    out = pd.DataFrame({"event_id": ids, "event_type": events["event_type"], "confidence": events["confidence"]})
    out = out.join(per, on="event_id")
    out[["sources", "publishers"]] = out[["sources", "publishers"]].fillna(0).astype("Int64")
    return out.reset_index(drop=True)


def gaps(events: pd.DataFrame, *, freq: str = "MS", usual: float = 0.5, start=None, end=None) -> pd.DataFrame:
    """Periods with no event of a type that usually has some.

    A type "usually has" events when at least ``usual`` of the periods
    between ``start`` and ``end`` that the data package covers for it have
    one. Its empty covered periods are then the gaps worth a second look:
    either nothing happened, or the record is missing something. Periods
    outside the declared coverage are not gaps: nothing was collected there.

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.load`.
    freq : str, default "MS"
        Period start frequency.
    usual : float, default 0.5
        Share of periods (0 to 1) a type must fill to count as usual.
    start, end : date-like, optional
        The period examined; by default from the first to the last event.

    Returns
    -------
    DataFrame
        One row per gap: ``event_type``, ``period`` (start), and ``share``
        (the share of periods the type fills).

    Examples
    --------
    >>> import diplo
    >>> from diplo.coverage import gaps
    >>> list(gaps(diplo.load("events")).columns)
    ['event_type', 'period', 'share']
    """
    if not 0 < usual <= 1:
        raise ValueError(f"usual must be a share between 0 and 1; got {usual!r}.")
    empty = pd.DataFrame({"event_type": pd.Series(dtype="string"), "period": pd.Series(dtype="datetime64[ns]"),
                          "share": pd.Series(dtype="Float64")})
    if events.empty:
        return empty
    package = of(events)
    lo, hi = _args.period(start, end)
    lo = lo if lo is not None else events["start_date"].min()
    hi = hi if hi is not None else events["start_date"].max()
    window = events[_args.overlapping(events, lo, hi)]
    periods = pd.date_range(pd.Timestamp(lo).to_period(_period_alias(freq)).start_time, hi, freq=freq)
    if window.empty or len(periods) == 0:
        return empty
    table = counts(window, by="event_type", freq=freq).drop(index="total", columns="total")
    table.columns = pd.PeriodIndex(table.columns).start_time
    table = table.reindex(columns=periods, fill_value=0)
    rows = []
    for kind in table.index:
        covered = package.covered([str(kind)], table.columns, freq)
        if not covered.any():
            continue
        filled = table.loc[kind].to_numpy()[covered] > 0
        share = float(filled.mean())
        if share >= usual:
            rows += [(kind, period, share) for period in table.columns[covered][~filled]]
    out = pd.DataFrame(rows, columns=["event_type", "period", "share"])
    return out.astype({"event_type": "string", "period": "datetime64[ns]", "share": "Float64"})


def _period_alias(freq: str) -> str:
    """The period alias of a period-start frequency ("MS" -> "M", "YS" -> "Y")."""
    return freq[:-1] if freq in ("MS", "QS", "YS") else freq
