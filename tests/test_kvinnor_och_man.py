"""Sidan Kvinnor och män: frågorna kon_jamforelse, kon_enkat och kon_enkat_svarsfrekvens, presentationen i
uppfoljning/kon_och_tid.py och sidan själv, mot styrelsehandlingen (umearegionen-board-pack-2021.txt)."""

from __future__ import annotations


import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import fragor
from uppfoljning import kon_och_tid as kt

from .conftest import DASHBOARD, forbundets_plattformar, ny_databas, skriv


def _matt(con, plattformar, period=2020) -> dict[str, dict]:
    df = fragor.kor(con, "kon_jamforelse", period=period, plattformar=plattformar)
    return {r["matt_id"]: r for r in df.iter_rows(named=True)}


# ---------------------------------------------------------------- frågan kon_jamforelse


def test_forbundet_per_kon_som_i_summatabellen(con):
    """Förbundets summatabell, rad 5555-5570: avslutade 99/111, positiv lösning 71/79, arbete 20/26."""
    rader = _matt(con, forbundets_plattformar(con))
    assert (rader["avslutade"]["kvinnor"], rader["avslutade"]["man"]) == (99, 111)
    pos = rader["positiv_losning"]
    # 71 av 99 = 71,7 -> 72 %; 79 av 111 = 71,2 -> 71 %.
    assert (pos["kvinnor"], pos["bas_kvinnor"], pos["andel_kvinnor_procent"]) == (71, 99, 72)
    assert (pos["man"], pos["bas_man"], pos["andel_man_procent"]) == (79, 111, 71)
    assert pos["skillnad_procentenheter"] == 1
    arbete = rader["arbete"]
    # Varav-andelar räknas mot positiv lösning (2020): 20 av 71 = 28 %, 26 av 79 = 33 %.
    assert (arbete["kvinnor"], arbete["bas_kvinnor"], arbete["andel_kvinnor_procent"]) == (20, 71, 28)
    assert (arbete["man"], arbete["bas_man"], arbete["andel_man_procent"]) == (26, 79, 33)
    assert arbete["skillnad_procentenheter"] == -5
    assert arbete["andel_av"] == "positiv_losning"
    # Andel kvinnor bland deltagarna: 415 av 914 = 45,4 -> 45 %.
    assert (rader["deltagare"]["kvinnor_av_totalt_procent"], rader["deltagare"]["man_av_totalt_procent"]) == (45, 55)
    assert rader["deltagare"]["andel_av"] is None and rader["deltagare"]["skillnad_procentenheter"] is None


def test_vannas_avbrott_av_halsoskal(con):
    """Vännäs, rad 6834-6847: avbrott av hälsoskäl 6 av 14 kvinnor (43 %), 3 av 20 män (15 %)."""
    r = _matt(con, ["vannas"])["avbrott_halsa"]
    assert (r["kvinnor"], r["bas_kvinnor"], r["andel_kvinnor_procent"]) == (6, 14, 43)
    assert (r["man"], r["bas_man"], r["andel_man_procent"]) == (3, 20, 15)
    assert r["skillnad_procentenheter"] == 28


def test_skillnaden_raknas_pa_de_avrundade_andelarna(con):
    """Vuxentorget, rad 6829: fortsatt rehab 4 av 12 kvinnor (33 %) och 4 av 17 män (24 %). Oavrundat är
    skillnaden 9,8 procentenheter (avrundat 10), men styrelsen ser 33 % och 24 %: skillnaden är 9."""
    r = _matt(con, ["vuxentorget"])["fortsatt_rehab"]
    assert (r["andel_kvinnor_procent"], r["andel_man_procent"], r["skillnad_procentenheter"]) == (33, 24, 9)
    assert not kt.stor_skillnad(r["skillnad_procentenheter"], 10)


def test_period_utan_utfall_ger_tomt_svar(con):
    assert fragor.kor(con, "kon_jamforelse", period=2019, plattformar=["ungdomstorget"]).height == 0


# ---------------------------------------------------------------- presentationen


def test_skillnadstext():
    assert (kt.skillnadstext(28), kt.skillnadstext(-5), kt.skillnadstext(0), kt.skillnadstext(None)) == (
        "+28", "-5", "±0", "")


