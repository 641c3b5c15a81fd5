"""Gemensamma fixturer: en databas byggd från standarddata en gång per testkörning."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from uppfoljning import databas, installningar

TESTDATA = Path(__file__).parent / "data"
# AppTest löser relativa sökvägar mot testfilen; ge den appens startpunkt som absolut sökväg.
DASHBOARD = str(installningar.ROT / "dashboard.py")


@pytest.fixture(scope="session")
def standarddatabas(tmp_path_factory) -> Path:
    """Databasfil byggd från datasets/ precis som vid appens första start. Får inte ändras av tester."""
    fil = tmp_path_factory.mktemp("standard") / "uppfoljning.duckdb"
    databas.bygg_databas(fil)
    return fil


@pytest.fixture
def con(standarddatabas) -> duckdb.DuckDBPyConnection:
    """Läsanslutning mot standarddata."""
    anslutning = duckdb.connect(str(standarddatabas), read_only=True)
    yield anslutning
    anslutning.close()


@pytest.fixture
def skrivbar_databas(standarddatabas, tmp_path, monkeypatch) -> Path:
    """En egen kopia av standarddatabasen som testet får ändra; appen pekas dit via UPPFOLJNING_DB."""
    fil = tmp_path / "uppfoljning.duckdb"
    shutil.copy(standarddatabas, fil)
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    return fil


@pytest.fixture
def app_databas(standarddatabas, tmp_path, monkeypatch) -> Path:
    """För AppTest: appen öppnar sin egen kopia av standarddatabasen."""
    fil = tmp_path / "app.duckdb"
    shutil.copy(standarddatabas, fil)
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    return fil


def forbundets_plattformar(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT plattform_id FROM plattform WHERE ingar_i_forbundstotal ORDER BY sortering").fetchall()]


def xlsx_fil(blad: dict[str, list[list]]) -> bytes:
    """En Excel-fil med ett blad per nyckel och raderna som de står (None blir en tom cell), skriven med
    xlsxwriters standardinställningar, som Excel sparar en fil."""
    import xlsxwriter

    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert) as bok:
        for namn, rader in blad.items():
            ark = bok.add_worksheet(namn)
            for i, rad in enumerate(rader):
                for j, varde in enumerate(rad):
                    if varde is not None:
                        ark.write(i, j, varde)
    return buffert.getvalue()
