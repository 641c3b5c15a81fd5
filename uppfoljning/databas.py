"""Databasfilen: byggs från standarddata första gången, återanvänds sedan, och delas av appen, kommandoraden,
säkerhetskopior och andra läsare samtidigt.

Bygget sker i en temporär fil som byter namn först när allt gått igenom, så ett fel i en
inbäddad fil lämnar aldrig en halvbyggd databas efter sig.

Samtidighet (README, "Flera processer på samma data"): databasfilen skrivs aldrig på plats. En läsare öppnar
den skrivskyddat som en ögonblicksbild (oppna_lasning). En skrivning (skrivning) tar skrivlåset (flock på
<fil>.skrivlas; den som väntar får veta på svenska vad den väntar på), kopierar filen, skriver i kopian och byter
in den med os.replace först när allt gått igenom. En dödad skrivare lämnar därför bara en övergiven kopia, som
nästa skrivare tar bort; läsare blockeras aldrig och ser den nya filen när de öppnar om.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import itertools
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import duckdb

from . import fragor, installningar, lagring_pg, migrering, personnummer
from .fel import Fynd, InlasningsFel
from .inlasning import avkoda, las_csv_text, las_in_fil

SCHEMA = Path(__file__).with_name("schema.sql")

# Varje datamapp har en innehållsförteckning: fil -> tabell, i inläsningsordning (referensdata först).
INNEHALL = "innehall.csv"

STANDARDANVANDARE = "standarddata"


def skapa_vyer(con: duckdb.DuckDBPyConnection) -> None:
    """Vyer och makron skapas om vid varje start så att de alltid följer koden i queries/vyer."""
    for namn in fragor.vyer():
        con.execute(fragor.sql(namn))


def innehall(datasets: Path) -> list[tuple[str, str]]:
    """Filerna i en datamapp enligt dess innehall.csv."""
    forteckning = datasets / INNEHALL
    try:
        df = las_csv_text(avkoda(forteckning.read_bytes()), f"{datasets.name}/{INNEHALL}")
    except FileNotFoundError as fel:
        raise InlasningsFel([Fynd(f"{datasets}/{INNEHALL}", "Innehållsförteckningen saknas.")]) from fel
    saknade = {"fil", "tabell"} - set(df.columns)
    if saknade:
        raise InlasningsFel([Fynd(f"{datasets.name}/{INNEHALL}", f"Kolumnen {k} saknas.", rad=1, kolumn=k)
                             for k in sorted(saknade)])
    return list(zip(df["fil"].to_list(), df["tabell"].to_list()))


def bygg_databas(mal: Path, datasets: Path | None = None) -> None:
    """Bygger en ny databasfil från datasets/. Misslyckas något finns ingen fil kvar."""
    datasets = datasets or installningar.datasetmapp()
    mal.parent.mkdir(parents=True, exist_ok=True)
    tillfallig = mal.with_name(f".{mal.name}.bygge-{os.getpid()}")
    tillfallig.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tillfallig))
        try:
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            con.execute("BEGIN TRANSACTION")
            for filnamn, tabell in innehall(datasets):
                las_in_fil(con, tabell, datasets / filnamn, STANDARDANVANDARE,
                           visningsnamn=f"{datasets.name}/{filnamn}")
            con.execute("INSERT INTO databas_info VALUES ('datamapp', ?)", [str(datasets.resolve())])
            migrering.satt_version(con, migrering.SCHEMAVERSION)
            con.execute("COMMIT")
            skapa_vyer(con)
            _satt_kodversion(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tillfallig, mal)
    finally:
        tillfallig.unlink(missing_ok=True)
        Path(f"{tillfallig}.wal").unlink(missing_ok=True)


def oppna(sokvag: Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Öppnar databasen; bygger den från standarddata om filen inte finns."""
    sokvag = sokvag or installningar.databasfil()
    if not sokvag.exists():
        bygg_databas(sokvag)
    con = duckdb.connect(str(sokvag), read_only=read_only)
    if not read_only:
        try:
            _uppdatera(con, sokvag)
        except BaseException:
            con.close()
            raise
    return con


