"""Property tests: a generated row either loads exactly as written or is named in a DataError."""

import csv
import datetime as dt
import functools
import io

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import diplo
from conftest import read_rows

# Any text a CSV file can hold, newlines, quotes, commas and non-ASCII included.
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
dates = st.one_of(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(str),
                  st.sampled_from(["2025-02-30", "2025-13-01", "25-01-01", "2025/01/01", ""]), text)
codes = st.one_of(st.sampled_from(["KOR", "JPN", "USA", "PRK", "kor", "XXX", "", "KOR "]), text)


@st.composite
def event_rows(draw):
    initiator = draw(codes)
    target = draw(st.one_of(st.just(""), codes))
    extra = draw(st.lists(st.sampled_from(["KOR", "JPN", "USA", "PRK"]), max_size=2))
    participants = ";".join(dict.fromkeys(c for c in [initiator, target, *extra] if c))
    participants = draw(st.one_of(st.just(participants), text))
    start = draw(dates)
    return {
        "event_id": draw(st.one_of(st.just("20250101-generated"), text)),
        "start_date": start,
        "end_date": draw(st.one_of(st.just(start), dates)),
        "date_precision": draw(st.sampled_from(["day", "month", "year", "week", ""])),
        "part_of": draw(st.sampled_from(["", "20250930-ishiba-visits-busan", "20990101-missing"])),
        "event_type": draw(st.sampled_from(["leader_visit", "statement", "summit", ""])),
        "initiator": initiator,
        "target": target,
        "participants": participants,
        "persons": "",
        "location": draw(text),
        "location_country": draw(st.one_of(st.just(""), codes)),
        "title": draw(text),
        "description": draw(text),
        "confidence": draw(st.sampled_from(["low", "medium", "high", "certain"])),
        "notes": draw(text),
    }


@functools.cache
def _shipped(name):
    """The shipped table's header, and its text as csv.writer writes it."""
    rows = read_rows(diplo.package.default_data_dir() / name)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return rows[0], buffer.getvalue()


def write_with_extra_row(path, name, extra):
    """Write the shipped table and one extra row; return the line on which the extra row starts."""
    header, text = _shipped(name)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(extra(header))
    path.write_text(text + buffer.getvalue(), encoding="utf-8", newline="")
    return text.count("\n") + 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=event_rows())
@example(row={"event_id": "20250101-generated", "start_date": "2025-01-01", "end_date": "2025-01-02",
              "date_precision": "day", "part_of": "", "event_type": "statement", "initiator": "PRK",
              "target": "KOR", "participants": "KOR;PRK", "persons": "", "location": "Pyongyang",
              "location_country": "PRK", "title": "A generated statement, \"quoted\"", "description": "Text; more text.",
              "confidence": "low", "notes": "Écrit à la main"})
def test_generated_row_loads_as_written_or_is_named(package_copy, row):
    events_path = package_copy / "events.csv"
    sources_path = package_copy / "event_sources.csv"
    events_line = write_with_extra_row(events_path, "events.csv", lambda header: [row[h] for h in header])
    sources_line = write_with_extra_row(
        sources_path, "event_sources.csv",
        lambda header: [row["event_id"], "https://example.org/source", "Example", "", "A quote."])
    try:
        frame = diplo.load("events", data_dir=package_copy)
    except diplo.DataError as err:
        # Named: every problem is on the generated event row or on its source row (a value
        # holding a bare carriage return, which csv.writer leaves unquoted, breaks its row
        # over several lines), never on the shipped rows above them.
        assert err.problems
        for p in err.problems:
            first = events_line if p.file == "events.csv" else sources_line
            assert p.file in ("events.csv", "event_sources.csv") and p.line >= first, str(err)
        return
    loaded = frame.iloc[-1]
    assert len(frame) == _shipped("events.csv")[1].count("\n")  # nothing dropped: header excluded, row added
    for field, written in row.items():
        value = loaded[field]
        if written == "":
            assert pd.isna(value), field
        elif field in ("start_date", "end_date"):
            assert value == pd.Timestamp(written), field
        else:
            assert str(value) == written, field
