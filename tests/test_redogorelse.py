"""Tillgänglighetsredogörelsen (issue 19): i DIGG:s form, nåbar utan inloggning och för varje roll, med
kontaktuppgiften ur inställningarna, och med de brister som tillgänglighetstestet tillåter."""

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import behorighet, navigering, redogorelse

from .conftest import DASHBOARD, ny_databas
from .test_tillganglighet import KANDA

SIDAN = navigering.REDOGORELSE.fil


def _text(at: AppTest) -> str:
    return "\n".join([t.value for t in at.title] + [h.value for h in at.header] + [m.value for m in at.markdown])


def _redogorelsen(at: AppTest) -> str:
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Tillgänglighetsredogörelse"]
    return _text(at)


def test_utan_inloggning_med_lank_fran_inloggningen(app_databas, tmp_path, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    monkeypatch.setenv("UPPFOLJNING_TILLGANGLIGHET_KONTAKT", "tillganglighet@exempel.se")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert [t.value for t in at.title] == ["Logga in"]
    assert any(l.proto.page == SIDAN or "Tillgänglighet" in l.proto.label for l in at.get("page_link"))
    at.switch_page(SIDAN).run()
    text = _redogorelsen(at)
    # DIGG: aktören, förenligheten, bristerna med skäl, kontakt, tillsyn och anmälan, metod och datum.
    assert "Samordningsförbundet Umeåregionen" in text
    assert "delvis förenlig" in text
    assert "tillganglighet@exempel.se" in text
    assert "Myndigheten för digital förvaltning (DIGG)" in text and redogorelse.DIGG_ANMALAN in text
    assert "axe-core" in text and "390 px" in text and redogorelse.BEDOMD in text
    for brist in redogorelse.BRISTER:
        assert brist.vad in text and brist.varfor in text
    # Inget annat än redogörelsen syns utan inloggning.
    assert "måluppfyllelse" not in text.lower()


@pytest.mark.parametrize("roll", behorighet.ROLLER)
def test_varje_roll_nar_redogorelsen_i_menyn(app_databas, tmp_path, monkeypatch, roll):
    from uppfoljning import ui

    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state[ui._INLOGGAD] = behorighet.Anvandare("testare", roll)
    at.run()
    at.switch_page(SIDAN).run()
    _redogorelsen(at)


def test_utan_kontaktuppgift_sager_sidan_vem_man_kontaktar(app_databas, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "av")
    monkeypatch.delenv("UPPFOLJNING_TILLGANGLIGHET_KONTAKT", raising=False)
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.switch_page(SIDAN).run()
    text = _redogorelsen(at)
    assert "processledare" in text and "UPPFOLJNING_TILLGANGLIGHET_KONTAKT" in text


def test_varje_tillaten_streamlitbrist_star_i_redogorelsen():
    """Testets lista över Streamlits brister och redogörelsens lista är samma brister."""
    beskrivna = {r for b in redogorelse.BRISTER for r in b.regler}
    assert {k.regel for k in KANDA} <= beskrivna


def test_nas_i_en_tom_installation(tmp_path, monkeypatch):
    """Läget Ny organisation (ingen organisation ännu): redogörelsen finns i menyn och visas."""
    from uppfoljning import ny_organisation as ny

    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "av")
    monkeypatch.setenv("UPPFOLJNING_DB", str(ny_databas(tmp_path / "ny.duckdb")))
    monkeypatch.setenv("UPPFOLJNING_DATASETS", str(ny.TOM))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(tmp_path / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Ny organisation"
    at.switch_page(SIDAN).run()
    text = _redogorelsen(at)
    assert "delvis förenlig" in text
