"""Analysis functions against hand-counted fixtures, empty and bad input, and properties."""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import diplo
from conftest import make_events
from diplo.analysis import (cooperation_index, dyad_series, dyad_years, event_window, leader_dyad_years, leader_pairs,
                            visit_balance)

# Hand-counted: KOR-JPN events in Jan and Apr 2025, one USA-JPN event, one KOR-only election.
FIXTURE = make_events([
    {"event_id": "20250105-a", "start_date": "2025-01-05", "end_date": "2025-01-06", "event_type": "leader_visit",
     "initiator": "KOR", "target": "JPN", "persons": "kor-choi-sang-mok;jpn-ishiba-shigeru"},
    {"event_id": "20250120-b", "start_date": "2025-01-20", "event_type": "missile_launch", "initiator": "PRK",
     "participants": "PRK;KOR;JPN"},
    {"event_id": "20250125-c", "start_date": "2025-01-25", "event_type": "protest", "initiator": "JPN",
     "target": "KOR"},
    {"event_id": "20250410-d", "start_date": "2025-04-10", "event_type": "leader_visit", "initiator": "JPN",
     "target": "KOR", "persons": "jpn-ishiba-shigeru;kor-han-duck-soo"},
    {"event_id": "20250415-e", "start_date": "2025-04-15", "event_type": "leader_call", "initiator": "KOR",
     "target": "JPN", "persons": "kor-han-duck-soo;jpn-ishiba-shigeru"},
    {"event_id": "20250420-f", "start_date": "2025-04-20", "event_type": "election", "initiator": "KOR",
     "participants": "KOR;JPN"},
    {"event_id": "20250201-g", "start_date": "2025-02-01", "event_type": "leader_call", "initiator": "USA",
     "target": "JPN"},
])


class TestDyadSeries:
    def test_hand_counted_by_type(self):
        s = dyad_series(FIXTURE, ("KOR", "JPN"))
        assert list(s.index.strftime("%Y-%m")) == ["2025-01", "2025-02", "2025-03", "2025-04"]  # gaps are zeros
        assert s.loc["2025-01-01", "leader_visit"] == 1 and s.loc["2025-04-01", "leader_visit"] == 1
        assert s["total"].tolist() == [3, 0, 0, 3]
        assert s.loc["2025-02-01"].sum() == 0
        assert "g" not in "".join(s.columns.astype(str))  # the USA-JPN call is not in the dyad

    def test_quad_class_drops_domestic_events_and_says_so(self):
        s = dyad_series(FIXTURE, ("KOR", "JPN"), by="quad_class")
        assert list(s.columns) == [1, 2, 3, 4, "total"]
        assert s.loc["2025-01-01", [1, 3, 4]].tolist() == [1, 1, 1]  # visit, protest, launch
        assert s.loc["2025-04-01", "total"] == 2  # the election has no quad class
        assert "1 of a type with no quad_class" in s.attrs["note"]

    def test_directed(self):
        s = dyad_series(FIXTURE, ("KOR", "JPN"), directed=True, by="family")
        assert s["total"].sum() == 3  # KOR initiated: visit, call, election
        assert "1 initiated by a third country" in s.attrs["note"]

    def test_quarters(self):
        assert dyad_series(FIXTURE, ("KOR", "JPN"), freq="QS")["total"].tolist() == [3, 3]

    def test_empty_is_typed_with_a_warning(self):
        with pytest.warns(UserWarning, match="no events between KOR and USA"):
            s = dyad_series(FIXTURE, ("KOR", "USA"))
        assert s.empty and (s.dtypes == "Int64").all()

    def test_unknown_code(self):
        with pytest.raises(ValueError, match="Did you mean .*'JPN'"):
            dyad_series(FIXTURE, ("KOR", "JPM"))
        with pytest.raises(ValueError, match="by must be one of"):
            dyad_series(FIXTURE, ("KOR", "JPN"), by="colour")


def test_a_visit_and_its_summit_count_once():
    events = make_events([
        {"event_id": "20250823-visit", "start_date": "2025-08-23", "end_date": "2025-08-24",
         "event_type": "leader_visit", "initiator": "KOR", "target": "JPN"},
        {"event_id": "20250823-summit", "start_date": "2025-08-23", "event_type": "leader_meeting",
         "initiator": "JPN", "target": "KOR", "part_of": "20250823-visit"},
    ])
    assert dyad_series(events, ("KOR", "JPN"))["total"].tolist() == [1]
    assert cooperation_index(events, ("KOR", "JPN"))["events"].tolist() == [1]
    # The summit is still a row of its own, with its own day, for a window around it.
    w = event_window(events, ["20250823-summit"], days=3)
    assert w.loc["20250823-summit", ("after", "total")] == 0  # the visit it belongs to is not counted again


