"""Riktig webbläsare: startar appen med `streamlit run` och besöker varje sida i navigeringen.

Kräver Debians chromium (/usr/bin/chromium). Utan den hoppas testet över, utom i CI (CI=true)
där det i stället fallerar. Skärmbilder sparas i tests/skarmbilder/ (ignoreras av git).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from .conftest import PG_LAGE, ny_databas

pytestmark = [pytest.mark.browser, pytest.mark.browser_postgresql]

ROT = Path(__file__).resolve().parents[1]
# PG-läget (make test-postgres, i CI samtidigt med make test) sparar sina bilder för sig.
SKARMBILDER = Path(__file__).resolve().parent / "skarmbilder" / ("postgresql" if PG_LAGE else "")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}

START_TIMEOUT_S = 60  # hur länge vi väntar på att servern svarar "ok"
RENDER_TIMEOUT_MS = 60_000  # hur länge en sida får ta att köras klart (rymligt: en delad CI-maskin under last)
SETTLE_MS = 500  # kort vila efter att skriptet körts klart (diagram, tabeller ritas)
MAX_BILDHOJD = 12_000  # px; skärmbilder av mycket långa sidor kapas här

# Streamlit sätter dessa attribut på roten; "notRunning" betyder att skriptet körts klart.
APP_KLAR = ('[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
            '[data-test-script-state="notRunning"]')


def _ledig_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vanta_pa_halsa(url: str, process: subprocess.Popen, logg: Path) -> None:
    slut = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < slut:
        if process.poll() is not None:
            raise RuntimeError(f"Streamlit avslutades med kod {process.returncode}:\n{logg.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as svar:
                if svar.status == 200 and svar.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"Streamlit svarade inte på {url} inom {START_TIMEOUT_S} s:\n{logg.read_text()}")


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} saknas (chromium is missing); CI måste installera Debians chromium.")
        pytest.skip(f"{CHROMIUM} saknas; installera Debians chromium (apt-get install chromium) för webbläsartesterna.")
    return CHROMIUM


def _starta_app(standarddatabas, mapp: Path, extra_miljo: dict | None = None):
    """Startar appen mot en egen kopia av standarddatabasen och ger dess rot-URL."""
    fil = ny_databas(mapp / "uppfoljning.duckdb", fran=standarddatabas)

    port = _ledig_port()
    miljo = {**os.environ, "UPPFOLJNING_DB": str(fil), **(extra_miljo or {})}
    logg = mapp / "streamlit.log"
    with open(logg, "wb") as ut:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "dashboard.py",
             "--server.headless", "true",
             "--server.port", str(port),
             "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROT, env=miljo, stdout=ut, stderr=subprocess.STDOUT,
        )
    try:
        _vanta_pa_halsa(f"http://127.0.0.1:{port}/_stcore/health", process, logg)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(standarddatabas, tmp_path_factory) -> str:
    """Appen som lokal installation utan inloggning (processledare)."""
    yield from _starta_app(standarddatabas, tmp_path_factory.mktemp("webblasare"),
                           {"UPPFOLJNING_INLOGGNING": "av"})


ADMIN = ("admin", "ett långt och hemligt lösenord")


@pytest.fixture(scope="module")
def app_url_med_inloggning(standarddatabas, tmp_path_factory) -> str:
    yield from _starta_med_inloggning(standarddatabas, tmp_path_factory.mktemp("webblasare_inloggning"))


def _starta_med_inloggning(standarddatabas, mapp: Path, extra: dict | None = None):
    """Appen med lösenordsinloggning och en administratör i en egen användarfil; extra: fler miljövariabler."""
    from uppfoljning import behorighet

    anvandare = mapp / "anvandare.json"
    os.environ["UPPFOLJNING_INLOGGNING"] = "losenord"
    try:
        behorighet.satt_anvandare(ADMIN[0], "admin", ADMIN[1], anvandare)
    finally:
        del os.environ["UPPFOLJNING_INLOGGNING"]
    yield from _starta_app(standarddatabas, mapp, {"UPPFOLJNING_INLOGGNING": "losenord",
                                                   "UPPFOLJNING_ANVANDARE": str(anvandare), **(extra or {})})


@pytest.fixture(scope="module")
def webblasare(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def sida(webblasare):
    kontext = webblasare.new_context(viewport=VIEWPORT, locale="sv-SE")
    page = kontext.new_page()
    page.set_default_timeout(RENDER_TIMEOUT_MS)
    yield page
    kontext.close()


def _vanta_pa_rendering(page) -> None:
    """Vänta tills appen ritats och skriptet körts klart (statusindikatorn borta)."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stAppViewContainer"]')).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_selector(APP_KLAR, state="attached", timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_be_hidden(timeout=RENDER_TIMEOUT_MS)
    page.wait_for_timeout(SETTLE_MS)
    # Efter vilan: fortfarande klart (ingen ny körning startade, t.ex. via st.rerun).
    page.wait_for_selector(APP_KLAR, state="attached", timeout=RENDER_TIMEOUT_MS)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_be_hidden(timeout=RENDER_TIMEOUT_MS)


