# Two commands for a new user: `make demo` and `make test`. Everything else is here for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test lint lint-openapi unit bench system-deps services clean openapi sdk letters

# The product and, in a distribution of their own, the sandboxes (tests and the demo run them;
# the runtime image has only the product).
$(STAMP): pyproject.toml sandboxes/pyproject.toml
	@if command -v uv >/dev/null 2>&1; then \
		uv venv --quiet --python $(PYTHON) $(VENV) && \
		uv pip install --quiet --python $(BIN)/python -e '.[dev]' -e ./sandboxes; \
	else \
		$(PYTHON) -m venv $(VENV) && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip && \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' -e ./sandboxes; \
	fi
	@touch $@

demo: $(STAMP)
	$(BIN)/automahntion demo

# One sample of each message customers receive, German and English, as PDF and PNG (README).
letters: $(STAMP)
	$(BIN)/python -m scripts.letters --out docs/letters

system-deps:
	@scripts/system-deps.sh

services:
	@scripts/services.sh

# The OpenAPI linter (Redocly CLI, pinned in package.json/package-lock.json; Node >= 20.19).
NODE_STAMP := node_modules/.package-lock.json
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make lint needs Node.js >= 20.19 and npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

lint-openapi: $(NODE_STAMP)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly lint openapi/v1.json

lint: $(STAMP) lint-openapi
	$(BIN)/ruff check src sandboxes tests bench scripts
	$(BIN)/ruff format --check src sandboxes tests bench scripts
	$(BIN)/mypy
	$(BIN)/mypy --strict scripts
	$(BIN)/lint-imports

# The unit tests need neither the integration fixtures' imports nor schemathesis' and Faker's
# plugins: leaving them out saves each worker seconds of start-up.
unit: $(STAMP)
	$(BIN)/pytest tests/unit -q -n 2 -p no:tests.integration.lexoffice_env -p no:schemathesis -p no:faker

# The suite starts many `automahntion` processes: each compiles the package again unless it
# may keep the bytecode, so a PYTHONDONTWRITEBYTECODE from the caller's environment is dropped here.
test: $(STAMP) system-deps services lint
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -q -n 4 --dist worksteal

# The API's contract and its client are generated, never edited: regenerate both after an API change.
openapi: $(STAMP)
	$(BIN)/automahntion openapi > openapi/v1.json

sdk: openapi
	$(BIN)/python -m scripts.sdk

# Every benchmark, then one table of its figures and targets (bench/table.py); about 4 minutes.
bench: $(STAMP) services
	@scripts/bench-deps.sh
	$(BIN)/python -m bench.table

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache demo-out
