"""The report runner: strict parameters, cache, failures, reproducibility, escaping, locking."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from diplo.report import ParameterError, Report, check_parameters, notebook_parameters, read_config, run_reports
from diplo.report.execute import lock as _lock

ROOT = Path(__file__).resolve().parent.parent


def make_notebook(path, body, params='value: int = 1  # a number to print\nlabel: str = "x"  # a label'):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(params)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Test report"), cell, nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def write_config(folder, text):
    path = folder / "reports.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path):
    """A folder with a good notebook, a failing one, and a config naming both."""
    make_notebook(tmp_path / "good.ipynb", "print('value is', value * 2)\nprint({'a', 'b', 'c'})")
    make_notebook(tmp_path / "bad.ipynb", "assert value < 5, f'value {value} is too big'")
    write_config(tmp_path, "reports:\n"
                           "  - {id: good, notebook: good.ipynb, parameters: {value: 2}}\n"
                           "  - {id: bad, notebook: bad.ipynb, parameters: {value: 9}}\n")
    return tmp_path


def run(project, **kwargs):
    reports = read_config(project / "reports.yml")
    kwargs.setdefault("progress", False)
    return {e.id: e for e in run_reports(reports, output=project / "out", **kwargs)}


# --- configuration and parameters -------------------------------------------------


def test_shipped_config_is_valid_and_every_report_checks():
    reports = read_config(ROOT / "reports.yml")
    assert len(reports) >= 12
    for report in reports:
        check_parameters(report)
    assert {"kor-jpn-overview", "kor-usa-overview", "jpn-usa-overview"} <= {r.id for r in reports}


@pytest.mark.parametrize(
    "text, message",
    [
        ("reports: []\n", "at least one entry"),
        ("reports:\n  - id: a\n", "needs 'id' and 'notebook'"),
        ("reports:\n  - {id: a, notebook: good.ipynb, params: {}}\n", "unknown key(s) params"),
        ("reports:\n  - {id: a, notebook: missing.ipynb}\n", "missing.ipynb does not exist"),
        ("reports:\n  - {id: a, notebook: good.ipynb}\n  - {id: a, notebook: good.ipynb}\n", "used twice"),
        ("reports:\n  - {id: a, notebook: good.ipynb, parameters: [1]}\n", "must be a mapping"),
        ("reports:\n  - {id: A/B, notebook: good.ipynb}\n", "lowercase letters"),
        ("reports:\n  - {id: a, notebook: good.ipynb, formats: [html, docx]}\n", "unknown format(s) docx"),
        ("reports:\n  - {id: a, notebook: good.ipynb, formats: {pdf: 1}}\n", "must be a list of formats"),
    ],
)
def test_config_errors_name_the_entry(project, text, message):
    with pytest.raises(ValueError) as info:
        read_config(write_config(project, text))
    assert message in str(info.value)


def test_parameters_are_read_from_the_notebook():
    params = notebook_parameters(ROOT / "notebooks" / "03-trilateral.ipynb")
    assert params["members"].type == "list[str]" and params["members"].default == ["KOR", "JPN", "USA"]
    assert params["end"].type == "Optional[str]" and params["end"].default is None
    assert all(p.help for p in params.values())


@pytest.mark.parametrize(
    "given, expected",
    [({"value": "3"}, 3), ({"value": 4}, 4)],
)
def test_text_is_converted_to_the_declared_type(project, given, expected):
    assert check_parameters(Report("r", project / "good.ipynb", given))["value"] == expected


def test_bool_float_optional_and_list_conversion(tmp_path):
    nb = make_notebook(tmp_path / "t.ipynb", "pass", params='flag: bool = False  # a flag\nshare: float = 0.5  # a share\n'
                       'end: "Optional[str]" = None  # an end\nmembers: list[str] = ["KOR"]  # members')
    out = check_parameters(Report("r", nb, {"flag": "true", "share": "0.25", "end": "none", "members": "KOR,JPN"}))
    assert out == {"flag": True, "share": 0.25, "end": None, "members": ["KOR", "JPN"]}
    assert check_parameters(Report("r", nb, {"flag": "False"}))["flag"] is False
    assert check_parameters(Report("r", nb, {"members": ["KOR", "JPN"]}))["members"] == ["KOR", "JPN"]


@pytest.mark.parametrize("members", [[["KOR", "JPN"], "USA"], ["KOR", 1, None], ["KOR", ""]])
def test_list_parameters_are_checked_item_by_item(tmp_path, members):
    nb = make_notebook(tmp_path / "t.ipynb", "pass", params='members: list[str] = ["KOR"]  # members')
    with pytest.raises(ParameterError) as info:
        check_parameters(Report("r", nb, {"members": members}))
    assert "parameter 'members' is declared list[str]; the item" in str(info.value)


@pytest.mark.parametrize(
    "given, message",
    [
        ({"valeu": 3}, "has no parameter 'valeu' (did you mean 'value'?); its parameters are value, label"),
        ({"value": "three"}, "parameter 'value' is declared int; the value 'three' is not one"),
        ({"value": True}, "parameter 'value' is declared int; the value True is not one"),
        ({"value": None}, "needs a int, not None"),
        ({"label": 5}, "parameter 'label' is declared str; the value 5 is not one"),
    ],
)
def test_bad_parameters_are_refused_before_any_kernel_starts(project, given, message):
    with pytest.raises(ParameterError) as info:
        run_reports([Report("r", project / "good.ipynb", given)], output=project / "out", progress=False)
    assert message in str(info.value)
    assert not (project / "out" / "r").exists()


# --- running, cache, failures -----------------------------------------------------


def test_failing_report_beside_a_good_one(project):
    entries = run(project)
    assert entries["good"].status == "ok" and entries["bad"].status == "failed"
    assert "AssertionError: value 9 is too big" in entries["bad"].error
    assert entries["bad"].error.startswith("cell 3:")  # the failing cell, In [3] (after the injected parameters)
    out = project / "out"
    assert (out / "good" / "report.html").is_file() and (out / "good" / "report.ipynb").is_file()
    failed = nbformat.read(out / "bad" / "failed.ipynb", as_version=4)
    assert any(o.get("ename") == "AssertionError" for c in failed.cells for o in c.get("outputs", []))
    assert not (out / "bad" / "report.html").exists()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["id"]: e["status"] for e in manifest["reports"]} == {"bad": "failed", "good": "ok"}
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


def test_a_failure_keeps_the_last_good_report(project):
    run(project)
    good = (project / "out" / "good" / "report.html").read_bytes()
    write_config(project, "reports:\n  - {id: good, notebook: bad.ipynb, parameters: {value: 9}}\n")
    assert run(project)["good"].status == "failed"
    assert (project / "out" / "good" / "report.html").read_bytes() == good
    assert (project / "out" / "good" / "failed.ipynb").is_file()


def test_cache_hit_and_misses(project):
    first = run(project)
    assert not first["good"].cached
    second = run(project)
    assert second["good"].cached
    assert not second["bad"].cached  # a failed report is always tried again
    # A changed parameter is a miss.
    write_config(project, "reports:\n  - {id: good, notebook: good.ipynb, parameters: {value: 3}}\n")
    assert not run(project)["good"].cached
    assert run(project)["good"].cached
    # A changed notebook is a miss.
    make_notebook(project / "good.ipynb", "print('changed', value)")
    assert not run(project)["good"].cached
    # --force re-runs.
    assert not run(project, force=True)["good"].cached
    # A damaged output is a miss.
    (project / "out" / "good" / "report.html").write_text("broken", encoding="utf-8")
    assert not run(project)["good"].cached


def test_a_touched_data_file_is_a_miss(project, package_copy, monkeypatch):
    monkeypatch.setenv("DIPLO_DATA", str(package_copy))
    assert not run(project)["good"].cached
    assert run(project)["good"].cached
    with open(package_copy / "countries.csv", "a", encoding="utf-8") as f:
        f.write("RVN,Republic of Vietnam,,,817,817,\n")
    assert not run(project)["good"].cached


def test_two_runs_give_the_same_bytes(project):
    first = run(project, force=True)["good"].outputs
    files = {name: (project / "out" / "good" / name).read_bytes() for name in first}
    second = run(project, force=True)["good"].outputs
    assert first == second
    for name, data in files.items():
        assert (project / "out" / "good" / name).read_bytes() == data, name
    nb = json.loads(files["report.ipynb"])
    assert "papermill" not in nb["metadata"]
    assert [c["id"] for c in nb["cells"]] == [f"cell-{i:02d}" for i in range(len(nb["cells"]))]
    assert "## Provenance" in "".join(nb["cells"][-1]["source"])


def test_a_run_with_nothing_to_do_changes_no_byte(project):
    run(project)
    snapshot = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "out").rglob("*") if p.is_file()}
    again = run(project)
    assert again["good"].cached and again["good"].seconds == 0
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (project / "out").rglob("*") if p.is_file()}
    assert after == snapshot
    manifest = (project / "out" / "manifest.json").read_text(encoding="utf-8")
    assert '"seconds"' not in manifest and '"cached"' not in manifest
    assert "cached" not in (project / "out" / "index.html").read_text(encoding="utf-8")


def test_a_file_named_by_a_path_parameter_is_an_input(project):
    (project / "records").mkdir()
    (project / "records" / "a.txt").write_text("one\n", encoding="utf-8")
    make_notebook(project / "files.ipynb", "import glob\nprint(sorted(open(f).read() for f in glob.glob(files)))",
                  params='files: "Path" = "records/*.txt"  # the files to read')
    write_config(project, "reports:\n  - {id: files, notebook: files.ipynb}\n")
    assert not run(project)["files"].cached
    assert run(project)["files"].cached
    (project / "records" / "a.txt").write_text("two\n", encoding="utf-8")  # same size, same name
    assert not run(project)["files"].cached
    (project / "records" / "b.txt").write_text("new\n", encoding="utf-8")  # a new file the glob matches
    entry = run(project)["files"]
    assert not entry.cached and "new" in (project / "out" / "files" / "report.ipynb").read_text(encoding="utf-8")


def test_the_caller_environment_is_left_as_it_was(project, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    before = dict(os.environ)
    run(project)
    assert dict(os.environ) == before


def test_kernels_read_the_package_given_as_an_absolute_folder(project, package_copy, monkeypatch):
    monkeypatch.chdir(package_copy.parent)
    make_notebook(project / "where.ipynb", "import diplo, os\nprint(os.environ['DIPLO_DATA'])\n"
                  "print(diplo.open().folder == diplo.package.Path(os.environ['DIPLO_DATA']))")
    entries = run_reports([Report("where", project / "where.ipynb", {})], output=project / "out", progress=False,
                          data=package_copy.name)  # relative to the current folder, not the notebook's
    assert entries[0].status == "ok", entries[0].error
    text = (project / "out" / "where" / "report.ipynb").read_text(encoding="utf-8")
    assert f"{package_copy}\\n" in text and "True" in text


def test_code_is_hidden_unless_asked(project):
    run(project)
    assert "print(&#39;value is&#39;" not in (project / "out" / "good" / "report.html").read_text(encoding="utf-8")
    run(project, with_code=True)
    html = (project / "out" / "good" / "report.html").read_text(encoding="utf-8")
    assert "value" in html and "print" in html


def test_overrides_from_the_command_line_are_converted(project):
    entries = run(project, overrides={"value": "4"})
    assert entries["good"].parameters["value"] == 4
    assert "value is 8" in (project / "out" / "good" / "report.ipynb").read_text(encoding="utf-8")


def test_quotes_in_a_parameter_cannot_inject_code(project):
    marker = project / "injected"
    evil = f"x'); open({str(marker)!r}, 'w').write('1'); print('"
    make_notebook(project / "echo.ipynb", "print(label)")
    entries = run_reports([Report("echo", project / "echo.ipynb", {"label": evil})], output=project / "out",
                          progress=False)
    assert entries[0].status == "ok"
    assert not marker.exists()
    nb = nbformat.read(project / "out" / "echo" / "report.ipynb", as_version=4)
    printed = [o["text"] for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    assert printed == [evil + "\n"]  # the value arrived as text, exactly


def test_data_is_shown_as_text_not_markup(project):
    make_notebook(project / "xss.ipynb", "import pandas as pd\n"
                  "pd.DataFrame({'description': ['<script>alert(1)</script> \"quoted\"']})")
    entries = run_reports([Report("xss", project / "xss.ipynb", {"label": "<b>bold</b>"})], output=project / "out",
                          progress=False)
    assert entries[0].status == "ok"
    html = (project / "out" / "xss" / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html  # the parameter, shown in the provenance table
    index = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert "<b>bold</b>" not in index and "&lt;b&gt;bold&lt;/b&gt;" in index


def test_a_parameter_is_never_read_as_markdown(project):
    """A value that is a Markdown link to javascript: stays text in the provenance and the index."""
    link = "/some/dir/[x](javascript:alert(document.domain))/*.xml"
    entries = run_reports([Report("md", project / "good.ipynb", {"label": link})], output=project / "out",
                          progress=False)
    assert entries[0].status == "ok"
    for page in (project / "out" / "md" / "report.html", project / "out" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "javascript:alert" in html and 'href="javascript' not in html


def test_a_second_run_at_once_is_refused(project):
    with _lock(project / "out"):
        with pytest.raises(RuntimeError, match="another `diplo report` is writing"):
            run(project)


def test_a_killed_run_leaves_whole_reports(project):
    """Kill a run while it works, then check that nothing half-written is left and a new run recovers."""
    run(project)
    before = {p: p.read_bytes() for p in (project / "out" / "good").iterdir()}
    make_notebook(project / "good.ipynb", "import time\ntime.sleep(30)")
    code = ("import sys; from diplo.report import read_config, run_reports; "
            f"run_reports(read_config({str(project / 'reports.yml')!r}), output={str(project / 'out')!r}, "
            "progress=False)")
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    time.sleep(6)  # the kernel is running the slow cell
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # The last good files are untouched and whole; staging folders are the only leftovers.
    for path, data in before.items():
        assert path.read_bytes() == data
    json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))  # still valid JSON
    make_notebook(project / "good.ipynb", "print('recovered', value)")
    assert run(project)["good"].status == "ok"
    assert "recovered" in (project / "out" / "good" / "report.ipynb").read_text(encoding="utf-8")


def test_cli_summary_and_exit_code(project):
    out = subprocess.run([sys.executable, "-m", "diplo.cli", "report", "--config", str(project / "reports.yml"),
                          "--output", str(project / "out"), "--jobs", "2"],
                         capture_output=True, text=True, cwd=project)
    assert out.returncode == 1
    assert "FAILED bad" in out.stderr and "AssertionError: value 9 is too big" in out.stderr
    assert "2 reports: 2 run, 0 unchanged, 1 failed" in out.stdout
    refused = subprocess.run([sys.executable, "-m", "diplo.cli", "report", "--config", str(project / "reports.yml"),
                              "--output", str(project / "out"), "-p", "value", "lots"],
                             capture_output=True, text=True, cwd=project)
    assert refused.returncode == 1 and "is declared int; the value 'lots' is not one" in refused.stderr
    unknown = subprocess.run([sys.executable, "-m", "diplo.cli", "report", "nope", "--config",
                              str(project / "reports.yml"), "--output", str(project / "out")],
                             capture_output=True, text=True, cwd=project)
    assert unknown.returncode == 1 and "unknown report id(s) nope" in unknown.stderr


# --- time limits and dead kernels ---------------------------------------------------


def test_a_cell_past_its_timeout_or_a_dead_kernel_fails_its_report_only(project):
    """A cell running for ever and a kernel that dies each fail their report, naming the cell, with
    failed.ipynb written; the good report beside them is made, and no staging folder is left."""
    make_notebook(project / "spin.ipynb", "while True:\n    pass")
    make_notebook(project / "dies.ipynb", "import os\nos._exit(1)")
    write_config(project, "reports:\n"
                          "  - {id: good, notebook: good.ipynb}\n"
                          "  - {id: spin, notebook: spin.ipynb, timeout: 3}\n"
                          "  - {id: dies, notebook: dies.ipynb}\n")
    entries = run(project, jobs=3)
    assert entries["good"].status == "ok"
    assert entries["spin"].status == "failed"
    assert entries["spin"].error == "cell 2: the cell ran longer than the report's timeout of 3 s"
    assert entries["dies"].status == "failed" and entries["dies"].error.startswith("cell 2: DeadKernelError")
    for rid in ("spin", "dies"):
        assert (project / "out" / rid / "failed.ipynb").is_file()
    assert not list((project / "out").glob(".staging-*"))
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    assert {r["id"]: r["status"] for r in manifest["reports"]} == {"good": "ok", "spin": "failed", "dies": "failed"}


def test_timeout_is_checked_and_stale_staging_folders_are_cleared(project):
    write_config(project, "reports:\n  - {id: good, notebook: good.ipynb, timeout: soon}\n")
    with pytest.raises(ValueError, match="'timeout' is the seconds a cell may run"):
        read_config(project / "reports.yml")
    write_config(project, "reports:\n  - {id: good, notebook: good.ipynb}\n")
    with pytest.raises(ValueError, match="timeout is the seconds a cell may run"):
        run(project, timeout=0)
    stale = project / "out" / ".staging-good-killed"
    stale.mkdir(parents=True)
    (stale / "report.ipynb").write_text("{}")
    assert run(project)["good"].status == "ok"
    assert not stale.exists()


def test_a_report_folder_that_cannot_be_written_fails_that_report_only(project, monkeypatch):
    """(Tests run as root, which ignores permission bits, so the refusal is simulated.)"""
    from diplo.report import execute

    real = execute.write_atomic

    def refuse_good(path, data):
        if path.parent.name == "good":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, data)

    monkeypatch.setattr(execute, "write_atomic", refuse_good)
    entries = run(project)
    assert entries["good"].status == "failed"
    assert entries["good"].error.startswith("cannot write") and "Permission denied" in entries["good"].error
    assert entries["bad"].status == "failed" and entries["bad"].error.startswith("cell")
    assert (project / "out" / "manifest.json").is_file() and (project / "out" / "index.html").is_file()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_ends_a_run_in_one_line_keeping_what_finished(project, signum):
    """SIGTERM or Ctrl-C while one report sleeps: the finished report is in the manifest and index, the
    command prints one line and exits with 130 at once, and the next run clears the staging folder left."""
    make_notebook(project / "slow.ipynb", "import time\ntime.sleep(60)")
    write_config(project, "reports:\n  - {id: good, notebook: good.ipynb}\n  - {id: slow, notebook: slow.ipynb}\n")
    proc = subprocess.Popen([sys.executable, "-m", "diplo.cli", "report", "--output", "out", "--jobs", "2"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    manifest = project / "out" / "manifest.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (manifest.exists() and "good" in manifest.read_text()):
        time.sleep(0.2)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 130
    assert "Traceback" not in err and "interrupted; what finished is kept" in err
    assert {r["id"] for r in json.loads(manifest.read_text())["reports"]} == {"good"}
    assert "good" in (project / "out" / "index.html").read_text(encoding="utf-8")
    write_config(project, "reports:\n  - {id: good, notebook: good.ipynb}\n")
    assert run(project)["good"].cached
    assert not list((project / "out").glob(".staging-*"))


def test_a_data_error_in_a_report_names_the_problem(project, package_copy):
    """A notebook that loads a broken data package fails with the problem itself, not just its count."""
    from conftest import set_cell

    set_cell(package_copy / "events.csv", 0, "start_date", "2025-02-30")
    make_notebook(project / "reads.ipynb", f"import diplo\ndiplo.load('events', data_dir={str(package_copy)!r})")
    entry, = run_reports([Report("reads", project / "reads.ipynb", {})], output=project / "out", progress=False)
    assert entry.status == "failed"
    assert "1 problem in the data package" in entry.error and "'2025-02-30'" in entry.error


# --- what a reader gets -------------------------------------------------------------


def test_tables_are_whole_with_one_missing_mark_and_their_rows_as_csv(tmp_path):
    import csv
    import re

    body = ("import pandas as pd\n"
            "frame = pd.DataFrame({'n': pd.array(range(40), dtype='Int64'), 'x': [None] + [1.5] * 39,\n"
            "                      'title': ['a long title ' * 8] * 40})\n"
            "frame.loc[3, 'n'] = pd.NA\nframe")
    make_notebook(tmp_path / "t.ipynb", "print(value)")
    nb = nbformat.read(tmp_path / "t.ipynb", as_version=4)
    nb.cells += [nbformat.v4.new_markdown_cell("## Forty rows"), nbformat.v4.new_code_cell(body),
                 nbformat.v4.new_code_cell("frame.head(2)")]
    nbformat.write(nb, tmp_path / "t.ipynb")
    write_config(tmp_path, "reports:\n  - {id: t, notebook: t.ipynb}\n")
    entry = run(tmp_path)["t"]
    assert entry.status == "ok", entry.error
    assert sorted(n for n in entry.outputs if n.startswith("tables/")) == ["tables/forty-rows-2.csv",
                                                                        "tables/forty-rows.csv"]
    page = (tmp_path / "out" / "t" / "report.html").read_text(encoding="utf-8")
    table = page[page.index('<div class="diplo-table" data-rows="40">'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr") == 41  # the header and every row: nothing cut to head and tail
    assert "…" not in table and "..." not in table and ("a long title " * 8).strip() + "</td>" in table
    assert re.findall(r"<td>(NA|NaN|&lt;NA&gt;|None)</td>", table) == ["NA", "NA"]
    assert '<a href="tables/forty-rows.csv">' in page
    with open(tmp_path / "out" / "t" / "tables" / "forty-rows.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["n", "x", "title"] and len(rows) == 41 and rows[4][0] == "" and rows[1][1] == ""
    stored = json.loads((tmp_path / "out" / "t" / "report.ipynb").read_text(encoding="utf-8"))
    assert "text/csv" not in json.dumps(stored)  # the rows are kept once, in the CSV


def test_every_shipped_report_writes_references_and_tables(tmp_path):
    reports = [r for r in read_config(ROOT / "reports.yml") if r.id in ("data-coverage", "kor-visits")]
    entries = run_reports(reports, output=tmp_path, progress=False)
    for entry in entries:
        assert entry.status == "ok", entry.error
        assert "references.bib" in entry.outputs and any(n.startswith("tables/") for n in entry.outputs)
        bib = (tmp_path / entry.id / "references.bib").read_text(encoding="utf-8")
        assert bib.startswith("@misc{diplo_northeast_asia_data_") and bib.count("@misc{") > 5
        assert '<a href="references.bib">' in (tmp_path / entry.id / "report.html").read_text(encoding="utf-8")


def test_the_index_follows_the_configured_order(project):
    write_config(project, "reports:\n"
                          "  - {id: zz-last-by-name, notebook: good.ipynb}\n"
                          "  - {id: aa-first-by-name, notebook: good.ipynb}\n")
    run(project)
    page = (project / "out" / "index.html").read_text(encoding="utf-8")
    assert page.index("zz-last-by-name/report.html") < page.index("aa-first-by-name/report.html")
