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

run: $(STAMP)
	$(BIN)/rueckenmassage chat

test: $(STAMP)
	$(BIN)/ruff check skill tests lambda
	$(BIN)/pytest

chat: $(STAMP)
	$(BIN)/rueckenmassage chat

clean:
	rm -rf $(VENV) build .pytest_cache
