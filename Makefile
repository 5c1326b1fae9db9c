# diplo: `make report` and `make test` set up everything they need.
# Python 3.11+ is the only requirement; all else goes into .venv.

PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Kernels, papermill and nbval find the venv's python first.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

.PHONY: help setup report test lab bench validate pin clean

help:
	@echo "make report  set up .venv if missing, then write every report into reports/"
	@echo "make test    set up .venv if missing, then run pytest, doctests, nbval and frictionless"
	@echo "make lab     open JupyterLab on notebooks/ with diplo installed"
	@echo "make bench   run the benchmarks in benchmarks/"
	@echo "make pin     re-pin the facts nbval checks (notebooks/pinned-facts.json) after a data change"
	@echo "make clean   remove .venv and reports/"

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

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/frictionless validate data/datapackage.json

validate: $(STAMP)
	$(BIN)/diplo validate

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import_load.py
	$(BIN)/python benchmarks/bench_reports.py

pin: $(STAMP)
	$(BIN)/diplo pin notebooks/*.ipynb

clean:
	rm -rf $(VENV) reports/
