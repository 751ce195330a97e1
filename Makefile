# Two commands do everything: `make run` and `make test`. The rest is for developers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench diagram lock clean

run: $(STAMP)
	$(BIN)/cyberbot run

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check dialogs bot tests bench
	$(BIN)/ruff format --check dialogs bot tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

diagram: $(STAMP)
	$(BIN)/cyberbot diagram

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

lock: $(STAMP)
	{ echo "# Exact versions installed by 'make'. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
