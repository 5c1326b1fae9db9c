# diplo: `make report` and `make test` set up everything they need.
# Python 3.11+ is the only requirement; all else goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DOCS_STAMP := $(VENV)/.docs-stamp
# Kernels, papermill and nbval find the venv's python first.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

.PHONY: help setup report test docs check-install lab bench validate pin clean

help:
	@echo "make report  set up .venv if missing, then write every report into reports/"
	@echo "make test    set up .venv if missing, then run pytest, doctests, nbval and frictionless"
	@echo "make docs    set up .venv and the docs tools if missing, then build the site into docs/_build/html"
	@echo "make check-install  build the wheel; install it bare and with [reports] in fresh venvs; init and report"
	@echo "make lab     open JupyterLab in scratch/ (not collected by make test) with diplo installed"
	@echo "make bench   run the benchmarks in benchmarks/"
	@echo "make pin     re-pin the facts nbval checks (notebooks/pinned-facts.json) after a data change"
	@echo "make clean   remove .venv, reports/ and the built docs"

setup: $(STAMP)

# Re-install when the package's dependencies change.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lab,bench]'
	@# A kernel that runs this venv's python, whatever PATH a notebook server has.
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (diplo)" >/dev/null
	@touch $@

report: $(STAMP)
	$(BIN)/diplo report

# One pytest worker per core (pytest-xdist): the report tests wait on kernels more than they compute.
# A file stays on one worker (--dist loadfile in pyproject.toml): nbval runs a notebook's cells in order.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto
	$(BIN)/frictionless validate data/datapackage.json

# The docs tools go into the same .venv, on top of the stamp above, only for `make docs`.
$(DOCS_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[docs]'
	@touch $@

# Warnings are errors: a renamed parameter or a broken reference fails the build, not the reader.
# Each build starts clean, so the notebooks and the gallery run on the data and code as they are
# (an incremental build keeps figures drawn from older data); it takes about 20 s.
docs: $(DOCS_STAMP)
	rm -rf docs/_build docs/api/generated
	$(BIN)/sphinx-build -W --keep-going -b html docs docs/_build/html

# What a new user does, from the wheel and outside the repository (needs the package registry).
check-install:
	.ci/check-install

validate: $(STAMP)
	$(BIN)/diplo validate

# JupyterLab opens in scratch/ (git-ignored, never collected by `make test`), so a notebook saved
# there cannot break the test suite; notebooks/ is one level up, for the report notebooks.
lab: $(STAMP)
	@mkdir -p scratch
	$(BIN)/jupyter lab --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/scratch

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import_load.py
	$(BIN)/python benchmarks/bench_reports.py

pin: $(STAMP)
	$(BIN)/diplo pin notebooks/*.ipynb

clean:
	rm -rf $(VENV) reports/ docs/_build docs/api/generated
