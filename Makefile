# The CX Workbook. Two commands matter (see README.md):
#   make book   build the course site into _build/html, executing the notebooks
#   make test   unit tests, docstring examples, notebook outputs (nbval) and lint
# Both create .venv from requirements.txt the first time.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(wildcard notebooks/*.ipynb casestudies/*/*.ipynb)

.PHONY: book test lint lab notebooks clean

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

book: $(STAMP)
	$(BIN)/jupyter-book build . --all --warningiserror --keep-going
	@echo "Open _build/html/index.html"

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check cxlib tests datasets

lint: $(STAMP)
	$(BIN)/ruff check cxlib tests datasets
	$(BIN)/ruff format --check cxlib tests datasets

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/01_nps.ipynb

# Store fresh outputs in every notebook after editing one (then commit them).
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOKS)

clean:
	rm -rf _build
