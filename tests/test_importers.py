"""Importers: real samples, derived variants, bad input, the archive and both engines, reconcile."""

import csv
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import diplo
from conftest import FIXTURES
from diplo.importers import (FormatError, import_files, load_external, read_gdelt, read_historian, read_icews,
                             reconcile)
from diplo.importers.sources import GDELT1_57, GDELT1_58, GDELT2

GDELT = FIXTURES / "gdelt" / "gdelt_v2_events_sample.export.tsv"
GDELT1_MIXED = FIXTURES / "gdelt" / "gdelt_v1_mixed_sample.export.tsv"
ICEWS = FIXTURES / "icews" / "icews_events.2018.sample.tab"
TRIPS = FIXTURES / "us_historian" / "president-travels"
VISITS = FIXTURES / "us_historian" / "visits"


def gdelt_rows():
    return [line.rstrip("\n").split("\t") for line in GDELT.read_text(encoding="utf-8").splitlines()]


def write_tsv(path, rows):
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


class TestGdelt:
    def test_real_sample(self):
        ev = read_gdelt(GDELT)
        assert len(ev) == 100 and ev["event_id"].is_unique
        assert ev["event_id"].str.startswith("gdelt-").all()
        raw = {r[0]: r for r in gdelt_rows()}
        first = ev[ev["event_id"] == "gdelt-410412347"].iloc[0]
        assert first["cameo_code"] == raw["410412347"][26] == "043"  # codes stay strings
        assert first["start_date"] == pd.Timestamp("2014-02-18")
        assert first["location_country"] == "ZAF"  # FIPS SF
        assert first["goldstein"] == 2.8 and first["quad_class"] == 1
        assert ev["start_date"].dtype.kind == "M" and isinstance(ev["initiator"].dtype, pd.CategoricalDtype)
        summary = ev.attrs["summary"].iloc[0]
        assert (summary["rows"], summary["kept"], summary["rejected"]) == (100, 100, 0)

    def test_actor_countries_map_through_cameo_codes(self):
        ev = read_gdelt(GDELT)
        rows = {r[0]: r for r in gdelt_rows()}
        for row in ev.itertuples():
            code = rows[row.event_id.removeprefix("gdelt-")][7]
            if code == "USA":
                assert row.initiator == "USA"
            if code == "":
                assert pd.isna(row.initiator)

    def test_event_types_where_one_fits(self):
        ev = read_gdelt(GDELT)
        fits = ev.dropna(subset=["event_type"])
        types = diplo.load("event_types").set_index("code")["cameo"]
        for row in fits.itertuples():
            assert row.cameo_code in types[row.event_type].split(";")
        assert ev.loc[ev["cameo_code"] == "042", "event_type"].isna().all()  # a visit, but by whom is unknown
        assert (ev.loc[ev["cameo_code"] == "042", "family"] == "diplomacy").all()

    @pytest.mark.parametrize("columns", [GDELT1_58, GDELT1_57], ids=["58", "57"])
    def test_gdelt_1_widths(self, tmp_path, columns):
        keep = [GDELT2.index(c) for c in columns]
        path = write_tsv(tmp_path / "v1.csv", [[r[i] for i in keep] for r in gdelt_rows()])
        old, new = read_gdelt(path), read_gdelt(GDELT)
        pd.testing.assert_series_equal(old["event_id"], new["event_id"])
        pd.testing.assert_series_equal(old["participants"], new["participants"])
        assert old["source_url"].isna().all() == (len(columns) == 57)

    @pytest.mark.parametrize("order", ["as published", "58 first"])
    def test_gdelt_1_rows_are_read_by_their_own_width(self, tmp_path, order):
        """A GDELT 1.0 file mixing 57-field (backfile) and 58-field (daily) rows: every row is read."""
        path = GDELT1_MIXED
        lines = path.read_text(encoding="utf-8").splitlines()
        assert {line.count("\t") + 1 for line in lines} == {57, 58} and lines[0].count("\t") + 1 == 57
        if order == "58 first":
            path = write_tsv(tmp_path / "v1.export.CSV", [line.split("\t") for line in lines[1:] + lines[:1]])
        ev = read_gdelt(path)
        assert len(ev.attrs["rejected"]) == 0 and len(ev) == 100
        assert ev.attrs["summary"].iloc[0][["rows", "kept", "rejected"]].tolist() == [100, 100, 0]
        new = read_gdelt(GDELT).set_index("event_id")
        old = ev.set_index("event_id").loc[new.index]
        short = [f"gdelt-{line.split(chr(9))[0]}" for line in lines if line.count("\t") + 1 == 57]
        assert len(short) == 34
        assert old.loc[short, "source_url"].isna().all()  # a 57-field row has no SOURCEURL
        long = new.index.difference(short)
        pd.testing.assert_series_equal(old.loc[long, "source_url"], new.loc[long, "source_url"])
        keep = [c for c in new.columns if c != "source_url"]
        pd.testing.assert_frame_equal(old[keep], new[keep])

    def test_gdelt_1_rows_of_another_width_are_rejected_and_named(self, tmp_path):
        rows = [line.split("\t") for line in GDELT1_MIXED.read_text(encoding="utf-8").splitlines()]
        rows.insert(5, rows[5][:40])  # a row of 40 fields, line 6
        path = write_tsv(tmp_path / "v1.export.CSV", rows)
        with pytest.warns(UserWarning, match="1 rows could not be read"):
            ev = read_gdelt(path)
        assert len(ev) == 100
        [bad] = ev.attrs["rejected"].to_dict("records")
        assert bad["line"] == 6
        assert bad["reason"] == ("MISSING COLUMNS: the row has 40 tab-separated fields, not 57 or 58 "
                                 "(GDELT 1.0)")
        assert bad["raw"] == "\t".join(rows[5])
        summary = ev.attrs["summary"].iloc[0]
        assert summary[["rows", "kept", "rejected", "reasons"]].tolist() == [101, 100, 1, "MISSING COLUMNS: 1"]

    def test_zip_files_are_read_as_they_are(self, tmp_path):
        archive = tmp_path / "20150218230000.export.CSV.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(GDELT, "20150218230000.export.CSV")
        pd.testing.assert_frame_equal(read_gdelt(archive), read_gdelt(GDELT))

    def test_a_file_of_another_format_is_refused(self):
        with pytest.raises(FormatError, match="has 20 tab-separated columns.*Is it a GDELT events export"):
            read_gdelt(ICEWS)
        with pytest.raises(FormatError, match="not that of an ICEWS events file"):
            read_icews(GDELT)

    def test_bad_rows_are_set_aside_with_their_reasons(self, tmp_path):
        rows = gdelt_rows()
        lines = ["\t".join(r) for r in rows]
        lines[1] = "\t".join(rows[1][:30])                      # truncated
        lines[2] = "\t".join(rows[2] + ["extra"])               # too wide
        bad_date = list(rows[3]); bad_date[1] = "20141345"      # impossible date
        lines[3] = "\t".join(bad_date)
        unknown = list(rows[4]); unknown[26] = "999"            # no such CAMEO code
        lines[4] = "\t".join(unknown)
        path = tmp_path / "bad.export.CSV"
        data = ("\n".join(lines) + "\n").encode("utf-8")
        data = data.replace(rows[5][6].encode(), rows[5][6].encode() + b"\xff\xfe", 1)  # not UTF-8
        path.write_bytes(data)
        with pytest.warns(UserWarning, match="5 rows could not be read"):
            ev = read_gdelt(path)
        assert len(ev) == 95
        rejected = ev.attrs["rejected"]
        reasons = " | ".join(rejected["reason"])
        for expected in ("MISSING COLUMNS", "TOO MANY COLUMNS", "INVALID ENCODING", "bad date: SQLDATE '20141345'",
                         "unknown CAMEO event code '999'"):
            assert expected in reasons
        assert set(rejected["line"].dropna().astype(int)) == {2, 3, 6}
        assert set(rejected["record"].dropna()) == {rows[3][0], rows[4][0]}
        summary = ev.attrs["summary"].iloc[0]
        assert summary["rows"] == 100 and summary["kept"] + summary["rejected"] == 100




