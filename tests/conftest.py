"""Gemensamma fixturer: en databas byggd från standarddata en gång per testkörning."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from uppfoljning import databas, installningar
from uppfoljning import format as fmt

TESTDATA = Path(__file__).parent / "data"
# AppTest löser relativa sökvägar mot testfilen; ge den appens startpunkt som absolut sökväg.
DASHBOARD = str(installningar.ROT / "dashboard.py")

# Det hårda mellanslaget som format.py skriver mellan tal och enhet och mellan tusentalen ("77 %", "11 558 tkr").
HART = fmt.HART


@pytest.fixture(scope="session", autouse=True)
def _vanligt_mellanslag_i_sidtext():
    """Sidornas, underlagets och frågornas tester jämför text som "77 %" och "11 558 tkr" med vanligt mellanslag:
    där är talen, avrundningen och orden poängen. Under testerna skriver format.py därför ett vanligt mellanslag;
    tester märkta hart (tests/test_format.py) prövar det riktiga hårda mellanslaget i sidan, PDF:en, Word och Excel,
    och webbläsartesterna (egen process) ser det som användaren ser."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fmt, "HART", " ")
        yield


def _glom_text():
    """Cachar som håller färdig text (bedömningens skäl, Streamlits data) glöms när mellanslaget byts."""
    import streamlit as st

    from uppfoljning import bedomning

    bedomning._bedom_mot_tolerans.cache_clear()
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def _hart_mellanslag(request, monkeypatch):
    if request.node.get_closest_marker("hart") is None:
        yield
        return
    _glom_text()
    monkeypatch.setattr(fmt, "HART", HART)
    yield
    monkeypatch.undo()
    _glom_text()


@pytest.fixture(scope="session")
def standarddatabas(tmp_path_factory) -> Path:
    """Databasfil byggd från datasets/ precis som vid appens första start. Får inte ändras av tester."""
    fil = tmp_path_factory.mktemp("standard") / "uppfoljning.duckdb"
    databas.bygg_databas(fil)
    return fil


@pytest.fixture
def con(standarddatabas) -> duckdb.DuckDBPyConnection:
    """Läsanslutning mot standarddata."""
    anslutning = duckdb.connect(str(standarddatabas), read_only=True)
    yield anslutning
    anslutning.close()


@pytest.fixture
def skrivbar_databas(standarddatabas, tmp_path, monkeypatch) -> Path:
    """En egen kopia av standarddatabasen som testet får ändra; appen pekas dit via UPPFOLJNING_DB."""
    fil = tmp_path / "uppfoljning.duckdb"
    shutil.copy(standarddatabas, fil)
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    return fil


@pytest.fixture
def app_databas(standarddatabas, tmp_path, monkeypatch) -> Path:
    """För AppTest: appen öppnar sin egen kopia av standarddatabasen."""
    fil = tmp_path / "app.duckdb"
    shutil.copy(standarddatabas, fil)
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    return fil


def forbundets_plattformar(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT plattform_id FROM plattform WHERE ingar_i_forbundstotal ORDER BY sortering").fetchall()]


def xlsx_fil(blad: dict[str, list[list]]) -> bytes:
    """En Excel-fil med ett blad per nyckel och raderna som de står (None blir en tom cell), skriven med
    xlsxwriters standardinställningar, som Excel sparar en fil."""
    import xlsxwriter

    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert) as bok:
        for namn, rader in blad.items():
            ark = bok.add_worksheet(namn)
            for i, rad in enumerate(rader):
                for j, varde in enumerate(rad):
                    if varde is not None:
                        ark.write(i, j, varde)
    return buffert.getvalue()


# ---------------------------------------------------------------- PostgreSQL (make test-postgres)


def _pg_bin() -> Path | None:
    import glob

    kandidater = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if shutil.which("pg_ctl"):
        kandidater.insert(0, str(Path(shutil.which("pg_ctl")).parent))
    for katalog in kandidater:
        if (Path(katalog) / "initdb").exists():
            return Path(katalog).resolve()
    return None


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """En egen PostgreSQL-server för testkörningen: initdb i en temporär katalog, bara en unix-socket (ingen
    port), stängs efteråt. Som root körs den som användaren postgres (PostgreSQL vägrar root). Saknas
    PostgreSQL hoppas testerna över lokalt; i CI fallerar de (.ci/run installerar postgresql)."""
    import subprocess

    bin_ = _pg_bin()
    if bin_ is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL saknas (Debian: apt-get install postgresql); .ci/run ska installera det.")
        pytest.skip("PostgreSQL saknas (Debian: apt-get install postgresql)")
    import tempfile

    # Inte under pytests tmp-katalog: användaren postgres kommer inte åt den (läge 700 för root).
    katalog = Path(tempfile.mkdtemp(prefix="uppfoljning-pg-"))
    som = []
    if os.geteuid() == 0:
        import pwd

        anv = pwd.getpwnam("postgres")
        os.chown(katalog, anv.pw_uid, anv.pw_gid)
        som = ["runuser", "-u", "postgres", "--"]
    data = katalog / "data"
    subprocess.run([*som, str(bin_ / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync",
                    "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
    subprocess.run([*som, str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(katalog / "logg"), "-w", "-o",
                    f"-k {katalog} -c listen_addresses='' -F -c max_connections=200", "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@/{{}}?host={katalog}"
    finally:
        subprocess.run([*som, str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(katalog, ignore_errors=True)


def _pg_sql(adress: str, *satser: str) -> None:
    import adbc_driver_postgresql.dbapi as pg

    with pg.connect(adress, autocommit=True) as con, con.cursor() as cur:
        for sats in satser:
            cur.execute(sats)


@pytest.fixture(scope="session")
def postgres_mall(postgres_server) -> str:
    """En PostgreSQL-databas med standarddata, byggd en gång som appen bygger den vid första start; varje test
    får en kopia (CREATE DATABASE … TEMPLATE)."""
    from uppfoljning import databas

    _pg_sql(postgres_server.format("postgres"), "CREATE DATABASE mall")
    databas.oppna_lasning(postgres_server.format("mall")).close()
    from uppfoljning import lagring_pg

    lagring_pg.stang_anslutningar()
    return "mall"


_PG_RAKNARE = iter(range(1, 10**9))


@pytest.fixture
def pg_databas(postgres_server, postgres_mall, monkeypatch) -> str:
    """En egen PostgreSQL-databas med standarddata; appen och kommandoraden pekas dit via UPPFOLJNING_DB."""
    namn = f"test_{os.getpid()}_{next(_PG_RAKNARE)}"
    _pg_sql(postgres_server.format("postgres"), f"CREATE DATABASE {namn} TEMPLATE {postgres_mall}")
    adress = postgres_server.format(namn)
    monkeypatch.setenv("UPPFOLJNING_DB", adress)
    yield adress
    from uppfoljning import lagring_pg

    lagring_pg.stang_anslutningar()
    _pg_sql(postgres_server.format("postgres"), f"DROP DATABASE IF EXISTS {namn} WITH (FORCE)")
