# 旺苍县工会社会组织服务平台 — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
HOST   ?= 127.0.0.1:8000
# The suite runs in parallel, one process per core; TEST_PROCESSES=0 runs it in one process.
TEST_PROCESSES ?= auto

.DEFAULT_GOAL := help
.PHONY: help run test lint fmt bench messages system-deps install install-dev migrate worker beat clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Create .venv and install the runtime packages

install-dev: $(VENV)/.installed-dev ## Create .venv, install runtime and test packages, compile the translations
	@$(PY) scripts/compile_messages.py

system-deps: ## Install the CJK font and Pango for PDF reports where missing (apt-get, as root)
	@sh scripts/system-deps.sh

messages: ## Compile the translations (.po → .mo)
	$(PY) scripts/compile_messages.py

migrate: install messages
	$(PY) manage.py migrate --noinput

run: install system-deps messages ## Set up and serve the portal on 127.0.0.1:8000 with the demo data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver $(HOST)

test: install-dev system-deps messages ## Run the whole test suite
	DJANGO_SETTINGS_MODULE=wangcang.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

lint: install-dev ## Lint with ruff and check that the apps depend one way (import-linter)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/ruff format --check .

fmt: install-dev ## Format with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev messages ## Run the benchmarks: small in a few minutes; SCALE=province writes docs/performance.md
	$(PY) bench/run.py --scale $(or $(SCALE),small)

worker: install messages ## Start a Celery worker on both queues (needs REDIS_URL)
	$(BIN)/celery -A wangcang worker -Q interactive,statistics --loglevel=info

beat: install ## Start Celery beat with the schedules from the database (needs REDIS_URL)
	$(BIN)/celery -A wangcang beat --loglevel=info

clean: ## Remove the virtualenv, the SQLite database and compiled files (never MEDIA_ROOT: uploads live outside the tree)
	rm -rf $(VENV) db.sqlite3 staticfiles var/test-media .pytest_cache
	find . -name '*.mo' -not -path './.venv/*' -delete
