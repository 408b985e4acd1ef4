# Two commands matter: `make play` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: play serve test bench check lint schema clean fuzz

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ISS Adventure needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

play: $(STAMP)
	@$(VENV)/bin/iss-adventure play

# The game in a browser at http://127.0.0.1:8000 (HOST=0.0.0.0 PORT=... to change).
serve: $(STAMP)
	@$(VENV)/bin/iss-adventure serve --host $(or $(HOST),127.0.0.1) --port $(or $(PORT),8000)

# Python's compiled files (and pytest's rewritten test modules) are kept under .venv/pycache even
# where PYTHONDONTWRITEBYTECODE is set: otherwise every xdist worker compiles and rewrites all
# the test modules again, about 3 s of CPU each.
test: $(STAMP)
	$(PY) -m ruff check src tests benchmarks fuzz
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache \
		$(PY) -m pytest -q -n auto --dist worksteal

bench: $(STAMP)
	$(PY) benchmarks/run.py

# Hostile inputs in forked workers (500 MB, 30 s each); FUZZ_ARGS="--count 1000 --seed 7"
fuzz: $(STAMP)
	$(PY) fuzz/run.py $(FUZZ_ARGS)

# The story, and the story with each mod: side by side, one process each (a check is one
# core's work), failing if any fails.
check: $(STAMP)
	@pids=""; \
	$(VENV)/bin/iss-adventure check scenes & pids="$$!"; \
	for mod in mods/*/; do $(VENV)/bin/iss-adventure check scenes --mod "$$mod" & pids="$$pids $$!"; done; \
	status=0; for pid in $$pids; do wait $$pid || status=1; done; exit $$status

schema: $(STAMP)
	$(PY) -m iss_adventure.engine.schema docs

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
