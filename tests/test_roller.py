"""Vad varje roll ser och inte ser, och att en läsare inte når en processledares funktioner via URL."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import behorighet
from uppfoljning.behorighet import Anvandare

from .conftest import DASHBOARD, las

LASARSIDOR = {"Måluppfyllelse", "Mål", "Utfall", "Plattformar", "Kommuner", "Kvinnor och män", "Över tid", "Ekonomi"}


def _app(roll: str | None, monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if roll:
        at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
    return at


def _nar_inte(at: AppTest, sida: str, titel: str) -> None:
    """Sidan finns inte i användarens navigering; kommer man ändå dit visar den inget."""
    try:
        at.switch_page(sida).run()
    except ValueError as fel:
        assert "Could not find a navigation page" in str(fel)
    else:
        assert titel not in [t.value for t in at.title]
        assert not at.file_uploader


def test_lokal_installation_ar_processledare_och_sager_det(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert any("Lokal installation utan inloggning" in c.value for c in at.sidebar.caption)
    at.switch_page("pages/data.py").run()
    assert not at.file_uploader[0].disabled


def test_inget_visas_fore_inloggning(app_databas, monkeypatch, tmp_path):
    at = _app(None, monkeypatch, tmp_path).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Logga in"]
    assert not at.table and not at.dataframe and not at.header
    _nar_inte(at, "pages/utfall.py", "Utfall för deltagare")
    # Även om sidans fil körs direkt (förbi navigeringen) visas bara inloggningen.
    direkt = AppTest.from_file(str(Path(DASHBOARD).parent / "pages" / "utfall.py"), default_timeout=60).run()
    assert [t.value for t in direkt.title] == ["Logga in"]
    assert not direkt.table


def test_med_oidc_visas_bara_inloggningsknappen_fore_inloggning(app_databas, monkeypatch):
    """OIDC (st.login) mot förbundets identitetsleverantör: utan inloggad användare visas ingenting annat,
    inte heller via en sidas URL. (Själva inloggningen kräver en riktig leverantör och provas inte här.)"""
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "oidc")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Logga in"]
    assert [b.label for b in at.button] == ["Logga in"]
    assert not at.table and not at.dataframe and not at.header and not at.sidebar.caption
    _nar_inte(at, "pages/utfall.py", "Utfall för deltagare")


def test_fel_losenord_avvisas_ratt_slapper_in(app_databas, monkeypatch, tmp_path):
    at = _app(None, monkeypatch, tmp_path)
    behorighet.satt_anvandare("anna", "member", "ett långt lösenord", tmp_path / "anvandare.json")
    at.run()
    at.text_input(key="inloggning_namn").input("anna")
    at.text_input(key="inloggning_losenord").input("fel lösenord!")
    at.button[0].click().run()
    assert "Fel användarnamn eller lösenord." in [e.value for e in at.error]
    at.text_input(key="inloggning_losenord").input("ett långt lösenord")
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["inloggad"] == Anvandare("anna", "member")
    assert "Samordningsförbundets samlade måluppfyllelse" in [t.value for t in at.title]


def test_lasare_nar_inte_data_via_url_och_ser_skyddade_tal(app_databas, monkeypatch, tmp_path):
    at = _app("viewer", monkeypatch, tmp_path).run()
    assert not at.exception
    for sida, titel in (("pages/data.py", "Data"), ("pages/handelselogg.py", "Händelselogg"),
                        ("pages/anvandare.py", "Användare")):
        _nar_inte(at, sida, titel)
    # Även om sidans fil körs direkt (förbi navigeringen) stoppar sidan själv.
    direkt = AppTest.from_file(str(Path(DASHBOARD).parent / "pages" / "data.py"), default_timeout=60)
    direkt.session_state["inloggad"] = Anvandare("test-viewer", "viewer")
    direkt.run()
    assert not direkt.file_uploader
    assert "kräver rollen styrelseledamot" in direkt.error[0].value

    at.switch_page("pages/utfall.py")
    at.query_params["plattform"] = "bjurholm"
    at.run()
    tabell = at.table[0].value
    rader = {i.strip(): r for i, r in tabell.iterrows()}
    assert rader["Totalt antal avslutade hela året"]["Totalt"] == "dold"
    assert rader["Avslutade till en för individen positiv lösning"]["Andel"] == "dold"
    assert rader["Antal deltagare hela året"]["Totalt"] == "15"


def test_lasare_ser_inte_sma_andelar_eller_analysutkast_pa_sidan_mal(app_databas, monkeypatch, tmp_path):
    at = _app("viewer", monkeypatch, tmp_path).run()
    at.switch_page("pages/mal.py")
    at.query_params.update({"ar": "2020", "mal": "mal2", "plattform": "bjurholm"})
    at.run()
    assert not at.exception
    forsta = at.table[0].value
    positiv = forsta[forsta["Indikator"].str.startswith("Deltagaren har avslutats")].iloc[0]
    assert positiv["Utfall 2020"] == "dold"
    assert positiv["Varför"] == "Värdet bygger på färre än 5 personer och visas inte."
    assert "100 %" not in positiv["Varför"]
    assert not at.text_area, "läsaren får inte redigera"
    texter = [t.value for t in at.text]
    assert len(texter) == 1, "bara styrelsens beslutade bedömning, inga analysutkast per avsnitt"


def test_styrelseledamot_ser_allt_men_andrar_inget(app_databas, monkeypatch, tmp_path):
    at = _app("member", monkeypatch, tmp_path).run()
    at.switch_page("pages/mal.py")
    at.query_params.update({"ar": "2020", "mal": "mal2", "plattform": "bjurholm"})
    at.run()
    forsta = at.table[0].value
    positiv = forsta[forsta["Indikator"].str.startswith("Deltagaren har avslutats")].iloc[0]
    assert positiv["Utfall 2020"] == "100 %"
    assert len(at.text) > 1, "analysutkasten syns för styrelsen"
    assert not at.text_area
    at.switch_page("pages/data.py").run()
    assert at.file_uploader[0].disabled


def test_processledare_far_lasa_in_och_skriva(app_databas, monkeypatch, tmp_path):
    at = _app("editor", monkeypatch, tmp_path).run()
    at.switch_page("pages/data.py").run()
    assert not at.file_uploader[0].disabled
    _nar_inte(at, "pages/handelselogg.py", "Händelselogg")


def test_admin_ser_handelseloggen(app_databas, monkeypatch, tmp_path):
    at = _app("admin", monkeypatch, tmp_path).run()
    at.switch_page("pages/handelselogg.py").run()
    assert not at.exception
    assert "Händelselogg" in [t.value for t in at.title]


def test_anvandartabellen_har_anvandarnamnet_som_radrubrik_inte_ett_radnummer(app_databas, monkeypatch, tmp_path):
    """Tabellen över användare: raderna heter som användaren (på en telefon kortets rubrik), inte 0, 1, 2."""
    at = _app("admin", monkeypatch, tmp_path)
    behorighet.satt_anvandare("anna", "viewer", "ett långt lösenord", tmp_path / "anvandare.json")
    at.run()
    at.switch_page("pages/anvandare.py").run()
    assert not at.exception
    tabell = at.table[0].value
    assert list(tabell.index) == ["anna"] and tabell.index.name == "Användare"
    assert list(tabell.columns) == ["Roll"]


def test_varje_sida_finns_i_navigeringen_med_samma_roll_som_sidan_kraver():
    """Rollen står två gånger: i menyn (uppfoljning/navigering.py) och i sidans egen spärr (ui.krav_roll).
    De måste stämma, annars leder menyn till en spärrad sida eller en länk förbi menyn till en öppen."""
    import re

    from uppfoljning.navigering import NY_ORGANISATION, SIDOR

    rot = Path(DASHBOARD).parent
    # Ny organisation visas bara i en tom installation (dashboard.py), med sin roll i navigering.NY_ORGANISATION.
    i_menyn = {s.fil: s.roll for sidor in SIDOR.values() for s in sidor} | {NY_ORGANISATION.fil: NY_ORGANISATION.roll}
    filer = {f"pages/{f.name}" for f in (rot / "pages").glob("*.py")}
    assert set(i_menyn) == filer
    from uppfoljning.navigering import REDOGORELSE

    for fil, roll in i_menyn.items():
        if fil == REDOGORELSE.fil:
            # Tillgänglighetsredogörelsen är öppen för alla, även utan inloggning (test_redogorelse.py).
            assert "ui.krav_roll" not in (rot / fil).read_text(encoding="utf-8")
            continue
        assert re.findall(r'ui\.krav_roll\("(\w+)"\)', (rot / fil).read_text(encoding="utf-8")) == [roll], fil


def test_anvandarsidan_visar_rollernas_svenska_namn_inte_de_interna(app_databas, monkeypatch, tmp_path):
    """Sidan Användare och händelseloggen säger Läsare, Styrelseledamot, Processledare, Administratör; de interna
    namnen (viewer, member, editor, admin) står bara i användarfilen."""
    import re

    at = _app("admin", monkeypatch, tmp_path)
    behorighet.satt_anvandare("anna", "member", "ett långt lösenord", tmp_path / "anvandare.json")
    at.run()
    at.switch_page("pages/anvandare.py").run()
    assert not at.exception
    text = "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [s.label for s in at.selectbox]
                     + [str(o) for s in at.selectbox for o in s.options]
                     + [str(v) for t in at.table for v in t.value.to_numpy().ravel()])
    assert "Styrelseledamot" in text and "Processledare" in text
    assert not re.search(r"\b(viewer|member|editor|admin)\b", text), text
    at.text_input[0].input("bertil")
    at.text_input[1].input("ett annat långt lösenord")
    at.button[0].click().run()
    assert not at.exception
    with las(app_databas) as con:
        logg = con.execute("SELECT beskrivning FROM handelse WHERE typ = 'användare'").fetchall()
    assert logg and not re.search(r"\b(viewer|member|editor|admin)\b", logg[-1][0]), logg
    assert "bertil" in logg[-1][0]


def test_menyn_ur_minnet_foljer_rollen(app_databas, monkeypatch, tmp_path):
    """Navigeringens sidor byggs en gång per roll och delas av körningarna (ui.navigeringens_sidor): en läsare efter
    en processledare i samma process når ändå inte Data, och processledaren når den efter läsaren."""
    editor = _app("editor", monkeypatch, tmp_path).run()
    editor.switch_page("pages/data.py").run()
    assert editor.file_uploader
    lasare = _app("viewer", monkeypatch, tmp_path).run()
    _nar_inte(lasare, "pages/data.py", "Data")
    editor = _app("editor", monkeypatch, tmp_path).run()
    editor.switch_page("pages/data.py").run()
    assert editor.file_uploader


def test_varje_korning_far_egna_sidobjekt():
    """st.navigation ändrar sidobjekten i en körning (vilken sida som får köras), och sessionerna kör samtidigt:
    mallen byggs en gång, men varje körning får egna kopior."""
    import streamlit as st

    from uppfoljning import ui

    byggen = []

    def bygg():
        byggen.append(1)
        return {"Grupp": [st.Page("pages/mal.py", title="Mål", url_path="mal")]}

    forsta = ui.navigeringens_sidor(("test_varje_korning", 1), bygg)
    andra = ui.navigeringens_sidor(("test_varje_korning", 1), bygg)
    assert len(byggen) == 1
    assert forsta["Grupp"][0] is not andra["Grupp"][0]
    forsta["Grupp"][0]._can_be_called = True  # som st.navigation gör med sidan som ska köras
    assert not getattr(andra["Grupp"][0], "_can_be_called", False)
    assert andra["Grupp"][0].visibility == "visible"
