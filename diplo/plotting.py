"""Charts of a relationship, in one house style.

Axes-level functions have one shape, ``f(data, *, ..., ax=None, **kwargs)``:
they draw on ``ax`` (or the current axes), return it and touch nothing else;
there is no ``show`` or ``savefig`` inside. :func:`dyad_dashboard` is the
one figure-level function and owns its figure. Every chart uses the style
sheet ``diplo/styles/diplo.mplstyle`` and fixed, colour-blind-safe colours
per country (:data:`COUNTRY_COLORS`) and per event family
(:data:`FAMILY_COLORS`), so a colour means the same thing in every report.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd

from ._optional import require

# Asked for first, so that a missing matplotlib is one message naming the extra, not a traceback.
mpl = require("matplotlib", "draw diplo's charts")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import patheffects  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Circle, FancyArrowPatch, Patch  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

from . import _args, analysis  # noqa: E402
from .package import of  # noqa: E402

__all__ = ["STYLE", "COUNTRY_COLORS", "FAMILY_COLORS", "QUAD_COLORS", "QUAD_LABELS", "timeline", "tenure_bands",
           "index_line", "quad_counts", "visit_flows", "coverage_heatmap", "dyad_dashboard"]

#: The house style sheet; ``plt.style.use(diplo.plotting.STYLE)`` applies it to a user's own charts.
STYLE = str(Path(__file__).with_name("styles") / "diplo.mplstyle")

#: One colour per country (Okabe-Ito palette); other countries are grey.
COUNTRY_COLORS = {"KOR": "#0072B2", "JPN": "#D55E00", "USA": "#009E73", "PRK": "#000000",
                  "CHN": "#CC79A7", "RUS": "#E69F00"}
#: One colour per event family.
FAMILY_COLORS = {"diplomacy": "#0072B2", "multilateral": "#56B4E9", "agreement": "#009E73",
                 "rhetoric": "#CC79A7", "politics": "#8C8C8C", "military": "#D55E00",
                 "coercion": "#E69F00", "dispute": "#000000"}
#: Colours of the four quad classes: cooperation in blues, conflict in oranges.
QUAD_COLORS = {1: "#56B4E9", 2: "#0072B2", 3: "#E69F00", 4: "#D55E00"}
QUAD_LABELS = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
_OTHER = "#999999"
# Thickness of a multi-day event's line, in points: the diameter of a one-day marker (s=36 points squared),
# so the shortest span is never narrower than a one-day event.
_SPAN_POINTS = 6.0


def _styled(func):
    """Draw inside the house style, whatever the user's rcParams are."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(fname=STYLE):
            return func(*args, **kwargs)

    return wrapper


def _country_order(codes) -> list[str]:
    """The core countries in a fixed order (KOR, JPN, USA, PRK, CHN, RUS), then the rest alphabetically."""
    present = set(codes)
    core = [c for c in COUNTRY_COLORS if c in present]
    return core + sorted(present - set(core))


def country_color(code: str) -> str:
    """The fixed colour of a country (grey for countries outside the core six)."""
    return COUNTRY_COLORS.get(code, _OTHER)


