"""Riktig webbläsare: Markdown- och HTML-nyttolaster i varje textfält som går att ladda upp eller skriva (budgetpost,
källkommentar, filnamn, fel med filens innehåll, användarnamn, historik) visas som text (issue 14). Ingen <img> eller
<a href> till nyttolastens adresser finns i DOM:en, webbläsaren hämtar ingenting därifrån, och texten syns ordagrant.

Kräver Debians chromium (/usr/bin/chromium); se test_webblasare.py. Skärmbilder i tests/skarmbilder/."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urljoin

import pytest

from uppfoljning import behorighet, uppladdning

from .conftest import skriv, ny_databas
from .test_text_som_text import FILNAMN, NYTTOLASTER, _budgetfil, _kommentarer
from .test_webblasare import (CHROMIUM_ARGS, SKARMBILDER, VIEWPORT, _helsidesbild, _starta_app,  # noqa: F401
                              _vanta_pa_rendering, chromium, webblasare)

pytestmark = pytest.mark.browser

NAMN = "**fet** [klick](http://evil) ![x](http://127.0.0.1:9/p.png) <img src=x onerror=alert(1)> `kod` $x^2$"
LOSENORD = "ett långt och hemligt lösenord"
# Adresser som nyttolasterna pekar på: ingen bild, länk eller hämtning får gå dit.
ADRESSER = ("127.0.0.1:9", "evil", "p.png")


@pytest.fixture(scope="module")
def app_med_nyttolaster(standarddatabas, tmp_path_factory) -> str:
    """Appen med lösenordsinloggning över en databas med nyttolaster: budgetposter, källkommentarer, en inläsning
    med ett fientligt filnamn, bedömningsversioner av en användare med ett fientligt namn."""
    mapp = tmp_path_factory.mktemp("webblasare_text")
    databas = ny_databas(mapp / "forberedd.duckdb", fran=standarddatabas)
    with skriv(databas) as con:
        uppladdning.las_in(con, _budgetfil(), FILNAMN, "budget", NAMN, ersatt=True)
        _kommentarer(con)
        for version in (8, 9):
            con.execute("INSERT INTO styrelsens_bedomning (period, mal_id, scope_id, avsnitt, farg, text, version, "
                        "sparad_av) VALUES (2020, 'mal2', 'bjurholm', 0, NULL, ?, ?, ?)", [NAMN, version, NAMN])
    anvandare = mapp / "anvandare.json"
    behorighet.satt_anvandare(NAMN, "admin", LOSENORD, anvandare)
    behorighet.satt_anvandare("lasare", "viewer", LOSENORD, anvandare)
    yield from _starta_app(databas, mapp, {"UPPFOLJNING_INLOGGNING": "losenord",
                                           "UPPFOLJNING_ANVANDARE": str(anvandare)})


@pytest.fixture
def sida_med_natlogg(webblasare):
    """En flik som skriver upp varje begäran webbläsaren gör."""
    kontext = webblasare.new_context(viewport=VIEWPORT, locale="sv-SE")
    page = kontext.new_page()
    page.set_default_timeout(30_000)
    page.begaran = []
    page.on("request", lambda r: page.begaran.append(r.url))
    page.dialoger = []
    page.on("dialog", lambda d: (page.dialoger.append(d.message), d.dismiss()))
    yield page
    kontext.close()


def _logga_in(sida, url: str, namn: str) -> None:
    # Inloggningen överlever en omladdning (signerad kaka); byt användare genom att börja utan kaka.
    sida.context.clear_cookies()
    sida.goto(url)
    _vanta_pa_rendering(sida)
    sida.get_by_label("Användarnamn").fill(namn)
    sida.get_by_label("Lösenord").fill(LOSENORD)
    sida.get_by_role("button", name="Logga in").click()
    _vanta_pa_rendering(sida)


def _kontrollera(sida, namn: str, synliga: list[str]) -> list[str]:
    """Fynd: bilder, länkar, fetstil, kod, formler eller skript ur nyttolasterna, och text som inte syns ordagrant."""
    fynd = []
    if sida.locator('[data-testid="stException"]').count():
        fynd.append(f"{namn}: undantag på sidan")
    for adress in ADRESSER:
        # Också SVG (Plotly): <a xlink:href> och <image href>.
        bilder = sida.evaluate(f"""document.querySelectorAll('img[src*="{adress}"], image[*|href*="{adress}"]')
                                   .length""")
        lankar = sida.evaluate(f"""document.querySelectorAll('a[*|href*="{adress}"]').length""")
        if bilder or lankar:
            fynd.append(f"{namn}: {bilder} bilder och {lankar} länkar till {adress}")
    antal = {"<img src=x> ur nyttolasten": sida.locator('img[src="x"]').count(),
             "**fet** i fetstil": sida.locator("strong", has_text="fet").filter(has_not_text="**").count(),
             "`kod` som kod": sida.locator("code", has_text="kod").count(),
             "$x^2$ som formel": sida.locator(".katex").count()}
    fynd += [f"{namn}: {n} gånger {vad}" for vad, n in antal.items() if n]
    # Adresser får ett osynligt ordfogningstecken (U+2060) som hindrar att de blir länkar; det syns inte.
    text = sida.locator("body").inner_text().replace("\u2060", "")
    fynd += [f"{namn}: {p!r} syns inte ordagrant" for p in synliga if p not in text]
    hamtade = sorted({u for u in sida.begaran if any(a in u for a in ADRESSER)})
    if hamtade:
        fynd.append(f"{namn}: webbläsaren hämtade {hamtade}")
    if sida.dialoger:
        fynd.append(f"{namn}: skript kördes: {sida.dialoger}")
    sida.begaran.clear()
    sida.dialoger.clear()
    return fynd


def test_nyttolaster_visas_som_text_i_webblasaren(chromium, app_med_nyttolaster, sida_med_natlogg):
    sida = sida_med_natlogg
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    besok = [
        ("lasare", "ekonomi?ar=2020", NYTTOLASTER),
        ("lasare", "over-tid?indikator=positiv_losning&plattform=vannas", NYTTOLASTER),
        (NAMN, "ekonomi?ar=2020", NYTTOLASTER + [NAMN]),
        (NAMN, "data", [NAMN, FILNAMN]),
        (NAMN, "mal?ar=2020&mal=mal2&plattform=bjurholm", [NAMN]),
        (NAMN, "anvandare", [NAMN]),
        (NAMN, "handelselogg", []),
        (NAMN, "motesunderlag?ar=2020", []),
    ]
    from uppfoljning.navigering import SIDOR

    adresser = {s.adress for sidor in SIDOR.values() for s in sidor}
    fynd = []
    for anvandare, adress, synliga in besok:
        assert adress.split("?")[0] in adresser, adress
        _logga_in(sida, urljoin(app_med_nyttolaster, adress), anvandare)
        # Öppna expandrar (historik) så att deras innehåll finns i DOM:en.
        for rubrik in sida.locator('[data-testid="stExpander"] summary').all():
            rubrik.click()
        sida.wait_for_timeout(300)
        namn = f"{'lasare' if anvandare == 'lasare' else 'admin'}_{adress.split('?')[0]}"
        _helsidesbild(sida, SKARMBILDER / f"text_som_text_{namn}.png")
        fynd += _kontrollera(sida, namn, synliga)
    assert not fynd, "\n".join(fynd)

