"""Nedladdningsknapparna i en riktig webbläsare: varje klick på CSV och Excel ger filen, också upprepade klick.

Filerna ligger färdiga på sidan med en adress som följer innehållet (ui.nedladdningar). En fil som byggdes först vid
klicket fick en ny adress vid varje körning av sidan, och klicket kunde då tappa filen (under last i CI föll det här
testet så). Mellan klicken väntar testet en sekund som en människa: Chromium stoppar annars snabba upprepade
nedladdningar från samma sida ("flera filer automatiskt"), vilket inte är appens fel."""

from __future__ import annotations

import pytest

from .test_webblasare import _vanta_pa_rendering, app_url, chromium, webblasare  # noqa: F401

pytestmark = pytest.mark.browser

VARV = 4


def test_varje_klick_ger_en_fil(app_url, webblasare, tmp_path):  # noqa: F811
    kontext = webblasare.new_context(viewport={"width": 1440, "height": 1000}, locale="sv-SE", accept_downloads=True)
    sida = kontext.new_page()
    sida.set_default_timeout(30_000)
    try:
        sida.goto(app_url.rstrip("/") + "/utfall?ar=2020")
        _vanta_pa_rendering(sida)
        csv = sida.get_by_role("button", name="(CSV)").first
        excel = sida.get_by_role("button", name="(Excel)").first
        forsta: dict[str, bytes] = {}
        for i in range(VARV):
            for knapp, andelse in ((csv, ".csv"), (excel, ".xlsx")):
                with sida.expect_download(timeout=20_000) as nedladdning:
                    knapp.click()
                fil = tmp_path / f"{i}{andelse}"
                nedladdning.value.save_as(fil)
                innehall = fil.read_bytes()
                assert nedladdning.value.suggested_filename == f"Utfall Förbundet totalt 2020{andelse}"
                if andelse == ".csv":
                    assert innehall.startswith("\ufeff".encode()) and "Antal deltagare hela året" in innehall.decode("utf-8-sig")
                else:
                    assert innehall[:2] == b"PK"
                # Samma fil vid varje klick.
                assert forsta.setdefault(andelse, innehall) == innehall, (i, andelse)
                sida.wait_for_timeout(1000)
    finally:
        kontext.close()
