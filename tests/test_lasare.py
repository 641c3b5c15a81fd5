"""Appens läsare (ui._lasaren, issue 17): databasens identitet (filens, eller PostgreSQL:s versionsnummer) prövas en
gång per körning av sidan i stället för vid varje fråga, och det som bara beror på ögonblicksbilden (dataversionen,
målramverkets sparade version, om installationen är tom) räknas en gång per ögonblicksbild. Beteendet är detsamma:
nästa sidvisning ser en ändring som en annan process gjort, och en skrivning i körningen läses i samma körning."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import databas, installningar, lagring_pg

from .conftest import DASHBOARD
from .test_samtidighet import _tomma_streamlits_cachar  # noqa: F401 (autouse: tomma cachar före och efter)


def _rakna(monkeypatch, modul, namn: str) -> list:
    anrop: list = []
    original = getattr(modul, namn)

    def raknad(*a, **k):
        anrop.append(a)
        return original(*a, **k)

    monkeypatch.setattr(modul, namn, raknad)
    return anrop


def _forstasidan() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["ar"] = "2020"
    at.run()
    assert not at.exception
    assert at.table, "förstasidan (Måluppfyllelse) visar sin matris"
    return at


def test_databasfilens_identitet_provas_en_gang_per_korning(app_databas, monkeypatch):
    at = _forstasidan()  # öppnar databasen och fyller cacharna
    anrop = _rakna(monkeypatch, databas, "filnyckel")
    at.run()
    assert not at.exception
    # Förut: en gång för varje fråga, dataversion och ramverksnyckel på sidan (ett trettiotal gånger).
    assert len(anrop) == 1


def test_fragan_om_dataversionen_stalls_en_gang_per_ogonblicksbild(app_databas, monkeypatch):
    from uppfoljning import ramverksredigering, ui

    at = _forstasidan()
    dataversion = _rakna(monkeypatch, ui, "_rakna_dataversion")
    ramverket = _rakna(monkeypatch, ramverksredigering, "senaste_version")
    at.run()
    at.run()
    assert not at.exception
    assert (dataversion, ramverket) == ([], []), "räknade redan för den här ögonblicksbilden"


def test_nasta_korning_ser_en_annan_process_skrivning(app_databas):
    """En skrivning i en annan process (som en import från kommandoraden) syns vid nästa körning."""

    def sida():
        import streamlit as st

        from uppfoljning import ui

        st.write(f"handelser={ui.dataversion()[1]}")
        with ui.anslutning().cursor() as cur:
            st.write(f"rader={cur.execute('SELECT count(*) FROM handelse').fetchall()[0][0]}")

    at = AppTest.from_function(sida, default_timeout=60).run()
    fore = [m.value for m in at.markdown]
    skriv = textwrap.dedent("""
        from uppfoljning import databas, handelse
        with databas.skrivning(None, "testet") as con:
            handelse.logga(con, "test", "test", "en annan process")
    """)
    subprocess.run([sys.executable, "-c", skriv], check=True, cwd=installningar.ROT, timeout=120)
    at.run()
    efter = [m.value for m in at.markdown]
    assert not at.exception
    fore_h, fore_r = (int(v.split("=")[1]) for v in fore)
    efter_h, efter_r = (int(v.split("=")[1]) for v in efter)
    assert efter_h > fore_h and efter_r == fore_r + 1, (fore, efter)


def test_en_skrivning_i_korningen_lases_i_samma_korning(app_databas):
    """Sidan som sparar något och sedan visar det (utan st.rerun) läser det den sparat, och cachade frågesvar
    får den nya dataversionen."""

    def sida():
        import streamlit as st

        from uppfoljning import databas, handelse, ui

        fore = ui.dataversion()
        with databas.skrivning(None, "testet") as con:
            handelse.logga(con, "test", "test", "samma körning")
        efter = ui.dataversion()
        with ui.anslutning().cursor() as cur:
            sist = cur.execute("SELECT beskrivning FROM handelse ORDER BY handelse_id DESC LIMIT 1").fetchall()
        st.write(f"ny version: {efter != fore}; senast: {sist[0][0]}")

    at = AppTest.from_function(sida, default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["ny version: True; senast: samma körning"]


@pytest.mark.postgres
def test_postgresql_versionen_fragas_en_gang_per_korning(pg_databas, monkeypatch):
    at = _forstasidan()
    anrop = _rakna(monkeypatch, lagring_pg, "version")
    at.run()
    assert not at.exception
    assert len(anrop) == 1
