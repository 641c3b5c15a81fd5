"""Inläsning av användarnas filer: läs, leta personnummer, byt rubriker, vänd om, kontrollera,
visa vad som ändras, och spara i en enda transaktion med proveniens. Ett avvisat försök ändrar
ingenting; en ersättning sparar den tidigare versionen i arkivet så att den kan återställas.

Samma kod används av sidan Data och av kommandoraden (python -m uppfoljning import).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import duckdb
import polars as pl

from . import format as fmt
from . import fragor, handelse, personnummer, referensredigering, rimlighet
from .datamangder import (DATAMANGDER, ERSATTNINGSNYCKEL, Datamangd, Sammanhang, byt_rubriker, byt_varden,
                          distinkta_texter)
from .fel import Fynd, InlasningsFel, med_filens_rubriker
from .filformat import las, normalisera_rubrik
from .inlasning import RAD, harled, kontrollera, registrera_kalla, spara as spara_rader

# Värdekolumner per tabell: det som jämförs när en ny fil ersätter en gammal. Övriga kolumner är nyckel.
VARDEN = {
    "utfall": ("antal",), "utfall_rapporterat": ("antal",),
    "enkat_resultat": ("antal_svar", "antal_positiva", "andel_rapporterad"),
    "enkat_svarsfrekvens": ("antal_inbjudna", "antal_svar", "svarsfrekvens_rapporterad", "redovisas_ej"),
    "aktualisering": ("antal",), "budget": ("utfall_tkr", "budget_tkr"),
    "indikator_rapporterat": ("procent", "svar", "kommentar"),
    "deltagare": ("kon", "kommun_id", "slutdatum", "avslutsorsak"),
}


# Förhandsvisningens namn på lagringsmodellens tabeller och kolumner: användaren ser aldrig tabellnamn eller id.
TABELLNAMN = {
    "utfall": "Utfall", "utfall_rapporterat": "Källans totaler", "deltagare": "Utfall räknat ur deltagarna",
    "enkat_resultat": "Enkätsvar", "enkat_svarsfrekvens": "Svarsfrekvens", "aktualisering": "Aktualiseringar",
    "aktualisering_beredning": "Beredning av aktualiseringar", "budget": "Budget",
    "budget_rapporterat": "Budgetens summor", "indikator_rapporterat": "Rapporterade värden",
}
KOLUMNNAMN = {
    "antal": "Antal", "antal_svar": "Antal svar", "antal_positiva": "Antal positiva",
    "andel_rapporterad": "Andel (rapporterad, %)", "antal_inbjudna": "Antal inbjudna",
    "svarsfrekvens_rapporterad": "Svarsfrekvens (rapporterad, %)", "redovisas_ej": "Redovisas ej",
    "utfall_tkr": "Utfall (tkr)", "budget_tkr": "Budget (tkr)", "procent": "Procent", "svar": "Svar",
    "kommentar": "Kommentar", "kon": "Kön", "kommun_id": "Kommun", "slutdatum": "Slutdatum",
    "avslutsorsak": "Avslutsorsak", "antal_ja": "Antal ja", "andel_ja_rapporterad": "Andel ja (rapporterad, %)",
}
# Standarddatans och referensdatans tabeller, som de står i listan över lagrade inläsningar.
REFERENSNAMN = {
    "kommun": "Kommuner", "plattform": "Plattformar", "kon": "Kön", "utfallsmatt": "Utfallsmått",
    "kategorimappning": "Översättning av kategorier", "matt_definition": "Måttens definitioner per period",
    "enkatfraga": "Enkätfrågor", "enkat_kon": "Kön i enkäter", "remitterande_part": "Remitterande parter",
    "styrelsens_bedomning": "Styrelsens bedömningar",
}
_PERIODKOLUMN = "period"
_ENHETSKOLUMNER = ("plattform_id", "enhet_id", "scope_id")


def datamangdsnamn(datamangd: str) -> str:
    """Datamängdens eller tabellens namn för användaren ("Deltagare (deltagarnivå, pseudonymt id)", "Kommuner")."""
    if datamangd in DATAMANGDER:
        return DATAMANGDER[datamangd].namn
    return REFERENSNAMN.get(datamangd) or TABELLNAMN.get(datamangd, datamangd)


def tabellnamn(tabell: str) -> str:
    """En lagringstabells namn för användaren, t.ex. i "Filen klarade kontrollen: 5 rader till …"."""
    return {"deltagare": "Deltagare"}.get(tabell) or TABELLNAMN.get(tabell) or REFERENSNAMN.get(tabell, tabell)


@dataclass
class Ersattning:
    tabell: str
    nyckel: dict  # t.ex. {"period": 2020, "plattform_id": "vannas"}
    befintliga_rader: int
    kallor: list[int]


@dataclass
class Forberedelse:
    """En fil som klarat kontrollen och väntar på att sparas."""

    datamangd: Datamangd
    fil: str
    sha256: str
    innehall: bytes
    tabeller: dict[str, pl.DataFrame]
    varningar: list[str] = field(default_factory=list)
    ersattningar: list[Ersattning] = field(default_factory=list)
    andringar: pl.DataFrame | None = None
    dubblett: dict | None = None
    period: int | None = None
    omfattning: str | None = None
    # Deltagarnivå räknas före en sammanställd tabell för samma plattform och period: antal som redan visas och
    # som filen ändrar utan att någon lagrad rad ersätts (Vännäs 2020: 78 deltagare blir 5).
    andrar_visade_antal: bool = False

    @property
    def antal_rader(self) -> int:
        return sum(df.height for df in self.tabeller.values())

    @property
    def ersatter_data(self) -> bool:
        return self.andrar_visade_antal or any(e.befintliga_rader for e in self.ersattningar)


def _sammanhang(con, fil: str, blad: str | None, period: int | None, plattform: str | None) -> Sammanhang:
    kategorier = {normalisera_rubrik(v): m for v, m in con.execute("SELECT varde, matt_id FROM kategorimappning").fetchall()}
    typer = dict(con.execute("SELECT matt_id, typ FROM utfallsmatt").fetchall())
    for matt_id, namn in con.execute("SELECT matt_id, namn FROM utfallsmatt").fetchall():
        kategorier.setdefault(normalisera_rubrik(matt_id), matt_id)
        kategorier.setdefault(normalisera_rubrik(namn), matt_id)
    plattformar = {}
    for pid, namn, kort in con.execute("SELECT plattform_id, namn, kortnamn FROM plattform").fetchall():
        for n in (pid, namn, kort):
            plattformar[normalisera_rubrik(n)] = pid
    # Andra källors namn för enheterna (SUS, ekonomisystemet), tillagda på sidan Referensdata.
    for namn, pid in referensredigering.enhetsnamn(con):
        plattformar.setdefault(normalisera_rubrik(namn), pid)
    fran_bladet = plattform is None and blad is not None and normalisera_rubrik(blad) in plattformar
    if fran_bladet:
        plattform = plattformar[normalisera_rubrik(blad)]
    elif plattform is not None:  # formuläret och --plattform tar id eller namn
        plattform = plattformar.get(normalisera_rubrik(plattform), plattform)
    return Sammanhang(fil, blad, period, plattform, kategorier, typer, plattformsnamn=plattformar,
                      plattform_fran="bladets namn" if fran_bladet else "formuläret")


_INTE_LAGRAS = "Personnummer får inte lagras; använd ett pseudonymt id. Inget har sparats."


def _personnummerfynd(blad, fil: str) -> list[Fynd]:
    """Celler, rubriker och bladnamn med personnummer. Fynden upprepar inte numret (Fynd maskerar det)."""
    fynd = []
    for b in blad:
        if personnummer.innehaller(b.namn):
            fynd.append(Fynd(fil, f"Bladets namn ser ut att innehålla ett personnummer. {_INTE_LAGRAS}", blad=b.namn))
        for index, kolumn in personnummer.hitta(b.tabell)[:10]:
            vad = "Rubriken" if index < 0 else "Värdet"
            fynd.append(Fynd(fil, f"{vad} ser ut som ett personnummer. {_INTE_LAGRAS}",
                             rad=b.rad(index), kolumn=kolumn, blad=b.namn))
    return fynd


def _id_via_namn(con, sh: Sammanhang, df: pl.DataFrame) -> pl.DataFrame:
    """Plattform, kommun, part och respondentgrupp får anges med namn ("Vännäs", "Samordningsteamet i Vännäs",
    "Chefer") eller id."""
    kommuner = {normalisera_rubrik(n): k for k, namn in con.execute("SELECT kommun_id, namn FROM kommun").fetchall()
                for n in (k, namn)}
    parter = {normalisera_rubrik(n): k for k, namn in
              con.execute("SELECT part_id, namn FROM remitterande_part").fetchall() for n in (k, namn)}
    grupper = {normalisera_rubrik(n): g for g, namn in referensredigering.respondentgrupper(con).items()
               for n in (g, namn)}
    ordlistor = {"plattform_id": sh.plattformsnamn, "scope_id": sh.plattformsnamn, "enhet_id": sh.plattformsnamn,
                 "kommun_id": kommuner, "part_id": parter, "respondentgrupp": grupper}
    kolumner = [k for k in ordlistor if k in df.columns]
    if not kolumner:
        return df
    # Ett okänt värde behålls utan blanktecken först och sist (ett tomt blir null), så att kolumnen är rensad
    # (sh.rensade) och kontrollen av referensdata namnger värdet som förut.
    sh.rensade.update(kolumner)
    return byt_varden(df, {k: {v: ordlistor[k].get(normalisera_rubrik(v), v.strip() or None) for v in varden}
                           for k, varden in zip(kolumner, distinkta_texter(df, kolumner))})


def _kontrollera_utfall(con, tabeller: dict[str, pl.DataFrame], fil: str, blad: str | None,
                        rubriker: dict[str, str]) -> list[str]:
    """Utfallets antal mot varandra (kontroll_utfall_inlasning.sql): fel stoppar filen, varningar visas.
    rubriker: filens kolumner per kön, som fynden namnger."""
    if "utfall" not in tabeller:
        return []
    con.register("ny_utfall", tabeller["utfall"])
    rapp = tabeller.get("utfall_rapporterat",
                        pl.DataFrame(schema={"period": pl.Int64, "enhet_id": pl.String, "matt_id": pl.String,
                                             "kon": pl.String, "antal": pl.Int64, RAD: pl.Int64}))
    con.register("ny_utfall_rapporterat", rapp)
    try:
        fynd = fragor.kor(con, "kontroll_utfall_inlasning")
    finally:
        con.unregister("ny_utfall")
        con.unregister("ny_utfall_rapporterat")
    fel = [Fynd(fil, r["meddelande"], rad=r["rad"], kolumn=r["kolumn"], blad=blad)
           for r in fynd.filter(pl.col("allvar") == "fel").iter_rows(named=True)]
    if fel:
        raise InlasningsFel(fel)
    return [str(f) for f in med_filens_rubriker(
        [Fynd(fil, r["meddelande"], rad=r["rad"], kolumn=r["kolumn"], blad=blad)
         for r in fynd.filter(pl.col("allvar") == "varning").iter_rows(named=True)], rubriker)]


def forbered(con: duckdb.DuckDBPyConnection, innehall: bytes, fil: str, datamangd_id: str,
             period: int | None = None, plattform: str | None = None) -> Forberedelse:
    """Läser och kontrollerar en fil utan att spara något. Kastar InlasningsFel med alla fynd."""
    datamangd = DATAMANGDER[datamangd_id]
    # Ett personnummer i filnamnet lagras, loggas och visas aldrig: filen heter med numret maskerat överallt.
    fil = personnummer.maskera(fil)
    # Kontrollsumman och personnummersökningen görs på den andra kärnan medan filen kontrolleras (hashlib,
    # Polars och DuckDB släpper GIL). Ett personnummer går före varje annat fel: ett annat felmeddelande kan
    # upprepa värdet, så det visas aldrig när sökningen har hittat något.
    with ThreadPoolExecutor(max_workers=2) as bakgrund:
        filens_sha256 = bakgrund.submit(lambda: hashlib.sha256(innehall).hexdigest())
        blad = las(innehall, fil)
        sokning = bakgrund.submit(_personnummerfynd, blad, fil)
        try:
            forb = _forbered(con, blad, innehall, fil, datamangd, period, plattform, filens_sha256.result)
        except Exception:
            if fynd := sokning.result():
                raise InlasningsFel(fynd) from None
            raise
        if fynd := sokning.result():
            raise InlasningsFel(fynd)
        return forb


def _forbered(con, blad, innehall: bytes, fil: str, datamangd: Datamangd, period: int | None,
              plattform: str | None, filens_sha256: Callable[[], str]) -> Forberedelse:
    rimlighet.kontrollera_formularets_ar(con, period, fil)
    samlat: dict[str, list[pl.DataFrame]] = {}
    per_blad: dict[str, list[tuple[str | None, pl.DataFrame]]] = {}
    rubriker: dict[str | None, dict[str, str]] = {}
    varningar: list[str] = []
    for b in blad:
        sh = _sammanhang(con, fil, b.namn, period, plattform)
        df = byt_rubriker(sh, datamangd, b.med_radnummer(RAD))
        try:
            df = _id_via_namn(con, sh, df)
            typade = {}
            for tabell, rader in datamangd.omvandla(sh, df).items():
                typade[tabell] = kontrollera(con, tabell, rader, fil, b.namn, frozenset(sh.rensade))
            referensredigering.kontrollera_avvecklade(con, typade, fil, b.namn)
            varningar += sh.varningar + _kontrollera_utfall(con, typade, fil, b.namn, sh.rubriker)
        except InlasningsFel as fel:
            raise InlasningsFel(med_filens_rubriker(fel.fynd, sh.rubriker)) from None
        rubriker[b.namn] = sh.rubriker
        for tabell, rader in typade.items():
            samlat.setdefault(tabell, []).append(rader)
            per_blad.setdefault(tabell, []).append((b.namn, rader))
    # Samma nyckel på två blad (två blad för samma plattform) skulle räknas två gånger.
    for tabell, delar in per_blad.items():
        if len(delar) > 1 and (fynd := rimlighet.dubbletter_mellan_blad(tabell, delar, fil)):
            raise InlasningsFel([replace(f, kolumn=", ".join(rubriker[f.blad].get(k, k) for k in f.kolumn.split(", ")))
                                 for f in fynd])
        # En person med olika kön på två blad skulle räknas fel utan att det syns.
        if len(delar) > 1 and tabell == "deltagare" and (fynd := rimlighet.motsagelsefullt_kon_mellan_blad(con, delar,
                                                                                                              fil)):
            raise InlasningsFel([replace(f, kolumn=rubriker[f.blad].get(f.kolumn, f.kolumn)) for f in fynd])
    tabeller = {t: pl.concat(d, how="diagonal_relaxed") for t, d in samlat.items()}
    if not any(df.height for df in tabeller.values()):
        raise InlasningsFel([Fynd(fil, "Filen innehåller inga datarader.")])
    forb = Forberedelse(datamangd, fil, filens_sha256(), innehall, tabeller, varningar)
    _beskriv_ersattning(con, forb)
    rad = con.execute("SELECT kalla_id, inlast, inlast_av FROM kalla WHERE sha256 = ? AND datamangd = ? AND aktiv "
                      "ORDER BY kalla_id DESC LIMIT 1", [forb.sha256, datamangd.id]).fetchall()
    rad = rad[0] if rad else None
    if rad:
        forb.dubblett = {"kalla_id": rad[0], "inlast": rad[1], "inlast_av": rad[2]}
    return forb


def _villkor(kolumner, varden) -> tuple[str, list]:
    delar, param = [], []
    for k, v in zip(kolumner, varden):
        if v is None:
            delar.append(f"{k} IS NULL")
        else:
            delar.append(f"{k} = ?")
            param.append(v)
    return " AND ".join(delar), param


def _befintligt_per_nyckel(con, nya_nycklar: pl.DataFrame, tabell: str) -> dict[tuple, tuple]:
    """Antal lagrade rader och deras källor för varje ersättningsnyckel i filen, i en enda fråga
    (en fil med 400 plattformar ska inte ge 400 frågor). NULL i nyckeln matchar NULL, som i _villkor."""
    kolumner = nya_nycklar.columns
    con.register("_nya_nycklar", nya_nycklar.to_arrow())
    try:
        lika = " AND ".join(f't."{k}" IS NOT DISTINCT FROM n."{k}"' for k in kolumner)
        rader = con.execute(
            f'SELECT {", ".join(f"n.{k}" for k in kolumner)}, count(*), list(DISTINCT t.kalla_id) '
            f'FROM _nya_nycklar AS n JOIN "{tabell}" AS t ON {lika} GROUP BY ALL').fetchall()
    finally:
        con.unregister("_nya_nycklar")
    return {tuple(r[:-2]): (r[-2], r[-1]) for r in rader}


def _namnlistor(con) -> dict[str, dict]:
    """Id -> namn ur referensdatan (och det senast sparade målramverket) för förhandsvisningens kolumner."""
    def par(sql):
        return dict(con.execute(sql).fetchall())

    import yaml

    from . import installningar

    # Indikatorernas namn och organisationens ord: det senast sparade ramverket, annars filen.
    rad = con.execute("SELECT text FROM malramverk_version ORDER BY version DESC LIMIT 1").fetchall()
    try:
        ramverk = yaml.safe_load(rad[0][0] if rad else installningar.malramverksfil().read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        ramverk = None
    ramverk = ramverk if isinstance(ramverk, dict) else {}
    from .ord import Ord

    try:
        total = Ord.model_validate(ramverk.get("ord") or {}).total
    except ValueError:
        total = Ord().total
    enheter = par("SELECT plattform_id, kortnamn FROM plattform") | {"forbundet": total}
    kon = par("SELECT kon, namn FROM enkat_kon") | par("SELECT kon, namn FROM kon") | {"alla": "Alla"}
    matt = par("SELECT matt_id, namn FROM utfallsmatt")
    return {
        "plattform_id": enheter, "enhet_id": enheter, "scope_id": enheter,
        "kommun_id": par("SELECT kommun_id, namn FROM kommun"), "kon": kon, "matt_id": matt, "avslutsorsak": matt,
        "respondentgrupp": par("SELECT respondentgrupp, namn FROM respondentgrupp"), "fraga_id": par("SELECT DISTINCT ON (fraga_id) fraga_id, text "
                                                              "FROM enkatfraga ORDER BY fraga_id, sortering"),
        "part_id": par("SELECT part_id, namn FROM remitterande_part"),
        "indikator_id": {k: v.get("namn", k) for k, v in (ramverk.get("indikatorer") or {}).items()
                         if isinstance(v, dict)},
        "period": {str(k): v for k, v in par("SELECT period, namn FROM uppfoljningsperiod").items()},
    }


def _tal(varde: float | int) -> str:
    heltal = int(varde) if float(varde).is_integer() else None
    if heltal is not None:
        return f"{heltal:,}".replace(",", " ")
    return f"{varde:,}".replace(",", " ").replace(".", ",")


_TEXTKOLUMN = "{}\x00som_text"  # ett tal som text (_las_bar)


def _som_text(kolumn: str, typ: pl.DataType, namn: dict[str, dict]) -> pl.Expr:
    """Ett lagrat värde som användaren läser det: namn i stället för id, Ja/Nej, decimalkomma, "–" för inget."""
    uttryck = pl.col(kolumn)
    if typ == pl.Boolean:
        text = pl.when(uttryck).then(pl.lit("Ja")).otherwise(pl.lit("Nej"))
    elif typ.is_numeric() and kolumn != _PERIODKOLUMN:
        # 67.0 -> "67", 67.5 -> "67,5", -1654 -> "-1 654"
        text = pl.col(_TEXTKOLUMN.format(kolumn))  # räknad i _las_bar
    else:
        text = uttryck.cast(pl.String)
    ordlista = namn.get(kolumn.removesuffix("_ny"))
    if ordlista:
        text = text.replace(ordlista)
    return text.fill_null("–")


def _beskriv_ersattning(con, forb: Forberedelse) -> None:
    andringar = []
    perioder = set()
    omfattningar = set()
    for tabell, df in forb.tabeller.items():
        # Ersättningsnyckeln, år och omfattning i en select (Polars räknar kolumnerna parallellt). Ett år eller en
        # omfattning som ingår i nyckeln tas ur nyckelns distinkta värden i stället för ur alla rader en gång till.
        kolumner = list(ERSATTNINGSNYCKEL.get(tabell, ()))
        sammanfattning = [k for k in ("period", "plattform_id", "enhet_id") if k in df.columns]
        utanfor = [k for k in sammanfattning if k not in kolumner]
        distinkta = df.select(*([pl.struct(kolumner).unique().implode().alias("_nyckel")] if kolumner else []),
                              *(pl.col(k).unique().implode() for k in utanfor))
        nya_nycklar = distinkta["_nyckel"][0].struct.unnest() if kolumner else None
        varden = {k: (nya_nycklar[k].unique() if k in kolumner else distinkta[k][0]).to_list() for k in sammanfattning}
        if "period" in sammanfattning:
            perioder |= set(varden["period"])
        omfattningar |= {v for k in sammanfattning if k != "period" for v in varden[k]}
        if not kolumner:
            continue
        befintligt = _befintligt_per_nyckel(con, nya_nycklar, tabell)
        for nyckel in nya_nycklar.rows():
            antal, kallor = befintligt.get(nyckel, (0, None))
            forb.ersattningar.append(Ersattning(tabell, dict(zip(kolumner, nyckel)), antal, kallor or []))
        if tabell == "deltagare":
            # En miljon ändrade deltagare går inte att läsa: förhandsvisningen visar antalen de ger i stället.
            andringar.append(_deltagarnas_antal(con, forb, befintligt))
        elif befintligt:  # finns inget lagrat med filens nycklar ändras inget som redan finns
            andringar.append(_skillnader(con, forb, tabell, nya_nycklar))
    andringar = [a for a in andringar if a is not None and a.height]
    forb.andringar = pl.concat(andringar, how="diagonal_relaxed") if andringar else None
    forb.period = perioder.pop() if len(perioder) == 1 else None
    forb.omfattning = omfattningar.pop() if len(omfattningar) == 1 else None


def _skillnader(con, forb: Forberedelse, tabell: str, nycklar: pl.DataFrame) -> pl.DataFrame | None:
    """Rader vars värde ändras, försvinner eller tillkommer, för förhandsvisningen. nycklar: filens distinkta
    ersättningsnycklar."""
    kolumner = nycklar.columns
    ny = forb.tabeller[tabell].drop(RAD)
    varden = [v for v in VARDEN.get(tabell, ()) if v in ny.columns]
    nyckelkol = [c for c in ny.columns if c not in varden]
    if not nycklar.height:
        return None
    # De lagrade rader som har någon av filens nycklar (NULL matchar NULL, som i _villkor): en semi-join mot
    # nycklarna i stället för ett WHERE med en OR-gren per nyckel (400 plattformar blir 400 grenar).
    nya_nycklar = nycklar.to_arrow()  # noqa: F841 - läses av DuckDB
    lika = " AND ".join(f't."{k}" IS NOT DISTINCT FROM n."{k}"' for k in kolumner)
    gammal = con.sql(f'SELECT {", ".join(ny.columns)} FROM "{tabell}" AS t '
                     f'WHERE EXISTS (SELECT 1 FROM nya_nycklar AS n WHERE {lika})').pl()
    if gammal.height == 0:
        return None
    gammal = gammal.with_columns(pl.col(c).cast(ny.schema[c]) for c in ny.columns)
    sammanfogat = gammal.join(ny, on=nyckelkol, how="full", suffix="_ny", coalesce=True, nulls_equal=True)
    andrade = sammanfogat.filter(pl.any_horizontal(
        [pl.col(v).ne_missing(pl.col(f"{v}_ny")) for v in varden])) if varden else sammanfogat.head(0)
    if andrade.height == 0:
        return None
    return _las_bar(andrade, tabell, nyckelkol, varden, _namnlistor(con))


def _las_bar(andrade: pl.DataFrame, tabell: str, nyckelkol: list[str], varden: list[str],
             namn: dict[str, dict]) -> pl.DataFrame:
    """En rad per ändrat värde: vad det gäller, år, plattform, raden (övriga nyckelvärden med namn), uppgiften
    och värdet nu och efter inläsningen, allt som svensk text."""
    enhet = next((k for k in _ENHETSKOLUMNER if k in nyckelkol), None)
    ovriga = [k for k in nyckelkol if k not in (_PERIODKOLUMN, enhet)]
    schema = andrade.schema
    # Talen som text räknas här i den anropande tråden, inte med map_elements i polars trådar (se format.per_rad).
    andrade = andrade.with_columns(fmt.per_rad(andrade, _tal, k, namn=_TEXTKOLUMN.format(k))
                                   for k, typ in schema.items() if typ.is_numeric() and k != _PERIODKOLUMN)
    gemensamt = [
        pl.lit(TABELLNAMN.get(tabell, tabell)).alias("Gäller"),
        (_som_text(_PERIODKOLUMN, schema[_PERIODKOLUMN], namn) if _PERIODKOLUMN in nyckelkol
         else pl.lit("–")).alias("År"),
        (_som_text(enhet, schema[enhet], namn) if enhet else pl.lit("–")).alias("Plattform"),
        (pl.concat_str([_som_text(k, schema[k], namn) for k in ovriga], separator=", ") if ovriga
         else pl.lit("–")).alias("Rad"),
    ]
    delar = [
        andrade.filter(pl.col(v).ne_missing(pl.col(f"{v}_ny"))).select(
            *gemensamt, pl.lit(KOLUMNNAMN.get(v, v)).alias("Uppgift"),
            _som_text(v, schema[v], namn).alias("Nu"), _som_text(f"{v}_ny", schema[f"{v}_ny"], namn)
            .alias("Efter inläsningen"))
        for v in varden]
    # Det som avgör först (år, plattform, rad, före och efter), så att det syns också på en smal skärm.
    return (pl.concat(delar).select("År", "Plattform", "Rad", "Nu", "Efter inläsningen", "Uppgift", "Gäller")
            if delar else None)


def _deltagarnas_antal(con, forb: Forberedelse, befintligt: dict) -> pl.DataFrame | None:
    """Vad deltagarfilen ändrar i de antal som visas (deltagare, avslutade, positiv lösning … per plattform och
    period, kvinnor och män tillsammans): räknat på riktigt i en transaktion som rullas tillbaka, med samma
    regler som när filen sparas. Sätter andrar_visade_antal om ett antal som redan visas ändras."""
    ny = forb.tabeller["deltagare"]
    plattformar = ny["plattform_id"].unique().to_list()
    if not befintligt and not con.execute("SELECT EXISTS (SELECT 1 FROM utfall WHERE list_contains(?, plattform_id))",
                                          [plattformar]).fetchall()[0][0]:
        return None  # inget lagrat för filens plattformar: allt är nytt, inget som visas ändras
    fraga = ("SELECT period, plattform_id, matt_id, sum(antal)::BIGINT AS antal FROM v_utfall_antal "
             "WHERE list_contains(?, plattform_id) GROUP BY ALL")
    schema = {"period": pl.Int64, "plattform_id": pl.String, "matt_id": pl.String, "antal": pl.Int64}

    def antal() -> pl.DataFrame:
        return pl.DataFrame(con.execute(fraga, [plattformar]).fetchall(), schema=schema, orient="row")

    fore = antal()
    con.execute("BEGIN TRANSACTION")
    try:
        if befintligt:
            con.execute("DELETE FROM deltagare WHERE list_contains(?, plattform_id)", [plattformar])
        spara_rader(con, "deltagare", ny, 0)
        efter = antal()
    finally:
        con.execute("ROLLBACK")
    nyckel = ["period", "plattform_id", "matt_id"]
    sammanfogat = fore.join(efter, on=nyckel, how="full", suffix="_ny", coalesce=True)
    # Ett mått som saknas är 0 (deltagarnivån ger ingen rad för 0); "–" i visningen betyder att inget fanns.
    andrade = sammanfogat.filter(pl.col("antal").fill_null(0) != pl.col("antal_ny").fill_null(0))
    andrade = andrade.with_columns(pl.when(pl.col("antal").is_not_null()).then(pl.col("antal_ny").fill_null(0))
                                   .otherwise(pl.col("antal_ny")).alias("antal_ny"))
    forb.andrar_visade_antal = andrade.filter(pl.col("antal").is_not_null()).height > 0
    if andrade.height == 0:
        return None
    matt = dict(con.execute("SELECT matt_id, sortering FROM utfallsmatt").fetchall())
    # Antal som redan visas och ändras först, sedan de som tillkommer.
    andrade = andrade.with_columns(pl.col("matt_id").replace_strict(matt, default=99).alias("_ordning")).sort(
        pl.col("antal").is_null(), "period", "plattform_id", "_ordning").drop("_ordning")
    return _las_bar(andrade, "deltagare", nyckel, ["antal"], _namnlistor(con))


def _arkiv(con, tabell: str) -> str:
    """Arkivtabellen har tabellens kolumner plus vid vilken händelse raderna arkiverades."""
    namn = f"arkiv_{tabell}"
    con.execute(f'CREATE TABLE IF NOT EXISTS "{namn}" AS SELECT *, 0 AS arkiverad_vid FROM "{tabell}" WITH NO DATA')
    return namn


def _flytta_till_arkiv(con, tabell: str, villkor: str, param: list, handelse_id: int) -> int:
    arkiv = _arkiv(con, tabell)
    antal = con.execute(f'SELECT count(*) FROM "{tabell}" WHERE {villkor}', param).fetchall()[0][0]
    con.execute(f'INSERT INTO "{arkiv}" SELECT *, {int(handelse_id)} FROM "{tabell}" WHERE {villkor}', param)
    con.execute(f'DELETE FROM "{tabell}" WHERE {villkor}', param)
    return antal


def _finns(con, tabell: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [tabell]).fetchall()[0][0])


def _uppdatera_aktiva_kallor(con) -> None:
    """En källa är aktiv så länge någon av dess rader finns i en levande tabell."""
    levande = " UNION ".join(f'SELECT DISTINCT kalla_id FROM "{t}"' for t in ERSATTNINGSNYCKEL)
    berorda = ", ".join(repr(t) for t in [*DATAMANGDER, *ERSATTNINGSNYCKEL])
    con.execute(f"UPDATE kalla SET aktiv = kalla_id IN ({levande}) WHERE datamangd IN ({berorda})")


def arkiverade_rader(con, handelse_id: int) -> int:
    """Hur många rader händelsen ersatte, dvs. som kan återställas genom att ångra den."""
    return sum(con.execute(f'SELECT count(*) FROM "arkiv_{t}" WHERE arkiverad_vid = ?', [handelse_id]).fetchall()[0][0]
               for t in ERSATTNINGSNYCKEL if _finns(con, f"arkiv_{t}"))


def _krascha_om_testet_vill() -> None:
    if os.environ.get("UPPFOLJNING_TEST_KRASCHA_FORE_COMMIT"):
        # Felinjektion för testet som visar att ett avbrott mitt i en inläsning inte förstör något.
        os.kill(os.getpid(), signal.SIGKILL)
    if paus := os.environ.get("UPPFOLJNING_TEST_PAUS_FORE_COMMIT"):
        # Felinjektion för testerna av samtidighet: stå mitt i transaktionen (skrivlåset hålls) en stund.
        print("(test) pausar före COMMIT", file=sys.stderr, flush=True)
        time.sleep(float(paus))


def spara(con: duckdb.DuckDBPyConnection, forb: Forberedelse, anvandare: str, ersatt: bool = False) -> int:
    """Sparar i en transaktion. Ersätter befintliga data bara om ersatt=True; de gamla raderna arkiveras
    och kan återställas genom att ångra inläsningen."""
    if forb.dubblett:
        raise InlasningsFel([Fynd(forb.fil, f"Samma fil lästes redan in {str(forb.dubblett['inlast'])[:16]} av "
                                            f"{forb.dubblett['inlast_av']}. Inget har ändrats.")])
    if forb.ersatter_data and not ersatt:
        raise InlasningsFel([Fynd(forb.fil, "Det finns redan data för samma period och plattform. Bekräfta att de "
                                            "ska ersättas; den tidigare versionen sparas och kan återställas.")])
    con.execute("BEGIN TRANSACTION")
    try:
        kalla_id = registrera_kalla(con, forb.datamangd.id, forb.fil, forb.innehall, forb.antal_rader, anvandare,
                                    period=forb.period, omfattning=forb.omfattning, sha256=forb.sha256)
        ersatta = sorted({k for e in forb.ersattningar for k in e.kallor})
        handelse_id = handelse.logga(
            con, anvandare, "inläsning",
            f"{forb.fil}: {forb.antal_rader} rader ({forb.datamangd.namn})"
            + (f"; ersatte rader från inläsning {', '.join(map(str, ersatta))}" if ersatta else ""), kalla_id)
        for e in forb.ersattningar:
            if e.befintliga_rader:
                villkor, param = _villkor(list(e.nyckel), list(e.nyckel.values()))
                _flytta_till_arkiv(con, e.tabell, villkor, param, handelse_id)
        for tabell, df in forb.tabeller.items():
            spara_rader(con, tabell, df, kalla_id)
        for varning in forb.varningar:
            con.execute("INSERT INTO kalla_varning VALUES (?, ?)", [kalla_id, personnummer.maskera(varning)])
        _uppdatera_aktiva_kallor(con)
        _krascha_om_testet_vill()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return kalla_id


def angra(con: duckdb.DuckDBPyConnection, handelse_id: int, anvandare: str) -> int:
    """Återställer det som en inläsning (eller en tidigare ångring) ersatte. Det som gäller nu arkiveras
    i sin tur, så att även ångringen kan ångras. Returnerar den nya händelsens id."""
    rad = con.execute("SELECT beskrivning FROM handelse WHERE handelse_id = ?", [handelse_id]).fetchall()
    if not rad:
        raise InlasningsFel([Fynd("", f"Händelse {handelse_id} finns inte.")])
    if arkiverade_rader(con, handelse_id) == 0:
        raise InlasningsFel([Fynd("", "Händelsen ersatte inga rader; det finns inget att återställa.")])
    con.execute("BEGIN TRANSACTION")
    try:
        ny = handelse.logga(con, anvandare, "återställning",
                          f"Återställde det som fanns före händelse {handelse_id} ({rad[0][0]})")
        andrade = []
        for tabell, kolumner in ERSATTNINGSNYCKEL.items():
            arkiv = f"arkiv_{tabell}"
            if not _finns(con, arkiv):
                continue
            nycklar = con.execute(f'SELECT DISTINCT {", ".join(kolumner)} FROM "{arkiv}" WHERE arkiverad_vid = ?',
                                  [handelse_id]).fetchall()
            if nycklar:
                andrade.append(tabell)
            for nyckel in nycklar:
                villkor, param = _villkor(kolumner, nyckel)
                _flytta_till_arkiv(con, tabell, villkor, param, ny)
            kolumnlista = ", ".join(f'"{k}"' for k in _kolumner(con, tabell))
            con.execute(f'INSERT INTO "{tabell}" SELECT {kolumnlista} FROM "{arkiv}" WHERE arkiverad_vid = ?',
                        [handelse_id])
            con.execute(f'DELETE FROM "{arkiv}" WHERE arkiverad_vid = ?', [handelse_id])
        harled(con, andrade)
        _uppdatera_aktiva_kallor(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return ny


def _kolumner(con, tabell: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                      "ORDER BY column_index", [tabell]).fetchall()]


def las_in(con, innehall: bytes, fil: str, datamangd_id: str, anvandare: str, period: int | None = None,
           plattform: str | None = None, ersatt: bool = False) -> tuple[int, Forberedelse]:
    """Förbered och spara i ett steg (kommandoraden)."""
    forb = forbered(con, innehall, fil, datamangd_id, period, plattform)
    return spara(con, forb, anvandare, ersatt), forb


def kontrollsumma(con: duckdb.DuckDBPyConnection) -> str:
    """En kontrollsumma över innehållet i alla tabeller, för att visa att ett avvisat försök inte ändrat något."""
    summa = hashlib.sha256()
    for (tabell,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                 "ORDER BY table_name").fetchall():
        summa.update(tabell.encode())
        for rad in con.execute(f'SELECT * FROM "{tabell}" ORDER BY ALL').fetchall():
            summa.update(repr(rad).encode())
    return summa.hexdigest()
