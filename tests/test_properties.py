"""Property tests: a generated row either loads exactly as written or is named in a DataError."""

import csv
import datetime as dt
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
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


def write_with_extra_row(path, rows, extra):
    """Write rows and one extra row; return the line on which the extra row starts."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    start = buffer.getvalue().count("\n") + 1
    csv.writer(buffer, lineterminator="\n").writerow(extra)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=event_rows())
def test_generated_row_loads_as_written_or_is_named(package_copy, row):
    events_path = package_copy / "events.csv"
    sources_path = package_copy / "event_sources.csv"
    original_events = read_rows(diplo.package.default_data_dir() / "events.csv")
    original_sources = read_rows(diplo.package.default_data_dir() / "event_sources.csv")
    events_line = write_with_extra_row(events_path, original_events, [row[h] for h in original_events[0]])
    sources_line = write_with_extra_row(
        sources_path, original_sources, [row["event_id"], "https://example.org/source", "Example", "", "A quote."]
    )
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
    assert len(frame) == len(original_events)  # nothing dropped: header excluded, row added
    for field, written in row.items():
        value = loaded[field]
        if written == "":
            assert pd.isna(value), field
        elif field in ("start_date", "end_date"):
            assert value == pd.Timestamp(written), field
        else:
            assert str(value) == written, field
