"""The data package as one object: frames carry it, a researcher's copy works everywhere, no clock."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import diplo  # noqa: E402
from diplo import analysis, plotting  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# A real visit, with the host's own announcement of its days.
FIN_VISIT = {
    "event_id": "20190609-moon-visits-finland", "start_date": "2019-06-09", "end_date": "2019-06-11",
    "date_precision": "day", "event_type": "leader_visit", "initiator": "KOR", "target": "FIN",
    "participants": "FIN;KOR", "persons": "kor-moon-jae-in", "location": "Helsinki", "location_country": "FIN",
    "title": "Moon Jae-in pays a state visit to Finland", "description": "State visit to Finland, 9-11 June 2019.",
    "confidence": "medium", "notes": "",
}
FIN_SOURCE = {
    "event_id": "20190609-moon-visits-finland",
    "url": "https://www.sttinfo.fi/tiedote/tasavallan-presidentin-ilmoitus-paaministeriehdokkaasta?publisherId=3981"
           "&releaseId=69859860",
    "publisher": "Office of the President of the Republic of Finland", "published": "2019-05-29",
    "quote": "President of the Republic of Korea Moon Jae-in will pay a state visit to Finland with his spouse "
             "Kim Jung-sook on 9-11 June 2019.",
}


def append_row(path, row):
    with open(path, newline="", encoding="utf-8") as f:
        header = next(csv.reader(f))
    with open(path, "a", newline="", encoding="utf-8") as f:
        csv.DictWriter(f, fieldnames=header, lineterminator="\n").writerow(row)


@pytest.fixture
def with_finland(package_copy):
    """A researcher's copy with a visit the shipped package does not have (and Finland, if it lacks it)."""
    with open(package_copy / "countries.csv", encoding="utf-8") as f:
        if not any(line.startswith("FIN,") for line in f):
            append_row(package_copy / "countries.csv", {"iso3": "FIN", "name": "Finland", "cameo": "FIN",
                                                        "fips": "FI", "cow": "375", "gw": "375", "aliases": ""})
    append_row(package_copy / "events.csv", FIN_VISIT)
    append_row(package_copy / "event_sources.csv", FIN_SOURCE)
    return package_copy