def test_stor_skillnad_ar_minst_gransen_at_nagot_hall():
    assert kt.stor_skillnad(10, 10) and kt.stor_skillnad(-10, 10)
    assert not kt.stor_skillnad(9, 10) and not kt.stor_skillnad(None, 10)
    assert kt.stor_skillnad(0, 0)


def test_tolka_grans_ur_url():
    assert kt.tolka_grans("15") == 15
    assert kt.tolka_grans(" 5 ") == 5
    assert kt.tolka_grans(None) is None
    assert kt.tolka_grans("tio") is None
    assert kt.tolka_grans("101") is None and kt.tolka_grans("-1") is None


def test_konstabellen_markerar_stora_skillnader_med_symbol_och_text(con):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=["vannas"])
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=["vannas"], forbund=False)
    tabell = {r["Mått"].strip(): r for r in kt.konstabell(utfall, 10, fynd).iter_rows(named=True)}
    halsa = tabell["Avbrott av hälsoskäl"]
    assert (halsa["Kvinnor"], halsa["Andel kvinnor"], halsa["Män"], halsa["Andel män"]) == ("6", "43 %", "3", "15 %")
    assert halsa[kt.SKILLNAD] == "+28"
    assert halsa["Markering"] == "◆ Stor skillnad"
    assert halsa["Andelen räknas av"] == "avslutade"
    # Positiv lösning 7 av 14 (50 %) mot 9 av 20 (45 %): +5, inte stort.
    assert tabell["Avslutade till en för individen positiv lösning"]["Markering"] == ""
    # Studier 3 av 7 (43 %) mot 3 av 9 (33 %): precis 10 är stort.
    assert tabell["Varav till studier"]["Markering"] == "◆ Stor skillnad"
    # Volymer har ingen andel och ingen skillnad.
    assert tabell["Antal deltagare hela året"]["Andel kvinnor"] == ""
    assert tabell["Antal deltagare hela året"]["Markering"] == ""
    # ⚠ där källans Totalt motsäger könen (arbete: Totalt 3 men 0 + 2).
    assert "Varav till arbete ⚠" in tabell
    # Delmåtten dras in med hårda mellanslag (vanliga blir kodblock i st.table).
    assert kt.konstabell(utfall, 10, fynd)["Mått"][4] == kt.INDRAG + "Varav till arbete ⚠"
    assert "Annat/okänt kön" not in kt.konstabell(utfall, 10, fynd).columns

    med_hog_grans = {r["Mått"].strip(): r for r in kt.konstabell(utfall, 30, fynd).iter_rows(named=True)}
    assert med_hog_grans["Avbrott av hälsoskäl"]["Markering"] == ""
    assert med_hog_grans["Övriga avbrott"]["Markering"] == "◆ Stor skillnad"  # 7 % mot 40 %: -33


def test_stora_skillnader_i_ord(con):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=["vannas"])
    meningar = kt.stora_skillnader(utfall, 25)
    assert meningar == [
        "◆ **Avbrott av hälsoskäl**: kvinnor 43 % (6 av 14 avslutade), män 15 % (3 av 20 avslutade), "
        "+28 procentenheter.",
        "◆ **Övriga avbrott**: kvinnor 7 % (1 av 14 avslutade), män 40 % (8 av 20 avslutade), -33 procentenheter.",
    ]


def test_nedladdningen_har_tal_som_tal(con):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=forbundets_plattformar(con))
    ned = kt.konstabell_nedladdning(utfall, 10)
    pos = ned.filter(ned["Mått"] == "Avslutade till en för individen positiv lösning").row(0, named=True)
    assert (pos["Kvinnor"], pos["Bas kvinnor"], pos["Andel kvinnor (%)"], pos["Andel män (%)"]) == (71, 99, 72, 71)
    assert pos["Skillnad kvinnor–män (procentenheter)"] == 1
    assert pos["Stor skillnad (minst 10 procentenheter)"] == ""


