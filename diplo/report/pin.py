"""Pinned facts: what the cells marked ``# NBVAL_CHECK_OUTPUT`` print, stored beside the notebooks."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .._io import write_atomic
from .._optional import require
from .kernel import kernel_manager

__all__ = ["PIN_MARK", "FACTS_FILE", "pinned_facts", "pin_outputs"]

#: The comment that marks a cell whose output is a pinned fact (nbval checks it).
PIN_MARK = "# NBVAL_CHECK_OUTPUT"
#: Beside the notebooks: the stored outputs of their pinned cells, by notebook and cell id.
FACTS_FILE = "pinned-facts.json"


def pinned_facts(notebook: str | os.PathLike) -> dict[str, list[dict]]:
    """The stored outputs of a notebook's pinned cells, by cell id.

    They live in ``pinned-facts.json`` beside the notebooks, not in the
    notebooks, which are committed without outputs; a small pytest plugin
    (``diplo.nbval_facts``) hands them to nbval, which compares them with
    what the cells print.

    Parameters
    ----------
    notebook : path-like
        A notebook beside its ``pinned-facts.json``.

    Returns
    -------
    dict of str to list of dict
        By cell id, the stream outputs stored for that cell (``name`` and
        ``text``); empty if nothing is pinned.

    Examples
    --------
    >>> from diplo.report import pinned_facts
    >>> facts = pinned_facts("notebooks/00-data-coverage.ipynb")
    >>> [o["name"] for outputs in facts.values() for o in outputs]
    ['stdout']
    """
    path = Path(notebook)
    return _facts_store(path)[1].get(path.stem, {})


def _facts_store(notebook: Path) -> tuple[Path, dict]:
    """The ``pinned-facts.json`` beside a notebook, and what it holds for every notebook."""
    store = notebook.parent / FACTS_FILE
    return store, json.loads(store.read_text(encoding="utf-8")) if store.is_file() else {}


def pin_outputs(notebook: str | os.PathLike, *, timeout: int = 600) -> int:
    """Run a notebook with its default parameters and store what its pinned cells print.

    The cells marked ``# NBVAL_CHECK_OUTPUT`` print facts worth pinning
    (counts and dates). Their outputs go to ``pinned-facts.json`` beside the
    notebook (see :func:`pinned_facts`), and every output is cleared from
    the notebook itself, so it stays light and free of figures in git.

    Parameters
    ----------
    notebook : path-like
        The notebook; it is rewritten without outputs.
    timeout : int, default 600
        Seconds a cell may run.

    Returns
    -------
    int
        The number of pinned cells.
    """
    nbformat = require("nbformat", "pin notebook outputs")
    NotebookClient = require("nbclient", "pin notebook outputs").NotebookClient

    path = Path(notebook)
    nb = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=timeout, kernel_name="python3", kernel_manager_class=kernel_manager(),
                   resources={"metadata": {"path": str(path.resolve().parent)}}).execute()
    facts = {}
    for cell, ran in zip(nb.cells, executed.cells):
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(PIN_MARK):
            facts[cell.id] = [{"name": o["name"], "text": o["text"]} for o in ran.outputs
                              if o.get("output_type") == "stream"]
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    store, every = _facts_store(path)
    every[path.stem] = facts
    write_atomic(store, (json.dumps(every, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode())
    nbformat.write(nb, path)
    return len(facts)
