# Two commands do everything on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

PORT ?= 3000
PAY_PORT ?= 3001
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.requirements-installed
BUN := .tools/node_modules/.bin/bun
PYTEST := $(BIN)/pytest -q -p no:cacheprovider
# Service tests run in one process per core (pytest-xdist; each its own databases and server).
TEST_WORKERS ?= auto

# Reflex cannot download bun here, and keeps its user folder inside the project.
export REFLEX_BUN_PATH := $(CURDIR)/$(BUN)
export REFLEX_DIR := $(CURDIR)/.tools/reflex

.PHONY: run test bench bench-load lighthouse setup migrate lint format system-deps icons test-clock-matrix

$(STAMP): requirements.txt
	[ -x $(BIN)/python ] || python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(BUN):
	command -v npm >/dev/null || bash .ci/system-deps
	mkdir -p .tools
	npm install --prefix .tools --no-audit --no-fund --silent bun@1.4.4

setup: $(STAMP) $(BUN)

migrate: setup
	$(BIN)/alembic -c alembic/alembic.ini upgrade head

run: migrate
	$(BIN)/python -m salon_app.core.demo seed
	$(BIN)/python -m salon_app check-production
	$(BIN)/python -m salon_app.core.demo banner --url http://127.0.0.1:$(PORT)
	export SALON_PUBLIC_URL=http://127.0.0.1:$(PORT) SALON_PAY_SANDBOX_PORT=$(PAY_PORT)
	# The local payment sandbox (WeChat Pay / Alipay / card protocols), stopped with the app.
	$(BIN)/python -m salon_app.core.integrations.payments.sandbox --port $(PAY_PORT) \
		--notify-base http://127.0.0.1:$(PORT) &
	SANDBOX=$$!; trap 'kill $$SANDBOX 2>/dev/null' EXIT
	$(BIN)/reflex run --env prod --backend-host 127.0.0.1 \
		--backend-port $(PORT) --frontend-port $(PORT) --loglevel warning

system-deps:
	bash .ci/system-deps

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Under `make test` a missing PostgreSQL fails the run instead of skipping its tests.
test: export CI = 1
test: setup system-deps lint
	@echo "== services, migrations (SQLite; migrations also on PostgreSQL)"
	$(PYTEST) -n $(TEST_WORKERS) tests/unit tests/integration
	@echo "== services on PostgreSQL"
	SALON_TEST_DATABASE=postgres $(PYTEST) -n $(TEST_WORKERS) tests/unit
	@echo "== browser, embedded stack (SQLite, one worker)"
	$(PYTEST) tests/e2e
	@echo "== browser, scale-out stack (PostgreSQL + Redis, two workers)"
	SALON_E2E_STACK=scaleout $(PYTEST) tests/e2e -m scaleout

# Every bench/bench_*.py, bench_load (about 20 minutes: the app on both stacks under load) too.
bench: setup
	$(BIN)/python -m bench.run

# The live app under load only (bench/bench_load.py; one stack: `python -m bench.bench_load -h`).
bench-load: setup
	$(BIN)/python -m bench.run bench_load
# Lighthouse 12 (mobile preset, headless Debian Chromium) on four phone pages of the prod build:
# reports in test-artifacts/lighthouse/, the scores in bench/results.json (docs/benchmarks.md).
LIGHTHOUSE := .tools/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	command -v npm >/dev/null || bash .ci/system-deps
	npm install --prefix .tools/lighthouse --no-audit --no-fund --silent lighthouse@12.2.3

lighthouse: setup $(BUN) $(LIGHTHOUSE)
	$(BIN)/python -m bench.lighthouse

# The favicon and app icons in assets/ (committed; run again after changing the design).
icons: setup
	$(BIN)/python docs/make_icons.py

# The suites at eight instants of the coming week (or INSTANTS="..."; SUITES="unit unit-pg e2e").
test-clock-matrix: setup
	bash tests/clock_matrix.sh $(SUITES)
