"""Kontroll av en tabell mot lagringsmodellen, och lagring av den.

Tabellens form bestäms av databasens schema (schema.sql): kolumner, typer, NOT NULL, främmande
nycklar och CHECK-villkor. Allt som bryter mot dem blir ett Fynd med fil, blad, rad och kolumn.
Raderna bär sitt radnummer i källfilen i kolumnen _rad, så att felen pekar dit användaren ska titta
även när tabellen har vänts om (breda utfallstabeller, råa enkätsvar).
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from . import fragor, perioder, personnummer
from .fel import Fynd, InlasningsFel
from .filformat import avkoda as _avkoda_fil
from .filformat import las_csv

# Så många fel per kolumn räcker för att användaren ska se mönstret.
MAX_FYND_PER_KOLUMN = 5
RAD = "_rad"

_SANT = {"true", "ja", "1", "sant", "x"}
_FALSKT = {"false", "nej", "0", "falskt", ""}


@dataclass(frozen=True)
class Kolumn:
    namn: str
    typ: str
    obligatorisk: bool
    # Får utelämnas i filen: nullbar eller med standardvärde i schemat.
    valfri_i_fil: bool


@dataclass(frozen=True)
class Tabellschema:
    """Det som kontrollen läser ur katalogen för en tabell: kolumner, främmande nycklar och CHECK-villkor."""

    kolumner: tuple[tuple, ...]
    nycklar: tuple[tuple, ...]
    villkor: tuple[tuple, ...]


# Schemat kommer från schema.sql och ändras inte medan processen kör, så katalogen läses en gång per
# databasfil och tabell (tre katalogfrågor per uppladdning kostade 5–10 ms, några procent av kontrollen).
_SCHEMA_CACHE: dict[tuple[str, str], Tabellschema] = {}


def tabellschema(con: duckdb.DuckDBPyConnection, tabell: str) -> Tabellschema:
    fil = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    nyckel = (fil[0][0], tabell) if fil and fil[0][0] else None
    if nyckel in _SCHEMA_CACHE:
        return _SCHEMA_CACHE[nyckel]
    kolumner = con.execute(
        "SELECT column_name, data_type, is_nullable, column_default IS NOT NULL FROM duckdb_columns() "
        "WHERE table_name = ? AND schema_name = 'main' ORDER BY column_index", [tabell]).fetchall()
    if not kolumner:
        raise ValueError(f"Okänd tabell {tabell}")
    begransningar = con.execute(
        "SELECT constraint_type, constraint_column_names, referenced_table, referenced_column_names, expression "
        "FROM duckdb_constraints() WHERE table_name = ? AND schema_name = 'main' "
        "AND constraint_type IN ('FOREIGN KEY', 'CHECK') ORDER BY constraint_index", [tabell]).fetchall()
    nycklar = tuple((tuple(k), t, tuple(r)) for typ, k, t, r, _ in begransningar if typ == "FOREIGN KEY")
    schema = Tabellschema(
        tuple(kolumner),
        # Ögonblicksbilden av PostgreSQL (lagring_pg) har inga främmande nycklar i DuckDB (PostgreSQL prövar dem
        # när skrivningen bekräftas): kontrollen tar dem då ur schema.sql, så att en fil som pekar på en okänd
        # plattform får samma svenska fel med rad och kolumn som med databasfilen.
        nycklar or _schemats_nycklar().get(tabell, ()),
        tuple((uttryck, tuple(k)) for typ, k, _, _, uttryck in begransningar if typ == "CHECK"))
    if nyckel is not None:
        _SCHEMA_CACHE[nyckel] = schema
    return schema


@functools.cache
def _schemats_nycklar() -> dict[str, tuple[tuple, ...]]:
    """De främmande nycklarna i schema.sql per tabell, som DuckDB läser dem (en gång per process)."""
    from .databas import SCHEMA

    con = duckdb.connect(":memory:")
    try:
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        rader = con.execute(
            "SELECT table_name, constraint_column_names, referenced_table, referenced_column_names "
            "FROM duckdb_constraints() WHERE constraint_type = 'FOREIGN KEY' ORDER BY table_name, constraint_index"
        ).fetchall()
    finally:
        con.close()
    ut: dict[str, tuple[tuple, ...]] = {}
    for tabell, k, t, r in rader:
        ut[tabell] = (*ut.get(tabell, ()), (tuple(k), t, tuple(r)))
    return ut


def tabellens_kolumner(schema: Tabellschema) -> list[Kolumn]:
    """Kolumnerna en fil ska ha för tabellen: alla utom kalla_id, som inläsningen sätter."""
    return [Kolumn(n, t, not nullbar, nullbar or standard)
            for n, t, nullbar, standard in schema.kolumner if n != "kalla_id"]


def avkoda(innehall: bytes) -> str:
    return _avkoda_fil(innehall, "")


def las_csv_text(text: str, fil: str) -> pl.DataFrame:
    return las_csv(text.encode("utf-8"), fil)[0].tabell


def med_radnummer(df: pl.DataFrame) -> pl.DataFrame:
    """Radnummer som i ett kalkylprogram: rubriken är rad 1, första dataraden rad 2."""
    return df.with_row_index(RAD, offset=2).with_columns(pl.col(RAD).cast(pl.Int64))


def _rensad_text(kolumn: str, redan_rensad: bool = False) -> pl.Expr:
    """Värdena som text utan omgivande blanktecken; tomma celler blir null. redan_rensad: värdena är redan utan
    blanktecken först och sist (bytta mot id ur referensdata), så att bara tomma celler behöver bli null."""
    text = pl.col(kolumn).cast(pl.String)
    return (text if redan_rensad else text.str.strip_chars()).replace("", None)


def _typa_kolumn(text: pl.Expr, kolumn: Kolumn) -> tuple[pl.Expr, str]:
    """Uttrycket som typar den rensade texten, samt en beskrivning av vad som förväntas, för felmeddelandet."""
    typ = kolumn.typ.upper()
    if typ in {"INTEGER", "BIGINT", "SMALLINT"}:
        rensad = text.str.replace_all(r"[\s\u00a0]", "")
        # Excel skriver ibland heltal som 12.0; det är fortfarande ett heltal.
        rensad = rensad.str.replace(r"^(-?\d+)[.,]0+$", "$1")
        return rensad.cast(pl.Int64, strict=False), "ett heltal"
    if typ in {"DOUBLE", "FLOAT", "REAL"} or typ.startswith("DECIMAL"):
        rensad = text.str.replace_all(r"[\s\u00a0%]", "").str.replace(",", ".", literal=True)
        return rensad.cast(pl.Float64, strict=False), "ett tal"
    if typ == "BOOLEAN":
        tolkning = {**{v: True for v in _SANT}, **{v: False for v in _FALSKT}}
        return text.str.to_lowercase().replace_strict(tolkning, default=None, return_dtype=pl.Boolean), "ja eller nej"
    if typ == "DATE":
        # Hela värdet ska vara ett datum ("2020-01-13garbage" är inget datum). Ett datum med klockslag, också
        # Excel-datumens "2020-01-13 00:00:00", tolkas i en andra omgång (_datum_med_klockslag) bara när första
        # omgången lämnat något otolkat. Utan Polars cache av tolkade värden: med tusentals olika datum är den tre
        # gånger långsammare.
        datum = text.str.to_date("%Y-%m-%d", strict=False, exact=True, cache=False)
        return datum, "ett datum (ÅÅÅÅ-MM-DD)"
    return text, "text"


def _datum_med_klockslag(text: pl.Expr) -> pl.Expr:
    """Ett datum med klockslag ("2020-01-13 14:30", "2020-01-13T14:30:00"): datumdelen, annars null."""
    datumdel = text.str.extract(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$", 1)
    return datumdel.str.to_date("%Y-%m-%d", strict=False, exact=True, cache=False)


def typa(df: pl.DataFrame, kolumner: list[Kolumn], fil: str, blad: str | None = None,
         rensade: frozenset[str] = frozenset()) -> pl.DataFrame:
    """Kontrollerar rubriker, typer och obligatoriska värden. Kastar InlasningsFel med alla fynd.
    rensade: textkolumner vars värden redan är utan blanktecken först och sist (Sammanhang.rensade)."""
    if RAD not in df.columns:
        df = med_radnummer(df)
    fynd: list[Fynd] = []
    rubriker = [r.strip() for r in df.columns]
    df = df.rename(dict(zip(df.columns, rubriker)))
    forvantade = [k.namn for k in kolumner]
    for saknad in [k.namn for k in kolumner if k.namn not in rubriker and not k.valfri_i_fil]:
        fynd.append(Fynd(fil, f"Kolumnen {saknad} saknas. Filen ska ha kolumnerna: {', '.join(forvantade)}.",
                         rad=1, kolumn=saknad, blad=blad))
    for extra in [r for r in rubriker if r not in forvantade and not r.startswith("_")]:
        fynd.append(Fynd(fil, f"Kolumnen {extra} är okänd för den här datamängden.", rad=1, kolumn=extra, blad=blad))
    if fynd:
        raise InlasningsFel(fynd)

    # Alla kolumner typas i en fråga, så att Polars arbetar parallellt. Den rensade texten behålls bredvid
    # de typade värdena: värden som inte gick att typa och obligatoriska som saknas hittas med den.
    finns = [k for k in kolumner if k.namn in rubriker]
    forvantas, typade_uttryck = {}, []
    for kolumn in finns:
        uttryck, forvantas[kolumn.namn] = _typa_kolumn(pl.col(f"text\x00{kolumn.namn}"), kolumn)
        typade_uttryck.append(uttryck.alias(kolumn.namn))
    resultat = (df.lazy().select(RAD, *(_rensad_text(k.namn, k.namn in rensade and df.schema[k.namn] == pl.String)
                                        .alias(f"text\x00{k.namn}") for k in finns))
                .with_columns(typade_uttryck).collect())
    # Datum med klockslag tolkas bara om första omgången lämnade något otolkat (de flesta filer har bara datum,
    # och mönstret kostar annars 40 ms per miljon värden).
    datum = [k.namn for k in finns if k.typ.upper() == "DATE"]
    otolkade = resultat.select((pl.col(f"text\x00{k}").is_not_null() & pl.col(k).is_null()).any().alias(k)
                               for k in datum).row(0, named=True) if datum else {}
    if any(otolkade.values()):
        resultat = resultat.with_columns(pl.coalesce(k, _datum_med_klockslag(pl.col(f"text\x00{k}"))).alias(k)
                                         for k, nagot in otolkade.items() if nagot)
    flaggor = {}
    for kolumn in finns:
        text = pl.col(f"text\x00{kolumn.namn}")
        if forvantas[kolumn.namn] != "text":
            flaggor[kolumn.namn, f"Värdet ska vara {forvantas[kolumn.namn]}."] = text.is_not_null() & pl.col(
                kolumn.namn).is_null()
        if kolumn.obligatorisk:
            flaggor[kolumn.namn, "Värde saknas men krävs."] = text.is_null()
    nagon = resultat.select(f.any().alias(str(i)) for i, f in enumerate(flaggor.values())).row(0)
    for ((namn, meddelande), flagga), finns_fel in zip(flaggor.items(), nagon):
        if finns_fel:
            for rad in resultat.filter(flagga)[RAD].head(MAX_FYND_PER_KOLUMN).to_list():
                fynd.append(Fynd(fil, meddelande, rad=rad, kolumn=namn, blad=blad))
    typade = resultat.select(RAD, *forvantas)
    if fynd:
        raise InlasningsFel(fynd)
    return typade


def _distinkta(kolumner: list[str]) -> pl.Expr:
    """De distinkta ifyllda värdena (en nyckel med flera kolumner som struct), som en lista."""
    if len(kolumner) == 1:
        return pl.col(kolumner[0]).drop_nulls().unique().implode()
    ifyllda = pl.all_horizontal(pl.col(k).is_not_null() for k in kolumner)
    return pl.struct(kolumner).filter(ifyllda).unique().implode()


def kontrollera_nycklar(con: duckdb.DuckDBPyConnection, schema: Tabellschema, df: pl.DataFrame, fil: str,
                        blad: str | None = None) -> None:
    """Värden som ska finnas i referensdata (plattform, kommun, mått ...) och inte gör det."""
    nycklar = [(list(k), t, r) for k, t, r in schema.nycklar if set(k) <= set(df.columns)]
    # Bara de distinkta värdena prövas mot referensdata (en miljon rader har några hundra plattformar),
    # alla nycklar i en select som Polars räknar parallellt; raderna letas upp först när något saknas.
    if not nycklar:
        return
    distinkta_per_nyckel = df.select(_distinkta(kolumner).alias(str(i)) for i, (kolumner, _, _) in enumerate(nycklar))
    # Referensdatans nycklar (några hundra plattformar och kommuner) jämförs med filens distinkta värden som
    # mängder i Python: billigare än att lämna värdena till DuckDB för en anti-join per nyckel.
    saknade_per_nyckel = {}
    for i, (kolumner, ref_tabell, ref_kolumner) in enumerate(nycklar):
        distinkta = distinkta_per_nyckel[str(i)].explode()
        distinkta = distinkta.struct.unnest() if len(kolumner) > 1 else distinkta.to_frame(kolumner[0])
        finns = set(con.execute(f'SELECT DISTINCT {", ".join(ref_kolumner)} FROM "{ref_tabell}"').fetchall())
        saknade = [rad for rad in distinkta.iter_rows() if rad not in finns]
        if saknade:
            saknade_per_nyckel[i] = saknade
    fynd: list[Fynd] = []
    # En rad med en okänd respondentgrupp får ett fel för gruppen, inte ett till för gruppens fråga.
    redan: set[int] = set()
    for i, saknade in sorted(saknade_per_nyckel.items(), key=lambda p: len(nycklar[p[0]][0])):
        kolumner, ref_tabell, _ = nycklar[i]
        saknade = pl.DataFrame(saknade, schema=df.select(kolumner).schema, orient="row")
        rader = df.join(saknade, on=list(kolumner), how="semi").sort(RAD).head(20)
        for rad, *varden in rader.select(RAD, *kolumner).iter_rows():
            if len(kolumner) > 1 and rad in redan:
                continue
            redan.add(rad)
            varde = ", ".join(str(v) for v in varden)
            fynd.append(Fynd(fil, _saknas_text(con, ref_tabell, varde), rad=rad, kolumn=", ".join(kolumner), blad=blad,
                             okant=(ref_tabell, varde) if len(kolumner) == 1 else None))
    if fynd:
        raise InlasningsFel(fynd)


def _saknas_text(con: duckdb.DuckDBPyConnection, ref_tabell: str, varde: str) -> str:
    """Felet för ett värde som saknas i referensdatan; för respondentgrupperna på svenska med gruppernas namn."""
    if ref_tabell == "respondentgrupp":
        namn = [n for (n,) in con.execute("SELECT namn FROM respondentgrupp ORDER BY sortering").fetchall()]
        return (f"Respondentgruppen {varde} finns inte (grupperna är {', '.join(namn) or 'inga ännu'}). Lägg till "
                "den på sidan Referensdata eller rätta filen.")
    return f"Värdet {varde} finns inte i referensdata ({ref_tabell})."


def kontrollera_villkor(con: duckdb.DuckDBPyConnection, schema: Tabellschema, df: pl.DataFrame, fil: str,
                        blad: str | None = None) -> None:
    """Tabellens CHECK-villkor (antal >= 0, procent 0-100 ...) prövade rad för rad före lagring."""
    villkor = [(u, k) for u, k in schema.villkor if set(k) <= set(df.columns)]
    if not villkor:
        return
    fynd: list[Fynd] = []
    con.register("_ny_villkor", df.to_arrow())
    try:
        # Alla villkor i en genomläsning; raderna hämtas bara för villkor som bryts.
        brutna = con.execute("SELECT " + ", ".join(f"count_if(NOT coalesce(({u}), true))" for u, _ in villkor)
                             + " FROM _ny_villkor").fetchall()[0]
        for (uttryck, kolumner), antal in zip(villkor, brutna):
            if not antal:
                continue
            for (rad,) in con.execute(f"SELECT {RAD} FROM _ny_villkor WHERE NOT coalesce(({uttryck}), true) "
                                      f"ORDER BY {RAD} LIMIT {MAX_FYND_PER_KOLUMN}").fetchall():
                fynd.append(Fynd(fil, _villkor_i_ord(uttryck), rad=rad, kolumn=", ".join(dict.fromkeys(kolumner)),
                                 blad=blad))
    finally:
        con.unregister("_ny_villkor")
    if fynd:
        raise InlasningsFel(fynd)


def _villkor_i_ord(uttryck: str) -> str:
    if ">= 0" in uttryck and "<=" not in uttryck:
        return "Antalet får inte vara negativt."
    if "BETWEEN 0 AND 100" in uttryck:
        return "Procent ska ligga mellan 0 och 100."
    if "IS NULL) = (" in uttryck:
        return "Slutdatum och avslutsorsak ska antingen båda finnas eller båda saknas."
    if "slutdatum >= startdatum" in uttryck:
        return "Slutdatum ligger före startdatum."
    if "<=" in uttryck:
        return "En del är större än helheten."
    if "IS NOT NULL OR" in uttryck:
        return "Raden saknar värde: antingen antal eller rapporterad andel krävs."
    return f"Raden bryter mot regeln {uttryck}."


def kontrollera(con, tabell: str, df: pl.DataFrame, fil: str, blad: str | None = None,
                rensade: frozenset[str] = frozenset()) -> pl.DataFrame:
    """Typer, referensdata, villkor och rimlighet (rimlighet.py). Returnerar den typade tabellen (med _rad).
    rensade: kolumner som redan är utan blanktecken först och sist (se typa)."""
    schema = tabellschema(con, tabell)
    typad = typa(perioder.id_till_heltal(con, df, fil, blad), tabellens_kolumner(schema), fil, blad, rensade)
    kontrollera_nycklar(con, schema, typad, fil, blad)
    kontrollera_villkor(con, schema, typad, fil, blad)
    from . import rimlighet  # rimlighet använder kontrollens namn (RAD, Tabellschema)

    rimlighet.kontrollera(con, tabell, schema, typad, fil, blad)
    perioder.kontrollera(con, tabell, typad, fil, blad)
    return typad


def registrera_kalla(con, datamangd: str, fil: str, innehall: bytes, antal_rader: int,
                     inlast_av: str, blad: str | None = None, period: int | None = None,
                     omfattning: str | None = None, sha256: str | None = None) -> int:
    """sha256: filens kontrollsumma om den redan är uträknad (en stor fil ska inte hashas två gånger).
    Filnamn, blad och användare lagras med personnummer maskerade."""
    return con.execute(
        "INSERT INTO kalla (datamangd, filnamn, sha256, blad, antal_rader, inlast, inlast_av, period, omfattning) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING kalla_id",
        [datamangd, personnummer.maskera(fil), sha256 or hashlib.sha256(innehall).hexdigest(),
         personnummer.maskera(blad), antal_rader, datetime.now().replace(microsecond=0),
         personnummer.maskera(inlast_av), period, omfattning],
    ).fetchall()[0][0]


# Härledda tabeller (materialiserade vyer i queries/vyer/) och alla tabeller de räknas ur, också genom
# vyerna de läser. En härledd tabell som läser en annan står efter den i filordningen.
HARLEDDA = {
    "02_utfall_fran_deltagare": frozenset({"deltagare", "plattform", "uppfoljningsperiod"}),
    "05_utfall_per_omfattning": frozenset({"deltagare", "plattform", "utfall", "matt_definition",
                                           "indikator_rapporterat", "enkat_resultat", "uppfoljningsperiod"}),
}


def harled(con: duckdb.DuckDBPyConnection, tabeller) -> None:
    """Bygger om de härledda tabeller som räknas ur någon av de ändrade tabellerna, i den transaktion som
    ändrade dem. Vyer och makron i queries/vyer/ skapas om på vägen (de är billiga), så att en härledd
    tabell alltid läser den nuvarande kedjan, också när databasen byggs och vyerna inte finns än."""
    andrade = set(tabeller)
    if not any(andrade & kallor for kallor in HARLEDDA.values()):
        return
    for namn in fragor.vyer():
        kallor = HARLEDDA.get(namn.removeprefix("vyer/"))
        if kallor is None or andrade & kallor:
            con.execute(fragor.sql(namn))


# Ordningen raderna lagras i. Deltagare sorterade per plattform och startdatum packas ungefär dubbelt så tätt
# som i filens ordning; ingen fråga beror på lagringsordningen (alla sorterar själva).
LAGRINGSORDNING = {"deltagare": ("plattform_id", "startdatum")}


def spara(con: duckdb.DuckDBPyConnection, tabell: str, df: pl.DataFrame, kalla_id: int) -> None:
    kolumner = ", ".join(c for c in df.columns if c != RAD)
    ordning = [k for k in LAGRINGSORDNING.get(tabell, ()) if k in df.columns]
    sortera = f" ORDER BY {', '.join(ordning)}" if ordning else ""
    # Arrow en gång: DuckDB läser tabellen utan kopia i varje fråga (en Polars-tabell konverteras per fråga).
    ny = df.to_arrow()  # noqa: F841 - läses av DuckDB via namnet
    har_kalla = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name = 'kalla_id'", [tabell]
    ).fetchall()[0][0]
    if har_kalla:
        con.execute(f'INSERT INTO "{tabell}" ({kolumner}, kalla_id) '
                    f'SELECT {kolumner}, {int(kalla_id)} FROM ny{sortera}')
    else:
        con.execute(f'INSERT INTO "{tabell}" ({kolumner}) SELECT {kolumner} FROM ny{sortera}')
    harled(con, [tabell])


def las_in_fil(con: duckdb.DuckDBPyConnection, tabell: str, sokvag: Path, inlast_av: str,
               visningsnamn: str | None = None) -> int:
    """Läser, kontrollerar och sparar en CSV-fil i tabellens eget format. Returnerar antal rader."""
    fil = visningsnamn or sokvag.name
    try:
        innehall = sokvag.read_bytes()
    except FileNotFoundError as fel:
        raise InlasningsFel([Fynd(fil, "Filen finns inte.")]) from fel
    df = kontrollera(con, tabell, las_csv(innehall, fil)[0].tabell, fil)
    kalla_id = registrera_kalla(con, tabell, fil, innehall, df.height, inlast_av)
    spara(con, tabell, df, kalla_id)
    return df.height
