# Maillage — two commands for a fresh Debian machine (Python 3.11, Node.js 20, root):
#   make demo    install, load the demo data and serve it on http://127.0.0.1:$(PORT)/
#   make test    install everything missing, then every check CI runs, stopping at the first error
# See README.md for what each step does.

SHELL := /bin/bash
.DEFAULT_GOAL := help
# Steps depend on each other (packages, then venv, then checks): never run them in parallel.
.NOTPARALLEL:

PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PHASE := scripts/phase
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check
# The checks below use the development settings, which need no secret key, and an in-memory
# database, so that they neither need nor create ./var.
CHECK_ENV := MAILLAGE_DEBUG=1 DATABASE_URL=sqlite://:memory:
STARTED := $(shell date +%s)

.PHONY: help demo test system-packages-demo system-packages-test python-env node-env \
	lint format-check typecheck migrations-check translations test-sqlite test-postgres

help:
	@echo "make demo [PORT=8000]  install, load the demo project and serve it (Ctrl-C stops)"
	@echo "make test              install what is missing, then lint, types, migrations,"
	@echo "                       translations, pytest on SQLite, pytest + browser on PostgreSQL"

# --- make demo -----------------------------------------------------------------------------

demo: system-packages-demo $(VENV)/.installed node_modules/.installed
	$(BIN)/maillage demo --port $(PORT)

system-packages-demo:
	@PYTHON="$(PYTHON)" scripts/system-packages.sh demo

# --- make test -----------------------------------------------------------------------------

test: system-packages-test python-env node-env lint format-check typecheck migrations-check \
	translations test-sqlite test-postgres
	@echo
	@echo "make test: every check passed in $$(( $$(date +%s) - $(STARTED) ))s" \
		"(SQLite, then PostgreSQL with the browser tests)."

system-packages-test:
	@$(PHASE) "Debian packages (chromium, PostgreSQL 15 server)" \
		env PYTHON="$(PYTHON)" scripts/system-packages.sh test

python-env:
	@$(PHASE) "Python virtualenv with the development tools" \
		$(MAKE) --no-print-directory $(VENV)/.installed-dev

node-env:
	@$(PHASE) "Front-end packages (npm ci)" $(MAKE) --no-print-directory node_modules/.installed

lint:
	@$(PHASE) "ruff check" $(BIN)/ruff check .

format-check:
	@$(PHASE) "ruff format --check" $(BIN)/ruff format --check .

typecheck:
	@$(PHASE) "mypy --strict on the engine" $(BIN)/mypy

migrations-check:
	@$(PHASE) "migrations match the models" \
		env $(CHECK_ENV) $(BIN)/maillage manage makemigrations --check --dry-run

translations:
	@$(PHASE) "compile the translation catalogues" \
		env $(CHECK_ENV) $(BIN)/maillage compile-translations

# Every test but the browser ones runs on both databases; browser tests run once, on
# PostgreSQL, like production. MAILLAGE_TEST_STRICT=1 makes any skipped test fail the run.
test-sqlite:
	@$(PHASE) "pytest on SQLite (browser tests run in the PostgreSQL pass)" \
		env MAILLAGE_TEST_DB=sqlite MAILLAGE_TEST_STRICT=1 \
		$(BIN)/pytest -m "not browser and not postgres_only" --durations=5

test-postgres:
	@$(PHASE) "pytest on a throwaway PostgreSQL 15, browser tests included" \
		env MAILLAGE_TEST_DB=postgres MAILLAGE_TEST_STRICT=1 $(BIN)/pytest --durations=5

# --- installation steps, redone only when their inputs change ------------------------------

$(BIN)/python:
	@"$(PYTHON)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "Maillage needs Python 3.11; $(PYTHON) is not (set PYTHON=...)." >&2; exit 1; }
	"$(PYTHON)" -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --editable .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP_INSTALL) --editable ".[dev]"
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@