class TestIcews:
    def test_real_sample(self):
        ev = read_icews(ICEWS)
        assert len(ev) == 3705 and ev["event_id"].is_unique
        assert ev["cameo_code"].str.fullmatch(r"\d{3,4}").all()
        assert ev["cameo_code"].str.startswith("0").any()

    def test_repeated_event_ids_get_their_own_keys(self, tmp_path):
        lines = ICEWS.read_text(encoding="utf-8").splitlines()
        fields = lines[1].split("\t")
        fields[6] = "043"  # the same Event ID, coded again with another CAMEO code (as ICEWS releases do)
        path = tmp_path / "events.tab"
        path.write_text("\n".join(lines[:2] + ["\t".join(fields)]) + "\n", encoding="utf-8")
        ev = read_icews(path)
        assert len(ev) == 2 and ev["event_id"].is_unique
        assert ev["event_id"].str.startswith(f"icews-{fields[0]}-").all()

    def test_english_names_map_to_iso3(self):
        ev = read_icews(ICEWS, actors=["RUS"])
        raw = pd.read_csv(ICEWS, sep="\t", dtype=str, keep_default_na=False)
        expected = ((raw["Source Country"] == "Russian Federation") | (raw["Target Country"] == "Russian Federation"))
        assert len(ev) == expected.sum()
        assert ev.attrs["summary"].iloc[0]["outside_actors"] == len(raw) - expected.sum()

    def test_na_is_missing(self):
        ev = read_icews(ICEWS)
        raw = pd.read_csv(ICEWS, sep="\t", dtype=str, keep_default_na=False)
        assert (raw["District"] == "NA").any()
        assert not ev["location"].str.contains(r"(?:^|, )NA(?:,|$)", regex=True).any()


