# Set-up and everyday commands.  Every target installs what it needs first (into .venv).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install sample test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# torch first, as the CPU build: otherwise sentence-transformers pulls a multi-GB CUDA build
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install newsfuse with every dependency

sample: $(STAMP)  ## run newsfuse on the bundled sample corpus; writes out/sample/report.html
	mkdir -p out
	$(BIN)/newsfuse run src/newsfuse/sample -o out/sample --store out/sample.db

test: $(STAMP)  ## run the test suite
	$(BIN)/python -m pytest

clean:
	rm -rf out .pytest_cache
