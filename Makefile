# The two commands of the README, and their parts.
#   make demo  - set up a virtual environment and run werk on the embedded model
#   make test  - install the dev dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
QUESTION ?= In IEC 61131-3 Structured Text, what does a TON timer do?

.PHONY: demo test lint venv install-local install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

venv: $(BIN)/python

# llama-cpp-python has no binary wheel: the first install compiles it (about
# 8 minutes on 2 cores); pip caches the wheel afterwards.
install-local: venv
	$(BIN)/pip install --quiet '.[local]'

install-dev: venv
	$(BIN)/pip install --quiet -e '.[dev,local]'

demo: install-local
	$(BIN)/werk models check
	$(BIN)/werk ask "$(QUESTION)"

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check agent tools lsp benchmarks tests setup.py docs
	$(BIN)/ruff format --check agent tools lsp benchmarks tests setup.py docs
	$(BIN)/mypy agent tools lsp benchmarks tests setup.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
