# OpPlan — the two commands are `make run` and `make test` (see README.md).
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
NPM_STAMP := node_modules/.package-lock.json

.PHONY: help install run worker test smoke bench load lint format migrate clean

help:
	@echo "make run    serve OpPlan with demo data at http://127.0.0.1:8000 (and its worker)"
	@echo "make worker run the background worker alone (publishing, large PDFs, e-mail)"
	@echo "make test   lint, migration check and the whole test suite"
	@echo "make smoke  the production stack (gunicorn, PostgreSQL, Redis) walked as each persona"
	@echo "make bench  timings and query counts as 'name value unit' lines"
	@echo "make load   50 users for 60 s against gunicorn + PostgreSQL (locust)"
	@echo "make lint   ruff check and ruff format --check"
	@echo "make format apply ruff's fixes and formatting"
	@echo "make clean  remove the virtualenv, node_modules and var/"

# Django 6.1 needs Python >= 3.12: scripts/find-python finds one or explains.
$(PY):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml requirements/fonts.txt | $(PY)
	$(PY) -m pip install --quiet -e .
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements/fonts.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# Bootstrap comes from the npm registry at install time and is served by the
# app itself (no CDN: offices have weak internet).
$(NPM_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed to install Bootstrap; install nodejs and npm." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.runtime $(NPM_STAMP)

# The web server and one background worker together; Ctrl-C stops both.
run: export DJANGO_DEBUG ?= 1
run: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@$(MANAGE) worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

worker: export DJANGO_DEBUG ?= 1
worker: install
	$(MANAGE) worker

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pytest runs the tests in one process per core (pytest-xdist), each with a test database
# of its own; `make test TEST_PROCESSES=0` runs them all in one process. `--dist load` hands
# each process the tests in pytest's order (pytest-django's: tests that empty the database
# come last), a batch at a time.
TEST_PROCESSES ?= auto

test: export DJANGO_SETTINGS_MODULE = tests.settings
test: $(VENV)/.dev $(NPM_STAMP) lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist load

# Needs SMOKE_DATABASE_URL (PostgreSQL) and SMOKE_CACHE_URL (Redis) that it may fill;
# .ci/run provides both. See scripts/smoke-stack.
smoke: install
	scripts/smoke-stack

bench: $(VENV)/.dev
	$(PY) bench/projects_bench.py
	$(PY) bench/reports_bench.py
	$(PY) bench/pdf_bench.py
	$(PY) bench/uploads_bench.py
	$(PY) bench/results_report_bench.py
	$(PY) bench/results_bench.py
	$(PY) bench/oversight_bench.py

$(VENV)/.load: $(VENV)/.dev
	$(PY) -m pip install --quiet -e '.[dev,load]'
	@touch $@

load: $(VENV)/.load $(NPM_STAMP)
	scripts/load

migrate: install
	DJANGO_DEBUG=1 $(MANAGE) migrate

clean:
	rm -rf $(VENV) node_modules var