class TestCooperationIndex:
    def test_hand_computed_mean_and_sum(self):
        idx = cooperation_index(FIXTURE, ("KOR", "JPN"), window=2)
        # January: visit 1.9, launch -7.2, protest -2.0 -> mean -2.4333; April: visit 1.9, call 1.0 -> 1.45
        assert idx.loc["2025-01-01", "score"] == pytest.approx((1.9 - 7.2 - 2.0) / 3)
        assert idx.loc["2025-01-01", "events"] == 3
        assert pd.isna(idx.loc["2025-02-01", "score"]) and idx.loc["2025-02-01", "events"] == 0
        assert idx.loc["2025-04-01", "score"] == pytest.approx(1.45)
        assert idx.loc["2025-04-01", "events"] == 2  # the election carries no weight
        assert idx.loc["2025-04-01", "rolling_mean"] == pytest.approx(1.45)  # window 2: March has no score
        total = cooperation_index(FIXTURE, ("KOR", "JPN"), normalize=False)
        assert total.loc["2025-01-01", "score"] == pytest.approx(-7.3)
        assert total.loc["2025-02-01", "score"] == 0
        assert "1 domestic events without one left out" in idx.attrs["note"]

    def test_bad_window(self):
        with pytest.raises(ValueError, match="window"):
            cooperation_index(FIXTURE, ("KOR", "JPN"), window=0)


class TestVisitBalance:
    def test_hand_counted(self):
        vb = visit_balance(FIXTURE, ("KOR", "JPN"))
        assert vb[["leader_a", "leader_b", "visits_a_to_b", "visits_b_to_a"]].to_numpy().tolist() == [
            ["Choi Sang-mok", "Shigeru Ishiba", 1, 0], ["Han Duck-soo", "Shigeru Ishiba", 0, 1]]
        # Choi visited Ishiba on 5 Jan; Ishiba's visit of 10 Apr was to Han, another leader: no return.
        assert vb["median_days_to_return"].isna().all()

    def test_only_the_counterpart_leader_returns_a_visit(self):
        """Kishida returned Yoon's visit; Lee, a later leader, returned none of Kishida's (he visited Ishiba)."""
        vb = visit_balance(make_events([
            {"event_id": "20230316-yoon", "start_date": "2023-03-16", "end_date": "2023-03-17",
             "event_type": "leader_visit", "initiator": "KOR", "target": "JPN",
             "persons": "kor-yoon-suk-yeol;jpn-kishida-fumio"},
            {"event_id": "20230507-kishida", "start_date": "2023-05-07", "end_date": "2023-05-08",
             "event_type": "leader_visit", "initiator": "JPN", "target": "KOR",
             "persons": "jpn-kishida-fumio;kor-yoon-suk-yeol"},
            {"event_id": "20240906-kishida", "start_date": "2024-09-06", "end_date": "2024-09-07",
             "event_type": "leader_visit", "initiator": "JPN", "target": "KOR",
             "persons": "jpn-kishida-fumio;kor-yoon-suk-yeol"},
            {"event_id": "20250823-lee", "start_date": "2025-08-23", "end_date": "2025-08-24",
             "event_type": "leader_visit", "initiator": "KOR", "target": "JPN",
             "persons": "kor-lee-jae-myung;jpn-ishiba-shigeru"},
            {"event_id": "20250930-ishiba", "start_date": "2025-09-30", "end_date": "2025-10-01",
             "event_type": "leader_visit", "initiator": "JPN", "target": "KOR",
             "persons": "jpn-ishiba-shigeru;kor-lee-jae-myung"},
        ]), ("KOR", "JPN"))
        days = dict(zip(vb["leader_a"] + " / " + vb["leader_b"], vb["median_days_to_return"]))
        # Yoon's visit returned after 52 days; Kishida's two visits not returned (by any leader "returning" them,
        # the median would be that of 52, 839 and 351 days).
        assert days["Yoon Suk Yeol / Fumio Kishida"] == 52
        assert days["Lee Jae-myung / Shigeru Ishiba"] == 38
        assert "2 returned" in vb.attrs["note"] and "a later leader's visit is not a return" in vb.attrs["note"]

    def test_empty(self):
        with pytest.warns(UserWarning):
            assert visit_balance(FIXTURE, ("USA", "PRK")).empty


