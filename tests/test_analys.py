"""Analys och beslut sparas som nya versioner med tid och författare; historiken finns kvar."""

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import analys, bedomning, fragor, installningar, malramverk
from uppfoljning.status import Status

from .conftest import DASHBOARD, skriv


def test_ny_version_andrar_beslutet_och_behaller_historiken(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        version = analys.spara(con, 2020, "mal2", "robertsfors", 0, "Styrelsen ändrar sig efter ny redovisning.",
                               Status.GUL, "processledare@exempel.se")
        assert version == 2
        historik = fragor.kor(con, "styrelsens_bedomning_historik", period=2020, mal_id="mal2",
                              scope_id="robertsfors").filter(pl.col("avsnitt") == 0)
        assert historik["version"].to_list() == [2, 1]
        assert historik["farg"].to_list() == ["gul", "gron"]
        assert historik["sparad_av"].to_list() == ["processledare@exempel.se", "standarddata"]
        ram = malramverk.las(installningar.MALRAMVERK)
        robertsfors = next(r for r in bedomning.bedom(con, ram, 2020) if r.scope_id == "robertsfors")
        assert robertsfors.beslut == Status.GUL and not robertsfors.beslut_avviker


def test_tom_analys_utan_beslut_avvisas(skrivbar_databas):
    with skriv(skrivbar_databas) as con, pytest.raises(analys.AnalysFel, match="Skriv en text"):
        analys.spara(con, 2020, "mal1", "vuxentorget", 1, "   ", None, "x")


def test_analys_skrivs_pa_sidan_mal_och_visas_som_text(app_databas):
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    at.switch_page("pages/mal.py")
    at.query_params.update({"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"})
    at.run()
    skadlig = "<script>alert(1)</script> Utfallet för <b>studier</b> är gott."
    at.text_area(key="analys_text_1").set_value(skadlig)
    at.button(key="analys_spara_1").click().run()
    assert not at.exception
    texter = [t.value for t in at.text]
    assert skadlig in texter, "texten ska visas ordagrant som text, aldrig tolkas som HTML"
    assert not [m for m in at.markdown if "<script>" in m.value]
    historik = at.expander
    assert any("Historik" in e.label for e in historik)
