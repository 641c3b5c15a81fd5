"""Skärmbilder av redigerarna i en riktig webbläsare, 1440 och 390 px breda: Målramverk och Referensdata på
standarddata, och flödet Ny organisation från en tom installation (formuläret ifyllt, sedan Måluppfyllelse för det
nya ESF-projektet). Bilderna sparas i tests/skarmbilder/ (ignoreras av git) och ska tittas på; testet kontrollerar
att sidorna visar det de ska och inga fel."""

from __future__ import annotations

from pathlib import Path

import pytest

from uppfoljning import ny_organisation as ny

from .conftest import ny_databas
from .test_ny_organisation import deltagarfil
from .test_webblasare import (SETTLE_MS, SKARMBILDER, _starta_app, _vanta_pa_rendering, chromium,  # noqa: F401
                              webblasare)

pytestmark = pytest.mark.browser

BREDDER = {"bred": 1440, "smal": 390}


def _bild(page, fil: Path, bredd: int) -> None:
    """Hela sidan: fönstret görs lika högt som innehållet (Streamlit rullar i en inre behållare). Väntar först tills
    inga platshållare (stSkeleton) finns kvar: på en hårt belastad maskin ritas formulärens fält efter resten."""
    page.wait_for_function("""() => !document.querySelector('[data-testid="stSkeleton"]')""", timeout=60_000)
    hojd = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...['stMain', 'stAppViewContainer'].map(
            id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight ?? 0))""")
    page.set_viewport_size({"width": bredd, "height": min(max(int(hojd), 900), 9000)})
    page.wait_for_timeout(SETTLE_MS)
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(fil), full_page=True)
    page.set_viewport_size({"width": bredd, "height": 900})


@pytest.fixture(scope="module")
def standard_url(standarddatabas, tmp_path_factory):
    yield from _starta_app(standarddatabas, tmp_path_factory.mktemp("redigerare"), {"UPPFOLJNING_INLOGGNING": "av"})


@pytest.fixture(scope="module")
def tom_url(tmp_path_factory):
    mapp = tmp_path_factory.mktemp("redigerare_tom")
    fil = ny_databas(mapp / "bygge" / "tom.duckdb", datasets=ny.TOM)
    yield from _starta_app(fil, mapp, {"UPPFOLJNING_INLOGGNING": "av", "UPPFOLJNING_DATASETS": str(ny.TOM),
                                       "UPPFOLJNING_MAL": str(mapp / "goals.yaml")})


def _sida(webblasare, bredd):  # noqa: F811
    kontext = webblasare.new_context(viewport={"width": bredd, "height": 900}, locale="sv-SE")
    page = kontext.new_page()
    page.set_default_timeout(30_000)
    return kontext, page


def _text(page) -> str:
    return page.locator('[data-testid="stAppViewContainer"]').inner_text()


@pytest.mark.parametrize("bredd", list(BREDDER), ids=list(BREDDER))
@pytest.mark.parametrize(("adress", "flik", "vantat"), [
    ("malramverk", None, "Ej bedömd"),
    ("malramverk", "Indikatorer och målnivåer", "Målnivåer"),
    ("malramverk", "Versioner", "Skillnad mellan två versioner"),
    ("malramverk", "Sammanvägning och avsnitt", "Avsnittens vikter"),
    ("malramverk", "Toleranser", "Hur långt från målnivån"),
    ("referensdata", "Respondentgrupper", "Lägg till respondentgrupp"),
    ("referensdata", None, "Lägg till plattform"),
    ("referensdata", "Namn i källornas filer", "Andra namn för plattformarna"),
    ("referensdata", "Remitterande parter", "Lägg till remitterande part"),
])
def test_redigerarna(standard_url, webblasare, adress, flik, vantat, bredd):  # noqa: F811
    kontext, page = _sida(webblasare, BREDDER[bredd])
    try:
        page.goto(standard_url + adress)
        _vanta_pa_rendering(page)
        if flik:
            page.get_by_role("tab", name=flik).click()
            page.wait_for_timeout(SETTLE_MS)
        text = _text(page)
        assert vantat in text
        assert "Traceback" not in text and "Error" not in text
        namn = f"redigerare_{adress}_{(flik or 'start').split()[0].lower()}_{bredd}"
        _bild(page, SKARMBILDER / f"{namn}.png", BREDDER[bredd])
    finally:
        kontext.close()


def test_ny_organisation_i_webblasaren(tom_url, webblasare):  # noqa: F811
    kontext, page = _sida(webblasare, BREDDER["bred"])
    try:
        page.goto(tom_url)
        _vanta_pa_rendering(page)
        assert "Installationen är tom" in _text(page)
        _bild(page, SKARMBILDER / "ny_organisation_tom_smal.png", BREDDER["smal"])
        page.set_viewport_size({"width": BREDDER["bred"], "height": 900})
        page.get_by_text("ESF-projekt (projektperiod").click()
        _vanta_pa_rendering(page)
        page.get_by_label("Organisationens namn").fill("ESF-projektet Vägen vidare")
        page.get_by_label("Delprojekt, en per rad").fill("Delprojekt Lycksele; Lycksele\nDelprojekt Storuman; Storuman")
        page.get_by_label("Kommuner, en per rad").fill("Lycksele\nStoruman")
        for etikett, datum in (("Projektstart", "2019-09-01"), ("Projektslut", "2022-08-31")):
            # Datumfältet har ett delfält per år, månad och dag.
            for delfalt, varde in zip(("year", "month", "day"), datum.split("-")):
                page.get_by_role("spinbutton", name=f"{delfalt}, {etikett}").click()
                page.keyboard.type(varde)
        page.get_by_label("Planerade deltagare").fill("24")
        page.get_by_label("varav kvinnor").fill("12")
        page.get_by_label("varav män").fill("12")
        page.get_by_label("Målnivå: andel av de avslutade").fill("50")
        page.keyboard.press("Tab")
        _bild(page, SKARMBILDER / "ny_organisation_ifylld_bred.png", BREDDER["bred"])
        page.get_by_role("button", name="Skapa organisationen").click()
        _vanta_pa_rendering(page)
        assert "Page not found" not in page.content()
        # En länk som öppnas i en ny flik (en ny session) direkt efteråt visar sidan, inte "Page not found".
        ny_kontext, ny_flik = _sida(webblasare, BREDDER["bred"])
        try:
            ny_flik.goto(tom_url + "referensdata")
            _vanta_pa_rendering(ny_flik)
            ny_flik.wait_for_timeout(SETTLE_MS)
            text = _text(ny_flik)
            assert "Page not found" not in ny_flik.content()
            assert "Lägg till delprojekt" in text, text[:1000]
        finally:
            ny_kontext.close()
        # Deltagarna läses in på sidan Data (via menyn: samma session).
        page.locator('[data-testid="stSidebarNav"] a', has_text="Data").first.click()
        _vanta_pa_rendering(page)
        page.get_by_label("Vad innehåller filen?").click()
        page.get_by_role("option", name="Deltagare (deltagarnivå, pseudonymt id)").click()
        _vanta_pa_rendering(page)
        fil = SKARMBILDER / "_deltagare.csv"
        fil.write_bytes(deltagarfil())
        page.locator('input[type="file"]').set_input_files(str(fil))
        _vanta_pa_rendering(page)
        page.get_by_role("button", name="Spara").click()
        _vanta_pa_rendering(page)
        assert "Sparat som inläsning" in _text(page)
        fil.unlink()
        page.locator('[data-testid="stSidebarNav"] a', has_text="Måluppfyllelse").first.click()
        _vanta_pa_rendering(page)
        text = _text(page)
        assert "Projektets samlade måluppfyllelse" in text and "Arbete eller studier" in text, text[:2000]
        assert "Uppfyllt" in text and "Traceback" not in text
        _bild(page, SKARMBILDER / "ny_organisation_maluppfyllelse_bred.png", BREDDER["bred"])
        _bild(page, SKARMBILDER / "ny_organisation_maluppfyllelse_smal.png", BREDDER["smal"])
    finally:
        kontext.close()
