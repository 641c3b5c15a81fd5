"""Gemensamma fixturer: en databas byggd från standarddata en gång per testkörning."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Cachar som håller färdig text (bedömningens skäl, processens minne för frågesvar och sidor) glöms när mellanslaget byts."""
    from uppfoljning import bedomning, ui

    bedomning._bedom_mot_tolerans.cache_clear()
    ui.glom_minnet()


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


# ---------------------------------------------------------------- lagringen: databasfil eller PostgreSQL

# make test kör sviten mot databasfilen (den inbäddade standardlagringen); make test-postgres sätter
# UPPFOLJNING_TEST_LAGRING=postgresql och kör samma svit mot PostgreSQL: då ger lagringsfixturerna nedan
# (standarddatabas, con, skrivbar_databas, app_databas och ny_databas) en egen PostgreSQL-databas i stället för
# en fil, och appen, kommandoraden och frågorna går mot den. Testerna läser och skriver databasen genom
# produktens lagringsväg (las, skriv), inte genom filen.
PG_LAGE = os.environ.get("UPPFOLJNING_TEST_LAGRING", "").strip().lower() in ("postgresql", "postgres")

Databas = Path | str  # en databasfil, eller i PG-läget en PostgreSQL-adress (det som UPPFOLJNING_DB ska vara)


def pytest_collection_modifyitems(config, items):
    """PG-läget: ett test som handlar om själva databasfilen (märkt endast_fil med ett skäl) hoppas över, med
    skälet. Webbläsartesterna av presentationen (märkta browser: skärmbilder, axe, text och layout i en riktig
    webbläsare) hoppas också över, utom de som är märkta browser_postgresql: sidorna ritas av samma kod ur samma
    DuckDB-frågor med båda lagringarna, varje sida prövas mot PostgreSQL med AppTest och i en riktig webbläsare
    (test_webblasare), och CI:s 30 minuter räcker inte för alla webbläsartester två gånger. Allt annat körs mot
    PostgreSQL."""
    if not PG_LAGE:
        return
    for item in items:
        if (mark := item.get_closest_marker("endast_fil")) is not None:
            skal = mark.args[0] if mark.args else mark.kwargs.get("skal")
            assert skal, f"{item.nodeid}: endast_fil ska ha ett skäl"
            item.add_marker(pytest.mark.skip(reason=f"Gäller bara databasfilen: {skal}"))
        elif item.get_closest_marker("browser") and not item.get_closest_marker("browser_postgresql"):
            item.add_marker(pytest.mark.skip(reason="Webbläsartest av presentationen: körs mot databasfilen (make "
                                                    "test); mot PostgreSQL prövas sidorna i webbläsaren av "
                                                    "test_webblasare"))


@contextmanager
def las(db: Databas) -> Iterator[duckdb.DuckDBPyConnection]:
    """En läsanslutning (skrivskyddad ögonblicksbild) till databasen, som appen läser den."""
    anslutning = databas.oppna_lasning(db)
    try:
        yield anslutning
    finally:
        anslutning.close()


def skriv(db: Databas, vad: str = "testets ändring"):
    """En skrivning i databasen, som appen och kommandoraden skriver: bekräftas när blocket går igenom."""
    return databas.skrivning(db, vad)


_PG: dict[str, object] = {}  # i PG-läget: "server" (adressmall), "standard" (adressen), "skapade" (databasnamn)


def _pg_namn(adress: str) -> str:
    return adress.split("?", 1)[0].rsplit("/", 1)[1]


