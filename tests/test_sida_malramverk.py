"""Sidan Målramverk med AppTest: en målnivå och ett mål ändras i formulär och blir en ny version som gäller på
Måluppfyllelse; en dålig ändring visar ett svenskt fel som namnger fältet och ändrar ingenting."""

from streamlit.testing.v1 import AppTest

from uppfoljning import malramverk
from uppfoljning import ramverksredigering as rr

from .conftest import DASHBOARD, las, skriv
from .test_ramverksredigering import kontrollsumma


def _sidan():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("pages/malramverk.py").run()
    assert not at.exception
    return at


def _knapp(at, text):
    return next(b for b in at.button if b.label == text)


def _malniva(fil, indikator):
    with skriv(fil) as con:
        return malramverk.tolka(malramverk.senast_redigerade(con)[1]).indikatorer[indikator].malniva


def test_malniva_andras_i_formular_och_galler(app_databas):
    at = _sidan()
    assert "goals.yaml (inte ändrat i appen)" in at.markdown[0].value
    at.selectbox(key="ind_val").set_value("positiv_losning").run()
    at.selectbox(key="niva_period_positiv_losning").set_value(2020)
    at.text_input(key="niva_alla_positiv_losning").input("85")
    at.text_input(key="varfor_niva_positiv_losning").input("styrelsens beslut § 7")
    _knapp(at, "Spara målnivån som ny version").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Version ") and "sparad" in at.success[0].value
    assert _malniva(app_databas, "positiv_losning") == {2020: 85}
    assert "styrelsens beslut § 7" in at.markdown[0].value
    # Versionerna visar skillnaden i klar svenska.
    assert any("målnivån för 2020 ändrad från 90 % till 85 %" in m.value for m in at.markdown)
    # Måluppfyllelse och Mål bedömer mot den nya målnivån.
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    assert not at.error


def test_dalig_malniva_visar_fel_och_andrar_inget(app_databas):
    at = _sidan()
    at.selectbox(key="ind_val").set_value("positiv_losning").run()
    with skriv(app_databas) as con:
        fore = kontrollsumma(con)
    at.selectbox(key="niva_period_positiv_losning").set_value(2020)
    at.text_input(key="niva_alla_positiv_losning").input("140")
    at.text_input(key="varfor_niva_positiv_losning").input("prov")
    _knapp(at, "Spara målnivån som ny version").click().run()
    assert not at.exception
    # Sidan namnger indikatorn med dess namn, inte goals.yaml:s id (issue 16).
    assert 'indikatorn "Deltagaren har avslutats till en för individen positiv lösning"' in at.error[0].value
    assert "mellan 0 och 100" in at.error[0].value and "positiv\\_losning" not in at.error[0].value
    with skriv(app_databas) as con:
        assert kontrollsumma(con) == fore


def test_nytt_mal_for_en_enhet(app_databas):
    at = _sidan()
    at.selectbox(key="mal_val").set_value("+ nytt mål").run()
    at.text_input(key="mal_id_+ nytt mål").input("vannas_resultat")
    at.text_input(key="mal_titel_+ nytt mål").input("Vännäs når resultat")
    at.multiselect(key="mal_omfattning_+ nytt mål").select("vannas")
    at.multiselect(key="mal_indikatorer_+ nytt mål").select("positiv_losning")
    at.text_input(key="varfor_mal_+ nytt mål").input("nytt mål för Vännäs")
    _knapp(at, "Spara målet som ny version").click().run()
    assert not at.exception and not at.error
    assert at.selectbox(key="mal_val").value == "vannas_resultat"
    with skriv(app_databas) as con:
        ram = malramverk.tolka(malramverk.senast_redigerade(con)[1])
        assert rr.versioner(con)[0].kommentar == "nytt mål för Vännäs"
    assert ram.mal_med_id("vannas_resultat").omfattning == ["vannas"]
    at.switch_page("pages/maluppfyllelse.py").run()
    assert not at.exception
    assert any("Vännäs når resultat" in str(t.value) for t in at.dataframe) or \
        any("Vännäs når resultat" in m.value for m in at.markdown) or \
        any("Vännäs når resultat" in str(t.value) for t in at.table)


