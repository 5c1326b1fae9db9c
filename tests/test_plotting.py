"""Charts: each draws on the axes it is given, returns it, and draws what it should."""

import matplotlib

matplotlib.use("Agg")

import warnings  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

import diplo  # noqa: E402
from conftest import make_events  # noqa: E402
from diplo import plotting  # noqa: E402
from diplo.analysis import cooperation_index, dyad_series  # noqa: E402
from diplo.coverage import counts  # noqa: E402

EVENTS = make_events([
    {"event_id": "20250105-a", "start_date": "2025-01-05", "end_date": "2025-01-07", "event_type": "leader_visit",
     "initiator": "KOR", "target": "JPN"},
    {"event_id": "20250120-b", "start_date": "2025-01-20", "event_type": "missile_launch", "initiator": "PRK",
     "participants": "PRK;KOR;JPN"},
    {"event_id": "20250410-c", "start_date": "2025-04-10", "event_type": "leader_visit", "initiator": "JPN",
     "target": "KOR"},
    {"event_id": "20250415-d", "start_date": "2025-04-15", "event_type": "leader_visit", "initiator": "JPN",
     "target": "KOR"},
    {"event_id": "20250420-e", "start_date": "2025-04-20", "event_type": "protest", "initiator": "KOR",
     "target": "JPN"},
])


@pytest.fixture
def ax():
    return plt.figure().add_subplot()


def untouched(other):
    return len(other.axes) == 1 and not other.axes[0].has_data()


def spans_of(ax):
    """The segments of the multi-day events' lines, and their collection."""
    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    return [s for c in lines for s in c.get_segments()], lines


def count_axis(ax):
    """The twin of ``ax`` that holds index_line's event counts."""
    twins = [a for a in ax.figure.axes if a is not ax and a.get_shared_x_axes().joined(a, ax)
             and a.bbox.bounds == ax.bbox.bounds]
    assert len(twins) == 1
    return twins[0]


class TestTimeline:
    def test_markers_bars_lanes_and_labels(self, ax):
        other = plt.figure().add_subplot().figure
        out = plotting.timeline(EVENTS, annotate=["20250120-b"], ax=ax)
        assert out is ax
        points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
        assert points == 4  # four one-day events
        segments, _ = spans_of(ax)
        assert len(segments) == 1  # the three-day visit is a line from its first day to the end of its last
        (x0, _), (x1, _) = segments[0]
        assert x1 - x0 == 3
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Leader visit", "Missile launch",
                                                                 "Diplomatic protest"]
        assert [t.get_text() for t in ax.texts] == ["20250120-b"]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["diplomacy", "military", "dispute", "line: multi-day event"]
        assert untouched(other)

    def test_lanes_by_initiator_and_tenures(self, ax):
        terms = diplo.load("officeholders").query("office == 'head_of_government' and country in ['KOR', 'JPN']")
        plotting.timeline(EVENTS, lanes="initiator", tenures=terms, ax=ax)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert labels == ["KOR", "PRK", "JPN", "South Korea", "Japan"]
        assert "Ishiba" in {t.get_text() for t in ax.texts}

    def test_annotate_by_mask_and_errors(self, ax):
        plotting.timeline(EVENTS, annotate=EVENTS["event_type"] == "leader_visit", ax=ax)
        assert len(ax.texts) == 3
        with pytest.raises(ValueError, match="not in the data: nope"):
            plotting.timeline(EVENTS, annotate=["nope"], ax=ax)
        with pytest.raises(ValueError, match="lanes must be"):
            plotting.timeline(EVENTS, lanes="colour", ax=ax)

    def test_every_event_is_visible_however_short(self):
        """Six visits over sixty years on a small chart: two-day visits are about a hundredth of a pixel
        wide at their true width, yet each is drawn, at least as wide as a one-day marker, at any size."""
        visits = make_events([
            {"event_id": f"{day.replace('-', '')}-v{i}", "start_date": day, "end_date": last,
             "event_type": "leader_visit", "initiator": "KOR" if i % 2 else "JPN", "target": "JPN" if i % 2 else "KOR"}
            for i, (day, last) in enumerate([("1965-06-01", "1965-06-02"), ("1984-09-06", "1984-09-08"),
                                             ("2000-05-29", "2000-05-29"), ("2023-03-16", "2023-03-17"),
                                             ("2025-08-23", "2025-08-24"), ("2025-09-30", "2025-10-01")])])
        fig, ax = plt.subplots(figsize=(4, 2))
        plotting.timeline(visits, ax=ax)
        segments, lines = spans_of(ax)
        markers = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
        assert (len(segments), markers) == (5, 1)  # every event drawn once: five spans, one one-day marker
        marker_px = np.sqrt(36) * fig.dpi / 72  # the default marker, s=36 points squared, is 6 points across
        for size in [(4, 2), (12, 2), (2, 1)]:  # the minimum is in points, so it holds when the figure is resized
            fig.set_size_inches(*size)
            fig.draw_without_rendering()
            for (x0, y0), (x1, y1) in segments:
                ends = ax.transData.transform([(x0, y0), (x1, y1)])
                # Round caps add half the line's width at each end.
                width = abs(ends[1, 0] - ends[0, 0]) + lines[0].get_linewidth()[0] * fig.dpi / 72
                assert width >= marker_px
        (line,) = lines
        assert line.get_capstyle() == "round"
        assert line.get_snap() is False  # a snapped sub-pixel segment draws nothing in Agg
        assert line.get_path_effects()  # the outline

    def test_kwargs_reach_every_colour_group(self, ax):
        plotting.timeline(EVENTS, s=120, marker="D", ax=ax)
        groups = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
        assert [c.get_label() for c in groups] == ["diplomacy", "military", "dispute"]
        assert all(list(c.get_sizes()) == [120] for c in groups)
        with pytest.raises(ValueError, match="leave out color"):
            plotting.timeline(EVENTS, color="red", ax=ax)

    def test_current_axes_by_default(self):
        fig = plt.figure()
        current = fig.add_subplot()
        assert plotting.timeline(EVENTS) is current


