# The two commands: `make run` serves the archive, `make test` runs every test.
# Both create .venv, install the locked dependencies (requirements/dev.txt, every package
# with its hash) and provision the database (DATABASE_URL when set, else an
# embedded PostgreSQL under .data/, stopped when the command ends; `make stop` stops
# one that was left running).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK_BUILD := requirements/build.txt
LOCK_MAIN := requirements.txt
LOCK_DEV := requirements/dev.txt
# uv resolves the lock; it is installed into .venv by `make lock` only, never needed to
# install from the lock (plain pip does that).
UV_VERSION := 0.13.9
# mypy's Django plugin loads the settings, which want a database address; nothing connects.
TYPECHECK_ENV := DEBUG=1 SECRET_KEY=typecheck DATABASE_URL=postgres://localhost/typecheck

.PHONY: run test stop lint ruff-check format-check typecheck migrations-check format install lock \
	clean-data

run: $(STAMP)
	$(BIN)/python scripts/dev.py run

test: $(STAMP)
	$(BIN)/python scripts/dev.py test

stop: $(STAMP)
	$(BIN)/python scripts/dev.py stop

# The guardrails CI runs before the tests (`make -k lint` runs all four, whatever fails).
lint: ruff-check format-check typecheck migrations-check

ruff-check: $(STAMP)
	$(BIN)/ruff check .

format-check: $(STAMP)
	$(BIN)/ruff format --check .

# mypy with django-stubs on briefings/ and archive_site/ (configured in pyproject.toml).
typecheck: $(STAMP)
	$(TYPECHECK_ENV) $(BIN)/mypy

# No model change without its migration (on the database make run/test would use).
migrations-check: $(STAMP)
	$(BIN)/python scripts/dev.py manage makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)

# Exactly the locked versions, each checked against its hash. The build backend comes
# first and nothing is built in isolation, so building jieba (a source archive only) and
# the project itself uses the locked setuptools rather than whatever is newest.
$(STAMP): $(LOCK_BUILD) $(LOCK_DEV) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK_BUILD)
	$(BIN)/python -m pip install --quiet --require-hashes --no-build-isolation --use-pep517 -r $(LOCK_DEV)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --use-pep517 -e .
	touch $(STAMP)

# Rewrites the lock files from pyproject.toml (its build backend, its dependencies, its
# extras), keeping every version already locked unless pyproject.toml asks for another.
# `make lock LOCK_ARGS=--upgrade` moves everything to the newest allowed versions;
# `make lock LOCK_ARGS='--upgrade-package NAME'` one package.
BUILD_REQUIRES := $(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes $(LOCK_ARGS)
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BUILD_REQUIRES) | $(COMPILE) - --output-file $(LOCK_BUILD)
	$(COMPILE) pyproject.toml --output-file $(LOCK_MAIN)
	$(COMPILE) pyproject.toml --extra dev --extra local --constraint $(LOCK_MAIN) \
		--output-file $(LOCK_DEV)

# Removes the embedded database's files (and the local SECRET_KEY), after stopping a
# left-over server; it refuses while `make run` or `make test` still uses it.
clean-data:
	if [ -x $(BIN)/python ] && [ -d .data ]; then $(BIN)/python scripts/dev.py stop; fi
	rm -rf .data
