"""diplo.load, list_tables, describe, cite and events on the shipped data."""

import json
from pathlib import Path

import pandas as pd
import pytest

import diplo

ROOT = Path(__file__).resolve().parent.parent


def test_list_tables_names_the_five_tables():
    assert diplo.list_tables() == ["events", "event_sources", "officeholders", "countries", "event_types"]


@pytest.mark.parametrize("name", ["events", "event_sources", "officeholders", "countries", "event_types"])
def test_every_table_loads_with_schema_dtypes(name):
    frame = diplo.load(name)
    schema = diplo.describe(name)
    assert list(frame.columns) == schema["field"].tolist()
    assert len(frame) == schema.attrs["rows"] > 0
    for field, kind in zip(schema["field"], schema["type"]):
        dtype = frame[field].dtype
        if kind == "date":
            assert dtype.kind == "M", field
        elif kind == "integer":
            assert dtype in ("Int64", "category"), field
        elif kind == "boolean":
            assert dtype == "boolean", field
        elif kind == "number":
            assert dtype == "Float64", field


def test_events_dtypes_are_typed():
    ev = diplo.load("events")
    assert ev["start_date"].dtype.kind == "M" and ev["end_date"].dtype.kind == "M"
    for coded in ["event_type", "initiator", "target", "location_country", "date_precision", "confidence"]:
        assert isinstance(ev[coded].dtype, pd.CategoricalDtype), coded
    assert ev["confidence"].dtype.ordered
    assert list(ev["confidence"].cat.categories) == ["low", "medium", "high"]
    # The categories of a code are every key of the table it points to.
    assert set(ev["initiator"].cat.categories) == set(diplo.load("countries")["iso3"])
    assert ev["event_id"].dtype == "string"


def test_codes_stay_strings():
    types = diplo.load("event_types").set_index("code")
    assert types.loc["leader_visit", "cameo"] == "042;043"
    assert types.loc["statement", "cameo"] == "010"


def test_load_returns_a_copy():
    first = diplo.load("events")
    first.loc[0, "title"] = "changed"
    assert diplo.load("events").loc[0, "title"] != "changed"


def test_unknown_table_names_the_tables():
    with pytest.raises(ValueError, match="Did you mean 'events'.*The tables are: events, event_sources"):
        diplo.load("event")


def test_data_dir_and_environment_point_at_a_copy(package_copy, monkeypatch):
    rows = (package_copy / "countries.csv").read_text(encoding="utf-8").splitlines()
    (package_copy / "countries.csv").write_text("\n".join(rows) + "\nRVN,Republic of Vietnam,,,817,817,\n",
                                                encoding="utf-8")
    assert "RVN" in set(diplo.load("countries", data_dir=package_copy)["iso3"])
    assert "RVN" not in set(diplo.load("countries")["iso3"])
    monkeypatch.setenv("DIPLO_DATA", str(package_copy))
    assert "RVN" in set(diplo.load("countries")["iso3"])


def test_data_dir_without_package_is_refused(tmp_path):
    with pytest.raises(diplo.DataError, match="no datapackage.json"):
        diplo.load("events", data_dir=tmp_path)


def test_a_changed_file_is_read_again(package_copy):
    before = len(diplo.load("countries", data_dir=package_copy))
    with open(package_copy / "countries.csv", "a", encoding="utf-8") as f:
        f.write("RVN,Republic of Vietnam,,,817,817,\n")
    assert len(diplo.load("countries", data_dir=package_copy)) == before + 1


def test_describe_reads_the_schema():
    d = diplo.describe("events")
    assert d.attrs["primary_key"] == ["event_id"]
    assert d.attrs["version"] == json.loads((ROOT / "data" / "datapackage.json").read_text())["version"]
    assert d.attrs["license"] == "CC-BY-4.0"
    row = d.set_index("field").loc["participants"]
    assert row["references"] == "countries.iso3 (each item)"
    assert d.set_index("field").loc["confidence", "allowed"] == "low | medium | high"


def test_cite_names_version_licence_and_sources():
    text = diplo.cite("events")
    assert f"version {diplo.describe('events').attrs['version']}" in text and "CC-BY-4.0" in text
    sources = diplo.load("event_sources")
    assert f"{sources['url'].nunique()} cited pages of {sources['publisher'].nunique()} publishers" in text


class TestEvents:
    def test_dyad_keeps_events_with_both(self):
        kj = diplo.events(dyad=("KOR", "JPN"))
        assert len(kj) > 0
        assert kj["participants"].str.contains("KOR").all()
        assert kj["participants"].str.contains("JPN").all()

    def test_dyad_order_does_not_matter(self):
        pd.testing.assert_frame_equal(diplo.events(dyad=("KOR", "JPN")), diplo.events(dyad=("JPN", "KOR")))

    def test_actors_keeps_events_with_any(self):
        ev = diplo.load("events")
        expected = ev["participants"].str.split(";").map(lambda m: "PRK" in m or "USA" in m).sum()
        assert len(diplo.events(actors=["PRK", "USA"])) == expected

    def test_period_keeps_overlapping_events(self):
        # Ishiba's Busan visit runs 30 Sep - 1 Oct 2025; a period starting 1 Oct overlaps it.
        ids = set(diplo.events(start="2025-10-01", end="2025-10-01")["event_id"])
        assert "20250930-ishiba-visits-busan" in ids
        assert diplo.events(start="2025-10-02", end="2025-10-03")["event_id"].ne("20250930-ishiba-visits-busan").all()

    def test_types_accept_codes_and_families(self):
        visits = diplo.events(types="leader_visit")
        assert set(visits["event_type"]) == {"leader_visit"}
        family = diplo.events(types="politics")
        assert {"election", "inauguration"} <= set(family["event_type"])

    def test_result_is_sorted_and_reindexed(self):
        ev = diplo.events()
        assert ev["start_date"].is_monotonic_increasing
        assert list(ev.index) == list(range(len(ev)))

    def test_unknown_country_lists_close_matches(self):
        with pytest.raises(ValueError, match=r"Unknown country code in dyad: 'KOE'\. Did you mean 'KOR'"):
            diplo.events(dyad=("KOE", "JPN"))

    def test_unknown_type_lists_close_matches(self):
        with pytest.raises(ValueError, match="Did you mean 'leader_visit'"):
            diplo.events(types="leader_visits")

    def test_bad_dyad_and_period(self):
        with pytest.raises(ValueError, match="two country codes"):
            diplo.events(dyad="KOR")
        with pytest.raises(ValueError, match="two different countries"):
            diplo.events(dyad=("KOR", "KOR"))
        with pytest.raises(ValueError, match="is after end"):
            diplo.events(start="2025-01-01", end="2024-01-01")
        with pytest.raises(ValueError, match="must be a date"):
            diplo.events(start="last tuesday")

    def test_no_match_is_an_empty_typed_frame(self):
        empty = diplo.events(start="1900-01-01", end="1900-12-31")
        assert empty.empty
        assert empty.dtypes.equals(diplo.load("events").dtypes)
