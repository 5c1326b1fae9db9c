import csv
import shutil
from pathlib import Path

import pytest

import diplo.package

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A writable copy of diplo's own data package; DIPLO_DATA is unset."""
    monkeypatch.delenv("DIPLO_DATA", raising=False)
    target = tmp_path / "data"
    shutil.copytree(diplo.package.default_data_dir(), target,
                    ignore=shutil.ignore_patterns("*.md"))
    return target


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path, row_index, field, value):
    """Set one cell (row_index counts data rows from 0) and return its line number."""
    rows = read_rows(path)
    rows[row_index + 1][rows[0].index(field)] = value
    write_rows(path, rows)
    return row_index + 2


def make_events(rows):
    """A small events table with the real dtypes, from dicts of the fields that matter.

    Defaults: a one-day, day-precision, high-confidence event; ``participants``
    defaults to initiator and target.
    """
    import pandas as pd

    import diplo

    template = diplo.load("events").iloc[:0]
    filled = []
    for i, row in enumerate(rows):
        row = dict(row)
        row.setdefault("event_id", f"2000010{i}-fixture-{i}")
        row.setdefault("end_date", row["start_date"])
        row.setdefault("target", None)
        row.setdefault("participants", ";".join(c for c in (row["initiator"], row["target"]) if c))
        row.setdefault("date_precision", "day")
        row.setdefault("confidence", "high")
        row.setdefault("title", row["event_id"])
        row.setdefault("description", "fixture")
        filled.append(row)
    frame = pd.DataFrame(filled).reindex(columns=template.columns)
    for column, dtype in template.dtypes.items():
        if dtype.kind == "M":
            frame[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            frame[column] = frame[column].astype(dtype)
    return frame
