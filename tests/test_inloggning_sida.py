"""Inloggningsformuläret med AppTest: upprepade fel spärrar (även för en ny session), försöken står i
händelseloggen, och en lyckad inloggning skriver sessionskakan."""

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import behorighet

from .conftest import DASHBOARD

LOSENORD = "ett långt lösenord"


@pytest.fixture
def anvandarfil(app_databas, tmp_path, monkeypatch):
    fil = tmp_path / "anvandare.json"
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(fil))
    monkeypatch.setenv("UPPFOLJNING_FORDROJNING_EFTER", "100")  # ingen väntan: spärren direkt efter tre fel
    monkeypatch.setenv("UPPFOLJNING_SPARR_EFTER", "3")
    behorighet.satt_anvandare("anna", "admin", LOSENORD, fil)
    return fil


def _logga_in(at: AppTest, namn: str, losenord: str) -> AppTest:
    at.text_input(key="inloggning_namn").input(namn)
    at.text_input(key="inloggning_losenord").input(losenord)
    return at.button[0].click().run()


def _inloggad(at: AppTest) -> bool:
    return "Samordningsförbundets samlade måluppfyllelse" in [t.value for t in at.title]


@pytest.mark.parametrize("namn", ["anna", "bertil"])
def test_upprepade_fel_sparrar_aven_en_ny_session(anvandarfil, app_databas, namn):
    """Samma svar för ett okänt konto (bertil) som för ett känt (anna)."""
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    for i in range(3):
        _logga_in(at, namn, f"fel lösenord {i}")
        assert [e.value for e in at.error] == ["Fel användarnamn eller lösenord."]
    _logga_in(at, namn, LOSENORD)
    assert not _inloggad(at)
    assert [e.value for e in at.error] == [
        "För många misslyckade inloggningar. Inloggningen är spärrad i 15 minuter till."]

    # En ny session (ny flik, ny webbläsare) börjar inte om räkningen.
    ny = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    _logga_in(ny, "anna", LOSENORD)
    assert not _inloggad(ny)
    assert any("spärrad" in e.value for e in ny.error)

    from uppfoljning import ui  # samma anslutning som appen (DuckDB-filen är öppen i processen)

    with ui.anslutning().cursor() as cur:
        rader = cur.execute("SELECT anvandare, typ, beskrivning FROM handelse WHERE typ LIKE 'inloggning%' "
                            "ORDER BY handelse_id").fetchall()
    typer = [r[1] for r in rader]
    assert typer.count("inloggning misslyckad") == 3, rader
    assert "inloggning spärrad" in typer
    assert not any("fel lösenord" in r[2] or LOSENORD in r[2] for r in rader)


def test_lyckad_inloggning_skriver_en_strikt_kaka(anvandarfil):
    at = _logga_in(AppTest.from_file(DASHBOARD, default_timeout=60).run(), "anna", LOSENORD)
    assert not at.exception
    assert _inloggad(at)
    skript = [e.proto.body for e in at.get("html")]
    kakor = [s for s in skript if "uppfoljning_session=" in s]
    assert kakor, skript
    assert "samesite=strict" in kakor[0].lower() and "max-age=28800" in kakor[0].lower()
    assert LOSENORD not in kakor[0]
