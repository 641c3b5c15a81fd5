"""Rimlighetskontroller vid inläsning som lagringsmodellens schema inte kan uttrycka: datum och år inom ett
rimligt intervall, en rad per nyckel, enkätens delar mot helheten, och indikatorer, omfattningar och kön som
finns i målramverket. Kontrollerna arbetar på hela tabellen med Polars (inga Python-slingor över raderna).

Det rimliga intervallet kommer från konfigurationen, inte från konstanter här: från ett antal år före
målramverkets första period (UPPFOLJNING_AR_FORE_FORSTA_PERIOD) till dagens datum plus några dagar
(UPPFOLJNING_DAGAR_EFTER_I_DAG); år får också gälla nästa år (en budget läses in före årets början) och
ramverkets sista period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import get_args

import duckdb
import polars as pl

from .perioder import FORSTA_NAMNGIVNA
from . import installningar, malramverk
from .fel import Fynd, InlasningsFel
from .inlasning import MAX_FYND_PER_KOLUMN, RAD, Tabellschema
from .omfattning import FORBUNDET

# En rad per nyckel i varje tabell (null är lika med null: två rader utan kommun för samma part och kön är
# samma rad). Kolumner som tabellen i filen saknar räknas inte.
NYCKLAR: dict[str, tuple[str, ...]] = {
    "utfall": ("period", "plattform_id", "kommun_id", "matt_id", "kon"),
    "utfall_rapporterat": ("period", "enhet_id", "matt_id", "kon"),
    "deltagare": ("deltagar_id", "plattform_id", "startdatum"),
    "enkat_resultat": ("period", "plattform_id", "respondentgrupp", "fraga_id", "kon"),
    "enkat_svarsfrekvens": ("period", "plattform_id", "respondentgrupp"),
    "indikator_rapporterat": ("period", "scope_id", "indikator_id", "kon"),
    "aktualisering": ("period", "part_id", "kommun_id", "kon"),
    "aktualisering_beredning": ("period", "part_id", "kommun_id"),
    "budget": ("period", "avsnitt", "post", "plattform_id"),
    "budget_rapporterat": ("period", "rad"),
}

# Kolumner som är ett år.
ARSKOLUMNER = ("period",)

# De kön som ett rapporterat indikatorvärde kan gälla: samma som målramverkets målnivåer per kön.
INDIKATORKON = get_args(malramverk.Kon)


@dataclass(frozen=True)
class Granser:
    """Det rimliga intervallet för datum och år, och varför."""

    forsta_ar: int
    sista_ar: int
    forsta_datum: date
    sista_datum: date
    forsta_period: int | None
    ar_fore: int
    dagar_efter: int

    @property
    def varfor_forsta(self) -> str:
        if self.forsta_period is None:
            return f"{self.ar_fore} år före i år (målramverket kunde inte läsas)"
        return f"{self.ar_fore} år före målramverkets första period {self.forsta_period}"

    def ar_i_ord(self, ar: int) -> str:
        """Varför året inte godtas."""
        text = (f"Året {ar} är inte rimligt: år från {self.forsta_ar} ({self.varfor_forsta}) till och med "
                f"{self.sista_ar} (nästa år eller målramverkets sista period) godtas.")
        if ar < self.forsta_ar:
            text += " Stämmer året går gränsen att ändra med inställningen UPPFOLJNING_AR_FORE_FORSTA_PERIOD."
        return text


@lru_cache(maxsize=4)
def _las_ramverk(sokvag: str, andrad: int, storlek: int) -> malramverk.Malramverk:
    return malramverk.las(Path(sokvag))


def ramverk(con: duckdb.DuckDBPyConnection | None) -> tuple[malramverk.Malramverk | None, str | None]:
    """Målramverket som gäller: goals.yaml, annars det senast giltiga som sparats i databasen (som appen gör,
    men utan att skriva något). Andra värdet är felet i goals.yaml om filen inte gick att använda."""
    sokvag = installningar.malramverksfil()
    if con is not None and (redigerad := malramverk.senast_redigerade(con)) is not None:
        # Ramverket som sparats i appen gäller före goals.yaml.
        try:
            return malramverk.tolka(redigerad[1], f"målramverket (version {redigerad[0]})"), None
        except malramverk.MalramverksFel as e:
            return None, str(e)
    try:
        stat = sokvag.stat()
        return _las_ramverk(str(sokvag), stat.st_mtime_ns, stat.st_size), None
    except FileNotFoundError:
        fel = f"Målramverket {sokvag.name} finns inte."
    except malramverk.MalramverksFel as e:
        fel = str(e)
    if con is not None:
        try:
            sparat = malramverk.senast_sparade(con)
        except duckdb.Error:
            sparat = None
        if sparat:
            return malramverk.tolka(sparat[0], "senast giltiga målramverk"), fel
    return None, fel


def granser(con: duckdb.DuckDBPyConnection | None = None, i_dag: date | None = None) -> Granser:
    """Det rimliga intervallet. Kastar ValueError (på svenska) om en inställning är ogiltig."""
    i_dag = i_dag or date.today()
    ar_fore = installningar.ar_fore_forsta_period()
    dagar_efter = installningar.dagar_efter_i_dag()
    ram, _ = ramverk(con)
    # Kalenderåren som ramverkets perioder täcker: ett årtal är sig självt, en namngiven period (lägesrapport,
    # projektperiod, delår) åren från start till slut.
    ar = [a for p in (ram.perioder if ram else [])
          for a in ((p,) if isinstance(p, int) else (p.start.year, (p.slut or p.start).year))]
    forsta_period = min(ar) if ar else None
    sista_period = max(ar) if ar else i_dag.year
    forsta_ar = (forsta_period if forsta_period is not None else i_dag.year) - ar_fore
    sista_datum = i_dag + timedelta(days=dagar_efter)
    # År: nästa års budget läses in före årets början; ramverket kan ha perioder längre fram.
    sista_ar = max(i_dag.year + 1, sista_datum.year, sista_period)
    return Granser(forsta_ar, sista_ar, date(forsta_ar, 1, 1), sista_datum, forsta_period, ar_fore, dagar_efter)


def formularets_ar(lagrade: list[int], con: duckdb.DuckDBPyConnection | None = None
                   ) -> tuple[int | None, int | None, int]:
    """Första och sista rimliga år för formulärets årsval, och året som är valt från början (det senaste
    lagrade, inom intervallet). Gränserna är None om en inställning är ogiltig (inläsningen säger då vilken)."""
    from .perioder import ar_kalenderar

    lagrade = [p for p in lagrade if ar_kalenderar(p)]  # formuläret tar årtal; en namngiven period anges i filen
    try:
        g = granser(con)
    except ValueError:
        return None, None, max(lagrade) if lagrade else date.today().year
    standard = max(lagrade) if lagrade else date.today().year
    return g.forsta_ar, g.sista_ar, min(max(standard, g.forsta_ar), g.sista_ar)


def _granser_eller_fel(con, fil: str) -> Granser:
    try:
        return granser(con)
    except ValueError as e:
        raise InlasningsFel([Fynd(fil, str(e))]) from None


def kontrollera_formularets_ar(con, period: int | None, fil: str) -> None:
    """Året som valts i formuläret eller med --period."""
    if period is None or period >= FORSTA_NAMNGIVNA:  # en namngiven period prövas mot ramverkets perioder
        return
    g = _granser_eller_fel(con, fil)
    if not g.forsta_ar <= period <= g.sista_ar:
        raise InlasningsFel([Fynd(fil, g.ar_i_ord(period).replace(f"Året {period}", f"Året {period} (valt i "
                                                                  "formuläret eller med --period)", 1),
                                  kolumn="År")])


def _rader_i_ord(rader: list[int]) -> str:
    return ", ".join(str(r) for r in rader[:5]) + (" ..." if len(rader) > 5 else "")


def _intervallfynd(schema: Tabellschema, df: pl.DataFrame, g: Granser, fil: str, blad: str | None) -> list[Fynd]:
    """Datum och år utanför intervallet, alla kolumner i en select."""
    datum = [n for n, typ, *_ in schema.kolumner if typ.upper() == "DATE" and n in df.columns]
    ar = [n for n in ARSKOLUMNER if n in df.columns]
    flaggor = {}
    for k in datum:
        flaggor[k, "fore"] = pl.col(k) < g.forsta_datum
        flaggor[k, "efter"] = pl.col(k) > g.sista_datum
    for k in ar:
        # En namngiven periods nummer är inget årtal; perioder.kontrollera prövar det mot ramverkets perioder.
        flaggor[k, "ar"] = ~pl.col(k).is_between(g.forsta_ar, g.sista_ar) & (pl.col(k) < FORSTA_NAMNGIVNA)
    if not flaggor or df.height == 0:
        return []
    nagon = df.select(f.any().alias(str(i)) for i, f in enumerate(flaggor.values())).row(0)
    fynd = []
    for ((kolumn, slag), flagga), finns in zip(flaggor.items(), nagon):
        if not finns:
            continue
        for rad, varde in df.filter(flagga).select(RAD, kolumn).head(MAX_FYND_PER_KOLUMN).iter_rows():
            if slag == "fore":
                text = (f"Datumet {varde} ligger före {g.forsta_datum}, {g.varfor_forsta}, och är inte rimligt. "
                        "Rätta datumet; stämmer det går gränsen att ändra med inställningen "
                        "UPPFOLJNING_AR_FORE_FORSTA_PERIOD.")
            elif slag == "efter":
                text = (f"Datumet {varde} ligger i framtiden, efter {g.sista_datum} (i dag och {g.dagar_efter} "
                        "dagar framåt), och är inte rimligt. Rätta datumet.")
            else:
                text = g.ar_i_ord(varde)
            fynd.append(Fynd(fil, text, rad=rad, kolumn=kolumn, blad=blad))
    return fynd


def dubblettfynd(df: pl.DataFrame, nyckel: list[str], fil: str, blad: str | None = None,
                 vad: str = "kombination av värden i kolumnerna") -> list[Fynd]:
    """Rader med samma nyckel som en tidigare rad: ett fynd på varje upprepning (högst fem), som pekar på den
    första raden med nyckeln."""
    nyckel = [k for k in nyckel if k in df.columns]
    if not nyckel or df.height < 2:
        return []
    # Förprövning på radernas hash (hälften av tiden för en exakt jämförelse); en krock leder bara till den exakta.
    if not df.select(pl.struct(nyckel).hash().is_duplicated().any()).item():
        return []
    upprepade = df.select(RAD, *nyckel).filter(pl.struct(nyckel).is_duplicated())
    if upprepade.height == 0:
        return []
    # En rad i filen kan ge flera rader i tabellen (en per kön): ett fynd per rad i filen.
    grupper = (upprepade.group_by(nyckel, maintain_order=True).agg(pl.col(RAD).sort())
               .unique(pl.col(RAD).list.get(1), keep="first").sort(pl.col(RAD).list.get(1))
               .head(MAX_FYND_PER_KOLUMN))
    fynd = []
    for forsta, rad, *fler in grupper[RAD].to_list():
        ocksa = (f" (och på rad {fler[0]})" if len(fler) == 1 else
                 f" (och på raderna {_rader_i_ord(fler)})" if fler else "")
        fynd.append(Fynd(fil, f"Samma {vad} förekommer redan på rad {forsta}{ocksa}; varje kombination får bara "
                              "finnas en gång. Ta bort eller rätta den ena raden.",
                         rad=rad, kolumn=", ".join(nyckel), blad=blad))
    return fynd


def dubbletter_mellan_blad(tabell: str, delar: list[tuple[str | None, pl.DataFrame]], fil: str) -> list[Fynd]:
    """Samma nyckel på olika blad i en Excel-fil (varje blad har redan prövats för sig)."""
    nyckel = [k for k in NYCKLAR.get(tabell, ()) if all(k in df.columns for _, df in delar)]
    if not nyckel:
        return []
    hela = pl.concat([df.select(RAD, *nyckel).with_columns(pl.lit(i).alias("_blad"))
                      for i, (_, df) in enumerate(delar)], how="vertical_relaxed")
    upprepade = hela.filter(pl.struct(nyckel).is_duplicated())
    if upprepade.height == 0:
        return []
    forst = (upprepade.sort("_blad", RAD).group_by(nyckel, maintain_order=True)
             .agg(pl.col("_blad").first().alias("b1"), pl.col(RAD).first().alias("r1"),
                  pl.col("_blad").get(1).alias("b2"), pl.col(RAD).get(1).alias("r2"))
             .unique(["b2", "r2"], keep="first", maintain_order=True).head(MAX_FYND_PER_KOLUMN))
    namn = [b for b, _ in delar]
    return [Fynd(fil, f"Samma kombination av värden i kolumnerna förekommer redan på blad {namn[b1]}, rad {r1}; varje "
                      "kombination får bara finnas en gång i filen (två blad för samma plattform eller år?).",
                 rad=r2, kolumn=", ".join(nyckel), blad=namn[b2])
            for b1, r1, b2, r2 in forst.select("b1", "r1", "b2", "r2").iter_rows()]


def _okanda(df: pl.DataFrame, kolumn: str, kanda: set[str], text, fil: str, blad: str | None) -> list[Fynd]:
    """Värden i kolumnen som inte finns bland de kända: ett fynd per okänt värde, på dess första rad."""
    if kolumn not in df.columns:
        return []
    distinkta = df[kolumn].drop_nulls().unique().to_list()
    okanda = [v for v in distinkta if v not in kanda]
    if not okanda:
        return []
    fynd = []
    per_varde = (df.filter(pl.col(kolumn).is_in(okanda)).group_by(kolumn, maintain_order=True)
                 .agg(pl.col(RAD).sort()).sort(pl.col(RAD).list.first()))
    for varde, rader in per_varde.head(2 * MAX_FYND_PER_KOLUMN).iter_rows():
        ocksa = f" (finns på raderna {_rader_i_ord(rader)})" if len(rader) > 1 else ""
        fynd.append(Fynd(fil, text(varde) + ocksa, rad=rader[0], kolumn=kolumn, blad=blad))
    return fynd


def _indikatorfynd(con, df: pl.DataFrame, fil: str, blad: str | None) -> list[Fynd]:
    ram, _ = ramverk(con)
    fynd = []
    # Utan något giltigt målramverk (goals.yaml trasig vid första starten) prövas inte indikatorerna: appen
    # visar då felet i goals.yaml, och standarddata ska ändå kunna byggas.
    if ram is not None:
        kanda = sorted(ram.indikatorer)
        lista = ", ".join(kanda[:12]) + (" ..." if len(kanda) > 12 else "")
        fynd += _okanda(df, "indikator_id", set(kanda),
                        lambda v: f"Indikatorn \"{v}\" finns inte i målramverket (goals.yaml). Indikatorerna där: "
                                  f"{lista}.", fil, blad)
    plattformar = {r[0] for r in con.execute("SELECT plattform_id FROM plattform").fetchall()}
    # Totalen nämns med organisationens namn på den ("Förbundet totalt"), inte med sitt id i filen.
    total = ram.ord.total if ram is not None else "Förbundet totalt"
    fynd += _okanda(df, "scope_id", plattformar | {FORBUNDET},
                    lambda v: f"\"{v}\" är varken en plattform i referensdata eller {total}.", fil, blad)
    fynd += _okanda(df, "kon", set(INDIKATORKON),
                    lambda v: f"Könet \"{v}\" går inte för ett rapporterat indikatorvärde; använd "
                              f"{', '.join(INDIKATORKON)}.", fil, blad)
    return fynd


def _enkatdelar(df: pl.DataFrame, fil: str, blad: str | None) -> list[Fynd]:
    """Kön och svarsalternativ (delarna) får tillsammans inte ha fler svar eller positiva än Alla (helheten)."""
    antal = [k for k in ("antal_svar", "antal_positiva") if k in df.columns]
    if not antal or "kon" not in df.columns:
        return []
    grupp = [k for k in ("period", "plattform_id", "respondentgrupp", "fraga_id") if k in df.columns]
    alla = df.filter(pl.col("kon") == "alla").select(*grupp, RAD, *antal)
    if alla.height == 0:
        return []
    delar = df.filter(pl.col("kon") != "alla").group_by(grupp).agg(
        *(pl.col(k).sum().alias(f"delar_{k}") for k in antal),
        pl.col("kon").alias("delar_kon"), pl.col(RAD).alias("delar_rad"))
    jamfort = alla.join(delar, on=grupp, how="inner", nulls_equal=True)
    ord_ = {"antal_svar": "svar", "antal_positiva": "positiva"}
    fynd = []
    for k in antal:
        for rad, helhet, summa, kon, rader in (jamfort.filter(pl.col(f"delar_{k}") > pl.col(k))
                                               .sort(RAD).select(RAD, k, f"delar_{k}", "delar_kon", "delar_rad")
                                               .head(MAX_FYND_PER_KOLUMN).iter_rows()):
            fynd.append(Fynd(fil, f"Delarna ({', '.join(kon)} på raderna {_rader_i_ord(sorted(rader))}) har "
                                  f"tillsammans {summa} {ord_[k]}, fler än Alla ({helhet}). En del kan inte vara "
                                  "större än helheten.", rad=rad, kolumn=k, blad=blad))
    return fynd


def _svarande_mot_inbjudna(df: pl.DataFrame, fil: str, blad: str | None) -> list[Fynd]:
    if not {"antal_svar", "antal_inbjudna"} <= set(df.columns):
        return []
    fler = df.filter(pl.col("antal_svar") > pl.col("antal_inbjudna")).sort(RAD).head(MAX_FYND_PER_KOLUMN)
    return [Fynd(fil, f"{svar} har svarat, fler än de {inbjudna} som var inbjudna. En del kan inte vara större än "
                      "helheten.", rad=rad, kolumn="antal_svar, antal_inbjudna", blad=blad)
            for rad, svar, inbjudna in fler.select(RAD, "antal_svar", "antal_inbjudna").iter_rows()]


def unika_deltagare(df: pl.DataFrame) -> bool:
    """Har varje rad ett eget deltagar-id? Då kan ingen nyckel upprepas och ingen person motsäga sig själv, och
    kontrollerna av det hoppas över (en räkning av distinkta id i stället för en gruppering)."""
    return "deltagar_id" in df.columns and df.select(pl.col("deltagar_id").n_unique()).item() == df.height


def motsagelsefullt_kon(con, df: pl.DataFrame, fil: str, blad: str | None = None) -> list[Fynd]:
    """Ett deltagar-id med olika kön på olika rader: ett fynd per person (högst fem), på första raden med ett annat
    kön än personens första rad. Kön räknas per person (02_utfall_fran_deltagare.sql), så filen skulle annars
    räknas fel utan att det syns."""
    if df.height < 2 or not {"deltagar_id", "kon"} <= set(df.columns):
        return []
    motsagda = df.select(RAD, "deltagar_id", "kon").filter(pl.col("kon").n_unique().over("deltagar_id") > 1)
    if motsagda.height == 0:
        return []
    namn = dict(con.execute("SELECT kon, namn FROM kon").fetchall())
    per_person = (motsagda.sort(RAD).group_by("deltagar_id", maintain_order=True)
                  .agg(pl.col(RAD), pl.col("kon")).head(MAX_FYND_PER_KOLUMN))
    fynd = []
    for deltagar_id, rader, koner in per_person.iter_rows():
        i = next(i for i, k in enumerate(koner) if k != koner[0])
        fynd.append(Fynd(fil, f"Deltagar-id {deltagar_id} har könet {namn.get(koner[0], koner[0])} på rad {rader[0]} "
                              f"men {namn.get(koner[i], koner[i])} här. En person räknas under ett kön; rätta den rad "
                              "som är fel.", rad=rader[i], kolumn="kon", blad=blad))
    return fynd


def motsagelsefullt_kon_mellan_blad(con, delar: list[tuple[str | None, pl.DataFrame]], fil: str) -> list[Fynd]:
    """Samma deltagar-id med olika kön på olika blad i en Excel-fil (varje blad har redan prövats för sig): ett fynd
    per person (högst fem), på raden i det senare bladet."""
    delar = [(b, df) for b, df in delar if {"deltagar_id", "kon"} <= set(df.columns)]
    if len(delar) < 2:
        return []
    hela = pl.concat([df.select(RAD, "deltagar_id", "kon").with_columns(pl.lit(i).alias("_blad"))
                      for i, (_, df) in enumerate(delar)])
    motsagda = hela.filter(pl.col("kon").n_unique().over("deltagar_id") > 1)
    if motsagda.height == 0:
        return []
    namn = dict(con.execute("SELECT kon, namn FROM kon").fetchall())
    bladnamn = [b for b, _ in delar]
    fynd = []
    for deltagar_id, rader, koner, blad in (motsagda.sort("_blad", RAD).group_by("deltagar_id", maintain_order=True)
                                            .agg(pl.col(RAD), pl.col("kon"), pl.col("_blad"))
                                            .head(MAX_FYND_PER_KOLUMN).iter_rows()):
        i = next(i for i, k in enumerate(koner) if k != koner[0])
        fynd.append(Fynd(fil, f"Deltagar-id {deltagar_id} har könet {namn.get(koner[0], koner[0])} på blad "
                              f"{bladnamn[blad[0]]}, rad {rader[0]}, men {namn.get(koner[i], koner[i])} här. En person "
                              "räknas under ett kön; rätta den rad som är fel.",
                         rad=rader[i], kolumn="kon", blad=bladnamn[blad[i]]))
    return fynd


def kontrollera(con: duckdb.DuckDBPyConnection, tabell: str, schema: Tabellschema, df: pl.DataFrame, fil: str,
                blad: str | None = None) -> None:
    """Kastar InlasningsFel med alla fynd. df är den typade tabellen med _rad."""
    fynd = _intervallfynd(schema, df, _granser_eller_fel(con, fil), fil, blad)
    unika = tabell == "deltagare" and unika_deltagare(df)
    if not unika:
        fynd += dubblettfynd(df, list(NYCKLAR.get(tabell, ())), fil, blad)
    if tabell == "deltagare" and not unika:
        fynd += motsagelsefullt_kon(con, df, fil, blad)
    if tabell == "enkat_resultat":
        fynd += _enkatdelar(df, fil, blad)
    if tabell == "enkat_svarsfrekvens":
        fynd += _svarande_mot_inbjudna(df, fil, blad)
    if tabell == "indikator_rapporterat":
        fynd += _indikatorfynd(con, df, fil, blad)
    if fynd:
        raise InlasningsFel(fynd)
