"""Sidan Kommuner: frågorna kommuner_jamforelse och aktualiseringar, presentationen och sidan.

Utfallen är handräknade ur Bilaga 3 (rad 6793-6918): Umeå = Ungdomstorget + Vuxentorget.
Aktualiseringarna är jämförelsetabellen rad 6471-6530 (448 personer, rad 6477; parterna rad 6486-6515).
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import databas, fragor, jamforelse

from .conftest import DASHBOARD, forbundets_plattformar, las, skriv, ny_databas

ESF = Path(__file__).parent / "data" / "esf"


def _varde(df, enhet, matt, kolumn):
    traff = df.filter((df["enhet_id"] == enhet) & (df["matt_id"] == matt))
    assert traff.height == 1, (enhet, matt)
    return traff[kolumn][0]


@pytest.fixture
def kommuner_2020(con):
    return fragor.kor(con, "kommuner_jamforelse", period=2020, plattformar=forbundets_plattformar(con), kommun=None)


@pytest.fixture
def aktualiseringar_2020(con):
    df = fragor.kor(con, "aktualiseringar", period=2020, kommun=None)
    return {r["remitterande"]: r for r in df.iter_rows(named=True)}


# ---------------------------------------------------------------- utfall per kommun


def test_umea_ar_summan_av_ungdomstorget_och_vuxentorget(kommuner_2020):
    """Bilaga 3: avslutade 56 + 40 = 96; positiva 43 + 29 = 72 (75 %); arbete 17 + 12 = 29 av 72 (40 %);
    studier 11 + 7 = 18 (25 %); avbrott av hälsoskäl 9 + 7 = 16 av 96 (17 %); kvinnor bland avslutade
    36 + 17 = 53 av 96 (55 %)."""
    df = kommuner_2020
    assert _varde(df, "umea", "avslutade", "totalt") == 96
    assert (_varde(df, "umea", "positiv_losning", "totalt"), _varde(df, "umea", "positiv_losning", "andel_procent")) \
        == (72, 75)
    assert (_varde(df, "umea", "arbete", "totalt"), _varde(df, "umea", "arbete", "bas"),
            _varde(df, "umea", "arbete", "andel_procent")) == (29, 72, 40)
    assert _varde(df, "umea", "studier", "andel_procent") == 25
    assert (_varde(df, "umea", "avbrott_halsa", "totalt"), _varde(df, "umea", "avbrott_halsa", "andel_procent")) \
        == (16, 17)
    assert _varde(df, "umea", "avslutade", "andel_kvinnor_procent") == 55
    assert _varde(df, "umea", "avslutade", "plattformar") == "Ungdomstorget, Vuxentorget"


def test_sarredovisade_ingar_inte_i_kommunen(con, kommuner_2020):
    """HFE ligger i Umeå men ingår inte i förbundets total; med den medräknad vore Umeås avslutade 96 + 27."""
    assert "HFE" not in _varde(kommuner_2020, "umea", "avslutade", "plattformar")
    med_hfe = fragor.kor(con, "kommuner_jamforelse", period=2020,
                         plattformar=forbundets_plattformar(con) + ["hfe"], kommun="umea")
    assert _varde(med_hfe, "umea", "avslutade", "totalt") == 123


def test_kranskommunerna_ar_sina_samordningsteam(kommuner_2020):
    df = kommuner_2020
    assert (_varde(df, "vannas", "avslutade", "totalt"), _varde(df, "vannas", "positiv_losning", "andel_procent"),
            _varde(df, "vannas", "arbete", "andel_procent")) == (34, 47, 13)
    assert _varde(df, "nordmaling", "positiv_losning", "andel_procent") == 81
    assert _varde(df, "bjurholm", "avslutade", "totalt") == 1
    assert [namn for _, namn in jamforelse.enheter(df)] == ["Umeå", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling",
                                                             "Bjurholm"]


def test_kommunfiltret(con):
    df = fragor.kor(con, "kommuner_jamforelse", period=2020, plattformar=forbundets_plattformar(con), kommun="vannas")
    assert set(df["enhet_id"]) == {"vannas"}


def test_kommunen_ar_radens_egen_pa_deltagarniva(tmp_path):
    """ESF-exemplets deltagarfil: plattformen Jobbsteget ligger i Skellefteå men 8 deltagare (6 kvinnor,
    2 män) bor i Norsjö, varav 4 avslutade 2024 (JS-0004, 0005, 0019, 0020)."""
    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    with las(fil) as con:
        df = fragor.kor(con, "kommuner_jamforelse", period=2024, plattformar=["jobbsteget"], kommun=None)
    assert (_varde(df, "norsjo", "deltagare", "kvinnor"), _varde(df, "norsjo", "deltagare", "man"),
            _varde(df, "norsjo", "deltagare", "totalt")) == (6, 2, 8)
    assert _varde(df, "norsjo", "avslutade", "totalt") == 4
    assert (_varde(df, "skelleftea", "deltagare", "totalt"),
            _varde(df, "skelleftea", "avslutade", "totalt")) == (22, 16)


def test_fynd_flaggas_pa_plattformens_kommun(con, kommuner_2020):
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=forbundets_plattformar(con), forbund=False)
    kommun_for = {"vannas": "vannas", "ungdomstorget": "umea", "vuxentorget": "umea"}
    tabell = {r["Mått"]: r for r in jamforelse.jamforelsetabell(kommuner_2020, fynd, kommun_for).iter_rows(named=True)}
    assert tabell["Varav till arbete"]["Vännäs"] == "2 (13 %) ⚠"
    assert tabell["Varav till arbete"]["Umeå"] == "29 (40 %)"
    assert jamforelse.fyndtexter(fynd, kommun_for, "umea") == []
    vannas = jamforelse.fyndtexter(fynd, kommun_for, "vannas")
    assert "Källans kolumn Totalt anger 3 men Kvinnor + Män = 2." in vannas[0]


# ---------------------------------------------------------------- aktualiseringar


def test_aktualiseringar_totalt(aktualiseringar_2020):
    """Rad 6477: 448 personer har aktualiserats; kvinnorna summerar till 182."""
    totalt = aktualiseringar_2020["Totalt"]
    assert (totalt["antal"], totalt["kvinnor"], totalt["andel_kvinnor_procent"]) == (448, 182, 41)
    assert totalt["andel_ja_procent"] is None  # rapporterade procent går inte att summera


@pytest.mark.parametrize("part, antal, kvinnor, andel_kvinnor, andel_ja, rapporterad", [
    ("Arbetsförmedlingen", 109, 51, 47, 72, 71.5),  # rad 6486
    ("Försäkringskassan", 41, 21, 51, 93, 92.5),  # rad 6487
    ("Socialtjänsten Umeå", 121, 41, 34, 83, 82.5),  # rad 6488
    ("Socialtjänsten Vännäs", 18, 8, 44, 89, 89),  # rad 6489
    ("Regionen", 63, 30, 48, 79, 78.5),  # rad 6502
    ("Annan kommunal verksamhet Umeå", 6, 1, 17, 84, 83.5),  # rad 6503
])
def test_aktualiseringar_per_part(aktualiseringar_2020, part, antal, kvinnor, andel_kvinnor, andel_ja, rapporterad):
    r = aktualiseringar_2020[part]
    assert (r["antal"], r["kvinnor"], r["andel_kvinnor_procent"]) == (antal, kvinnor, andel_kvinnor)
    # Källan har bara procent: avrundas halvt uppåt, 71,5 -> 72.
    assert (r["andel_ja_procent"], r["andel_ja_rapporterad"], r["ja_rapporterad"]) == (andel_ja, rapporterad, True)


def test_part_utan_aktualiseringar_har_ingen_andel(aktualiseringar_2020):
    """Annan kommun Vindeln: 0 aktualiserade (rad 6507-6509)."""
    r = aktualiseringar_2020["Annan kommunal verksamhet Vindeln"]
    assert (r["antal"], r["andel_kvinnor_procent"], r["andel_ja_procent"]) == (0, None, None)


def test_aktualiseringar_for_en_kommun(con):
    df = fragor.kor(con, "aktualiseringar", period=2020, kommun="umea")
    assert df["remitterande"].to_list() == ["Socialtjänsten Umeå", "Annan kommunal verksamhet Umeå", "Totalt"]
    assert df.filter(df["totalrad"])["antal"][0] == 127  # 121 + 6


def test_andel_ja_raknas_ur_antal_nar_antal_finns(skrivbar_databas):
    """En senare inläsning med antal: andelen räknas i SQL och totalraden får en andel."""
    with skriv(skrivbar_databas) as con:
        databas.skapa_vyer(con)
        con.execute("INSERT INTO aktualisering VALUES (2021, 'regionen', NULL, 'K', 3, 1), "
                    "(2021, 'regionen', NULL, 'M', 5, 1), (2021, 'forsakringskassan', NULL, 'K', 4, 1)")
        con.execute("INSERT INTO aktualisering_beredning VALUES (2021, 'regionen', NULL, 7, NULL, 1), "
                    "(2021, 'forsakringskassan', NULL, 1, NULL, 1)")
        df = fragor.kor(con, "aktualiseringar", period=2021, kommun=None)
    rader = {r["remitterande"]: r for r in df.iter_rows(named=True)}
    assert (rader["Regionen"]["andel_ja_procent"], rader["Regionen"]["ja_rapporterad"]) == (88, False)  # 7 av 8
    assert rader["Försäkringskassan"]["andel_ja_procent"] == 25  # 1 av 4
    assert (rader["Totalt"]["antal_ja"], rader["Totalt"]["andel_ja_procent"]) == (8, 67)  # 8 av 12


def test_aktualiseringstabell(con):
    df = fragor.kor(con, "aktualiseringar", period=2020, kommun=None)
    tabell = {r["Remitterande part"]: r for r in jamforelse.aktualiseringstabell(df).iter_rows(named=True)}
    af = tabell["Arbetsförmedlingen"]
    assert (af["Aktualiserade"], af["Varav kvinnor"], af["Fått ja i beredning"], af["Källans uppgift"]) == (
        "109", "47 % (51)", "72 % ¹", "71,5 %")
    assert tabell["Socialtjänsten Vännäs"]["Källans uppgift"] == "89 %"
    assert (tabell["Totalt"]["Varav kvinnor"], tabell["Totalt"]["Fått ja i beredning"]) == ("41 % (182)", "–")
    assert jamforelse.aktualiseringar_totalt(df) == "448 personer har aktualiserats, varav 182 kvinnor (41 %)."
    assert jamforelse.forbundsgemensamma_parter(df) == ["Arbetsförmedlingen", "Försäkringskassan", "Regionen"]


def test_aktualiseringsdiagram_visar_antal_bakom_andelen(con):
    df = fragor.kor(con, "aktualiseringar", period=2020, kommun=None)
    fig = jamforelse.aktualiseringsdiagram(df, "Aktualiserade per remitterande part 2020")
    kvinnor = next(t for t in fig.data if t.name == "Kvinnor")
    i = list(kvinnor.y).index("Arbetsförmedlingen")
    assert kvinnor.x[i] == 51
    assert "Kvinnor: 51 av 109 (47 %)" in kvinnor.customdata[i][0]
    assert "Totalt" not in list(kvinnor.y)


def test_kommunalternativ(kommuner_2020, con):
    akt = fragor.kor(con, "aktualiseringar", period=2020, kommun=None)
    assert list(jamforelse.kommunalternativ(kommuner_2020, akt).values()) == [
        "Alla kommuner", "Umeå", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling", "Bjurholm"]


# ---------------------------------------------------------------- sidan


def _kommunsidan(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    for nyckel, varde in (params or {}).items():
        at.query_params[nyckel] = varde
    at.switch_page("pages/kommuner.py").run()
    assert not at.exception, at.exception
    return at


def test_sidan_visar_alla_kommuner_och_aktualiseringar(app_databas):
    at = _kommunsidan()
    utfall = at.table[0].value
    assert list(utfall.columns)[:2] == ["Umeå", "Vännäs"]
    assert utfall.loc["Avslutade till en för individen positiv lösning", "Umeå"] == "72 (75 %)"
    assert utfall.loc["Varav till arbete", "Vännäs"] == "2 (13 %) ⚠"
    assert any("ingår inte" in c.value and "HFE" in c.value for c in at.caption)
    assert any("Umeå: Ungdomstorget, Vuxentorget" in m.value for m in at.markdown)
    assert any(m.value == "**448 personer har aktualiserats, varav 182 kvinnor (41 %).**" for m in at.markdown)
    akt = at.table[2].value
    assert akt.loc["Arbetsförmedlingen", "Fått ja i beredning"] == "72 % ¹"
    assert any("källans rapporterade procent" in c.value and "källan anger inga antal" in c.value for c in at.caption)
    assert (at.query_params["ar"], at.query_params["kommun"]) == ("2020", "alla")


def test_url_med_kommun_ger_samma_vy(app_databas):
    at = _kommunsidan({"ar": "2020", "kommun": "umea", "matt": "studier"})
    utfall = at.table[0].value
    assert list(utfall.columns) == ["Umeå", "Andelen räknas av"]
    assert utfall.loc["Varav till studier", "Umeå"] == "18 (25 %)"
    akt = at.table[2].value
    assert list(akt.index) == ["Socialtjänsten Umeå", "Annan kommunal verksamhet Umeå", "Totalt"]
    assert any("Arbetsförmedlingen, Försäkringskassan, Regionen redovisas inte per kommun" in c.value
               for c in at.caption)

    igen = _kommunsidan(dict(at.query_params))
    assert igen.table[0].value.equals(utfall)
    assert igen.table[2].value.equals(akt)


def test_ar_utan_data_sager_det(app_databas):
    at = _kommunsidan({"ar": "2019", "kommun": "alla"})
    texter = [i.value for i in at.info]
    assert "Det finns inga utfall för någon kommun 2019." in texter
    assert "Det finns inga aktualiseringar lagrade för 2019." in texter