def _uppdatera(con: duckdb.DuckDBPyConnection, sokvag: Path) -> None:
    """Databasen till den här versionen av koden: migrering, nya tabeller och referenstabeller, vyer."""
    # Migreringen först: en databas från en nyare version vägras, och säkerhetskopian tas, innan schemat
    # lagt till något (annars ändrar en ny tabell i schema.sql en databas som ska lämnas orörd).
    migrering.migrera(con, sokvag)
    # Schemat är idempotent (IF NOT EXISTS): tabeller som tillkommit i en ny version skapas här.
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    fyll_nya_referenstabeller(con)
    skapa_vyer(con)
    _satt_kodversion(con)


def kodversion() -> str:
    """Schemat, vyerna och schemaversionen som den här koden väntar sig. En databas med en annan kodversion
    uppdateras (i en skrivning) när den öppnas, så att en läsare aldrig behöver skriva."""
    summa = hashlib.sha256(f"{migrering.SCHEMAVERSION}\n".encode())
    summa.update(SCHEMA.read_bytes())
    for namn in fragor.vyer():
        summa.update(fragor.sql(namn).encode())
    return summa.hexdigest()[:16]


def _satt_kodversion(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM databas_info WHERE nyckel = 'kodversion'")
    con.execute("INSERT INTO databas_info VALUES ('kodversion', ?)", [kodversion()])


def _las_kodversion(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        rad = con.execute("SELECT varde FROM databas_info WHERE nyckel = 'kodversion'").fetchall()
    except duckdb.CatalogException:
        return None
    return rad[0][0] if rad else None


def fyll_nya_referenstabeller(con: duckdb.DuckDBPyConnection, datasets: Path | None = None) -> None:
    """En referenstabell som tillkommit i en ny version är tom i en äldre databas: fyll den från datasets/."""
    if datasets is None:
        # Samma datamapp som databasen byggdes från; ett annat förbunds referensdata passar inte.
        rad = con.execute("SELECT varde FROM databas_info WHERE nyckel = 'datamapp'").fetchall()
        datasets = Path(rad[0][0]) if rad else installningar.datasetmapp()
    if not (datasets / INNEHALL).exists():
        return
    for filnamn, tabell in innehall(datasets):
        if not filnamn.startswith("referens/"):
            continue
        if con.execute(f'SELECT count(*) FROM "{tabell}"').fetchall()[0][0] == 0:
            las_in_fil(con, tabell, datasets / filnamn, STANDARDANVANDARE, visningsnamn=f"{datasets.name}/{filnamn}")


# ---------------------------------------------------------------- samtidighet: läsare, skrivare, kopior


class DatabasFel(Exception):
    """Ett fel som användaren ska läsa (på sidan eller i terminalen): upptagen databas, full disk, en fil som
    inte är en säkerhetskopia. Texten är svensk och säger vad som hände med datan."""


_RAKNARE = itertools.count()
_DISKFEL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _filnamn(sokvag: Path, slag: str) -> Path:
    """En arbetsfil bredvid databasen: .<namn>.<slag>-<process>-<nummer>. Punkten först: den syns inte i en
    vanlig listning, och allt som börjar så är skräp när ingen skrivning pågår."""
    return sokvag.with_name(f".{sokvag.name}.{slag}-{os.getpid()}-{next(_RAKNARE)}")


def lasfil(sokvag: Path) -> Path:
    """Skrivlåset: en fil bredvid databasen som den skrivande håller låst (flock) och har beskrivit sig i."""
    return sokvag.with_name(f"{sokvag.name}.skrivlas")


def _adress(sokvag: Path | str | None) -> str:
    return installningar.databasadress() if sokvag is None else str(sokvag)


def _pg(sokvag: Path | str | None) -> str | None:
    """PostgreSQL-adressen om lagringen är PostgreSQL, annars None."""
    adress = _adress(sokvag)
    return adress if lagring_pg.ar_adress(adress) else None


def filnyckel(sokvag: Path | str) -> tuple | None:
    """Identiteten för databasens nuvarande version: för en fil den som just nu ligger på platsen (ändras vid
    varje skrivning, då filen byts ut), för PostgreSQL versionsnumret."""
    if adress := _pg(sokvag):
        return ("postgresql", lagring_pg.version(adress))
    try:
        st = os.stat(sokvag)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def vantetid_s() -> float:
    """Hur länge en skrivning väntar på en annan innan den ger upp (UPPFOLJNING_SKRIVLAS_S, standard 120 s)."""
    return float(installningar._heltal("UPPFOLJNING_SKRIVLAS_S", 120))


def _ar_diskfel(fel: BaseException) -> bool:
    if isinstance(fel, OSError) and fel.errno in _DISKFEL:
        return True
    text = str(fel).lower()
    return isinstance(fel, duckdb.Error) and any(
        t in text for t in ("no space left", "disk quota", "file too large", "not enough space"))


def _diskfel(vad: str) -> DatabasFel:
    return DatabasFel(f"Databasen kunde inte skrivas: disken är full (eller lagringsutrymmet slut) under {vad}. "
                      "Inget har sparats; databasen är som före. Frigör utrymme och försök igen.")


def _beskriv(vad: str) -> str:
    return f"{vad}\t{datetime.now():%H:%M:%S}"


def _hallare(fil: Path) -> tuple[str, str]:
    """Vem som håller skrivlåset enligt låsfilen: (vad, sedan klockan)."""
    try:
        vad, _, sedan = fil.read_text(encoding="utf-8").strip().partition("\t")
    except OSError:
        return "en annan skrivning", "?"
    return vad or "en annan skrivning", sedan or "?"


@contextmanager
def skrivlas(sokvag: Path, vad: str, meddela: Callable[[str], None] | None = None,
             vanta_s: float | None = None) -> Iterator[None]:
    """Håller skrivlåset. Är det upptaget väntar skrivningen sin tur (meddela får en svensk text om vad den
    väntar på) och ger efter vanta_s upp med ett DatabasFel. Låset släpps av kärnan om processen dör."""
    vanta_s = vantetid_s() if vanta_s is None else vanta_s
    fil = lasfil(sokvag)
    fil.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(fil, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        start = time.monotonic()
        meddelat = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                annan, sedan = _hallare(fil)
                if time.monotonic() - start >= vanta_s:
                    raise DatabasFel(
                        f"Databasen är upptagen: {annan} skriver sedan klockan {sedan}, och {vad} väntade "
                        f"{round(time.monotonic() - start)} s utan att få skriva. Inget har sparats; försök igen "
                        "om en stund.") from None
                if not meddelat and meddela is not None:
                    meddela(f"Väntar på att en annan skrivning ska bli klar: {annan} (sedan klockan {sedan}). "
                            f"Väntar högst {round(vanta_s)} s.")
                    meddelat = True
                time.sleep(0.05)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, _beskriv(personnummer.maskera(vad)).encode("utf-8"), 0)
        except OSError:
            pass  # beskrivningen är bara till för den som väntar
        _stada(sokvag)
        yield
    finally:
        os.close(fd)  # släpper låset


def _stada(sokvag: Path) -> None:
    """Arbetsfiler som en avbruten skrivning eller läsning lämnat (bara när skrivlåset hålls: då pågår ingen)."""
    for rest in sokvag.parent.glob(f".{sokvag.name}.*"):
        if rest.is_dir() and not rest.is_symlink():
            shutil.rmtree(rest, ignore_errors=True)  # DuckDB:s mapp för mellanresultat (<kopia>.tmp)
        else:
            rest.unlink(missing_ok=True)


def _kopiera(fran: Path, till: Path) -> None:
    shutil.copyfile(fran, till)


def _fsync(sokvag: Path, katalog: bool = False) -> None:
    fd = os.open(sokvag, os.O_RDONLY | (os.O_DIRECTORY if katalog else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# Skrivningar som processen gjort (avslutade, lyckade eller inte): appen prövar sin läsare igen efter en egen
# skrivning i stället för att läsa körningens ögonblicksbild till slutet (ui._lasaren).
_SKRIVNINGAR = itertools.count()
_antal_skrivningar = 0


def skrivningar() -> int:
    """Hur många skrivningar processen har avslutat (ökar när en skrivning slutar, också en som misslyckades)."""
    return _antal_skrivningar


def _skrivning_slut() -> None:
    global _antal_skrivningar
    _antal_skrivningar = next(_SKRIVNINGAR) + 1


@contextmanager
def _skrivning(sokvag: Path | str | None = None, vad: str = "en skrivning", meddela: Callable[[str], None] | None = None,
              fran: Path | None = None, fore_bytet: Callable[[], None] | None = None
              ) -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivning: en anslutning till en kopia av databasen (eller av [fran]) som byts in först när blocket
    gått igenom. Ett fel i blocket (eller en dödad process) lämnar databasen som den var. [fore_bytet] körs med
    skrivlåset kvar, efter att kopian är klar och före bytet."""
    if adress := _pg(sokvag):
        with lagring_pg.skrivning(adress, vad, meddela, vantetid_s(), fran=fran) as con:
            yield con
        return
    sokvag = Path(_adress(sokvag))
    if fran is None and not sokvag.exists():
        oppna_lasning(sokvag).close()  # bygger databasen från standarddata
    with skrivlas(sokvag, vad, meddela):
        kopia = _filnamn(sokvag, "skriv")
        try:
            _kopiera(fran or sokvag, kopia)
            if fran is None and Path(f"{sokvag}.wal").exists():  # en databas som skrivits på plats (äldre kod)
                _kopiera(Path(f"{sokvag}.wal"), Path(f"{kopia}.wal"))
            con = duckdb.connect(str(kopia))
            try:
                yield con
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _fsync(kopia)
            if fore_bytet is not None:
                fore_bytet()
            os.replace(kopia, sokvag)
            _fsync(sokvag.parent, katalog=True)
        except (OSError, duckdb.Error) as fel:
            # Kopian, en INSERT i blocket, CHECKPOINT eller bytet: disken tog slut. Databasen är orörd.
            if _ar_diskfel(fel):
                raise _diskfel(vad) from None
            raise
        finally:
            kopia.unlink(missing_ok=True)
            Path(f"{kopia}.wal").unlink(missing_ok=True)
            shutil.rmtree(f"{kopia}.tmp", ignore_errors=True)


@contextmanager
def skrivning(sokvag: Path | str | None = None, vad: str = "en skrivning", meddela: Callable[[str], None] | None = None,
              fran: Path | None = None, fore_bytet: Callable[[], None] | None = None
              ) -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivning: en anslutning till en kopia av databasen (eller av [fran]) som byts in först när blocket
    gått igenom. Ett fel i blocket (eller en dödad process) lämnar databasen som den var. [fore_bytet] körs med
    skrivlåset kvar, efter att kopian är klar och före bytet."""
    try:
        with _skrivning(sokvag, vad, meddela, fran, fore_bytet) as con:
            yield con
    finally:
        _skrivning_slut()


def oppna_lasning(sokvag: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """En skrivskyddad ögonblicksbild av databasen som den är nu; blockerar aldrig och blockeras aldrig av en
    skrivning. Bygger databasen från standarddata om den saknas, och uppdaterar den (i en skrivning) om den
    gjordes av en annan version av koden."""
    if adress := _pg(sokvag):
        lagring_pg.sakerstall(adress, vantetid_s())
        return lagring_pg.ladda(adress)[0]
    sokvag = Path(_adress(sokvag))
    if not sokvag.exists():
        with skrivlas(sokvag, "bygget av databasen från standarddata"):
            if not sokvag.exists():
                bygg_databas(sokvag)
    con = _oppna_skrivskyddad(sokvag)
    if _las_kodversion(con) != kodversion():
        con.close()
        with skrivning(sokvag, "uppdateringen av databasen till den här versionen") as skriv:
            if _las_kodversion(skriv) != kodversion():
                _uppdatera(skriv, sokvag)
        con = _oppna_skrivskyddad(sokvag)
    return con


@contextmanager
def provanslutning(sokvag: Path | str | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivbar kopia av ögonblicksbilden som kastas efteråt: för en kontroll som provar en ändring i en
    transaktion som rullas tillbaka (uppladdning.forbered visar så vad en fil ändrar). Tar inget skrivlås."""
    if adress := _pg(sokvag):
        duck = oppna_lasning(adress)  # en DuckDB i minnet: redan skrivbar och bara processens egen
        try:
            yield duck
        finally:
            duck.close()
        return
    sokvag = Path(_adress(sokvag))
    oppna_lasning(sokvag).close()  # bygger eller uppdaterar databasen om det behövs
    kopia = _filnamn(sokvag, "prov")
    try:
        with open(sokvag, "rb") as kalla, open(kopia, "wb") as ut:  # den version som ligger där nu
            shutil.copyfileobj(kalla, ut, 1 << 20)
        con = duckdb.connect(str(kopia))
        try:
            yield con
        finally:
            con.close()
    except OSError as fel:
        if fel.errno in _DISKFEL:
            raise _diskfel("kontrollen av filen") from None
        raise
    finally:
        kopia.unlink(missing_ok=True)
        Path(f"{kopia}.wal").unlink(missing_ok=True)
        shutil.rmtree(f"{kopia}.tmp", ignore_errors=True)


def _oppna_skrivskyddad(sokvag: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB återanvänder en öppen databas med samma sökväg i processen, också när filen på platsen har bytts
    ut. En hård länk med ett eget namn öppnar därför just den fil som ligger där nu; länken tas bort direkt
    (databasen håller filen öppen). Går länken inte att skapa (skrivskyddad katalog) öppnas platsen direkt."""
    lank = _filnamn(sokvag, "las")
    try:
        os.link(sokvag, lank)
    except OSError:
        return duckdb.connect(str(sokvag), read_only=True)
    try:
        return duckdb.connect(str(lank), read_only=True)
    finally:
        lank.unlink(missing_ok=True)


def ar_skrivskyddsfel(fel: BaseException) -> bool:
    """Försökte en läsare skriva? (Då görs samma sak om i en skrivning.)"""
    return isinstance(fel, duckdb.Error) and "read-only" in str(fel)


def las_eller_skriv(sokvag: Path | None, gor: Callable[[duckdb.DuckDBPyConnection], object], vad: str,
                    meddela: Callable[[str], None] | None = None):
    """Kör [gor] på en ögonblicksbild; behöver den skriva (t.ex. synka målramverkets perioder) görs den om i
    en skrivning. [gor] ska tåla att köras två gånger (den första stoppas vid första skrivförsöket)."""
    sokvag = _adress(sokvag)
    if _pg(sokvag):
        # PostgreSQL-ögonblicksbilden är en DuckDB i minnet som går att skriva i: en skrivning där skulle aldrig
        # sparas. Därför direkt en skrivning (som inte skriver något till PostgreSQL om blocket inte ändrat något).
        with skrivning(sokvag, vad, meddela) as skriv:
            return gor(skriv)
    con = oppna_lasning(sokvag)
    try:
        return gor(con)
    except duckdb.Error as fel:
        if not ar_skrivskyddsfel(fel):
            raise
    finally:
        con.close()
    with skrivning(sokvag, vad, meddela) as skriv:
        return gor(skriv)


# ---------------------------------------------------------------- säkerhetskopia och återställning


def _kontrollera_kopia(fil: Path) -> str:
    """Att filen är en hel databas för uppföljningen; returnerar schemaversionen. Annars ett DatabasFel."""
    try:
        con = _oppna_skrivskyddad(fil)
    except (duckdb.Error, OSError) as fel:
        raise DatabasFel(f"{fil} är inte en säkerhetskopia av uppföljningens databas (filen går inte att öppna "
                         "som databas). Ingenting har ändrats.") from fel
    try:
        tabeller = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"databas_info", "kalla", "handelse", "plattform"} <= tabeller:
            raise DatabasFel(f"{fil} är inte en säkerhetskopia av uppföljningens databas (tabellerna saknas). "
                             "Ingenting har ändrats.")
        version = migrering.version(con)
        con.execute("SELECT count(*) FROM kalla").fetchall()
    finally:
        con.close()
    if version > migrering.SCHEMAVERSION:
        raise DatabasFel(f"{fil} är gjord av en nyare version av produkten (schemaversion {version}; den här "
                         f"versionen känner till {migrering.SCHEMAVERSION}). Ingenting har ändrats.")
    return str(version)


def sakerhetskopiera(mal: Path, sokvag: Path | str | None = None) -> int:
    """En konsistent kopia av databasen till [mal], också medan appen och andra skriver: filen på platsen
    skrivs aldrig om (en skrivning byter ut den), så den fil som öppnas är en hel version. Returnerar storleken."""
    adress = _pg(sokvag)
    sokvag = Path(_adress(sokvag)) if adress is None else None
    if sokvag is not None and not sokvag.exists():
        raise DatabasFel(f"Databasen {sokvag} finns inte; det finns inget att säkerhetskopiera.")
    mal = mal.resolve()
    mal.parent.mkdir(parents=True, exist_ok=True)
    tillfallig = mal.with_name(f".{mal.name}.kopia-{os.getpid()}")
    try:
        if adress is not None:
            # PostgreSQL: en ögonblicksbild (REPEATABLE READ) skriven som en DuckDB-fil, samma format som den
            # inbäddade lagringens kopia. (pg_dump fungerar också, för den som hellre återställer med pg_restore.)
            lagring_pg.sakerhetskopiera(adress, tillfallig)
        else:
            with open(sokvag, "rb") as kalla, open(tillfallig, "wb") as ut:  # öppnad = versionen som ligger där
                shutil.copyfileobj(kalla, ut, 1 << 20)
                ut.flush()
                os.fsync(ut.fileno())
        _kontrollera_kopia(tillfallig)
        os.replace(tillfallig, mal)
    except OSError as fel:
        if fel.errno in _DISKFEL:
            raise DatabasFel(f"Säkerhetskopian kunde inte skrivas: disken är full där {mal} skulle ligga. "
                             "Databasen är orörd.") from None
        raise DatabasFel(f"Säkerhetskopian kunde inte skrivas till {mal}: {fel.strerror or fel}. "
                         "Databasen är orörd.") from None
    finally:
        tillfallig.unlink(missing_ok=True)
    return mal.stat().st_size


def aterstall(fran: Path, anvandare: str, sokvag: Path | str | None = None,
              meddela: Callable[[str], None] | None = None) -> Path:
    """Ersätter databasen med säkerhetskopian [fran], också medan appen kör (den öppnar om vid nästa
    sidvisning). Den ersatta databasen sparas bredvid och återställningen skrivs i händelseloggen.
    Returnerar var den ersatta databasen sparades."""
    from . import handelse

    adress = _pg(sokvag)
    fran = fran.resolve()
    _kontrollera_kopia(fran)
    tagen = datetime.fromtimestamp(fran.stat().st_mtime)
    if adress is not None:
        # PostgreSQL: den ersatta datan sparas som en säkerhetskopia bredvid den som återställs.
        sparad = fran.with_name(f"fore-aterstallning-{datetime.now():%Y%m%d-%H%M%S}.duckdb")
        lagring_pg.sakerstall(adress, vantetid_s())  # en tom databas får schemat (och standarddatan) först
        sakerhetskopiera(sparad, adress)
        sokvag = adress
    else:
        sokvag = Path(_adress(sokvag))
        sparad = sokvag.with_name(f"{sokvag.stem}.fore-aterstallning-{datetime.now():%Y%m%d-%H%M%S}{sokvag.suffix}")

    def spara_den_gamla() -> None:
        if adress is None and sokvag.exists():
            try:
                os.link(sokvag, sparad)
            except OSError:
                shutil.copyfile(sokvag, sparad)

    with skrivning(sokvag, f"återställningen från {fran.name}", meddela, fran=fran,
                   fore_bytet=spara_den_gamla) as con:
        _uppdatera(con, sokvag)
        handelse.logga(con, anvandare, "återställning",
                       f"Databasen återställdes från säkerhetskopian {fran.name} (sparad {tagen:%Y-%m-%d %H:%M}); "
                       f"den ersatta databasen finns kvar som {sparad.name}.")
    return sparad
