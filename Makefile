# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint chat clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The skill's main job on a laptop: the web service, unverified, on 127.0.0.1:8000.
run: $(STAMP)
	$(BIN)/rueckenmassage serve --dev

test: $(STAMP)
	$(BIN)/ruff check skill tests lambda benchmarks
	$(BIN)/pytest

chat: $(STAMP)
	$(BIN)/rueckenmassage chat

clean:
	rm -rf $(VENV) build .pytest_cache
