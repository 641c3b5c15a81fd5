"""Uppföljningsperioder utöver kalenderåret (issue 15): namngivna perioder i goals.yaml, deltagarnivån räknad för
varje period, fel i perioderna, och en delårsrapport för förbundet ur standarddatans form.

Siffrorna för ESF-exemplet (tests/data/esf_projekt/datasets/deltagare.csv, 22 deltagare VV-01 … VV-22 i två
delprojekt, sep 2019 – aug 2022; VV-02 inskriven på nytt i Lycksele 2022, VV-14 också i Lycksele från 2021-11-01, VV-08 från Lycksele också i
Storuman 2021-01-18 – 2021-05-28)
är räknade för hand ur filen; se kommentarerna vid varje förväntat värde. Antalen är personer: se
tests/test_esf_projekt.py för totalen mot summan av delprojekten.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

from uppfoljning import databas, fragor, malramverk, perioder
from uppfoljning.inlasning import las_in_fil

from .conftest import TESTDATA, ny_databas, skriv

ESF = TESTDATA / "esf_projekt"
GOALS = Path(__file__).parent.parent / "goals.yaml"


@pytest.fixture(scope="module")
def esf(tmp_path_factory):
    """(anslutning, ramverk) för ESF-exemplet, med ramverkets perioder synkade som när appen läser det."""
    fil = ny_databas(tmp_path_factory.mktemp("esf_projekt") / "esf.duckdb", datasets=ESF / "datasets")
    with skriv(fil) as con:
        inlast = malramverk.las_med_reserv(con, ESF / "goals.yaml")
        assert inlast.fel is None, inlast.fel
        yield con, inlast.ramverk


def _antal(con, period: int, plattformar=("lycksele", "storuman")) -> dict[str, tuple[int, int, int]]:
    df = fragor.kor(con, "utfall_tabell", period=period, plattformar=list(plattformar))
    return {r["matt_id"]: (r["kvinnor"], r["man"], r["totalt"]) for r in df.iter_rows(named=True)}


# ---------------------------------------------------------------- ramverket


def test_namngivna_perioder_i_goals_yaml():
    # Förut: "fält perioder, nr 1: ska vara ett heltal".
    ram = malramverk.las(ESF / "goals.yaml")
    lr4 = ram.period("lr4")
    assert int(lr4) == perioder.heltal("lr4") >= perioder.FORSTA_NAMNGIVNA
    assert (str(lr4), f"{lr4}", lr4.start.isoformat(), lr4.slut.isoformat()) == (
        "Lägesrapport 4", "Lägesrapport 4", "2019-09-01", "2021-08-31")
    assert lr4.forra == perioder.heltal("lr3") and str(lr4.forra_period) == "Lägesrapport 3"
    # Målnivån för projektperioden står under sitt id i filen och under periodens heltal i ramverket.
    assert ram.indikatorer["deltagarvolym"].malniva == {perioder.heltal("projektperioden"): {"alla": 24, "K": 12, "M": 12}}
    # Senaste först; vid samma slut den längre perioden (projektperioden före lägesrapport 6).
    assert [p.id for p in ram.perioder_i_ordning()] == ["projektperioden", "lr6", "lr5", "lr4", "lr3", "lr2", "lr1"]


def test_kalenderar_fungerar_som_forut():
    ram = malramverk.las(GOALS)
    assert ram.period_ider == [2019, 2020]
    p = ram.period(2020)
    assert (int(p), str(p), p.forra, p.start.isoformat(), p.slut.isoformat()) == (2020, "2020", 2019, "2020-01-01",
                                                                                  "2020-12-31")


def test_heltalet_ar_stabilt_och_aldrig_ett_ar(esf):
    con, _ = esf
    assert perioder.heltal("lr4") == 194_250_519  # crc32, samma i varje process och version
    assert all(10_000_000 <= perioder.heltal(f"p{i}") < 2**31 for i in range(1000))
    # Samma gräns i SQL (makrot ar_kalenderar) som i Python.
    assert con.execute("SELECT ar_kalenderar(9999999), ar_kalenderar(10000000)").fetchall() == [(True, False)]


def _fel(text: str) -> str:
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka(text)
    return str(fel.value)


def _esf_text(**ersattningar) -> str:
    text = (ESF / "goals.yaml").read_text(encoding="utf-8")
    for gammalt, nytt in ersattningar.items():
        assert gammalt.replace("_", " ") in text or gammalt in text
        text = text.replace(gammalt, nytt)
    return text


@pytest.mark.parametrize(("byte", "vantat"), [
    (("slut: 2021-08-31, typ: lagesrapport, jamfor_med: lr3", "slut: 2019-08-31, typ: lagesrapport, jamfor_med: lr3"),
     "perioden lr4: fältet slut (2019-08-31) ligger före fältet start (2019-09-01)"),
    (("slut: 2021-08-31, typ: lagesrapport, jamfor_med: lr3", "typ: lagesrapport, jamfor_med: lr3"),
     "perioden lr4 saknar fältet slut"),
    (("start: 2019-09-01, slut: 2021-08-31", "start: 2021-01-01, slut: 2021-08-31"),
     "perioderna lr3 (2019-09-01 – 2021-02-28) och lr4 (2021-01-01 – 2021-08-31) är båda av typen lagesrapport och "
     "överlappar"),
    (("jamfor_med: lr3", "jamfor_med: lr9"), "perioden lr4, fält jamfor_med: perioden lr9 finns inte"),
    (("projektperioden: {alla: 24", "projektperiod: {alla: 24"),
     "indikator deltagarvolym, fält malniva: perioden projektperiod finns inte bland ramverkets perioder"),
    (("plan: projektperioden\n\nmal", "plan: projekt\n\nmal"),
     "indikator deltagarvolym, fält plan: perioden projekt finns inte"),
    (("typ: lagesrapport, jamfor_med: lr3", "typ: lägesrapport, jamfor_med: lr3"), "fält typ: ska vara projektperiod"),
])
def test_fel_i_perioderna_namnger_falt_och_period(byte, vantat):
    text = (ESF / "goals.yaml").read_text(encoding="utf-8")
    assert byte[0] in text
    meddelande = _fel(text.replace(byte[0], byte[1], 1))
    assert vantat in meddelande, meddelande
    assert "Input should" not in meddelande and "Value error" not in meddelande


def test_kumulativa_perioder_av_samma_typ_far_overlappa():
    # Lägesrapporterna börjar alla vid projektstart och överlappar därför; det är inget fel.
    ram = malramverk.las(ESF / "goals.yaml")
    assert len([p for p in ram.perioder if not isinstance(p, int)]) == 7


def test_malniva_for_en_period_som_inte_finns_ar_fel_ocksa_for_ar(esf):
    con, _ = esf
    text = (ESF / "goals.yaml").read_text(encoding="utf-8").replace("projektperioden: {alla: 50", "2023: {alla: 50")
    ram = malramverk.tolka(text)
    fel = malramverk.kontrollera_mot_referensdata(ram, con)
    assert any("indikator arbete_eller_studier, fält malniva, period 2023: perioden finns inte" in f for f in fel), fel


# ---------------------------------------------------------------- deltagarnivån per period


def test_projektperioden_ar_unika_deltagare_over_hela_perioden(esf):
    con, ram = esf
    a = _antal(con, ram.period("projektperioden"))
    # 22 deltagare: kvinnor VV-01, 03, 05, 06, 08, 10, 12, 13, 15, 17, 19, 20, 22 (13); män 02, 04, 07, 09, 11, 14,
    # 16, 18, 21 (9). Alla började inom projektperioden. Inte avslutade: VV-19 (K) och VV-21 (M).
    assert a["deltagare"] == (13, 9, 22)
    assert a["nya"] == (13, 9, 22)
    assert a["avslutade"] == (12, 8, 20)
    assert a["kvar"] == (1, 1, 2)
    # Orsaken är den på personens sist avslutade inskrivning: VV-02 arbete (2022-06-10), VV-14 studier (Lycksele
    # 2022-04-29). Arbete: 01, 02, 04, 08, 10, 13, 17, 20; studier: 06, 11, 14, 16, 22.
    assert a["arbete_eller_studier"] == (8, 5, 13)
    # Förut: projektet kunde bara ses år för år; summan av åren räknar den som var inskriven flera år flera gånger.
    summa_ar = sum(_antal(con, ar)["deltagare"][2] for ar in (2019, 2020, 2021, 2022))
    # 2022: 02 (inskriven på nytt), 12, 14, 16, 17, 18, 19, 20, 21, 22.
    assert summa_ar == 3 + 10 + 14 + 10 != 22


def test_kanterna_ar_inklusive(esf):
    con, ram = esf
    # VV-07 börjar 2020-08-31, lägesrapport 2:s sista dag: deltagare och ny i den, 7 deltagare från projektstart.
    assert _antal(con, ram.period("lr2"))["deltagare"] == (4, 3, 7)
    # VV-08 slutar 2021-08-31, lägesrapport 4:s sista dag: avslutad, inte kvar. Avslutade till och med 2021-08-31:
    # 01, 02, 03, 04, 05, 06, 07, 08, 09, 11 (K: 01, 03, 05, 06, 08; M: 02, 04, 07, 09, 11).
    lr4 = _antal(con, ram.period("lr4"))
    assert lr4["deltagare"] == (9, 7, 16)
    assert lr4["avslutade"] == (5, 5, 10)
    assert lr4["kvar"] == (4, 2, 6)
    # VV-14 slutar 2022-02-28, lägesrapport 5:s sista dag: avslutad där. Kvinnor 03, 06, 08 (Lycksele, också i
    # Storuman), 10, 13; män 04, 09, 14.
    assert _antal(con, ram.period("lr5"), ["storuman"])["avslutade"] == (5, 3, 8)


def test_kalenderar_korsar_arsgranser(esf):
    con, _ = esf
    # 2020: inskrivna någon dag 2020 är 01 (slut 2020-03-20), 02, 03, 04, 05, 06, 07, 08, 09 och 10 (start 2020-12-14).
    a = _antal(con, 2020)
    assert a["deltagare"][2] == 10
    assert a["nya"][2] == 7  # 04 … 10
    assert a["avslutade"][2] == 4  # 01, 02, 06, 04
    assert a["kvar"][2] == 6  # 03, 05, 07, 08, 09, 10
    # 2021: 03, 05, 07, 08, 09, 10, 11, 12, 13, 14, 15, 16, 17, 18.
    a = _antal(con, 2021)
    assert (a["deltagare"][2], a["nya"][2], a["avslutade"][2], a["kvar"][2]) == (14, 8, 9, 5)


def test_delprojekten_per_kommun(esf):
    con, ram = esf
    p = ram.period("projektperioden")
    # Lycksele: 01, 02 (två inskrivningar, en person), 05, 07, 08, 11, 12, 14, 15, 16, 18, 20, 22 (alla avslutade);
    # Storuman: 03, 04, 06, 08, 09, 10, 13, 14, 17, 19, 21. VV-14 finns i båda; VV-08 också, men hon bor i Lycksele
    # och räknas i kommunen Lycksele (en gång, fast hon är i båda delprojekten).
    assert _antal(con, p, ["lycksele"])["deltagare"] == (7, 6, 13)
    assert _antal(con, p, ["storuman"])["deltagare"] == (7, 4, 11)
    kommuner = fragor.kor(con, "kommuner_jamforelse", period=p, plattformar=["lycksele", "storuman"], kommun=None)
    per_kommun = {(r["enhet_id"], r["matt_id"]): (r["kvinnor"], r["man"], r["totalt"])
                  for r in kommuner.iter_rows(named=True)}
    assert per_kommun[("lycksele", "deltagare")] == (7, 6, 13)
    assert per_kommun[("storuman", "deltagare")] == (6, 4, 10)
    # Andelen till arbete eller studier per kommun: Lycksele 8 av 13 (01, 02, 08, 20 arbete; 11, 14, 16, 22
    # studier), Storuman 6 av 8.
    assert per_kommun[("lycksele", "arbete_eller_studier")][2] == 8
    assert per_kommun[("storuman", "arbete_eller_studier")][2] == 6


def test_perioderna_visas_med_namn_i_ordning(esf):
    con, _ = esf
    df = fragor.kor(con, "perioder")
    assert df["namn"].to_list() == ["2022", "Projektperioden sep 2019 – aug 2022", "Lägesrapport 6",
                                    "Lägesrapport 5", "2021", "Lägesrapport 4", "Lägesrapport 3", "2020",
                                    "Lägesrapport 2", "Lägesrapport 1", "2019"]


def test_perioderna_synkas_och_raknas_om_nar_ramverket_andras(esf, tmp_path):
    con, _ = esf
    fil = tmp_path / "goals.yaml"
    fil.write_text((ESF / "goals.yaml").read_text(encoding="utf-8").replace(
        'slut: 2021-08-31, typ: lagesrapport, jamfor_med: lr3', 'slut: 2021-06-30, typ: lagesrapport, jamfor_med: lr3'),
        encoding="utf-8")
    try:
        assert malramverk.las_med_reserv(con, fil).fel is None
        # VV-16 (M) börjar 2021-08-16 och faller ur lägesrapport 4 när den slutar 2021-06-30.
        assert _antal(con, perioder.heltal("lr4"))["deltagare"] == (9, 6, 15)
    finally:
        assert malramverk.las_med_reserv(con, ESF / "goals.yaml").fel is None
    assert _antal(con, perioder.heltal("lr4"))["deltagare"] == (9, 7, 16)


def test_definitionen_valjs_efter_periodens_startar(esf):
    con, ram = esf
    rader = con.execute("SELECT period, definitionsar FROM v_period").fetchall()
    assert dict(rader)[int(ram.period("lr4"))] == 2019


# ---------------------------------------------------------------- delårsrapport ur standarddatans form

DELAR_DELTAGARE = """deltagar_id;plattform_id;kommun_id;kon;startdatum;slutdatum;avslutsorsak
D-01;ungdomstorget;umea;K;2021-02-01;2021-05-31;arbete
D-02;ungdomstorget;umea;M;2021-03-01;2021-10-15;studier
D-03;ungdomstorget;umea;K;2021-09-01;2022-03-31;arbete
D-04;ungdomstorget;umea;M;2021-11-01;2022-08-31;ovriga_avbrott
D-05;ungdomstorget;umea;K;2022-01-10;2022-06-30;studier
D-06;ungdomstorget;umea;M;2022-02-01;;
D-07;vuxentorget;umea;K;2021-01-04;2021-08-31;fortsatt_rehab
D-08;vuxentorget;umea;M;2021-06-01;2022-01-31;arbete
D-09;vuxentorget;umea;K;2022-04-01;2022-08-15;arbete
D-10;vuxentorget;umea;M;2022-05-02;;
"""

DELAR_PERIODER = """perioder:
  - 2019
  - 2020
  - 2021
  - 2022
  - {id: delar2021, namn: "Delår jan–aug 2021", start: 2021-01-01, slut: 2021-08-31, typ: delar}
  - {id: delar2022, namn: "Delår jan–aug 2022", start: 2022-01-01, slut: 2022-08-31, typ: delar, jamfor_med: delar2021}