def _navigeringens_lankar(page, rot: str) -> list[str]:
    """Alla sidor i sidopanelens navigering; rot-URL:en om appen bara har en sida (då visas ingen meny)."""
    visa_fler = page.locator('[data-testid="stSidebarNavViewButton"]')
    if visa_fler.count() and visa_fler.first.is_visible() and "more" in (visa_fler.first.inner_text() or "").lower():
        visa_fler.first.click()
    lankar = []
    for a in page.locator('[data-testid="stSidebarNav"] a').all():
        href = a.get_attribute("href")
        if href and href not in lankar:
            lankar.append(href)
    return lankar or [rot]


def _helsidesbild(page, fil: Path) -> None:
    """Skärmbild av hela sidan. Streamlit rullar innehållet i en inre behållare, så full_page räcker
    inte: gör fönstret tillfälligt lika högt som innehållet och ta bilden då."""
    hojd = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...['stMain', 'stAppViewContainer', 'stSidebarContent'].map(
            id => document.querySelector(`[data-testid="${id}"]`)?.scrollHeight ?? 0))""")
    hojd = min(max(int(hojd), VIEWPORT["height"]), MAX_BILDHOJD)
    if hojd > VIEWPORT["height"]:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": hojd})
        page.wait_for_timeout(SETTLE_MS)
    page.screenshot(path=str(fil), full_page=True)
    page.set_viewport_size(VIEWPORT)


def _filnamn(url: str) -> str:
    stig = urlsplit(url).path.strip("/")
    return (stig.replace("/", "_") or "start") + ".png"


def test_varje_sida_ritas_utan_fel(chromium, app_url, sida):
    sida.goto(app_url)
    _vanta_pa_rendering(sida)
    lankar = _navigeringens_lankar(sida, app_url)

    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    besokta = []
    for href in lankar:
        url = urljoin(app_url, href)
        sida.goto(url)
        _vanta_pa_rendering(sida)
        fel = sida.locator('[data-testid="stException"]')
        assert fel.count() == 0, f"{url}: felruta visas:\n" + "\n".join(fel.all_inner_texts())
        text = sida.locator("body").inner_text()
        assert "Traceback" not in text, f"{url}: sidan innehåller en Traceback:\n{text}"
        _helsidesbild(sida, SKARMBILDER / _filnamn(url))
        besokta.append(url)

    assert besokta, "Ingen sida besöktes"


def test_losenordsinloggning_fel_ratt_och_utloggning(chromium, app_url_med_inloggning, sida):
    from playwright.sync_api import expect

    # Direkt till en sidas URL före inloggning: bara inloggningen, ingen meny över sidorna.
    sida.goto(urljoin(app_url_med_inloggning, "plattformar"))
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Logga in")).to_be_visible()
    assert sida.locator('[data-testid="stSidebarNav"] a').count() == 0
    sida.goto(app_url_med_inloggning)
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Logga in")).to_be_visible()
    assert "måluppfyllelse" not in sida.locator("body").inner_text().lower(), "inget får visas före inloggning"
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    sida.screenshot(path=str(SKARMBILDER / "inloggning.png"))

    sida.get_by_label("Användarnamn").fill(ADMIN[0])
    sida.get_by_label("Lösenord").fill("fel lösenord här")
    sida.get_by_role("button", name="Logga in").click()
    _vanta_pa_rendering(sida)
    expect(sida.get_by_text("Fel användarnamn eller lösenord.")).to_be_visible()

    sida.get_by_label("Lösenord").fill(ADMIN[1])
    sida.get_by_role("button", name="Logga in").click()
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Samordningsförbundets samlade måluppfyllelse")).to_be_visible()
    expect(sida.get_by_text("Inloggad som")).to_be_visible()

    # Administratörens egna sidor nås via navigeringen (samma session: klicka, ladda inte om).
    for titel in ("Händelselogg", "Användare"):
        sida.locator('[data-testid="stSidebarNav"] a', has_text=titel).first.click()
        _vanta_pa_rendering(sida)
        expect(sida.get_by_role("heading", name=titel)).to_be_visible()
        assert sida.locator('[data-testid="stException"]').count() == 0
        _helsidesbild(sida, SKARMBILDER / f"admin_{titel.lower()}.png")

    sida.get_by_role("button", name="Logga ut").click()
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Logga in")).to_be_visible()


@pytest.fixture
def ny_app_url(standarddatabas, tmp_path) -> str:
    """En nystartad app som ingen har besökt: första besöket avgör hur Streamlit tolkar mappen pages/."""
    yield from _starta_app(standarddatabas, tmp_path, {"UPPFOLJNING_INLOGGNING": "av"})


def test_djuplank_som_forsta_besok_far_navigering_och_filter(chromium, ny_app_url, sida):
    """Efter en omstart är en sparad länk ofta första besöket. Streamlit körde då sidans fil direkt, med
    filnamnen som meny ("kvinnor och man", "over tid") och utan sidopanelen; sidan körs nu om genom
    dashboard.py, med samma sida och samma filter."""
    from playwright.sync_api import expect

    sida.goto(urljoin(ny_app_url, "utfall?plattform=bjurholm&ar=2019"))
    _vanta_pa_rendering(sida)
    menyn = [a.inner_text() for a in sida.locator('[data-testid="stSidebarNav"] a').all()]
    assert "Kvinnor och män" in menyn and "Över tid" in menyn, menyn
    assert not {"dashboard", "over tid", "kvinnor och man"} & set(menyn), menyn
    adress = urlsplit(sida.url)
    assert adress.path == "/utfall"
    assert "plattform=bjurholm" in adress.query and "ar=2019" in adress.query
    expect(sida.get_by_text("Lokal installation utan inloggning")).to_be_visible()
    assert "Bjurholm" in sida.locator('[data-testid="stMain"]').inner_text()
    _helsidesbild(sida, SKARMBILDER / "djuplank_forsta_besok.png")


@pytest.fixture
def ny_app_url_med_inloggning(standarddatabas, tmp_path) -> str:
    yield from _starta_med_inloggning(standarddatabas, tmp_path)


def test_sparad_lank_och_inloggning_leder_till_sidan(chromium, ny_app_url_med_inloggning, sida):
    from playwright.sync_api import expect

    sida.goto(urljoin(ny_app_url_med_inloggning, "plattformar?ar=2019"))
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Logga in")).to_be_visible()
    sida.get_by_label("Användarnamn").fill(ADMIN[0])
    sida.get_by_label("Lösenord").fill(ADMIN[1])
    sida.get_by_role("button", name="Logga in").click()
    _vanta_pa_rendering(sida)
    expect(sida.get_by_role("heading", name="Jämförelse av plattformar")).to_be_visible()
    assert urlsplit(sida.url).path == "/plattformar" and "ar=2019" in urlsplit(sida.url).query
    menyn = [a.inner_text() for a in sida.locator('[data-testid="stSidebarNav"] a').all()]
    assert "Händelselogg" in menyn and "Måluppfyllelse" in menyn, menyn
