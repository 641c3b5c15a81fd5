"""Läsarnas version av mötesunderlaget (issue 7): små tal skyddade som på sidorna, inga analysutkast,
inga källtal i datakvalitetsfynden. Bjurholm 2020 (en avslutad) är testfallet."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import io
import re
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from uppfoljning import bedomning, export, installningar, malramverk, motesunderlag, pdf, skydd, visning
from uppfoljning.behorighet import Anvandare
from uppfoljning.status import Status

from .conftest import DASHBOARD, las, skriv

DATUM = dt.date(2021, 3, 15)
UTKAST = "Utkast: Bjurholms enda avslutade gick till arbete hos kommunen."
BESLUTAD = "Styrelsen bedömer målet som uppfyllt."


def _spara(databas: Path, avsnitt: int, text: str, farg: str | None) -> None:
    with skriv(databas) as con:
        con.execute("INSERT INTO styrelsens_bedomning (period, mal_id, scope_id, avsnitt, farg, text, version, "
                    "sparad_av) VALUES (2020, 'mal2', 'bjurholm', ?, ?, ?, 9, 'test')", [avsnitt, farg, text])


@pytest.fixture
def underlagen(skrivbar_databas):
    """Styrelsens och läsarnas underlag ur samma databas, med ett analysutkast för avsnitt 1."""
    _spara(skrivbar_databas, 1, UTKAST, None)
    ram = malramverk.las(installningar.MALRAMVERK)
    with las(skrivbar_databas) as con:
        return (motesunderlag.bygg(con, ram, 2020, datum=DATUM),
                motesunderlag.bygg(con, ram, 2020, datum=DATUM, smatalsgrans=5))


def _pdf_text(u) -> str:
    return re.sub(r"\s+", " ", "".join(s.extract_text() for s in
                                       PdfReader(io.BytesIO(pdf.pdf_bytes(u, diagram=False))).pages))


def _blad(u) -> dict[str, list[tuple]]:
    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(u)), read_only=True)
    return {namn: list(bok[namn].iter_rows(values_only=True)) for namn in bok.sheetnames}


def _rad(rader: list[tuple], borjar: str) -> dict:
    rubriker = rader[0]
    rad = next(r for r in rader[1:] if str(r[0]).strip().startswith(borjar))
    return dict(zip(rubriker, rad))


def test_bjurholms_sma_tal_ar_dolda_i_lasarnas_version_men_inte_i_styrelsens(underlagen):
    styrelsen, lasare = underlagen
    assert styrelsen.lasarversion is None and lasare.lasarversion.startswith("Version för läsare")
    assert motesunderlag.filnamn(lasare, "pdf") == "motesunderlag-2020-lasare.pdf"

    def bjurholm(u):
        m = next(m for m in u.mal if m.mal_id == "mal2" and m.scope_id == "bjurholm")
        tabell = m.avsnitt[0].indikatorer
        return tabell.filter(tabell["Indikator"].str.starts_with("Deltagaren har avslutats")).row(0, named=True)

    assert bjurholm(styrelsen)["Utfall 2020"] == "100 %"
    assert bjurholm(lasare)["Utfall 2020"] == "dold"
    assert bjurholm(lasare)["Varför"] == "Värdet bygger på färre än 5 personer och visas inte."
    assert "100 %" not in bjurholm(lasare)["Varför"]

    utfall = {d.scope_id: d for d in lasare.utfall}["bjurholm"].tabell
    avslutade = utfall.filter(utfall["Mått"].str.starts_with("Totalt antal avslutade")).row(0, named=True)
    assert avslutade["Totalt"] == "dold" and avslutade["Kvinnor"] == "dold"

    # Diagrammet: ingen stapel för Bjurholm och inga antal bakom andelarna.
    assert lasare.diagram is not None
    assert "Bjurholm" not in [r.plattform for r in lasare.diagram.rader]
    assert all(r.taljare is None and r.namnare is None for r in lasare.diagram.rader)
    assert "Bjurholm" in [r.plattform for r in styrelsen.diagram.rader]
    figur = motesunderlag.diagram_figur(lasare.diagram).to_plotly_json()
    assert " av " not in str(figur["layout"]["annotations"]) and " av " not in str(figur["data"][0]["customdata"])


def test_lasarnas_pdf_har_inga_utkast_och_inga_kalltal(underlagen, skrivbar_databas):
    styrelsen, lasare = underlagen
    text_styrelsen, text_lasare = _pdf_text(styrelsen), _pdf_text(lasare)
    assert UTKAST in text_styrelsen
    assert UTKAST not in text_lasare
    assert "Version för läsare" in text_lasare and "Version för läsare" not in text_styrelsen
    # Vännäs arbete: källan anger 3, könen ger 2. Fyndet syns för läsaren, men inte källans tal.
    assert "anger 3" in text_styrelsen and "anger 3" not in text_lasare
    assert "Vännäs" in text_lasare
    assert "Svarsfrekvens 2020: " in text_lasare


def test_styrelsens_beslutade_bedomning_syns_for_lasaren_nar_den_ar_beslutad(skrivbar_databas):
    _spara(skrivbar_databas, 0, BESLUTAD, "gron")
    ram = malramverk.las(installningar.MALRAMVERK)
    with las(skrivbar_databas) as con:
        lasare = motesunderlag.bygg(con, ram, 2020, datum=DATUM, smatalsgrans=5)
    m = next(m for m in lasare.mal if m.mal_id == "mal2" and m.scope_id == "bjurholm")
    assert m.beslut == Status.GRON and m.beslut_text == BESLUTAD
    assert BESLUTAD in _pdf_text(lasare)


def test_svarsfrekvens_for_lasare_utan_antal_och_dold_under_gransen():
    svar = pl.DataFrame({"scope_id": ["p", "p", "p"], "respondentgrupp": ["deltagare", "medarbetare", "chefer"],
                         "svarsfrekvens": [48, 75, 91], "antal_svar": [12, 3, None],
                         "antal_inbjudna": [25, 4, None], "redovisas_ej": [False, False, False]})
    assert (motesunderlag._svarsfrekvenstext(svar, "p")
            == "deltagare 48 % (12 av 25), medarbetare 75 % (3 av 4), chefer 91 %")
    # Läsaren får svaret genom skyddslagret (som ui.kor ger det på sidorna).
    svar = skydd.skydda("enkat_svarsfrekvens", svar, {"period": 2020}, 5, lambda slag, period: None, ())
    assert (motesunderlag._svarsfrekvenstext(svar, "p", utan_antal=True)
            == "deltagare 48 %, medarbetare: dold, chefer 91 %")
    tabell = motesunderlag._svarsfrekvens_siffror(svar, {"p": "Plattformen"}, utan_antal=True)
    assert "Svarande" not in tabell.columns
    assert export.med_dolda(tabell)["Svarsfrekvens (%)"].to_list() == ["48", "dold", "91"]
    assert tabell["Redovisas ej"].to_list() == ["Nej", "Ja", "Nej"]


def test_lasarnas_excel_har_bara_skyddade_tal(underlagen):
    styrelsen, lasare = underlagen
    blad = _blad(lasare)
    assert list(blad)[0] == "Om underlaget"
    assert _rad(blad["Utfall Bjurholm"], "Totalt antal avslutade")["Totalt"] == "dold"
    assert _rad(_blad(styrelsen)["Utfall Bjurholm"], "Totalt antal avslutade")["Totalt"] == 1
    assert "Källans värde" not in blad["Datakvalitet"][0]
    assert "Svarande" not in blad["Svarsfrekvens"][0] and "Inbjudna" not in blad["Svarsfrekvens"][0]
    indikatorer = blad["Indikatorer"]
    rubriker = indikatorer[0]
    bjurholm = [dict(zip(rubriker, r)) for r in indikatorer[1:] if "Bjurholm" in r[rubriker.index("Plattform")]]
    positiv = next(r for r in bjurholm if r["Indikator"].startswith("Deltagaren har avslutats"))
    assert positiv["Utfall 2020"] == "dold"
    assert not any(UTKAST in str(c) for rader in blad.values() for r in rader for c in r)


def test_forra_arets_varde_doljs_for_lasare_nar_underlaget_ar_litet():
    i = bedomning.Indikatorresultat(
        mal_id="m", scope_id="p", indikator_id="i", namn="Positiv lösning", avsnitt=1, typ="andel_utfall",
        kon="alla", malniva=60, varde=70, varde_forra_aret=100, status=Status.GRON, motivering="", bas=20,
        bas_forra_aret=2)
    ram = malramverk.las(installningar.MALRAMVERK)

    def for_lasare(*indikatorer):
        r = bedomning.Malresultat("m", "Mål", "p", 2020, list(indikatorer), [], Status.GRON, "")
        return visning.indikatortabell(skydd.skydda_bedomning([r], ram, None, None, 5)[0].indikatorer, 2020)

    assert visning.indikatortabell([i], 2020)["Utfall 2019"][0] == "100 %"
    lasare = for_lasare(i)
    assert lasare["Utfall 2019"][0] == "dold"
    assert lasare["Utfall 2020"][0] == "70 %"
    utan_varde = for_lasare(replace(i, varde_forra_aret=None, bas_forra_aret=0))
    assert utan_varde["Utfall 2019"][0] == visning.indikatortabell([replace(i, varde_forra_aret=None)], 2020)[
        "Utfall 2019"][0]


def test_lasaren_far_sidan_med_lasarnas_version(app_databas, monkeypatch, tmp_path):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    for roll, lasarversion in (("member", False), ("viewer", True), ("member", False)):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
        at.query_params["ar"] = "2020"
        at.run()
        at.switch_page("pages/motesunderlag.py").run()
        assert not at.exception
        assert any(i.value.startswith("Version för läsare") for i in at.info) == lasarversion, roll
        assert ("anger 3" in str(at.dataframe[0].value.to_dict())) != lasarversion, roll


def test_kommandoraden_skapar_lasarnas_version(skrivbar_databas, tmp_path):
    import os
    import subprocess
    import sys

    ut = tmp_path / "lasare.pdf"
    env = {**os.environ, "UPPFOLJNING_DB": str(skrivbar_databas), "UPPFOLJNING_SMATALSGRANS": "5"}
    svar = subprocess.run([sys.executable, "-m", "uppfoljning", "report", "--period", "2020", "--out", str(ut),
                           "--utan-diagram", "--for-lasare"], env=env, capture_output=True, text=True,
                          cwd=installningar.ROT, timeout=300)
    assert svar.returncode == 0, svar.stderr
    text = re.sub(r"\s+", " ", "".join(s.extract_text() for s in PdfReader(ut).pages))
    assert "Version för läsare" in text and "anger 3" not in text
