# riskapp: two commands from a fresh clone.
#   make run   set up, migrate, load demo data, serve on http://127.0.0.1:5000
#   make test  set up, then the whole suite (lint, unit, integration, browser) on SQLite and PostgreSQL
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app riskapp
STAMP := .make

.PHONY: run test setup venv assets browser-deps db demo lint format bench load clean

run: setup db demo
	@echo "Serving riskapp on http://127.0.0.1:5000 (Ctrl+C to stop)"
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup browser-deps lint
	$(BIN)/pytest

setup: venv assets

venv: $(STAMP)/venv
$(STAMP)/venv: requirements.txt
	@mkdir -p $(STAMP)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

# GOV.UK Frontend from npm (pinned in package.json / package-lock.json), compiled without the
# GOV.UK typeface, plus its JavaScript and images.
assets: $(STAMP)/assets
$(STAMP)/assets: package.json package-lock.json assets/scss/app.scss
	@mkdir -p $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	rm -rf riskapp/static/govuk && mkdir -p riskapp/static/govuk/assets riskapp/static/vendor
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js riskapp/static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images riskapp/static/govuk/assets/
	cp node_modules/axe-core/axe.min.js riskapp/static/vendor/
	mkdir -p riskapp/static/fonts
	cp node_modules/@fontsource/noto-sans/files/noto-sans-latin-{400,700}-normal.woff riskapp/static/fonts/
	cp node_modules/@fontsource/noto-sans/files/noto-sans-latin-ext-{400,700}-normal.woff riskapp/static/fonts/
	cp node_modules/dejavu-fonts-ttf/ttf/DejaVuSans{,-Bold}.ttf riskapp/static/fonts/
	@touch $@

# Debian's chromium for the Playwright browser tests (Playwright's own browser download cannot
# be used here), and poppler-utils' pdftoppm to keep a page of the summary PDF as a PNG test
# artifact. Needs root, as on the CI machine.
browser-deps: $(STAMP)/browser-deps
$(STAMP)/browser-deps:
	@mkdir -p $(STAMP)
	command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; }
	@touch $@

db: venv
	$(FLASK) db upgrade

demo: venv
	$(FLASK) demo-data

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print figures; they are not timed tests. Record them in docs/performance.md.
bench: setup
	$(BIN)/python bench/bench_scoring.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_summary.py
	$(BIN)/python bench/bench_panel_pack.py
	$(BIN)/python bench/bench_audit.py

# The app under gunicorn (4 workers of 8 threads, gunicorn.conf.py) with 32 signed-in users at once, on PostgreSQL (which must
# be running) and then on SQLite, beside a bare Flask page of the same size: about 11 minutes.
# LOAD_SECONDS=20 make load for a quicker run; bench/load/run.py lists the other settings. Prints a
# table and writes bench/out/load-<time>.json; not a test. Record figures in docs/performance.md.
load: setup
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) node_modules $(STAMP) riskapp/static/govuk riskapp/static/vendor riskapp/static/fonts riskapp/static/app.css
