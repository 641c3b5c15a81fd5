"""Sidan Data med AppTest: en felaktig fil visas som fel och ändrar inget; en bra fil sparas efter
bekräftelse, syns på andra sidor och kan ångras."""

from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, uppladdning

from .conftest import DASHBOARD, skriv

EXEMPEL = installningar.DATASETS / "examples"


def _data_sidan():
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    return at.switch_page("pages/data.py").run()


def _kvinnor_till_arbete(at) -> str:
    tabell = at.table[0].value
    rad = [i for i in tabell.index if i.strip().startswith("varav till arbete")]
    return tabell.loc[rad[0], "Kvinnor"]


def _summa(fil):
    with skriv(fil) as con:
        return uppladdning.kontrollsumma(con)


def test_felaktig_fil_visar_fel_och_andrar_inget(app_databas):
    at = _data_sidan()
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    fore = _summa(app_databas)
    innehall = (EXEMPEL / "deltagare.csv").read_bytes().replace(b"VN-0002", b"811218-9876")
    at.file_uploader(key="data_fil").set_value(("deltagare.csv", innehall, "text/csv")).run()
    assert not at.exception
    assert "Filen kan inte läsas in." in at.error[0].value
    assert "rad 3, kolumn Deltagar-id: Värdet ser ut som ett personnummer" in at.error[0].value
    assert "811218" not in at.error[0].value
    assert not [b for b in at.button if b.key == "data_spara"]
    assert _summa(app_databas) == fore


def _vannas_till_arbete_pa_plattformar(at) -> str:
    """Plattformarnas tabell, som sidan bygger och cachar per filterval (ui.harlett)."""
    at.switch_page("pages/plattformar.py")
    at.query_params["ar"] = "2020"
    at.run()
    rad = [i for i in at.table[0].value.index if i.strip().startswith("Varav till arbete")]
    return at.table[0].value.loc[rad[0], "Vännäs"]


def test_ersattning_efter_bekraftelse_och_angra(app_databas):
    at = _data_sidan()
    # Plattformarnas cachade tabell före inläsningen måste bytas när data ändras.
    assert _vannas_till_arbete_pa_plattformar(at).startswith("2 (")
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data_datamangd").set_value("utfall_tabell")
    at.number_input(key="data_period").set_value(2020)
    at.selectbox(key="data_plattform").set_value("vannas").run()
    andrad = ((EXEMPEL / "utfall_tabell.csv").read_text(encoding="utf-8")
              .replace("varav till arbete (SUS 1);0;2;3", "varav till arbete (SUS 1);1;2;3")
              .replace("(SUS 1,2);3;3;6", "(SUS 1,2);2;3;6"))
    at.file_uploader(key="data_fil").set_value(("vannas.csv", andrad.encode(), "text/csv")).run()
    assert not at.exception
    assert at.success[0].value.startswith("Filen klarade kontrollen: 36 rader")
    assert len(at.warning) == 2  # Totalt stämmer inte med Kvinnor + Män på två rader
    spara = at.button(key="data_spara")
    assert spara.disabled, "ersättning kräver bekräftelse"
    at.checkbox(key="data_bekrafta").check().run()
    at.button(key="data_spara").click().run()
    assert not at.exception
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)

    at.switch_page("pages/utfall.py")
    at.query_params["plattform"] = "vannas"
    at.run()
    assert _kvinnor_till_arbete(at) == "1"
    assert _vannas_till_arbete_pa_plattformar(at).startswith("3 (")

    at.switch_page("pages/data.py").run()
    angra = [b for b in at.button if b.key and b.key.startswith("angra_")]
    assert angra and angra[0].label == "Återställ 36 rader"
    angra[0].click().run()
    at.switch_page("pages/utfall.py").run()
    assert _kvinnor_till_arbete(at) == "0"
    assert _vannas_till_arbete_pa_plattformar(at).startswith("2 (")
