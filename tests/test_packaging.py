"""The project's set-up promises: light import, environment.yml in step with pyproject.toml."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


#: Packages conda-forge names otherwise than PyPI (its "xxhash" is the C library).
CONDA_NAMES = {"python-xxhash": "xxhash"}


def _name(requirement: str) -> str:
    name = re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return CONDA_NAMES.get(name, name)


def _bounds(requirement: str) -> str:
    """A requirement's version bounds, without its name: ``pandas >= 2.2`` gives ``>=2.2``."""
    text = requirement.replace(" ", "").lower()
    return text[len(re.split(r"[<>=!~\[;]", text, maxsplit=1)[0]):]


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted.update({_name(r): r for r in extra if _name(r) != "diplo"})  # "diplo[plot]" names an extra
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            conda[_name(dep)] = dep
    conda.pop("python"), conda.pop("pip")
    assert set(conda) == set(wanted)
    # Same lower bounds, so the two environments cannot drift apart.
    for name, requirement in wanted.items():
        assert _bounds(requirement) == _bounds(conda[name]), name
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


def test_diplo_import_loads_neither_pandas_nor_arrow(tmp_path):
    """The command streams a file through DuckDB and prints plain rows: pandas, numpy and pyarrow would
    cost it some 0.3 s and 100 MB (docs/decisions.md, "Start-up")."""
    gdelt = ROOT / "tests" / "fixtures" / "gdelt" / "gdelt_v2_events_sample.export.tsv"
    code = ("import sys\nfrom diplo.cli import main\ntry:\n    main(['import', 'gdelt', sys.argv[1], '--to', sys.argv[2]])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(gdelt), str(tmp_path / "ds")], capture_output=True,
                         text=True, check=True)
    assert "1 file: 1 imported" in out.stdout and out.stdout.strip().splitlines()[-1] == "[]"


def test_lazy_submodules_load_on_use():
    code = "import sys, diplo; diplo.report; print('papermill' in sys.modules, 'diplo.report' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False True"


def test_gitignore_keeps_generated_files_out():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".venv/" in ignored and "/reports/" in ignored  # only the top-level folder: diplo/templates/reports is code


def _extra(project: dict, name: str) -> set[str]:
    """The distributions an extra brings, its references to other extras followed."""
    names = set()
    for requirement in project["optional-dependencies"][name]:
        if _name(requirement) == "diplo":
            for inner in re.search(r"\[(.*)\]", requirement).group(1).split(","):
                names |= _extra(project, inner.strip())
        else:
            names.add(_name(requirement))
    return names


def test_each_optional_module_is_brought_by_the_extra_its_message_names():
    from importlib.metadata import packages_distributions

    from diplo._optional import EXTRAS

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(r) for r in project["dependencies"]}
    assert core == {"pandas", "filelock", "tqdm"}  # what load, events, analysis and coverage need
    dists = packages_distributions()
    for module, extra in EXTRAS.items():
        provided = {_name(d) for d in dists[module]}
        assert provided & _extra(project, extra), (module, extra)
        assert not provided & core, module
    assert _extra(project, "all") >= set().union(*(_extra(project, e) for e in ("plot", "reports", "import", "dask",
                                                                                         "fetch")))


# Run with every optional module unimportable, as after a bare `pip install diplo`.
_BARE = """
import sys
class Absent:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, Absent())
"""


def _bare(code: str, *args: str) -> subprocess.CompletedProcess:
    from diplo._optional import EXTRAS

    return subprocess.run([sys.executable, "-c", _BARE.format(blocked=set(EXTRAS)) + code, *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_a_bare_install_loads_and_analyses_the_data():
    out = _bare("import diplo; from diplo import analysis, coverage; ev = diplo.load('events'); "
                "print(len(ev) > 1000, len(analysis.dyad_series(ev, ('KOR', 'JPN'), freq='YS')) > 0, "
                "len(coverage.counts(ev)) > 0)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]


def test_a_missing_extra_is_named():
    out = _bare("import diplo.plotting")
    assert out.returncode == 1
    assert out.stderr.strip().splitlines()[-1] == (
        "diplo._optional.MissingExtra: To draw diplo's charts, diplo needs matplotlib, which is not installed. "
        "Install it with: pip install 'diplo[plot]' (or 'diplo[all]')")
    out = _bare("from diplo.cli import main; sys.exit(main(sys.argv[1:]))", "report", "--config", "reports.yml")
    assert out.returncode == 1
    assert out.stderr == ("diplo report: To read a report matrix (reports.yml), diplo needs pyyaml, which is not installed. "
                          "Install it with: pip install 'diplo[reports]' (or 'diplo[all]')\n")
    out = _bare("from diplo.cli import main; sys.exit(main(sys.argv[1:]))", "fetch", "historian", "--to", "raw",
                "--dry-run")
    assert out.returncode == 1
    assert out.stderr == ("diplo fetch: To fetch archives from their publishers, diplo needs httpx, which is not "
                          "installed. Install it with: pip install 'diplo[fetch]' (or 'diplo[all]')\n")


def test_citation_cff_names_the_versions_it_cites():
    import diplo

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["authors"] and cff["title"]
    assert cff["version"] == diplo.__version__
    package = diplo.open()
    data = next(r for r in cff["references"] if r["type"] == "data")
    assert data["version"] == package.version and data["license"] == "CC-BY-4.0"
    assert f"as of {package.as_of.date()}" in data["notes"]
