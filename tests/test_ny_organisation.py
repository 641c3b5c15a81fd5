"""En ny organisation från en mall (uppfoljning/ny_organisation.py) i en tom installation, utan att någon fil
redigeras: ESF-mallen med samma projektperiod och plan som exemplet i tests/data/esf_projekt ger samma perioder,
samma bedömning och samma färger efter uppladdningen av exemplets deltagare; samordningsförbundets mall ger
kalenderår. Dåliga uppgifter vägras med ett fel som namnger fältet och lämnar installationen tom."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from uppfoljning import bedomning, installningar, malramverk, uppladdning
from uppfoljning import ny_organisation as ny
from uppfoljning.status import Status

from .conftest import TESTDATA, ny_databas, skriv
from .test_ramverksredigering import kontrollsumma

ESF = TESTDATA / "esf_projekt"


def esf_uppgifter(**andrat) -> ny.Uppgifter:
    falt = dict(mall="esf_projekt", namn="ESF-projektet Vägen vidare",
                enheter=[("Delprojekt Lycksele", "Lycksele"), ("Delprojekt Storuman", "Storuman")],
                kommuner=["Lycksele", "Storuman"], start=dt.date(2019, 9, 1), slut=dt.date(2022, 8, 31),
                plan_deltagare=24, plan_kvinnor=12, plan_man=12, malniva_arbete_eller_studier=50)
    return ny.Uppgifter(**{**falt, **andrat})


@pytest.fixture
def tom_fil(tmp_path):
    return tmp_path / "ny.duckdb"


@pytest.fixture
def tom(tom_fil, monkeypatch):
    fil = tom_fil
    monkeypatch.setenv("UPPFOLJNING_MAL", str(fil.parent / "finns_inte.yaml"))
    with skriv(ny_databas(fil, datasets=ny.TOM)) as con:
        yield con


def deltagarfil() -> bytes:
    """Exemplets deltagare med delprojektens namn (en fil från ett annat system har namn, inte id)."""
    text = (ESF / "datasets" / "deltagare.csv").read_text(encoding="utf-8")
    return (text.replace(";lycksele;lycksele;", ";Delprojekt Lycksele;Lycksele;")
            .replace(";storuman;storuman;", ";Delprojekt Storuman;Storuman;")
            .replace(";storuman;lycksele;", ";Delprojekt Storuman;Lycksele;").encode())  # VV-08 bor i Lycksele


def test_lagesrapporterna_ar_halvarsvisa_fran_projektstart():
    rapporter = ny.lagesrapporter(dt.date(2019, 9, 1), dt.date(2022, 8, 31))
    assert [(r["id"], r["start"], r["slut"]) for r in rapporter] == [
        ("lr1", dt.date(2019, 9, 1), dt.date(2020, 2, 29)), ("lr2", dt.date(2019, 9, 1), dt.date(2020, 8, 31)),
        ("lr3", dt.date(2019, 9, 1), dt.date(2021, 2, 28)), ("lr4", dt.date(2019, 9, 1), dt.date(2021, 8, 31)),
        ("lr5", dt.date(2019, 9, 1), dt.date(2022, 2, 28)), ("lr6", dt.date(2019, 9, 1), dt.date(2022, 8, 31))]


def test_esf_projekt_fran_mallen_bedoms_som_exemplet(tom, tom_fil):
    assert ny.ar_tom(tom)
    ny.skapa(tom, esf_uppgifter(), "anna")
    assert not ny.ar_tom(tom)
    inlast = malramverk.las_med_reserv(tom, installningar.malramverksfil())
    ram = inlast.ramverk
    assert inlast.fel is None and ram.ord.enhet == "delprojekt"
    assert [p.id for p in ram.perioder_i_ordning()][:2] == ["projektperioden", "lr6"]
    forb = uppladdning.forbered(tom, deltagarfil(), "deltagare.csv", "deltagare")
    uppladdning.spara(tom, forb, "anna")
    # Exemplet byggt från sina filer (tests/data/esf_projekt): varje period, mål, delprojekt och kön ska få samma
    # värde, underlag, målnivå och färg när projektet skapats från mallen i appen.
    exempelfil = ny_databas(tom_fil.parent / "exempel.duckdb", datasets=ESF / "datasets")
    with skriv(exempelfil) as exempel:
        exempelram = malramverk.las_med_reserv(exempel, ESF / "goals.yaml").ramverk
        id_ = {"delprojekt_lycksele": "lycksele", "delprojekt_storuman": "storuman"}

        def bedomt(con, r, period_id):
            return sorted((res.mal_id, id_.get(res.scope_id, res.scope_id), i.indikator_id, i.kon, i.varde, i.bas,
                           i.malniva, i.status, i.takt)
                          for res in bedomning.bedom(con, r, r.period(period_id)) for i in res.indikatorer)

        for period_id in ["projektperioden"] + [f"lr{n}" for n in range(1, 7)]:
            fran_mallen = bedomt(tom, ram, period_id)
            assert fran_mallen == bedomt(exempel, exempelram, period_id), period_id
            assert len(fran_mallen) == 12  # resultat (total och två delprojekt) och volym, för alla, K och M
        assert {r[7] for p in ("projektperioden", "lr5") for r in bedomt(tom, ram, p)} >= {Status.GRON, Status.GUL}


def test_samordningsforbund_fran_mallen(tom):
    ny.skapa(tom, ny.Uppgifter(mall="samordningsforbund", namn="Samordningsförbundet Test",
                               enheter=[("Samordningsteamet i Åsele", "Åsele"), ("Ungdomstorget", None)],
                               kommuner=["Åsele"], ar=[2025]), "anna")
    ram = malramverk.las_med_reserv(tom, installningar.malramverksfil()).ramverk
    assert ram.period_ider == [2025] and ram.ord.enhet == "plattform"
    assert ram.mal[0].omfattning == ["forbundet", "samordningsteamet_i_asele", "ungdomstorget"]
    assert tom.execute("SELECT kommun_id, namn FROM kommun").fetchall() == [("asele", "Åsele")]



def test_annan_organisation_med_egna_ord(tom):
    ny.skapa(tom, ny.Uppgifter(mall="annat", namn="Verksamheten X", enheter=[("Insats Norr", None)], ar=[2025],
                               ord_enhet="insats", ord_enheter="insatser", ord_total="Verksamheten totalt"), "anna")
    ram = malramverk.las_med_reserv(tom, installningar.malramverksfil()).ramverk
    assert ram.period_ider == [2025]
    assert (ram.ord.slag, ram.ord.enhet, ram.ord.Enheter, ram.ord.enheterna, ram.ord.total) == \
        ("annat", "insats", "Insatser", "insatserna", "Verksamheten totalt")
    # Samordningsförbundets referensdata (utfallskategorierna) och enhetens ord i tabellen.
    assert tom.execute("SELECT count(*) FROM utfallsmatt").fetchall()[0][0] > 0


def test_tomma_egna_ord_ger_slagets(tom):
    ny.skapa(tom, esf_uppgifter(ord_enhet=" ", ord_enheter="", ord_total=None), "anna")
    ram = malramverk.las_med_reserv(tom, installningar.malramverksfil()).ramverk
    assert (ram.ord.enhet, ram.ord.total) == ("delprojekt", "Projektet totalt")


DALIGA = [
    ("utan namn", dict(namn=" "), "Organisationens namn"),
    ("utan enheter", dict(enheter=[]), "Delprojekt"),
    ("dubbla enheter", dict(enheter=[("Lycksele", None), ("lycksele", None)]), "två gånger"),
    ("okänd kommun", dict(enheter=[("Delprojekt Sorsele", "Sorsele")]), "kommunen Sorsele"),
    ("slut före start", dict(slut=dt.date(2019, 1, 1)), "Projektslut"),
    ("fler kvinnor och män än planen", dict(plan_kvinnor=20, plan_man=20), "Planerade deltagare"),
    ("negativ plan", dict(plan_deltagare=-3, plan_kvinnor=None, plan_man=None), "negativt"),
    ("målnivå över 100", dict(malniva_arbete_eller_studier=150), "mellan 0 och 100"),
    ("okänd mall", dict(mall="kommun"), "Mall"),
    ("singular utan plural", dict(ord_enhet="insats"), "Ordet för flera enheter"),
    ("plural utan singular", dict(ord_enheter="insatser", ord_enhet="  "), "Ordet för en enhet"),
    ("ord på flera rader", dict(ord_enhet="insats", ord_enheter="insatser", ord_total="Totalt\nför alla"),
     "Ordet för totalen"),
    ("personnummer i ordet", dict(ord_total="19121212-1212 totalt"), "Ordet för totalen"),
    ("annat utan år", dict(mall="annat", ar=[]), "År"),
]


@pytest.mark.parametrize("namn,andrat,ord_", DALIGA, ids=[d[0] for d in DALIGA])
def test_daliga_uppgifter_vagras_och_installationen_ar_tom(tom, namn, andrat, ord_):
    fore = kontrollsumma(tom)
    with pytest.raises((ny.NyOrganisationFel, malramverk.MalramverksFel)) as fel:
        ny.skapa(tom, esf_uppgifter(**andrat), "anna")
    assert ord_ in str(fel.value), str(fel.value)
    assert kontrollsumma(tom) == fore
    assert ny.ar_tom(tom)


def test_en_installation_med_organisation_far_ingen_ny(skrivbar_databas):
    with skriv(skrivbar_databas) as con, pytest.raises(ny.NyOrganisationFel, match="redan en organisation"):
        ny.skapa(con, esf_uppgifter(), "anna")


def test_kommandoraden(tmp_path):
    fil = ny_databas(tmp_path / "cli.duckdb")  # tom: kommandoraden bygger den
    env = {"UPPFOLJNING_DB": str(fil), "UPPFOLJNING_MAL": str(tmp_path / "finns_inte.yaml"), "PATH": "/usr/bin:/bin"}
    kor = subprocess.run([sys.executable, "-m", "uppfoljning", "ny-organisation", "--mall", "esf_projekt",
                          "--namn", "ESF-projektet Vägen vidare", "--enhet", "Delprojekt Lycksele; Lycksele",
                          "--enhet", "Delprojekt Storuman; Storuman", "--kommun", "Lycksele", "--kommun", "Storuman",
                          "--start", "2019-09-01", "--slut", "2022-08-31", "--plan", "24", "--plan-kvinnor", "12",
                          "--plan-man", "12", "--malniva", "50"],
                         capture_output=True, text=True, cwd=installningar.ROT, env=env)
    assert kor.returncode == 0, kor.stderr
    assert "ESF-projektet Vägen vidare" in kor.stdout and "2 delprojekt" in kor.stdout
    (tmp_path / "d.csv").write_bytes(deltagarfil())
    kor = subprocess.run([sys.executable, "-m", "uppfoljning", "import", str(tmp_path / "d.csv"), "--datamangd",
                          "deltagare"], capture_output=True, text=True, cwd=installningar.ROT, env=env)
    assert kor.returncode == 0, kor.stderr
    igen = subprocess.run([sys.executable, "-m", "uppfoljning", "ny-organisation", "--mall", "esf_projekt", "--namn",
                           "X", "--enhet", "A", "--start", "2019-09-01", "--slut", "2022-08-31"],
                          capture_output=True, text=True, cwd=installningar.ROT, env=env)
    assert igen.returncode != 0 and "redan en organisation" in igen.stderr


def test_kommandoraden_annan_organisation_med_egna_ord(tmp_path):
    env = {"UPPFOLJNING_DB": str(ny_databas(tmp_path / "cli.duckdb")), "UPPFOLJNING_MAL": str(tmp_path / "finns_inte.yaml"),
           "PATH": "/usr/bin:/bin"}
    bas = [sys.executable, "-m", "uppfoljning", "ny-organisation", "--mall", "annat", "--namn", "Verksamheten X",
           "--enhet", "Insats Norr", "--enhet", "Insats Syd", "--ar", "2025", "--ord-enhet", "insats"]
    fel = subprocess.run(bas, capture_output=True, text=True, cwd=installningar.ROT, env=env)
    assert fel.returncode != 0 and "Ordet för flera enheter" in fel.stderr
    kor = subprocess.run([*bas, "--ord-enheter", "insatser", "--ord-total", "Verksamheten totalt"],
                         capture_output=True, text=True, cwd=installningar.ROT, env=env)
    assert kor.returncode == 0, kor.stderr
    assert "2 insatser" in kor.stdout and "Annan organisation" in kor.stdout
