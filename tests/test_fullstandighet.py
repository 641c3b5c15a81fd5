"""Fullständigheten (issue 18): frågan queries/fullstandighet.sql mot handräknade svar, förbehållet bredvid en
total som bygger på färre plattformar än referensdatan väntar sig, och sidorna som visar det.

Fallet ur ärendet: bara Vännäs inläst för 2021. Förbundet totalt 2021 är då Vännäs ensam (78 deltagare), och det
ska stå bredvid siffran att 1 av 7 plattformar har data."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import fragor, fullstandighet, inlasning, installningar, uppladdning
from uppfoljning.ord import STANDARD, Ord

from .conftest import DASHBOARD, las, skriv

EXEMPEL = installningar.DATASETS / "examples"
# Förbundets plattformar i referensdatans ordning (datasets/referens/plattformar.csv), utom Vännäs.
UTAN_VANNAS = ["Ungdomstorget", "Vuxentorget", "Vindeln", "Robertsfors", "Nordmaling", "Bjurholm"]


def _las_in_vannas_2021(fil) -> None:
    with skriv(fil) as con:
        uppladdning.las_in(con, (EXEMPEL / "utfall_tabell.csv").read_bytes(), "vannas_2021.csv", "utfall_tabell",
                           "test", period=2021, plattform="vannas")


@pytest.fixture
def bara_vannas_2021(skrivbar_databas):
    _las_in_vannas_2021(skrivbar_databas)
    return skrivbar_databas


def _status(df, enhet_id, datamangd):
    return df.filter((df["enhet_id"] == enhet_id) & (df["datamangd"] == datamangd)).row(0, named=True)


def test_fragan_bara_vannas_2021(bara_vannas_2021):
    with las(bara_vannas_2021) as con:
        df = fragor.kor(con, "fullstandighet", period=2021)
    idag = dt.date.today().isoformat()
    # Handräknat: 9 plattformar x 4 datamängder + förbundet x 5.
    assert df.height == 9 * 4 + 5
    vannas = _status(df, "vannas", "utfall")
    assert (vannas["status"], vannas["saknar"], vannas["filer"]) == ("finns", [], f"vannas_2021.csv (inläst {idag})")
    forbundet = _status(df, "forbundet", "utfall")
    assert (forbundet["status"], forbundet["antal_med"], forbundet["antal_vantade"]) == ("delvis", 1, 7)
    assert forbundet["saknar"] == UTAN_VANNAS
    assert forbundet["filer"] == f"vannas_2021.csv (inläst {idag})"
    for p in ("ungdomstorget", "bjurholm", "hfe"):
        assert _status(df, p, "utfall")["status"] == "saknas"
    # Inget annat finns för 2021.
    assert set(df.filter(df["enhet_id"] != "vannas")["status"].to_list()) - {"saknas"} == {"delvis"}
    assert _status(df, "forbundet", "enkat")["status"] == "saknas"
    assert _status(df, "forbundet", "enkat")["antal_med"] == 0


def test_fragan_standarddata_2020(con):
    df = fragor.kor(con, "fullstandighet", period=2020)
    # 2020 har alla sju plattformarna utfall och enkäter (Bjurholms deltagare redovisas inte: för få svar, och
    # det räknas som redovisat). HFE har utfall och budget men ingen enkät; NAFS bara budget.
    assert _status(df, "forbundet", "utfall")["status"] == "finns"
    assert (_status(df, "forbundet", "utfall")["antal_med"], _status(df, "forbundet", "utfall")["antal_vantade"]) == (7, 7)
    assert _status(df, "forbundet", "enkat")["status"] == "finns"
    assert _status(df, "bjurholm", "enkat")["status"] == "finns"
    assert [_status(df, "hfe", d)["status"] for d in ("utfall", "enkat", "budget", "rapporterat")] == \
        ["finns", "saknas", "finns", "saknas"]
    assert [_status(df, "nafs", d)["status"] for d in ("utfall", "enkat", "budget", "rapporterat")] == \
        ["saknas", "saknas", "finns", "saknas"]
    assert _status(df, "vannas", "utfall")["filer"].startswith("datasets/utfall.csv (inläst ")


def test_fragan_delvis(skrivbar_databas):
    """Delvis: Vindeln 2021 har bara antal deltagare (inga avslutade) och bara deltagarnas enkätsvar."""
    with skriv(skrivbar_databas) as con:
        con.execute("INSERT INTO utfall VALUES (2021, 'vindeln', NULL, 'deltagare', 'K', 4, 99), "
                    "(2021, 'vindeln', NULL, 'deltagare', 'M', 6, 99)")
        con.execute("INSERT INTO enkat_resultat VALUES (2021, 'vindeln', 'deltagare', 'tagit_tillvara', 'alla', "
                    "10, 8, NULL, 99)")
        con.execute("INSERT INTO kalla (kalla_id, datamangd, filnamn, sha256, antal_rader, inlast, inlast_av) "
                    "VALUES (99, 'utfall_tabell', 'vindeln.csv', 'x', 3, TIMESTAMP '2021-03-01 10:00', 'test')")
        # Som en inläsning: de härledda antalen räknas om i samma transaktion.
        inlasning.harled(con, ["utfall", "enkat_resultat"])
        df = fragor.kor(con, "fullstandighet", period=2021)
    utfall = _status(df, "vindeln", "utfall")
    assert (utfall["status"], utfall["saknar"]) == ("delvis", ["antal avslutade"])
    assert utfall["filer"] == "vindeln.csv (inläst 2021-03-01)"
    enkat = _status(df, "vindeln", "enkat")
    assert (enkat["status"], enkat["saknar"]) == (
        "delvis", ["svar från chefer", "svar från medarbetare", "svarsfrekvens för deltagare"])
    forbundet = _status(df, "forbundet", "utfall")
    assert (forbundet["status"], forbundet["antal_med"]) == ("delvis", 1)
    assert "Vindeln (delvis)" in forbundet["saknar"]


def test_forbehall_med_organisationens_ord(bara_vannas_2021):
    with las(bara_vannas_2021) as con:
        df21 = fragor.kor(con, "fullstandighet", period=2021)
        df20 = fragor.kor(con, "fullstandighet", period=2020)
    text = fullstandighet.forbehall(df21, STANDARD, 2021)
    assert text.startswith("1 av 7 plattformar har data för 2021 (saknas eller ofullständigt: Ungdomstorget, ")
    assert text.endswith("Förbundet totalt summerar bara plattformarna som har data.")
    assert fullstandighet.forbehall(df20, STANDARD, 2020) is None
    esf = fullstandighet.forbehall(df21, Ord(slag="esf_projekt"), 2021)
    assert esf.startswith("1 av 7 delprojekt har data för 2021") and "plattform" not in esf
    assert "Projektet totalt summerar bara delprojekten" in esf


def test_oversikt_for_sidan_data(bara_vannas_2021):
    with las(bara_vannas_2021) as con:
        df = fragor.kor(con, "fullstandighet", period=2021)
    tabell = fullstandighet.oversikt(df, STANDARD)
    forsta = tabell.row(0, named=True)
    assert forsta["Plattform"] == "Förbundet totalt"
    assert forsta["Utfall"] == "◐ Delvis: 1 av 7 plattformar"
    vannas = tabell.filter(tabell["Plattform"] == "Vännäs").row(0, named=True)
    assert vannas["Utfall"] == "✔ Finns" and vannas["Budget"] == "? Saknas"
    assert "HFE (särredovisad)" in tabell["Plattform"].to_list()


# ---------------------------------------------------------------- sidorna


def _sida(fil: str, **url) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=90).run()
    at.switch_page(fil)
    for k, v in url.items():
        at.query_params[k] = v
    return at.run()


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
                     + [i.value for i in at.info] + [s.value for s in at.header])


def test_utfall_forbundet_2021_sager_att_bara_en_plattform_har_data(bara_vannas_2021):
    at = _sida("pages/utfall.py", ar="2021", plattform="forbundet")
    assert not at.exception
    # Totalen är Vännäs ensam ...
    assert at.table[0].value.loc["Antal deltagare hela året", "Totalt"] == "78"
    text = _text(at)
    # ... och det står bredvid den, i stället för att bildtexten säger att den summerar alla sju.
    assert "1 av 7 plattformar har data för 2021" in text
    assert "summerar Ungdomstorget" not in text
    assert "Förbundet totalt summerar Vännäs (de plattformar som har data); särredovisade insatser ingår inte." in text
    at20 = _sida("pages/utfall.py", ar="2020", plattform="forbundet")
    assert "har data för 2020" not in _text(at20)


def test_sidan_data_visar_oversikten(bara_vannas_2021):
    at = _sida("pages/data.py", ar="2021")
    assert not at.exception
    tabeller = [t.value for t in at.table]
    oversikt = next(t for t in tabeller if "Utfall" in t.columns and "Budget" in t.columns)
    assert "◐ Delvis: 1 av 7 plattformar" in oversikt["Utfall"].to_list()
    assert "1 av 7 plattformar har data för 2021" in _text(at)


# ---------------------------------------------------------------- mötesunderlaget


def _ramverk_med_2021(tmp_path):
    from uppfoljning import malramverk

    text = installningar.MALRAMVERK.read_text(encoding="utf-8").replace("perioder: [2019, 2020]",
                                                                       "perioder: [2019, 2020, 2021]")
    fil = tmp_path / "goals.yaml"
    fil.write_text(text, encoding="utf-8")
    return malramverk.las(fil)


def test_motesunderlaget_sager_att_totalen_ar_ofullstandig(bara_vannas_2021, tmp_path):
    import io
    import re

    import openpyxl
    from pypdf import PdfReader

    from uppfoljning import motesunderlag, pdf

    ram = _ramverk_med_2021(tmp_path)
    with las(bara_vannas_2021) as con:
        u = motesunderlag.bygg(con, ram, 2021, datum=dt.date(2022, 3, 1))
        u20 = motesunderlag.bygg(con, ram, 2020, datum=dt.date(2021, 3, 1))
    assert u20.forbehall == []
    assert u.forbehall[0].startswith("1 av 7 plattformar har data för 2021")
    forbundet = next(d for d in u.utfall if d.scope_id == "forbundet")
    assert forbundet.forbehall == u.forbehall[0]
    text = re.sub(r"\s+", " ", "".join(s.extract_text() for s in
                                       PdfReader(io.BytesIO(pdf.pdf_bytes(u, diagram=False))).pages))
    # I matrisens avsnitt och bredvid förbundets utfallstabell.
    assert text.count("1 av 7 plattformar har data för 2021") == 2
    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(u)))
    blad = bok["Fullständighet"]
    rader = list(blad.iter_rows(values_only=True))
    assert rader[0][:2] == ("Plattform", "Utfall")
    assert rader[1][:2] == ("Förbundet totalt", "◐ Delvis: 1 av 7 plattformar")


@pytest.mark.parametrize("sida, url", [
    ("pages/kvinnor_och_man.py", {"ar": "2021", "plattform": "forbundet"}),
    ("pages/kommuner.py", {"ar": "2021"}),
    ("pages/over_tid.py", {"indikator": "positiv_losning", "plattform": "forbundet"}),
])
def test_andra_sidor_sager_att_totalen_ar_ofullstandig(bara_vannas_2021, sida, url):
    at = _sida(sida, **url)
    assert not at.exception
    assert "1 av 7 plattformar har data för 2021" in _text(at)
    # Året med alla plattformar får inget förbehåll.
    assert "har data för 2020" not in _text(at)


def test_forbehall_nar_ingen_har_data(bara_vannas_2021):
    with las(bara_vannas_2021) as con:
        df = fragor.kor(con, "fullstandighet", period=2021)
    assert fullstandighet.forbehall(df, STANDARD, 2021, "enkat") == "Ingen av 7 plattformar har enkätsvar för 2021."


def test_cellmarkering_for_ofullstandig_enkat_och_utfall(con):
    """Vännäs 2020 med fullständighetsfrågans svar ändrat till delvis: cellen säger vad som fattas."""
    import polars as pl

    from uppfoljning import bedomning, malramverk

    resultat = bedomning.bedom(con, malramverk.las(installningar.MALRAMVERK), 2020)
    vannas = next(r for r in resultat if r.scope_id == "vannas")
    df = fragor.kor(con, "fullstandighet", period=2020)
    assert fullstandighet.cellmarkering(vannas, df, STANDARD, 2020) == ""
    delvis = df.with_columns(
        pl.when(pl.col("enhet_id") == "vannas").then(pl.lit("delvis")).otherwise(pl.col("status")).alias("status"),
        pl.when((pl.col("enhet_id") == "vannas") & (pl.col("datamangd") == "enkat"))
        .then(pl.lit(["svarsfrekvens för chefer"])).when(pl.col("enhet_id") == "vannas")
        .then(pl.lit(["avslutsorsaker"])).otherwise(pl.col("saknar")).alias("saknar"))
    assert fullstandighet.cellmarkering(vannas, delvis, STANDARD, 2020) == (
        "⚠ Utfallen är ofullständiga (saknar avslutsorsaker); enkäten är ofullständig (saknar svarsfrekvens för "
        "chefer) 2020.")
