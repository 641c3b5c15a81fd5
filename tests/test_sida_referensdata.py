"""Sidan Referensdata och erbjudandet på sidan Data med AppTest: en plattform läggs till i standarddata och får en
uppladdning; ett okänt enhetsnamn i en fil kopplas till rätt plattform direkt från felet, och filen går sedan
igenom med alla tidigare inläsningar kvar."""

from streamlit.testing.v1 import AppTest

from uppfoljning import installningar

from .conftest import DASHBOARD, las, skriv
from .test_ramverksredigering import kontrollsumma

EXEMPEL = installningar.DATASETS / "examples"


def _knapp(at, text):
    return next(b for b in at.button if b.label == text)


def _sida(fil):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page(fil).run()
    assert not at.exception
    return at


def test_plattform_laggs_till_och_far_data(app_databas):
    at = _sida("pages/referensdata.py")
    at.text_input(key="enhet_ny_id").input("hortlax")
    at.text_input(key="enhet_ny_namn").input("Samordningsteamet i Hortlax")
    at.text_input(key="enhet_ny_kort").input("Hortlax")
    _knapp(at, "Lägg till plattform").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Samordningsteamet i Hortlax är tillagd."
    with skriv(app_databas) as con:
        assert con.execute("SELECT namn FROM plattform WHERE plattform_id = 'hortlax'").fetchall() == [
            ("Samordningsteamet i Hortlax",)]
        inlasningar = con.execute("SELECT count(*) FROM kalla").fetchall()[0][0]
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data_datamangd").set_value("utfall_tabell")
    at.number_input(key="data_period").set_value(2020)
    at.selectbox(key="data_plattform").set_value("hortlax").run()
    at.file_uploader(key="data_fil").set_value(("hortlax.csv", (EXEMPEL / "utfall_tabell.csv").read_bytes(),
                                                "text/csv")).run()
    assert not at.exception and not at.error
    at.button(key="data_spara").click().run()
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    with skriv(app_databas) as con:
        assert con.execute("SELECT count(*) FROM kalla").fetchall()[0][0] == inlasningar + 1


def test_dubbelt_namn_visar_fel_och_andrar_inget(app_databas):
    at = _sida("pages/referensdata.py")
    with skriv(app_databas) as con:
        fore = kontrollsumma(con)
    at.text_input(key="enhet_ny_id").input("vannas2")
    at.text_input(key="enhet_ny_namn").input("Samordningsteamet i Vännäs")
    _knapp(at, "Lägg till plattform").click().run()
    assert "Fältet Namn" in at.error[0].value and "används redan" in at.error[0].value
    with skriv(app_databas) as con:
        assert kontrollsumma(con) == fore


def test_okant_namn_i_uppladdningen_mappas_direkt(app_databas):
    at = _sida("pages/data.py")
    at.selectbox(key="data_datamangd").set_value("deltagare").run()
    innehall = (EXEMPEL / "deltagare.csv").read_text(encoding="utf-8").replace(";Vännäs;Vännäs;", ";ST Vännäs;Vännäs;")
    at.file_uploader(key="data_fil").set_value(("deltagare.csv", innehall.encode(), "text/csv")).run()
    assert not at.exception
    assert "Filen kan inte läsas in." in at.error[0].value
    assert any("ST Vännäs** känns inte igen som plattform. Menade du **Samordningsteamet i Vännäs**?" in m.value
               for m in at.markdown)
    assert at.selectbox(key="mappa_val_plattform_0").value == "vannas"
    at.button(key="mappa_plattform_0").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Filen klarade kontrollen")
    # Vännäs har en sammanställd tabell för 2020: deltagarfilen ersätter den först efter bekräftelse.
    at.checkbox(key="data_bekrafta").check().run()
    at.button(key="data_spara").click().run()
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    with skriv(app_databas) as con:
        assert con.execute("SELECT plattform_id FROM enhetsnamn WHERE namn = 'ST Vännäs'").fetchall() == [("vannas",)]
        assert con.execute("SELECT count(*) FROM handelse WHERE typ = 'referensdata'").fetchall()[0][0] == 1


