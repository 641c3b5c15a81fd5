"""Organisationens ord i inläsningens fel och i Kvinnor och mäns svarsfrekvenstabell (issue 16): ett ESF-projekt
kallar sina enheter delprojekt, så ett fel om en okänd enhet får inte tala om plattformar."""

from streamlit.testing.v1 import AppTest

import polars as pl

from uppfoljning import kon_och_tid
from uppfoljning.ord import Ord

from .conftest import DASHBOARD, TESTDATA, ny_databas

ESF = TESTDATA / "esf_projekt"


def test_okand_enhet_i_esf_projektets_uppladdning_heter_delprojekt(tmp_path, monkeypatch):
    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["ar"] = "projektperioden"
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    innehall = (ESF / "datasets" / "deltagare.csv").read_text(encoding="utf-8").replace(";lycksele;lycksele;",
                                                                                         ";Sorsele;lycksele;", 1)
    at.file_uploader(key="data_fil").set_value(("deltagare.csv", innehall.encode(), "text/csv")).run()
    assert not at.exception
    fel = at.error[0].value
    assert "Sorsele" in fel and "(delprojekt)" in fel, fel
    text = fel + " ".join(m.value for m in at.markdown) + " ".join(s.label for s in at.selectbox)
    # Kolumnnamnen (plattform_id) är filformatets och står kvar; orden i texten är projektets.
    assert "plattform" not in text.lower().replace("plattform\\_id", "").replace("`plattform_id`", ""), text


def test_ord_i_text_byter_bara_for_annan_organisation():
    fel = "Värdet Sorsele finns inte i referensdata (plattform). Plattformen väljs i formuläret; två plattformar."
    assert Ord().i_text(fel) == fel
    esf = Ord(slag="esf_projekt").i_text(fel)
    assert esf == ("Värdet Sorsele finns inte i referensdata (delprojekt). Delprojektet väljs i formuläret; "
                   "två delprojekt.")


def test_svarsfrekvenstabellens_rubrik_ar_organisationens_ord():
    df = pl.DataFrame({"plattform_id": ["a", "b"], "plattform": ["Lycksele", "Storuman"],
                       "respondentgrupp": ["deltagare", "deltagare"], "svarsfrekvens": [50.0, 60.0],
                       "antal_svar": [5, 6], "antal_inbjudna": [10, 10], "redovisas_ej": [False, False]})
    tabell = kon_och_tid.svarsfrekvenstabell(df, per_plattform=True, enhetsrubrik="Delprojekt")
    assert tabell.columns[0] == "Delprojekt" and tabell["Delprojekt"].to_list() == ["Lycksele", "Storuman"]


def test_okand_enhet_fran_kommandoraden_heter_delprojekt(tmp_path, monkeypatch, capsys):
    """Kommandoradens inläsning skriver felen med organisationens ord, som sidan Data."""
    from uppfoljning.__main__ import main as cli
    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    innehall = (ESF / "datasets" / "deltagare.csv").read_text(encoding="utf-8").replace(";lycksele;lycksele;",
                                                                                         ";Sorsele;lycksele;", 1)
    csv = tmp_path / "deltagare.csv"
    csv.write_text(innehall, encoding="utf-8")
    kod = cli(["import", str(csv), "--datamangd", "deltagare", "--anvandare", "test"])
    ut = capsys.readouterr()
    text = ut.out + ut.err
    assert kod == 1, text
    assert "Sorsele" in text and "(delprojekt)" in text, text
    assert "plattform" not in text.lower().replace("plattform_id", ""), text


def test_okand_enhet_i_rapporterade_varden_namner_inte_totalens_id(skrivbar_databas, tmp_path, capsys):
    """Ett okänt värde i kolumnen för enhet/total: felet säger vad som fattas med ord, inte med totalens interna
    id ("forbundet"), och med organisationens ord för totalen."""
    from uppfoljning.__main__ import main as cli
    csv = tmp_path / "indikator_rapporterat.csv"
    csv.write_text("År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n2018;vanas;positiv_losning;alla;64;;\n",
                   encoding="utf-8")
    kod = cli(["import", str(csv), "--datamangd", "indikator_rapporterat", "--anvandare", "test"])
    ut = capsys.readouterr()
    text = ut.out + ut.err
    assert kod == 1, text
    assert "vanas" in text and "Förbundet totalt" in text, text
    assert "forbundet" not in text.lower(), text
