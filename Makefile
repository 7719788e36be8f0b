# The two commands of the README: `make run` and `make test`. Both create .venv on
# first use and reinstall when pyproject.toml or constraints.txt change.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/relasjon $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/records.py
	$(BIN)/python benchmarks/saves.py
	$(BIN)/python benchmarks/reflection.py
	$(BIN)/python benchmarks/cases.py
	$(BIN)/python benchmarks/pty_bench.py

clean:
	rm -rf $(VENV) dist build .pytest_cache snapshot_report.html
