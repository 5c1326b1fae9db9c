"""The notebooks follow the house rules: one annotated parameters cell, no outputs, pinned facts checked."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diplo.report import FACTS_FILE, PIN_MARK, notebook_parameters, pinned_facts

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
EXPECTED = {
    "00-data-coverage": {"start", "end"},
    "01-dyad-overview": {"actor_a", "actor_b", "start", "end", "freq"},
    "02-leader-visits": {"country", "start", "end"},
    "03-trilateral": {"members", "start", "end"},
    "04-dprk-launches-and-diplomacy": {"start", "end", "window_days"},
    "05-leadership-transitions": {"country", "start", "end", "window_days"},
    "06-curated-vs-machine-coded": {"source", "path", "actors", "start", "end"},
}


def test_the_notebook_set_is_complete():
    assert {p.stem for p in NOTEBOOKS} == set(EXPECTED)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_parameters_are_annotated_and_explained(path):
    params = notebook_parameters(path)
    assert EXPECTED[path.stem] <= set(params)
    for p in params.values():
        assert p.type and p.help, p


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs_and_every_pinned_fact_stored(path):
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    for cell in cells:
        assert cell["outputs"] == [] and cell["execution_count"] is None
    pinned = {c["id"] for c in cells if "".join(c["source"]).lstrip().startswith(PIN_MARK)}
    assert pinned, "every notebook pins at least one key fact"
    facts = pinned_facts(path)
    assert set(facts) == pinned, "pinned-facts.json and the pinned cells disagree: run `make pin`"
    assert all(outputs and all(o["text"] for o in outputs) for outputs in facts.values())


def test_nbval_fails_when_a_pinned_fact_changes(tmp_path):
    """The stored facts are really compared: a notebook whose fact no longer holds fails."""
    source = NOTEBOOKS[0].parent
    shutil.copy(NOTEBOOKS[0], tmp_path)
    facts = json.loads((source / FACTS_FILE).read_text(encoding="utf-8"))
    stored = facts[NOTEBOOKS[0].stem]
    for outputs in stored.values():
        outputs[0]["text"] = outputs[0]["text"].replace("1", "7")
    (tmp_path / FACTS_FILE).write_text(json.dumps({NOTEBOOKS[0].stem: stored}), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "--nbval-lax", "--nbval-current-env",
                          "-p", "no:cacheprovider", "-p", "diplo.nbval_facts", str(tmp_path / NOTEBOOKS[0].name)],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert run.returncode == 1, run.stdout[-2000:]
    assert "Cell outputs differ" in run.stdout, run.stdout[-2000:]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_stay_thin(path):
    """Logic lives in diplo: no function or class definitions in a notebook."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source, source[:80]
