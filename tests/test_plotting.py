"""Charts: each draws on the axes it is given, returns it, and draws what it should."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

import diplo  # noqa: E402
from conftest import make_events  # noqa: E402
from diplo import plotting  # noqa: E402
from diplo.analysis import cooperation_index, dyad_series  # noqa: E402

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


class TestTimeline:
    def test_markers_bars_lanes_and_labels(self, ax):
        other = plt.figure().add_subplot().figure
        out = plotting.timeline(EVENTS, annotate=["20250120-b"], ax=ax)
        assert out is ax
        points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
        assert points == 4  # four one-day events
        assert len(ax.patches) == 1  # the three-day visit is a bar
        assert [t.get_text() for t in ax.get_yticklabels()] == ["Leader visit", "Missile launch",
                                                                 "Diplomatic protest"]
        assert [t.get_text() for t in ax.texts] == ["20250120-b"]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["diplomacy", "military", "dispute", "bar: multi-day event"]
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
    assert len(ax.patches) == len(index)  # one volume bar per period
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "score per period", "rolling mean", "events behind the score"]
    assert ax.get_ylabel() == "Goldstein score (mean per event)"
    with pytest.raises(ValueError, match="output of cooperation_index"):
        plotting.index_line(dyad_series(EVENTS, ("KOR", "JPN")), ax=ax)


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
    assert len(fig.axes) == 4
    assert plt.get_fignums() == [*before, fig.number]
    assert "South Korea - Japan" in fig._suptitle.get_text()


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
