"""Inläsning av användarnas filer: en samling felaktiga filer ger var sitt tydligt fel på svenska,
och databasen är efteråt exakt som före (kontrollsumma över alla tabeller)."""

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from uppfoljning import fragor, installningar, uppladdning
from uppfoljning.fel import InlasningsFel

from .conftest import xlsx_fil, skriv

EXEMPEL = installningar.DATASETS / "examples"

DELTAGARE = (
    "Deltagar-id;Plattform;Kommun;Kön;Startdatum;Slutdatum;Avslutsorsak\n"
    "VN-0001;Vännäs;Vännäs;Kvinna;2019-09-02;2020-05-29;Studier\n"
    "VN-0002;Vännäs;Vännäs;Man;2020-01-13;2020-11-30;Arbete\n"
    "VN-0003;Vännäs;Vännäs;Man;2020-02-03;;\n"
)
UTFALL = (EXEMPEL / "utfall_tabell.csv").read_text(encoding="utf-8")


@pytest.fixture
def db(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        yield con


def _avvisas(db, innehall: bytes, fil: str, datamangd: str, **kw) -> str:
    fore = uppladdning.kontrollsumma(db)
    with pytest.raises(InlasningsFel) as fel:
        forb = uppladdning.forbered(db, innehall, fil, datamangd, **kw)
        uppladdning.spara(db, forb, "test")
    assert uppladdning.kontrollsumma(db) == fore, "ett avvisat försök får inte ändra något"
    return str(fel.value)


# ---------------------------------------------------------------- samlingen av felaktiga filer


def test_utf16_ger_rad_om_att_spara_som_utf8(db):
    text = _avvisas(db, DELTAGARE.encode("utf-16"), "deltagare.csv", "deltagare")
    assert "UTF-16" in text and "CSV UTF-8" in text


def test_fel_avgransare(db):
    text = _avvisas(db, DELTAGARE.replace(";", "|").encode(), "deltagare.csv", "deltagare")
    assert "fil deltagare.csv, rad 1: Filen har bara en kolumn" in text


def test_saknad_kolumn(db):
    utan_kon = "\n".join(";".join(f for i, f in enumerate(r.split(";")) if i != 3) for r in DELTAGARE.splitlines())
    text = _avvisas(db, utan_kon.encode(), "deltagare.csv", "deltagare")
    assert "fil deltagare.csv, rad 1, kolumn Kön: Kolumnen Kön saknas" in text
    assert "kontyp" in text and "med eller utan å, ä, ö" in text


def test_extra_kolumn(db):
    extra = "\n".join(r + (";Födelseort" if i == 0 else ";Umeå") for i, r in enumerate(DELTAGARE.splitlines()))
    text = _avvisas(db, extra.encode(), "deltagare.csv", "deltagare")
    assert "rad 1, kolumn Födelseort: Rubriken \"Födelseort\" känns inte igen" in text


def test_okand_plattform(db):
    text = _avvisas(db, DELTAGARE.replace("VN-0002;Vännäs", "VN-0002;Umeåtorget").encode(), "deltagare.csv",
                    "deltagare")
    assert "fil deltagare.csv, rad 3, kolumn Plattform: Värdet Umeåtorget finns inte i referensdata (plattform)." in text


def test_felet_namnger_kolumnen_som_filen_gor(db):
    """Kontrollerna arbetar med lagringens namn (plattform_id, kon, startdatum); felet använder filens rubrik."""
    egna = DELTAGARE.replace("Deltagar-id;Plattform;Kommun;Kön;Startdatum;Slutdatum;Avslutsorsak",
                             "Löpnummer;Insats;Kommun;Kontyp;Inskriven;Avslutad;SUS-kod")
    text = _avvisas(db, egna.replace("VN-0002;Vännäs", "VN-0002;Umeåtorget").encode(), "egen.csv", "deltagare")
    assert "fil egen.csv, rad 3, kolumn Insats: Värdet Umeåtorget finns inte i referensdata (plattform)." in text
    text = _avvisas(db, egna.replace(";2020-11-30;", ";2019-11-30;").encode(), "egen.csv", "deltagare")
    assert "kolumn Avslutad, Inskriven: Slutdatum ligger före startdatum." in text
    assert "kolumn slutdatum" not in text and "plattform_id" not in text


def test_negativt_antal(db):
    text = _avvisas(db, UTFALL.replace("varav nya för året;20;", "varav nya för året;-20;").encode(), "vannas.csv",
                    "utfall_tabell", period=2021, plattform="vannas")
    assert "rad 3, kolumn Kvinnor/Män/Totalt: Antalet får inte vara negativt." in text


def test_decimaltal_som_antal(db):
    text = _avvisas(db, UTFALL.replace("Antal deltagare hela året;38;", "Antal deltagare hela året;38,5;").encode(),
                    "vannas.csv", "utfall_tabell", period=2021, plattform="vannas")
    assert "rad 2, kolumn Kvinnor/Män/Totalt: Värdet ska vara ett heltal." in text


def test_avslutade_fler_an_deltagare(db):
    text = _avvisas(db, UTFALL.replace("Totalt antal avslutade hela året;14;", "Totalt antal avslutade hela året;44;")
                    .encode(), "vannas.csv", "utfall_tabell", period=2021, plattform="vannas")
    assert "rad 4, kolumn Kvinnor: Antal avslutade (44) är fler än antal deltagare (38)." in text


def test_varav_fler_an_positiv_losning(db):
    text = _avvisas(db, UTFALL.replace("varav till studier (SUS 1);3;3;6", "varav till studier (SUS 1);3;9;12")
                    .encode(), "vannas.csv", "utfall_tabell", period=2021, plattform="vannas")
    assert "rad 5, kolumn Män: Delarna av Avslutade till en för individen positiv lösning summerar till 15, fler än källans 9." in text


def test_personnummer_stoppar_utan_att_upprepa_numret(db):
    med_pnr = DELTAGARE.replace("VN-0002", "19811218-9876")
    text = _avvisas(db, med_pnr.encode(), "deltagare.csv", "deltagare")
    assert "fil deltagare.csv, rad 3, kolumn Deltagar-id: Värdet ser ut som ett personnummer." in text
    assert "9876" not in text and "811218" not in text


def test_personnummer_utan_bindestreck_i_fritext(db):
    med_pnr = DELTAGARE.replace(";Arbete", ";Arbete 8112189876")
    text = _avvisas(db, med_pnr.encode(), "deltagare.csv", "deltagare")
    assert "rad 3, kolumn Avslutsorsak: Värdet ser ut som ett personnummer" in text
    # Avslutsorsaken är också okänd, och det felet skulle upprepa värdet: personnumret går före.
    assert "känns inte igen" not in text and "8112189876" not in text


def test_personnummer_i_plattform_gar_fore_okant_varde_i_samma_cell(db):
    # Sökningen och de andra kontrollerna körs samtidigt; felet för okänd plattform får aldrig visas.
    med_pnr = DELTAGARE.replace(";Vännäs;", ";Vännäs 811218-9876;", 1)
    assert med_pnr != DELTAGARE
    text = _avvisas(db, med_pnr.encode(), "deltagare.csv", "deltagare")
    assert "Värdet ser ut som ett personnummer" in text
    assert "9876" not in text and "811218" not in text


def test_tom_fil(db):
    assert "fil tom.csv: Filen är tom." in _avvisas(db, b"", "tom.csv", "deltagare")


def test_bara_rubrikrad(db):
    text = _avvisas(db, DELTAGARE.splitlines()[0].encode(), "deltagare.csv", "deltagare")
    assert "Filen innehåller inga datarader." in text


def test_avkortad_xlsx(db):
    hel = xlsx_fil({"Vännäs": [["Mått", "Kvinnor", "Män"], ["Antal deltagare hela året", 38, 40]]})
    text = _avvisas(db, hel[: len(hel) // 2], "vannas.xlsx", "utfall_tabell", period=2021)
    assert "fil vannas.xlsx: Filen är inte en giltig Excel-fil (xlsx)" in text


def test_okand_avslutsorsak_rapporteras_och_tappas_inte(db):
    text = _avvisas(db, DELTAGARE.replace(";Arbete", ";Flyttat").encode(), "deltagare.csv", "deltagare")
    assert "rad 3, kolumn Avslutsorsak: Värdet \"Flyttat\" känns inte igen som avslutsorsak" in text
    assert "sidan Referensdata" in text  # rådet gäller en körande installation (inte en csv-fil i repot)


def test_slutdatum_fore_startdatum(db):
    text = _avvisas(db, DELTAGARE.replace("2020-01-13;2020-11-30", "2020-01-13;2019-11-30").encode(),
                    "deltagare.csv", "deltagare")
    assert "rad 3, kolumn Slutdatum, Startdatum: Slutdatum ligger före startdatum." in text


def test_stor_fil_50_mb_med_personnummer_pa_sista_raden(db, tmp_path):
    rad = "VN-{:07d};Vännäs;Vännäs;Kvinna;2020-01-13;2020-11-30;Arbete\n"
    antal = 50 * 1024 * 1024 // len(rad.format(0).encode())
    delar = [DELTAGARE.splitlines()[0] + "\n"] + [rad.format(i) for i in range(antal)]
    delar.append("811218-9876;Vännäs;Vännäs;Man;2020-01-13;;\n")
    innehall = "".join(delar).encode()
    assert len(innehall) >= 50 * 1024 * 1024
    text = _avvisas(db, innehall, "stor.csv", "deltagare")
    assert f"fil stor.csv, rad {antal + 2}, kolumn Deltagar-id: Värdet ser ut som ett personnummer." in text


# ---------------------------------------------------------------- det som ska gå igenom


def test_windows_1252_och_komma_som_avgransare(db):
    fil = DELTAGARE.replace(";", ",").encode("cp1252")
    forb = uppladdning.forbered(db, fil, "deltagare.csv", "deltagare")
    assert forb.tabeller["deltagare"]["kommun_id"].to_list() == ["vannas"] * 3
    assert forb.tabeller["deltagare"]["avslutsorsak"].to_list() == ["studier", "arbete", None]


def test_rubriker_i_olika_stavningar(db):
    fil = DELTAGARE.replace("Kön", "KON").replace("Deltagar-id", "löpnummer").replace("Slutdatum", "Avslutsdatum")
    forb = uppladdning.forbered(db, ("\ufeff" + fil).encode("utf-8"), "deltagare.csv", "deltagare")
    assert forb.tabeller["deltagare"]["kon"].to_list() == ["K", "M", "M"]


def test_totalt_som_inte_stammer_blir_varning_som_sparas(db):
    forb = uppladdning.forbered(db, UTFALL.encode(), "vannas.csv", "utfall_tabell", period=2021, plattform="vannas")
    assert forb.varningar == [
        "fil vannas.csv, rad 6, kolumn Totalt: Kolumnen Totalt anger 3 för varav till arbete men Kvinnor + Män = 2. "
        "Appen räknar med Kvinnor + Män.",
        "fil vannas.csv, rad 10, kolumn Totalt: Kolumnen Totalt anger 0 för varav saknar arbetsförmåga men "
        "Kvinnor + Män = 1. Appen räknar med Kvinnor + Män.",
    ]
    kalla_id = uppladdning.spara(db, forb, "processledare")
    sparade = db.execute("SELECT meddelande FROM kalla_varning WHERE kalla_id = ? ORDER BY ALL", [kalla_id]).fetchall()
    assert sorted(s[0] for s in sparade) == sorted(forb.varningar)
    prov = db.execute("SELECT filnamn, sha256, antal_rader, inlast_av, period, omfattning FROM kalla "
                      "WHERE kalla_id = ?", [kalla_id]).fetchall()[0]
    assert prov[0] == "vannas.csv" and len(prov[1]) == 64 and prov[2:] == (36, "processledare", 2021, "vannas")


def test_excel_med_ett_blad_per_plattform(db):
    rader = [["Mått", "Kvinnor", "Män"], ["Antal deltagare hela året", 10, 12], ["Totalt antal avslutade hela året", 2, 3],
             ["varav till arbete", 1, 1], ["Avbrott av hälsoskäl", 1, 2]]
    forb = uppladdning.forbered(db, xlsx_fil({"Vindeln": rader, "Bjurholm": rader}), "kranskommuner.xlsx",
                                "utfall_tabell", period=2021)
    utfall = forb.tabeller["utfall"]
    assert sorted(utfall["plattform_id"].unique().to_list()) == ["bjurholm", "vindeln"]
    assert utfall.filter((pl.col("plattform_id") == "vindeln") & (pl.col("matt_id") == "deltagare"))["antal"].sum() == 22


def test_samma_fil_tva_ganger_kanns_igen(db):
    innehall = (EXEMPEL / "budget.csv").read_bytes()
    uppladdning.las_in(db, innehall, "budget.csv", "budget", "test")
    fore = uppladdning.kontrollsumma(db)
    forb = uppladdning.forbered(db, innehall, "budget.csv", "budget")
    assert forb.dubblett is not None
    with pytest.raises(InlasningsFel, match="Samma fil lästes redan in"):
        uppladdning.spara(db, forb, "test")
    assert uppladdning.kontrollsumma(db) == fore


def test_ersattning_kraver_bekraftelse_visar_andringar_och_kan_angras(db):
    fore = uppladdning.kontrollsumma(db)
    # En kvinna flyttas från fortsatt rehabilitering till arbete.
    andrad = (UTFALL.replace("varav till arbete (SUS 1);0;2;3", "varav till arbete (SUS 1);1;2;3")
              .replace("(SUS 1,2);3;3;6", "(SUS 1,2);2;3;6"))
    forb = uppladdning.forbered(db, andrad.encode(), "vannas.csv", "utfall_tabell", period=2020, plattform="vannas")
    assert forb.ersatter_data
    # Förhandsvisningen namnger tabell, plattform, mått och kön på svenska (inga id:n).
    andringar = forb.andringar.filter(pl.col("Gäller") == "Utfall")
    kolumner = ["Gäller", "År", "Plattform", "Rad", "Uppgift", "Nu", "Efter inläsningen"]
    assert sorted(andringar.select(kolumner).rows()) == [
        ("Utfall", "2020", "Vännäs", "varav fortsatt rehab och öppet arbetssökande, Kvinnor", "Antal", "3", "2"),
        ("Utfall", "2020", "Vännäs", "varav till arbete, Kvinnor", "Antal", "0", "1")]
    with pytest.raises(InlasningsFel, match="Bekräfta att de ska ersättas"):
        uppladdning.spara(db, forb, "test")
    assert uppladdning.kontrollsumma(db) == fore

    uppladdning.spara(db, forb, "test", ersatt=True)
    arbete = fragor.kor(db, "utfall_tabell", period=2020, plattformar=["vannas"]).filter(pl.col("matt_id") == "arbete")
    assert (arbete["kvinnor"][0], arbete["totalt"][0]) == (1, 3)

    handelse = db.execute("SELECT max(handelse_id) FROM handelse").fetchall()[0][0]
    assert uppladdning.arkiverade_rader(db, handelse) == 36
    uppladdning.angra(db, handelse, "test")
    arbete = fragor.kor(db, "utfall_tabell", period=2020, plattformar=["vannas"]).filter(pl.col("matt_id") == "arbete")
    assert (arbete["kvinnor"][0], arbete["totalt"][0]) == (0, 2)


def test_deltagarniva_och_sammanstalld_tabell_ger_samma_siffror(db):
    """Deltagarfilen ger samma antal som motsvarande Bilaga 3-tabell, och ersätter den i beräkningen."""
    rader = ["Deltagar-id;Plattform;Kön;Startdatum;Slutdatum;Avslutsorsak"]
    n = 0

    def lagg(kon, antal, slut="", orsak="", start="2020-02-01"):
        nonlocal n
        for _ in range(antal):
            n += 1
            rader.append(f"B-{n:03d};Bjurholm;{kon};{start};{slut};{orsak}")

    # Bjurholm 2020 enligt Bilaga 3: 8 kvinnor (5 nya), 7 män (6 nya); en kvinna avslutad till arbete.
    lagg("Kvinna", 1, "2020-10-01", "Arbete")
    lagg("Kvinna", 4)
    lagg("Kvinna", 3, start="2019-05-01")
    lagg("Man", 6)
    lagg("Man", 1, start="2019-06-01")
    alla = [r[0] for r in db.execute("SELECT plattform_id FROM plattform WHERE ingar_i_forbundstotal").fetchall()]
    # Frågorna bakom sidorna Utfall, Plattformar, Kommuner, Kvinnor och män, Ekonomi och bedömningen.
    fragorna = [
        ("utfall_tabell", {"period": 2020, "plattformar": ["bjurholm"]}),
        ("utfall_tabell", {"period": 2020, "plattformar": alla}),
        ("plattformar_jamforelse", {"period": 2020, "plattformar": alla}),
        ("kommuner_jamforelse", {"period": 2020, "plattformar": alla, "kommun": None}),
        ("kon_jamforelse", {"period": 2020, "plattformar": ["bjurholm"]}),
        ("indikator_andel_utfall", {"period": 2020, "matt": ["positiv_losning"], "andel_av": None}),
        ("ekonomi_kostnad_per_deltagare", {"period": 2020, "minsta_avslutade": 5}),
    ]

    def svar():
        ut = []
        for namn, parametrar in fragorna:
            df = fragor.kor(db, namn, **parametrar)
            # Mått som deltagarfilen inte har (0 i tabellen) ger ingen rad; jämför det som finns.
            if "totalt" in df.columns:
                df = df.filter(pl.col("totalt") > 0)
            ut.append(df.sort(df.columns).rows())
        return ut

    fore = svar()
    uppladdning.las_in(db, "\n".join(rader).encode(), "bjurholm.csv", "deltagare", "test")
    efter = svar()
    for (namn, _), a, b in zip(fragorna, fore, efter):
        assert a == b, namn


def test_rada_enkatsvar_blir_andelar_och_svarsfrekvens(db):
    forb = uppladdning.forbered(db, (EXEMPEL / "enkat_svar.csv").read_bytes(), "enkat.csv", "enkat_svar", period=2021)
    uppladdning.spara(db, forb, "test")
    enkat = fragor.kor(db, "indikator_enkat", period=2021, respondentgrupp="deltagare", fraga="tagit_tillvara")
    varden = {r["kon"]: (r["procent"], r["antal_svar"]) for r in enkat.filter(pl.col("scope_id") == "vannas").iter_rows(named=True)}
    # Svar 6, 4, 2, 5: tre av fyra bland de tre positiva (4-6).
    assert varden["alla"] == (75, 4)
    assert varden["K"] == (100, 1) and varden["M"] == (50, 2) and varden["osaker"] == (100, 1)
    frekvens = fragor.kor(db, "enkat_svarsfrekvens", period=2021)
    assert frekvens.filter(pl.col("scope_id") == "vannas").select("svarsfrekvens", "antal_svar", "antal_inbjudna").rows() \
        == [(40, 4, 10)]


@pytest.mark.parametrize(("datamangd", "fil", "period"), [
    ("utfall_tabell", "utfall_tabell.csv", 2021), ("deltagare", "deltagare.csv", None),
    ("enkat_andelar", "enkat_andelar.csv", None), ("enkat_svar", "enkat_svar.csv", 2021),
    ("enkat_svarsfrekvens", "enkat_svarsfrekvens.csv", None), ("aktualiseringar", "aktualiseringar.csv", None),
    ("budget", "budget.csv", None), ("indikator_rapporterat", "indikator_rapporterat.csv", None)])
def test_varje_exempelfil_gar_att_lasa_in(db, datamangd, fil, period):
    kalla_id, forb = uppladdning.las_in(db, (EXEMPEL / fil).read_bytes(), fil, datamangd, "test", period=period,
                                        plattform="vannas" if datamangd == "utfall_tabell" else None, ersatt=True)
    assert forb.antal_rader > 0
    assert db.execute("SELECT antal_rader FROM kalla WHERE kalla_id = ?", [kalla_id]).fetchall()[0][0] == forb.antal_rader


# ---------------------------------------------------------------- omstart och avbrott


def _kor_cli(databas: Path, *argument: str, miljo: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "UPPFOLJNING_DB": str(databas), **(miljo or {})}
    return subprocess.run([sys.executable, "-m", "uppfoljning", "import", *argument], env=env, capture_output=True,
                          text=True, cwd=installningar.ROT, timeout=120)


def test_kommandoraden_anvander_samma_kontroller(skrivbar_databas):
    ok = _kor_cli(skrivbar_databas, str(EXEMPEL / "budget.csv"), "--datamangd", "budget")
    assert ok.returncode == 0, ok.stderr
    assert "Inläst som nummer" in ok.stdout
    fel = _kor_cli(skrivbar_databas, str(EXEMPEL / "deltagare.csv"), "--datamangd", "utfall_tabell",
                   "--period", "2021")
    assert fel.returncode == 1
    assert "Filen lästes inte in; inget har sparats." in fel.stderr


def test_inlasning_overlever_omstart_och_krasch_mitt_i_lamnar_data_orort(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        fore = uppladdning.kontrollsumma(con)
    krasch = _kor_cli(skrivbar_databas, str(EXEMPEL / "budget.csv"), "--datamangd", "budget",
                      miljo={"UPPFOLJNING_TEST_KRASCHA_FORE_COMMIT": "1"})
    assert krasch.returncode == -9, "processen ska ha dödats mitt i inläsningen"
    with skriv(skrivbar_databas) as con:
        assert uppladdning.kontrollsumma(con) == fore

    ok = _kor_cli(skrivbar_databas, str(EXEMPEL / "budget.csv"), "--datamangd", "budget")
    assert ok.returncode == 0, ok.stderr
    with skriv(skrivbar_databas) as con:  # en ny process: "omstart"
        assert con.execute("SELECT count(*) FROM budget WHERE period = 2021").fetchall()[0][0] == 3


def test_okanda_varden_i_flera_kolumner_rapporteras_pa_en_gang(db):
    # Kön och avslutsorsak översätts i samma steg: användaren ser båda felen, inte ett i taget.
    fil = DELTAGARE.replace(";Man;2020-01-13;2020-11-30;Arbete", ";Okänt kön;2020-01-13;2020-11-30;Flyttat")
    assert fil != DELTAGARE
    text = _avvisas(db, fil.encode(), "deltagare.csv", "deltagare")
    assert "rad 3, kolumn Kön: Värdet \"Okänt kön\" känns inte igen som kön" in text
    assert "rad 3, kolumn Avslutsorsak: Värdet \"Flyttat\" känns inte igen som avslutsorsak" in text


# ---------------------------------------------------------------- en person med två kön


def test_deltagare_med_olika_kon_pa_olika_rader_avvisas(db):
    """VN-0002 skrevs in två gånger, en gång som man och en gång som kvinna. Personen räknas under ett kön (kön från
    den senast påbörjade inskrivningen), så filen skulle räknas fel utan att det syns: filen avvisas och felet
    namnger filen, raden och kolumnen Kön, som filen kallar den."""
    motsagd = DELTAGARE + "VN-0002;Vännäs;Vännäs;Kvinna;2020-12-07;;\n"
    text = _avvisas(db, motsagd.encode(), "deltagare.csv", "deltagare")
    assert "fil deltagare.csv, rad 5, kolumn Kön: Deltagar-id VN-0002 har könet Män på rad 3 men Kvinnor här." in text
    # Samma person med samma kön på två rader (inskriven på nytt) går igenom.
    samma = DELTAGARE + "VN-0002;Vännäs;Vännäs;Man;2020-12-07;;\n"
    forb = uppladdning.forbered(db, samma.encode(), "deltagare.csv", "deltagare")
    assert forb.tabeller["deltagare"].height == 4


def test_deltagare_med_olika_kon_i_excel_namnger_bladet(db):
    blad = {"Vännäs": [[v or None for v in r.split(";")] for r in (DELTAGARE + "VN-0003;Vännäs;Vännäs;Kvinna;2021-01-04;;").splitlines()]}
    text = _avvisas(db, xlsx_fil(blad), "deltagare.xlsx", "deltagare")
    assert "blad Vännäs, rad 5, kolumn Kön: Deltagar-id VN-0003 har könet Män på rad 4 men Kvinnor här." in text


def test_deltagare_med_olika_kon_pa_tva_blad_avvisas(db):
    """Två blad (ett per plattform) i samma fil, och VN-0002 är man på det ena och kvinna på det andra."""
    rubrik = DELTAGARE.splitlines()[0].split(";")
    blad = {"Vännäs": [rubrik, ["VN-0002", "Vännäs", "Vännäs", "Man", "2020-01-13", "2020-11-30", "Arbete"]],
            "Vindeln": [rubrik, ["VN-0001", "Vindeln", "Vindeln", "Kvinna", "2020-02-03", None, None],
                        ["VN-0002", "Vindeln", "Vindeln", "Kvinna", "2020-12-07", None, None]]}
    text = _avvisas(db, xlsx_fil(blad), "deltagare.xlsx", "deltagare")
    assert ("blad Vindeln, rad 3, kolumn Kön: Deltagar-id VN-0002 har könet Män på blad Vännäs, rad 2, men Kvinnor "
            "här.") in text
