"""The command line: every bad input ends in one line on stderr and a non-zero status, never a traceback."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import set_cell

ROOT = Path(__file__).resolve().parent.parent


def diplo(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "diplo.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, "PYTHONWARNINGS": "ignore"})


def assert_one_clear_error(result, *words):
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith("diplo "), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def _edit(folder, change):
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


@pytest.mark.parametrize("case", ["passwd", "deep", "control", "created", "type", "pattern"])
def test_validate_names_the_problem(package_copy, case):
    if case == "passwd":
        _edit(package_copy, lambda d: d["resources"][3].update(path="../../../../etc/passwd"))
    elif case == "deep":
        (package_copy / "datapackage.json").write_text("[" * 100_000 + "]" * 100_000)
    elif case == "control":
        set_cell(package_copy / "events.csv", 0, "title", "A title with a NUL\x00 in it")
    elif case == "created":
        _edit(package_copy, lambda d: d.update(created="2026-13-01"))
    elif case == "type":
        _edit(package_copy, lambda d: d["resources"][0]["schema"]["fields"][2].update(type="string"))
    else:
        _edit(package_copy, lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(pattern="(a+)+$"))
    result = diplo("validate", package_copy)
    assert_one_clear_error(result, "datapackage.json" if case != "control" else "events.csv")
    assert "root:x" not in result.stderr


def test_report_and_import_refuse_bad_input_in_one_line(tmp_path):
    (tmp_path / "reports.yml").write_text("reports:\n  - {id: a, notebook: missing.ipynb}\n")
    assert_one_clear_error(diplo("report", cwd=tmp_path), "missing.ipynb does not exist")
    assert_one_clear_error(diplo("report", "--config", tmp_path / "none.yml"), "no such report configuration")
    assert_one_clear_error(diplo("import", "gdelt", tmp_path / "nothing-*.CSV", "--to", tmp_path / "ds"),
                           "no file matches")
    (tmp_path / "ds").mkdir(exist_ok=True)
    (tmp_path / "ds" / "_imported.json").write_text("[]")
    source = tmp_path / "x.export.CSV"
    source.write_text("")
    assert_one_clear_error(diplo("import", "gdelt", source, "--to", tmp_path / "ds"), "_imported.json is damaged")


def test_init_writes_a_project_that_reports_run_from(tmp_path):
    study = tmp_path / "study"
    result = diplo("init", study)
    assert result.returncode == 0, result.stderr
    assert "cd " in result.stdout and "diplo report" in (study / "README.md").read_text(encoding="utf-8")
    shipped = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (study / "notebooks").glob("*.ipynb")) == shipped
    assert (study / "reports.yml").read_bytes() == (ROOT / "reports.yml").read_bytes()
    # Nothing of the user's is overwritten: a second init changes no byte and says why.
    (study / "notebooks" / "00-data-coverage.ipynb").write_text("mine", encoding="utf-8")
    assert_one_clear_error(diplo("init", study), "already holds", "nothing was written")
    assert (study / "notebooks" / "00-data-coverage.ipynb").read_text(encoding="utf-8") == "mine"
    result = diplo("init", tmp_path / "second")
    assert result.returncode == 0
    result = diplo("report", "curated-vs-historian", cwd=tmp_path / "second")  # reads the records it was given
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "second" / "reports" / "curated-vs-historian" / "report.html").is_file()