class TestHistorian:
    def test_trips_and_visits(self):
        trips = read_historian(TRIPS / "biden-joseph-r.xml", actors=["KOR", "JPN"])
        assert set(trips["event_type"]) == {"leader_visit"}
        assert set(trips["initiator"]) == {"USA"} and set(trips["target"]) <= {"KOR", "JPN"}
        seoul = trips[trips["target"] == "KOR"].iloc[0]
        assert (seoul["start_date"], seoul["end_date"]) == (pd.Timestamp("2022-05-19"), pd.Timestamp("2022-05-21"))
        assert "Yoon Suk Yeol" in seoul["description"]
        visits = read_historian(VISITS / "2020.xml", actors=["KOR"])
        assert set(visits["initiator"]) == {"KOR"} and set(visits["target"]) == {"USA"}
        assert pd.Timestamp("2023-04-26") in set(visits["start_date"])

    def test_unknown_country_ids_are_rejected_when_nothing_filters_them(self, tmp_path):
        path = tmp_path / "t.xml"
        path.write_text("<trips><trip role='secretary' who='x'><id>1</id><name>A Secretary</name>"
                        "<start-date>2024-01-02</start-date><end-date>2024-01-03</end-date>"
                        "<country id='korea-south'>Korea, South</country><locale>Seoul</locale><remarks>Met.</remarks>"
                        "</trip><trip role='secretary' who='x'><id>2</id><name>A Secretary</name>"
                        "<start-date>2024-02-30</start-date><end-date>2024-03-01</end-date>"
                        "<country id='atlantis'>Atlantis</country><locale>X</locale><remarks>Met.</remarks></trip>"
                        "</trips>", encoding="utf-8")
        with pytest.warns(UserWarning):
            ev = read_historian(path)
        assert ev["event_type"].tolist() == ["minister_visit"]
        assert ev.attrs["rejected"]["reason"].str.contains("bad date: start-date '2024-02-30'").all()

    def test_format(self, tmp_path):
        path = tmp_path / "x.xml"
        path.write_text("<other/>", encoding="utf-8")
        with pytest.raises(FormatError, match="<trips> or <visits> root"):
            read_historian(path)
        path.write_text("<trips>", encoding="utf-8")
        with pytest.raises(FormatError, match="not well-formed XML"):
            read_historian(path)


