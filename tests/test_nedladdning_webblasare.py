"""Nedladdningsknapparna i en riktig webbläsare: CSV- och Excel-filen byggs först vid klicket (ui.nedladdningar), och
varje klick ska ge en fil, också upprepade klick och klick direkt efter varandra. Ett klick som samtidigt körde om
sidan (Streamlits standard för download_button) kunde tappa filen: omkörningen ersatte den uppskjutna filen innan
webbläsaren hunnit hämta den."""

from __future__ import annotations

import pytest

from .test_webblasare import _vanta_pa_rendering, app_url, chromium, webblasare  # noqa: F401

pytestmark = pytest.mark.browser

KLICK = 8


def test_varje_klick_ger_en_fil(app_url, webblasare, tmp_path):  # noqa: F811
    kontext = webblasare.new_context(viewport={"width": 1440, "height": 1000}, locale="sv-SE", accept_downloads=True)
    sida = kontext.new_page()
    sida.set_default_timeout(30_000)
    try:
        sida.goto(app_url.rstrip("/") + "/utfall?ar=2020")
        _vanta_pa_rendering(sida)
        csv = sida.get_by_role("button", name="(CSV)").first
        excel = sida.get_by_role("button", name="(Excel)").first
        for i in range(KLICK):
            for knapp, andelse in ((csv, ".csv"), (excel, ".xlsx")):
                with sida.expect_download(timeout=15_000) as nedladdning:
                    knapp.click()
                fil = tmp_path / f"{i}{andelse}"
                nedladdning.value.save_as(fil)
                innehall = fil.read_bytes()
                assert nedladdning.value.suggested_filename.endswith(andelse)
                if andelse == ".csv":
                    assert innehall.startswith("\ufeff".encode()) and ";" in innehall.decode("utf-8-sig"), i
                else:
                    assert innehall[:2] == b"PK", i
    finally:
        kontext.close()