def test_minsta_underlag_andras_i_indikatorns_formular(app_databas):
    at = _sidan()
    at.selectbox(key="ind_val").set_value("positiv_losning").run()
    at.text_input(key="ind_minsta_positiv_losning").input("12")
    at.text_input(key="varfor_ind_positiv_losning").input("styrelsens beslut § 9")
    _knapp(at, "Spara indikatorn som ny version").click().run()
    assert not at.exception and not at.error
    with skriv(app_databas) as con:
        ind = malramverk.tolka(malramverk.senast_redigerade(con)[1]).indikatorer["positiv_losning"]
    assert ind.minsta_underlag == 12
    assert any(f.label == "Spara avvikelserna som ny version" for f in at.button)


def _version(fil) -> int:
    with las(fil) as con:
        return rr.senaste_version(con)


def _ramverk(fil):
    with skriv(fil) as con:
        return malramverk.tolka(malramverk.senast_redigerade(con)[1])


def test_sammanvagning_avsnitt_och_ej_bedomd_andras_i_formularen(app_databas):
    """Det som förut bara gick i goals.yaml: sammanvägningens gränser och vikter, avsnitten och perioder då ett mål
    inte bedöms, var för sig sparade som nya versioner."""
    at = _sidan()
    v = _version(app_databas)
    at.text_input(key=f"sv_gron_fran_{v}").input("1,6")
    at.text_input(key=f"sv_vikt_3_{v}").input("")
    at.text_input(key="varfor_sammanvagning").input("styrgruppens beslut § 3")
    _knapp(at, "Spara sammanvägningen som ny version").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    sv = _ramverk(app_databas).sammanvagning
    assert sv.gron_fran == 1.6 and sv.avsnittsvikter == {1: 3, 2: 2}
    assert any("Sammanvägningen" in m.value for m in at.markdown)
    # Avsnitten: ett fjärde läggs till.
    v = _version(app_databas)
    at.session_state[f"avsnittstabell_{v}"] = {"edited_rows": {}, "added_rows": [{"Nummer": 4, "Namn": "Uppföljning"}],
                                               "deleted_rows": []}
    at.text_input(key="varfor_avsnitt").input("nytt avsnitt")
    _knapp(at, "Spara avsnitten som ny version").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [(a.nummer, a.namn) for a in _ramverk(app_databas).avsnitt][-1] == (4, "Uppföljning")
    # Ej bedömd för det första målet 2020.
    ram = _ramverk(app_databas)
    mal = ram.mal[0]
    v = _version(app_databas)
    at.session_state[f"ej_bedomd_tabell_{mal.id}_{v}"] = {
        "edited_rows": {}, "added_rows": [{"Period": "2020", "Motiv": "Verksamheten startade i december"}],
        "deleted_rows": []}
    at.text_input(key=f"varfor_ej_bedomd_{mal.id}").input("ej bedömd 2020")
    _knapp(at, "Spara ej bedömd som ny version").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert _ramverk(app_databas).mal_med_id(mal.id).ej_bedomd == {2020: "Verksamheten startade i december"}


def test_vikt_noll_visar_fel_med_avsnittets_namn_och_andrar_inget(app_databas):
    at = _sidan()
    with skriv(app_databas) as con:
        fore = kontrollsumma(con)
        v = rr.senaste_version(con)
    at.text_input(key=f"sv_vikt_2_{v}").input("0")
    at.text_input(key="varfor_sammanvagning").input("prov")
    _knapp(at, "Spara sammanvägningen som ny version").click().run()
    assert not at.exception
    fel = at.error[0].value
    assert "Avsnittens vikter" in fel and "Medarbetares och chefers svar" in fel and "större än 0" in fel, fel
    with skriv(app_databas) as con:
        assert kontrollsumma(con) == fore


def test_toleranser_visas_med_rubrik_och_behaller_nyckeln(app_databas):
    """Toleranstabellen visar rubriken (inte goals.yaml:s nyckel) och riktningen med ord; en ändrad rad behåller
    nyckeln som indikatorerna pekar på, och en ny rad får en nyckel ur rubriken."""
    at = _sidan()
    v = _version(app_databas)
    at.session_state[f"toleranstabell_{v}"] = {
        "edited_rows": {0: {"Grönt högst": 8}},
        "added_rows": [{"Rubrik": "Avbrott", "Grönt högst": 1, "Gult högst": 3, "Riktning": "lägre är bättre"}],
        "deleted_rows": []}
    at.text_input(key="varfor_toleranser").input("nya toleranser")
    _knapp(at, "Spara toleranserna som ny version").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    tol = _ramverk(app_databas).toleranser
    assert tol["positiv_losning"].gron == 8 and tol["positiv_losning"].rubrik == "positiv lösning"
    assert tol["avbrott"].riktning == "lagre_ar_battre" and tol["avbrott"].rubrik == "Avbrott"