@_styled
def timeline(events: pd.DataFrame, *, lanes: str = "event_type", annotate=None, tenures=None, ax=None, **kwargs):
    """Events on a time axis, one lane per category.

    One-day events are markers; multi-day events are thick lines from the
    start of the first day to the end of the last, with round caps and,
    like the markers, a white outline that keeps neighbouring events
    apart. Their thickness and caps are in points, not days, so a two-day
    visit on an axis of decades is still a visible capsule at least as
    wide as a marker, whatever the size of the figure (the caps add half
    the thickness, 3 points, at each end). Colours are the event families
    (or the initiating country when ``lanes="initiator"``).

    Parameters
    ----------
    events : DataFrame
        Events, as from :func:`diplo.events`.
    lanes : {"event_type", "family", "initiator"}
        What each lane holds.
    annotate : list of str, boolean Series, or column name, optional
        Events to label with their title: event ids, a boolean mask aligned
        with ``events``, or the name of a boolean column.
    tenures : DataFrame, optional
        Officeholders (rows of ``diplo.load("officeholders")``) drawn as
        bands under the lanes, one band per country.
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    **kwargs
        Passed to the ``scatter`` call of every colour group's one-day
        markers (``s=120``, ``marker="D"``); not ``color``, ``c`` or
        ``label``, which the chart sets.

    Returns
    -------
    matplotlib.axes.Axes

    Raises
    ------
    ValueError
        For an unknown ``lanes``, ``annotate`` naming events not in
        ``events``, or ``color``, ``c`` or ``label`` in ``kwargs``.

    Examples
    --------
    >>> import diplo
    >>> import matplotlib.pyplot as plt
    >>> from diplo.plotting import timeline
    >>> ev = diplo.events(dyad=("KOR", "JPN"))
    >>> fig, ax = plt.subplots()
    >>> ax = timeline(ev, annotate=["20250930-ishiba-visits-busan"], ax=ax)
    >>> len(ax.get_yticklabels()) == ev["event_type"].nunique()  # one lane per type
    True
    >>> from matplotlib.collections import LineCollection
    >>> spans = sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection))
    >>> markers = sum(len(c.get_offsets()) for c in ax.collections if not isinstance(c, LineCollection))
    >>> spans + markers == len(ev)  # every event is drawn, however short
    True
    """
    ax = ax if ax is not None else plt.gca()
    if lanes not in ("event_type", "family", "initiator"):
        raise ValueError(f"lanes must be 'event_type', 'family' or 'initiator'; got {lanes!r}.")
    clash = sorted({"color", "c", "label"} & set(kwargs))
    if clash:
        raise ValueError(f"timeline colours and labels its markers itself; leave out {', '.join(clash)} "
                         "(colours follow the event family, or the initiator with lanes='initiator').")
    package = of(events)
    data = events.assign(family=analysis.codebook(events, "family"))
    present = [c for c in data[lanes].cat.categories if c in set(data[lanes])] if len(data) else []
    y_of = {c: len(present) - i for i, c in enumerate(present)}
    if lanes == "initiator":
        colors = data[lanes].map(lambda c: country_color(c)).astype(str)
        groups = [(c, country_color(c)) for c in present]
        key = lanes
    else:
        colors = data["family"].map(FAMILY_COLORS).astype(str)
        groups = [(f, FAMILY_COLORS[f]) for f in FAMILY_COLORS if f in set(data["family"])]
        key = "family"
    y = data[lanes].map(y_of).astype(float)
    multi = (data["end_date"] > data["start_date"]).to_numpy()
    ax.xaxis_date()  # the spans are drawn in date numbers; a frame of spans only still gets a date axis
    if multi.any():
        first = mdates.date2num(data["start_date"][multi])
        after_last = mdates.date2num(data["end_date"][multi] + pd.Timedelta(days=1))
        segments = np.stack([np.column_stack([first, y[multi]]), np.column_stack([after_last, y[multi]])], axis=1)
        # snap=False: Agg snaps both ends of a sub-pixel segment to one pixel and then draws no cap at all.
        spans = LineCollection(segments, colors=colors[multi].tolist(), linewidths=_SPAN_POINTS, capstyle="round",
                               snap=False, alpha=0.9, zorder=2.5, label="multi-day events",
                               path_effects=[patheffects.Stroke(linewidth=_SPAN_POINTS + 1.2, foreground="white"),
                                             patheffects.Normal()])
        ax.add_collection(spans)
    style = {"s": _SPAN_POINTS ** 2, "edgecolor": "white", "linewidth": 0.6, "zorder": 3, **kwargs}
    for name, color in groups:
        sel = ((data[key] == name).to_numpy() & ~multi)
        ax.scatter(data["start_date"][sel], y[sel], color=color, label=name, **style)
    labels = package.codebook("label").to_dict() if lanes == "event_type" else {}
    ax.set_yticks(list(y_of.values()), [labels.get(c, c) for c in y_of])
    term_lanes = {} if tenures is None else {c: -i for i, c in enumerate(_country_order(tenures["country"]))}
    ax.set_ylim(0.3 - len(term_lanes), len(present) + 0.7)
    if term_lanes:
        span = (data["start_date"].min(), data["end_date"].max()) if len(data) else None
        _draw_terms(ax, tenures, term_lanes, of(tenures, package.folder), span=span)
    for row, yy in zip(data[_mask(data, annotate)].itertuples(), y[_mask(data, annotate)]):
        ax.annotate(_short(row.title, 38), (row.start_date, yy), xytext=(0, 9), textcoords="offset points",
                    fontsize=8.5, ha="center", va="bottom", arrowprops={"arrowstyle": "-", "color": "#777777",
                                                                       "lw": 0.6})
    _date_axis(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    if groups:
        handles = [Patch(color=c, label=n) for n, c in groups]
        if multi.any():
            handles.append(Line2D([], [], color="#bbbbbb", lw=_SPAN_POINTS, solid_capstyle="round",
                                  label="line: multi-day event"))
        # Below the dates, in one or two rows, so it never covers a lane or the title.
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.09), ncols=min(len(handles), 6),
                  borderaxespad=0)
        if not ax.get_title(loc="left"):
            ax.set_title(f"Events by {'type' if lanes == 'event_type' else lanes}; colour: "
                         + key.replace("family", "event family"),
                         loc="left")
    return ax


