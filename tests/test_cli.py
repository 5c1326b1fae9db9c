"""The command line: every bad input ends in one line on stderr and a non-zero status, never a traceback."""

import json
import os
import subprocess
import sys

import pytest

from conftest import set_cell


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
