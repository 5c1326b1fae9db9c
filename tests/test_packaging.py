"""The project's set-up promises: light import, environment.yml in step with pyproject.toml."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted.update({_name(r): r for r in extra})
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            conda[_name(dep)] = dep
    conda.pop("python"), conda.pop("pip")
    assert set(conda) == set(wanted)
    # Same lower bounds, so the two environments cannot drift apart.
    for name, requirement in wanted.items():
        assert requirement.replace(" ", "").lower() == conda[name].replace(" ", "").lower(), name
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python.replace(" ", "") == "python" + project["requires-python"]


HEAVY = ("matplotlib", "papermill", "nbconvert", "nbformat", "yaml", "frictionless", "pyarrow",
         "duckdb", "dask", "tqdm", "jupyter_client")


def _added_heavy_modules(statement: str) -> list[str]:
    """Heavy modules that `statement` imports beyond what `import pandas` itself loads."""
    code = ("import sys, pandas; before = set(sys.modules); " + statement + "; "
            "top = lambda names: {m.split('.')[0] for m in names}; "
            f"print(sorted((top(sys.modules) - top(before)) & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_diplo_stays_light():
    assert _added_heavy_modules("import diplo") == "[]"


def test_load_stays_light_too():
    assert _added_heavy_modules("import diplo; diplo.load('events'); diplo.events(dyad=('KOR', 'JPN'))") == "[]"


def test_lazy_submodules_load_on_use():
    code = "import sys, diplo; diplo.report; print('papermill' in sys.modules, 'diplo.report' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


def test_gitignore_keeps_generated_files_out():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".venv/" in ignored and "/reports/" in ignored  # only the top-level folder: diplo/templates/reports is code