def test_diagrammet_visar_andelar_per_kon_med_antal_i_hovringen(con):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=["vannas"])
    fig = kt.kondiagram(utfall, 10, "Andel per kön och mått, Vännäs 2020 (%)")
    spar = {t.name: t for t in fig.data}
    assert set(spar) == {"Kvinnor", "Män"}
    kvinnor = spar["Kvinnor"]
    i = list(kvinnor.y).index("◆ Avbrott av hälsoskäl")
    assert kvinnor.x[i] == 43 and kvinnor.text[i] == "43 %"
    assert "6 av 14 avslutade" in kvinnor.customdata[i][0]
    assert "+28 procentenheter" in kvinnor.customdata[i][0]
    assert "Avslutade till en för individen positiv lösning" in list(kvinnor.y)  # inget ◆ vid +5


def test_deltagarnas_konsfordelning_och_befolkningen(con):
    utfall = fragor.kor(con, "kon_jamforelse", period=2020, plattformar=forbundets_plattformar(con))
    assert kt.deltagarmening(utfall, "Förbundet totalt", 2020) == (
        "Av 914 deltagare i Förbundet totalt 2020 var 415 kvinnor (45 %) och 499 män (55 %).")
    fordelning = {r["Mått"]: r for r in kt.konsfordelning(utfall).iter_rows(named=True)}
    assert fordelning["Totalt antal avslutade hela året"]["Kvinnor"] == "99 (47 %)"
    assert "befolkning" in kt.BEFOLKNING_SAKNAS


@pytest.fixture
def con_med_annat(standarddatabas, tmp_path):
    """Kopia av standarddata där Vännäs också har två deltagare med annat/okänt kön, en avslutad till studier."""
    fil = ny_databas(tmp_path / "annat.duckdb", fran=standarddatabas)
    with skriv(fil) as anslutning:  # skrivbar: testerna lägger till egna rader
        anslutning.execute("""
            INSERT INTO utfall (period, plattform_id, matt_id, kon, antal, kalla_id) VALUES
            (2020, 'vannas', 'deltagare', 'annat', 2, 1), (2020, 'vannas', 'avslutade', 'annat', 1, 1),
            (2020, 'vannas', 'studier', 'annat', 1, 1)""")
        yield anslutning


def test_annat_kon_visas_nar_det_finns(con_med_annat):
    utfall = fragor.kor(con_med_annat, "kon_jamforelse", period=2020, plattformar=["vannas"])
    tabell = kt.konstabell(utfall, 10)
    assert {"Annat/okänt kön", "Andel annat/okänt"} <= set(tabell.columns)
    rader = {r["Mått"].strip(): r for r in tabell.iter_rows(named=True)}
    assert rader["Antal deltagare hela året"]["Annat/okänt kön"] == "2"
    # Studier för annat/okänt: 1 av 1 med positiv lösning.
    assert rader["Varav till studier"]["Andel annat/okänt"] == "100 %"
    assert "med annat eller okänt kön" in kt.deltagarmening(utfall, "Vännäs", 2020)


# ---------------------------------------------------------------- enkäten


def test_enkaten_per_kon_ungdomstorget_2020(con):
    """Ungdomstorget 2020, rad 7139-7151: tagit tillvara 93 %, K 94 %, M 89 %, vill ej svara 100 %."""
    enkat = fragor.kor(con, "kon_enkat", period=2020, plattformar=["ungdomstorget"])
    tabell = kt.enkattabell(enkat)
    assert list(tabell.columns) == ["Respondentgrupp", "Fråga", "Alla svarande", "Kvinnor", "Män", "Vill ej svara"]
    forsta = tabell.row(0, named=True)
    assert forsta["Respondentgrupp"] == "Deltagare"
    assert forsta["Fråga"].startswith("Har personalen du träffat tagit tillvara")
    assert (forsta["Alla svarande"], forsta["Kvinnor"], forsta["Män"], forsta["Vill ej svara"]) == (
        "93 %", "94 %", "89 %", "100 %")
    assert tabell.height == 10  # alla frågor till deltagare, medarbetare och chefer
    assert kt.enkat_ar_rapporterad(enkat) and not kt.enkat_ej_summerbar(enkat)


