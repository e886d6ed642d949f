# The two commands: `make run` (everything, then serve the demo) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test check audit venv system-deps services migrate demo lock clean-db help

help:
	@echo "make run     set up everything, load demo data, start web + Celery worker + beat"
	@echo "make test    the whole test suite (DATABASE_URL selects PostgreSQL; default SQLite)"
	@echo "make check   ruff, migrations check, Django deploy checks, offline dependency audit"
	@echo "make audit   pinned dependencies against security/vulnerabilities.json (no network)"
	@echo "make lock    re-pin requirements.lock from pyproject.toml"

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	touch $@

venv: $(VENV)/.installed

lock: | $(BIN)/python
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11 -q

system-deps:
	@scripts/install-system-packages.sh

services:
	@scripts/ensure-services.sh

migrate: venv
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py seed_demo

run: system-deps venv
	@scripts/run.sh

test: system-deps venv
	@scripts/ensure-services.sh --redis
	$(BIN)/pytest $(PYTEST_ARGS)

audit: venv
	$(BIN)/python scripts/audit_dependencies.py

check: venv audit
	@mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings_production SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
		ALLOWED_HOSTS=licensing.example $(BIN)/python manage.py check --deploy --fail-level WARNING

clean-db:
	rm -f var/db.sqlite3 var/test.sqlite3