class TestArchive:
    def test_import_is_partitioned_and_remembers_its_files(self, tmp_path):
        out = tmp_path / "ds"
        summary = import_files("historian", [TRIPS / "*.xml", VISITS / "*.xml"], out, actors="KOR,JPN",
                               progress=False)
        assert not summary["skipped"].any() and summary["rejected"].sum() == 0
        years = sorted(p.name for p in out.glob("year=*"))
        assert years and all(p.startswith("year=") for p in years)
        again = import_files("historian", TRIPS / "*.xml", out, actors="KOR,JPN", progress=False)
        assert again["skipped"].all()
        assert not list(out.glob(".staging-*"))
        data = load_external(out)
        assert len(data) == summary["kept"].sum() and data["event_id"].is_unique

    def test_rejected_rows_file_beside_the_output(self, tmp_path):
        rows = gdelt_rows()
        bad = list(rows[0]); bad[1] = "2014021"
        path = write_tsv(tmp_path / "bad.CSV", [bad] + rows[1:])
        summary = import_files("gdelt", path, tmp_path / "ds", progress=False)
        assert summary.iloc[0][["rows", "kept", "rejected"]].tolist() == [100, 99, 1]
        [rejected] = (tmp_path / "ds" / "_rejected").glob("*.csv")
        with open(rejected, encoding="utf-8") as f:
            [row] = list(csv.DictReader(f))
        assert row["record"] == bad[0] and "bad date: SQLDATE '2014021'" in row["reason"]

    def test_load_external_filters(self, tmp_path):
        out = tmp_path / "ds"
        import_files("icews", ICEWS, out, progress=False)
        both = load_external(out, dyad=("KOR", "PRK"))
        assert len(both) > 0
        assert both["participants"].str.contains("KOR").all() and both["participants"].str.contains("PRK").all()
        anyone = load_external(out, actors=["KOR", "PRK"])
        assert len(anyone) > len(both)
        assert load_external(out, start="2018-06-02", end="2018-06-02")["start_date"].eq("2018-06-02").all()
        assert load_external(out, start="2019-01-01").empty
        assert list(load_external(out, columns=["event_id", "intensity"]).columns) == ["event_id", "intensity"]
        with pytest.raises(ValueError, match="unknown column"):
            load_external(out, columns=["nope"])
        with pytest.raises(ValueError, match="not a diplo dataset"):
            load_external(tmp_path)

    def test_dask_engine_writes_the_same_rows(self, tmp_path):
        rows = gdelt_rows()
        a = write_tsv(tmp_path / "a.CSV", rows[:50])
        b = write_tsv(tmp_path / "b.CSV", rows[50:])
        import_files("gdelt", [a, b], tmp_path / "duck", progress=False)
        import_files("gdelt", [a, b], tmp_path / "dask", engine="dask", progress=False)
        duck = load_external(tmp_path / "duck").sort_values("event_id").reset_index(drop=True)
        dask = load_external(tmp_path / "dask").sort_values("event_id").reset_index(drop=True)
        assert len(duck) == 100
        pd.testing.assert_frame_equal(duck, dask)


def test_reconcile_curated_with_official_records():
    machine = read_historian(TRIPS / "biden-joseph-r.xml", actors=["KOR", "JPN"])
    curated = diplo.events(actors=["KOR", "JPN"], types="leader_visit", start="2021-01-01", end="2025-01-19")
    result = reconcile(curated, machine)
    by_id = result["curated"].set_index("event_id")
    assert by_id.loc["20220520-biden-visits-seoul", "seen"]
    assert by_id.loc["20220522-biden-visits-tokyo", "seen"]
    assert not by_id.loc["20230316-yoon-visits-tokyo", "seen"]  # no US party: not in the US record
    summary = result["summary"].set_index("family")
    assert summary.loc["diplomacy", "curated"] == len(curated)
    assert not by_id.loc["20230316-yoon-visits-tokyo", "in_scope"]  # the US record cannot see it
    scoped = result["curated"][result["curated"]["in_scope"]]
    assert summary.loc["diplomacy", "share_seen"] == pytest.approx(scoped["seen"].mean())
    with pytest.raises(ValueError):
        reconcile(curated, machine, days=-1)


