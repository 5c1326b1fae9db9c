"""The notebooks follow the house rules: one annotated parameters cell, outputs only where pinned."""

import json
from pathlib import Path

import pytest

from diplo.report import PIN_MARK, notebook_parameters

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
def test_only_pinned_facts_have_outputs(path):
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    pinned = [c for c in cells if "".join(c["source"]).lstrip().startswith(PIN_MARK)]
    assert pinned, "every notebook pins at least one key fact"
    for cell in cells:
        if cell in pinned:
            assert all(o["output_type"] == "stream" for o in cell["outputs"]) and cell["outputs"]
        else:
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebooks_stay_thin(path):
    """Logic lives in diplo: no function or class definitions in a notebook."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        assert "def " not in source and "class " not in source, source[:80]
