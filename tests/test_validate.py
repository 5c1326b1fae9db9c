"""Validation on load: every problem is named with file, line, field and value."""

import pytest

import diplo
from conftest import read_rows, set_cell, write_rows


def problems_of(folder):
    with pytest.raises(diplo.DataError) as info:
        diplo.load("events", data_dir=folder)
    return info.value.problems


def find(problems, **where):
    found = [p for p in problems if all(getattr(p, k) == v for k, v in where.items())]
    assert found, f"no problem with {where} among:\n" + "\n".join(map(str, problems))
    return found[0]


def test_shipped_package_is_valid():
    for name in diplo.list_tables():
        diplo.load(name)


def test_four_faults_are_named_in_one_error(package_copy):
    events = package_copy / "events.csv"
    # 1. an impossible date on one line
    date_line = set_cell(events, 0, "start_date", "2025-02-30")
    # 2. an unknown country code on another
    code_line = set_cell(events, 1, "initiator", "XKR")
    rows = read_rows(events)
    header = rows[0]
    # 3. a repeated event_id: a copy of the third event
    repeated = list(rows[3])
    # 4. an event with no source: a new id that no source row cites
    unsourced = list(rows[4])
    unsourced[header.index("event_id")] = "20990101-unsourced-event"
    write_rows(events, rows + [repeated, unsourced])
    repeat_line, unsourced_line = len(rows) + 1, len(rows) + 2

    with pytest.raises(diplo.DataError) as info:
        diplo.load("events", data_dir=package_copy)
    err = info.value
    find(err.problems, file="events.csv", line=date_line, field="start_date", value="2025-02-30")
    find(err.problems, file="events.csv", line=code_line, field="initiator", value="XKR")
    dup = find(err.problems, file="events.csv", line=repeat_line, field="event_id",
               value=repeated[header.index("event_id")])
    assert "of line 4" in dup.message
    find(err.problems, file="events.csv", line=unsourced_line, field="event_id", value="20990101-unsourced-event")
    # One problem per fault, plus the initiator that is no longer among the participants.
    assert len(err.problems) == 5, str(err)
    text = str(err)
    assert text.startswith("5 problems in the data package in ")
    assert "events.csv, line 2, field 'start_date', value '2025-02-30': the value is not a real calendar date" in text
    # Each problem says what to do.
    assert all(p.hint for p in err.problems)


def test_error_lists_problems_of_every_table(package_copy):
    set_cell(package_copy / "countries.csv", 0, "cow", "seven")
    set_cell(package_copy / "event_types.csv", 0, "quad_class", "5")
    problems = problems_of(package_copy)
    find(problems, file="countries.csv", line=2, field="cow", value="seven")
    find(problems, file="event_types.csv", line=2, field="quad_class", value="5")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("start_date", "30/09/2025", "not a date written YYYY-MM-DD"),
        ("date_precision", "week", "not one of the allowed values"),
        ("event_type", "summit", "is not in event_types.csv (column code)"),
        ("participants", "KOR;;JPN", "empty item"),
        ("participants", "KOR;JPN;KOR", "repeats an item"),
        ("confidence", "certain", "not one of the allowed values"),
        ("event_id", "Ishiba visit", "does not match the pattern"),
        ("title", "", "required value is missing"),
        ("title", "A NUL\x00 in a title", "holds the control character '\\x00'"),
        ("title", "An override \u202e reverses what follows", "holds the control character '\\u202e'"),
        ("notes", "An isolate \u2067 in the notes", "holds the control character"),
    ],
)
def test_cell_problems(package_copy, field, value, message):
    line = set_cell(package_copy / "events.csv", 0, field, value)
    problem = find(problems_of(package_copy), line=line, field=field, value=value)
    assert message in problem.message


def test_list_items_must_resolve(package_copy):
    line = set_cell(package_copy / "events.csv", 0, "participants", "JPN;KOR;XXX")
    problem = find(problems_of(package_copy), line=line, field="participants", value="XXX")
    assert "countries.csv" in problem.message


def test_unknown_code_suggests_close_matches(package_copy):
    set_cell(package_copy / "events.csv", 0, "event_type", "leader_vist")
    problem = find(problems_of(package_copy), field="event_type", value="leader_vist")
    assert "Did you mean leader_visit" in problem.hint


def test_end_before_start(package_copy):
    line = set_cell(package_copy / "events.csv", 0, "end_date", "1800-01-01")
    assert "ends before it starts" in find(problems_of(package_copy), line=line, field="end_date").message


