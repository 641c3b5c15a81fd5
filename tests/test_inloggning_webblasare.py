"""Inloggningen i en riktig webbläsare: spärren efter upprepade fel, sessionen över en omladdning och en
ny flik, utloggning, och att en förfalskad, utgången eller återkallad kaka ger inloggningen."""

from __future__ import annotations

import base64
import json
import time
from urllib.parse import urljoin

import pytest

from .test_webblasare import (ADMIN, RENDER_TIMEOUT_MS, SKARMBILDER, VIEWPORT, _starta_med_inloggning,  # noqa: F401
                              _vanta_pa_rendering, chromium, webblasare)

pytestmark = pytest.mark.browser

KAKA = "uppfoljning_session"


@pytest.fixture(scope="module")
def app(standarddatabas, tmp_path_factory):
    mapp = tmp_path_factory.mktemp("inloggning_session")
    for url in _starta_med_inloggning(standarddatabas, mapp):
        yield url, mapp / "anvandare.json"


@pytest.fixture
def kontext(webblasare):
    k = webblasare.new_context(viewport=VIEWPORT, locale="sv-SE")
    yield k
    k.close()


def _ny_sida(kontext):
    sida = kontext.new_page()
    sida.set_default_timeout(RENDER_TIMEOUT_MS)
    return sida


def _logga_in(sida, namn: str, losenord: str) -> None:
    sida.get_by_label("Användarnamn").fill(namn)
    sida.get_by_label("Lösenord").fill(losenord)
    sida.get_by_role("button", name="Logga in").click()
    _vanta_pa_rendering(sida)


def _inloggad_som(sida) -> int:
    return sida.locator('[data-testid="stSidebar"]').get_by_text("Inloggad som").count()


def _visar_inloggningen(sida) -> bool:
    return sida.get_by_role("heading", name="Logga in").count() == 1 and _inloggad_som(sida) == 0


def _ar_inloggad(sida) -> bool:
    return _inloggad_som(sida) == 1 and sida.get_by_role("heading", name="Logga in").count() == 0


def _kakan(kontext) -> dict | None:
    return next((k for k in kontext.cookies() if k["name"] == KAKA), None)


def test_sessionen_overlever_omladdning_och_ny_flik_men_inte_utloggning(chromium, app, kontext, webblasare):
    url, _ = app
    sida = _ny_sida(kontext)
    sida.goto(urljoin(url, "plattformar?ar=2019"))
    _vanta_pa_rendering(sida)
    _logga_in(sida, *ADMIN)
    assert _ar_inloggad(sida)
    sida.wait_for_function(f"document.cookie.includes('{KAKA}=')", timeout=RENDER_TIMEOUT_MS)
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    sida.screenshot(path=str(SKARMBILDER / "inloggning_direkt_efter.png"))
    kaka = _kakan(kontext)
    assert kaka and kaka["sameSite"] == "Strict" and kaka["path"] == "/" and kaka["expires"] > time.time() + 7 * 3600
    assert ADMIN[1] not in kaka["value"]

    sida.reload()
    _vanta_pa_rendering(sida)
    assert _ar_inloggad(sida), "en omladdning loggade ut"
    assert sida.get_by_role("heading", name="Jämförelse av plattformar").count() == 1
    sida.screenshot(path=str(SKARMBILDER / "inloggning_efter_omladdning.png"))

    flik = _ny_sida(kontext)
    flik.goto(urljoin(url, "handelselogg"))
    _vanta_pa_rendering(flik)
    flik.screenshot(path=str(SKARMBILDER / "inloggning_ny_flik.png"))
    assert _ar_inloggad(flik), "en ny flik loggade ut"
    assert flik.get_by_role("heading", name="Händelselogg").count() == 1

    # Utloggning: kakan raderas, och en kopia av den slutar gälla på servern.
    sida.get_by_role("button", name="Logga ut").click()
    _vanta_pa_rendering(sida)
    assert _visar_inloggningen(sida)
    sida.wait_for_function(f"!document.cookie.includes('{KAKA}=')", timeout=RENDER_TIMEOUT_MS)
    sida.reload()
    _vanta_pa_rendering(sida)
    assert _visar_inloggningen(sida), "en omladdning efter utloggningen visade appen"
    sida.screenshot(path=str(SKARMBILDER / "inloggning_efter_utloggning.png"))

    kopia = webblasare.new_context(viewport=VIEWPORT, locale="sv-SE")
    try:
        kopia.add_cookies([{"name": KAKA, "value": kaka["value"], "url": url}])
        stulen = _ny_sida(kopia)
        stulen.goto(url)
        _vanta_pa_rendering(stulen)
        assert _visar_inloggningen(stulen), "en kopierad kaka gällde efter utloggningen"
    finally:
        kopia.close()