def test_enkaten_2019_har_annat_alternativ_och_osaker(con):
    """Ungdomstorget 2019, rad 7139-7151: 88 %, K 93 %, M 81 %, annat alternativ 100 %, osäker 100 %."""
    tabell = kt.enkattabell(fragor.kor(con, "kon_enkat", period=2019, plattformar=["ungdomstorget"]))
    assert list(tabell.columns)[2:] == ["Alla svarande", "Kvinnor", "Män", "Annat alternativ", "Osäker"]
    assert tabell.row(0, named=True)["Annat alternativ"] == "100 %"
    # Medarbetarna har inget svar i de grupperna: visas som "–", raden finns kvar.
    medarbetare = tabell.filter(tabell["Respondentgrupp"] == "Medarbetare").row(0, named=True)
    assert (medarbetare["Alla svarande"], medarbetare["Osäker"]) == ("85 %", "–")


def test_rapporterade_andelar_summeras_inte_till_forbundet(con):
    enkat = fragor.kor(con, "kon_enkat", period=2020, plattformar=forbundets_plattformar(con))
    assert enkat.height > 0 and kt.enkat_ej_summerbar(enkat)
    assert enkat["procent"].null_count() == enkat.height
    assert kt.enkattabell(enkat).height == 0


def test_enkat_med_antal_summeras_over_plattformar(con_med_annat):
    con = con_med_annat
    con.execute("""
        INSERT INTO enkat_resultat (period, plattform_id, respondentgrupp, fraga_id, kon, antal_svar,
                                    antal_positiva, andel_rapporterad, kalla_id) VALUES
        (2021, 'vannas', 'deltagare', 'mer_redo', 'K', 3, 2, NULL, 1),
        (2021, 'vannas', 'deltagare', 'mer_redo', 'M', 4, 1, NULL, 1),
        (2021, 'vindeln', 'deltagare', 'mer_redo', 'K', 5, 4, NULL, 1),
        (2021, 'vindeln', 'deltagare', 'mer_redo', 'osaker', 1, 1, NULL, 1)""")
    enkat = fragor.kor(con, "kon_enkat", period=2021, plattformar=["vannas", "vindeln"])
    per_kon = {r["kon"]: r for r in enkat.iter_rows(named=True)}
    # Kvinnor: (2 + 4) av (3 + 5) = 75 %; män 1 av 4 = 25 %.
    assert (per_kon["K"]["procent"], per_kon["K"]["antal_positiva"], per_kon["K"]["antal_svar"]) == (75, 6, 8)
    assert per_kon["M"]["procent"] == 25 and not per_kon["M"]["rapporterad"]
    rad = kt.enkattabell(enkat).row(0, named=True)
    assert (rad["Kvinnor"], rad["Osäker"]) == ("75 % (6 av 8)", "100 % (1 av 1)")


def test_svarsfrekvens_per_respondentgrupp(con):
    """Svarsfrekvens 2020 (rad 7340, 7346): Ungdomstorget deltagare 48 %, medarbetare 62 %, chefer 100 %.
    Bjurholms deltagare redovisas inte (för få svar, rad 8560)."""
    df = fragor.kor(con, "kon_enkat_svarsfrekvens", period=2020, plattformar=["ungdomstorget"])
    tabell = kt.svarsfrekvenstabell(df, per_plattform=False)
    assert tabell.to_dicts() == [
        {"Respondentgrupp": "Deltagare", "Svarsfrekvens": "48 %"},
        {"Respondentgrupp": "Medarbetare", "Svarsfrekvens": "62 %"},
        {"Respondentgrupp": "Chefer", "Svarsfrekvens": "100 %"},
    ]
    flera = kt.svarsfrekvenstabell(
        fragor.kor(con, "kon_enkat_svarsfrekvens", period=2020, plattformar=["vannas", "bjurholm"]), per_plattform=True)
    assert flera.to_dicts() == [
        {"Plattform": "Vännäs", "Deltagare": "15 %", "Medarbetare": "67 %", "Chefer": "91 %"},
        {"Plattform": "Bjurholm", "Deltagare": "Redovisas ej (för få svar)", "Medarbetare": "100 %",
         "Chefer": "91 %"},
    ]


# ---------------------------------------------------------------- sidan


