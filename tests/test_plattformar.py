"""Sidan Plattformar: frågan plattformar_jamforelse, presentationen i uppfoljning/jamforelse.py och sidan.

Siffrorna är handavskrivna ur styrelsehandlingen: Bilaga 3 (rad 6793-6918) för antalen och
plattformsjämförelsen (rad 6413-6470) för andelarna. Där jämförelsetabellen och Bilaga 3 skiljer sig
gäller det som räknas ur de lagrade antalen (Vännäs arbete: källans Totalt säger 3 = 19 %, Kvinnor + Män
ger 2 av 16 = 13 %).
"""

import json

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import diagram, fragor, jamforelse, malramverk
from uppfoljning.installningar import MALRAMVERK
from uppfoljning.malramverk import Tolerans
from uppfoljning.status import Status

from .conftest import DASHBOARD, forbundets_plattformar

# plattform: (avslutade, positiv lösning %, arbete %, studier %, avbrott av hälsoskäl %), räknat ur
# Bilaga 3 (rad 6793-6918). Ungdomstorget och Vuxentorget står likadant i jämförelsen rad 6452-6453.
# För samordningsteamen skiljer sig jämförelsetabellens arbete-kolumn (rad 6454-6465, t.ex. Vännäs 19 %,
# Robertsfors 63 %) från Bilaga 3; sidan visar det som antalen ger.
JAMFORELSE_2020 = {
    "ungdomstorget": (56, 77, 40, 26, 16),
    "vuxentorget": (40, 73, 41, 24, 18),
    "vannas": (34, 47, 13, 38, 26),
    "vindeln": (19, 68, 23, 23, 0),
    "robertsfors": (34, 79, 30, 11, 9),  # avbrott av hälsoskäl 3 av 34, som i jämförelsen
    "nordmaling": (26, 81, 14, 19, 4),
    "bjurholm": (1, 100, 100, 0, 0),
}


@pytest.fixture
def jamforelse_2020(con):
    return fragor.kor(con, "plattformar_jamforelse", period=2020, plattformar=forbundets_plattformar(con))


@pytest.fixture(scope="module")
def ram():
    return malramverk.las(MALRAMVERK)


def _varde(df, enhet, matt, kolumn):
    traff = df.filter((df["enhet_id"] == enhet) & (df["matt_id"] == matt))
    assert traff.height == 1, (enhet, matt)
    return traff[kolumn][0]


# ---------------------------------------------------------------- frågan


@pytest.mark.parametrize("plattform", sorted(JAMFORELSE_2020))
def test_andelar_per_plattform_som_i_jamforelsen(jamforelse_2020, plattform):
    avslutade, positiv, arbete, studier, halsa = JAMFORELSE_2020[plattform]
    df = jamforelse_2020
    assert _varde(df, plattform, "avslutade", "totalt") == avslutade
    assert _varde(df, plattform, "positiv_losning", "andel_procent") == positiv
    assert _varde(df, plattform, "arbete", "andel_procent") == arbete
    assert _varde(df, plattform, "studier", "andel_procent") == studier
    assert _varde(df, plattform, "avbrott_halsa", "andel_procent") == halsa


def test_andelarna_raknas_mot_periodens_definition(jamforelse_2020):
    """2020: positiv lösning och avbrott mot avslutade, varav-andelarna mot positiv lösning (fotnot rad 7221)."""
    df = jamforelse_2020
    # Vuxentorget: 29 av 40 avslutade = 72,5 -> 73 %; arbete 12 av 29 positiva = 41 %.
    assert (_varde(df, "vuxentorget", "positiv_losning", "totalt"),
            _varde(df, "vuxentorget", "positiv_losning", "bas")) == (29, 40)
    assert _varde(df, "vuxentorget", "arbete", "andel_av") == "positiv_losning"
    assert (_varde(df, "vuxentorget", "arbete", "totalt"), _varde(df, "vuxentorget", "arbete", "bas")) == (12, 29)
    assert _varde(df, "vuxentorget", "avbrott_halsa", "andel_av") == "avslutade"