class TestPolecat:
    """On a synthetic file made from the published layout (there is no public sample)."""

    FILE = FIXTURES / "polecat" / "polecat_synthetic.txt"

    def test_layout_and_mapping(self):
        from diplo.importers import read_polecat

        with pytest.warns(UserWarning, match="2 rows could not be read"):
            ev = read_polecat(self.FILE)
        assert ev["event_id"].tolist()[:2] == ["polecat-synthetic-0001", "polecat-synthetic-0002"]
        first = ev.iloc[0]
        assert (first["initiator"], first["target"], first["plover_type"], first["plover_mode"]) == (
            "KOR", "JPN", "CONSULT", "visit")
        assert pd.isna(first["event_type"]) and first["family"] == "diplomacy"  # leaders or ministers: unknown
        assert ev.iloc[1]["event_type"] == "protest" and ev.iloc[1]["quad_class"] == 3
        assert ev.iloc[1]["contexts"] == "military;cbrn"
        listed = ev[ev["event_id"] == "polecat-synthetic-0004"].iloc[0]
        assert listed["initiator"] == "USA"  # the first of "USA; KOR"
        assert pd.isna(ev.iloc[2]["target"]) and pd.isna(ev.iloc[2]["plover_mode"])  # "None" is missing
        reasons = set(ev.attrs["rejected"]["reason"])
        assert reasons == {"bad date: Event Date '2023-02-30'", "unknown PLOVER event type 'EMBRACE'"}

    def test_event_intensity_header_and_refusal(self, tmp_path):
        from diplo.importers import read_polecat

        text = self.FILE.read_text(encoding="utf-8").replace("\tIntensity\t", "\tEvent Intensity\t", 1)
        renamed = tmp_path / "renamed.txt"
        renamed.write_text(text, encoding="utf-8")
        with pytest.warns(UserWarning):
            assert read_polecat(renamed)["intensity"].tolist()[:2] == [1.0, -2.0]
        with pytest.raises(FormatError, match="not a POLECAT events file"):
            read_polecat(ICEWS)


