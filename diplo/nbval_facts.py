"""A pytest plugin that hands nbval the pinned facts kept in pinned-facts.json, not in the notebooks.

The notebooks are committed without outputs. The cells marked
``# NBVAL_CHECK_OUTPUT`` print a few facts (counts, dates); ``diplo pin``
stores what they print in ``pinned-facts.json`` beside the notebooks, and
this hook puts it back into nbval's copy of each such cell before the run,
so ``--nbval-lax`` compares it with what the cell prints now. The project's
pytest configuration loads it (``-p diplo.nbval_facts``); it does nothing
to items that are not notebook cells.
"""

from __future__ import annotations


def pytest_collection_modifyitems(items):
    import nbformat
    import pytest

    from .report import PIN_MARK, pinned_facts

    for item in items:
        cell = getattr(item, "cell", None)  # nbval's items carry the notebook cell they run
        if cell is None or cell.get("cell_type") != "code" or not cell.source.lstrip().startswith(PIN_MARK):
            continue
        facts = pinned_facts(item.path)
        if cell.get("id") not in facts:
            raise pytest.UsageError(f"{item.path.name}: the pinned cell {cell.get('id')} has no stored output in "
                                    "pinned-facts.json; run `make pin` and review the diff.")
        cell.outputs = [nbformat.v4.new_output("stream", name=o["name"], text=o["text"]) for o in facts[cell.id]]
        cell.execution_count = 1  # nbval compares only cells that ran
