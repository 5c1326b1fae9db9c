import csv
import shutil
from pathlib import Path

import pytest

import diplo.schema

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A writable copy of diplo's own data package; DIPLO_DATA is unset."""
    monkeypatch.delenv("DIPLO_DATA", raising=False)
    target = tmp_path / "data"
    shutil.copytree(diplo.schema.default_data_dir(), target,
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
