# EngNest: `make run` serves the app on http://localhost:3000, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUN_VERSION := 1.4.5
BUN := .tools/node_modules/.bin/bun
PORT ?= 3000

export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_USE_SYSTEM_BUN := 1
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(CURDIR)/$(VENV)/bin:$(PATH)
export REFLEX_UPLOADED_FILES_DIR := $(CURDIR)/data/uploads/incoming

.PHONY: run dev test test-fast lint migrate seed seed-force export bench bench-full clean setup deps

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "EngNest needs Python 3.11 or newer"' 
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.deps-runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.deps-dev: requirements.txt requirements-dev.txt $(VENV)/.deps-runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

$(BUN):
	npm install --silent --no-audit --no-fund --prefix .tools bun@$(BUN_VERSION)

deps: $(VENV)/.deps-runtime $(BUN)

setup: deps migrate

migrate: $(VENV)/.deps-runtime
	$(PY) -m engnest.migrations

seed: migrate
	$(PY) -m engnest.seed

seed-force: migrate
	$(PY) -m engnest.seed --force

## Serve the production build on one port (SQLite, no other server needed).
run: setup
	$(PY) -m engnest.seed
	$(VENV)/bin/reflex run --env prod --single-port --frontend-port $(PORT)

## Hot-reloading development server (frontend :3000, backend :8000).
dev: setup
	$(PY) -m engnest.seed
	API_URL=http://localhost:8000 REFLEX_HOT_RELOAD_EXCLUDE_PATHS=$(CURDIR)/data:$(CURDIR)/tests \
		$(VENV)/bin/reflex run --env dev

## Whole suite: domain, services (SQLite + Postgres), state, e2e (Chromium), scale (Postgres + Redis).
test: $(VENV)/.deps-dev $(BUN)
	$(PY) -m pytest $(PYTEST_ARGS)

## Lint (ruff.toml): CI runs it before the tests.
lint: $(VENV)/.deps-dev
	$(VENV)/bin/ruff check engnest tests bench

## Fast tiers only (no browser, no second backend).
test-fast: $(VENV)/.deps-dev
	$(PY) -m pytest tests/domain tests/services tests/state tests/api tests/places tests/jobs $(PYTEST_ARGS)

## Static frontend for a scale-out deployment (see README "Deployment"). API_URL = public backend URL.
export: deps
	API_URL=$${API_URL:-http://localhost:8000} $(VENV)/bin/reflex export --frontend-only --no-zip --env prod
	@echo "static frontend in .web/build/client"

## Every benchmark in a quick mode (a few minutes on 2 cores); `make bench-full` runs them at full size.
BENCHMARKS := meeting_spot scheduler search chat
BENCH_QUICK_meeting_spot := --pairs 200
BENCH_QUICK_scheduler := --meetings 1000 --window 10
BENCH_QUICK_search := --profiles 5000 --runs 10
BENCH_QUICK_chat := --quick

bench: $(VENV)/.deps-dev
	@set -e; $(foreach b,$(BENCHMARKS),echo "== bench/$(b).py $(BENCH_QUICK_$(b))"; $(PY) bench/$(b).py $(BENCH_QUICK_$(b));)

bench-full: $(VENV)/.deps-dev
	@set -e; $(foreach b,$(BENCHMARKS),echo "== bench/$(b).py"; $(PY) bench/$(b).py;)

clean:
	rm -rf .web .states data/uploads/incoming