def test_andel_kvinnor_bland_avslutade(jamforelse_2020):
    """Jämförelsen rad 6452-6453: "Varav kvinnor" 64 % (36 av 56) och 43 % (17 av 40)."""
    assert _varde(jamforelse_2020, "ungdomstorget", "avslutade", "andel_kvinnor_procent") == 64
    assert _varde(jamforelse_2020, "vuxentorget", "avslutade", "andel_kvinnor_procent") == 43
    # Varav arbete, varav kvinnor: Ungdomstorget 12 av 17 = 71 %, Vuxentorget 3 av 12 = 25 %.
    assert _varde(jamforelse_2020, "ungdomstorget", "arbete", "andel_kvinnor_procent") == 71
    assert _varde(jamforelse_2020, "vuxentorget", "arbete", "andel_kvinnor_procent") == 25


def test_matt_som_en_plattform_saknar_blir_noll(jamforelse_2020):
    """Ungdomstorget redovisar ingen extratjänst (Bilaga 3); i jämförelsen står den som 0 av 43."""
    assert _varde(jamforelse_2020, "ungdomstorget", "extratjanst", "totalt") == 0
    assert _varde(jamforelse_2020, "ungdomstorget", "extratjanst", "andel_procent") == 0


def test_hfe_bara_nar_den_valts(con, jamforelse_2020):
    assert "hfe" not in set(jamforelse_2020["enhet_id"])
    df = fragor.kor(con, "plattformar_jamforelse", period=2020, plattformar=["ungdomstorget", "hfe"])
    assert set(df["enhet_id"]) == {"ungdomstorget", "hfe"}
    # HFE, Bilaga 3: 27 avslutade, 19 positiva = 70 %.
    assert (_varde(df, "hfe", "avslutade", "totalt"), _varde(df, "hfe", "positiv_losning", "andel_procent")) == (27, 70)


def test_period_utan_data_ger_inga_rader(con):
    assert fragor.kor(con, "plattformar_jamforelse", period=1999, plattformar=["vannas"]).height == 0


# ---------------------------------------------------------------- tabeller


def test_jamforelsetabell_med_antal_andel_och_flagga(con, jamforelse_2020):
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=forbundets_plattformar(con), forbund=False)
    tabell = {r["Mått"]: r for r in jamforelse.jamforelsetabell(jamforelse_2020, fynd).iter_rows(named=True)}
    positiv = tabell["Avslutade till en för individen positiv lösning"]
    assert (positiv["Ungdomstorget"], positiv["Vuxentorget"], positiv["Bjurholm"]) == ("43 (77 %)", "29 (73 %)",
                                                                                        "1 (100 %)")
    assert positiv["Andelen räknas av"] == "avslutade"
    arbete = tabell["Varav till arbete"]
    assert arbete["Vännäs"] == "2 (13 %) ⚠"  # källans Totalt 3 = 19 % motsägs av 0 + 2
    assert arbete["Andelen räknas av"] == "avslutade till positiv lösning"
    assert tabell["Totalt antal avslutade hela året"]["Ungdomstorget"] == "56"
    assert list(jamforelse.jamforelsetabell(jamforelse_2020).columns)[:3] == ["Mått", "Ungdomstorget", "Vuxentorget"]


def test_kvinnotabell(jamforelse_2020):
    tabell = {r["Mått"]: r for r in jamforelse.kvinnotabell(jamforelse_2020).iter_rows(named=True)}
    assert tabell["Totalt antal avslutade hela året"]["Ungdomstorget"] == "64 % (36 av 56)"
    assert tabell["Totalt antal avslutade hela året"]["Vuxentorget"] == "43 % (17 av 40)"
    assert tabell["Varav till extratjänst"]["Ungdomstorget"] == "–"


def test_nedladdning_har_tal_som_tal_och_fyndet(con, jamforelse_2020):
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=["vannas"], forbund=False)
    ned = jamforelse.nedladdningstabell(jamforelse_2020, fynd)
    rad = ned.filter((ned["Plattform"] == "Vännäs") & (ned["Mått"] == "Varav till arbete")).row(0, named=True)
    assert (rad["Totalt"], rad["Andel (%)"], rad["Bas för andelen"]) == (2, 13, 16)
    assert "Totalt anger 3 men Kvinnor + Män = 2" in rad["Datakvalitet"]


# ---------------------------------------------------------------- målnivå, band och status


def test_malniva_och_tolerans_ur_goals_yaml(ram):
    positiv = jamforelse.malinfo(ram, "positiv_losning", 2020, "avslutade")
    assert (positiv.malniva, positiv.tolerans.gron, positiv.tolerans.gul, positiv.minsta_underlag) == (90, 10, 15, 5)
    arbete = jamforelse.malinfo(ram, "arbete", 2020, "positiv_losning")
    assert (arbete.indikator_id, arbete.malniva, arbete.tolerans.gron, arbete.tolerans.gul) == (
        "varav_arbete", 35, 2, 4)
    assert jamforelse.malinfo(ram, "avbrott_halsa", 2020, "avslutade") is None  # ingen indikator
    assert jamforelse.malinfo(ram, "positiv_losning", 2019, "avslutade") is None  # ingen målnivå 2019
    assert jamforelse.malinfo(None, "positiv_losning", 2020, "avslutade") is None


