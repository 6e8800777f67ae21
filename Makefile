# The two commands: `make run` serves the archive, `make test` runs every test.
# Both create .venv, install the pinned dependencies and provision the database
# (DATABASE_URL when set, else an embedded PostgreSQL under .data/, stopped when
# the command ends; `make stop` stops one that was left running).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test stop lint format install clean-data

run: $(STAMP)
	$(BIN)/python scripts/dev.py run

test: $(STAMP)
	$(BIN)/python scripts/dev.py test

stop: $(STAMP)
	$(BIN)/python scripts/dev.py stop

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,local]'
	touch $(STAMP)

# Removes the embedded database's files (and the local SECRET_KEY), after stopping a
# left-over server; it refuses while `make run` or `make test` still uses it.
clean-data:
	if [ -x $(BIN)/python ] && [ -d .data ]; then $(BIN)/python scripts/dev.py stop; fi
	rm -rf .data