def _sidan(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    for nyckel, varde in (params or {}).items():
        at.query_params[nyckel] = varde
    at.switch_page("pages/kvinnor_och_man.py").run()
    assert not at.exception, at.exception
    return at


def test_sidan_visar_forbundet_2020(app_databas):
    at = _sidan()
    tabell = at.table[0].value
    assert list(tabell.columns) == ["Kvinnor", "Andel kvinnor", "Män", "Andel män", kt.SKILLNAD,
                                    "Markering", "Andelen räknas av"]
    pos = tabell.loc["Avslutade till en för individen positiv lösning"]
    assert (pos["Kvinnor"], pos["Andel kvinnor"], pos["Män"], pos["Andel män"]) == ("71", "72 %", "79", "71 %")
    assert pos[kt.SKILLNAD] == "+1"
    arbete = tabell.loc[kt.INDRAG + "Varav till arbete ⚠"]
    assert (arbete["Andel kvinnor"], arbete["Andel män"], arbete[kt.SKILLNAD]) == ("28 %", "33 %", "-5")
    assert any("Av 914 deltagare i Förbundet totalt 2020 var 415 kvinnor (45 %)" in m.value for m in at.markdown)
    assert kt.BEFOLKNING_SAKNAS in [i.value for i in at.info]
    # Förbundets enkätsvar finns bara som andelar per plattform; svarsfrekvensen visas ändå.
    assert any("kan inte summeras" in i.value for i in at.info)
    svarsfrekvens = next(t.value for t in at.table if "Medarbetare" in t.value.columns)
    assert svarsfrekvens.loc["Ungdomstorget"].tolist() == ["48 %", "62 %", "100 %"]
    assert svarsfrekvens.loc["Bjurholm", "Deltagare"] == "Redovisas ej (för få svar)"
    # Gränsen står i filterraden överst i huvudytan (en telefon visar inte sidopanelen), inte i sidopanelen.
    assert not at.sidebar.number_input
    assert at.main.number_input[0].value == 10
    assert (at.query_params["ar"], at.query_params["plattform"], at.query_params["grans"]) == (
        "2020", "forbundet", "10")


def test_url_med_plattform_och_grans_ger_samma_vy(app_databas):
    at = _sidan({"ar": "2020", "plattform": "vannas", "grans": "25"})
    assert at.main.number_input[0].value == 25
    tabell = at.table[0].value
    assert tabell.loc["Avbrott av hälsoskäl", "Markering"] == "◆ Stor skillnad"
    assert tabell.loc["Avbrott av hälsoskäl", kt.SKILLNAD] == "+28"
    assert tabell.loc[kt.INDRAG + "Varav till studier", "Markering"] == ""  # +10 är under gränsen 25
    assert any("minst 25 procentenheter" in m.value for m in at.markdown)
    assert len(at.get("plotly_chart")) == 1

    # Vännäs enkät och svarsfrekvens (rad 7820, 7826: deltagare 15 %, medarbetare 67 %, chefer 91 %).
    svarsfrekvens = next(t.value for t in at.table if "Svarsfrekvens" in t.value.columns)
    assert svarsfrekvens["Svarsfrekvens"].tolist() == ["15 %", "67 %", "91 %"]
    enkat = next(t.value for t in at.table if "Alla svarande" in t.value.columns)
    assert enkat.shape[0] == 10

    # Länken (URL:en efter körningen) visar exakt samma vy i en ny session.
    igen = _sidan(dict(at.query_params))
    assert igen.table[0].value.equals(tabell)
    assert dict(igen.query_params) == dict(at.query_params)


def test_ar_utan_utfall_visar_anda_enkaten(app_databas):
    at = _sidan({"ar": "2019", "plattform": "ungdomstorget"})
    info = [i.value for i in at.info]
    assert "Det finns inga utfall för Ungdomstorget i Umeå 2019." in info
    assert "Ingen svarsfrekvens är lagrad för Ungdomstorget i Umeå 2019." in info
    enkat = at.table[0].value
    assert list(enkat.columns) == ["Alla svarande", "Kvinnor", "Män", "Annat alternativ", "Osäker"]
    assert enkat.iloc[0].tolist() == ["88 %", "93 %", "81 %", "100 %", "100 %"]
    assert not at.get("plotly_chart")


def test_ogiltig_grans_i_url_ger_standardvardet(app_databas):
    at = _sidan({"grans": "mycket"})
    assert at.main.number_input[0].value == kt.GRANS_STANDARD
    assert at.query_params["grans"] == "10"
