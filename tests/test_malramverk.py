"""goals.yaml: fel i filen ger ett svenskt meddelande som pekar ut mål, indikator och fält,
och appen fortsätter på det senast giltiga ramverket."""

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, malramverk

from .conftest import DASHBOARD

GILTIG = installningar.MALRAMVERK.read_text(encoding="utf-8")


def _fel(gammalt: str, nytt: str) -> str:
    assert gammalt in GILTIG, gammalt
    with pytest.raises(malramverk.MalramverksFel) as fel:
        malramverk.tolka(GILTIG.replace(gammalt, nytt, 1))
    return str(fel.value)


def test_standardramverket_ar_giltigt():
    ram = malramverk.tolka(GILTIG)
    assert [m.id for m in ram.mal] == ["mal1", "mal2", "mal3", "mal4", "mal5"]
    assert ram.tolerans_for(ram.indikatorer["positiv_losning"]).gron == 10


def test_saknat_falt_namnger_indikatorn_och_faltet():
    text = _fel("    avsnitt: 1\n    tolerans: positiv_losning", "    tolerans: positiv_losning")
    assert "- indikator positiv_losning, fält avsnitt: fältet saknas" in text


def test_felaktig_malniva_namnger_period():
    text = _fel("    malniva: {2020: 35}", "    malniva: {2020: trettiofem}")
    assert "- indikator varav_arbete, fält malniva, period 2020: ska vara ett tal" in text
    assert text.count("\n- ") == 1, "ett fel ska ge en rad, inte en per unionsalternativ"


def test_okand_indikator_i_mal():
    text = _fel("    indikatorer: [kompetens_aktiviteter_1, kompetens_aktiviteter_2]",
                "    indikatorer: [kompetens_aktiviteter_1, kompetens_aktivitet_3]")
    assert "- mål mal5: indikatorn kompetens_aktivitet_3 finns inte under indikatorer" in text


def test_felstavat_falt_i_mal():
    text = _fel('    kort_titel: "Mål 4: Sammanhållen region"', '    kort_titl: "Mål 4"')
    assert "- mål mal4, fält kort_titl: okänt fält (felstavat?)" in text


def test_tom_omfattning():
    text = _fel("    omfattning: [forbundet]\n    indikatorer: [kompetens",
                "    omfattning: []\n    indikatorer: [kompetens")
    assert "- mål mal5, fält omfattning: får inte vara tom" in text


def test_gul_grans_mindre_an_gron():
    text = _fel("  varav_arbete_studier:\n    gron: 2\n    gul: 4", "  varav_arbete_studier:\n    gron: 4\n    gul: 2")
    assert "fält toleranser, fält varav_arbete_studier: gul får inte vara mindre än gron" in text


def test_okand_tolerans():
    text = _fel("    tolerans: varav_arbete_studier\n    malniva: {2020: 35}",
                "    tolerans: varav\n    malniva: {2020: 35}")
    assert "indikator varav_arbete: toleransen varav finns inte under toleranser" in text


def test_trasig_yaml_anger_rad_och_kolumn():
    text = _fel("organisation: Samordningsförbundet Umeåregionen", "organisation: [Samordningsförbundet")
    assert text.startswith("goals.yaml: filen är inte giltig YAML (rad ")


def test_appen_fortsatter_pa_senast_giltiga_ramverket(app_databas, tmp_path, monkeypatch):
    giltig = tmp_path / "goals.yaml"
    giltig.write_text(GILTIG, encoding="utf-8")
    monkeypatch.setenv("UPPFOLJNING_MAL", str(giltig))
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    assert not at.exception and not at.error

    trasig = GILTIG.replace("    malniva: {2020: 35}", "    malniva: {2020: trettiofem}", 1)
    giltig.write_text(trasig, encoding="utf-8")
    # En ny session (ny process) efter att filen ändrats: cachen får inte dölja felet.
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    assert not at.exception
    felrutor = [e.value for e in at.error]
    assert len(felrutor) == 1
    # Appen namnger indikatorn och fältet med ord, inte goals.yaml:s id (issue 16).
    assert 'indikatorn "varav till arbete", fältet Målnivå, perioden 2020: ska vara ett tal' in felrutor[0]
    assert "senast giltiga målramverket" in felrutor[0]
    assert at.header[0].value == "2020: 4 uppfyllda, 5 delvis uppfyllda, 1 ej bedömt"


def test_utan_giltigt_ramverk_visas_bara_felet(app_databas, tmp_path, monkeypatch):
    trasig = tmp_path / "goals.yaml"
    trasig.write_text("organisation: [", encoding="utf-8")
    monkeypatch.setenv("UPPFOLJNING_MAL", str(trasig))
    at = AppTest.from_file(DASHBOARD, default_timeout=30).run()
    assert not at.exception
    assert "inte giltig YAML" in at.error[0].value
