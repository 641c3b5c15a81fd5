"""Ett ESF-projekt med egna plattformar, kategorier, mål och deltagarnivådata, utan kodändringar.

Deltagarfilen i tests/data/esf/datasets/deltagare.csv är handräknad: 14 kvinnor och 16 män startade 2024.
Kvinnor: 10 avslutade (arbete 3, studier 2, arbetssökande 3, avbrott 2). Män: 10 avslutade (arbete 3,
studier 1, arbetssökande 2, avbrott 4).
"""

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import bedomning, databas, fragor, malramverk
from uppfoljning.status import Status

from .conftest import DASHBOARD

ESF = Path(__file__).parent / "data" / "esf"


@pytest.fixture(scope="module")
def esf_databas(tmp_path_factory) -> Path:
    fil = tmp_path_factory.mktemp("esf") / "esf.duckdb"
    databas.bygg_databas(fil, ESF / "datasets")
    return fil


@pytest.fixture(scope="module")
def resultat(esf_databas):
    ram = malramverk.las(ESF / "goals.yaml")
    with duckdb.connect(str(esf_databas), read_only=True) as con:
        return bedomning.bedom(con, ram, 2024)


def test_antal_harleds_ur_deltagarniva(esf_databas):
    with duckdb.connect(str(esf_databas), read_only=True) as con:
        df = fragor.kor(con, "utfall_tabell", period=2024, plattformar=["jobbsteget"])
    rader = {r["matt_id"]: (r["kvinnor"], r["man"], r["totalt"], r["andel_procent"]) for r in df.iter_rows(named=True)}
    assert rader["deltagare"] == (14, 16, 30, None)
    assert rader["nya"] == (14, 16, 30, None)
    assert rader["avslutade"] == (10, 10, 20, None)
    assert rader["arbete_eller_studier"] == (5, 4, 9, 45)
    assert rader["avbrott"] == (2, 4, 6, 30)
    assert rader["kvar"] == (4, 6, 10, None)


def test_mal_per_kon_bedoms_var_for_sig(resultat):
    rader = {i.kon: i for i in resultat[0].indikatorer if i.indikator_id == "arbete_eller_studier"}
    assert (rader["alla"].varde, rader["alla"].status) == (45, Status.GRON)  # exakt 5 under
    assert (rader["K"].varde, rader["K"].status) == (50, Status.GRON)
    assert (rader["M"].varde, rader["M"].status) == (40, Status.GUL)  # exakt 10 under
    assert rader["M"].namn.endswith("(män)")


def test_hogre_ar_samre_for_avbrott(resultat):
    avbrott = next(i for i in resultat[0].indikatorer if i.indikator_id == "avbrott")
    assert (avbrott.varde, avbrott.status) == (30, Status.GUL)  # 10 över målnivån 20
    assert "över målnivån" in avbrott.motivering


def test_planerad_volym_med_relativ_tolerans(resultat):
    volym = next(i for i in resultat[0].indikatorer if i.indikator_id == "deltagarvolym")
    assert (volym.varde, volym.malniva, volym.status) == (30, 40, Status.ROD)  # 25 % under planen
    assert "25 procent av målnivån under" in volym.motivering


def test_sammanvagning_enligt_egen_regel(resultat):
    # Avsnitt 1: grönt, grönt, gult, gult = 1,5 (grönt); avsnitt 2: rött = 0. Viktat (2*1,5 + 0)/3 = 1,0: gult.
    assert resultat[0].forslag == Status.GUL
    assert "Viktat 1,00 poäng" in resultat[0].forslag_motivering


def test_appen_visar_esf_projektets_mal(esf_databas, tmp_path, monkeypatch):
    import shutil

    kopia = tmp_path / "esf.duckdb"
    shutil.copy(esf_databas, kopia)
    monkeypatch.setenv("UPPFOLJNING_DB", str(kopia))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    assert not at.exception
    assert at.subheader[0].value == "2024: 1 delvis uppfyllt"
    assert "ESF-projektet Jobbsteget" in [c.value for c in at.caption]