def test_remitterande_part_laggs_till_och_en_med_aktualiseringar_tas_inte_bort(app_databas):
    at = _sida("pages/referensdata.py")
    at.text_input(key="part_ny_id").input("kriminalvarden")
    at.text_input(key="part_ny_namn").input("Kriminalvården")
    _knapp(at, "Lägg till remitterande part").click().run()
    assert not at.exception and not at.error
    assert at.success[0].value == "Kriminalvården är tillagd."
    with skriv(app_databas) as con:
        assert con.execute("SELECT namn FROM remitterande_part WHERE part_id = 'kriminalvarden'").fetchall() == [
            ("Kriminalvården",)]
        fore = kontrollsumma(con)
    at.selectbox(key="part_val").set_value("regionen")
    at.radio(key="part_atgard").set_value("Ta bort (bara utan aktualiseringar)")
    next(b for b in at.button if b.label == "Utför" and "part_andra" in str(b.form_id)).click().run()
    assert not at.exception
    fel = at.error[0].value
    assert "Regionen" in fel and "har data" in fel and "regionen" not in fel, fel
    with skriv(app_databas) as con:
        assert kontrollsumma(con) == fore


def _grupptabell(at):
    return next(t.value for t in at.table if t.value.index.name == "Respondentgrupp")


def test_respondentgrupp_laggs_till_byter_namn_och_tar_emot_enkatsvar(app_databas):
    """En ny respondentgrupp på sidan Referensdata (med samma frågor som medarbetarna), ett nytt namn, och en
    svarsfrekvens för gruppen läses in på sidan Data med gruppens namn i filen."""
    at = _sida("pages/referensdata.py")
    assert "Chefer" in _grupptabell(at).index.to_list()
    at.text_input(key="grupp_ny_id").input("arbetsgivare")
    at.text_input(key="grupp_ny_namn").input("Arbetsgivare")
    at.selectbox(key="grupp_ny_fragor").set_value("medarbetare")
    _knapp(at, "Lägg till respondentgrupp").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Arbetsgivare är tillagd."
    rad = _grupptabell(at).loc["Arbetsgivare"]
    assert rad["Status"] == "Aktiv" and int(rad["Frågor"]) > 0
    at.selectbox(key="grupp_val").set_value("arbetsgivare")
    at.text_input(key="grupp_nytt").input("Arbetsgivarna")
    at.radio(key="grupp_atgard").set_value("Byt namn")
    next(b for b in at.button if b.label == "Utför" and "grupp" in str(b.form_id)).click().run()
    assert not at.exception and not at.error
    assert "Arbetsgivarna" in _grupptabell(at).index.to_list()
    at.switch_page("pages/data.py").run()
    at.selectbox(key="data_datamangd").set_value("enkat_svarsfrekvens")
    at.number_input(key="data_period").set_value(2021).run()
    text = "År;Plattform;Respondentgrupp;Antal inbjudna;Antal svar;Svarsfrekvens;Redovisas ej\n" \
           "2021;Vännäs;Arbetsgivarna;20;11;;Nej\n"
    at.file_uploader(key="data_fil").set_value(("arbetsgivare.csv", text.encode(), "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.button(key="data_spara").click().run()
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    with skriv(app_databas) as con:
        assert con.execute("SELECT antal_svar FROM enkat_svarsfrekvens WHERE respondentgrupp = 'arbetsgivare'"
                           ).fetchall() == [(11,)]


def test_avveckla_respondentgrupp_som_malramverket_anvander_visar_fel(app_databas):
    at = _sida("pages/referensdata.py")
    with skriv(app_databas) as con:
        fore = kontrollsumma(con)
    at.selectbox(key="grupp_val").set_value("chefer")
    at.radio(key="grupp_atgard").set_value("Avveckla (historiken finns kvar)")
    next(b for b in at.button if b.label == "Utför" and "grupp" in str(b.form_id)).click().run()
    assert not at.exception
    assert "Chefer kan inte avvecklas" in at.error[0].value and "Målramverk" in at.error[0].value
    with skriv(app_databas) as con:
        assert kontrollsumma(con) == fore


def test_enkatfraga_laggs_till_for_en_respondentgrupp(app_databas):
    at = _sida("pages/referensdata.py")
    at.selectbox(key="fraga_ny_grupp").set_value("chefer")
    at.text_input(key="fraga_ny_id").input("nojd_med_samarbetet")
    at.text_input(key="fraga_ny_text").input("Är du nöjd med samarbetet?")
    at.selectbox(key="fraga_ny_svarstyp").set_value("ja_nej")
    _knapp(at, "Lägg till enkätfråga").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with las(app_databas) as con:
        assert con.execute("SELECT text, svarstyp FROM enkatfraga WHERE respondentgrupp = 'chefer' AND fraga_id = "
                           "'nojd_med_samarbetet'").fetchall() == [("Är du nöjd med samarbetet?", "ja_nej")]
    assert "Är du nöjd med samarbetet?" in at.table[-1].value.index.to_list()
