"""Två appinstanser som riktiga servrar (issue 17): två `streamlit run` på olika portar mot samma PostgreSQL, en
import från kommandoraden, och båda visar den nya inläsningen vid nästa sidvisning. Klienten är lasttestets
(bench/last.py: Streamlits eget websocket-protokoll, ingen webbläsare). Körs med make test-postgres."""

from __future__ import annotations

import asyncio

import pytest

from bench import last

from .test_samtidighet import EXEMPEL, _cli, _klar

pytestmark = pytest.mark.postgres


def _inlasningarna(port: int) -> list[dict]:
    """Tabellen Lagrade inläsningar på sidan Data (kolumnen Fil), som instansen på [port] visar den nu."""
    tabeller = [t for t in last.tabeller(asyncio.run(last.visa_sida(port, "data"))) if "Fil" in t.schema.names]
    assert len(tabeller) == 1, "sidan Data visar en tabell med inläsningarna"
    return tabeller[0].to_pylist()


@pytest.fixture
def tva_instanser(pg_databas, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "av")
    portar = [last.ledig_port(), last.ledig_port()]
    processer = [last.starta(p, pg_databas) for p in portar]
    try:
        for p in portar:
            asyncio.run(last.vanta_pa(p))
        yield portar
    finally:
        last.stoppa(processer)


def test_tva_servrar_pa_en_postgresql_ser_en_import_vid_nasta_sidvisning(pg_databas, tva_instanser):
    a, b = tva_instanser
    fore = {port: _inlasningarna(port) for port in (a, b)}
    assert fore[a] == fore[b]
    assert "budget.csv" not in [r["Fil"] for r in fore[a]]
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    rader = len((EXEMPEL / "budget.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    # Nästa sidvisning i båda instanserna, utan omstart: en inläsning till, med filens antal rader.
    for port in (a, b):
        efter = _inlasningarna(port)
        assert len(efter) == len(fore[port]) + 1, f"instansen på port {port} laddade inte om"
        nya = [r for r in efter if r["Fil"] == "budget.csv"]
        assert [r["Rader"] for r in nya] == [rader], nya
