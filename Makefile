# Two commands do everything: `make run` and `make test`. The rest is for developers.
# Needs Python 3.11 or newer with venv; another interpreter: make PYTHON=python3.11 run
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
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "make: $(PYTHON) is missing or older than Python 3.11: install python3.11 and python3.11-venv (Debian/Ubuntu: sudo apt install python3.11 python3.11-venv), then run make PYTHON=python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "make: $(PYTHON) cannot create a virtualenv: install its venv package (Debian/Ubuntu: sudo apt install python3-venv, or python3.11-venv for make PYTHON=python3.11)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

lock: $(STAMP)
	{ echo "# Exact versions installed by 'make'. Regenerate with: make lock"; \
	  $(BIN)/pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
