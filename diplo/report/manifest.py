"""``reports/manifest.json``: one typed entry per report, with nothing in it that varies between runs."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .._io import write_atomic

__all__ = ["ManifestEntry", "read_manifest", "write_manifest"]


@dataclass
class ManifestEntry:
    """What ``diplo report`` records of one report.

    Parameters
    ----------
    id, title, notebook : str
        From ``reports.yml`` (``notebook`` relative to its folder).
    parameters : dict
        The checked parameters.
    input_hash : str
        sha256 of every input (see :mod:`diplo.report.inputs`).
    status : {"ok", "failed"}
        How the last run of these inputs ended.
    error : str or None
        The failing cell and its error.
    outputs : dict
        sha256 of each file written for the report.
    provenance : dict
        The provenance shown at the end of the report.
    seconds, cached : float, bool
        How long this run took and whether it re-used the report: shown by
        the command, never written to ``manifest.json`` or ``index.html``,
        so that the same inputs give the same bytes.
    """

    id: str
    title: str
    notebook: str
    parameters: dict
    input_hash: str
    status: str = "ok"
    error: str | None = None
    outputs: dict = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    seconds: float = field(default=0.0, metadata={"runtime": True})
    cached: bool = field(default=False, metadata={"runtime": True})

    def recorded(self) -> dict:
        """The fields written to ``manifest.json``.

        Returns
        -------
        dict
            Every field but ``seconds`` and ``cached``, which vary between
            runs of the same inputs.
        """
        return {k: v for k, v in asdict(self).items() if not self.__dataclass_fields__[k].metadata.get("runtime")}

    @classmethod
    def from_recorded(cls, data: dict) -> ManifestEntry:
        """An entry from what :meth:`recorded` wrote (unknown keys are ignored).

        Parameters
        ----------
        data : dict
            One report of ``manifest.json``.

        Returns
        -------
        ManifestEntry
            The entry, with ``seconds`` and ``cached`` at their defaults.
        """
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


def read_manifest(output: Path) -> dict[str, ManifestEntry]:
    """The entries of ``output/manifest.json`` by id; an unreadable manifest only costs a re-run."""
    path = output / "manifest.json"
    if not path.is_file():
        return {}
    try:
        return {e["id"]: ManifestEntry.from_recorded(e) for e in json.loads(path.read_text(encoding="utf-8"))["reports"]}
    except (ValueError, KeyError, TypeError):
        return {}


def write_manifest(output: Path, entries: dict[str, ManifestEntry]) -> None:
    body = {"reports": [e.recorded() for e in sorted(entries.values(), key=lambda e: e.id)]}
    write_atomic(output / "manifest.json",
                 (json.dumps(body, indent=2, sort_keys=True, default=str) + "\n").encode("utf-8"))