def test_tenure_bands(ax):
    out = plotting.tenure_bands(diplo.load("officeholders"), actors=["KOR", "JPN", "USA"], ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["South Korea", "Japan", "United States"]
    terms = diplo.load("officeholders").query("office == 'head_of_government' and country in ['KOR', 'JPN', 'USA']")
    assert len(ax.patches) == len(terms)
    assert "acting" in ax.get_title(loc="left")
    with pytest.raises(ValueError, match="Unknown country code"):
        plotting.tenure_bands(diplo.load("officeholders"), actors=["KOREA"], ax=ax)


def test_index_line(ax):
    index = cooperation_index(EVENTS, ("KOR", "JPN"))
    out = plotting.index_line(index, ax=ax)
    assert out is ax
    assert len(ax.lines) == 3  # zero line, score, rolling mean
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "score per period", "rolling mean", "events behind the score"]
    assert ax.get_ylabel() == "Goldstein score (mean per event)"
    assert ax.get_ylim() == (-10.5, 10.5)
    with pytest.raises(ValueError, match="output of cooperation_index"):
        plotting.index_line(dyad_series(EVENTS, ("KOR", "JPN")), ax=ax)


def test_index_line_counts_have_their_own_labelled_axis(ax):
    index = cooperation_index(EVENTS, ("KOR", "JPN"))
    plotting.index_line(index, ax=ax)
    assert not ax.patches  # no count shares the score's scale
    counts = count_axis(ax)
    assert counts.get_ylabel() == "events"
    assert [p.get_height() for p in counts.patches] == index["events"].astype(float).fillna(0).tolist()
    assert max(counts.get_yticks()) == index["events"].max()  # the scale reads the tallest bar's count
    assert ax.get_zorder() > counts.get_zorder()  # the bars stay under the lines


def test_index_line_reads_the_aggregation_attribute(ax):
    busy = make_events([{"event_id": f"202501{d:02d}-v", "start_date": f"2025-01-{d:02d}", "event_type": "leader_visit",
                         "initiator": "KOR", "target": "JPN"} for d in range(1, 11)])
    total = cooperation_index(busy, ("KOR", "JPN"), normalize=False)
    assert total.attrs["aggregation"] == "sum"
    assert cooperation_index(busy, ("KOR", "JPN")).attrs["aggregation"] == "mean"
    peak = float(total["score"].max())  # ten visits of 1.9: 19, beyond the -10..10 of a mean
    # Only the attribute counts: not the note's wording, nor the older attrs["normalize"].
    total.attrs = {"aggregation": "sum", "note": "score = mean of weights per MS period"}
    plotting.index_line(total, ax=ax)
    assert ax.get_ylabel() == "Goldstein score (sum)"
    assert ax.get_ylim()[1] >= peak  # a sum is not clipped

    total.attrs = {}
    with pytest.raises(ValueError, match=r"no attrs\['aggregation'\].*aggregation='sum'"):
        plotting.index_line(total, ax=plt.figure().add_subplot())
    told = plotting.index_line(total, aggregation="sum", ax=plt.figure().add_subplot())
    assert told.get_ylabel() == "Goldstein score (sum)"
    with pytest.raises(ValueError, match="aggregation must be 'mean' or 'sum'.*got 'median'"):
        plotting.index_line(total, aggregation="median", ax=plt.figure().add_subplot())
    with pytest.warns(DeprecationWarning, match="aggregation="):
        plotting.index_line(total, normalize=False, ax=plt.figure().add_subplot())


