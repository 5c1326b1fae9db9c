"""Checks of the arguments every public function shares: dates, periods, lists and names.

One home for them, so that ``start``/``end``, a list given as a string, and
"did you mean" behave the same in ``events``, analysis, plotting, coverage,
the readers and ``load_external``. The checks that need a data package's
codes (countries, event types) are methods of
:class:`diplo.package.DataPackage`; they use :func:`unknown` from here.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import warnings
from difflib import get_close_matches

from ._lazy import lazy

np = lazy("numpy")
pd = lazy("pandas")

__all__ = ["as_list", "timestamp", "period", "overlapping", "taking_part", "wholes", "unknown", "close_matches", "suggest", "pair",
           "deprecated", "warn"]


def as_list(values, what: str) -> list[str]:
    """A string as a one-item list, any other iterable of strings as a list.

    >>> as_list("KOR", "actors"), as_list(("KOR", "JPN"), "actors")
    (['KOR'], ['KOR', 'JPN'])
    """
    if isinstance(values, str):
        return [values]
    try:
        items = list(values)
    except TypeError:
        raise ValueError(f"{what} must be a string or a list of strings; got {values!r}.") from None
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{what} must be a string or a list of strings; got {item!r} in {values!r}.")
    return items


def timestamp(value, what: str) -> pd.Timestamp | None:
    """A date argument as a time-zone-naive Timestamp; None stays None.

    Strings, ``datetime.date``/``datetime``, ``numpy.datetime64`` and
    Timestamps are accepted. Numbers (``2024`` would be read as nanoseconds
    since 1970), empty strings, NaN/NaT and time-zone-aware stamps are
    refused with a message saying what to pass instead.

    >>> timestamp("2025-10-01", "start")
    Timestamp('2025-10-01 00:00:00')
    >>> timestamp(2024, "start")
    Traceback (most recent call last):
    ...
    ValueError: start must be a date like '2025-01-31'; got the number 2024 (write '2024-01-01' for a year).
    """
    if value is None:
        return None
    if isinstance(value, (bool, int, float, np.integer, np.floating)) and not (
            isinstance(value, float) and np.isnan(value)):
        raise ValueError(f"{what} must be a date like '2025-01-31'; got the number {value!r} "
                         f"(write '{int(value)}-01-01' for a year).")
    if not isinstance(value, (str, dt.date, np.datetime64, pd.Timestamp)) or (isinstance(value, str)
                                                                              and not value.strip()):
        raise ValueError(f"{what} must be a date like '2025-01-31' (or None for no bound); got {value!r}.")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{what} must be a date like '2025-01-31'; got {value!r}.") from None
    if stamp is pd.NaT:
        raise ValueError(f"{what} must be a date like '2025-01-31' (or None for no bound); got {value!r}.")
    if stamp.tzinfo is not None:
        raise ValueError(f"{what} must be a local calendar date without a time zone; got {value!r}. "
                         "diplo's dates are the local dates where events happened: pass "
                         f"'{stamp.date()}'.")
    return stamp


def period(start, end) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``start`` and ``end`` as Timestamps (or None), refusing a start after the end.

    >>> period("2025-01-01", None)
    (Timestamp('2025-01-01 00:00:00'), None)
    """
    lo, hi = timestamp(start, "start"), timestamp(end, "end")
    if lo is not None and hi is not None and lo > hi:
        raise ValueError(f"start ({lo.date()}) is after end ({hi.date()}); swap them.")
    return lo, hi


