"""Färdiga tabeller (ui.tabell med nyckel): en tabell med färg (pandas Styler) byggs och beräknas av Streamlit en gång
per filterval och dataversion, inte vid varje visning, och visas likadant som utan minnet."""

from __future__ import annotations

from pandas.io.formats.style import Styler
from streamlit.testing.v1 import AppTest

from uppfoljning import ui

from .conftest import DASHBOARD
from .test_samtidighet import _tomma_streamlits_cachar  # noqa: F401 (autouse: tomma cachar före och efter)


def _matrisen(at: AppTest) -> tuple:
    """Tabellen som Streamlit skickar den: data, visningsvärden, stilar och kantlinjer. Stilarnas CSS-väljare
    innehåller tabellens slumpade id (pandas Styler.uuid), som byts mot ett fast ord i jämförelsen."""
    assert not at.exception
    proto = at.table[0].proto
    stil = proto.arrow_data.styler
    return (proto.arrow_data.data, stil.display_values, stil.styles.replace(stil.uuid, "ID"), stil.caption,
            proto.border_mode, proto.hide_index, proto.hide_header)


def _annan_period(at: AppTest) -> AppTest:
    ruta = at.selectbox(key="url_ar")
    fore = ruta.index
    ruta.select_index((fore + 1) % len(ruta.options))
    at.run()
    assert at.selectbox(key="url_ar").index != fore
    return at


def _forstasidan(ar: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["ar"] = ar
    return at.run()


def test_matrisen_beraknas_en_gang_per_filterval(app_databas, monkeypatch):
    berakningar = []
    original = Styler._compute

    def raknad(self):
        berakningar.append(self)
        return original(self)

    monkeypatch.setattr(Styler, "_compute", raknad)
    at = _forstasidan("2020")
    at.run()
    at.run()
    assert len(berakningar) == 1, "Streamlits stilberäkning gjordes vid varje visning"
    _annan_period(at)
    assert len(berakningar) == 2, "ett nytt filterval ger en ny tabell"


def test_matrisen_ur_minnet_ar_densamma_som_utan_minnet(app_databas, monkeypatch):
    forsta = _matrisen(_forstasidan("2020"))
    at = _forstasidan("2020")
    assert _matrisen(at) == forsta  # ur minnet (samma process, samma cache)
    assert _matrisen(_annan_period(at)) != forsta
    # Utan minnet: Streamlit beräknar tabellen själv vid varje visning, och den blir densamma.
    ui.glom_minnet()
    monkeypatch.setattr(ui, "_minns_tabell", lambda fardig: None)
    at = _forstasidan("2020")
    assert _matrisen(at) == forsta
    assert _matrisen(at.run()) == forsta
