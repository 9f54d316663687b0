# The two commands of the README, and their parts.
#   make demo  - set up a virtual environment and run werk on the embedded model
#   make test  - install the dev dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# `make demo` runs the agent on a copy of examples/filling-line committed to a throwaway
# repository (never on this checkout), on a new branch there, with a report.
DEMO_REPO ?= $(or $(TMPDIR),/tmp)/werk-demo-filling-line
DEMO_TASK ?= FB_Valve: add an input bReset that clears bAlarm
DEMO_STEPS ?= 4

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

# Exit status 1 ("finished, not verified") is an honest outcome for a 135M model: accepted.
demo: install-local
	$(BIN)/werk models check
	rm -rf "$(DEMO_REPO)" && cp -R examples/filling-line "$(DEMO_REPO)" && rm -rf "$(DEMO_REPO)/.werk"
	cd "$(DEMO_REPO)" && git init -q && git add -A && \
	  git -c user.name=werk -c user.email=werk@localhost commit -q -m "filling line example"
	$(BIN)/werk run --repo "$(DEMO_REPO)" --max-steps $(DEMO_STEPS) "$(DEMO_TASK)"; \
	  status=$$?; echo "run artefacts: $(DEMO_REPO)/.werk/runs/"; test $$status -le 1

test: install-dev
	$(BIN)/pytest

lint: install-dev
	$(BIN)/ruff check agent tools lsp benchmarks tests setup.py docs
	$(BIN)/ruff format --check agent tools lsp benchmarks tests setup.py docs
	$(BIN)/mypy agent tools lsp benchmarks tests setup.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
