"""Skärmbilder av ESF-exemplet (issue 15) i en riktig webbläsare: Måluppfyllelse, Mål och Utfall för en
lägesrapport och för projektperioden. Bilderna sparas i tests/skarmbilder/ (ignoreras av git) och ska tittas på;
testet kontrollerar att sidorna visar periodernas namn och inga fel."""

from __future__ import annotations

import pytest

from .conftest import ny_databas
from .test_webblasare import (SKARMBILDER, _helsidesbild, _starta_app, _vanta_pa_rendering, chromium, sida,  # noqa: F401
                              webblasare)
from .test_esf_projekt import ESF

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def esf_url(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("esf_skarmbilder")
    fil = ny_databas(mapp / "bygge" / "esf.duckdb", datasets=ESF / "datasets")
    yield from _starta_app(fil, mapp, {"UPPFOLJNING_INLOGGNING": "av", "UPPFOLJNING_MAL": str(ESF / "goals.yaml")})


@pytest.mark.parametrize(("adress", "namn", "vantat"), [
    ("maluppfyllelse?ar=lr4", "esf_maluppfyllelse_lr4", "Lägesrapport 4"),
    ("maluppfyllelse?ar=projektperioden", "esf_maluppfyllelse_projektperioden", "Projektperioden sep 2019 – aug 2022"),
    ("mal?ar=lr4&mal=volym&plattform=forbundet", "esf_mal_volym_lr4", "borde ha kommit till 16 st"),
    ("mal?ar=projektperioden&mal=resultat&plattform=storuman", "esf_mal_resultat_storuman", "Projektperioden"),
    ("utfall?ar=projektperioden&plattform=forbundet", "esf_utfall_projektperioden", "Projektperioden sep 2019"),
    ("utfall?ar=lr4&plattform=lycksele", "esf_utfall_lr4_lycksele", "Lägesrapport 4"),
    ("over-tid?indikator=deltagarvolym&plattform=forbundet&perioder=lagesrapport", "esf_over_tid_lagesrapporter",
     "Lägesrapport 6"),
    ("kommuner?ar=projektperioden", "esf_kommuner_projektperioden",
     "en person i två delprojekt i samma kommun räknas en gång"),
])
def test_esf_sidor(esf_url, sida, adress, namn, vantat):  # noqa: F811
    sida.goto(esf_url + adress)
    _vanta_pa_rendering(sida)
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    _helsidesbild(sida, SKARMBILDER / f"{namn}.png")
    text = sida.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert vantat in text
    assert "Traceback" not in text and "Error" not in text
    assert not any(ord("0") <= ord(t[0]) <= ord("9") and len(t) >= 8 and t.isdigit() for t in text.split()), \
        "ett periodnummer visas i stället för periodens namn"
