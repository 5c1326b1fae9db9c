"""Open the reports in a real headless Chromium: figures load, no console errors, a screenshot.

Needs Debian's `chromium` (`.ci/run` installs it). Without it the test is skipped on a
developer's machine and fails in CI, where CI is set.
"""

import os
import shutil
from pathlib import Path

import pytest

from diplo.report import read_config, run_reports

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    chosen = [r for r in read_config(ROOT / "reports.yml") if r.id in ("kor-jpn-overview", "data-coverage")]
    entries = run_reports(chosen, output=out, progress=False)
    assert all(e.status == "ok" for e in entries), entries
    return out


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page.goto(path.resolve().as_uri())
    page.wait_for_load_state("load")
    images = page.eval_on_selector_all("img", "els => els.map(e => [e.getAttribute('src') ? e.src.slice(0, 60) : '',"
                                               " e.complete && e.naturalWidth > 0])")
    return page, errors, images


def screenshot(page, name, tmp_path_factory):
    # Into the test's temporary folder (tests write nothing into the repository), or where
    # DIPLO_SCREENSHOTS says, to look at them.
    folder = Path(os.environ.get("DIPLO_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)
    return folder / name


def test_index_shows_every_report_with_its_thumbnail(browser, reports, tmp_path_factory):
    page, errors, images = open_page(browser, reports / "index.html")
    assert errors == []
    assert len(images) == 2 and all(ok for _, ok in images), images
    assert page.locator("article").count() == 2
    assert page.get_by_text("South Korea - Japan").count() >= 1
    assert screenshot(page, "index.png", tmp_path_factory).stat().st_size > 10_000


def test_a_report_loads_its_figures_without_errors(browser, reports, tmp_path_factory):
    page, errors, images = open_page(browser, reports / "kor-jpn-overview" / "report.html")
    assert errors == []
    assert images and all(ok for _, ok in images), images
    assert page.get_by_role("heading", name="Provenance").count() == 1
    assert page.locator("script[src^='http']").count() == 0  # opens offline
    assert screenshot(page, "kor-jpn-overview.png", tmp_path_factory).stat().st_size > 50_000


def test_the_same_inputs_print_the_same_pdf(browser, tmp_path):
    """report.pdf is printed by the system's Chromium through nbconvert's WebPDF exporter; the date
    Chromium stamps is the data package's, so two runs give the same bytes."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell('rows: int = 3  # rows shown')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A printed report"), parameters,
                nbformat.v4.new_code_cell("import pandas as pd\npd.DataFrame({'a': range(rows)})")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "p.ipynb")
    (tmp_path / "reports.yml").write_text("reports:\n  - {id: p, notebook: p.ipynb, formats: [pdf]}\n",
                                          encoding="utf-8")
    config = read_config(tmp_path / "reports.yml")
    first = run_reports(config, output=tmp_path / "out", progress=False, force=True)[0]
    assert first.status == "ok", first.error
    pdf = (tmp_path / "out" / "p" / "report.pdf").read_bytes()
    import diplo

    created = diplo.open().descriptor["created"][:10].replace("-", "").encode()  # the package's, not today
    assert pdf.startswith(b"%PDF-") and b"/CreationDate (D:" + created + b"000000+00'00')" in pdf
    second = run_reports(config, output=tmp_path / "out", progress=False, force=True)[0]
    assert second.outputs["report.pdf"] == first.outputs["report.pdf"]
