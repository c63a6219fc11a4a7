# vanban-kg: `make run` serves the graph, `make test` runs every test. Nothing else to install by
# hand on a machine with Python 3.11 and JDK 17 + Maven (or Docker).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never

# The throwaway Neo4j of the test suite: its own ports and data directory, wiped every run.
TEST_ENV := VANBAN_NEO4J_INSTANCE=test VANBAN_NEO4J_HOME=$(CURDIR)/.cache/test-neo4j \
	VANBAN_NEO4J_BOLT_PORT=17687 VANBAN_NEO4J_HTTP_PORT=17474 \
	VANBAN_NEO4J_HEAP=768m VANBAN_NEO4J_PAGECACHE=512m VANBAN_NEO4J_RUNTIME=local

.PHONY: help install run test lint typecheck bench eval clean

help:
	@echo "make run    - Neo4j up, schema applied, demo corpus ingested, API on http://127.0.0.1:8000"
	@echo "make test   - the whole suite (unit + integration against a throwaway Neo4j)"
	@echo "make lint   - ruff and mypy"
	@echo "make bench  - benchmarks (results in docs/benchmarks.md)"

$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found: install Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv>=0.9,<1"

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $@

install: $(VENV)/.installed

run: install
	$(VENV)/bin/vanban up

test: install
	@rm -rf .cache/test-neo4j
	@set -o pipefail; rc=0; \
	$(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS) || rc=$$?; \
	$(TEST_ENV) $(VENV)/bin/vanban neo4j stop >/dev/null 2>&1 || true; \
	exit $$rc

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install
	$(VENV)/bin/python -m bench

eval: install
	$(VENV)/bin/vanban eval

clean:
	rm -rf $(TOOLS) $(VENV) .cache .pytest_cache .mypy_cache .ruff_cache