def test_open_is_one_object_per_folder_and_content(package_copy):
    first = diplo.open(package_copy)
    assert diplo.open(package_copy) is first and diplo.open(first) is first
    assert first.folder == package_copy.resolve() and first.folder.is_absolute()
    assert set(first.files) == {"datapackage.json", *(f"{t}.csv" for t in first.list_tables())}
    frame = first.load("events")
    assert frame.attrs["diplo_package"] is first
    assert frame[frame.event_type == "leader_visit"].attrs["diplo_package"] is first  # selections keep it
    assert pd.concat([frame, frame]).attrs["diplo_package"] is first
    # An edit that keeps the size and the modification time is still a new package.
    path = package_copy / "countries.csv"
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("South Korea", "South Kore_"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    second = diplo.open(package_copy)
    assert second is not first and second.sha256 != first.sha256
    assert "South Kore_" in set(second.load("countries")["name"])


def test_open_with_some_tables_checks_only_those_and_an_import_needs_no_more(package_copy, tmp_path):
    """An import reads countries and event_types; a broken events.csv stops load(), not an import."""
    from diplo.errors import DataError
    from diplo.importers import import_files

    with open(package_copy / "events.csv", "a", encoding="utf-8") as f:
        f.write("a row,with too few values\n")
    with pytest.raises(DataError, match="events.csv"):
        diplo.open(package_copy)
    some = diplo.open(package_copy, tables=["countries"])
    assert some.column("countries", "iso3")[:1] and some.types("leader_meetings")  # event_types comes too
    assert diplo.open(package_copy, tables="countries") is some
    with pytest.raises(ValueError, match="opened with only the tables countries, event_types, not 'events'"):
        some.load("events")
    with pytest.raises(ValueError, match="no table evnts"):
        diplo.open(package_copy, tables=["evnts"])
    gdelt = ROOT / "tests" / "fixtures" / "gdelt" / "gdelt_v2_events_sample.export.tsv"
    summary = import_files("gdelt", gdelt, tmp_path / "ds", progress=False, data_dir=package_copy)
    assert summary.iloc[0]["kept"] == 100
    # A broken table the import does read is one clear error, as ever.
    append_row(package_copy / "countries.csv", {"iso3": "kor", "name": "Bad", "cameo": "", "fips": "", "cow": "",
                                                "gw": "", "aliases": ""})
    with pytest.raises(DataError, match="countries.csv"):
        import_files("gdelt", gdelt, tmp_path / "ds2", progress=False, data_dir=package_copy)


def test_a_package_opened_whole_serves_a_request_for_some_tables(package_copy):
    whole = diplo.open(package_copy)
    assert diplo.open(package_copy, tables=["countries"]) is whole


def test_a_copy_with_another_country_works_through_every_function(with_finland):
    events = diplo.load("events", data_dir=with_finland)
    pair = ("KOR", "FIN")
    assert len(diplo.events(dyad=pair, data_dir=with_finland)) == 1
    assert analysis.dyad_series(events, pair, freq="YS").loc["2019-01-01", "leader_visit"] is pd.NA  # not covered
    analysis.cooperation_index(events, pair, freq="YS")
    assert analysis.visit_balance(events, pair)["visits_a_to_b"].sum() == 1
    analysis.leader_pairs(events, pair)  # Finland has no officeholders: an empty result, with a warning
    assert "FIN" in set(analysis.visits(events, "KOR")["partner"])
    fig, (ax1, ax2) = matplotlib.pyplot.subplots(2)
    plotting.timeline(diplo.events(dyad=pair, data_dir=with_finland), lanes="initiator", ax=ax1)
    plotting.visit_flows(events, ax=ax2)
    assert "FIN" in [t.get_text() for t in ax2.texts]


def test_a_relative_diplo_data_is_read_against_the_current_folder(with_finland, monkeypatch):
    monkeypatch.chdir(with_finland.parent)
    monkeypatch.setenv("DIPLO_DATA", with_finland.name)
    assert diplo.open().folder == with_finland.resolve()
    assert len(diplo.events(dyad=("KOR", "FIN"))) == 1


def test_the_kor_visits_report_runs_on_the_copy(with_finland, tmp_path):
    out = subprocess.run([sys.executable, "-m", "diplo.cli", "report", "kor-visits", "--config",
                          str(ROOT / "reports.yml"), "--output", str(tmp_path / "out"), "--data", str(with_finland),
                          "-p", "start", "2019-01-01"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    report = (tmp_path / "out" / "kor-visits" / "report.ipynb").read_text(encoding="utf-8")
    assert "KOR -> FIN (Helsinki)" in report


CLOCK_FREE = """
import diplo
from diplo import analysis
ev = diplo.load("events")
print(analysis.leader_pairs(ev, ("KOR", "JPN")).to_csv(index=False))
print(analysis.cooperation_index(ev, ("KOR", "JPN"), freq="QS").to_csv())
"""


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs faketime (.ci/run installs it)")
def test_no_result_moves_with_the_calendar():
    now = subprocess.run([sys.executable, "-c", CLOCK_FREE], capture_output=True, text=True, check=True).stdout
    later = subprocess.run(["faketime", "2027-09-01 12:00:00", sys.executable, "-c", CLOCK_FREE],
                           capture_output=True, text=True, check=True).stdout
    assert later == now
    assert "2026-05-31" in now  # running terms end at the package's as_of date


def test_series_are_na_outside_the_declared_coverage():
    events = diplo.load("events")
    series = analysis.dyad_series(events, ("KOR", "JPN"), freq="YS", by="event_type")
    assert series.loc["2016-01-01"].isna().all()  # before any coverage: not collected, not zero
    assert series.loc["2018-01-01", "leader_visit"] >= 0  # Korea-Japan leader visits are covered since 2017
    assert pd.isna(series.loc["2018-01-01", "total"])  # but not every type counted
    assert series.loc["2023-01-01"].notna().all()
    index = analysis.cooperation_index(events, ("KOR", "JPN"), freq="QS")
    assert index.loc[:"2021-12-31", "score"].isna().all() and index.loc["2022":"2025", "score"].notna().all()
    with pytest.warns(UserWarning, match="leader_visit: 2017-01-01 to 2026-03-31"):
        diplo.events(dyad=("KOR", "JPN"), types="leader_visit", start="2010-01-01")


@pytest.mark.parametrize("value, message", [
    (2024, "got the number 2024"), ("", "or None for no bound"), (float("nan"), "or None for no bound"),
    (pd.Timestamp("2024-01-01", tz="Asia/Seoul"), "without a time zone"),
])
def test_dates_are_checked(value, message):
    with pytest.raises(ValueError, match=message):
        diplo.events(start=value)


def test_a_string_is_one_item_and_groups_are_types():
    events = diplo.load("events")
    by_string = analysis.visits(events, "KOR", types="leader_visit")
    assert by_string.equals(analysis.visits(events, "KOR", types=["leader_visit"])) and len(by_string)
    meetings = diplo.events(types="leader_meetings", start="2024-01-01")
    assert set(meetings["event_type"]) == {"leader_visit", "leader_meeting", "leader_meeting_sidelines"}


def test_bilateral_keeps_only_the_two_countries():
    both = diplo.events(dyad=("KOR", "JPN"), start="2023-01-01", end="2023-12-31")
    only = diplo.events(dyad=("KOR", "JPN"), bilateral=True, start="2023-01-01", end="2023-12-31")
    assert 0 < len(only) < len(both) and set(only["participants"]) == {"JPN;KOR"}


def test_the_old_positional_form_still_works_with_a_deprecation_warning():
    events = diplo.load("events")
    with pytest.warns(DeprecationWarning, match=r"use dyad_series\(events, \('KOR', 'JPN'\)\)"):
        old = analysis.dyad_series(events, "KOR", "JPN", freq="YS")
    assert old.equals(analysis.dyad_series(events, ("KOR", "JPN"), freq="YS"))