@_styled
def tenure_bands(officeholders: pd.DataFrame, *, actors=None, office: str = "head_of_government", ax=None,
                 countries=None, **kwargs):
    """Who held an office when, as a Gantt chart with one row per country.

    Parameters
    ----------
    officeholders : DataFrame
        Rows of ``diplo.load("officeholders")``.
    actors : str or list of str
        ISO3 codes of the countries, one lane each, top to bottom.
        (``countries=`` is the deprecated name.)
    office : str, default "head_of_government"
        The office drawn.
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    countries : str or list of str, optional
        Deprecated (until 1.0): the old name of ``actors``.
    **kwargs
        Passed to the ``barh`` calls of the terms.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Terms still running end at the data package's ``as_of`` date.

    Examples
    --------
    >>> import diplo
    >>> import matplotlib.pyplot as plt
    >>> from diplo.plotting import tenure_bands
    >>> fig, ax = plt.subplots()
    >>> ax = tenure_bands(diplo.load("officeholders"), actors=["KOR", "JPN"], ax=ax)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['South Korea', 'Japan']
    """
    ax = ax if ax is not None else plt.gca()
    if countries is not None:
        _args.deprecated("tenure_bands(..., countries=...)", "tenure_bands(..., actors=...)")
        actors = countries
    if actors is None:
        raise ValueError("tenure_bands needs actors: the ISO3 codes of the countries to draw, like ['KOR', 'JPN'].")
    package = of(officeholders)
    codes = package.countries(actors, "actors")
    terms = officeholders[(officeholders["office"] == office) & officeholders["country"].isin(codes)]
    ax.set_yticks([])  # the lanes are the only ticks
    _draw_terms(ax, terms, {c: len(codes) - i for i, c in enumerate(codes)}, package, **kwargs)
    ax.set_ylim(0.4, len(codes) + 0.6)
    note = " (thin bars: acting)" if terms["acting"].fillna(False).any() else ""
    plural = {"head_of_state": "Heads of state", "head_of_government": "Heads of government",
              "prime_minister": "Prime ministers", "foreign_minister": "Foreign ministers",
              "defense_minister": "Defence ministers", "party_official": "Party officials"}
    ax.set_title(f"{plural.get(office, office)} in office{note}", loc="left")
    _date_axis(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    return ax


@_styled
def index_line(data: pd.DataFrame, *, aggregation: str | None = None, ax=None, normalize: bool | None = None,
               **kwargs):
    """Plot :func:`diplo.analysis.cooperation_index`: score, rolling mean, and the events behind each score.

    The events behind each period's score are light bars on a second y
    axis, on the right and labelled "events", so a reader sees when a
    swing rests on one event and reads the count off its own scale, never
    off the score's. The bars fill at most the lowest fifth of the chart.
    Periods the data package does not cover are gaps in the lines.

    The score's axis follows ``data.attrs["aggregation"]``: a mean per
    event runs over Goldstein's scale, -10 to 10; a sum is scaled to its
    values, so no period is cut off.

    Parameters
    ----------
    data : DataFrame
        The output of :func:`~diplo.analysis.cooperation_index` (columns
        ``score``, ``events`` and ``rolling_mean``).
    aggregation : {"mean", "sum"}, optional
        What ``score`` is per period; by default
        ``data.attrs["aggregation"]``, which ``cooperation_index`` sets.
        Only a frame that has lost its ``attrs`` needs it.
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    normalize : bool, optional
        Deprecated: ``normalize=True`` is ``aggregation="mean"`` and
        ``normalize=False`` is ``aggregation="sum"``.
    **kwargs
        Passed to the ``plot`` call of the score.

    Returns
    -------
    matplotlib.axes.Axes
        The score's axes. The count axis is its twin (``ax.twinx()``), the
        axes of the figure labelled "events".

    Raises
    ------
    ValueError
        If ``data`` lacks a column of ``cooperation_index``'s output, or
        neither ``aggregation`` nor ``data.attrs["aggregation"]`` says
        ``"mean"`` or ``"sum"``.

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import cooperation_index
    >>> import matplotlib.pyplot as plt
    >>> from diplo.plotting import index_line
    >>> fig, ax = plt.subplots()
    >>> ax = index_line(cooperation_index(diplo.load("events"), ("KOR", "JPN")), ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['score per period', 'rolling mean', 'events behind the score']
    >>> ax.get_ylabel(), [float(v) for v in ax.get_ylim()]
    ('Goldstein score (mean per event)', [-10.5, 10.5])
    >>> [a.get_ylabel() for a in fig.axes]  # the score's axes and the count axis
    ['Goldstein score (mean per event)', 'events']
    """
    ax = ax if ax is not None else plt.gca()
    index = data
    missing = {"score", "events", "rolling_mean"} - set(index.columns)
    if missing:
        raise ValueError(f"index_line needs the output of cooperation_index; missing {', '.join(sorted(missing))}.")
    if normalize is not None:
        _args.deprecated("index_line(..., normalize=...)", "index_line(..., aggregation='mean' or 'sum')")
        aggregation = aggregation or ("mean" if normalize else "sum")
    if aggregation is None:
        aggregation = index.attrs.get("aggregation")
        if aggregation is None:
            raise ValueError("index_line cannot tell whether the score is a mean or a sum per period: the frame has "
                             "no attrs['aggregation'] (cooperation_index sets it; some pandas operations drop attrs). "
                             "Pass aggregation='mean' or aggregation='sum'.")
    if aggregation not in ("mean", "sum"):
        raise ValueError(f"aggregation must be 'mean' or 'sum' (what the score is per period); got {aggregation!r}.")
    x = index.index
    # The counts' axis is drawn under the score's, so its bars never cover the lines.
    counts = ax.twinx()
    ax.set_zorder(counts.get_zorder() + 1)
    ax.patch.set_visible(False)
    ax.axhline(0, color="#555555", lw=0.8)
    score = ax.plot(x, index["score"].astype(float), marker="o", ms=3.5, lw=1, alpha=0.55, color="#0072B2",
                    label="score per period", **kwargs)[0]
    rolling = ax.plot(x, index["rolling_mean"].astype(float), lw=2.4, color="#0072B2", label="rolling mean")[0]
    volume = index["events"].astype(float).fillna(0).to_numpy()
    bars = counts.bar(mdates.date2num(x), volume, width=_bar_width(x), color="#999999", alpha=0.35,
                      label="events behind the score")
    tallest = max(volume.max(initial=0), 1)
    # Five times the tallest bar: the bars keep to the lowest fifth; the scale stops at the tallest, its top tick.
    counts.set_ylim(0, tallest * 5)
    counts.set_yticks([0, tallest])
    counts.spines["right"].set_visible(True)
    counts.spines["right"].set_bounds(0, tallest)
    counts.grid(False)
    counts.set_ylabel("events", loc="bottom", color="#666666")
    counts.tick_params(axis="y", colors="#666666")
    ax.set_ylabel(f"Goldstein score ({'mean per event' if aggregation == 'mean' else 'sum'})")
    if aggregation == "mean":
        ax.set_ylim(-10.5, 10.5)
    ax.legend(handles=[score, rolling, bars], loc="upper left", ncols=3)
    _date_axis(ax)
    return ax


@_styled
def quad_counts(data: pd.DataFrame, *, ax=None, **kwargs):
    """Plot ``dyad_series(by="quad_class")`` as stacked bars: cooperation up, conflict down.

    Periods the data package does not cover are left empty.

    Parameters
    ----------
    data : DataFrame
        The output of ``dyad_series(..., by="quad_class")``.
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    **kwargs
        Passed to the ``bar`` calls.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import diplo
    >>> from diplo.analysis import dyad_series
    >>> import matplotlib.pyplot as plt
    >>> from diplo.plotting import quad_counts
    >>> fig, ax = plt.subplots()
    >>> ax = quad_counts(dyad_series(diplo.load("events"), ("KOR", "JPN"), freq="QS", by="quad_class"), ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict']
    """
    ax = ax if ax is not None else plt.gca()
    series = data
    missing = {1, 2, 3, 4} - set(series.columns)
    if missing:
        raise ValueError("quad_counts needs dyad_series(..., by='quad_class'); "
                         f"quad classes {sorted(missing)} are missing from the columns.")
    x = mdates.date2num(series.index)
    width = _bar_width(series.index)
    up = np.zeros(len(series))
    down = np.zeros(len(series))
    for q in (1, 2, 3, 4):
        values = series[q].astype(float).fillna(0).to_numpy()
        if q <= 2:
            ax.bar(x, values, width=width, bottom=up, color=QUAD_COLORS[q], label=QUAD_LABELS[q], **kwargs)
            up += values
        else:
            ax.bar(x, -values, width=width, bottom=-down, color=QUAD_COLORS[q], label=QUAD_LABELS[q], **kwargs)
            down += values
    ax.axhline(0, color="#555555", lw=0.8)
    if len(series):  # headroom above the tallest bar for the legend
        ax.set_ylim(-max(down.max(), 1) * 1.1, max(up.max(), 1) * 1.45)
    ax.yaxis.set_major_locator(mpl.ticker.MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{abs(v):g}"))
    ax.set_ylabel("events (conflict below the line)")
    ax.legend(loc="upper left", ncols=2)
    ax.xaxis_date()
    _date_axis(ax)
    return ax


@_styled
def visit_flows(events: pd.DataFrame, *, types="leader_visit", ax=None, **kwargs):
    """Who visited whom: arrows between countries, labelled with the number of visits.

    Parameters
    ----------
    events : DataFrame
        Events; only those of ``types`` with an initiator and a target count.
    types : str or list of str, default "leader_visit"
        Event types, families or groups counted as visits (add
        ``"minister_visit"`` for ministers).
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    **kwargs
        Passed to the arrows (``FancyArrowPatch``).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import diplo
    >>> import matplotlib.pyplot as plt
    >>> from diplo.plotting import visit_flows
    >>> fig, ax = plt.subplots()
    >>> ax = visit_flows(diplo.load("events"), ax=ax)
    >>> sorted(t.get_text() for t in ax.texts if t.get_text().isalpha())
    ['CHN', 'JPN', 'KOR', 'PRK', 'RUS', 'USA']
    """
    ax = ax if ax is not None else plt.gca()
    types = of(events).types(types)
    visits = events[events["event_type"].isin(types) & events["target"].notna()]
    flows = visits.groupby(["initiator", "target"], observed=True).size()
    flows = flows[flows > 0]
    nodes = list(dict.fromkeys([*flows.index.get_level_values(0), *flows.index.get_level_values(1)]))
    nodes = _country_order(nodes)
    angle = np.pi / 2 + 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)
    pos = {c: (np.cos(t), np.sin(t)) for c, t in zip(nodes, angle)}
    radius = 0.2
    for code, (px, py) in pos.items():
        ax.add_patch(Circle((px, py), radius, color=country_color(code), zorder=2))
        ax.text(px, py, code, ha="center", va="center", color="white", fontweight="bold", zorder=3)
    biggest = flows.max() if len(flows) else 1
    for (src, dst), n in flows.items():
        arrow = FancyArrowPatch(pos[src], pos[dst], connectionstyle="arc3,rad=0.18", arrowstyle="-|>",
                                mutation_scale=14, lw=1 + 3 * n / biggest, color=country_color(src),
                                shrinkA=radius * 110, shrinkB=radius * 110, zorder=1, **kwargs)
        ax.add_patch(arrow)
        (sx, sy), (dx, dy) = pos[src], pos[dst]
        mx, my = (sx + dx) / 2, (sy + dy) / 2
        # The label sits on the arrow's side of the line (arc3 bends to the right of travel).
        nx, ny = dy - sy, -(dx - sx)
        ax.text(mx + 0.17 * nx, my + 0.17 * ny, str(n), ha="center", va="center", fontsize=10,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none"}, zorder=4)
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.set_axis_off()
    what = " and ".join(t.replace("_", " ") + "s" for t in types)
    ax.set_title(f"{what.capitalize()} (visitor \u2192 host)" if len(flows) else f"No {what}", loc="left")
    return ax


@_styled
def coverage_heatmap(data: pd.DataFrame, *, ax=None, **kwargs):
    """Plot :func:`diplo.coverage.counts` as a heat map with the count in each cell.

    Empty cells are white, so gaps stand out; the ``total`` row and column
    are left out of the colours.

    Parameters
    ----------
    data : DataFrame
        The output of :func:`diplo.coverage.counts`.
    ax : matplotlib Axes, optional
        Where to draw; the current axes by default.
    **kwargs
        Passed to ``imshow``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import diplo
    >>> import matplotlib.pyplot as plt
    >>> from diplo.coverage import counts
    >>> from diplo.plotting import coverage_heatmap
    >>> fig, ax = plt.subplots()
    >>> ax = coverage_heatmap(counts(diplo.events(start="2024-01-01", end="2025-12-31")), ax=ax)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2024', '2025']
    """
    ax = ax if ax is not None else plt.gca()
    table = data
    body = table.drop(index="total", columns="total", errors="ignore")
    values = body.to_numpy(dtype=float)
    shown = np.where(values > 0, values, np.nan)
    cmap = mpl.colormaps["Blues"].with_extremes(bad="white")
    ax.imshow(shown, aspect="auto", cmap=cmap, vmin=0, vmax=max(np.nanmax(values, initial=1), 1),
                      interpolation="nearest", **kwargs)
    for (i, j), v in np.ndenumerate(values):
        if v > 0:
            ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=8,
                    color="white" if v > 0.6 * np.nanmax(values) else "#222222")
    labels = of(table).codebook("label").to_dict()
    ax.set_yticks(range(len(body)), [labels.get(str(r), str(r)) for r in body.index])
    ax.set_xticks(range(body.shape[1]), [str(c) for c in body.columns], rotation=90 if body.shape[1] > 12 else 0)
    ax.grid(False)
    ax.tick_params(length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title("Events per type and period (white: none)", loc="left")
    return ax


def dyad_dashboard(data=None, dyad=None, *, start=None, end=None, data_dir=None):
    """The first page of a dyad report: timeline, cooperation index, quad counts and visit flows.

    Parameters
    ----------
    data : DataFrame
        Events (``diplo.events(dyad=...)``, or any frame of events); those in
        which both countries take part are drawn, with the codebook of the
        frame's data package.
    dyad : tuple of two str
        ISO3 codes, ``("KOR", "JPN")``.
    start, end : date-like, optional
        The period shown (default: every event of the dyad in ``data``).
    data_dir : path-like, optional
        Only for the deprecated form ``dyad_dashboard("KOR", "JPN", ...)``,
        which loads the events itself.

    Returns
    -------
    matplotlib.figure.Figure
        Laid out by constrained layout, which the dashboard sets on its own
        figure (the style sheet sets no layout engine). To lay it out
        otherwise, ``fig.set_layout_engine("tight")``; ``fig.tight_layout()``
        does the same once, with matplotlib's warning that the layout changed.

    Examples
    --------
    >>> import diplo
    >>> from diplo.plotting import dyad_dashboard
    >>> fig = dyad_dashboard(diplo.events(dyad=("KOR", "JPN"), start="2025-01-01"), ("KOR", "JPN"))
    >>> len(fig.axes)  # four panels; the cooperation index has a second y axis for its counts
    5
    """
    if isinstance(data, str):  # the first release's dyad_dashboard(a, b, start=..., data_dir=...)
        _args.deprecated("dyad_dashboard(a, b, ...)", "dyad_dashboard(diplo.events(dyad=(a, b)), (a, b))")
        from .package import open as open_package

        pair = (data, dyad)
        data = open_package(data_dir).events(dyad=pair, start=start, end=end)
        dyad = pair
    if not isinstance(data, pd.DataFrame):
        raise ValueError("dyad_dashboard needs a DataFrame of events first, like "
                         "dyad_dashboard(diplo.events(dyad=('KOR', 'JPN')), ('KOR', 'JPN')).")
    package = of(data)
    a, b = package.dyad(dyad)
    lo, hi = _args.period(start, end)
    events = data[_args.taking_part(data, (a, b)) & _args.overlapping(data, lo, hi)]
    with mpl.rc_context(fname=STYLE):
        names = package.load("countries").set_index("iso3")["name"]
        span = (events["start_date"].max() - events["start_date"].min()).days if len(events) else 0
        freq = "QS" if span > 3 * 365 else "MS"
        fig = plt.figure(figsize=(11, 11), layout="constrained")
        grid = fig.add_gridspec(3, 2, height_ratios=[1.7, 1, 1.1], width_ratios=[1.6, 1])
        lanes = fig.add_subplot(grid[0, :])
        index = fig.add_subplot(grid[1, :], sharex=lanes)
        quads = fig.add_subplot(grid[2, 0], sharex=lanes)
        flows = fig.add_subplot(grid[2, 1])
        timeline(events, ax=lanes)
        lanes.set_title("Events by type; colour: event family", loc="left")
        index_line(analysis.cooperation_index(events, (a, b), freq=freq), ax=index)
        index.set_title(f"Net cooperation ({'quarterly' if freq == 'QS' else 'monthly'}, Goldstein-weighted)",
                        loc="left")
        quad_counts(analysis.dyad_series(events, (a, b), freq=freq, by="quad_class"), ax=quads)
        quads.set_title("Cooperation and conflict", loc="left")
        visit_flows(events, ax=flows)
        period = ""
        if len(events):
            # The shared time axis spans the period asked for, not just the events found in it.
            first = lo if lo is not None else events["start_date"].min()
            last = hi if hi is not None else events["end_date"].max()
            pad = pd.Timedelta(days=max(5, (last - first).days // 50))
            lanes.set_xlim(mdates.date2num(first - pad), mdates.date2num(last + pad))
            period = f"{first.date()} to {last.date()}"
        fig.suptitle(f"{names[a]} - {names[b]}: {len(events)} events, {period}", x=0.01, ha="left",
                     fontsize=14, fontweight="bold")
    return fig


# --- helpers -----------------------------------------------------------------


def _date_axis(ax) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _bar_width(index: pd.DatetimeIndex) -> float:
    if len(index) < 2:
        return 20.0
    return float(np.median(np.diff(mdates.date2num(index)))) * 0.8


def _mask(data: pd.DataFrame, annotate) -> np.ndarray:
    if annotate is None:
        return np.zeros(len(data), dtype=bool)
    if isinstance(annotate, str):
        if annotate not in data:
            raise ValueError(f"annotate names no column of the events: {annotate!r}.")
        return data[annotate].fillna(False).astype(bool).to_numpy()
    if isinstance(annotate, pd.Series) and annotate.dtype == bool:
        return annotate.reindex(data.index, fill_value=False).to_numpy()
    ids = set(annotate)
    unknown = ids - set(data["event_id"])
    if unknown:
        raise ValueError(f"annotate names events not in the data: {', '.join(sorted(unknown))}.")
    return data["event_id"].isin(ids).to_numpy()


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# Names as the English-language press writes them: family name first for
# Koreans and Chinese, last for Japanese (given-family order) and Americans.
_FAMILY_FIRST = {"KOR", "PRK", "CHN"}


def _family_name(name: str, country: str) -> str:
    parts = name.split()
    return parts[0] if country in _FAMILY_FIRST else parts[-1]


def _draw_terms(ax, terms: pd.DataFrame, lanes: dict[str, float], package, span=None, **kwargs) -> None:
    """Draw each country's terms as bars on its lane (y value), labelled with family names.

    Acting holders (who overlap a suspended holder, as in South Korea in
    2024-25) get a thin bar along the bottom of the lane, marked with *.
    Names are written only where the bar is wide enough to hold them.
    Terms still running end at the package's ``as_of`` date. With ``span``
    (first and last day shown), terms are cut to it, so a timeline of two
    years is not stretched to the 1960s by the officeholders given with it.
    """
    names = package.load("countries").set_index("iso3")["name"]
    today = package.as_of
    ticks, labels = list(ax.get_yticks()), [t.get_text() for t in ax.get_yticklabels()]
    terms = terms.assign(end_date=terms["end_date"].fillna(today))
    if span is not None:
        lo, hi = span
        terms = terms[(terms["end_date"] >= lo) & (terms["start_date"] <= hi)]
        terms = terms.assign(start_date=terms["start_date"].clip(lower=lo), end_date=terms["end_date"].clip(upper=hi))
    shown = terms[terms["country"].isin(list(lanes))]
    if len(shown):
        full = (shown["end_date"].max() - shown["start_date"].min()).days or 1
    for code, y in lanes.items():
        rows = terms[terms["country"] == code].sort_values("start_date")
        for j, term in enumerate(rows.itertuples()):
            end = term.end_date
            left, width = mdates.date2num(term.start_date), mdates.date2num(end) - mdates.date2num(term.start_date)
            acting = bool(term.acting)
            yy, height = (y - 0.22, 0.16) if acting else (y, 0.6)
            ax.barh(yy, width, left=left, height=height, color=country_color(code),
                    alpha=0.9 if acting else (0.35 if j % 2 else 0.6), edgecolor="white", linewidth=0.8, **kwargs)
            if not acting and width / full > 0.06:
                ax.text(left + width / 2, y + 0.04, _family_name(term.name, code), ha="center", va="center",
                        fontsize=8, clip_on=True)
        ticks.append(y)
        labels.append(names.get(code, code))
    ax.set_yticks(ticks, labels)
