"""Avvecklade enheter i sidornas väljare (issue 16): en avvecklad enhet erbjuds bara för de perioder där den har
data (historiken), inte för perioder där den saknar data, och aldrig för en ny uppladdning.
Standarddata: Bjurholm har data bara 2020, NAFS ingen alls."""

from streamlit.testing.v1 import AppTest

from .conftest import DASHBOARD, skriv


def _avveckla(fil, *enheter):
    with skriv(fil) as con:
        for e in enheter:
            con.execute("INSERT INTO referens_avvecklad (tabell, id, avvecklad_av) VALUES ('plattform', ?, 'test')", [e])


def _sida(sida, **parametrar):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    for k, v in parametrar.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(sida).run()
    assert not at.exception
    return at


def _alternativ(at, etikett):
    return next(list(s.options) for s in at.selectbox if s.label == etikett)


def test_avvecklad_enhet_erbjuds_bara_dar_den_har_data(app_databas):
    _avveckla(app_databas, "bjurholm", "nafs")
    at = _sida("pages/utfall.py", ar="2019")
    alt = _alternativ(at, "Plattform")
    assert "Samordningsteamet i Vännäs" in alt or any("Vännäs" in a for a in alt), alt
    assert not any("Bjurholm" in a or "NAFS" in a for a in alt), alt
    at = _sida("pages/utfall.py", ar="2020")
    alt = _alternativ(at, "Plattform")
    assert any("Bjurholm" in a for a in alt) and not any("NAFS" in a for a in alt), alt
    at = _sida("pages/plattformar.py", ar="2019")
    flerval = next(m for m in at.multiselect if m.label == "Plattformar")
    assert "Bjurholm" not in flerval.options and "NAFS" not in flerval.options, flerval.options
    at = _sida("pages/plattformar.py", ar="2020")
    flerval = next(m for m in at.multiselect if m.label == "Plattformar")
    assert "Bjurholm" in flerval.options and "NAFS" not in flerval.options, flerval.options
    # En ny uppladdning tar inte emot data för en avvecklad enhet: den erbjuds inte i formuläret.
    at = _sida("pages/data.py")
    alt = _alternativ(at, "Plattform (om filen inte anger den)")
    assert not any("Bjurholm" in a or "NAFS" in a for a in alt), alt


def test_utan_avveckling_erbjuds_alla(app_databas):
    at = _sida("pages/utfall.py", ar="2019")
    assert any("NAFS" in a for a in _alternativ(at, "Plattform"))
