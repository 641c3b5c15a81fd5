# Två kommandon gör hela uppsättningen: `make run` och `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installerad

.PHONY: run ny test test-postgres installera bench clean

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

# Det som testerna behöver (CI installerar det först och kör sedan make test och make test-postgres samtidigt).
installera: $(STAMP) $(AXE)

test: $(STAMP) $(AXE)
	$(BIN)/python -m pytest

# Hela sviten mot lagringen i PostgreSQL (UPPFOLJNING_DB=postgresql://…) i stället för databasfilen, plus de
# postgres-märkta testerna: testerna startar en egen server (Debians postgresql). Tester märkta endast_fil (själva
# databasfilen) hoppas över med sitt skäl.
test-postgres: $(STAMP) $(AXE)
	UPPFOLJNING_TEST_LAGRING=postgresql $(BIN)/python -m pytest -m ''

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data