def ny_databas(plats: Path, *, fran: Databas | None = None, datasets: Path | None = None) -> Databas:
    """En ny databas för ett test: en kopia av [fran] (standarddatabas eller en annan testdatabas), byggd från
    datamappen [datasets] som vid appens första start, eller utan båda en tom plats som appen (eller
    kommandoraden) bygger databasen på vid första start. Med databasfilen är det filen [plats]; i PG-läget en
    ny PostgreSQL-databas med samma innehåll (en kopia görs med CREATE DATABASE … TEMPLATE), som tas bort
    efter testet (eller efter testkörningen om den skapades för en modul)."""
    assert fran is None or datasets is None, "ange fran eller datasets, inte båda"
    if not PG_LAGE:
        plats.parent.mkdir(parents=True, exist_ok=True)
        if datasets is not None:
            databas.bygg_databas(plats, datasets)
        elif fran is not None:
            shutil.copy(fran, plats)
        return plats
    from uppfoljning import lagring_pg

    server = _PG["server"]
    namn = f"t{os.getpid()}_{next(_PG_RAKNARE)}"
    adress = server.format(namn)
    if isinstance(fran, str) and lagring_pg.ar_adress(fran):
        mall = "mall" if fran == _PG.get("standard") else _pg_namn(fran)
        lagring_pg.stang_anslutningar()
        # En mall får inte ha andra anslutningar (t.ex. en app som en modul startat mot den).
        _pg_sql(server.format("postgres"),
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{mall}' "
                "AND pid <> pg_backend_pid()",
                f"CREATE DATABASE {namn} TEMPLATE {mall}")
    else:
        _pg_sql(server.format("postgres"), f"CREATE DATABASE {namn}")
        if datasets is not None:
            plats.parent.mkdir(parents=True, exist_ok=True)
            databas.bygg_databas(plats, datasets)
            fran = plats
        if fran is not None:
            lagring_pg.fyll_fran_fil(adress, Path(fran))
    _PG["skapade"].append(namn)
    return adress


@pytest.fixture(scope="session")
def standardfil(tmp_path_factory) -> Path:
    """Databasfil byggd från datasets/ precis som vid appens första start. Får inte ändras av tester."""
    fil = tmp_path_factory.mktemp("standard") / "uppfoljning.duckdb"
    databas.bygg_databas(fil)
    return fil


@pytest.fixture(scope="session")
def standarddatabas(request, standardfil) -> Databas:
    """Standarddatan i lagringen som testas: databasfilen, eller i PG-läget en PostgreSQL-databas byggd som appen
    bygger den vid första start. Får inte ändras av tester."""
    if not PG_LAGE:
        return standardfil
    request.getfixturevalue("_pg_lagring")
    return _PG["standard"]


@pytest.fixture(scope="session", autouse=True)
def _pg_lagring(request):
    """PG-läget: servern och mallen med standarddatan (postgres_server, postgres_mall), en gång per körning, före
    alla andra fixturer (också en moduls egen databas)."""
    if not PG_LAGE:
        yield
        return
    server = request.getfixturevalue("postgres_server")
    request.getfixturevalue("postgres_mall")
    _PG.update(server=server, skapade=[])
    _PG["standard"] = ny_databas(Path("standard"), fran=server.format("mall"))
    _PG["skapade"].clear()  # standarddatabasen lever hela körningen
    yield


@pytest.fixture(autouse=True)
def _lagringen_efter_testet(request):
    """PG-läget: databaserna som testet (dess funktionsfixturer) skapade tas bort efteråt, och processens
    anslutningar och cachar för dem glöms (annars växer minnet med en ögonblicksbild per test)."""
    if not PG_LAGE:
        yield
        return
    request.getfixturevalue("_pg_lagring")
    fore = len(_PG["skapade"])
    yield
    skapade = _PG["skapade"][fore:]
    del _PG["skapade"][fore:]
    if skapade:
        _glom_pg({_PG["server"].format(n) for n in skapade})
        for namn in skapade:
            _pg_sql(_PG["server"].format("postgres"), f"DROP DATABASE IF EXISTS {namn} WITH (FORCE)")


def _glom_pg(adresser: set[str]) -> None:
    from uppfoljning import lagring_pg, ui

    lagring_pg.stang_anslutningar()
    with lagring_pg._CACHE_LAS:
        for adress in adresser:
            lagring_pg._CACHE.pop(adress, None)
    for nyckel in [k for k in lagring_pg._AVTRYCK if k[0] in adresser]:
        del lagring_pg._AVTRYCK[nyckel]
    with ui._LASARE_LAS:
        for adress in adresser:
            post = ui._LASARE.pop(adress, None)
            if post is not None:
                post[1].close()


@pytest.fixture
def con(standarddatabas) -> duckdb.DuckDBPyConnection:
    """Läsanslutning mot standarddata."""
    with las(standarddatabas) as anslutning:
        yield anslutning


@pytest.fixture
def skrivbar_databas(standarddatabas, tmp_path, monkeypatch) -> Iterator[Databas]:
    """En egen kopia av standarddatabasen som testet får ändra; appen pekas dit via UPPFOLJNING_DB."""
    with _egen_kopia(standarddatabas, tmp_path / "uppfoljning.duckdb") as db:
        monkeypatch.setenv("UPPFOLJNING_DB", str(db))
        yield db


