"""Sidan Ekonomi mot Bilaga 4 i styrelsehandlingen (rad 6920-6995) och Bilaga 3 (deltagare, rad 6793-6918).

Alla förväntade tal är handräknade ur källan. Kostnader är negativa som i källan; avvikelse = utfall - budget.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import ekonomi, fragor

from .conftest import DASHBOARD, skriv, ny_databas

ESF = Path(__file__).parent / "data" / "esf"


def _budget(con, period=2020) -> dict[str, dict]:
    df = fragor.kor(con, "ekonomi_budget", period=period)
    return {r["rad"]: r for r in df.iter_rows(named=True)}


# Bilaga 4, summaraderna (rad 6935-6990): (rad, utfall beräknat ur posterna, budget beräknad ur posterna,
# källans utfall, källans budget). None = ej budgeterat.
SUMMOR = [
    ("Summa intäkter SAMO", 11483, 11490, 11483, 11490),  # 11 380 + 103; 11 380 + 110
    ("Summa intäkter HFE", 1649, None, 1649, None),  # 1 623 + 26
    # -227 -1 654 -111 +0 -4 -62 -363 -109 = -2 530, källan skriver -2 531 (rad 6957)
    ("Summa kansli, styrelse och administration SAMO", -2530, -2460, -2531, -2460),
    # -60 -40 -130 -51 = -281, källan skriver -282 (rad 6965)
    ("Summa verksamhetsnära kostnader SAMO", -281, -520, -282, -520),
    ("Summa insatser SAMO", -8746, -9330, -8746, -9330),
    ("Summa ESF-projekt HFE", -1557, None, None, None),  # källans summarad saknar namn (rad 6987)
    # -2 530 -281 -8 746 = -11 557; källan -11 558 (rad 6989). Budget -2 460 -520 -9 330 = -12 310.
    ("Totala kostnader SAMO", -11557, -12310, -11558, -12310),
    ("Totala kostnader HFE", -1557, None, -1557, None),
    ("Resultat SAMO", -74, -820, -75, -820),  # 11 483 - 11 557; 11 490 - 12 310
    ("Resultat HFE", 92, -200, 92, -200),  # 1 649 - 1 557; nettobudget -200 ur källan
    ("Årets resultat", 18, -1020, 17, -1020),  # -74 + 92; -820 + -200
]


@pytest.mark.parametrize(("rad", "utfall", "budget", "kallans_utfall", "kallans_budget"), SUMMOR)
def test_summor_raknas_ur_posterna_och_star_bredvid_kallans(con, rad, utfall, budget, kallans_utfall,
                                                            kallans_budget):
    r = _budget(con)[rad]
    assert (r["utfall_tkr"], r["budget_tkr"]) == (utfall, budget)
    assert (r["rapporterat_utfall_tkr"], r["rapporterat_budget_tkr"]) == (kallans_utfall, kallans_budget)


def test_kallans_summor_som_inte_stammer_blir_fynd(con):
    """Fem rader där källans summa är 1 tkr från posternas; budgetsummorna stämmer alla."""
    df = fragor.kor(con, "ekonomi_budget", period=2020)
    assert sorted(df.filter(df["utfall_avviker"])["rad"].to_list()) == sorted([
        "Summa kansli, styrelse och administration SAMO", "Summa verksamhetsnära kostnader SAMO",
        "Totala kostnader SAMO", "Resultat SAMO", "Årets resultat"])
    assert df.filter(df["budget_avviker"]).height == 0
    fynd = ekonomi.fynd(df)
    kansli = fynd.filter(fynd["Rad"] == "Summa kansli, styrelse och administration SAMO")["Beskrivning"][0]
    assert kansli == "Källan anger utfallet -2 531 tkr, men posterna summerar till -2 530 tkr."
    totalt = fynd.filter(fynd["Rad"] == "Totala kostnader SAMO")["Beskrivning"][0]
    assert totalt == "Källan anger utfallet -11 558 tkr, men posterna summerar till -11 557 tkr."


def test_avvikelse_ar_utfall_minus_budget_som_i_kallan(con):
    """Kolumnen Avvikelse utfall-budget (rad 6945-6993): positiv för en kostnad = lägre kostnad."""
    rader = _budget(con)
    assert rader["Kanslipersonal"]["avvikelse_tkr"] == -114  # -1 654 - (-1 540)
    assert rader["Vuxentorget"]["avvikelse_tkr"] == 515  # -2 335 - (-2 850)
    assert rader["Övriga intäkter"]["avvikelse_tkr"] == -7  # 103 - 110
    assert rader["Summa insatser SAMO"]["avvikelse_tkr"] == 584
    assert rader["Resultat HFE"]["avvikelse_tkr"] == 292
    assert ekonomi.avvikelsen_innebar(515, "kostnader") == "lägre kostnad än budgeterat"
    assert ekonomi.avvikelsen_innebar(-114, "kostnader") == "högre kostnad än budgeterat"
    assert ekonomi.avvikelsen_innebar(-7, "intakter") == "lägre intäkter än budgeterat"
    assert ekonomi.avvikelsen_innebar(0, "kostnader") == "som budgeterat"
    assert ekonomi.avvikelsen_innebar(None, "kostnader") == ""


def test_hfe_ar_bara_nettobudgeterat(con):
    """Tomma budgetceller för HFE är ej budgeterat, inte 0 (fotnoten rad 6994-6995)."""
    rader = _budget(con)
    for post in ["EU-bidrag", "Projektledare", "Summa intäkter HFE", "Totala kostnader HFE"]:
        assert rader[post]["budget_tkr"] is None and rader[post]["avvikelse_tkr"] is None, post
    assert rader["Resultat HFE"]["budget_ur_kallan"] is True
    assert rader["Resultat SAMO"]["budget_ur_kallan"] is False
    # Budget 0 är en budget: Övriga verksamhetsnära kostnader -51 mot 0.
    assert (rader["Övriga verksamhetsnära kostnader"]["budget_tkr"],
            rader["Övriga verksamhetsnära kostnader"]["avvikelse_tkr"]) == (0, -51)


def test_tabellen_visar_ej_budgeterat_och_fynd_bredvid_siffran(con):
    tabell = ekonomi.budgettabell(fragor.kor(con, "ekonomi_budget", period=2020), 2020)
    rader = {r["Rad"]: r for r in tabell.iter_rows(named=True)}
    assert rader["Projektledare"]["Budget 2020"] == "ej budgeterat"
    assert rader["Fortbildning för tjänstemän"]["Budget 2020"] == "-40 tkr"
    kansli = rader["Summa kansli, styrelse och administration SAMO ⚠"]
    assert (kansli["Utfall 2020"], kansli["Budget 2020"], kansli["Avvikelse utfall − budget"]) == (
        "-2 530 tkr", "-2 460 tkr", "-70 tkr")
    assert "-2 531 tkr" in kansli["Anmärkning"]
    assert rader["Totala kostnader SAMO ⚠"]["Utfall 2020"] == "-11 557 tkr"
    assert rader["Resultat HFE"]["Anmärkning"].startswith("Nettobudget enligt källan")
    assert rader["Vuxentorget"]["Innebär"] == "lägre kostnad än budgeterat"
    # Avsnittsrubriker i källans ordning före sina poster.
    rubriker = tabell.filter(tabell["Radtyp"] == "rubrik")["Rad"].to_list()
    assert rubriker == ["Intäkter SAMO", "Intäkter HFE", "Kansli, styrelse och administration SAMO",
                        "Verksamhetsnära kostnader SAMO", "Insatser SAMO", "ESF-projekt HFE"]
    assert "Radtyp" not in ekonomi.budgettabell_for_nedladdning(tabell).columns


def test_summarad_som_bara_finns_i_kallan_blir_fynd(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        con.execute("INSERT INTO budget_rapporterat VALUES (2020, 'Summa okänt avsnitt', -12, NULL, 1)")
        df = fragor.kor(con, "ekonomi_budget", period=2020)
    rad = df.filter(df["rad"] == "Summa okänt avsnitt").row(0, named=True)
    assert (rad["radtyp"], rad["utfall_avviker"]) == ("bara_i_kallan", True)
    assert any("Summa okänt avsnitt" in b and "går inte att räkna fram" in b
               for b in ekonomi.fynd(df)["Beskrivning"].to_list())


def test_ar_utan_budget_ger_inga_rader(con):
    assert fragor.kor(con, "ekonomi_budget", period=2019).height == 0
    assert fragor.kor(con, "ekonomi_insatser", period=2019).height == 0
    assert fragor.kor(con, "ekonomi_kostnad_per_deltagare", period=2019, minsta_avslutade=5).height == 0


def test_insatser_for_diagrammet(con):
    df = fragor.kor(con, "ekonomi_insatser", period=2020)
    rader = {r["insats"]: r for r in df.iter_rows(named=True)}
    assert df["insats"].to_list()[:6] == ["Vännäs", "Nordmaling", "Vindeln", "Robertsfors", "Bjurholm",
                                          "Ungdomstorget"]
    assert (rader["Vuxentorget"]["utfall_kostnad_tkr"], rader["Vuxentorget"]["budget_kostnad_tkr"],
            rader["Vuxentorget"]["avvikelse_tkr"]) == (2335, 2850, 515)
    # HFE: -968 -419 -90 -50 -30 = -1 557, ej budgeterat (rad 6981-6987)
    assert (rader["HFE"]["utfall_kostnad_tkr"], rader["HFE"]["budget_kostnad_tkr"]) == (1557, None)
    assert rader["Kartläggning ohälsa Robertsfors"]["avvikelse_tkr"] == -115
    assert "Medlemsavgifter" not in rader and "EU-bidrag" not in rader and "Kanslipersonal" not in rader


def test_diagrammet_visar_kostnad_positivt_med_avvikelse_i_hovring(con):
    fig = ekonomi.insatsdiagram(fragor.kor(con, "ekonomi_insatser", period=2020), 2020)
    budget, utfall = fig.data
    assert utfall.name == "Utfall 2020" and budget.name == "Budget 2020"
    assert min(v for v in utfall.y if v is not None) >= 0
    assert fig.layout.yaxis.title.text == "Kostnad, tkr"
    assert "tkr" in fig.layout.title.text
    vux = list(utfall.x).index("Vuxentorget")
    assert "Avvikelse utfall − budget: 515 tkr (lägre kostnad än budgeterat)" in utfall.hovertext[vux]
    assert "Budget: ej budgeterat" in utfall.hovertext[list(utfall.x).index("HFE")]


# Kostnad (Bilaga 4) och deltagare/avslutade under året (Bilaga 3): (tkr, deltagare, avslutade, kr per
# deltagare, kr per avslutad). Hela kronor, halvt uppåt.
KOSTNAD_PER_DELTAGARE = {
    "ungdomstorget": (2728, 244, 56, 11180, 48714),  # 2 728 000 / 244 = 11 180,3; / 56 = 48 714,3
    "vuxentorget": (2335, 434, 40, 5380, 58375),  # 2 335 000 / 434 = 5 380,2; / 40 = 58 375
    "vannas": (710, 78, 34, 9103, 20882),  # 9 102,56; 20 882,35
    "vindeln": (410, 33, 19, 12424, 21579),  # 12 424,2; 21 578,9
    "robertsfors": (410, 57, 34, 7193, 12059),  # 7 192,98; 12 058,82
    "nordmaling": (382, 53, 26, 7208, 14692),  # 7 207,55; 14 692,3
    "bjurholm": (376, 15, 1, 25067, 376000),  # 25 066,7; 376 000 / 1
    "hfe": (1557, 100, 27, 15570, 57667),  # summan av ESF-projektets poster; 57 666,7
}


def test_kostnad_per_deltagare_och_per_avslutad(con):
    df = fragor.kor(con, "ekonomi_kostnad_per_deltagare", period=2020, minsta_avslutade=5)
    rader = {r["plattform_id"]: r for r in df.iter_rows(named=True)}
    for plattform, (tkr, deltagare, avslutade, per_deltagare, per_avslutad) in KOSTNAD_PER_DELTAGARE.items():
        r = rader[plattform]
        assert (r["kostnad_tkr"], r["deltagare"], r["avslutade"], r["kr_per_deltagare"], r["kr_per_avslutad"]) == (
            tkr, deltagare, avslutade, per_deltagare, per_avslutad), plattform
        assert r["fa_avslutade"] is (avslutade < 5), plattform
    # NAFS har kostnad men inga deltagare.
    assert (rader["nafs"]["kostnad_tkr"], rader["nafs"]["deltagare"], rader["nafs"]["kr_per_deltagare"],
            rader["nafs"]["fa_avslutade"]) == (355, None, None, None)


def test_kronor_avrundas_halvt_uppat_i_sql(skrivbar_databas):
    """409 989 kr / 34 avslutade = 12 058,5 -> 12 059 (halvt uppåt; bankavrundning skulle ge 12 058)."""
    with skriv(skrivbar_databas) as con:
        con.execute("UPDATE budget SET utfall_tkr = -409.989 WHERE plattform_id = 'robertsfors'")
        df = fragor.kor(con, "ekonomi_kostnad_per_deltagare", period=2020, minsta_avslutade=5)
    r = df.filter(df["plattform_id"] == "robertsfors").row(0, named=True)
    assert (r["kr_per_avslutad"], r["kr_per_deltagare"]) == (12059, 7193)  # 409 989 / 57 = 7 192,8


def test_kostnadstabell_i_kronor_med_fa_avslutade_i_ord(con):
    df = fragor.kor(con, "ekonomi_kostnad_per_deltagare", period=2020, minsta_avslutade=5)
    tabell = ekonomi.kostnadstabell(df, 5)
    rader = {r["Plattform"]: r for r in tabell.iter_rows(named=True)}
    ung = rader["Ungdomstorget"]
    assert (ung["Kostnad"], ung["Kostnad per deltagare"], ung["Kostnad per avslutad"], ung["Anmärkning"]) == (
        "2 728 tkr", "11 180 kr", "48 714 kr", "")
    bjurholm = rader["Bjurholm"]
    assert (bjurholm["Kostnad per deltagare"], bjurholm["Kostnad per avslutad"]) == ("25 067 kr", "376 000 kr")
    assert "Få avslutade: färre än 5" in bjurholm["Anmärkning"]
    assert rader["NAFS"]["Kostnad per deltagare"] == "–"
    assert rader["NAFS"]["Anmärkning"] == "Inga deltagare redovisas för insatsen."


@pytest.mark.parametrize(("varde", "visat"), [(11180, "11 180 kr"), (376000, "376 000 kr"), (0, "0 kr"),
                                              (5380, "5 380 kr"), (None, "–")])
def test_kr(varde, visat):
    assert ekonomi.kr(varde) == visat


# ---------------------------------------------------------------- sidan


@pytest.fixture(autouse=True)
def _tomma_streamlits_cachar():
    """ui.anslutning() cachas per process, inte per databasfil: utan detta skulle en AppTest här
    återanvända en tidigare tests databas, och nästa testmodul ärva denna moduls."""
    from uppfoljning import ui

    ui.glom_minnet()
    yield
    ui.glom_minnet()


def _sidan(ar: str | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    if ar is not None:
        at.query_params["ar"] = ar
    at.run()
    at.switch_page("pages/ekonomi.py").run()
    return at


def _tabell(at: AppTest, i: int):
    """Tabellen som den visas; beloppen har hårda mellanslag på sidan, här vanliga för jämförelsen."""
    return at.table[i].value.replace("\u00a0", " ", regex=True)


def test_sidan_visar_bilaga_4_och_kostnad_per_deltagare(app_databas):
    at = _sidan()
    assert not at.exception and not at.error
    assert at.selectbox[0].value == 2020
    budget = _tabell(at, 0)
    totalt = budget[budget["Rad"] == "Totala kostnader SAMO ⚠"].iloc[0]
    assert (totalt["Utfall 2020"], totalt["Budget 2020"]) == ("-11 557 tkr", "-12 310 tkr")
    kansli = budget[budget["Rad"] == "Summa kansli, styrelse och administration SAMO ⚠"].iloc[0]
    assert "Källan anger utfallet -2 531 tkr" in kansli["Anmärkning"]
    assert (budget[budget["Rad"] == "Projektledare"]["Budget 2020"] == "ej budgeterat").all()
    varning = at.warning[0].value
    assert "5 rader" in varning and "Datakvalitet" in varning
    text = " ".join(m.value for m in at.markdown)
    assert "positiv avvikelse att kostnaden blev lägre än budgeterat" in text
    assert "bara förbundets andel av kostnaden" in text and "Parternas egna resurser" in text
    kostnad = _tabell(at, 1)
    ung = kostnad[kostnad["Plattform"] == "Ungdomstorget"].iloc[0]
    assert (ung["Kostnad per deltagare"], ung["Kostnad per avslutad"]) == ("11 180 kr", "48 714 kr")
    assert "Få avslutade" in kostnad[kostnad["Plattform"] == "Bjurholm"].iloc[0]["Anmärkning"]
    assert len(at.get("plotly_chart")) == 1
    assert at.query_params["ar"] == "2020"


def test_url_med_ar_ger_samma_vy(app_databas):
    forvald = _sidan()
    fran_url = _sidan("2020")
    assert not fran_url.exception
    assert fran_url.selectbox[0].value == 2020
    for i in range(2):
        assert fran_url.table[i].value.equals(forvald.table[i].value)


def test_ar_utan_budget_sags_i_ord(app_databas):
    at = _sidan("2019")
    assert not at.exception
    assert at.selectbox[0].value == 2019
    assert at.info[0].value.startswith("Det finns ingen budget lagrad för 2019.")
    assert len(at.table) == 0 and len(at.get("plotly_chart")) == 0


def test_annan_organisation_utan_budget(tmp_path, monkeypatch):
    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = _sidan()
    assert not at.exception
    assert "Det finns ingen budget lagrad" in at.info[0].value
