# Mindful Path: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LOCK := requirements/dev.txt
# Tests run with DEBUG off, as production does; they need a key, never a real one.
TEST_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-test-only-key-not-a-secret}

.PHONY: run test test-fast bench cluster-test lint format check check-deploy check-migrations messages lock clean

$(BIN)/.installed: $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
	  echo "Mindful Path needs Python 3.12 or newer, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1)." >&2; \
	  echo "Install one (for example 'pyenv install 3.13') or point at it: make PYTHON=python3.13 ..." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	@touch $@

run: $(BIN)/.installed
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py load_sample_offerings
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# In two runs: what test-fast runs (every example of each property this time) on every
# core, then the slow kinds, which mostly wait (on browsers, servers and timeouts), on two
# workers; each xdist worker has a test database of its own. A run that PYTEST_ARGS leaves
# with no test (exit status 5) is no failure.
test: $(BIN)/.installed
	@[ -x /usr/bin/chromium ] || echo "Note: no Chromium at /usr/bin/chromium, so the browser tests (tests/e2e) will be skipped. Install it with: apt-get install chromium"
	$(TEST_ENV) $(BIN)/python -m pytest -m "$(FAST_MARKERS)" --ignore=tests/e2e -n auto $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(TEST_ENV) $(BIN)/python -m pytest -m "not ($(FAST_MARKERS))" -n 2 $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The loop while changing code: everything but the slow kinds (markers in pyproject.toml:
# browser tests, real servers, fresh interpreters, outages waited out, the all-URL sweeps,
# migrations run back and forth), a few examples per property test
# (tests/hypothesis_examples.py), and the migrated test database kept between runs
# (--reuse-db; PYTEST_ARGS=--create-db rebuilds it). `make test` runs all of it, with every
# example. Every worker collects the suite: --ignore spares it importing tests/e2e
# (Playwright) only to deselect it.
# xdist's default scheduling keeps pytest-django's order in each worker (tests that
# flush the database last); --dist worksteal would not, and seeded data would go missing.
FAST_MARKERS := not e2e and not slow and not subprocess and not outage and not sweep and not migrations
test-fast: $(BIN)/.installed
	$(TEST_ENV) HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -m "$(FAST_MARKERS)" --ignore=tests/e2e -n auto --reuse-db $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(BIN)/.installed
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING

# Django's deployment checklist with production-like settings; any warning fails.
check-deploy: $(BIN)/.installed
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  DJANGO_ALLOWED_HOSTS=intake.example.org TASK_QUEUE=database INTAKE_NOTIFY_EMAILS=intake@clinic.example \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

check-migrations: $(BIN)/.installed
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# The Spanish catalogue: every marked string extracted into locale/es/LC_MESSAGES/django.po
# (translations kept), then compiled to the committed django.mo (GNU gettext's msgfmt).
# tests/config/test_catalogue.py fails until the .mo matches the .po.
MESSAGES_IGNORE := .venv tests bench staticfiles node_modules deploy docs .git
messages: $(BIN)/.installed
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages -l es --add-location=file --no-obsolete \
	  $(foreach dir,$(MESSAGES_IGNORE),-i '$(dir)/*' -i $(dir))
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages -l es -i $(VENV) -i node_modules

# Load test on PostgreSQL + gunicorn, driven by wrk; creates and drops its own database
# (see bench/README.md). wrk comes from Debian's packages, like Chromium for .ci/run.
bench: $(BIN)/.installed
	@command -v wrk > /dev/null || [ "$$(id -u)" != 0 ] || ! command -v apt-get > /dev/null || { \
	  echo "Installing wrk for the benchmark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null || true; }
	@command -v wrk > /dev/null || { \
	  echo "make bench needs wrk, the HTTP load generator: install it with 'apt-get install wrk'" \
	    "(as root), or from https://github.com/wg/wrk, then run make bench again." >&2; \
	  exit 1; }
	@command -v haproxy > /dev/null || [ "$$(id -u)" != 0 ] || ! command -v apt-get > /dev/null || { \
	  echo "Installing haproxy for the two-node run"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy > /dev/null || true; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

cluster-test: $(BIN)/.installed
	@command -v haproxy > /dev/null || [ "$$(id -u)" != 0 ] || ! command -v apt-get > /dev/null || { \
	  echo "Installing haproxy for the cluster test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy > /dev/null || true; }
	@command -v nginx > /dev/null || [ "$$(id -u)" != 0 ] || ! command -v apt-get > /dev/null || { \
	  echo "Installing nginx for the cluster test (deploy/nginx in front of the nodes)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx > /dev/null || true; }
	$(BIN)/python -m bench.cluster

# Re-pin every dependency from pyproject.toml (needs the package index).
lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/pip install --quiet pip-tools
	.lock-venv/bin/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras -o requirements/base.txt pyproject.toml
	.lock-venv/bin/pip-compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links --strip-extras --extra dev -o requirements/dev.txt pyproject.toml
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