def overlapping(frame: pd.DataFrame, start, end) -> pd.Series:
    """Which rows overlap the period from ``start`` to ``end`` (both days included).

    Every function with ``start``/``end`` keeps the events that overlap the
    period: a visit from 30 Sep to 1 Oct is kept for ``start="2025-10-01"``.

    >>> ev = pd.DataFrame({"start_date": pd.to_datetime(["2025-09-30"]), "end_date": pd.to_datetime(["2025-10-01"])})
    >>> overlapping(ev, "2025-10-01", None).tolist()
    [True]
    """
    lo, hi = period(start, end)
    keep = pd.Series(True, index=frame.index)
    if lo is not None:
        keep &= frame["end_date"].fillna(frame["start_date"]) >= lo
    if hi is not None:
        keep &= frame["start_date"] <= hi
    return keep


def taking_part(frame: pd.DataFrame, countries, how: str = "all") -> pd.Series:
    """Which rows have ``countries`` among their ``participants``.

    ``how`` is ``"any"`` (one of them takes part), ``"all"`` (every one
    does) or ``"exactly"`` (they and no other country take part).

    >>> ev = pd.DataFrame({"participants": ["JPN;KOR", "JPN;KOR;USA", None]})
    >>> taking_part(ev, ["KOR", "JPN"], "exactly").tolist()
    [True, False, False]
    """
    wanted = set(countries)
    test = {"any": lambda m: not wanted.isdisjoint(m), "all": wanted.issubset,
            "exactly": lambda m: set(m) == wanted}[how]
    members = frame["participants"].astype("object").where(frame["participants"].notna(), "").str.split(";")
    return members.map(lambda m: bool(test(m))).astype(bool)


def close_matches(value, known, *, n: int = 3, cutoff: float = 0.5) -> list[str]:
    """Up to ``n`` of ``known`` that look like ``value``, closest first."""
    return get_close_matches(str(value), sorted(map(str, known)), n=n, cutoff=cutoff)


def wholes(events: pd.DataFrame) -> pd.DataFrame:
    """The events that are not part of another: a visit counts once, the summit held during it is not counted again.

    >>> ev = pd.DataFrame({"event_id": ["visit", "summit"], "part_of": [None, "visit"]})
    >>> wholes(ev)["event_id"].tolist()
    ['visit']
    """
    return events[events["part_of"].isna()] if "part_of" in events else events


def suggest(value, known, *, cutoff: float = 0.5) -> str:
    """" Did you mean ...?" with up to three close matches, or an empty string.

    >>> suggest("KRO", ["KOR", "JPN"])
    " Did you mean 'KOR'?"
    """
    close = close_matches(value, known, cutoff=cutoff)
    return f" Did you mean {', '.join(map(repr, close))}?" if close else ""


def unknown(value, known, what: str, advice: str) -> str:
    """The message for a value that is not among ``known``."""
    return f"Unknown {what}: {value!r}.{suggest(value, known)} {advice}."


def pair(dyad, b, func: str) -> tuple[str, str]:
    """The ``dyad`` argument, accepting the old positional form ``f(events, a, b)`` with a warning."""
    if b is not None:
        deprecated(f"{func}(events, a, b)", f"{func}(events, ({dyad!r}, {b!r}))")
        dyad = (dyad, b)
    if isinstance(dyad, str) or dyad is None or len(tuple(dyad)) != 2:
        raise ValueError(f"dyad must be two country codes, like ('KOR', 'JPN'); got {dyad!r}.")
    a, b = tuple(dyad)
    if not isinstance(a, str) or not isinstance(b, str):
        raise ValueError(f"dyad must be two country codes, like ('KOR', 'JPN'); got {dyad!r}.")
    if a == b:
        raise ValueError(f"dyad must be two different countries; got {dyad!r}.")
    return a, b


def deprecated(old: str, new: str) -> None:
    """Warn that ``old`` will go in a later release; ``new`` does the same."""
    warn(f"{old} is deprecated and will be removed in diplo 1.0; use {new}.", DeprecationWarning)


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """Warn, pointing at the caller's line outside diplo (as pandas' ``find_stack_level`` does)."""
    package = os.path.dirname(os.path.abspath(__file__))
    frame, level = inspect.currentframe(), 0
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package + os.sep):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level + 1)