def test_initiator_and_target_take_part(package_copy):
    rows = read_rows(package_copy / "events.csv")
    h = rows[0]
    index = next(i for i, r in enumerate(rows[1:]) if r[h.index("target")])
    line = set_cell(package_copy / "events.csv", index, "participants", rows[index + 1][h.index("initiator")])
    problem = find(problems_of(package_copy), line=line, field="target")
    assert "not among the participants" in problem.message


def test_persons_must_be_in_office_on_the_day(package_copy):
    rows = read_rows(package_copy / "events.csv")
    h = rows[0]
    index = next(i for i, r in enumerate(rows[1:]) if "kor-lee-jae-myung" in r[h.index("persons")])
    line = set_cell(package_copy / "events.csv", index, "start_date", "2019-01-01")
    set_cell(package_copy / "events.csv", index, "end_date", "2019-01-01")
    problem = find(problems_of(package_copy), line=line, field="persons", value="kor-lee-jae-myung")
    assert "held no office on 2019-01-01" in problem.message


def test_composite_primary_key(package_copy):
    path = package_copy / "event_sources.csv"
    rows = read_rows(path)
    write_rows(path, rows + [rows[1]])
    problem = find(problems_of(package_copy), file="event_sources.csv", line=len(rows) + 1)
    assert "repeats the primary key (event_id, url) of line 2" in problem.message


def test_source_of_unknown_event(package_copy):
    path = package_copy / "event_sources.csv"
    rows = read_rows(path)
    extra = ["20990101-nothing", "https://example.org/a", "Nobody", "", "A quote."]
    write_rows(path, rows + [extra])
    find(problems_of(package_copy), file="event_sources.csv", field="event_id", value="20990101-nothing")


def test_wrong_width_rows_are_named(package_copy):
    path = package_copy / "countries.csv"
    with open(path, "a", encoding="utf-8") as f:
        f.write("FIN,Finland,FIN\n\n")
    problems = problems_of(package_copy)
    n = len(read_rows(path))
    assert "has 3 values where the header has 7" in find(problems, file="countries.csv", value="FIN,Finland,FIN").message
    assert "is empty" in find(problems, file="countries.csv", line=n).message


def test_header_must_match_schema(package_copy):
    path = package_copy / "countries.csv"
    rows = read_rows(path)
    rows[0][rows[0].index("fips")] = "fips10"
    write_rows(path, rows)
    problem = find(problems_of(package_copy), file="countries.csv", line=1)
    assert "missing fips" in problem.message and "not in the schema fips10" in problem.message


def test_bad_quoting_is_named(package_copy):
    path = package_copy / "countries.csv"
    with open(path, "a", encoding="utf-8") as f:
        f.write('RVN,"Republic" of Vietnam,,,817,817,\n')
    problem = find(problems_of(package_copy), file="countries.csv")
    assert "not valid CSV" in problem.message


def test_bytes_that_are_not_utf8_are_named(package_copy):
    path = package_copy / "countries.csv"
    with open(path, "ab") as f:
        f.write(b"RVN,Vi\xe4t Nam,,,817,817,\n")
    problem = find(problems_of(package_copy), file="countries.csv", field="name")
    assert "not UTF-8" in problem.message and problem.value == "Vi\\xe4t Nam"


def test_missing_file_and_missing_table(package_copy):
    (package_copy / "countries.csv").unlink()
    find(problems_of(package_copy), file="countries.csv", line=None)


