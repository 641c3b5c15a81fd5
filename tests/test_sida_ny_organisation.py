"""Från en tom installation till ett ESF-projekt i appen, utan att någon fil redigeras (AppTest): mallen,
delprojekten, kommunerna och projektperioden i formuläret, en målnivå på sidan Målramverk, deltagarfilen på sidan
Data, och Måluppfyllelse visar målen i färg för projektperioden och lägesrapporterna."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import ny_organisation as ny

from .conftest import DASHBOARD, ny_databas
from .test_ny_organisation import deltagarfil


@pytest.fixture
def tom_app(tmp_path, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_DB", str(ny_databas(tmp_path / "ny.duckdb")))  # tom: appen bygger den
    monkeypatch.setenv("UPPFOLJNING_DATASETS", str(ny.TOM))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(tmp_path / "goals.yaml"))  # finns inte: allt görs i appen
    return tmp_path


def _knapp(at, text):
    return next(b for b in at.button if b.label == text)


def test_fran_tom_installation_till_esf_projekt(tom_app):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Ny organisation"
    at.radio(key="ny_mall").set_value("esf_projekt").run()
    at.text_input(key="ny_namn").input("ESF-projektet Vägen vidare")
    at.text_area(key="ny_enheter").input("Delprojekt Lycksele; Lycksele\nDelprojekt Storuman; Storuman")
    at.text_area(key="ny_kommuner").input("Lycksele\nStoruman")
    at.date_input(key="ny_start").set_value(dt.date(2019, 9, 1))
    at.date_input(key="ny_slut").set_value(dt.date(2022, 8, 31))
    at.number_input(key="ny_plan").set_value(24)
    at.number_input(key="ny_plan_k").set_value(12)
    at.number_input(key="ny_plan_m").set_value(12)
    _knapp(at, "Skapa organisationen").click().run()
    assert not at.exception and not at.error
    # Appen har nu alla sidor, med projektets ord.
    assert at.title[0].value != "Ny organisation"

    # Målnivån för arbete eller studier sätts på sidan Målramverk.
    at.switch_page("pages/malramverk.py").run()
    at.selectbox(key="ind_val").set_value("arbete_eller_studier").run()
    at.selectbox(key="niva_period_arbete_eller_studier").set_value("projektperioden")
    for kon in ("alla", "k", "m"):
        at.text_input(key=f"niva_{kon}_arbete_eller_studier").input("50")
    at.text_input(key="varfor_niva_arbete_eller_studier").input("styrgruppens beslut")
    _knapp(at, "Spara målnivån som ny version").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]

    # Deltagarna läses in på sidan Data.
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    at.file_uploader(key="data_fil").set_value(("deltagare.csv", deltagarfil(), "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key="data_spara").click().run()
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)

    # Måluppfyllelse: båda målen, i färg, för projektperioden.
    at.switch_page("pages/maluppfyllelse.py")
    at.query_params["ar"] = "projektperioden"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    text = " ".join(t.value.to_csv() for t in (*at.table, *at.dataframe)) + " ".join(m.value for m in at.markdown)
    assert "Arbete eller studier" in text and "Volym" in text
    assert "Projektet totalt" in text and "Delprojekt Lycksele" in text
    assert "✔" in text


def test_annan_organisation_med_egna_ord_syns_pa_sidorna(tom_app):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.radio(key="ny_mall").set_value("annat").run()
    at.text_input(key="ny_ord_enhet").input("insats")
    at.text_input(key="ny_ord_enheter").input("insatser")
    at.text_input(key="ny_ord_total").input("Verksamheten totalt").run()
    # Formulärets fält säger redan organisationens ord.
    assert any(t.label.startswith("Insatser, en per rad") for t in at.text_area)
    at.text_input(key="ny_namn").input("Verksamheten X")
    at.text_area(key="ny_enheter").input("Insats Norr; Umeå\nInsats Syd; Vännäs")
    at.text_area(key="ny_kommuner").input("Umeå\nVännäs")
    at.text_input(key="ny_ar").input("2025")
    _knapp(at, "Skapa organisationen").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]

    at.switch_page("pages/plattformar.py").run()
    assert not at.exception
    assert at.title[0].value == "Jämförelse av insatser"
    text = " ".join(m.value for m in (*at.markdown, *at.caption, *at.info))
    assert "insats" in text and "plattform" not in text.lower(), text

    at.switch_page("pages/maluppfyllelse.py")
    at.query_params["ar"] = "2025"
    at.run()
    assert not at.exception, at.exception
    text = " ".join(t.value.to_csv() for t in (*at.table, *at.dataframe)) + " ".join(
        m.value for m in (*at.markdown, *at.header, *at.info, *at.caption))
    assert "Insats" in text and "Verksamheten totalt" in text, text
    assert "plattform" not in text.lower() and "Förbundet totalt" not in text, text

    # Sidan Data: datamängderna heter med organisationens ord, utan källdokumentens namn (Bilaga 3).
    at.switch_page("pages/data.py").run()
    assert not at.exception
    val = at.selectbox(key="data_datamangd").options
    assert "Utfall per insats (en rad per mått, kolumner per kön)" in val, val
    assert not any("Bilaga" in v or "plattform" in v.lower() for v in val), val


def test_tomt_plural_nar_singular_angetts_namnger_faltet(tom_app):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.radio(key="ny_mall").set_value("annat").run()
    at.text_input(key="ny_ord_enhet").input("insats")
    at.text_input(key="ny_namn").input("Verksamheten X")
    at.text_area(key="ny_enheter").input("Insats Norr")
    _knapp(at, "Skapa organisationen").click().run()
    assert "Ordet för flera enheter" in at.error[0].value
    assert at.title[0].value == "Ny organisation"