"""


@pytest.fixture
def delar(standarddatabas, tmp_path):
    fil = ny_databas(tmp_path / "delar.duckdb", fran=standarddatabas)
    csv = tmp_path / "deltagare.csv"
    csv.write_text(DELAR_DELTAGARE, encoding="utf-8")
    goals = tmp_path / "goals.yaml"
    text = GOALS.read_text(encoding="utf-8")
    text = text.replace("perioder: [2019, 2020]\n", DELAR_PERIODER)
    # Förbundets målnivå för positiv lösning gäller delåret.
    text = re.sub(r"malniva: \{2020: 90\}", "malniva: {2020: 90, delar2022: 90, delar2021: 90}", text, count=1)
    goals.write_text(text, encoding="utf-8")
    with skriv(fil) as con:
        con.execute("BEGIN TRANSACTION")
        las_in_fil(con, "deltagare", csv, "test")
        con.execute("COMMIT")
        databas.skapa_vyer(con)
        inlast = malramverk.las_med_reserv(con, goals)
        assert inlast.ramverk is not None, inlast.fel
        yield con, inlast.ramverk


def test_delar_bredvid_helaret_och_forra_arets_delar(delar):
    con, ram = delar
    namn = fragor.kor(con, "perioder")["namn"].to_list()
    # Deltagardata till 31 augusti 2022: helåret 2022 (hittills), delåret jan–aug 2022 och förra årets jan–aug.
    assert namn[:4] == ["2022", "Delår jan–aug 2022", "2021", "Delår jan–aug 2021"]
    d22 = ram.period("delar2022")
    a = _antal(con, d22, ["ungdomstorget", "vuxentorget"])
    # Inskrivna någon dag jan–aug 2022: D-03, 04, 05, 06, 08, 09, 10. Avslutade: D-03 (mars), D-04 (31 aug),
    # D-05, D-08 (jan), D-09.
    assert a["deltagare"][2] == 7
    assert a["avslutade"][2] == 5
    a21 = _antal(con, ram.period("delar2021"), ["ungdomstorget", "vuxentorget"])
    # Jan–aug 2021: D-01, 02, 07, 08. Avslutade: D-01 (maj), D-07 (31 aug).
    assert (a21["deltagare"][2], a21["avslutade"][2]) == (4, 2)
    # Standarddatans år 2020 är oförändrade.
    assert _antal(con, 2020, ["ungdomstorget"])["deltagare"] == _antal_standard(con)


def _antal_standard(con):
    rad = con.execute("SELECT sum(antal) FILTER (WHERE kon = 'K'), sum(antal) FILTER (WHERE kon = 'M'), sum(antal) "
                      "FROM utfall WHERE period = 2020 AND plattform_id = 'ungdomstorget' AND matt_id = 'deltagare'"
                      ).fetchall()[0]
    return tuple(int(x) for x in rad)


def test_delaret_jamfors_med_forra_arets_delar(delar):
    from uppfoljning import bedomning, visning

    con, ram = delar
    resultat = bedomning.bedom(con, ram, perioder.heltal("delar2022"), mal_id="mal1", scope_id="ungdomstorget")
    pl = next(i for i in resultat[0].indikatorer if i.indikator_id == "positiv_losning" and i.kon == "alla")
    # Ungdomstorget jan–aug 2022: avslutade D-03 (arbete), D-04 (övriga avbrott), D-05 (studier): 2 av 3 = 67 %.
    # Jan–aug 2021: D-01 (arbete): 1 av 1 = 100 %. Aldrig helåret 2021 (D-01, D-02: 100 %) eller 2022.
    assert (pl.varde, pl.varde_forra_aret) == (67, 100)
    assert str(resultat[0].period) == "Delår jan–aug 2022"
    tabell = visning.indikatortabell(resultat[0].indikatorer, resultat[0].period)
    assert "Utfall Delår jan–aug 2021" in tabell.columns and "Utfall Delår jan–aug 2022" in tabell.columns


# ---------------------------------------------------------------- fel vid inläsning


@contextmanager
def _esf_kopia(esf_databas_fil: Path, tmp_path: Path):
    fil = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas_fil)
    with skriv(fil) as con:
        assert malramverk.las_med_reserv(con, ESF / "goals.yaml").fel is None
        yield con


@pytest.fixture
def esf_skrivbar(tmp_path, monkeypatch):
    # Inläsningen prövar rapporterade indikatorer mot det målramverk som gäller, som i appen.
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    fil = ny_databas(tmp_path / "bygge" / "esf.duckdb", datasets=ESF / "datasets")
    with _esf_kopia(fil, tmp_path) as con:
        yield con


def _innehall(con) -> tuple:
    return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                 for t in ("deltagare", "indikator_rapporterat", "kalla", "utfall_fran_deltagare"))


def test_deltagare_utanfor_alla_perioder_ar_fel_med_rad(esf_skrivbar):
    from uppfoljning import uppladdning
    from uppfoljning.fel import InlasningsFel

    con = esf_skrivbar
    fore = _innehall(con)
    fil = ("Deltagar-id;Plattform;Kommun;Kön;Startdatum;Slutdatum;Avslutsorsak\n"
           "VV-30;lycksele;lycksele;Kvinna;2021-03-01;2021-09-30;Arbete\n"
           "VV-31;storuman;storuman;Man;2018-02-01;2018-06-30;Studier\n").encode("utf-8")
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.las_in(con, fil, "deltagare_2018.csv", "deltagare", "test")
    text = str(fel.value)
    # Förut: raden lästes in och gav ett eget år 2018 utanför projektet.
    assert "rad 3" in text and "Startdatum, Slutdatum" in text
    assert "Deltagarens datum (2018-02-01 – 2018-06-30) ligger utanför alla målramverkets perioder " \
           "(2019-09-01 – 2022-08-31)" in text
    assert "rad 2" not in text
    assert _innehall(con) == fore


def test_rapporterat_varde_for_en_namngiven_period(esf_skrivbar):
    from uppfoljning import uppladdning
    from uppfoljning.fel import InlasningsFel

    con = esf_skrivbar
    fore = _innehall(con)
    okand = ("År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n"
             "lr4;lycksele;arbete_eller_studier;alla;55;;\n"
             "lr9;lycksele;arbete_eller_studier;alla;60;;\n").encode("utf-8")
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.las_in(con, okand, "rapporterat.csv", "indikator_rapporterat", "test")
    assert "rad 3, kolumn År: Perioden lr9 är varken ett år eller en period i målramverket (lr1, lr2, lr3, lr4, lr5, lr6, " \
           "projektperioden)" in str(fel.value)
    assert "rad 2" not in str(fel.value)
    assert _innehall(con) == fore
    # Ett id i filens årskolumn är perioden: lagras med periodens heltal.
    uppladdning.las_in(con, okand.rsplit(b"\n", 2)[0] + b"\n", "rapporterat.csv", "indikator_rapporterat", "test")
    assert con.execute("SELECT period, procent FROM indikator_rapporterat").fetchall() == [(perioder.heltal("lr4"), 55)]


def test_tolka_period_for_kommandoraden(esf):
    con, _ = esf
    assert (perioder.tolka(con, "2021"), perioder.tolka(con, "lr4")) == (2021, perioder.heltal("lr4"))
    with pytest.raises(ValueError, match="Perioden lr9 finns inte bland målramverkets perioder"):
        perioder.tolka(con, "lr9")


def test_over_tid_delar_bredvid_delar(delar):
    from uppfoljning import kon_och_tid as kt
    from uppfoljning import omfattning

    con, ram = delar
    ind = ram.indikatorer["positiv_losning"]
    omf = omfattning.Omfattning("ungdomstorget", "Ungdomstorget", ("ungdomstorget",))
    df = fragor.kor(con, "over_tid", **kt.fragparametrar("positiv_losning", ind, omf, "delar"))
    alla = {r["period"]: r["varde"] for r in df.iter_rows(named=True) if r["kon"] == "alla"}
    # Jan–aug 2021: 1 av 1 (D-01); jan–aug 2022: 2 av 3 (D-03, D-05 av D-03, D-04, D-05). Inga helår i serien.
    assert alla == {perioder.heltal("delar2021"): 100, perioder.heltal("delar2022"): 67}
    ar = fragor.kor(con, "over_tid", **kt.fragparametrar("positiv_losning", ind, omf))
    assert set(ar["period"].to_list()) == {2019, 2020, 2021, 2022}


def test_data_for_en_period_som_tagits_bort_ur_ramverket(esf_skrivbar, tmp_path):
    from uppfoljning import uppladdning

    con = esf_skrivbar
    uppladdning.las_in(con, ("År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n"
                             "lr4;lycksele;arbete_eller_studier;alla;55;;\n").encode("utf-8"),
                       "rapporterat.csv", "indikator_rapporterat", "test")
    text = (ESF / "goals.yaml").read_text(encoding="utf-8")
    utan_lr4 = "\n".join(r for r in text.splitlines() if "id: lr4" not in r).replace("jamfor_med: lr4", "jamfor_med: lr3")
    fil = tmp_path / "goals.yaml"
    fil.write_text(utan_lr4, encoding="utf-8")
    inlast = malramverk.las_med_reserv(con, fil)
    assert "data finns för perioden Lägesrapport 4 (tabellen indikator_rapporterat) men perioden finns inte bland " \
           "ramverkets perioder" in inlast.fel
    # Appen fortsätter på det senast giltiga ramverket, där perioden finns; inget lagrat har ändrats.
    assert inlast.ramverk is not None and inlast.ramverk.period("lr4").namn == "Lägesrapport 4"
    assert con.execute("SELECT count(*) FROM indikator_rapporterat").fetchall() == [(1,)]


def test_en_kopia_av_en_period_ar_perioden_sjalv():
    """Streamlit kopierar (deepcopy) det valda värdet i en väljare vid varje körning: en period kopieras inte (den
    ändras inte efter att den byggts), och namnet och jämförelseperioden följer med också genom pickle."""
    import copy
    import pickle

    from uppfoljning.perioder import Period

    forra = Period(2019)
    p = Period(2020)
    p.forra_period = forra
    assert copy.deepcopy(p) is p and copy.copy(p) is p
    assert copy.deepcopy([p])[0] is p
    ur_pickle = pickle.loads(pickle.dumps(p))
    assert ur_pickle == 2020 and str(ur_pickle) == "2020" and ur_pickle.forra_period == 2019
