"""Personnummer på sidorna (AppTest): ett filnamn med ett nummer läses in på sidan Data och visas maskerat i
meddelanden, lagrade inläsningar, historik och händelselogg; en analys med ett nummer vägras utan att numret
upprepas; användarhanteringen vägrar ett användarnamn med ett nummer."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, uppladdning
from uppfoljning.behorighet import Anvandare

from .conftest import DASHBOARD, skriv
from .test_personnummer_attack import NUMMER, antar_inte, dump, former

EXEMPEL = installningar.DATASETS / "examples"


def _all_text(at) -> str:
    """Allt sidan visar: text, meddelanden och tabellernas innehåll."""
    delar = []
    for element in (at.title, at.markdown, at.caption, at.text, at.error, at.success, at.warning, at.info):
        delar += [str(e.value) for e in element]
    delar += [e.value.to_string() for e in at.dataframe]
    delar += [e.value.to_string() for e in at.table]
    return "\n".join(delar)


def test_sidan_data_maskerar_filnamnet(app_databas):
    tio = NUMMER[1]
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    fil = f"deltagare_{former(tio)['em_streck']}.csv"
    at.file_uploader(key="data_fil").set_value((fil, (EXEMPEL / "deltagare.csv").read_bytes(), "text/csv")).run()
    assert not at.exception
    # Vännäs har en sammanställd tabell för 2020: deltagarfilen ersätter den först efter bekräftelse.
    at.checkbox(key="data_bekrafta").check().run()
    at.button(key="data_spara").click().run()
    assert not at.exception
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    antar_inte(_all_text(at), tio, "sidan Data efter inläsningen")
    # Lagrade inläsningar och historiken, i en ny session (utan filen i uppladdningen).
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page("pages/data.py").run()
    text = _all_text(at)
    assert "deltagare_ÅÅMMDD-XXXX.csv" in text
    antar_inte(text, tio, "sidan Data")
    at.switch_page("pages/handelselogg.py").run()
    assert not at.exception
    antar_inte(_all_text(at), tio, "händelseloggen")
    with skriv(app_databas) as con:
        antar_inte(dump(con), tio, "databasen")


def test_analys_med_personnummer_vagras_pa_sidan(app_databas):
    tio = NUMMER[3]
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    at.switch_page("pages/mal.py")
    at.query_params.update({"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"})
    at.run()
    with skriv(app_databas) as con:
        fore = uppladdning.kontrollsumma(con)
    at.text_area(key="analys_text_1").set_value(f"Deltagaren {former(tio)['helbredd']} gick till arbete.")
    at.button(key="analys_spara_1").click().run()
    assert not at.exception
    fel = [e.value for e in at.error]
    assert any("personnummer" in f for f in fel), fel
    antar_inte("\n".join(fel), tio, "felet")
    with skriv(app_databas) as con:
        assert uppladdning.kontrollsumma(con) == fore


def test_anvandarnamn_med_personnummer_vagras_pa_sidan(app_databas, tmp_path, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    tio = NUMMER[0]
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    at.session_state["inloggad"] = Anvandare("test-admin", "admin")
    at.run()
    at.switch_page("pages/anvandare.py").run()
    at.text_input[0].input(f"anna {former(tio)['mellanslag']}")
    at.text_input[1].input("ett långt lösenord")
    at.button[0].click().run()
    assert not at.exception
    text = _all_text(at)
    assert "personnummer" in text
    antar_inte(text, tio, "sidan Användare")
    assert not (tmp_path / "anvandare.json").exists()
    with skriv(app_databas) as con:
        antar_inte(dump(con), tio, "databasen")