def test_diplo_import_command(tmp_path):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "diplo.cli", "import", "historian", str(VISITS / "2020.xml"), "--to",
           str(tmp_path / "ds"), "--actors", "KOR,JPN"]
    first = subprocess.run(cmd, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "1 file: 1 imported, 0 already in" in first.stdout
    again = subprocess.run(cmd, capture_output=True, text=True)
    assert "1 file: 0 imported, 1 already in" in again.stdout
    wrong = subprocess.run([sys.executable, "-m", "diplo.cli", "import", "gdelt", str(ICEWS), "--to",
                            str(tmp_path / "g")], capture_output=True, text=True)
    assert wrong.returncode == 1 and "Is it a GDELT events export?" in wrong.stderr


def test_diplo_import_of_a_mixed_gdelt_1_file_keeps_every_row(tmp_path):
    """`diplo import` of a GDELT 1.0 file with 57- and 58-field rows gives the rows read_gdelt reads."""
    import subprocess
    import sys

    rows = [line.split("\t") for line in GDELT1_MIXED.read_text(encoding="utf-8").splitlines()]
    source = write_tsv(tmp_path / "v1.export.CSV", rows[:7] + [rows[7][:40]] + rows[7:])  # one row of 40 fields
    done = subprocess.run([sys.executable, "-m", "diplo.cli", "import", "gdelt", str(source), "--to",
                           str(tmp_path / "ds")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "101 rows read, 100 kept, 0 outside the actors, 1 rejected" in done.stdout
    imported = load_external(tmp_path / "ds").sort_values("event_id").reset_index(drop=True)
    with pytest.warns(UserWarning):
        read = read_gdelt(source).sort_values("event_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(imported, read)
    [rejected] = (tmp_path / "ds" / "_rejected").glob("*.csv")
    with open(rejected, encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert row["line"] == "8" and "40 tab-separated fields, not 57 or 58" in row["reason"]


def test_memory_limit_is_checked_and_spills_leave_nothing(tmp_path):
    with pytest.raises(ValueError, match="memory_limit must be a size"):
        import_files("gdelt", GDELT, tmp_path / "ds", memory_limit="lots", progress=False)
    summary = import_files("gdelt", GDELT, tmp_path / "ds", memory_limit="64MB", progress=False)
    assert summary.iloc[0]["kept"] == 100
    assert not [p for p in (tmp_path / "ds").iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("text, header, expected", [("a\nb\n", False, 2), ("a\nb", False, 2), ("h\na\nb", True, 2),
                                                    ("", True, 0), ("h\n", True, 0)])
def test_count_rows(tmp_path, text, header, expected):
    from diplo.importers.core import count_rows

    path = tmp_path / "f.tsv"
    path.write_text(text, encoding="utf-8")
    assert count_rows(path, header=header) == expected


def test_names_with_glob_characters_and_quotes_are_taken_literally(tmp_path):
    """A file named gdelt[2024].export.CSV in a folder named a'b[1] imports and loads like any other."""
    odd = tmp_path / "a'b[1]"
    odd.mkdir()
    source = odd / "gdelt[2024].export.CSV"
    source.write_bytes(GDELT.read_bytes())
    summary = import_files("gdelt", source, odd / "ds", progress=False)
    assert summary.iloc[0]["kept"] == 100
    assert len(load_external(odd / "ds")) == 100
    assert list(load_external(odd / "ds", columns=["event_id"]).columns) == ["event_id"]


def test_a_damaged_registry_or_an_empty_column_list_is_one_clear_error(tmp_path):
    import_files("gdelt", GDELT, tmp_path / "ds", progress=False)
    with pytest.raises(ValueError, match="columns must name at least one column"):
        load_external(tmp_path / "ds", columns=[])
    for damaged in ("[]", '{"files": [1, 2]}', "not json"):
        (tmp_path / "ds" / "_imported.json").write_text(damaged, encoding="utf-8")
        with pytest.raises(ValueError, match="_imported.json is damaged"):
            load_external(tmp_path / "ds")


def test_a_corrected_file_replaces_its_own_rows(tmp_path):
    """Importing a file again after correcting it keeps the corrected rows only, never both versions."""
    source = tmp_path / "20240101.export.CSV"
    rows = gdelt_rows()
    write_tsv(source, rows)
    first = import_files("gdelt", source, tmp_path / "ds", progress=False)
    assert first.iloc[0]["kept"] == 100 and not first.iloc[0]["replaced"]
    write_tsv(source, rows[:60])  # the corrected file: 40 rows fewer
    second = import_files("gdelt", source, tmp_path / "ds", progress=False)
    assert second.iloc[0]["replaced"] and not second.iloc[0]["skipped"]
    assert len(load_external(tmp_path / "ds")) == 60
    import json

    registry = json.loads((tmp_path / "ds" / "_imported.json").read_text(encoding="utf-8"))
    assert len(registry["files"]) == 1
    again = import_files("gdelt", source, tmp_path / "ds", progress=False)
    assert again.iloc[0]["skipped"] and len(load_external(tmp_path / "ds")) == 60


def test_a_malformed_actor_code_is_rejected_and_an_unknown_one_kept(tmp_path):
    """'K0R' is no CAMEO country code: the row is rejected; 'ZZZ' is one the table does not know: kept,
    its raw code in actor2_code and no ISO3 code."""
    from diplo.importers import read_gdelt

    rows = gdelt_rows()[:3]
    a1, a2 = GDELT2.index("Actor1CountryCode"), GDELT2.index("Actor2CountryCode")
    rows[0][a1], rows[0][a2] = "KOR", "K0R"
    rows[1][a1], rows[1][a2] = "KOR", "ZZZ"
    rows[2][a1], rows[2][a2] = "", "kor"
    frame = read_gdelt(write_tsv(tmp_path / "20240101.export.CSV", rows))
    rejected = frame.attrs["rejected"]
    assert sorted(rejected["record"]) == sorted([rows[0][0], rows[2][0]])
    assert set(rejected["reason"]) == {"malformed actor country code"}
    kept = frame.set_index("event_id").loc[f"gdelt-{rows[1][0]}"]
    assert kept["actor2_code"] == "ZZZ" and pd.isna(kept["target"]) and kept["initiator"] == "KOR"


def test_a_place_code_two_countries_share_maps_to_none_and_keeps_its_row_single(tmp_path):
    """FIPS EZ is Czechoslovakia's and Czechia's in the countries table: an event placed there is one
    row with no location country, never one row per country (as a join on the code would give)."""
    from diplo.importers import read_gdelt

    rows = gdelt_rows()[:3]
    at = GDELT2.index("ActionGeo_CountryCode")
    rows[0][at], rows[1][at], rows[2][at] = "EZ", "YI", "KS"
    frame = read_gdelt(write_tsv(tmp_path / "20240101.export.CSV", rows))
    assert sorted(frame["event_id"]) == sorted(f"gdelt-{r[0]}" for r in rows)
    places = dict(zip(frame["event_id"], frame["location_country"]))
    assert pd.isna(places[f"gdelt-{rows[0][0]}"]) and pd.isna(places[f"gdelt-{rows[1][0]}"])
    assert places[f"gdelt-{rows[2][0]}"] == "KOR"


@pytest.mark.parametrize("sampled", [{"2015"}, {"2015", "2020"}], ids=["one year sampled", "several sampled"])
def test_both_plans_of_the_pass_write_the_same_rows(tmp_path, monkeypatch, sampled):
    """Rows sampled in one year: one Parquet file, split by year after the pass if the sample missed a
    year; in several: a file per year in the pass. Either way the same rows, years and rejected rows."""
    from diplo.importers.sources import SOURCES

    rows = gdelt_rows()
    rows[3][1] = "20241301"  # a bad date: rejected, in either plan
    source = write_tsv(tmp_path / "20240101.export.CSV", rows)
    expected = import_files("gdelt", source, tmp_path / "reference", progress=False)
    monkeypatch.setattr(type(SOURCES["gdelt"]), "sampled_years", lambda self, path: set(sampled))
    got = import_files("gdelt", source, tmp_path / "ds", progress=False)
    assert got.drop(columns="file").equals(expected.drop(columns="file"))
    assert got.iloc[0]["rejected"] == 1 and got.iloc[0]["kept"] == 99
    assert sorted(p.name for p in (tmp_path / "ds").glob("year=*")) == sorted(
        p.name for p in (tmp_path / "reference").glob("year=*"))
    pd.testing.assert_frame_equal(load_external(tmp_path / "ds"), load_external(tmp_path / "reference"))
    rejected = (tmp_path / "ds" / "_rejected").glob("*.csv")
    assert "bad date: SQLDATE '20241301'" in next(rejected).read_text(encoding="utf-8")


def test_a_dataset_keeps_the_hash_its_registry_names(tmp_path):
    """A new dataset keys files by xxh3-128 and says so; one made before the registry named its hash
    (sha256 keys) still knows its files: importing them again is skipped, never a second copy."""
    import hashlib
    import json

    from diplo.importers.archive import file_key

    new = tmp_path / "new"
    import_files("gdelt", GDELT, new, progress=False)
    registry = json.loads((new / "_imported.json").read_text(encoding="utf-8"))
    assert registry["hash"] == "xxh3_128" and list(registry["files"]) == [file_key(GDELT)]

    # A dataset of diplo 0.2.0: the same files, keyed by sha256, and no "hash".
    old = tmp_path / "old"
    import_files("gdelt", GDELT, old, progress=False)
    sha = f"{file_key(GDELT).rsplit('-', 1)[0]}-{hashlib.sha256(GDELT.read_bytes()).hexdigest()[:12]}"
    ledger = json.loads((old / "_imported.json").read_text(encoding="utf-8"))
    ledger = {"files": {sha: dict(ledger["files"][file_key(GDELT)], key=sha)}}
    for part in old.glob("year=*/*.parquet"):
        part.rename(part.with_name(part.name.replace(file_key(GDELT), sha)))
    (old / "_imported.json").write_text(json.dumps(ledger), encoding="utf-8")
    again = import_files("gdelt", GDELT, old, progress=False)
    assert again.iloc[0]["skipped"] and not again.iloc[0]["replaced"]
    assert len(load_external(old)) == 100
    other = tmp_path / "20240102.export.CSV"  # a file new to the old dataset is keyed as its files are
    other.write_bytes(GDELT.read_bytes())
    import_files("gdelt", other, old, progress=False)
    ledger = json.loads((old / "_imported.json").read_text(encoding="utf-8"))
    assert ledger["hash"] == "sha256" and sorted(ledger["files"]) == sorted([sha, file_key(other, "sha256")])
    assert file_key(GDELT, "sha256") == sha
    with pytest.raises(ValueError, match="unknown file hash 'md4'"):
        file_key(GDELT, "md4")


def test_an_archive_that_expands_past_the_cap_stops_with_one_error(tmp_path):
    from diplo.importers.core import plain_file

    bomb = tmp_path / "20240101.export.CSV.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("20240101.export.CSV", b"0" * (5 << 20))  # 5 MiB of zeros: a few KB compressed
    assert bomb.stat().st_size < 100_000
    with pytest.raises(FormatError, match="expands to more than 1,048,576 bytes"):
        with plain_file(bomb, max_bytes=1 << 20):
            pass
    with plain_file(bomb, max_bytes=10 << 20) as plain:
        assert plain.stat().st_size == 5 << 20


def test_a_second_import_into_the_same_dataset_is_refused_while_one_runs(tmp_path):
    from filelock import FileLock

    (tmp_path / "ds").mkdir()
    with FileLock(tmp_path / "ds" / "_import.lock"):  # as a running import holds it
        with pytest.raises(RuntimeError, match="another `diplo import` is writing to"):
            import_files("gdelt", GDELT, tmp_path / "ds", progress=False)
    assert import_files("gdelt", GDELT, tmp_path / "ds", progress=False).iloc[0]["kept"] == 100


def test_reconcile_of_a_period_with_nothing_is_typed_and_the_report_still_runs(tmp_path):
    """The Historian's 2020 visits hold no Korean or Japanese visit: the comparison is empty but typed,
    and the curated-vs-historian report on that one file draws an empty chart instead of failing."""
    from diplo.report import Report, run_reports

    machine = read_historian(VISITS / "2020.xml", actors=["KOR", "JPN"])
    machine = machine[(machine["start_date"] >= "2020-01-01") & (machine["start_date"] <= "2020-12-31")]
    curated = diplo.events(actors=["KOR", "JPN"], start="2020-01-01", end="2020-12-31", types=["diplomacy"])
    summary = reconcile(curated.iloc[0:0], machine.iloc[0:0])["summary"]
    assert summary.empty and summary["share_seen"].dtype == "float64" and summary["curated"].dtype == "int64"
    root = Path(diplo.__file__).resolve().parent.parent
    report = Report("one-year", root / "notebooks" / "06-curated-vs-machine-coded.ipynb",
                    {"path": str(VISITS / "2020.xml"), "start": "2020-01-01", "end": "2020-12-31"})
    entry, = run_reports([report], output=tmp_path / "out", progress=False)
    assert entry.status == "ok", entry.error


def test_imported_files_have_the_events_schema_whatever_the_source(tmp_path):
    """Every Parquet file holds the columns of COLUMNS (the year is the folder), typed as COLUMNS says,
    also where a source leaves a column empty (a GDELT file has no intensity, ICEWS no source_url)."""
    import duckdb

    from diplo.importers.sources import COLUMNS

    import_files("gdelt", GDELT, tmp_path / "g", progress=False)
    import_files("icews", ICEWS, tmp_path / "i", progress=False)
    import_files("historian", VISITS / "2020.xml", tmp_path / "h", progress=False)
    expected = [(name, sql) for name, sql in COLUMNS.items() if name != "year"]
    parts = sorted(tmp_path.glob("*/year=*/*.parquet"))
    assert {p.parts[-3] for p in parts} == {"g", "i", "h"}
    for part in parts:
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{part}', hive_partitioning = false)").fetchall()
        assert [(row[0], row[1]) for row in described] == expected, part


def test_diplo_import_never_loads_pandas(tmp_path):
    """`diplo import` maps and writes with DuckDB: it starts without pandas (0.3 s, 100 MB) or numpy."""
    import subprocess
    import sys

    code = ("import sys; from diplo.cli import main; "
            f"main(['import', 'gdelt', {str(GDELT)!r}, '--to', {str(tmp_path / 'ds')!r}, '--actors', 'KOR,JPN']); "
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_what_a_killed_import_left_is_removed_by_the_next(tmp_path):
    (tmp_path / "ds" / ".staging-killed" / "year=2015").mkdir(parents=True)
    (tmp_path / "ds" / ".staging-killed" / "year=2015" / "part-0.parquet").write_bytes(b"half")
    (tmp_path / "ds" / ".spill-killed").mkdir()
    import_files("gdelt", GDELT, tmp_path / "ds", progress=False)
    assert not [p for p in (tmp_path / "ds").iterdir() if p.name.startswith(".")]
    assert len(load_external(tmp_path / "ds")) == 100


def test_load_external_never_reads_an_unfinished_import(tmp_path):
    """Parquet files in a staging folder (an import killed or still running) are not part of the dataset."""
    import shutil

    import_files("gdelt", GDELT, tmp_path / "ds", progress=False)
    parts = sorted((tmp_path / "ds").glob("year=*/*.parquet"))
    staging = tmp_path / "ds" / ".staging-killed" / parts[0].parent.name
    staging.mkdir(parents=True)
    shutil.copy(parts[0], staging / "half-written_0.parquet")
    assert len(load_external(tmp_path / "ds")) == 100
