# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LINTED := src tests benchmarks scripts

.PHONY: install demo test lint typecheck docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,plot,postgres,docs]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/mopr-timeline parse "Aug. 1925"
	$(BIN)/mopr-timeline parse '"before 1933"'
	$(BIN)/mopr-timeline parse "after 1928"
	$(BIN)/mopr-timeline parse "March 24-April 5" --year 1927

test: install
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --strict src
	$(BIN)/mkdocs build --strict -d site

bench: install
	$(BIN)/python benchmarks/parse.py
	$(BIN)/python benchmarks/replay.py
	$(BIN)/python benchmarks/postgres.py

clean:
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
