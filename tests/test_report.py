"""The report runner: reports.yml is checked, a failing report never replaces a good one."""

import json

import nbformat
import pytest

from diplo.report import read_config, run_reports


def make_notebook(path, body):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('value: int = 1  # a number to print')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def write_config(folder, text):
    path = folder / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_config_is_valid():
    reports = read_config("reports.yml")
    assert "kor-jpn-overview" in [r.id for r in reports]
    assert all(r.notebook.is_file() for r in reports)


@pytest.mark.parametrize(
    "text, message",
    [
        ("reports: []\n", "at least one entry"),
        ("reports:\n  - id: a\n", "needs 'id' and 'notebook'"),
        ("reports:\n  - {id: a, notebook: nb.ipynb, params: {}}\n", "unknown key(s) params"),
        ("reports:\n  - {id: a, notebook: missing.ipynb}\n", "missing.ipynb does not exist"),
        ("reports:\n  - {id: a, notebook: nb.ipynb}\n  - {id: a, notebook: nb.ipynb}\n", "used twice"),
        ("reports:\n  - {id: a, notebook: nb.ipynb, parameters: [1]}\n", "must be a mapping"),
    ],
)
def test_config_errors_name_the_entry(tmp_path, text, message):
    make_notebook(tmp_path / "nb.ipynb", "print(value)")
    with pytest.raises(ValueError, match="report") as info:
        read_config(write_config(tmp_path, text))
    assert message in str(info.value)


def test_failed_run_keeps_the_good_report(tmp_path):
    nb = make_notebook(tmp_path / "nb.ipynb", "assert value < 5, f'value {value} is too big'\nprint(value * 2)")
    out = tmp_path / "reports"
    config = write_config(tmp_path, "reports:\n  - {id: r, notebook: nb.ipynb, parameters: {value: 2}}\n")
    [entry] = run_reports(read_config(config), output=out)
    assert entry["status"] == "ok"
    good = (out / "r" / "report.html").read_bytes()
    assert b"4" in good

    config = write_config(tmp_path, "reports:\n  - {id: r, notebook: nb.ipynb, parameters: {value: 9}}\n")
    [entry] = run_reports(read_config(config), output=out)
    assert entry["status"] == "failed"
    assert "value 9 is too big" in entry["error"]
    assert (out / "r" / "report.html").read_bytes() == good  # not overwritten
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["reports"][0]["status"] == "failed"
    assert "failed" in (out / "index.html").read_text(encoding="utf-8")
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no staging folder left
    assert nb.is_file()
