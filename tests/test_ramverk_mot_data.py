"""Ett felstavat id i goals.yaml är ett fel som namnger mål, indikator och fält, på svenska; inte ett tyst rött
("Utfall (0 av 332) 0 %"), "för få för bedömning" eller "? Saknas". Och ett ramverk och en databas som inte hör
ihop upptäcks och förklaras."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, malramverk

from .conftest import DASHBOARD, TESTDATA, las, ny_databas

GILTIG = installningar.MALRAMVERK.read_text(encoding="utf-8")
ENGELSKA = re.compile(r"\b(Input|should|valid|Field|required|greater|less|than|permitted|Value error)\b")


def _fel_mot_data(con, gammalt: str, nytt: str) -> str:
    assert gammalt in GILTIG, gammalt
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka_mot_data(GILTIG.replace(gammalt, nytt, 1), con)
    text = str(fel.value)
    assert not ENGELSKA.search(text), text
    return text


def test_standardramverket_stammer_med_standarddata(con):
    assert malramverk.kontrollera_mot_referensdata(malramverk.tolka(GILTIG), con) == []


def test_esf_exemplet_stammer_med_sin_data(tmp_path):

    fil = ny_databas(tmp_path / "esf.duckdb", datasets=TESTDATA / "esf" / "datasets")
    esf = malramverk.las(TESTDATA / "esf" / "goals.yaml")
    with las(fil) as c:
        assert malramverk.kontrollera_mot_referensdata(esf, c) == []


# Varje rad: vad som ändras i standardramverket, och vad felet ska säga (mål/indikator, fält, id).
DALIGA = [
    ("    matt: [positiv_losning]\n", "    matt: [positiv_losnig]\n",
     "indikator positiv_losning, fält matt: utfallsmåttet positiv_losnig finns inte"),
    ("    matt: [positiv_losning]\n", "    matt: [positiv_losning]\n    andel_av: avslutad\n",
     "indikator positiv_losning, fält andel_av: utfallsmåttet avslutad finns inte"),
    ("    omfattning: [ungdomstorget, vuxentorget]", "    omfattning: [ungdomstorget, vuxentorg]",
     "mål mal1, fält omfattning: enheten vuxentorg finns inte"),
]


@pytest.mark.parametrize("gammalt,nytt,vantat", DALIGA, ids=["matt", "andel_av", "omfattning"])
def test_okant_id_ar_ett_fel(con, gammalt, nytt, vantat):
    assert vantat in _fel_mot_data(con, gammalt, nytt)


def test_okand_enkatfraga(con):
    m = re.search(r"\n    fraga: (\w+)\n", GILTIG)
    text = _fel_mot_data(con, m.group(0), "\n    fraga: finns_inte\n")
    assert "fält fraga: frågan finns_inte finns inte för respondentgruppen" in text


def test_malniva_for_period_som_inte_finns(con):
    text = _fel_mot_data(con, "    malniva: {2020: 35}", "    malniva: {2020: 35, 2031: 40}")
    assert "indikator varav_arbete, fält malniva, period 2031: perioden finns inte bland ramverkets perioder" in text


def test_malniva_utanfor_0_100_for_en_andel():
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka(GILTIG.replace("    malniva: {2020: 35}", "    malniva: {2020: 135}", 1))
    assert "indikator varav_arbete: målnivån för 2020 ska vara en andel mellan 0 och 100 procent, " \
           "inte 135" in str(fel.value)


def test_vikt_noll():
    m = re.search(r"avsnittsvikter: \{1: (\d+)", GILTIG)
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka(GILTIG.replace(m.group(0), "avsnittsvikter: {1: 0", 1))
    assert "avsnitt 1 har vikten 0; en vikt ska vara större än 0" in str(fel.value)


def test_fel_varde_i_lista_pa_svenska():
    """Pydantics engelska ("Input should be 'alla', 'K' or 'M'") översätts."""
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka(GILTIG.replace("    typ: enkat", "    typ: enkät", 1))
    text = str(fel.value)
    assert "ska vara ja_nej, andel_utfall, enkat eller volym" in text
    assert not ENGELSKA.search(text), text


def test_okand_respondentgrupp_ar_ett_fel_mot_referensdatan(con):
    """Respondentgrupperna är referensdata (sidan Referensdata) sedan schemaversion 3: en okänd grupp prövas mot
    databasen, inte mot tre namn i koden (förut testades översättningen av det felet i testet ovan)."""
    text = _fel_mot_data(con, "    respondentgrupp: deltagare", "    respondentgrupp: deltagarna")
    assert "fält respondentgrupp: respondentgruppen deltagarna finns inte (grupperna är chefer, deltagare, " \
           "medarbetare)" in text
    appen = malramverk.i_appen(text, con)
    assert "fältet Respondentgrupp: respondentgruppen deltagarna finns inte (grupperna är Chefer, Deltagare, " \
           "Medarbetare)" in appen, appen


def test_ramverk_och_databas_som_inte_hor_ihop(con):
    esf = malramverk.las(TESTDATA / "esf" / "goals.yaml")
    fel = malramverk.kontrollera_mot_referensdata(esf, con)
    assert len(fel) == 1 and "hör inte ihop" in fel[0] and "UPPFOLJNING_MAL" in fel[0]


def test_appen_visar_felet_och_anvander_senast_giltiga(app_databas, tmp_path, monkeypatch):
    """Ett felstavat mått ger ett fel i appen (med indikator och fält) och det senast giltiga ramverket används,
    i stället för ett tyst rött."""
    fil = tmp_path / "goals.yaml"
    fil.write_text(GILTIG, encoding="utf-8")
    monkeypatch.setenv("UPPFOLJNING_MAL", str(fil))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception and not at.error
    fil.write_text(GILTIG.replace("    matt: [positiv_losning]\n", "    matt: [positiv_losnig]\n", 1), encoding="utf-8")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    fel = " ".join(e.value for e in at.error)
    # Appen namnger indikatorn och fältet med ord (issue 16); det felstavade måttet står som det skrevs.
    assert "fältet Utfallsmått: utfallsmåttet positiv_losnig finns inte" in fel and "fält matt" not in fel
    assert "senast giltiga" in fel


def test_rapporten_vagrar_ramverk_som_inte_hor_till_databasen(skrivbar_databas, tmp_path, monkeypatch):
    import subprocess
    import sys

    monkeypatch.setenv("UPPFOLJNING_MAL", str(TESTDATA / "esf" / "goals.yaml"))
    res = subprocess.run([sys.executable, "-m", "uppfoljning", "report", "--period", "2024", "--excel",
                          str(tmp_path / "u.xlsx")], capture_output=True, text=True, cwd=installningar.ROT)
    assert res.returncode == 1
    assert "hör inte ihop" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "u.xlsx").exists()


def test_import_tar_plattformens_namn(skrivbar_databas, tmp_path):
    """--plattform tar id eller namn, som hjälptexten säger."""
    import subprocess
    import sys


    fil = tmp_path / "utfall.csv"
    fil.write_text((installningar.DATASETS / "examples" / "utfall_tabell.csv").read_text(encoding="utf-8").replace("Vännäs;", "Mått;", 1), encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "uppfoljning", "import", str(fil), "--datamangd", "utfall_tabell",
                          "--period", "2022", "--plattform", "Samordningsteamet i Vännäs"], capture_output=True, text=True,
                         cwd=installningar.ROT)
    assert res.returncode == 0, res.stderr
    with las(skrivbar_databas) as c:
        assert c.execute("SELECT DISTINCT plattform_id FROM utfall WHERE period = 2022").fetchall() == [("vannas",)]


def test_avvikelsen_visas_utan_langa_decimaler_och_stammer_med_fargen():
    """Förut: "0,869565 procent av målnivån". Nu en decimal, fler bara när en decimal skulle se ut att ligga på
    gränsen (25 av 249 under plan är 10,04 procent: gult mot gränsen 10, så "10" vore fel)."""
    from uppfoljning.bedomning import bedom_mot_tolerans
    from uppfoljning.malramverk import Tolerans
    from uppfoljning.status import Status

    volym = Tolerans(gron=10, gul=20, satt="procent")
    status, _, text = bedom_mot_tolerans(40, 46, volym, "deltagare")
    assert status == Status.GUL and "13 procent av målnivån under målnivån 46 deltagare" in text
    status, _, text = bedom_mot_tolerans(224, 249, volym, "deltagare")
    assert status == Status.GUL and "10,04 procent av målnivån" in text
    status, _, text = bedom_mot_tolerans(114, 115, volym, "deltagare")
    assert status == Status.GRON and "0,9 procent av målnivån" in text
    assert not re.search(r"\d,\d{3,}", text)