def test_schema_must_keep_diplo_fields(package_copy):
    import json

    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    fields = descriptor["resources"][0]["schema"]["fields"]
    descriptor["resources"][0]["schema"]["fields"] = [f for f in fields if f["name"] != "notes"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    find(problems_of(package_copy), file="datapackage.json", field="notes")


def test_problems_as_a_frame(package_copy):
    set_cell(package_copy / "events.csv", 0, "start_date", "2025-13-01")
    with pytest.raises(diplo.DataError) as info:
        diplo.load("events", data_dir=package_copy)
    frame = info.value.to_frame()
    assert list(frame.columns) == ["file", "line", "field", "value", "message", "hint"]
    assert frame.loc[0, "line"] == 2


def test_a_part_lies_within_the_event_it_belongs_to(package_copy):
    path = package_copy / "events.csv"
    rows = read_rows(path)
    header = rows[0]
    visit = next(r for r in rows[1:] if r[header.index("event_id")] == "20250930-ishiba-visits-busan")
    part = list(visit)
    part[header.index("event_id")] = "20251002-ishiba-lee-summit-busan"
    part[header.index("start_date")] = part[header.index("end_date")] = "2025-10-02"  # after the visit ended
    part[header.index("event_type")] = "leader_meeting"
    part[header.index("part_of")] = "20250930-ishiba-visits-busan"
    write_rows(path, rows + [part])
    with open(package_copy / "event_sources.csv", "a", encoding="utf-8") as f:
        f.write("20251002-ishiba-lee-summit-busan,https://example.org/x,Test,,\"a quote that is long enough\"\n")
    problem = find(problems_of(package_copy), field="part_of")
    assert "falls outside the event it belongs to (2025-09-30 to 2025-10-01)" in problem.message


def _descriptor(package_copy, change):
    import json

    path = package_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_schema_must_keep_diplo_field_types(package_copy):
    def to_string(descriptor):
        for field in descriptor["resources"][0]["schema"]["fields"]:
            if field["name"] == "end_date":
                field["type"] = "string"

    _descriptor(package_copy, to_string)
    problem = find(problems_of(package_copy), file="datapackage.json", field="events.end_date", value="string")
    assert "changed from 'date'" in problem.message


@pytest.mark.parametrize("created", ["2026-13-01", "yesterday", 20261130, "2026-02-30T10:00:00Z"])
def test_created_is_a_real_moment(package_copy, created):
    _descriptor(package_copy, lambda d: d.update(created=created))
    find(problems_of(package_copy), file="datapackage.json", field="created", value=str(created))


def test_created_may_carry_a_time(package_copy):
    _descriptor(package_copy, lambda d: d.update(created="2026-11-30T12:00:00Z"))
    diplo.load("events", data_dir=package_copy)


@pytest.mark.parametrize("path", ["../../../../etc/passwd", "/etc/passwd"])
def test_a_resource_outside_the_folder_is_refused_unread(package_copy, path):
    def point(descriptor):
        descriptor["resources"][3]["path"] = path

    _descriptor(package_copy, point)
    problem = find(problems_of(package_copy), file="datapackage.json", field="path", value=path)
    assert "leads outside the data package's folder" in problem.message
    assert "root:" not in str(problem)  # nothing of the file was read into the message


def test_a_link_a_device_or_a_pipe_is_refused_unread(package_copy):
    import os

    countries = package_copy / "countries.csv"
    countries.unlink()
    countries.symlink_to("/etc/passwd")
    assert "leads outside" in find(problems_of(package_copy), field="path", value="countries.csv").message
    countries.unlink()
    os.mkfifo(countries)  # reading a pipe would block for ever
    assert "not a regular file" in find(problems_of(package_copy), field="path", value="countries.csv").message

    def device(descriptor):
        descriptor["resources"][3]["path"] = "zero"

    countries.unlink()
    (package_copy / "zero").symlink_to("/dev/zero")  # reading it would never end
    _descriptor(package_copy, device)
    assert find(problems_of(package_copy), field="path", value="zero")


@pytest.mark.parametrize("pattern, message", [("(unclosed", "is not a regular expression"),
                                              ("(a+)+$", "repeats a repetition"),
                                              ("([a-z]+)*x", "repeats a repetition")])
def test_an_invalid_or_catastrophic_pattern_is_refused(package_copy, pattern, message):
    def set_pattern(descriptor):
        for field in descriptor["resources"][0]["schema"]["fields"]:
            if field["name"] == "event_id":
                field["constraints"]["pattern"] = pattern

    _descriptor(package_copy, set_pattern)
    assert message in find(problems_of(package_copy), field="events.event_id", value=pattern).message


@pytest.mark.parametrize("text, message", [("[" * 100_000 + "]" * 100_000, "nest more than 32 levels"),
                                           ("[" * 40 + "]" * 40, "nest more than 32 levels"),
                                           (" " * 6_000_000 + "{}", "larger than 5,000,000 bytes")])
def test_a_descriptor_too_deep_or_too_large_is_refused(package_copy, text, message):
    (package_copy / "datapackage.json").write_text(text, encoding="utf-8")
    with pytest.raises(diplo.DataError) as info:
        diplo.open(package_copy)
    assert message in str(info.value)


def test_a_coverage_date_that_is_not_text_is_named(package_copy):
    _descriptor(package_copy, lambda d: d["coverage"][0].update(start=["2022-01-01"]))
    find(problems_of(package_copy), file="datapackage.json", field="coverage[1]")