def test_quad_counts(ax):
    series = dyad_series(EVENTS, ("KOR", "JPN"), by="quad_class")
    out = plotting.quad_counts(series, ax=ax)
    assert out is ax
    assert len(ax.patches) == 4 * len(series)
    heights = {round(p.get_height()) for p in ax.patches}
    # January: a visit above the line, a launch below; April: two visits above, a protest below.
    assert heights == {-1, 0, 1, 2}
    assert sum(p.get_height() for p in ax.patches) == 3 - 2
    with pytest.raises(ValueError, match="by='quad_class'"):
        plotting.quad_counts(dyad_series(EVENTS, ("KOR", "JPN")), ax=ax)


def test_visit_flows(ax):
    out = plotting.visit_flows(EVENTS, ax=ax)
    assert out is ax
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == 2
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["1", "2", "JPN", "KOR"]


def test_dashboard_owns_its_figure():
    before = plt.get_fignums()
    fig = plotting.dyad_dashboard(diplo.events(dyad=("KOR", "JPN")), ("KOR", "JPN"))
    assert len(fig.axes) == 5  # four panels; the cooperation index has a second axis for its counts
    assert plt.get_fignums() == [*before, fig.number]
    assert "South Korea - Japan" in fig._suptitle.get_text()


CHARTS = {
    "timeline": lambda ax: plotting.timeline(EVENTS, annotate=["20250120-b"], ax=ax),
    "tenure_bands": lambda ax: plotting.tenure_bands(diplo.load("officeholders"), actors=["KOR", "JPN"], ax=ax),
    "index_line": lambda ax: plotting.index_line(cooperation_index(EVENTS, ("KOR", "JPN")), ax=ax),
    "quad_counts": lambda ax: plotting.quad_counts(dyad_series(EVENTS, ("KOR", "JPN"), by="quad_class"), ax=ax),
    "visit_flows": lambda ax: plotting.visit_flows(EVENTS, ax=ax),
    "coverage_heatmap": lambda ax: plotting.coverage_heatmap(counts(EVENTS), ax=ax),
}


@pytest.mark.parametrize("chart", list(CHARTS))
def test_charts_take_either_layout_without_a_warning(chart):
    """In a figure made under the house style, as the notebooks make theirs, tight_layout and constrained
    layout both run without a warning (the style set constrained layout, so tight_layout warned)."""
    with plt.style.context(plotting.STYLE):
        fig, ax = plt.subplots()
        constrained = plt.figure(layout="constrained")
    CHARTS[chart](ax)
    CHARTS[chart](constrained.add_subplot())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.tight_layout()
        constrained.draw_without_rendering()


def test_a_figure_made_for_a_chart_takes_tight_layout():
    plt.close("all")
    ax = plotting.timeline(EVENTS)  # no figure yet: the chart makes one, inside the house style
    assert ax.figure.get_layout_engine() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax.figure.tight_layout()


def test_the_dashboard_chooses_its_own_layout_and_another_can_replace_it():
    """The dashboard owns its figure and lays it out with constrained layout (not through the style);
    switching to tight layout through the engine is quiet."""
    fig = plotting.dyad_dashboard(EVENTS, ("KOR", "JPN"))
    assert isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.draw_without_rendering()
        fig.set_layout_engine("tight")
        fig.draw_without_rendering()


def test_style_does_not_leak():
    before = dict(matplotlib.rcParams)
    plotting.timeline(EVENTS, ax=plt.figure().add_subplot())
    assert dict(matplotlib.rcParams) == before


def test_text_from_the_data_is_drawn_as_written():
    """A title with dollar signs is text, not mathtext: it keeps its '$' and never fails to draw."""
    events = diplo.load("events").head(3).astype({"title": "object"})
    events.loc[events.index[0], "title"] = r"US$100 million and US$50 million $\x$"
    fig, ax = plt.subplots()
    plotting.timeline(events, annotate=[events["event_id"].iloc[0]], ax=ax)
    fig.canvas.draw()  # mathtext would raise on '$\x$'
    label = next(t for t in ax.texts if "US$" in t.get_text())
    assert not label.get_parse_math()
    plt.close(fig)