class TestLeaderPairs:
    def test_real_terms_and_fixture_meetings(self):
        lp = leader_pairs(FIXTURE, ("KOR", "JPN"))
        han = lp[(lp.person_a == "kor-han-duck-soo") & (lp.person_b == "jpn-ishiba-shigeru")]
        # Han was acting president twice while Ishiba was in office; the April visit and call fall in the second.
        assert han["meetings"].tolist() == [0, 1] and han["calls"].tolist() == [0, 1]
        second = han.iloc[1]
        assert second["first_meeting"] == pd.Timestamp("2025-04-10")
        assert second["meetings_per_year"] == pytest.approx(1 / (second["days_overlapping"] / 365.25))

    def test_unknown_office(self):
        with pytest.raises(ValueError, match="Did you mean 'foreign_minister'"):
            leader_pairs(FIXTURE, ("KOR", "JPN"), office="foreign_ministr")


class TestEventWindow:
    def test_hand_counted(self):
        w = event_window(FIXTURE, FIXTURE[FIXTURE.event_id == "20250120-b"], days=16, by="event_type")
        row = w.loc["20250120-b"]
        assert row[("before", "leader_visit")] == 1 and row[("before", "total")] == 1  # 5 Jan (4 Jan-19 Jan)
        assert row[("after", "protest")] == 1 and row[("after", "leader_call")] == 1  # 25 Jan and 1 Feb
        assert row[("after", "total")] == 2

    def test_ids_and_unknown_ids(self):
        w = event_window(diplo.load("events"), ["20250930-ishiba-visits-busan"], days=5)
        assert list(w.index) == ["20250930-ishiba-visits-busan"]
        with pytest.raises(ValueError, match="Unknown anchor event_id"):
            event_window(FIXTURE, ["nope"])


# --- properties --------------------------------------------------------------

CODES = ["KOR", "JPN", "USA", "PRK"]


@st.composite
def random_events(draw, only_between=None):
    n = draw(st.integers(0, 25))
    rows = []
    for i in range(n):
        initiator = draw(st.sampled_from(only_between or CODES))
        others = draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))
        participants = ";".join(dict.fromkeys([initiator, *others]))
        day = draw(st.dates(pd.Timestamp("2022-01-01").date(), pd.Timestamp("2025-12-31").date()))
        rows.append({"event_id": f"{day:%Y%m%d}-p{i}", "start_date": str(day), "initiator": initiator,
                     "participants": participants,
                     "event_type": draw(st.sampled_from(["leader_visit", "statement", "election", "missile_launch"]))})
    return make_events(rows)


@settings(max_examples=60, deadline=None)
@given(events=random_events(), freq=st.sampled_from(["MS", "QS", "YS"]),
       by=st.sampled_from(["event_type", "family", "initiator"]))
