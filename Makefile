# The two commands of the README, and the rest of the developer loop.
# Each target creates the virtual environment first if it is missing.
SHELL := /bin/bash
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
OUT ?= reproduce-out

.PHONY: reproduce test venv export bench readme docs docs-check outputs

$(BIN)/cifake-reproduce: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

venv: $(BIN)/cifake-reproduce

reproduce: venv  ## run the main job on the embedded sample (or DATA=/path/to/cifake)
	$(BIN)/cifake-reproduce --out $(OUT) $(if $(DATA),--data $(DATA))

test: venv  ## run every notebook as a test; prints "N passed, M failed"
	@PATH=$(CURDIR)/$(BIN):$$PATH bash tools/nbtest.sh

export: venv
	$(BIN)/nbdev-export && $(BIN)/nbdev-clean && $(BIN)/nbdev-readme

bench: venv  ## decode and cached-reload times on the full data (DATA=/path/to/cifake)
	$(BIN)/python benchmarks/decode.py $(DATA)

readme: venv  ## README.md from nbs/index.ipynb (executed, outputs saved), without Quarto
	$(BIN)/nbdev-test --save nbs/index.ipynb && $(BIN)/nbdev-clean && $(BIN)/python tools/readme.py

outputs: venv  ## run every notebook and store its outputs (figures, tables) for the docs and README
	$(BIN)/nbdev-test --save --n-workers 2 && $(BIN)/nbdev-clean

docs: venv  ## the docs site, offline, into _docs/ (nbdev-docs where Quarto exists)
	$(BIN)/python tools/docs.py

docs-check: docs  ## open every page of _docs/ in headless Chromium
	$(BIN)/python tools/check_docs.py
