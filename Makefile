# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint chat clean bench fuzz

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

# Speed figures against hello-world skills on the same SDK, printed, never asserted (a few
# minutes; on a shared machine run it more than once and look at the spread).
bench: $(STAMP)
	$(BIN)/python -m compileall -q skill lambda benchmarks tests > /dev/null
	$(BIN)/python benchmarks/bench_skill.py
	$(BIN)/python benchmarks/web_bench.py
	$(BIN)/python benchmarks/bench_reminders.py

# The property-based envelope test at full strength (CI runs a few hundred cases), in
# FUZZ_SHARDS processes with their own random seeds, each printing its count.
FUZZ_EXAMPLES ?= 100000
FUZZ_SHARDS ?= 2
fuzz: $(STAMP)
	@pids=""; for shard in $$(seq $(FUZZ_SHARDS)); do \
	  FUZZ_EXAMPLES=$$(( $(FUZZ_EXAMPLES) / $(FUZZ_SHARDS) )) $(BIN)/pytest -q -p no:logging \
	    -p no:cacheprovider -o addopts="" --timeout=0 -s tests/test_fuzz_envelopes.py & \
	  pids="$$pids $$!"; \
	done; status=0; for pid in $$pids; do wait $$pid || status=1; done; exit $$status

chat: $(STAMP)
	$(BIN)/rueckenmassage chat

clean:
	rm -rf $(VENV) build .pytest_cache
