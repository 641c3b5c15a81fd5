"""Sidan Över tid: frågorna over_tid och over_tid_definitionsbyte, presentationen i uppfoljning/kon_och_tid.py
och sidan själv, mot Bilaga 5 i styrelsehandlingen (umearegionen-board-pack-2021.txt)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import fragor, malramverk, omfattning
from uppfoljning import kon_och_tid as kt

from .conftest import DASHBOARD, ny_databas, las, skriv

MALRAMVERK = Path(__file__).resolve().parents[1] / "goals.yaml"


@pytest.fixture(scope="module")
def ram():
    return malramverk.las(MALRAMVERK)


def _omfattning(con, scope_id: str) -> omfattning.Omfattning:
    return omfattning.hitta(omfattning.alla(fragor.kor(con, "plattformar")), scope_id)


def _varden(con, ram, indikator_id: str, scope_id: str):
    ind = ram.indikatorer[indikator_id]
    return fragor.kor(con, "over_tid", **kt.fragparametrar(indikator_id, ind, _omfattning(con, scope_id)))


def _alla(df) -> dict[int, dict]:
    return {r["period"]: r for r in df.filter(df["kon"] == "alla").iter_rows(named=True)}


# ---------------------------------------------------------------- frågan over_tid


def test_positiv_losning_ungdomstorget_2019_rapporterat_2020_beraknat(con, ram):
    """Rad 7129: målnivå 90 %, utfall 2019 90 %, utfall 2020 77 % (43 av 56, Bilaga 3 rad 6811)."""
    per_ar = _alla(_varden(con, ram, "positiv_losning", "ungdomstorget"))
    assert sorted(per_ar) == [2019, 2020]
    assert (per_ar[2019]["varde"], per_ar[2019]["kalla"], per_ar[2019]["rapporterat"]) == (
        90, "rapporterat_varde", True)
    assert per_ar[2019]["taljare"] is None
    assert "medicinsk rehabilitering" in per_ar[2019]["kommentar"]
    assert (per_ar[2020]["varde"], per_ar[2020]["taljare"], per_ar[2020]["namnare"]) == (77, 43, 56)
    assert (per_ar[2020]["kalla"], per_ar[2020]["rapporterat"], per_ar[2020]["kommentar"]) == ("antal", False, None)


def test_positiv_losning_vuxentorget(con, ram):
    """Rad 7378: utfall 2019 71 %, 2020 73 % (29 av 40, rad 6825)."""
    per_ar = _alla(_varden(con, ram, "positiv_losning", "vuxentorget"))
    assert (per_ar[2019]["varde"], per_ar[2019]["rapporterat"]) == (71, True)
    assert (per_ar[2020]["varde"], per_ar[2020]["taljare"], per_ar[2020]["namnare"]) == (73, 29, 40)


def test_varav_arbete_ungdomstorget_byter_bas(con, ram):
    """Rad 7130: varav till arbete 2019 23 % (mot alla avslutade), 2020 40 % (17 av 43 med positiv lösning)."""
    varden = _varden(con, ram, "varav_arbete", "ungdomstorget")
    per_ar = _alla(varden)
    assert (per_ar[2019]["varde"], per_ar[2019]["andel_av"]) == (23, "avslutade")
    assert (per_ar[2020]["varde"], per_ar[2020]["taljare"], per_ar[2020]["namnare"]) == (40, 17, 43)
    assert per_ar[2020]["andel_av"] == "positiv_losning"
    # Kvinnor och män 2020 (rad 6812): 12 av 28 = 43 %, 5 av 15 = 33 %; 2019 finns bara för alla.
    kon = {(r["period"], r["kon"]): r["varde"] for r in varden.iter_rows(named=True)}
    assert (kon[(2020, "K")], kon[(2020, "M")], kon[(2019, "K")]) == (43, 33, None)


def test_forbundet_2020_beraknat_och_2019_rapporterat(con, ram):
    """Förbundet, rad 5559: 150 av 210 = 71 %. 2019 finns bara som förbundets text (rad 5541): 83 %."""
    per_ar = _alla(_varden(con, ram, "positiv_losning", "forbundet"))
    assert (per_ar[2020]["varde"], per_ar[2020]["taljare"], per_ar[2020]["namnare"]) == (71, 150, 210)
    assert per_ar[2019]["varde"] == 83 and per_ar[2019]["rapporterat"]


def test_enkat_over_tid(con, ram):
    """Ungdomstorget, tagit tillvara (rad 7139-7151): 2019 88 %, 2020 93 %, båda källans andelar."""
    per_ar = _alla(_varden(con, ram, "deltagare_tagit_tillvara", "ungdomstorget"))
    assert (per_ar[2019]["varde"], per_ar[2020]["varde"]) == (88, 93)
    assert per_ar[2020]["kalla"] == "rapporterad_andel" and per_ar[2020]["rapporterat"]
    varden = _varden(con, ram, "deltagare_tagit_tillvara", "ungdomstorget")
    ind = ram.indikatorer["deltagare_tagit_tillvara"]
    nivaer = kt.malnivaer(ram, "deltagare_tagit_tillvara", "ungdomstorget", [2019, 2020])
    tabell = kt.tidstabell(varden, ind, nivaer, [])
    # Inga antal bakom enkätandelarna: ingen kolumn Underlag och ingen Andelen räknas av.
    assert tabell.columns == ["År", "Målnivå", "Alla", "Kvinnor", "Män", "Källa"]
    assert tabell.row(1) == ("2020", "80 %", "93 %", "94 %", "89 %", "Rapporterat värde")


def test_gemensam_enkat_hamtas_fran_underlagsplattformen(con, ram):
    """Mål 4: chefer i kranskommunerna (underlag Vännäs): 2019 67 %, 2020 50 %."""
    ind = ram.indikatorer["chefer_regional_kransen"]
    assert kt.fragparametrar("chefer_regional_kransen", ind, _omfattning(con, "forbundet"))["plattformar"] == ["vannas"]
    per_ar = _alla(_varden(con, ram, "chefer_regional_kransen", "forbundet"))
    assert (per_ar[2019]["varde"], per_ar[2020]["varde"]) == (67, 50)


def test_enkat_for_forbundet_gar_inte_att_summera(con, ram):
    varden = _varden(con, ram, "deltagare_tagit_tillvara", "forbundet")
    assert not kt.har_varden(varden)


# ---------------------------------------------------------------- definitionsbyten


def test_definitionsbyte_for_varav_andelarna(con):
    df = fragor.kor(con, "over_tid_definitionsbyte", matt=["arbete"], andel_av=None)
    assert df.select("period", "forra_period", "typ", "fore_id", "efter_id").rows() == [
        (2020, 2019, "andel_av", "avslutade", "positiv_losning")]
    byten = kt.definitionsbyten(df)
    assert [(b.period, b.forra_period, b.etikett) for b in byten] == [(2020, 2019, "Ny definition 2020")]
    assert byten[0].text == ("Från 2020 räknas andelen varav till arbete mot avslutade till positiv lösning; "
                             "2019 räknades den mot avslutade.")


def test_inget_definitionsbyte_utan_andrad_definition(con):
    # Positiv lösning räknas mot avslutade båda åren och består av samma orsaker i de lagrade definitionerna.
    assert fragor.kor(con, "over_tid_definitionsbyte", matt=["positiv_losning"], andel_av=None).height == 0
    # En fast bas i målramverket påverkas inte av periodens definition.
    assert fragor.kor(con, "over_tid_definitionsbyte", matt=["arbete"], andel_av="avslutade").height == 0


@pytest.fixture
def con_ny_definition(standarddatabas, tmp_path):
    """Kopia där avbrott av hälsoskäl räknas in i positiv lösning från 2020."""
    fil = ny_databas(tmp_path / "definition.duckdb", fran=standarddatabas)
    with skriv(fil) as anslutning:
        anslutning.execute("UPDATE matt_definition SET ingar_i = 'positiv_losning' "
                           "WHERE giltig_fran = 2020 AND matt_id = 'avbrott_halsa'")
    with las(fil) as anslutning:
        yield anslutning


def test_andrade_delar_i_summamattet_upptacks(con_ny_definition):
    df = fragor.kor(con_ny_definition, "over_tid_definitionsbyte", matt=["positiv_losning"], andel_av=None)
    assert df.height == 1
    r = df.row(0, named=True)
    assert (r["period"], r["typ"], r["matt_id"]) == (2020, "delar", "positiv_losning")
    assert "Avbrott av hälsoskäl" in r["efter"] and "Avbrott av hälsoskäl" not in r["fore"]
    text = kt.definitionsbyten(df)[0].text
    assert text.startswith("Från 2020 ingår varav till arbete") and "avbrott av hälsoskäl" in text
    # Varav-andelarna räknas mot positiv lösning 2020, vars delar ändrats: två ändringar samma år.
    arbete = fragor.kor(con_ny_definition, "over_tid_definitionsbyte", matt=["arbete"], andel_av=None)
    assert sorted(arbete["typ"].to_list()) == ["andel_av", "delar"]
    assert len(kt.definitionsbyten(arbete)) == 1


# ---------------------------------------------------------------- målnivåer, diagram och tabell


def test_malniva_per_ar(ram):
    nivaer = kt.malnivaer(ram, "positiv_losning", "ungdomstorget", [2019, 2020])
    assert nivaer == {2019: None, 2020: 90.0}
    assert kt.saknade_malnivaer(nivaer) == "Målramverket anger ingen målnivå för 2019."
    assert kt.saknade_malnivaer({2020: 35.0}) == ""
    assert kt.saknade_malnivaer({2018: None, 2019: None, 2020: 1.0}) == (
        "Målramverket anger ingen målnivå för 2018 och 2019.")


def test_indikatoralternativen_ar_de_med_sifferutfall(ram):
    alternativ = kt.indikatoralternativ(ram)
    assert list(alternativ)[:3] == ["positiv_losning", "varav_arbete", "varav_studier"]
    assert "beskrivning_verksamhet" not in alternativ and "deltagare_tagit_tillvara" in alternativ
    assert kt.indikatoralternativ(None) == {}


def test_diagrammet_markerar_definitionsbytet_och_rapporterade_varden(con, ram):
    ind = ram.indikatorer["varav_arbete"]
    varden = _varden(con, ram, "varav_arbete", "ungdomstorget")
    nivaer = kt.malnivaer(ram, "varav_arbete", "ungdomstorget", [2019, 2020])
    byten = kt.definitionsbyten(fragor.kor(con, "over_tid_definitionsbyte", matt=["arbete"], andel_av=None))
    fig = kt.tidsdiagram(varden, ind, nivaer, byten, "Varav till arbete, Ungdomstorget, per år (%)")
    spar = {t.name: t for t in fig.data}
    assert set(spar) == {"Alla", "Kvinnor", "Män", "Målnivå", "Beräknat ur antal", "Rapporterat värde"}
    alla = spar["Alla"]
    # Linjen bryts vid definitionsbytet: 2019, (2019,5 utan värde), 2020.
    assert list(alla.x) == [2019, 2019.5, 2020] and list(alla.y) == [23, None, 40]
    assert list(alla.marker.symbol) == ["circle-open", "circle", "circle"]
    assert list(spar["Kvinnor"].x) == [2018.94, 2019.5, 2019.94]  # en aning vänster om året
    assert "Rapporterat värde" in alla.customdata[0][0] and "ej direkt jämförbart" in alla.customdata[0][0]
    assert "17 av 43 avslutade till positiv lösning" in alla.customdata[2][0]
    assert list(spar["Målnivå"].y) == [None, None, 35]
    linjer = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(linjer) == 1 and linjer[0].x0 == 2019.5
    assert any(a.text == "▼ Ny definition 2020" for a in fig.layout.annotations)
    assert fig.layout.title.text.replace("<br>", " ") == "Varav till arbete, Ungdomstorget, per år (%)"

    text = kt.tidsforklaring(ind, nivaer, byten)
    assert "Målramverket anger ingen målnivå för 2019." in text
    assert "räknas andelen varav till arbete mot avslutade till positiv lösning" in text
    assert ind.forklaring in text


def test_tabellen_per_ar(con, ram):
    ind = ram.indikatorer["positiv_losning"]
    varden = _varden(con, ram, "positiv_losning", "ungdomstorget")
    nivaer = kt.malnivaer(ram, "positiv_losning", "ungdomstorget", [2019, 2020])
    rader = kt.tidstabell(varden, ind, nivaer, []).to_dicts()
    assert [(r["År"], r["Målnivå"], r["Alla"], r["Källa"]) for r in rader] == [
        ("2019", "–", "90 %", "Rapporterat värde"), ("2020", "90 %", "77 %", "Beräknat ur antal")]
    assert (rader[1]["Kvinnor"], rader[1]["Män"], rader[1]["Underlag"]) == ("78 %", "75 %", "43 av 56 avslutade")
    assert kt.kommentarer(varden) == [
        "2019: Definitionen 2019 inkluderade medicinsk rehabilitering (särredovisas från 2020)"]
    ned = kt.tid_nedladdning(varden, nivaer)
    rad = ned.filter((ned["År"] == 2020) & (ned["Kön"] == "Alla")).row(0, named=True)
    assert (rad["Värde"], rad["Antal"], rad["Av"], rad["Målnivå"], rad["Källa"]) == (
        77, 43, 56, 90.0, "Beräknat ur antal")


# ---------------------------------------------------------------- sidan


def _sidan(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    for nyckel, varde in (params or {}).items():
        at.query_params[nyckel] = varde
    at.switch_page("pages/over_tid.py").run()
    assert not at.exception, at.exception
    return at


def _diagram(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_sidan_visar_standardvalet(app_databas):
    at = _sidan()
    assert at.query_params["indikator"] == "positiv_losning" and at.query_params["plattform"] == "forbundet"
    tabell = at.table[0].value
    assert tabell.loc["2020", "Alla"] == "71 %" and tabell.loc["2019", "Alla"] == "83 %"
    assert tabell.loc["2019", "Källa"] == "Rapporterat värde"
    assert any("Målramverket anger ingen målnivå för 2019." in c.value for c in at.caption)
    assert not at.info


def test_ar_utan_varde_sags_i_ord(app_databas):
    """Bjurholm har ingen kolumn för 2019 i Bilaga 5 (rad 8528-8545)."""
    at = _sidan({"indikator": "positiv_losning", "plattform": "bjurholm"})
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Samordningsteamet i Bjurholm har inget värde för 2019: varken lagrade antal eller ett rapporterat värde finns."]


def test_url_med_indikator_och_plattform_ger_samma_vy(app_databas):
    at = _sidan({"indikator": "varav_arbete", "plattform": "ungdomstorget"})
    tabell = at.table[0].value
    assert tabell.loc["2019", "Alla"] == "23 %" and tabell.loc["2019", "Källa"] == "Rapporterat värde"
    assert tabell.loc["2020 ▼", "Alla"] == "40 %" and tabell.loc["2020 ▼", "Målnivå"] == "35 %"
    spec = _diagram(at)
    assert spec["layout"]["title"]["text"].replace("<br>", " ") == "Varav till arbete, Ungdomstorget i Umeå, per år (%)"
    assert [s["x0"] for s in spec["layout"]["shapes"]] == [2019.5]
    assert any("Från 2020 räknas andelen varav till arbete" in c.value for c in at.caption)
    assert any(m.value.startswith("- Källans kommentar 2019: Före 2020 inte räknat") for m in at.markdown)
    assert at.selectbox[0].value == "varav_arbete"

    igen = _sidan(dict(at.query_params))
    assert igen.table[0].value.equals(tabell)
    assert _diagram(igen)["data"] == spec["data"]


def test_vuxentorget_positiv_losning(app_databas):
    at = _sidan({"indikator": "positiv_losning", "plattform": "vuxentorget"})
    tabell = at.table[0].value
    assert (tabell.loc["2019", "Alla"], tabell.loc["2020", "Alla"]) == ("71 %", "73 %")
    assert tabell.loc["2020", "Underlag"] == "29 av 40 avslutade"
    assert not [s for s in _diagram(at)["layout"].get("shapes", []) if s.get("type") == "line"]
    assert not at.info  # båda åren har ett värde


def test_enkat_for_forbundet_sager_det_i_ord(app_databas):
    at = _sidan({"indikator": "deltagare_tagit_tillvara", "plattform": "forbundet"})
    assert at.info[0].value.startswith("Det finns inga värden för indikatorn för Förbundet totalt")
    assert not at.get("plotly_chart")
