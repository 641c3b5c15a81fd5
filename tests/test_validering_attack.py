"""Angrepp på kontrollen vid inläsning: orimliga datum och år, dubbla nycklar, enkätdelar större än helheten
och okända indikatorer, omfattningar och kön. Varje fil ska vägras med ett svenskt fel som namnger fil, rad
och kolumn, och databasen ska efteråt vara exakt som före (kontrollsumma över alla tabeller).

Filerna läses in med ersatt=True: det enda som får stoppa dem är kontrollen, inte frågan om att ersätta."""

import io
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import xlsxwriter

from uppfoljning import installningar, uppladdning
from uppfoljning.fel import InlasningsFel

from .conftest import xlsx_fil, las, skriv

EXEMPEL = installningar.DATASETS / "examples"
I_DAG = date.today()
LANGT_FRAM = (I_DAG + timedelta(days=400)).isoformat()

DELTAGARE = ["Deltagar-id;Plattform;Kommun;Kön;Startdatum;Slutdatum;Avslutsorsak",
             "VN-0001;Vännäs;Vännäs;Kvinna;2019-09-02;2020-05-29;Studier",
             "VN-0002;Vännäs;Vännäs;Man;2020-01-13;2020-11-30;Arbete",
             "VN-0003;Vännäs;Vännäs;Man;2020-02-03;;"]


def _med(rader: list[str], *extra: str) -> bytes:
    return "\n".join([*rader, *extra]).encode()


def _xlsx(rader: list[list], blad: str = "Blad1") -> bytes:
    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert) as bok:
        ark = bok.add_worksheet(blad)
        datumformat = bok.add_format({"num_format": "yyyy-mm-dd"})
        for i, rad in enumerate(rader):
            for j, varde in enumerate(rad):
                if isinstance(varde, datetime):
                    ark.write_datetime(i, j, varde, datumformat)
                elif varde is not None:
                    ark.write(i, j, varde)
    return buffert.getvalue()


