"""Sidornas tabeller och nedladdningar räknas utan Python-funktioner i polars egna trådar (pl.Expr.map_elements).

Under last fastnade hela appen: en session väntade i polars trådpool med Pythons GIL (t.ex. i DataFrame.to_pandas),
medan poolens trådar väntade på GIL för en annan sessions map_elements (polars issue 26821). Servern svarade inte
ens på websocket-ping (bench/last.py --sidor blandat, 20 sessioner: alla sessioner fel, 0 sidvisningar). Testerna
här förbjuder map_elements och kräver samma innehåll som förut."""

import polars as pl
import pytest

from uppfoljning import format as fmt
from uppfoljning import fragor, jamforelse
from uppfoljning import kon_och_tid as kt

from .conftest import forbundets_plattformar


@pytest.fixture
def utan_map_elements(monkeypatch):
    def forbjuden(*_a, **_k):
        raise AssertionError("map_elements kör Python i polars trådar (kan låsa appen under last)")

    monkeypatch.setattr(pl.Expr, "map_elements", forbjuden)


def test_per_rad_som_map_elements():
    df = pl.DataFrame({"matt": ["avslutade", None, "varav till arbete"], "andel_av": ["a", None, "b"],
                       "namn": ["Avslutade", None, None]})
    assert fmt.per_rad(df, kt.mattnamn, "matt", namn="Mått").to_list() == ["Avslutade", None, "Varav till arbete"]
    assert fmt.per_rad(df, lambda a, n: f"{a}/{n}", "andel_av", "namn", namn="x").to_list() == \
        ["a/Avslutade", "None/None", "b/None"]
    assert fmt.per_rad(df.head(0), kt.mattnamn, "matt", namn="Mått").dtype == pl.String


def test_konstabellens_nedladdning_utan_map_elements(con, utan_map_elements):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=forbundets_plattformar(con))
    ned = kt.konstabell_nedladdning(utfall, 10)
    pos = ned.filter(ned["Mått"] == "Avslutade till en för individen positiv lösning").row(0, named=True)
    assert (pos["Kvinnor"], pos["Bas kvinnor"], pos["Andel kvinnor (%)"]) == (71, 99, 72)
    assert ned["Andelen räknas av"].to_list() == [kt.bastext(a, n) for a, n in
                                                  zip(utfall["andel_av"].to_list(), utfall["andel_av_namn"].to_list())]
    assert "avslutade" in ned["Andelen räknas av"].to_list()
    assert ned["Mått"].to_list() == [kt.mattnamn(m) for m in utfall["matt"].to_list()]


def test_jamforelsens_nedladdning_utan_map_elements(con, utan_map_elements):
    df = fragor.kor(con, "plattformar_jamforelse", period=2020, plattformar=forbundets_plattformar(con))
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=["vannas"], forbund=False)
    ned = jamforelse.nedladdningstabell(df, fynd)
    rad = ned.filter((ned["Plattform"] == "Vännäs") & (ned["Mått"] == "Varav till arbete")).row(0, named=True)
    assert (rad["Totalt"], rad["Andel (%)"], rad["Bas för andelen"]) == (2, 13, 16)
    assert "Totalt anger 3 men Kvinnor + Män = 2" in rad["Datakvalitet"]
    sorterad = df.sort("enhet_sortering", "matt_sortering")
    assert ned["Mått"].to_list() == [jamforelse.mattnamn(m) for m in sorterad["matt"].to_list()]
    assert ned["Andelen räknas av"].to_list() == [jamforelse.bastext(a, n) for a, n in
                                                  zip(sorterad["andel_av"].to_list(), sorterad["andel_av_namn"].to_list())]


def test_enkatens_nedladdning_utan_map_elements(utan_map_elements):
    df = pl.DataFrame({"respondentgrupp": ["deltagare", "personal"], "fraga": ["F1", "F2"], "kon_namn": ["Alla"] * 2,
                       "procent": [50.0, 60.0], "antal_positiva": [1, 3], "antal_svar": [2, 5],
                       "rapporterad": [None, None]})
    ned = kt.enkat_nedladdning(df)
    assert ned["Respondentgrupp"].to_list() == [kt._gruppnamn("deltagare"), kt._gruppnamn("personal")]


def test_andringarna_vid_inlasning_utan_map_elements(utan_map_elements):
    from uppfoljning import uppladdning

    andrade = pl.DataFrame({"plattform_id": ["a", "b"], "antal": [1654, None], "antal_ny": [-1654.5, 67.0]})
    ut = uppladdning._las_bar(andrade, "utfall", ["plattform_id"], ["antal"], {})
    assert ut["Nu"].to_list() == ["1 654", "–"]
    assert ut["Efter inläsningen"].to_list() == ["-1 654,5", "67"]
