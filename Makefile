# `make` builds the whole pack into site/; `make test` runs the tests.
# Both install what they need first: the virtual environment (pinned packages) and the Debian packages.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
JOBS ?=
AXE := tests/axe/node_modules/.installed

.PHONY: all site check schema test lint bench clean system-build system-test

all: site

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

system-build:
	@bash scripts/system-deps.sh build

system-test:
	@bash scripts/system-deps.sh test

site: $(VENV)/.installed system-build
	$(PY) build.py $(if $(JOBS),--jobs $(JOBS))

check: $(VENV)/.installed
	$(PY) build.py --check

# The JSON Schema files in data/schema/ (editor help), from guidepack/schema.py; run after changing the schema.
schema: $(VENV)/.installed
	$(PY) build.py schema

# Test files run in TEST_JOBS processes (pytest-xdist; one file stays in one process), in the order that
# tests/conftest.py sets (--no-loadscope-reorder: xdist would otherwise start the files with the most tests first).
TEST_JOBS ?= auto
test: $(VENV)/.installed system-test $(AXE)
	$(PY) -m pytest -q -n $(TEST_JOBS) --dist loadfile --no-loadscope-reorder tests

# axe-core for the accessibility tests, pinned by tests/axe/package-lock.json; reinstalled only when the lock changes.
$(AXE): tests/axe/package-lock.json | system-test
	npm ci --prefix tests/axe --no-audit --no-fund
	touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

bench: $(VENV)/.installed system-build
	$(PY) bench/run.py

clean:
	rm -rf site .site-* .cache
