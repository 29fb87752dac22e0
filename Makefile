# The two commands a newcomer types: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Re-install only when the project description changes.
STAMP_RUN  := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/kamerlezer

test: $(STAMP_TEST)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# `make bench DOCS=100000`: the same run at another size (each size keeps its own figures in results.json).
bench: $(STAMP_TEST)
	$(BIN)/python -m tests.bench.run $(if $(DOCS),--docs $(DOCS))

clean:
	rm -rf $(VENV) build *.egg-info
