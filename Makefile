# statinwatch — the two commands of the README, plus the operator's helpers.
# Every target installs what it needs into .venv first, so a fresh clone needs only
# Python 3.11+ and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= $(CURDIR)/var/demo
# loadgroup: a module marked xdist_group builds its costly fixtures on one worker only.
PYTEST_ARGS ?= -n 2 --dist loadgroup

.PHONY: demo test lint system-deps audit ui lock evaluate bench clean

# Dependencies are compiled to bytecode at install: where PYTHONDONTWRITEBYTECODE is set (CI
# machines, containers) no process caches it, and each would compile Dagster, pandas and Great
# Expectations again (~5 s of every run and test process).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("statinwatch needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

## demo: synthetic landing data, a full run, and the path of the clinician report
demo: $(STAMP)
	$(BIN)/statinwatch demo --home $(DEMO_HOME)

## test: lint, format check and the whole test suite (installs the Debian packages below first)
# tests/spark run in a process of their own: Great Expectations validates Spark DataFrames only
# in a process that loaded pyspark before importing it (statinwatch/spark/quality.py), and a
# process with pyspark loaded pays for it in every warehouse it opens.
test: $(STAMP) lint system-deps
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m pytest $(PYTEST_ARGS) --ignore=tests/spark
	GX_ANALYTICS_ENABLED=False $(BIN)/python -m pytest tests/spark

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint --quiet sql tools/sql

## ui: the Dagster UI on http://127.0.0.1:3000 over the demo home (same instance as the CLI)
ui: $(STAMP)
	mkdir -p $(DEMO_HOME)/dagster
	test -f $(DEMO_HOME)/dagster/dagster.yaml || cp pipelines/instance/dagster.yaml $(DEMO_HOME)/dagster/
	STATINWATCH_HOME=$(DEMO_HOME) DAGSTER_HOME=$(DEMO_HOME)/dagster $(BIN)/dagster dev -w workspace.yaml

## evaluate: 10k synthetic patients, the engine vs the generator's truth -> docs/evaluation.md
evaluate: $(STAMP)
	rm -rf var/evaluate
	$(BIN)/python -m tools.evaluate --home var/evaluate --patients 10000

## bench: full and next-day runs at 10k, 50k and 100k patients x 90 and 365 days vs a bare DuckDB floor, the ingest rate of 1, 10 and 100 patient-years of 5-s heart rate, and a full run at 10k and 100k with the clinical stage on DuckDB and on Spark local[2] -> docs/benchmarks.md
bench: $(STAMP) system-deps
	$(BIN)/python -m tools.bench --root var/bench --sizes 10000 50000 100000 --days 90 365
	$(BIN)/python -m tools.bench_heart_rate --root var/bench --patient-years 1 10 100
	$(BIN)/python -m tools.bench_spark --root var/bench --sizes 10000 100000

## lock: re-resolve requirements.lock after changing pyproject.toml
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

## system-deps: PostgreSQL, Chromium and a Java 17 runtime from Debian's archive, for the server, browser and Spark tests
system-deps:
	tests/support/install-system-deps.sh

## audit: known vulnerabilities in the pinned dependencies (asks PyPI's advisory service)
audit: $(STAMP)
	$(BIN)/pip-audit --strict --disable-pip --no-deps -r requirements.lock

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