@pytest.fixture
def app_databas(standarddatabas, tmp_path, monkeypatch) -> Iterator[Databas]:
    """För AppTest: appen öppnar sin egen kopia av standarddatabasen."""
    with _egen_kopia(standarddatabas, tmp_path / "app.duckdb") as db:
        monkeypatch.setenv("UPPFOLJNING_DB", str(db))
        yield db


# PG-läget: kopian av standarddatan som testerna med skrivbar_databas eller app_databas får i tur och ordning, så
# länge ingen av dem skriver i den: {"adress", "namn", "version", "i_bruk"}. En ny PostgreSQL-databas per test
# kostade mest av PG-svitens tid (CREATE DATABASE, de första anslutningarna till en ny databas och en kall
# ögonblicksbild, ungefär en sekund per test), och de flesta testerna läser bara.
_DELAD: dict[str, object] = {}


@contextmanager
def _egen_kopia(standarddatabas: Databas, plats: Path) -> Iterator[Databas]:
    """En kopia av standarddatabasen som testet får ändra. Med databasfilen en egen fil. I PG-läget den delade
    kopian (_DELAD) när den är orörd: ett test som skrivit i den (versionsnumret ändrat, lagring_pg.version)
    lämnar den efter sig, och den tas bort efter testet; nästa test får en ny kopia med ett nytt namn, så att
    processens cachar per adress (ögonblicksbilder, frågesvar) aldrig blandar ihop två innehåll. Samma test får
    en egen kopia för en andra fixtur (t.ex. både skrivbar_databas och app_databas)."""
    if not PG_LAGE:
        yield ny_databas(plats, fran=standarddatabas)
        return
    from uppfoljning import lagring_pg

    if _DELAD.get("i_bruk"):
        yield ny_databas(plats, fran=standarddatabas)  # tas bort efter testet (_lagringen_efter_testet)
        return
    if not _DELAD:
        adress = ny_databas(plats, fran=standarddatabas)
        namn = _PG["skapade"].pop()  # lever tills ett test skriver i den
        _DELAD.update(adress=adress, namn=namn, version=lagring_pg.version(adress))
    _DELAD["i_bruk"] = True
    try:
        yield _DELAD["adress"]
    finally:
        _DELAD["i_bruk"] = False
        try:
            orord = lagring_pg.version(_DELAD["adress"]) == _DELAD["version"]
        except Exception:
            orord = False
        if not orord:
            _PG["skapade"].append(_DELAD["namn"])
            _DELAD.clear()


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


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """En egen PostgreSQL-server för testkörningen (bench.pg_server, samma som mätningarna startar): initdb i en
    temporär katalog, bara en unix-socket (ingen port), stängs efteråt. Saknas PostgreSQL hoppas testerna över
    lokalt; i CI fallerar de (.ci/run installerar postgresql)."""
    from bench import pg_server

    if pg_server.pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL saknas (Debian: apt-get install postgresql); .ci/run ska installera det.")
        pytest.skip("PostgreSQL saknas (Debian: apt-get install postgresql)")
    with pg_server.egen_server() as server:
        try:
            yield server
        finally:
            for con in _PG_ADMIN.values():
                con.close()
            _PG_ADMIN.clear()


# Testernas egna anslutningar till serverns databas "postgres" (CREATE och DROP DATABASE före och efter nästan varje
# test i PG-läget), en per adress och process: en ny anslutning kostar mer än satsen.
_PG_ADMIN: dict[str, object] = {}


def _pg_sql(adress: str, *satser: str) -> None:
    import adbc_driver_postgresql.dbapi as pg

    if not adress.split("?", 1)[0].endswith("/postgres"):
        with pg.connect(adress, autocommit=True) as con, con.cursor() as cur:
            for sats in satser:
                cur.execute(sats)
        return
    for forsok in range(2):
        con = _PG_ADMIN.get(adress)
        try:
            if con is None:
                con = _PG_ADMIN[adress] = pg.connect(adress, autocommit=True)
            with con.cursor() as cur:
                for sats in satser:
                    cur.execute(sats)
            return
        except pg.OperationalError:
            _PG_ADMIN.pop(adress, None)
            if forsok:
                raise


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
