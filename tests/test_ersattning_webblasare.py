"""Ersättningens fråga som en processledare ser den i en riktig webbläsare (1440 px och 390 px): exemplet
deltagare.csv på sidan Data visar vad som ändras (Vännäs 2020: 78 deltagare blir 5) i namngivna kolumner, och
Spara går inte att trycka förrän ersättningen bekräftats. Skärmbilder i tests/skarmbilder/."""

from __future__ import annotations

import pytest

from uppfoljning import installningar

from .test_webblasare import (SKARMBILDER, _vanta_pa_rendering, app_url, chromium,  # noqa: F401
                              webblasare)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("bredd", [1440, 390])
def test_deltagarfilen_fragar_forst(app_url, webblasare, bredd):  # noqa: F811
    from playwright.sync_api import expect

    kontext = webblasare.new_context(viewport={"width": bredd, "height": 1000}, locale="sv-SE")
    sida = kontext.new_page()
    sida.set_default_timeout(30_000)
    try:
        sida.goto(app_url.rstrip("/") + "/data")
        _vanta_pa_rendering(sida)
        sida.get_by_label("Vad innehåller filen?").click()
        sida.get_by_role("option", name="Deltagare (deltagarnivå, pseudonymt id)").click()
        _vanta_pa_rendering(sida)
        sida.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(installningar.DATASETS / "examples" / "deltagare.csv"))
        _vanta_pa_rendering(sida)
        text = sida.locator("body").inner_text()
        assert "Det finns redan data för samma år och plattform" in text
        assert "Räkna antalen ur deltagarfilen" in text
        expect(sida.get_by_role("button", name="Spara")).to_be_disabled()
        SKARMBILDER.mkdir(parents=True, exist_ok=True)
        _helsidesbild_bredd(sida, SKARMBILDER / f"data_ersattning_{bredd}.png", bredd)
    finally:
        kontext.close()


def _helsidesbild_bredd(sida, fil, bredd: int) -> None:
    hojd = sida.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...['stMain', 'stAppViewContainer'].map(
            id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight ?? 0))""")
    sida.set_viewport_size({"width": bredd, "height": min(max(int(hojd), 1000), 8000)})
    sida.wait_for_timeout(500)
    sida.screenshot(path=str(fil), full_page=True)
