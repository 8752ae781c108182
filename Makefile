# The two commands: `make run` and `make test`. Both use the virtual environment in .venv
# (VENV=dir to use another one), installed from the lock files with pip's hash checking.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The pip that installs the locks, and the tool that compiles them (`make lock`), pinned too.
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.7.0
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_WORKERS ?= 3

.PHONY: run test install install-test lock browser migrate reference worker beat lint format bench-extraction bench-ingestion bench-api clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)

# The locks pin every package, transitive ones included, with their hashes; --require-hashes
# makes pip refuse anything the lock does not name (a missing pin fails the install). The stamps
# depend on the locks, so a changed lock is installed by the next `make run` or `make test`.
$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.txt
	touch $@

## Re-compile the locks from requirements.in and requirements-test.in with pip-tools, installed in
## a throw-away virtual environment. Pins already in a lock are kept unless an .in file demands
## otherwise; to move one package: make lock LOCK_ARGS="--upgrade-package NAME==VERSION".
lock:
	@set -e; tool=$$(mktemp -d); trap 'rm -rf "$$tool"' EXIT; \
	$(PYTHON) -m venv "$$tool"; \
	"$$tool/bin/pip" install --quiet pip-tools==$(PIP_TOOLS_VERSION); \
	for name in requirements requirements-test; do \
		CUSTOM_COMPILE_COMMAND="make lock" "$$tool/bin/pip-compile" --quiet --generate-hashes \
			--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) \
			--output-file $$name.txt $$name.in; \
	done

# The browser tests drive Debian's Chromium; installed when missing (root or sudo), else they skip
# locally (and fail in CI).
browser:
	bash scripts/install-browser.sh

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

reference: migrate
	$(PY) manage.py load_reference_data

## Install, migrate, load the reference data and serve on http://$(HOST):$(PORT)/
## (SQLite and in-process tasks unless DATABASE_URL / CELERY_BROKER_URL are set).
run: reference
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py ensure_roles
	$(VENV)/bin/gunicorn -c python:conflict.gunicorn conflict.wsgi:application --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
		--access-logfile - --log-level info

## Install the test requirements and run the whole suite.
test: install-test browser
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A conflict worker --loglevel INFO --concurrency 2

beat: install
	$(VENV)/bin/celery -A conflict beat --loglevel INFO

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench-extraction: install
	$(PY) bench/extraction.py

bench-ingestion: install
	$(PY) bench/ingestion.py

bench-api: install
	$(PY) bench/api.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