def test_totals_equal_matching_events(events, freq, by):
    expected = int(events["participants"].str.split(";").map(lambda m: "KOR" in m and "JPN" in m).sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        s = dyad_series(events, ("KOR", "JPN"), freq=freq, by=by)
    assert int(s["total"].sum()) == expected
    assert int(s.drop(columns="total").to_numpy().sum()) == expected
    if len(s) > 1:  # every period present
        assert len(s) == len(pd.date_range(s.index.min(), s.index.max(), freq=freq))


@settings(max_examples=60, deadline=None)
@given(events=random_events(only_between=["KOR", "JPN"]))
def test_undirected_is_the_sum_of_both_directions(events):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        both = dyad_series(events, ("KOR", "JPN"), freq="YS", by="family")
        ab = dyad_series(events, ("KOR", "JPN"), freq="YS", by="family", directed=True)
        ba = dyad_series(events, ("JPN", "KOR"), freq="YS", by="family", directed=True)
    total = ab["total"].sum() + ba["total"].sum()
    assert total == both["total"].sum()
    summed = ab.add(ba, fill_value=0).reindex_like(both).fillna(0)
    np.testing.assert_array_equal(summed.to_numpy(dtype=float), both.to_numpy(dtype=float))


@settings(max_examples=40, deadline=None)
@given(events=random_events())
def test_index_is_bounded_by_goldstein(events):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        idx = cooperation_index(events, ("KOR", "JPN"))
    assert ((idx["score"].dropna() >= -10) & (idx["score"].dropna() <= 10)).all()
    assert int(idx["events"].sum()) <= len(events)


# --- panels ------------------------------------------------------------------

EVENTS = diplo.load("events")


def _hand(events, a, b, year):
    """The whole events of one year in which both a and b take part, counted without diplo.analysis."""
    whole = events[events["part_of"].isna()]
    both = whole["participants"].str.split(";").map(lambda m: a in m and b in m).astype(bool)
    return whole[both & (whole["start_date"].dt.year == year)]


def _row(panel, a, b, year, **keys):
    chosen = (panel.country1 == a) & (panel.country2 == b) & (panel.year == year)
    for column, value in keys.items():
        chosen &= panel[column] == value
    (index,) = panel.index[chosen]
    return panel.loc[index]


class TestDyadYears:
    def test_counts_equal_a_hand_count_of_the_shipped_events(self):
        dy = dyad_years(EVENTS)
        row = _row(dy, "KOR", "JPN", 2023)
        hand = _hand(EVENTS, "KOR", "JPN", 2023)
        types = diplo.load("event_types").set_index("code")
        family = hand["event_type"].astype(str).map(types["family"].astype(str)).value_counts()
        for name, n in family.items():
            assert row[name] == n, name
        assert row["total"] == len(hand) == 50  # the two summits held during visits are not counted again
        quads = hand["event_type"].astype(str).map(types["quad_class"].astype("object")).value_counts()
        assert [row[c] for c in ("verbal_cooperation", "material_cooperation", "verbal_conflict",
                                 "material_conflict")] == [quads.get(q, 0) for q in (1, 2, 3, 4)]
        weights = hand["event_type"].astype(str).map(types["goldstein"].astype(float)).dropna()
        assert row["scored_events"] == len(weights)
        assert row["score"] == pytest.approx(weights.mean())

    def test_a_multilateral_event_counts_once_in_every_pair_of_its_participants(self):
        dy = dyad_years(FIXTURE, by="event_type", start="2025-01-01", end="2025-12-31")
        # The PRK launch with KOR and JPN among its participants is in each of their three pairs.
        assert [_row(dy, a, b, 2025)["missile_launch"] for a, b in (("PRK", "KOR"), ("PRK", "JPN"),
                                                                   ("KOR", "JPN"))] == [1, 1, 1]
        assert _row(dy, "KOR", "JPN", 2025)["total"] == 6  # both visits, the launch, the protest, call, election
        assert _row(dy, "USA", "KOR", 2025)["total"] == 0  # the USA-JPN call is not in it
        bilateral = dyad_years(FIXTURE, by="event_type", bilateral=True, start="2025-01-01", end="2025-12-31")
        assert _row(bilateral, "KOR", "JPN", 2025)["total"] == 5
        assert _row(bilateral, "PRK", "KOR", 2025)["total"] == 0

    def test_agrees_with_dyad_series_wherever_both_count(self):
        dy = dyad_years(EVENTS, by="event_type")
        for (a, b), panel in dy.groupby(["country1", "country2"]):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                series = dyad_series(EVENTS, (a, b), freq="YS", by="event_type")
            series.index = series.index.year
            panel = panel.set_index("year")
            for column in series.columns:
                both = pd.concat([series[column], panel[column]], axis=1, join="inner").dropna()
                assert (both.iloc[:, 0] == both.iloc[:, 1]).all(), (a, b, column)

    def test_na_outside_declared_coverage_never_zero(self):
        dy = dyad_years(EVENTS, by="event_type")
        assert dy["year"].max() == 2025  # 2026 is covered only to March: not a year of the panel
        kj = dy[(dy.country1 == "KOR") & (dy.country2 == "JPN")].set_index("year")
        assert kj.loc[2016, ["leader_visit", "total", "score"]].isna().all()
        assert kj.loc[2022, ["leader_visit", "total", "score"]].notna().all()
        # Leader visits are covered between the US and South Korea since 1965, not between the two Koreas.
        visits = _hand(EVENTS, "USA", "KOR", 1990)["event_type"] == "leader_visit"
        assert _row(dy, "USA", "KOR", 1990)["leader_visit"] == visits.sum() > 0
        assert pd.isna(_row(dy, "PRK", "KOR", 1990)["leader_visit"])
        # Filtered to leader meetings, KOR-JPN is judged by their coverage alone (since 2017).
        meetings = EVENTS[EVENTS["event_type"].isin(diplo.open().types("leader_meetings"))]
        kj = dyad_years(meetings).set_index(["country1", "country2", "year"])
        assert pd.isna(kj.loc[("KOR", "JPN", 2016), "diplomacy"]) and kj.loc[("KOR", "JPN", 2017), "diplomacy"] > 0
        # A pair without one of the four countries the package records is never collected.
        far = dyad_years(EVENTS, actors=["KOR", "CHN", "RUS"], start="2023-01-01", end="2023-12-31")
        assert _row(far, "RUS", "CHN", 2023).drop(["year", "country1", "country2", "ccode1", "ccode2", "gwcode1",
                                                     "gwcode2"]).isna().all()
        assert _row(far, "CHN", "KOR", 2023)["total"] > 0

    def test_directed_sums_equal_undirected(self):
        undirected = dyad_years(EVENTS, by="event_type").set_index(["country1", "country2", "year"])
        directed = dyad_years(EVENTS, by="event_type", directed=True)
        assert directed.attrs["directed"] and not undirected.attrs["directed"]
        assert len(directed) == 2 * len(undirected)
        back = directed.rename(columns={"country1": "country2", "country2": "country1"})
        both = directed.set_index(["country1", "country2", "year"]).add(
            back.set_index(["country1", "country2", "year"]), fill_value=0).reindex(undirected.index)
        # Events of a pair initiated by a third country are in neither direction.
        pairs = list(undirected.index.droplevel("year").unique())
        counter = dict.fromkeys(undirected.index, 0)
        whole = EVENTS[EVENTS["part_of"].isna()]
        for members, initiator, day in zip(whole["participants"].str.split(";"), whole["initiator"],
                                           whole["start_date"]):
            for a, b in pairs:
                if a in members and b in members and initiator not in (a, b) and (a, b, day.year) in counter:
                    counter[(a, b, day.year)] += 1
        third = pd.Series(counter).reindex(undirected.index)
        covered = undirected["total"].notna()
        assert (both.loc[covered, "total"] + third[covered] == undirected.loc[covered, "total"]).all()
        assert third[covered].sum() > 0  # the identity is tested, not trivially true
        only_theirs = EVENTS[EVENTS["participants"].str.split(";").map(len) == 2]
        u = dyad_years(only_theirs, by="event_type").set_index(["country1", "country2", "year"])
        d = dyad_years(only_theirs, by="event_type", directed=True)
        d = d.set_index(["country1", "country2", "year"]).add(
            d.rename(columns={"country1": "country2", "country2": "country1"})
            .set_index(["country1", "country2", "year"]), fill_value=0).reindex(u.index)
        counts = [c for c in u.columns if c not in ("ccode1", "ccode2", "gwcode1", "gwcode2", "score", "scored_events")]
        assert u["total"].sum() > 0
        pd.testing.assert_frame_equal(d[counts].astype("Float64"), u[counts].astype("Float64"), check_names=False)

    def test_parts_of_a_visit_are_not_counted_again(self):
        events = make_events([
            {"event_id": "20250823-visit", "start_date": "2025-08-23", "end_date": "2025-08-24",
             "event_type": "leader_visit", "initiator": "KOR", "target": "JPN"},
            {"event_id": "20250823-summit", "start_date": "2025-08-23", "event_type": "leader_meeting",
             "initiator": "JPN", "target": "KOR", "part_of": "20250823-visit"},
        ])
        assert _row(dyad_years(events), "KOR", "JPN", 2025)["total"] == 1
        ly = leader_dyad_years(events, actors=["KOR", "JPN"], start="2025-01-01", end="2025-12-31")
        assert ly["total"].sum() == 1
        assert "1 parts of a visit left out" in ly.attrs["note"]

    def test_codes_types_order_and_unit(self):
        dy = dyad_years(EVENTS)
        assert dy.attrs["unit"] == "dyad-year" and dy.attrs["diplo_package"] is diplo.open()
        kj = _row(dy, "KOR", "JPN", 2023)
        assert (kj["ccode1"], kj["ccode2"], kj["gwcode1"], kj["gwcode2"]) == (732, 740, 732, 740)
        assert _row(dy, "USA", "PRK", 2023)[["ccode1", "ccode2"]].tolist() == [2, 731]
        assert (dy["ccode1"] < dy["ccode2"]).all()  # peacesciencer's non-directed order
        assert dy[["ccode1", "ccode2", "year"]].equals(dy[["ccode1", "ccode2", "year"]].sort_values(
            ["ccode1", "ccode2", "year"]))
        assert {str(t) for t in dy.dtypes[["country1", "country2"]]} == {"string"}
        assert (dy.drop(columns=["country1", "country2", "score"]).dtypes == "Int64").all()
        assert dy["score"].dtype == "Float64"
        # COW and Gleditsch-Ward differ for Germany.
        de = dyad_years(EVENTS, actors=["USA", "DEU"], start="2023-01-01", end="2023-12-31")
        assert de[["ccode2", "gwcode2"]].iloc[0].tolist() == [255, 260]
        # It merges with a peacesciencer-style panel keyed on plain integers.
        other = pd.DataFrame({"ccode1": [732], "ccode2": [740], "year": [2023], "mindist": [0.0]})
        merged = other.merge(dy, on=["ccode1", "ccode2", "year"], how="left", validate="one_to_one")
        assert merged.loc[0, "total"] == 50

    def test_bad_arguments(self):
        with pytest.raises(ValueError, match="by must be one of family, event_type, quad_class; got 'colour'"):
            dyad_years(EVENTS, by="colour")
        with pytest.raises(ValueError, match="Unknown country code in actors: 'JPM'.*'JPN'"):
            dyad_years(EVENTS, actors=["KOR", "JPM"])
        with pytest.raises(ValueError, match="actors must name at least two countries"):
            dyad_years(EVENTS, actors="KOR")
        with pytest.raises(ValueError, match="Did you mean 'foreign_minister'"):
            leader_dyad_years(EVENTS, office="foreign_ministr")
        with pytest.raises(ValueError, match="start"):
            dyad_years(EVENTS, start=2023)
        with pytest.warns(UserWarning, match="the result is empty"):
            assert dyad_years(EVENTS.iloc[:0]).empty


class TestLeaderDyadYears:
    def test_rows_only_for_years_both_were_in_office(self):
        ly = leader_dyad_years(EVENTS)
        assert ly.attrs["unit"] == "leader-dyad-year"
        terms = diplo.load("officeholders").query("office == 'head_of_government'")
        terms = terms.assign(end=terms["end_date"].fillna(diplo.open().as_of))
        for row in ly.sample(60, random_state=0).itertuples():
            t1, t2 = terms[terms.person_id == row.person1], terms[terms.person_id == row.person2]
            days = set()
            for a in t1.itertuples():
                for b in t2.itertuples():
                    lo = max(a.start_date, b.start_date, pd.Timestamp(f"{row.year}-01-01"))
                    hi = min(a.end, b.end, pd.Timestamp(f"{row.year}-12-31"))
                    days |= set(pd.date_range(lo, hi)) if lo <= hi else set()
            assert row.days_overlapping == len(days) > 0, row
        usa_jpn = ly[(ly.country1 == "USA") & (ly.country2 == "JPN") & (ly.year == 2025)]
        assert usa_jpn[["person1", "person2", "days_overlapping"]].to_numpy().tolist() == [
            ["usa-biden-joe", "jpn-ishiba-shigeru", 20],  # to the inauguration on 20 January
            ["usa-trump-donald", "jpn-ishiba-shigeru", 275],
            ["usa-trump-donald", "jpn-takaichi-sanae", 72]]  # from 21 October
        assert not ((ly.person1 == "usa-obama-barack") & (ly.person2 == "jpn-takaichi-sanae")).any()

    def test_counts_are_those_of_the_days_both_held_office(self):
        ly = leader_dyad_years(EVENTS, actors=["USA", "JPN"], by="event_type")
        row = _row(ly, "USA", "JPN", 2025, person1="usa-trump-donald", person2="jpn-ishiba-shigeru")
        hand = _hand(EVENTS, "USA", "JPN", 2025)
        hand = hand[hand["start_date"].between("2025-01-20", "2025-10-21")]
        assert row["total"] == len(hand) > 0
        assert row["leader_visit"] == int((hand["event_type"] == "leader_visit").sum())
        # Outside coverage the leader pair's counts are <NA>, as the dyad-year's.
        assert pd.isna(_row(ly, "USA", "JPN", 1990, person1="usa-bush-george-h-w",
                            person2="jpn-kaifu-toshiki")["total"])

    def test_directed_leaders_follow_the_initiator_side(self):
        ly = leader_dyad_years(EVENTS, actors=["USA", "JPN"], directed=True, start="2025-01-01", end="2025-12-31")
        assert set(zip(ly.country1, ly.country2)) == {("USA", "JPN"), ("JPN", "USA")}
        assert ly.loc[ly.country1 == "JPN", "person1"].str.startswith("jpn-").all()