def test_toleransband():
    mal = jamforelse.Malinfo("x", "x", 90, Tolerans(gron=10, gul=15), 5)
    assert jamforelse.toleransband(mal) == [(80, 90, Status.GRON), (75, 80, Status.GUL)]
    lagre = jamforelse.Malinfo("x", "x", 10, Tolerans(gron=2, gul=5, riktning="lagre_ar_battre"), 5)
    assert jamforelse.toleransband(lagre) == [(10, 12, Status.GRON), (12, 15, Status.GUL)]
    relativ = jamforelse.Malinfo("x", "x", 40, Tolerans(gron=10, gul=25, satt="procent"), 5)
    assert jamforelse.toleransband(relativ) == [(36, 40, Status.GRON), (30, 36, Status.GUL)]


def test_stapelns_status_enligt_toleransregeln(ram, jamforelse_2020):
    """Målnivå 90 %, grönt högst 10 och gult högst 15 under (rad 7005-7106). Bjurholm: 1 avslutad < 5."""
    mal = jamforelse.malinfo(ram, "positiv_losning", 2020, "avslutade")
    staplar = {s.enhet_id: s for s in jamforelse.staplar(jamforelse_2020, "positiv_losning", mal, 5)}
    assert {k: s.status for k, s in staplar.items()} == {
        "ungdomstorget": Status.GUL,  # 77: 13 under
        "vuxentorget": Status.ROD,  # 73: 17 under
        "vannas": Status.ROD,
        "vindeln": Status.ROD,
        "robertsfors": Status.GUL,  # 79: 11 under
        "nordmaling": Status.GRON,  # 81: 9 under
        "bjurholm": Status.FOR_FA,
    }
    assert staplar["ungdomstorget"].statustext == "-13 procentenheter mot målnivån 90 %"
    assert staplar["bjurholm"].statustext == "Bara 1 avslutad; minst 5 krävs för bedömning."
    assert [s.enhet for s in staplar.values()][:2] == ["Ungdomstorget", "Vuxentorget"]


def test_diagrammet_fargar_staplarna_och_ritar_malniva_och_band(con, ram, jamforelse_2020):
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=forbundets_plattformar(con), forbund=False)
    mal = jamforelse.malinfo(ram, "arbete", 2020, "positiv_losning")
    staplar = jamforelse.staplar(jamforelse_2020, "arbete", mal, 5, fynd)
    fig = jamforelse.stapeldiagram(staplar, "Varav till arbete per plattform 2020",
                                   "avslutade till positiv lösning", mal)
    spar = {t.name: t for t in fig.data}
    assert set(spar) == {"✔ Uppfyllt", "✖ Inte uppfyllt", "… För få för bedömning"}
    assert spar["✔ Uppfyllt"].marker.color == Status.GRON.visning.farg
    assert list(spar["✔ Uppfyllt"].x) == ["Ungdomstorget", "Vuxentorget"]  # 40 % och 41 % mot 35 %
    assert list(spar["… För få för bedömning"].x) == ["Bjurholm"]
    vannas = list(spar["✖ Inte uppfyllt"].x).index("Vännäs")
    assert spar["✖ Inte uppfyllt"].text[vannas] == "✖ 13 % ⚠"  # symbolen: status inte bara med färg
    hovring = spar["✖ Inte uppfyllt"].customdata[vannas][0]
    assert "13 %: 2 av 16 avslutade till positiv lösning" in hovring
    assert "Status: ✖ Inte uppfyllt" in hovring
    assert "Källans kolumn Totalt anger 3 men Kvinnor + Män = 2." in hovring
    assert "1 av 1" in spar["… För få för bedömning"].customdata[0][0]
    # Målnivån som linje och banden bakom: grönt 33-35, gult 31-33.
    former = fig.layout.shapes
    linjer = [f for f in former if f.type == "line"]
    assert len(linjer) == 1 and linjer[0].y0 == 35
    band = sorted((f.y0, f.y1, f.fillcolor) for f in former if f.type == "rect")
    assert band == [(31, 33, diagram.BAND_GULT), (33, 35, diagram.BAND_GRONT)]


