"""Varje avsnitts rubrik hör till sitt mål: Mål 4:s och Mål 5:s styrelsefrågor står under målets egna rubriker
("Styrelsens bedömning (ja/nej)", "Chefers upplevelser", som i Bilaga 5), inte under ramverkets rubrik för
plattformarnas avsnitt 1 ("Resultat på individnivå och deltagarnas svar …")."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from uppfoljning import bedomning, installningar, malramverk, motesunderlag, pdf

from .conftest import DASHBOARD, las

PLATTFORMARNAS = "Resultat på individnivå och deltagarnas svar i den sociala redovisningen"
FORVANTAT = {
    "mal1": [PLATTFORMARNAS, "Medarbetares och chefers svar i den sociala redovisningen",
             "Beskrivning av verksamheten, redovisning av året och bakgrundsdata"],
    "mal4": ["Styrelsens bedömning (ja/nej)", "Chefers upplevelser"],
    "mal5": ["Styrelsens bedömning (ja/nej)"],
}


@pytest.fixture(scope="module")
def ram():
    return malramverk.las(installningar.MALRAMVERK)


@pytest.fixture(scope="module")
def underlag(standarddatabas, ram):
    with las(standarddatabas) as con:
        return motesunderlag.bygg(con, ram, 2020)


def test_bedomningen_ger_varje_mal_sina_egna_avsnittsrubriker(underlag):
    for mal_id, rubriker in FORVANTAT.items():
        for m in (m for m in underlag.mal if m.mal_id == mal_id):
            assert [a.namn for a in m.avsnitt] == rubriker, (mal_id, m.plattform)


def test_pdf_en_har_mal_4_och_5_under_egna_rubriker(underlag):
    text = re.sub(r"\s+", " ", "".join(s.extract_text() for s in
                                       PdfReader(io.BytesIO(pdf.pdf_bytes(underlag, diagram=False))).pages))
    mal4 = text[text.rindex("Mål 4: Sammanhållen region: Förbundet totalt"):]  # sidan, inte innehållet
    mal4 = mal4[:mal4.index("Mål 5:")]
    assert "1. Styrelsens bedömning (ja/nej)" in mal4 and "2. Chefers upplevelser" in mal4
    assert PLATTFORMARNAS not in mal4
    mal5 = text[text.rindex("Mål 5: Kompetensutveckling: Förbundet totalt"):]
    mal5 = mal5[:mal5.index("Utfall för deltagare")]
    assert "1. Styrelsens bedömning (ja/nej)" in mal5 and PLATTFORMARNAS not in mal5


def test_malsidan_visar_mal_4_under_egna_rubriker(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params.update(ar="2020", mal="mal4", plattform="forbundet")
    at.run()
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    rubriker = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert rubriker == ["### 1. Styrelsens bedömning (ja/nej)", "### 2. Chefers upplevelser"]


def test_ett_mals_avsnittsnamn_maste_galla_ett_avsnitt_som_finns(ram):
    data = ram.model_dump(mode="json")
    data["mal"][3]["avsnittsnamn"] = {"7": "Finns inte"}
    with pytest.raises(ValueError, match="mål mal4, fält avsnittsnamn: avsnitt 7 finns inte"):
        malramverk.Malramverk.model_validate(data)
