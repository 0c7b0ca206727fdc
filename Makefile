# The two commands of the README's quick start: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
LINTED := src tests benchmarks scripts

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,plot,postgres,docs]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/mopr-timeline state 1930-06-01
	$(BIN)/mopr-timeline chronology --format markdown | head -n 24
	$(BIN)/mopr-timeline parse '"before 1933"'

test: install
	$(BIN)/python -m pytest -n 2 -q
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy --strict src
	$(BIN)/mkdocs build --strict -d site

bench: install
	$(BIN)/python benchmarks/parse.py
	$(BIN)/python benchmarks/replay.py
	$(BIN)/python benchmarks/series.py
	$(BIN)/python benchmarks/page.py

clean:
	rm -rf $(VENV) site dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
