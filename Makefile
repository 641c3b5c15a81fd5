# Två kommandon gör hela uppsättningen: `make run` och `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installerad

.PHONY: run ny test test-postgres bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run dashboard.py

# En tom installation (data/ny.duckdb) som öppnas på sidan Ny organisation; standarddatan rörs inte.
ny: $(STAMP)
	UPPFOLJNING_DB=data/ny.duckdb UPPFOLJNING_DATASETS=uppfoljning/mallar/tom UPPFOLJNING_MAL=data/ny-goals.yaml \
		$(BIN)/streamlit run dashboard.py

# axe-core (npm) mäter tillgängligheten i webbläsartesterna (tests/test_tillganglighet.py).
AXE := tests/axe/node_modules/axe-core/axe.min.js

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	cd tests/axe && npm ci --no-audit --no-fund --silent
	touch $(AXE)

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

# Lagringen i PostgreSQL (UPPFOLJNING_DB=postgresql://…): testerna startar en egen server (Debians postgresql).
test-postgres: $(STAMP)
	$(BIN)/python -m pytest -m postgres

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data
