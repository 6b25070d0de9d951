# EngNest: `make run` serves the app on http://localhost:3000, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.5
UV_VERSION := 0.13.8
BUN := .tools/node_modules/.bin/bun
PORT ?= 3000
# Settings read PORT: without PUBLIC_URL, links (calendar, email, payments) point at http://localhost:$(PORT).
export PORT

export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_USE_SYSTEM_BUN := 1
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_UPLOADED_FILES_DIR := $(CURDIR)/data/uploads/incoming

.PHONY: run dev test test-fast lint migrate seed seed-force export bench bench-full clean setup deps lock

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "EngNest needs Python 3.11 or newer"' 
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs come from the lock files: every transitive dependency pinned, each download checked against its hash.
$(VENV)/.deps-runtime: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

$(VENV)/.deps-dev: requirements-dev.lock $(VENV)/.deps-runtime
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	@touch $@

## Re-pin requirements.lock and requirements-dev.lock from requirements.txt / requirements-dev.txt (after editing
## either; LOCK_ARGS=--upgrade also moves the transitive pins to their newest releases).
LOCK_FLAGS := --generate-hashes --universal --python-version 3.11 --custom-compile-command "make lock" --quiet $(LOCK_ARGS)
lock: | $(PY)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile requirements.txt -o requirements.lock $(LOCK_FLAGS)
	$(VENV)/bin/uv pip compile requirements-dev.txt -c requirements.lock -o requirements-dev.lock $(LOCK_FLAGS)

$(BUN):
	npm install --silent --no-audit --no-fund --prefix .tools bun@$(BUN_VERSION)

deps: $(VENV)/.deps-runtime $(BUN)

setup: deps migrate

migrate: $(VENV)/.deps-runtime
	$(PY) -m engnest.migrations

seed: migrate
	$(PY) -m devdata.seed

seed-force: migrate
	$(PY) -m devdata.seed --force

## Serve the production build on one port (SQLite, no other server needed). Each step says what it does; the
## frontend build is reused while its inputs are unchanged (tools/run_app.py; FRONTEND_REBUILD=1 forces one).
run:
	@echo "==> [1/4] dependencies (installed only when a lock file changed)"
	@$(MAKE) --no-print-directory deps
	@echo "==> [2/4] database migrations"
	@$(PY) -m engnest.migrations
	@echo "==> [3/4] demo data (only into an empty database) while the frontend is built (only when it changed)"
	@echo "==> [4/4] then the server on http://localhost:$(PORT)"
	@$(PY) tools/run_app.py --port $(PORT) --seed

## Hot-reloading development server (frontend :3000, backend :8000).
dev: setup
	$(PY) -m devdata.seed
	API_URL=http://localhost:8000 REFLEX_HOT_RELOAD_EXCLUDE_PATHS=$(CURDIR)/data:$(CURDIR)/tests \
		$(VENV)/bin/reflex run --env dev --frontend-port $(PORT)

## Whole suite: domain, services (SQLite + Postgres), state, e2e (Chromium), scale (Postgres + Redis).
test: $(VENV)/.deps-dev $(BUN)
	$(PY) -m pytest $(PYTEST_ARGS)

## Fast tiers only (no browser, no second backend).
test-fast: $(VENV)/.deps-dev
	$(PY) -m pytest tests/architecture tests/domain tests/services tests/state tests/api tests/places tests/jobs $(PYTEST_ARGS)

## Lint: ruff, the architecture contracts (import-linter: .importlinter) and the type checker (mypy: mypy.ini).
lint: $(VENV)/.deps-dev
	$(VENV)/bin/ruff check engnest devdata tests bench tools alembic/env.py rxconfig.py
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

## Static frontend for a scale-out deployment (see README "Deployment"). API_URL = public backend URL.
export: deps
	API_URL=$${API_URL:-http://localhost:8000} $(VENV)/bin/reflex export --frontend-only --no-zip --env prod
	@echo "static frontend in .web/build/client"

## Every benchmark in a quick mode (a few minutes on 2 cores); `make bench-full` runs them at full size.
BENCHMARKS := meeting_spot spot_index redaction startup scheduler search data_scale chat api conversations calls projects_directory page_weight
BENCH_QUICK_meeting_spot := --pairs 200
BENCH_QUICK_spot_index := --pairs 50 --repeat 1
BENCH_QUICK_startup := --runs 2
BENCH_QUICK_scheduler := --meetings 1000 --window 10
BENCH_QUICK_search := --profiles 5000 --runs 10
BENCH_QUICK_data_scale := --sizes 1000,10000 --runs 10
BENCH_QUICK_chat := --quick
BENCH_QUICK_api := --users 5000 --messages 20000 --runs 50
BENCH_QUICK_conversations := --messages 20000 --unread 500 --runs 5
BENCH_QUICK_calls := --quick
BENCH_QUICK_projects_directory := --projects 5000 --runs 10
BENCH_QUICK_page_weight := --runs 3

bench: $(VENV)/.deps-dev
	@set -e; $(foreach b,$(BENCHMARKS),echo "== bench/$(b).py $(BENCH_QUICK_$(b))"; $(PY) bench/$(b).py $(BENCH_QUICK_$(b));)

bench-full: $(VENV)/.deps-dev
	@set -e; $(foreach b,$(BENCHMARKS),echo "== bench/$(b).py"; $(PY) bench/$(b).py;)

clean:
	rm -rf .web .states data/uploads/incoming