@pytest.fixture
def db(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        yield con


def _vagras(db, innehall: bytes, fil: str, datamangd: str, monster: str, kolumn: str | None, rad: int | None,
            **kw) -> list:
    """Filen vägras med ett fynd som namnger filen, raden och kolumnen och vars text matchar mönstret; inget
    lagrat ändras."""
    fore = uppladdning.kontrollsumma(db)
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.las_in(db, innehall, fil, datamangd, "angripare", ersatt=True, **kw)
    assert uppladdning.kontrollsumma(db) == fore, "ett avvisat försök får inte ändra något"
    fynd = fel.value.fynd
    traffar = [f for f in fynd if re.search(monster, f.meddelande, re.IGNORECASE)]
    assert traffar, f"inget fynd om {monster!r}: {fel.value}"
    for f in traffar:
        assert f.fil == fil
        assert not re.search(r"\b(error|invalid|must|should|value|out of range|duplicate)\b", f.meddelande), f
    if kolumn is not None:
        assert any(f.kolumn == kolumn for f in traffar), f"kolumnen {kolumn} namnges inte: {fel.value}"
    if rad is not None:
        assert any(f.rad == rad for f in traffar), f"raden {rad} namnges inte: {fel.value}"
    return traffar


# ---------------------------------------------------------------- datum

ORIMLIGT_DATUM = "(rimlig|före|efter|framtid)"


@pytest.mark.parametrize(("rad", "kolumn"), [
    ("VN-0009;Vännäs;Vännäs;Kvinna;2099-03-01;;", "Startdatum"),
    ("VN-0009;Vännäs;Vännäs;Kvinna;1850-03-01;;", "Startdatum"),
    ("VN-0009;Vännäs;Vännäs;Kvinna;2020-03-01;2099-12-31;Arbete", "Slutdatum"),
    (f"VN-0009;Vännäs;Vännäs;Kvinna;{LANGT_FRAM};;", "Startdatum"),
])
def test_orimligt_datum_vagras(db, rad, kolumn):
    _vagras(db, _med(DELTAGARE, rad), "deltagare.csv", "deltagare", ORIMLIGT_DATUM, kolumn, 5)


@pytest.mark.parametrize("varde", ["2020-01-13garbage", "2020-01-13 x", "2020-01-1399"])
def test_datum_med_skrap_efter_vagras(db, varde):
    _vagras(db, _med(DELTAGARE, f"VN-0009;Vännäs;Vännäs;Kvinna;{varde};;"), "deltagare.csv", "deltagare",
            "datum", "Startdatum", 5)


def test_orimligt_datum_i_excel_vagras(db):
    rader = [r.split(";") for r in DELTAGARE]
    rader.append(["VN-0009", "Vännäs", "Vännäs", "Kvinna", datetime(2099, 3, 1), None, None])
    _vagras(db, _xlsx(rader), "deltagare.xlsx", "deltagare", ORIMLIGT_DATUM, "Startdatum", 5)


def test_datum_med_skrap_i_excel_vagras(db):
    rader = [r.split(";") for r in DELTAGARE]
    rader.append(["VN-0009", "Vännäs", "Vännäs", "Kvinna", "2020-01-13garbage", None, None])
    _vagras(db, _xlsx(rader), "deltagare.xlsx", "deltagare", "datum", "Startdatum", 5)


def test_excel_datum_med_klockslag_godtas(db):
    rader = [r.split(";") for r in DELTAGARE]
    rader.append(["VN-0009", "Vännäs", "Vännäs", "Kvinna", datetime(2020, 3, 1), datetime(2020, 6, 1, 14, 30),
                  "Arbete"])
    _, forb = uppladdning.las_in(db, _xlsx(rader), "deltagare.xlsx", "deltagare", "test", ersatt=True)
    assert forb.antal_rader == 4


def test_deltagare_som_borjade_nagot_ar_fore_forsta_perioden_godtas(db):
    # Målramverkets första period är 2019; en deltagare kan ha börjat långt innan uppföljningen.
    _, forb = uppladdning.las_in(db, _med(DELTAGARE, "VN-0009;Vännäs;Vännäs;Kvinna;2012-08-20;;"),
                                 "deltagare.csv", "deltagare", "test", ersatt=True)
    assert forb.antal_rader == 4


def test_granserna_styrs_av_installningen(db, monkeypatch):
    fil = _med(DELTAGARE, "VN-0009;Vännäs;Vännäs;Kvinna;1990-03-01;;")
    _vagras(db, fil, "deltagare.csv", "deltagare", ORIMLIGT_DATUM, "Startdatum", 5)
    monkeypatch.setenv("UPPFOLJNING_AR_FORE_FORSTA_PERIOD", "40")
    _, forb = uppladdning.las_in(db, fil, "deltagare.csv", "deltagare", "test", ersatt=True)
    assert forb.antal_rader == 4


# ---------------------------------------------------------------- år

ORIMLIGT_AR = "(året|rimlig)"


@pytest.mark.parametrize(("datamangd", "innehall", "kolumn", "rad"), [
    ("enkat_andelar", "År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n"
                      "1850;Vännäs;deltagare;tagit_tillvara;Alla;12;10;\n", "År", 2),
    ("aktualiseringar", "År;Part;Kommun;Kön;Antal\n2021;arbetsformedlingen;;Kvinna;40\n"
                        "3000;arbetsformedlingen;;Man;52\n", "År", 3),
    ("budget", "År;Avsnitt;Post;Plattform;Utfall;Budget\n3000;Intäkter SAMO;Medlemsavgifter;;11380;11380\n",
     "År", 2),
    ("indikator_rapporterat", "År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n"
                              "1850;vannas;positiv_losning;alla;64;;\n", "År", 2),
    ("enkat_svarsfrekvens", "År;Plattform;Respondentgrupp;Antal inbjudna;Antal svar;Svarsfrekvens;Redovisas ej\n"
                            "-5;Vännäs;deltagare;40;12;;Nej\n", "År", 2),
])
def test_orimligt_ar_i_filen_vagras(db, datamangd, innehall, kolumn, rad):
    _vagras(db, innehall.encode(), f"{datamangd}.csv", datamangd, ORIMLIGT_AR, kolumn, rad)


def test_orimligt_ar_i_excel_vagras(db):
    rader = [["År", "Part", "Kommun", "Kön", "Antal"], [3000, "arbetsformedlingen", None, "Kvinna", 40]]
    _vagras(db, _xlsx(rader), "aktualiseringar.xlsx", "aktualiseringar", ORIMLIGT_AR, "År", 2)


@pytest.mark.parametrize("period", [-5, 1850, 3000])
@pytest.mark.parametrize(("datamangd", "fil"), [("budget", "budget_utan_ar.csv"),
                                                 ("utfall_tabell", "utfall_tabell.csv"),
                                                 ("deltagare", "deltagare.csv")])
def test_orimligt_ar_i_formularet_vagras(db, datamangd, fil, period):
    if fil == "budget_utan_ar.csv":
        innehall = "Avsnitt;Post;Plattform;Utfall;Budget\nIntäkter SAMO;Medlemsavgifter;;11380;11380\n".encode()
    else:
        innehall = (EXEMPEL / fil).read_bytes()
    traffar = _vagras(db, innehall, fil, datamangd, ORIMLIGT_AR, None, None, period=period,
                      plattform="vannas" if datamangd == "utfall_tabell" else None)
    assert any(str(period) in f.meddelande and f.kolumn for f in traffar)


# ---------------------------------------------------------------- dubbla nycklar

DUBBLETT = "(två gånger|flera gånger|förekommer)"


@pytest.mark.parametrize(("datamangd", "innehall", "rad"), [
    ("enkat_andelar", "År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n"
                      "2021;Vännäs;deltagare;tagit_tillvara;Alla;12;10;\n"
                      "2021;Vännäs;deltagare;tagit_tillvara;Kvinna;5;5;\n"
                      "2021;vannas;deltagare;tagit_tillvara;alla;12;3;\n", 4),
    ("aktualiseringar", "År;Part;Kommun;Kön;Antal\n2021;arbetsformedlingen;;Kvinna;40\n"
                        "2021;arbetsformedlingen;;Man;52\n2021;Arbetsförmedlingen;;K;4\n", 4),
    ("aktualiseringar", "År;Part;Kommun;Kön;Antal\n2021;socialtjansten;Vännäs;Kvinna;9\n"
                        "2021;socialtjansten;vannas;Kvinna;11\n", 3),
    ("enkat_svarsfrekvens", "År;Plattform;Respondentgrupp;Antal inbjudna;Antal svar;Svarsfrekvens;Redovisas ej\n"
                            "2021;Vännäs;deltagare;40;12;;Nej\n2021;Vännäs;deltagare;40;14;;Nej\n", 3),
    ("indikator_rapporterat", "År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n"
                              "2018;vannas;positiv_losning;alla;64;;\n2018;vannas;positiv_losning;alla;70;;\n", 3),
    ("enkat_svar", "Respondent-id;Plattform;Respondentgrupp;Fråga;Kön;Svar;Antal inbjudna\n"
                   "R1;Vännäs;deltagare;tagit_tillvara;Kvinna;6;10\nR2;Vännäs;deltagare;tagit_tillvara;Man;4;10\n"
                   "R1;Vännäs;deltagare;tagit_tillvara;Kvinna;2;10\n", 4),
    ("budget", "År;Avsnitt;Post;Plattform;Utfall;Budget\n2021;Intäkter SAMO;Medlemsavgifter;;11380;11380\n"
               "2021;Intäkter SAMO;Medlemsavgifter;;100;100\n", 3),
])
def test_dubbla_nycklar_vagras(db, datamangd, innehall, rad):
    _vagras(db, innehall.encode(), f"{datamangd}.csv", datamangd, DUBBLETT, None, rad, period=2021)


def test_dubbla_nycklar_i_excel_vagras(db):
    rader = [["År", "Part", "Kommun", "Kön", "Antal"], [2021, "arbetsformedlingen", None, "Kvinna", 40],
             [2021, "arbetsformedlingen", None, "Kvinna", 41]]
    _vagras(db, _xlsx(rader), "aktualiseringar.xlsx", "aktualiseringar", DUBBLETT, None, 3)


# ---------------------------------------------------------------- delar större än helheten

STORRE = "(fler än|större än|överstiger)"
ENKAT = "År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n"


@pytest.mark.parametrize(("datamangd", "innehall", "kolumn", "rad"), [
    # Kvinnor + Män svarade 18 gånger men Alla bara 5.
    ("enkat_andelar", ENKAT + "2021;Vännäs;deltagare;tagit_tillvara;Alla;5;4;\n"
                              "2021;Vännäs;deltagare;tagit_tillvara;Kvinna;10;2;\n"
                              "2021;Vännäs;deltagare;tagit_tillvara;Man;8;2;\n", "Antal svar", None),
    # De positiva bland kvinnorna fler än alla positiva.
    ("enkat_andelar", ENKAT + "2021;Vännäs;deltagare;tagit_tillvara;Alla;12;3;\n"
                              "2021;Vännäs;deltagare;tagit_tillvara;Kvinna;5;5;\n", "Antal positiva", None),
    ("enkat_andelar", ENKAT + "2021;Vännäs;deltagare;tagit_tillvara;Alla;5;7;\n", "Antal positiva, Antal svar", 2),
    ("enkat_svarsfrekvens", "År;Plattform;Respondentgrupp;Antal inbjudna;Antal svar;Svarsfrekvens;Redovisas ej\n"
                            "2021;Vännäs;deltagare;2;6;;Nej\n", None, 2),
    # Sex svarande för två inbjudna.
    ("enkat_svar", "Respondent-id;Plattform;Respondentgrupp;Fråga;Kön;Svar;Antal inbjudna\n"
     + "".join(f"R{i};Vännäs;deltagare;tagit_tillvara;Kvinna;5;2\n" for i in range(6)), None, None),
])
def test_delar_storre_an_helheten_vagras(db, datamangd, innehall, kolumn, rad):
    traffar = _vagras(db, innehall.encode(), f"{datamangd}.csv", datamangd, STORRE, kolumn, rad, period=2021)
    assert all(f.rad is not None and f.kolumn for f in traffar)


def test_enkatdelar_storre_an_helheten_i_excel_vagras(db):
    rader = [ENKAT.strip().split(";"), [2021, "Vännäs", "deltagare", "tagit_tillvara", "Alla", 5, 4, None],
             [2021, "Vännäs", "deltagare", "tagit_tillvara", "Kvinna", 10, 2, None],
             [2021, "Vännäs", "deltagare", "tagit_tillvara", "Man", 8, 2, None]]
    traffar = _vagras(db, _xlsx(rader), "enkat.xlsx", "enkat_andelar", STORRE, "Antal svar", None)
    assert all(f.rad is not None for f in traffar)


def test_delar_lika_med_helheten_godtas(db):
    innehall = (ENKAT + "2021;Vännäs;deltagare;tagit_tillvara;Alla;12;10;\n"
                        "2021;Vännäs;deltagare;tagit_tillvara;Kvinna;5;5;\n"
                        "2021;Vännäs;deltagare;tagit_tillvara;Man;7;5;\n").encode()
    _, forb = uppladdning.las_in(db, innehall, "enkat.csv", "enkat_andelar", "test", ersatt=True)
    assert forb.antal_rader == 3


# ---------------------------------------------------------------- indikator_rapporterat

INDIKATOR = "År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n"


@pytest.mark.parametrize(("rad", "kolumn", "monster"), [
    ("2018;vannas;pahittad_indikator;alla;64;;", "Indikator", "(indikator|målramverk|goals)"),
    ("2018;plattform_som_inte_finns;positiv_losning;alla;64;;", "Plattform", "(plattform|omfattning|förbund)"),
    ("2018;vannas;positiv_losning;X;64;;", "Kön", "(kön|K, M|alla)"),
    ("2018;vannas;positiv_losning;Annat;64;;", "Kön", "(kön|K, M|alla)"),
])
def test_okant_i_indikator_rapporterat_vagras(db, rad, kolumn, monster):
    innehall = (INDIKATOR + "2018;vannas;beskrivning_verksamhet;alla;;Ja;\n" + rad + "\n").encode()
    _vagras(db, innehall, "indikator.csv", "indikator_rapporterat", monster, kolumn, 3)


def test_forbundet_och_kon_i_olika_stavningar_godtas(db):
    innehall = (INDIKATOR + "2018;forbundet;positiv_losning;alla;64;;\n2018;Vännäs;positiv_losning;Kvinna;60;;\n"
                "2018;vannas;positiv_losning;M;50;;\n").encode()
    _, forb = uppladdning.las_in(db, innehall, "indikator.csv", "indikator_rapporterat", "test", ersatt=True)
    lagrat = forb.tabeller["indikator_rapporterat"].select("scope_id", "kon").rows()
    assert lagrat == [("forbundet", "alla"), ("vannas", "K"), ("vannas", "M")]


def test_okand_indikator_i_excel_vagras(db):
    rader = [INDIKATOR.strip().split(";"), [2018, "vannas", "pahittad_indikator", "alla", 64, None, None]]
    _vagras(db, _xlsx(rader), "indikator.xlsx", "indikator_rapporterat", "indikator", "Indikator", 2)


# ---------------------------------------------------------------- kommandoraden


def _kor_cli(databas: Path, *argument: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "UPPFOLJNING_DB": str(databas)}
    return subprocess.run([sys.executable, "-m", "uppfoljning", "import", *argument], env=env, capture_output=True,
                          text=True, cwd=installningar.ROT, timeout=120)


def _kontrollsumma(fil: Path) -> str:
    with las(fil) as con:
        return uppladdning.kontrollsumma(con)


@pytest.mark.parametrize("argument", [
    ("budget_utan_ar.csv", "--datamangd", "budget", "--period", "-5"),
    ("budget_utan_ar.csv", "--datamangd", "budget", "--period", "3000"),
    ("aktualiseringar_3000.csv", "--datamangd", "aktualiseringar"),
    ("deltagare_2099.csv", "--datamangd", "deltagare"),
])
def test_kommandoraden_vagrar_orimliga_ar_och_datum(skrivbar_databas, tmp_path, argument):
    filer = {
        "budget_utan_ar.csv": "Avsnitt;Post;Plattform;Utfall;Budget\nIntäkter SAMO;Medlemsavgifter;;11380;11380\n",
        "aktualiseringar_3000.csv": "År;Part;Kommun;Kön;Antal\n3000;arbetsformedlingen;;Kvinna;40\n",
        "deltagare_2099.csv": "\n".join([*DELTAGARE, "VN-0009;Vännäs;Vännäs;Kvinna;2099-03-01;;"]) + "\n",
    }
    fil = tmp_path / argument[0]
    fil.write_text(filer[argument[0]], encoding="utf-8")
    fore = _kontrollsumma(skrivbar_databas)
    svar = _kor_cli(skrivbar_databas, str(fil), *argument[1:], "--ersatt")
    assert svar.returncode != 0, svar.stdout
    assert "Traceback" not in svar.stderr, svar.stderr
    assert "Filen lästes inte in; inget har sparats." in svar.stderr
    assert f"fil {fil.name}" in svar.stderr and "kolumn" in svar.stderr, svar.stderr
    assert re.search(r"(året|datum)", svar.stderr, re.IGNORECASE), svar.stderr
    assert _kontrollsumma(skrivbar_databas) == fore


# ---------------------------------------------------------------- sidan Data


def test_sidan_data_valjer_ar_inom_granserna_och_vagrar_ar_3000(app_databas, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from .conftest import DASHBOARD

    monkeypatch.setenv("UPPFOLJNING_AR_FORE_FORSTA_PERIOD", "3")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    ar = at.number_input(key="data_period")
    assert (ar.min, ar.max) == (2016, max(I_DAG.year + 1, 2020)), "årsvalet följer målramverket och inställningen"
    at.selectbox(key="data_datamangd").set_value("aktualiseringar").run()
    with skriv(app_databas) as con:
        fore = uppladdning.kontrollsumma(con)
    innehall = "År;Part;Kommun;Kön;Antal\n3000;arbetsformedlingen;;Kvinna;40\n".encode()
    at.file_uploader(key="data_fil").set_value(("akt.csv", innehall, "text/csv")).run()
    assert not at.exception
    assert "fil akt.csv, rad 2, kolumn År: Året 3000 är inte rimligt" in at.error[0].value
    with skriv(app_databas) as con:
        assert uppladdning.kontrollsumma(con) == fore


# ---------------------------------------------------------------- samma nyckel på två blad


def test_samma_nyckel_pa_tva_blad_vagras(db):
    rader = [["År", "Part", "Kommun", "Kön", "Antal"], [2021, "arbetsformedlingen", None, "Kvinna", 40],
             [2021, "arbetsformedlingen", None, "Man", 30]]
    andra = [rader[0], [2021, "forsakringskassan", None, "Man", 3], rader[1]]
    traffar = _vagras(db, xlsx_fil({"Första": rader, "Andra": andra}), "akt.xlsx", "aktualiseringar", DUBBLETT,
                      None, 3)
    assert any(f.blad == "Andra" and "Första" in f.meddelande for f in traffar)


def test_samma_plattform_pa_tva_blad_i_utfallstabellen_vagras(db):
    # Två blad som båda är Vännäs (bladets namn är plattformen): antalen skulle räknas två gånger.
    tabell = [r.split(";") for r in (EXEMPEL / "utfall_tabell.csv").read_text(encoding="utf-8").splitlines()]
    tabell = [[int(v) if v.isdigit() else v for v in r] for r in tabell]
    tabell[0][0] = "Mått"
    _vagras(db, xlsx_fil({"Vännäs": tabell, "vannas": tabell}), "utfall.xlsx", "utfall_tabell", DUBBLETT, None,
            2, period=2021)


# ---------------------------------------------------------------- trasigt målramverk


def test_trasigt_malramverk_anvander_det_senast_giltiga_och_stoppar_inte_standarddata(db, tmp_path, monkeypatch):
    from uppfoljning import databas, malramverk

    malramverk.las_med_reserv(db, installningar.MALRAMVERK)  # som appen: det giltiga ramverket sparas
    trasig = tmp_path / "goals.yaml"
    trasig.write_text("organisation: [\n", encoding="utf-8")
    monkeypatch.setenv("UPPFOLJNING_MAL", str(trasig))
    innehall = (INDIKATOR + "2018;vannas;pahittad_indikator;alla;64;;\n").encode()
    _vagras(db, innehall, "indikator.csv", "indikator_rapporterat", "målramverk", "Indikator", 2)
    # Första starten med en trasig goals.yaml: standarddata byggs ändå (appen visar felet i goals.yaml).
    databas.bygg_databas(tmp_path / "ny.duckdb")


@pytest.mark.parametrize(("kolumn", "varde", "vantat"), [
    ("plattform", " Vännäs ", "vannas"), ("plattform", "\u00a0vannas\t", "vannas"), ("kommun", "  ", None),
    ("kommun", "\u3000Vännäs", "vannas"), ("kon", " Kvinna ", "K"), ("avslutsorsak", "\u2003Arbete ", "arbete")])
def test_blanktecken_forst_och_sist_i_kolumner_med_ordlista(db, kolumn, varde, vantat):
    """Plattform, kommun, kön och avslutsorsak byts mot id med en ordlista och rensas inte en gång till i
    typningen: blanktecken först och sist ska ändå aldrig hamna i tabellen, och en tom kommun blir null."""
    rubriker = DELTAGARE[0].split(";")
    index = {"plattform": 1, "kommun": 2, "kon": 3, "avslutsorsak": 6}[kolumn]
    rad = "VN-0009;Vännäs;Vännäs;Kvinna;2020-03-02;2020-06-30;Arbete".split(";")
    rad[index] = varde
    forb = uppladdning.forbered(db, _med([*DELTAGARE, ";".join(rad)]), "deltagare.csv", "deltagare")
    df = forb.tabeller["deltagare"]
    kol = {"plattform": "plattform_id", "kommun": "kommun_id", "kon": "kon", "avslutsorsak": "avslutsorsak"}[kolumn]
    assert df.filter(df["deltagar_id"] == "VN-0009")[kol].to_list() == [vantat], rubriker


def test_okant_varde_med_blanktecken_namnges_utan_dem(db):
    _vagras(db, _med(DELTAGARE, "VN-0009;  Okänd plattform ;Vännäs;Kvinna;2020-03-02;2020-06-30;Arbete"),
            "deltagare.csv", "deltagare", "Värdet Okänd plattform finns inte i referensdata", "Plattform", 5)