def test_forklaringen_namner_regeln_och_banden(ram):
    mal = jamforelse.malinfo(ram, "positiv_losning", 2020, "avslutade")
    text = jamforelse.forklaring(mal, 5, "Positiv lösning", 2020)
    assert "målnivån 90 % 2020" in text
    assert "✔ Uppfyllt högst 10 och ◐ Delvis uppfyllt högst 15 procentenheter under målnivån" in text
    assert "(80–90 %)" in text and "(75–80 %)" in text
    assert "färre än 5 avslutade" in text
    assert "ingen målnivå" in jamforelse.forklaring(None, 5, "Avbrott av hälsoskäl", 2020)


def test_tolka_lista_ur_url():
    giltiga = ["ungdomstorget", "vannas", "hfe"]
    assert jamforelse.tolka_lista(None, giltiga) is None
    assert jamforelse.tolka_lista("", giltiga) == []
    assert jamforelse.tolka_lista("hfe, vannas", giltiga) == ["vannas", "hfe"]  # alternativens ordning
    assert jamforelse.tolka_lista("okand", giltiga) is None  # inget giltigt: standardvalet gäller


# ---------------------------------------------------------------- sidan


def _plattformssidan(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    for nyckel, varde in (params or {}).items():
        at.query_params[nyckel] = varde
    at.switch_page("pages/plattformar.py").run()
    assert not at.exception, at.exception
    return at


def _diagram(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_sidan_visar_forbundets_plattformar(app_databas):
    at = _plattformssidan()
    tabell = at.table[0].value
    assert list(tabell.columns) == ["Ungdomstorget", "Vuxentorget", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling",
                                    "Bjurholm", "Andelen räknas av"]
    assert tabell.loc["Avslutade till en för individen positiv lösning", "Nordmaling"] == "21 (81 %)"
    assert tabell.loc["Varav till arbete", "Vännäs"] == "2 (13 %) ⚠"
    assert at.table[1].value.loc["Totalt antal avslutade hela året", "Ungdomstorget"] == "64 % (36 av 56)"
    assert any("Källans kolumn Totalt anger 3 men Kvinnor + Män = 2." in m.value for m in at.markdown)
    spec = _diagram(at)
    assert spec["layout"]["title"]["text"].replace("<br>", " ").startswith(
        "Avslutade till en för individen positiv lösning per plattform 2020")
    assert at.query_params["ar"] == "2020"
    assert at.query_params["plattformar"] == "ungdomstorget,vuxentorget,vannas,vindeln,robertsfors,nordmaling,bjurholm"
    assert at.query_params["matt"] == "positiv_losning"


def test_url_med_hfe_och_matt_ger_samma_vy(app_databas):
    at = _plattformssidan({"ar": "2020", "plattformar": "ungdomstorget,hfe", "matt": "arbete"})
    # Valet står i filterraden överst i huvudytan (en telefon visar inte sidopanelen), inte i sidopanelen.
    assert not at.sidebar.multiselect
    assert at.main.multiselect[0].value == ["ungdomstorget", "hfe"]
    tabell = at.table[0].value
    assert list(tabell.columns) == ["Ungdomstorget", "HFE", "Andelen räknas av"]
    assert tabell.loc["Varav till arbete", "HFE"] == "5 (26 %)"
    spec = _diagram(at)
    assert spec["layout"]["title"]["text"].replace("<br>", " ").startswith("Varav till arbete per plattform 2020")
    assert {d["name"]: d["x"] for d in spec["data"]} == {"✔ Uppfyllt": ["Ungdomstorget"],
                                                          "✖ Inte uppfyllt": ["HFE"]}

    # Länken (URL:en efter körningen) visar exakt samma vy i en ny session.
    igen = _plattformssidan(dict(at.query_params))
    assert igen.table[0].value.equals(tabell)
    assert _diagram(igen)["data"] == spec["data"]


def test_inga_valda_plattformar_sager_det(app_databas):
    at = _plattformssidan({"plattformar": ""})
    assert [i.value for i in at.info] == ["Välj minst en plattform överst på sidan."]
    assert not at.get("plotly_chart")


def test_plattform_utan_utfall_sager_det(app_databas):
    at = _plattformssidan({"ar": "2020", "plattformar": "nafs"})
    assert [i.value for i in at.info] == ["Det finns inga utfall för de valda plattformarna 2020."]