def _besok_med_kaka(kontext, url: str, varde: str):
    kontext.add_cookies([{"name": KAKA, "value": varde, "url": url}])
    sida = _ny_sida(kontext)
    sida.goto(url)
    _vanta_pa_rendering(sida)
    return sida


def test_forfalskad_eller_utgangen_kaka_ger_inloggningen(chromium, app, kontext, webblasare):
    from uppfoljning import inloggning
    from uppfoljning.behorighet import Anvandare

    url, anvandarfil = app
    # En äkta kaka (gjord med serverns hemlighet) visar appen: kontrollen av testet självt.
    akta = inloggning.skapa_session(Anvandare(ADMIN[0], "admin"), fil=anvandarfil)
    assert _ar_inloggad(_besok_med_kaka(kontext, url, akta))

    innehall, _, signatur = akta.partition(".")
    data = json.loads(base64.urlsafe_b64decode(innehall + "=" * (-len(innehall) % 4)))
    langre = base64.urlsafe_b64encode(json.dumps({**data, "u": data["u"] + 10**7}).encode()).decode().rstrip("=")
    utgangen = inloggning.skapa_session(Anvandare(ADMIN[0], "admin"), fil=anvandarfil, nu=time.time() - 9 * 3600)
    for namn, varde in (("ändrad utgång", f"{langre}.{signatur}"), ("egen signatur", f"{innehall}.{'0' * 64}"),
                        ("utgången", utgangen), ("skräp", "admin")):
        ny = webblasare.new_context(viewport=VIEWPORT, locale="sv-SE")
        try:
            sida = _besok_med_kaka(ny, url, varde)
            assert _visar_inloggningen(sida), f"kakan ({namn}) släppte in"
            if namn == "ändrad utgång":
                sida.screenshot(path=str(SKARMBILDER / "inloggning_forfalskad_kaka.png"))
        finally:
            ny.close()


@pytest.fixture
def app_med_snabb_sparr(standarddatabas, tmp_path):
    yield from _starta_med_inloggning(standarddatabas, tmp_path, {"UPPFOLJNING_FORDROJNING_EFTER": "100",
                                                   "UPPFOLJNING_SPARR_EFTER": "3"})


def test_sparren_syns_efter_upprepade_fel(chromium, app_med_snabb_sparr, kontext):
    from playwright.sync_api import expect

    sida = _ny_sida(kontext)
    sida.goto(app_med_snabb_sparr)
    _vanta_pa_rendering(sida)
    for i in range(3):
        _logga_in(sida, ADMIN[0], f"fel lösenord {i}")
        expect(sida.get_by_text("Fel användarnamn eller lösenord.")).to_be_visible()
    _logga_in(sida, *ADMIN)
    expect(sida.get_by_text("Inloggningen är spärrad")).to_be_visible()
    assert _visar_inloggningen(sida)
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    sida.screenshot(path=str(SKARMBILDER / "inloggning_sparrad.png"))
    # En omladdning (ny session) hjälper inte.
    sida.reload()
    _vanta_pa_rendering(sida)
    _logga_in(sida, *ADMIN)
    expect(sida.get_by_text("Inloggningen är spärrad")).to_be_visible()
