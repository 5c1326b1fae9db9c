"""Everything a report's bytes depend on, hashed into its cache key.

The key covers the notebook, its checked parameters, every file of the data
package (by content), the content of every file a ``Path`` parameter
matches, diplo's own files (code, templates, style sheet, lookup tables),
and the versions of the packages the kernel's Python has. Deciding that a
report is up to date imports neither papermill nor nbconvert.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .._io import sha256_file
from ..package import DataPackage
from .config import Report, notebook_parameters, path_parameters

__all__ = ["RunInputs", "VERSIONED", "parameter_files"]

_DIPLO = Path(__file__).resolve().parent.parent
#: Packages whose versions are part of every report's key (read in the kernel's environment).
VERSIONED = ("pandas", "numpy", "matplotlib", "papermill", "nbconvert", "nbformat", "nbclient", "ipykernel",
             "jupyter_client", "duckdb", "pyarrow", "dask", "pyyaml", "jinja2", "mistune")


@dataclass(frozen=True)
class RunInputs:
    """What every report of one run shares: the data package, diplo's files, the kernel's versions."""

    package: DataPackage
    source_hash: str
    versions: dict
    epoch: int

    @classmethod
    def collect(cls, package: DataPackage, kernel_name: str = "python3") -> RunInputs:
        import datetime as dt

        created = str(package.descriptor.get("created", "1970-01-01T00:00:00Z")).replace("Z", "+00:00")
        return cls(package, _source_hash(), _kernel_versions(kernel_name),
                   int(dt.datetime.fromisoformat(created).timestamp()))

    def input_hash(self, report: Report, parameters: dict, with_code: bool, declared: dict | None = None) -> str:
        """The report's cache key: a sha256 of all its inputs (``declared``: the notebook's parameters)."""
        declared = declared if declared is not None else notebook_parameters(report.notebook)
        files = {name: parameter_files(report, parameters.get(name, declared[name].default))
                 for name in path_parameters(declared)}
        blob = json.dumps({"notebook": sha256_file(report.notebook), "notebook_name": report.notebook_name,
                           "parameters": parameters, "files": files, "data": self.package.files,
                           "as_of": str(self.package.as_of.date()), "diplo": self.source_hash,
                           "versions": self.versions, "with_code": with_code, "title": report.title, "id": report.id,
                           "formats": list(report.formats)},
                          sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def parameter_files(report: Report, value) -> dict[str, str]:
    """The files a ``Path`` parameter names, with their sha256, by path relative to the notebook's folder.

    A value is a file, a folder (every file in it) or a glob pattern,
    relative to the notebook's folder, where its kernel runs; a list holds
    several. Patterns are expanded and sorted, so the same files give the
    same key whatever order the file system lists them in.
    """
    base = Path(report.notebook).resolve().parent
    values = [] if value is None else [value] if isinstance(value, str) else list(value)
    found: dict[str, str] = {}
    for item in values:
        pattern = str(item) if Path(str(item)).is_absolute() else str(base / str(item))
        for match in sorted(glob.glob(pattern, recursive=True)):
            path = Path(match)
            for member in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if member.is_file():
                    found[Path(os.path.relpath(member, base)).as_posix()] = sha256_file(member)
    return dict(sorted(found.items()))


def _source_hash() -> str:
    """sha256 of every file of the diplo package (code, templates, style, lookups), not its shipped data."""
    digest = hashlib.sha256()
    for path in sorted(p for p in _DIPLO.rglob("*") if p.is_file()):
        relative = path.relative_to(_DIPLO)
        if "__pycache__" in relative.parts or relative.parts[0] == "_data" or path.suffix == ".pyc":
            continue
        digest.update(f"{relative.as_posix()}\0{sha256_file(path)}\n".encode())
    return digest.hexdigest()


_VERSIONS_SCRIPT = """
import json, sys
from importlib.metadata import PackageNotFoundError, version
out = {"python": sys.version.split()[0]}
for name in %r:
    try:
        out[name] = version(name)
    except PackageNotFoundError:
        out[name] = "not installed"
print(json.dumps(out))
"""


def _kernel_versions(kernel_name: str) -> dict:
    """The versions of :data:`VERSIONED` in the Python the kernel runs, which need not be this one."""
    from .. import __version__

    python = sys.executable
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
        if argv and "python" in Path(argv[0]).name:
            python = argv[0]
    except Exception:  # no such kernel: the run fails later with papermill's own message
        pass
    out = subprocess.run([python, "-c", _VERSIONS_SCRIPT % (VERSIONED,)], capture_output=True, text=True,
                         timeout=60)
    versions = json.loads(out.stdout) if out.returncode == 0 else {"python": f"unknown ({python})"}
    versions["diplo"] = __version__
    return versions
