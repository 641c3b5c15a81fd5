"""Matrisen förklarar sig själv (issue 18): varje cell har ett skäl i en rad på klar svenska (inte "Styrelsens
beslut" på alla rader), ett klick vidare till målet och enheten på sidan Mål, och en markering där data saknas."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import bedomning, installningar, malramverk

from .conftest import DASHBOARD, las

# Handskrivna ur Bilaga 5 2020 (statusarna i test_bedomning.FORVANTAT_2020 räknade per cell) och styrelsens beslut.
SKAL_2020 = {
    ("mal2", "vannas"): "Styrelsen beslutade delvis uppfyllt, som reglerna föreslår: 7 av 15 indikatorer uppfyllda, "
                        "8 inte (avsnitt 1 delvis, 2 inte, 3 uppfyllt).",
    ("mal2", "robertsfors"): "Styrelsen beslutade uppfyllt; reglerna ger delvis uppfyllt: 10 av 15 indikatorer "
                             "uppfyllda, 1 delvis, 4 inte (avsnitt 1 delvis, 2 delvis, 3 uppfyllt).",
    ("mal3", "nafs"): "Styrelsen bedömer inte målet 2020: En ny överenskommelse mellan parterna antogs inför 2020. "
                      "Införandet av det nya arbetssättet startade i februari men stoppades av pandemin, och "
                      "plattformen har inte fungerat under året.",
    ("mal5", "forbundet"): "Styrelsen beslutade uppfyllt, som reglerna föreslår: 1 av 2 indikatorer uppfyllda, 1 delvis.",
}


def test_skalen_2020(con):
    resultat = bedomning.bedom(con, malramverk.las(installningar.MALRAMVERK), 2020)
    skal = {(r.mal_id, r.scope_id): bedomning.kort_skal(r) for r in resultat}
    for cell, text in SKAL_2020.items():
        assert skal[cell] == text
    # Tio skäl, alla olika från det gamla "Styrelsens beslut", ingen poängformel.
    assert len(skal) == 10
    assert all("poäng" not in s and s != "Styrelsens beslut" for s in skal.values())
    assert bedomning.kort_skal(next(r for r in resultat if r.scope_id == "vannas"), "styrgruppen").startswith(
        "Styrgruppen beslutade")


def _matrisen(ar: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    at.query_params["ar"] = ar
    at.run()
    return at.switch_page("pages/maluppfyllelse.py").run()


def test_matrisen_visar_skal_och_lankar(app_databas):
    at = _matrisen("2020")
    assert not at.exception
    tabell = at.table[0].value
    assert list(tabell.columns) == ["Mål", "Plattform", "Måluppfyllelse", "Förslag enligt reglerna", "Skäl", "Underlag"]
    assert "Styrelsens beslut" not in tabell["Skäl"].to_list()
    vannas = tabell[tabell["Plattform"] == "Vännäs"].iloc[0]
    assert vannas["Skäl"] == SKAL_2020[("mal2", "vannas")]
    assert set(tabell["Underlag"]) == {"Komplett"}
    # Ett klick från varje cell till målet och enheten.
    lankar = {(l.proto.label, l.proto.query_string) for l in at.get("page_link") if l.proto.page == "mal" and l.proto.query_string}
    assert ("Vännäs", "ar=2020&mal=mal2&plattform=vannas") in lankar
    assert ("Förbundet totalt", "ar=2020&mal=mal4&plattform=forbundet") in lankar
    assert len(lankar) == 10


def test_lanken_oppnar_malet_och_enheten(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for k, v in {"ar": "2020", "mal": "mal2", "plattform": "vannas"}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    assert "**Samordningsteamet i Vännäs, 2020**" in [m.value for m in at.markdown]


def test_matrisen_markerar_celler_dar_data_saknas(app_databas):
    at = _matrisen("2019")
    tabell = at.table[0].value
    underlag = dict(zip(tabell["Plattform"], tabell["Underlag"]))
    # 2019: Bjurholm saknar beskrivning, bakgrundsdata och resultat (3 av 16), NAFS sitt enda (1 av 1).
    assert underlag["Bjurholm"] == "⚠ 3 av 16 indikatorer saknar värde 2019."
    assert underlag["NAFS"] == \
        "⚠ 1 av 1 indikator saknar värde 2019."
    assert underlag["Vännäs"] == "Komplett"


def test_malsidan_markerar_samma_underlag_som_matrisen(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=90)
    for k, v in {"ar": "2019", "mal": "mal2", "plattform": "bjurholm"}.items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    assert "**Underlag:** ⚠ 3 av 16 indikatorer saknar värde 2019." in [w.value for w in at.warning]


def test_motesunderlagets_excel_har_skal_och_underlag(con):
    import datetime as dt

    from uppfoljning import motesunderlag

    u = motesunderlag.bygg(con, malramverk.las(installningar.MALRAMVERK), 2020, datum=dt.date(2021, 3, 19))
    blad = motesunderlag.excel_tabeller(u)["Måluppfyllelse"]
    vannas = blad.filter(blad["Plattform"] == "Samordningsteamet i Vännäs").row(0, named=True)
    assert vannas["Skäl"] == SKAL_2020[("mal2", "vannas")]
    assert vannas["Underlag"] == "Komplett"
