# The two commands of the README: `make run` (the site with demo content) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
TEST_ENV := DJANGO_SETTINGS_MODULE=settings.test

.PHONY: run prod prod-cluster prod-stop test test-fast install install-dev lint format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Stamps record that the pinned set in constraints.txt is installed, so a second run is quick.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt .
	touch $@

$(VENV)/.installed-dev: $(BIN)/python pyproject.toml constraints.txt package.json package-lock.json
	$(BIN)/pip install --quiet -c constraints.txt ".[dev]"
	npm ci --no-audit --no-fund --loglevel=error
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_admin
	@# The scheduler beside the server (scheduled posts go live every minute), stopping with
	@# it; tasks run in-process (TASK_BACKEND=immediate), so nothing else needs starting.
	@$(MANAGE) run_scheduler >/dev/null & \
	scheduler=$$!; trap 'kill $$scheduler' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

# The production stack on this machine (gunicorn behind nginx with its page cache, and the
# scheduler), detached: http://127.0.0.1:8080. deploy/prod says what it runs and reads.
prod: install
	deploy/prod start

# The same stack with APP_INSTANCES (2) gunicorn instances behind nginx. They share what the
# environment names: DATABASE_URL, REDIS_URL and the media (the folder, or MEDIA_STORAGE=s3);
# README, "Deployment".
prod-cluster: install
	APP_INSTANCES=$${APP_INSTANCES:-2} deploy/prod start

prod-stop:
	deploy/prod stop

test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(MANAGE) check
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest

# The inner loop: no browser tests, no large seeded data sets, on two workers.
test-fast: install-dev
	$(BIN)/pytest -m "not browser and not slow" -n 2

lint:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
