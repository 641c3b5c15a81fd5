"""Varje ersättning frågar först och visar vad som ändras i namngivna svenska kolumner (Ja/Nej, decimalkomma,
namn i stället för id); sparande bekräftas synligt också efter omkörningen.

Fyndet: exemplet deltagare.csv (5 rader) ersatte tyst Vännäs 2020 (78 deltagare blev 5): deltagarnivån räknas
före den sammanställda tabellen, men ingenting lagrat ersattes rad för rad, så ingen bekräftelse krävdes."""

from __future__ import annotations

import polars as pl
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, uppladdning

from .conftest import DASHBOARD, skriv

EXEMPEL = installningar.DATASETS / "examples"
INTERNA = ("enkat_svarsfrekvens", "enkat_resultat", "utfall", "false", "true", "vannas", "deltagare,",
           "67.0", "antal_svar", "redovisas_ej")


def _data_sidan():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    return at.switch_page("pages/data.py").run()


def _forhandsvisning(at) -> pl.DataFrame:
    return pl.from_pandas(at.dataframe[0].value)


def _deltagare_vannas_2020(fil) -> int:
    with skriv(fil) as con:  # samma inställning som appens anslutning
        return con.execute("SELECT sum(antal) FROM v_utfall_antal WHERE period = 2020 AND plattform_id = 'vannas' "
                           "AND matt_id = 'deltagare'").fetchall()[0][0]


def test_deltagarfil_som_ersatter_en_sammanstalld_tabell_fragar_forst(app_databas):
    assert _deltagare_vannas_2020(app_databas) == 78
    at = _data_sidan()
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    at.file_uploader(key="data_fil").set_value(
        ("deltagare.csv", (EXEMPEL / "deltagare.csv").read_bytes(), "text/csv")).run()
    assert not at.exception
    spara = at.button(key="data_spara")
    assert spara.disabled, "en deltagarfil som ändrar Vännäs 2020 ska kräva bekräftelse"
    visning = _forhandsvisning(at)
    assert {"År", "Plattform", "Rad", "Uppgift", "Nu", "Efter inläsningen"} <= set(visning.columns)
    rad = visning.filter((pl.col("År") == "2020") & (pl.col("Plattform") == "Vännäs")
                         & (pl.col("Rad") == "Antal deltagare hela året"))
    assert rad.select("Nu", "Efter inläsningen").rows() == [("78", "5")]
    assert _deltagare_vannas_2020(app_databas) == 78  # inget sparat före bekräftelsen

    at.checkbox(key="data_bekrafta").check().run()
    at.button(key="data_spara").click().run()
    assert not at.exception
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    assert _deltagare_vannas_2020(app_databas) == 5

    # Tabellen över lagrade filer visar vilka år deltagarfilen täcker, inte "–".
    lagrade = pl.from_pandas(at.dataframe[-1].value)
    fil = lagrade.filter(pl.col("Fil") == "deltagare.csv")
    assert fil["År"].to_list() == ["2018–2020"]
    assert fil["Datamängd"].to_list() == ["Deltagare (deltagarnivå, pseudonymt id)"]


def test_forhandsvisningen_ar_lasbar(app_databas):
    at = _data_sidan()
    at.selectbox(key="data_datamangd").set_value("enkat_svarsfrekvens").run()
    fil = ((EXEMPEL / "enkat_svarsfrekvens.csv").read_text(encoding="utf-8").replace("2021;", "2020;")
           .replace(";67;Nej", ";67,5;Nej"))
    at.file_uploader(key="data_fil").set_value(("svarsfrekvens.csv", fil.encode(), "text/csv")).run()
    assert not at.exception
    assert at.button(key="data_spara").disabled
    visning = _forhandsvisning(at)
    text = " | ".join(" ; ".join(str(v) for v in r) for r in visning.rows()) + " | ".join(visning.columns)
    for internt in INTERNA:
        assert internt not in text, (internt, text)
    assert ("Svarsfrekvens", "2020", "Vännäs", "Medarbetare", "Svarsfrekvens (rapporterad, %)", "67", "67,5") in \
        visning.select("Gäller", "År", "Plattform", "Rad", "Uppgift", "Nu", "Efter inläsningen").rows()
    assert ("Deltagare", "Antal inbjudna", "–", "40") in \
        visning.filter(pl.col("Plattform") == "Vännäs").select("Rad", "Uppgift", "Nu", "Efter inläsningen").rows()


def test_en_sparad_analys_bekraftas_efter_omkorningen(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params.update(ar="2020", mal="mal1", plattform="vannas")
    at.run()
    at.switch_page("pages/mal.py").run()
    at.text_area(key="analys_text_1").input("Styrelsen noterar resultatet.")
    at.button(key="analys_spara_1").click().run()
    assert not at.exception
    texter = [s.value for s in at.success] + [t.value for t in at.toast]
    assert any("sparad som version" in t for t in texter), texter


def test_kommandoraden_kraver_ersatt_for_deltagarfil_som_andrar_antal(skrivbar_databas):
    innehall = (EXEMPEL / "deltagare.csv").read_bytes()
    with skriv(skrivbar_databas) as con:
        forb = uppladdning.forbered(con, innehall, "deltagare.csv", "deltagare")
        assert forb.ersatter_data
        try:
            uppladdning.spara(con, forb, "test")
        except uppladdning.InlasningsFel as fel:
            assert "Bekräfta" in str(fel.fynd[0])
        else:
            raise AssertionError("sparades utan bekräftelse")
