"""Det som alla sidor delar: databasanslutning, cachade frågor och filter som lever i URL:en.

Sidorna i pages/ anropar härifrån och från domänmodulerna; de innehåller ingen SQL.
"""

from __future__ import annotations

import copy
import functools
import inspect
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn, TypeVar

import duckdb
import polars as pl
import streamlit as st

from . import (behorighet, bedomning, databas, fragor, fullstandighet, handelse, inloggning, installningar,
               lagring_pg, malramverk, minne, navigering, omfattning, ramverksredigering, referensredigering, skydd,
               smatal, visning)
from .ord import STANDARD as ORD_STANDARD
from .ord import Ord
from .perioder import Period

T = TypeVar("T")


# Appens läsanslutning per databasfil: (filens identitet när den öppnades, anslutningen, det som räknats ur just den
# ögonblicksbilden). En skrivning (appens, kommandoradens, en återställning) byter ut filen; nästa anrop ser en ny
# identitet och öppnar den nya filen. Den gamla anslutningen stängs när den sista cursorn som använder den släpps.
_LASARE: dict[str, tuple[tuple | None, duckdb.DuckDBPyConnection, dict]] = {}
_LASARE_LAS = threading.Lock()

# Körningens ögonblicksbild sparas på Streamlits ScriptRunContext under det här namnet, tillsammans med körningens
# egen cursors-tabell (ny vid varje körning) och processens antal skrivningar.
_KORNINGENS = "_uppfoljning_korningens_lasare"


_SIDOBJEKT: minne.Minne[dict] = minne.Minne("navigeringens sidor", 32)


def navigeringens_sidor(nyckel: tuple, bygg: Callable[[], dict[str, list]]) -> dict[str, list]:
    """Navigeringens sidor (st.Page per grupp i menyn, dashboard.py) för [nyckel] (roll, organisationens ord och om
    installationen är tom), byggda en gång per process i stället för vid varje körning: st.Page löser upp och prövar
    sidans fil, ett trettiotal gånger per sidvisning. Varje körning får egna kopior, eftersom st.navigation ändrar
    sidobjekten (vilken sida som får köras i den körningen) och sessionerna kör samtidigt."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    # Sidornas filer löses upp mot appens mapp (skriptet som körs).
    mapp = str(ctx.pages_manager.main_script_parent) if ctx is not None else None
    mall = _SIDOBJEKT.hamta((*nyckel, mapp), bygg)
    return {grupp: [copy.copy(sida) for sida in sidor] for grupp, sidor in mall.items()}


def _lasaren() -> tuple[tuple | None, duckdb.DuckDBPyConnection, dict]:
    """Läsaren för den här skriptkörningen: filens identitet (eller PostgreSQL:s versionsnummer) prövas en gång per
    körning, inte vid varje fråga, och körningen läser sedan samma ögonblicksbild till slutet. Nästa körning (nästa
    sidvisning) prövar igen och ser därför varje ändring som gjorts före den, också av en annan process eller
    appinstans. En skrivning i processen (databas.skrivningar) gör att körningen prövar igen direkt, så att sidan
    som sparat något läser det den sparat."""
    return _korningens()[0]


def _korningens() -> tuple[tuple[tuple | None, duckdb.DuckDBPyConnection, dict], dict]:
    """(läsaren, det som räknats i körningen) för den här skriptkörningen (se _lasaren)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return _oppna_lasaren(), {}
    skrivningar = databas.skrivningar()
    sparad = getattr(ctx, _KORNINGENS, None)
    # cursors är en ny tabell vid varje körning; den sparade hålls kvar här, så jämförelsen med "is" kan inte
    # förväxla en ny körning med en gammal.
    if sparad is not None and sparad[0] is ctx.cursors and sparad[1] == skrivningar:
        return sparad[2]
    korningens = (_oppna_lasaren(), {})
    setattr(ctx, _KORNINGENS, (ctx.cursors, skrivningar, korningens))
    return korningens


def korningen_klar() -> None:
    """Släpper körningens ögonblicksbild (dashboard.py, när körningen slutar): en session som står stilla ska inte
    hålla en gammal ögonblicksbild i minnet tills nästa sidvisning."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is not None and hasattr(ctx, _KORNINGENS):
        delattr(ctx, _KORNINGENS)


def _oppna_lasaren() -> tuple[tuple | None, duckdb.DuckDBPyConnection, dict]:
    sokvag = installningar.databasadress()
    nyckel = databas.filnyckel(sokvag)
    with _LASARE_LAS:
        post = _LASARE.get(str(sokvag))
        if post is not None and nyckel is not None and post[0] == nyckel:
            return post
        try:
            con = databas.oppna_lasning(sokvag)
        except databas.DatabasFel as fel:
            # T.ex. en uppdatering av databasen som väntade för länge på en annan skrivning, eller en
            # PostgreSQL-server som inte svarar: ett svenskt besked, aldrig en traceback.
            st.error(str(fel))
            st.stop()
        # Identiteten för filen som öppnades (oppna_lasning kan ha byggt eller uppdaterat den).
        post = _LASARE[str(sokvag)] = (databas.filnyckel(sokvag), con, {})
        return post


def anslutning() -> duckdb.DuckDBPyConnection:
    """Läsanslutningen: en skrivskyddad ögonblicksbild av databasen, delad av sessionerna i processen och
    öppnad om när filen bytts ut (prövas en gång per skriptkörning, se _lasaren). Varje anrop tar en egen cursor
    (DuckDB är inte trådsäkert). Skrivningar går genom skrivmarkor()."""
    return _lasaren()[1]


def _ur_ogonblicksbilden(namn: str, rakna: Callable[[duckdb.DuckDBPyCursor], T]) -> T:
    """Ett värde som bara beror på ögonblicksbildens data (dataversionen, ramverkets sparade version): räknas en gång
    per ögonblicksbild och process, inte vid varje anrop. Ögonblicksbilden ändras aldrig (en skrivning byter ut
    filen, och PostgreSQL läses in i en ny DuckDB), så värdet gäller så länge den används."""
    _, con, harlett_ = _lasaren()
    if namn not in harlett_:
        with con.cursor() as cur:
            harlett_[namn] = rakna(cur)
    return harlett_[namn]


def _rakna_dataversion(cur) -> tuple:
    # Inläsningar skapar en källa; återställningar och bedömningar en händelse eller ny version.
    return cur.execute(
        "SELECT (SELECT coalesce(max(kalla_id), 0) FROM kalla), (SELECT coalesce(max(handelse_id), 0) "
        "FROM handelse), (SELECT count(*) FROM styrelsens_bedomning)").fetchall()[0]


def dataversion() -> tuple:
    """Ändras vid varje inläsning, så att cachade frågesvar aldrig blir inaktuella."""
    rad = _ur_ogonblicksbilden("dataversion", _rakna_dataversion)
    # Filens identitet också: en återställd säkerhetskopia kan ha samma antal som databasen den ersatte.
    return (*rad, _lasaren()[0])


# Processens minnen (uppfoljning/minne.py): samma objekt till alla sessioner, som aldrig ändras av den som får det.
_FRAGESVAR: minne.Minne[pl.DataFrame] = minne.Minne("frågesvar", 512)
_SKYDDADE: minne.Minne[pl.DataFrame] = minne.Minne("skyddade frågesvar", 512)
_HARLETT: minne.Minne = minne.Minne("sidornas byggen", 256)
_SKYDDEN: minne.Minne = minne.Minne("skydd för små tal", 64)
_BEDOMNINGAR: minne.Minne[list[bedomning.Malresultat]] = minne.Minne("bedömningar", 64)


def glom_minnet() -> None:
    """Glömmer allt som räknats i processen (frågesvar, skydd, bedömningar, sidornas byggen) och Streamlits egna
    cachar: för tester som byter databas eller formatering mellan två visningar."""
    minne.glom_allt()
    st.cache_data.clear()
    st.cache_resource.clear()


def _kor_cachad(namn: str, version: tuple, parametrar: tuple, databasfil: str) -> pl.DataFrame:
    def rakna() -> pl.DataFrame:
        with anslutning().cursor() as cur:
            return fragor.kor(cur, namn, **dict(parametrar))
    return _FRAGESVAR.hamta((namn, version, parametrar, databasfil), rakna)


def _frys(parametrar: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in parametrar.items()))


def kor_oskyddad(namn: str, **parametrar) -> pl.DataFrame:
    """Frågesvaret som det är, utan skyddet för små tal: bara för att räkna årets skydd (smatal)."""
    return _kor_cachad(namn, dataversion(), _frys(parametrar), str(installningar.databasfil()))


def _kor_skyddad(namn: str, version: tuple, parametrar: tuple, grans: int, databasfil: str) -> pl.DataFrame:
    def skydda() -> pl.DataFrame:
        plattformar = kor_oskyddad("plattformar")
        forbundets = tuple(plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list())
        return skydd.skydda(namn, kor_oskyddad(namn, **dict(parametrar)), dict(parametrar), grans,
                            lambda slag, period: _skydd(slag, period, grans), forbundets)
    return _SKYDDADE.hamta((namn, version, parametrar, grans, databasfil), skydda)


def kor(namn: str, **parametrar) -> pl.DataFrame:
    """Kör queries/<namn>.sql, cachat tills data ändras. En läsare (viewer) får svaret genom skyddslagret
    (uppfoljning.skydd): dolda antal och andelar är NaN och visas som "dold". Varje sida hämtar sina tal här,
    så skyddet gäller varje sida, också en ny, utan att sidan vet om det."""
    grans = smatalsgrans() if skydd.skyddas(namn) else None
    if grans is None:
        return kor_oskyddad(namn, **parametrar)
    return _kor_skyddad(namn, dataversion(), _frys(parametrar), grans, str(installningar.databasfil()))


# Samma objekt vid varje visning, inte en avpicklad kopia (tabellerna på Plattformar har en kolumn per plattform, och
# att packa upp dem kostade mest av sidans tid med varm cache). Det som byggs här ändras därför aldrig av sidorna:
# ui.tabell arbetar på en kopia och st.plotly_chart bygger en egen figur ur diagrammet.
def _harlett_cachad(namn: str, nyckel: tuple, version: tuple, grans: int | None, malfil: tuple, databasfil: str,
                    bygg: Callable[[], T]) -> T:
    def bygg_och_minns() -> T:
        varde = bygg()
        _minns_figur(varde)  # ett färdigt diagram görs om till Plotlys JSON en gång (ui.diagram)
        return varde
    return _HARLETT.hamta((namn, nyckel, version, grans, malfil, databasfil), bygg_och_minns)


def _skydd_cachat(slag: str, period: int, grans: int, version: tuple, databasfil: str):
    bygg = {"utfall": smatal.utfallsskydd, "aktualisering": smatal.aktualiseringsskydd,
            "enkat": smatal.enkatskydd}[slag]
    return _SKYDDEN.hamta((slag, period, grans, version, databasfil), lambda: bygg(kor_oskyddad, period, grans))


def _skydd(slag: str, period: int | None, grans: int | None):
    """Skyddet för små tal ett år, räknat en gång per år, gräns och dataversion och delat av alla sidor och
    sessioner (processens minne: inget kopieras vid varje sidvisning; Skydd ändras aldrig). None för den som
    får se allt."""
    if grans is None or period is None:
        return None
    return _skydd_cachat(slag, period, grans, dataversion(), str(installningar.databasfil()))


def utfallsskydd(period: int | None, grans: int | None):
    return _skydd("utfall", period, grans)


def aktualiseringsskydd(period: int | None, grans: int | None):
    return _skydd("aktualisering", period, grans)


def enkatskydd(period: int | None, grans: int | None):
    return _skydd("enkat", period, grans)


def harlett(namn: str, nyckel: tuple, bygg: Callable[[], T]) -> T:
    """Det som en sida bygger av frågesvaren (tabeller, diagram), cachat som frågorna: tills data eller
    målramverket ändras. [nyckel] är sidans filterval, och det [bygg] läser ska bara bero på dem. Läsarens
    gräns för små tal ingår alltid i nyckeln, så att en skyddad tabell aldrig visas för någon annan roll
    och en oskyddad aldrig för en läsare."""
    return _harlett_cachad(namn, nyckel, dataversion(), smatalsgrans(), _ramverksnyckel(),
                           str(installningar.databasfil()), bygg)


def omfattningar() -> list[omfattning.Omfattning]:
    # En gång per dataversion och målramverk (ui.harlett), inte vid varje anrop; Omfattning är oföränderlig.
    return list(harlett("ui.omfattningar", (), lambda: omfattning.alla(kor("plattformar"), orden().total)))


def organisationens_namn() -> str:
    """Organisationen ur målramverket (goals.yaml), utan att visa ramverkets fel; "Förbundet" utan ramverk."""
    inlast = inlast_ramverk()
    return inlast.ramverk.organisation if inlast.ramverk is not None else "Förbundet"


def orden() -> Ord:
    """Organisationens ord (goals.yaml `ord`: enhet, enheter, total, rubrik); standardorden när ramverket saknas.
    Visar inte ramverkets fel (det gör sidorna som använder ramverket)."""
    inlast = inlast_ramverk()
    return inlast.ramverk.ord if inlast.ramverk is not None else ORD_STANDARD


def felet(fynd) -> str:
    """Ett inläsningsfel (fel.Fynd) som text för Markdown, med organisationens ord i meddelandet ("delprojekt" i
    stället för "plattform"); filens kolumnnamn lämnas som filen skrev dem."""
    from dataclasses import replace
    return visning.som_text(replace(fynd, meddelande=orden().i_text(fynd.meddelande)))


def perioder() -> list[Period]:
    """Perioderna som har data, senaste först, med namn: ett kalenderår är sitt årtal, en namngiven period
    ("Lägesrapport 4") har ramverkets namn. Period är ett heltal, så frågorna tar den som förut."""
    # Ramverket läses först: dess perioder synkas till databasen (och antalen per period räknas) när det läses.
    inlast_ramverk()

    def bygg() -> list[Period]:
        rader = kor("perioder").iter_rows(named=True)
        alla = {r["period"]: Period(r["period"], r["namn"], r["id"], r["startdatum"], r["slutdatum"], r["typ"],
                                    r["forra"])
                for r in rader}
        for p in alla.values():
            if p.forra is not None:
                p.forra_period = alla.get(p.forra) or (Period(p.forra) if p.kalenderar else None)
        return list(alla.values())
    # En gång per dataversion och målramverk (ui.harlett); perioderna ändras inte efter att de byggts.
    return list(harlett("ui.perioder", (), bygg))


def _periodetikett(alternativ: Sequence[Period]) -> str:
    return "År" if all(p.kalenderar for p in alternativ) else "Period"


# Filtren (år, plattform, kommun ...) står i en rad överst på sidan, inte i sidopanelen: på en telefon är
# sidopanelen infälld, och med tangentbord ska filtren komma tidigt. Raden skapas där sidans första filter
# anropas (direkt under titeln) och gäller en körning.
_FILTERRAD = "_filterrad"


def ny_korning() -> None:
    """Anropas av dashboard.py före sidan: sidans första filter skapar en ny filterrad."""
    st.session_state.pop(_FILTERRAD, None)


def filterrad():
    """Raden överst på sidan (under titeln) där sidans filter står, en per körning: syns också på en telefon."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    korning = id(ctx.cursors) if ctx is not None else None
    sparad = st.session_state.get(_FILTERRAD)
    if sparad is None or sparad[0] != korning:
        sparad = (korning, st.container(horizontal=True, gap="small"))
        st.session_state[_FILTERRAD] = sparad
    return sparad[1]


def urlval(etikett: str, alternativ: Sequence, nyckel: str, format_func=str, standard=None,
           i_sidopanelen: bool | None = None):
    """En selectbox vars val står i URL:en (?nyckel=värde), så att en länk visar exakt samma vy. Den står i
    filterraden överst på sidan; i_sidopanelen=False: där den anropas (ett val som hör till ett diagram)."""
    alternativ = list(alternativ)
    if not alternativ:
        return None
    # En period står i adressen med sitt id (?ar=lr4), och visas med sitt namn.
    som_text = {getattr(a, "url", str(a)): a for a in alternativ}
    fran_url = st.query_params.get(nyckel)
    if fran_url in som_text:
        forvalt = som_text[fran_url]
    elif standard in alternativ:
        forvalt = standard
    else:
        forvalt = alternativ[0]
    yta = {True: st.sidebar, False: st}.get(i_sidopanelen) or filterrad()
    val = yta.selectbox(etikett, alternativ, index=alternativ.index(forvalt), format_func=format_func,
                        key=f"url_{nyckel}", width=260 if i_sidopanelen is None else "stretch")
    st.query_params[nyckel] = getattr(val, "url", str(val))
    return val


def valj_period() -> Period | None:
    """Perioden i sidopanelen (och i adressen som ?ar=2020 eller ?ar=lr4), med namnen i ordning."""
    alternativ = perioder()
    return urlval(_periodetikett(alternativ), alternativ, "ar")


def valj_ramverksperiod(ram: malramverk.Malramverk) -> Period | None:
    """En av målramverkets perioder (Måluppfyllelse, Mål, Mötesunderlag), senaste först, med namn."""
    alternativ = ram.perioder_i_ordning()
    return urlval(_periodetikett(alternativ), alternativ, "ar")


def valbara_omfattningar(period: int | None = None, med_avvecklade: bool = True) -> list[omfattning.Omfattning]:
    """Totalen och enheterna som väljarna erbjuder: en avvecklad enhet bara för perioder där den har data
    (period None: någon period), aldrig med med_avvecklade=False (en ny uppladdning)."""
    period = None if period is None else int(period)

    def bygg() -> list[omfattning.Omfattning]:
        valbara = set(kor("plattformar_valbara", period=period, med_avvecklade=med_avvecklade)["plattform_id"]
                      .to_list())
        return [o for o in omfattningar() if o.ar_forbundet or o.id in valbara]
    return list(harlett("ui.valbara_omfattningar", (period, med_avvecklade), bygg))


def valj_omfattning(standard: str = omfattning.FORBUNDET, period: int | None = None) -> omfattning.Omfattning:
    """Totalen eller en enhet (?plattform=...); en avvecklad enhet erbjuds bara för perioder där den har data."""
    alla = valbara_omfattningar(period)
    valt_id = urlval(orden().Enhet, [o.id for o in alla], "plattform",
                     format_func=lambda i: omfattning.hitta(alla, i).namn, standard=standard)
    return omfattning.hitta(alla, valt_id)


# ---------------------------------------------------------------- målramverk och bedömning


_RAMVERKEN: minne.Minne[malramverk.Inlast] = minne.Minne("målramverk", 16)


def _las_ramverk(sokvag: str, andrad: int, redigerad: int, databasfil: str) -> malramverk.Inlast:
    """Ramverket för nyckeln (_ramverksnyckel), läst en gång per process och delat av sessionerna."""
    return _RAMVERKEN.hamta((sokvag, andrad, redigerad, databasfil), lambda: _las_ramverket(sokvag))


def _las_ramverket(sokvag: str) -> malramverk.Inlast:
    # Med PostgreSQL är ögonblicksbilden skrivbar i minnet (en synk där sparas aldrig): direkt en skrivning, som
    # bara skriver till PostgreSQL om något ändrats.
    if not lagring_pg.ar_adress(installningar.databasadress()):
        with anslutning().cursor() as cur:
            try:
                return malramverk.las_med_reserv(cur, Path(sokvag))
            except duckdb.Error as fel:
                if not databas.ar_skrivskyddsfel(fel):
                    raise
    # Ett nytt eller ändrat ramverk sparas och dess perioder synkas: det är en skrivning.
    try:
        with databas.skrivning(None, "sparandet av målramverket") as cur:
            return malramverk.las_med_reserv(cur, Path(sokvag))
    except databas.DatabasFel as fel:
        st.error(str(fel))  # inget sparas när bygget avbryts (uppfoljning/minne.py)
        st.stop()


def _ramverksnyckel() -> tuple[str, int, int]:
    """Ändras när goals.yaml ändras eller en ny version av ramverket sparas i appen."""
    sokvag = installningar.malramverksfil()
    redigerad = _ur_ogonblicksbilden("ramverkets_version", ramverksredigering.senaste_version)
    return str(sokvag), sokvag.stat().st_mtime_ns if sokvag.exists() else 0, redigerad


def inlast_ramverk() -> malramverk.Inlast:
    """Det gällande ramverket (versionen som sparats i appen, annars goals.yaml), cachat tills något av dem ändras.
    Prövas en gång per körning av sidan (sidan frågar efter ramverket och organisationens ord ett tiotal gånger)."""
    korningens = _korningens()[1]
    if "ramverket" not in korningens:
        korningens["ramverket"] = _las_ramverk(*_ramverksnyckel(), str(installningar.databasfil()))
    return korningens["ramverket"]


def ramverk() -> malramverk.Malramverk | None:
    """Gällande målramverk. Är goals.yaml ogiltig visas felet och det senast giltiga används."""
    inlast = inlast_ramverk()
    if inlast.fel:
        fel = inlast.fel_i_appen or inlast.fel
        if inlast.ramverk is not None:
            st.error(f"{fel}\n\nAppen använder det senast giltiga målramverket (sparat {inlast.reserv_fran}) "
                     "tills filen är rättad.")
        else:
            st.error(fel)
    return inlast.ramverk


def _bedom(period: int, version: tuple, ramverk_json: str, databasfil: str) -> list[bedomning.Malresultat]:
    def bedom_() -> list[bedomning.Malresultat]:
        ram = malramverk.Malramverk.model_validate_json(ramverk_json)
        with anslutning().cursor() as cur:
            return bedomning.bedom(cur, ram, period)
    return _BEDOMNINGAR.hamta((period, version, ramverk_json, databasfil), bedom_)


# {id(ramverk): (ramverket, dess JSON)}. Posten håller ramverket vid liv, så inget annat objekt kan få samma id
# medan posten finns.
_RAMVERKENS_JSON: minne.Minne[tuple[malramverk.Malramverk, str]] = minne.Minne("målramverkens JSON", 16)


def _som_json(ram: malramverk.Malramverk) -> str:
    """Ramverket som JSON (bedömningens cachenyckel), en gång per ramverk (ramverket är oföränderligt och samma
    objekt i alla körningar tills det ändras, se _las_ramverk), inte vid varje visning."""
    sparad = _RAMVERKENS_JSON.hamta(id(ram), lambda: (ram, ram.model_dump_json()))
    return sparad[1] if sparad[0] is ram else ram.model_dump_json()


def bedom(ram: malramverk.Malramverk, period: int) -> list[bedomning.Malresultat]:
    """Hela ramverkets bedömning för perioden, cachad tills data eller ramverk ändras. En läsare får den genom
    skyddslagret (skydd.skydda_bedomning): dolda indikatorvärden är NaN och skälet står i motiveringen."""
    resultat = _bedom(period, dataversion(), _som_json(ram), str(installningar.databasfil()))
    grans = smatalsgrans()
    if grans is None:
        return resultat
    return skydd.skydda_bedomning(resultat, ram, utfallsskydd(period, grans), enkatskydd(period, grans), grans)


def scopenamn() -> dict[str, str]:
    return {o.id: o.namn for o in omfattningar()}


def kortnamn() -> dict[str, str]:
    """Enheternas korta namn ("Vännäs") och totalens namn, för tabeller där det långa namnet tar för stor plats."""
    plattformar = kor("plattformar")
    return {omfattning.FORBUNDET: orden().total, **dict(zip(plattformar["plattform_id"], plattformar["kortnamn"]))}


# ---------------------------------------------------------------- text från data och användare


def _etiketter_som_text(index):
    import pandas as pd

    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples(
            [tuple(visning.som_text(v) if isinstance(v, str) else v for v in t) for t in index], names=index.names)
    return index.map(lambda v: visning.som_text(v) if isinstance(v, str) else v)


@functools.lru_cache(maxsize=65536)
def _som_text(text: str) -> str:
    """visning.som_text för en cell (tabellernas celler upprepas: "0 %", plattformarnas namn)."""
    escapad = visning.som_text(text)
    return text if escapad == text else escapad


def tabell(data, nyckel: tuple | None = None) -> None:
    """st.table där all text visas som text (se _som_visas). data: en polars- eller pandas-tabell, en pandas Styler
    eller en dict med kolumner.

    Med [nyckel] är data en funktion som bygger tabellen, och tabellen byggs och görs i ordning för Streamlit en gång
    per nyckel, dataversion, målramverk och gräns för små tal (som harlett), inte vid varje visning: för en pandas
    Styler (en tabell med färg) kostade Streamlits stilberäkning per cell mest av allt när en sida visades, och för
    en tabell utan färg kostade texten (_som_visas) och Streamlits Arrow-kodning mest på sidor med flera tabeller. [nyckel]
    är sidans namn och filterval, och det [data] läser ska bara bero på dem."""
    if nyckel is None:
        st.table(_som_visas(data))
        return
    fardig = harlett("ui.tabell", nyckel, lambda: _som_visas(data()))
    _minns_tabell(fardig)
    st.table(fardig)


# Färdiga Styler-tabeller (ur harlett, samma objekt vid varje visning) och det Streamlit byggde av dem per plats på
# sidan: {Styler: {plats: ArrowData som bytes}}. Försvinner med tabellen när harletts cache släpper den.
_FARDIGA_TABELLER: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_FARDIGA_LAS = threading.Lock()
# Samma sak för färdiga pandas-tabeller utan stilar, som inte kan vara nycklar i en ordbok (DataFrame har ingen
# hash): {id(tabell): (svag referens till tabellen, {plats: ArrowData som bytes})}.
_FARDIGA_RAMAR: dict[int, tuple[weakref.ref, dict]] = {}


def _minns_tabell(fardig) -> None:
    import pandas as pd
    from pandas.io.formats.style import Styler

    if isinstance(fardig, Styler):
        with _FARDIGA_LAS:
            _FARDIGA_TABELLER.setdefault(fardig, {})
    elif isinstance(fardig, pd.DataFrame):
        with _FARDIGA_LAS:
            post = _FARDIGA_RAMAR.get(id(fardig))
            if post is None or post[0]() is not fardig:
                _FARDIGA_RAMAR[id(fardig)] = (weakref.ref(fardig, _glom_post(_FARDIGA_RAMAR, id(fardig))), {})


def _glom_post(fardiga: dict[int, tuple], nyckel: int):
    """När ett färdigt objekt (en pandas-tabell i _FARDIGA_RAMAR, ett diagram i _FARDIGA_FIGURER) försvinner
    (harletts minne släppte det) glöms det Streamlit byggde av det. Utan lås: anropet kan komma mitt i en låst del i
    samma tråd (skräpsamlingen), och dict.pop är odelbar."""

    def glom(referens: weakref.ref) -> None:
        post = fardiga.get(nyckel)
        if post is not None and post[0] is referens:
            fardiga.pop(nyckel, None)

    return glom


def _fardig_minne(data) -> dict | None:
    """Minnet för en färdig tabell (ui.tabell med nyckel), eller None för en annan tabell."""
    try:
        minne = _FARDIGA_TABELLER.get(data)
    except TypeError:  # data som inte kan vara nyckel (t.ex. en dict eller en pandas-tabell)
        minne = None
    if minne is None:
        post = _FARDIGA_RAMAR.get(id(data))
        if post is not None and post[0]() is data:
            minne = post[1]
    return minne


def _marshall_med_minne(original):
    """streamlit.elements.table.marshall_table för en färdig tabell (tabell med nyckel): Streamlits stilberäkning
    (Styler._compute och visningsvärdena per cell) görs en gång per tabell och plats på sidan; sedan kopieras
    resultatet. Samma Styler delas av sessionerna, så beräkningen görs under ett lås (Styler._compute ändrar
    objektet). Andra tabeller går direkt till Streamlit."""

    @functools.wraps(original)
    def marshall_table(proto, data, default_uuid=None):
        minne = _fardig_minne(data)
        if minne is None:
            return original(proto, data, default_uuid)
        with _FARDIGA_LAS:
            sparad = minne.get(default_uuid)
            if sparad is None:
                original(proto, data, default_uuid)
                minne[default_uuid] = proto.SerializeToString()
                return None
        proto.MergeFromString(sparad)
        return None

    marshall_table._uppfoljning = True
    return marshall_table


def _utvarderad_om_fardig(original):
    """streamlit.dataframe_util.is_unevaluated_data_object: en färdig tabell (tabell med nyckel) är en tabell i
    minnet, inte en databasmarkör eller en lat tabell. Streamlit prövar annars vid varje st.table om tabellen är en
    DB-API-markör (typing.Protocol med hasattr, som för en pandas-tabell letar bland kolumnerna), omkring 1,5 % av
    serverns tid per sidvisning. Andra objekt går direkt till Streamlit."""

    @functools.wraps(original)
    def is_unevaluated_data_object(obj) -> bool:
        if _fardig_minne(obj) is not None:
            return False
        return original(obj)

    is_unevaluated_data_object._uppfoljning = True
    return is_unevaluated_data_object


def _koppla_in_tabellminnet() -> None:
    from streamlit import dataframe_util
    from streamlit.elements import table as st_table

    if not getattr(st_table.marshall_table, "_uppfoljning", False):
        st_table.marshall_table = _marshall_med_minne(st_table.marshall_table)
    if not getattr(dataframe_util.is_unevaluated_data_object, "_uppfoljning", False):
        dataframe_util.is_unevaluated_data_object = _utvarderad_om_fardig(dataframe_util.is_unevaluated_data_object)


_koppla_in_tabellminnet()


def _som_visas(data):
    """Tabellen som st.table ska få, så att all text visas som text. st.table tolkar Markdown i varje cell och
    rubrik, och cellerna
    kommer från data (poster, plattformar, kommentarer). Cellerna escapas i visningen (Styler.format), så att
    tabellens värden är oförändrade; rad- och kolumnrubriker, som Streamlit visar ur själva tabellen, escapas i
    den. data: en polars- eller pandas-tabell, en pandas Styler eller en dict med kolumner."""
    import pandas as pd
    from pandas.io.formats.style import Styler

    if isinstance(data, pl.DataFrame):
        data = data.to_pandas()
    elif isinstance(data, dict):
        data = pd.DataFrame(data)
    if not isinstance(data, Styler):
        # Utan stilar: escapa textcellerna i en kopia. En Styler kostar i Streamlit en stilberäkning per cell
        # (600 ms för en tabell med 400 plattformar); här ändras bara celler där escapen gör något.
        df = data.copy()
        df.index, df.columns = _etiketter_som_text(df.index), _etiketter_som_text(df.columns)
        text = [i for i, t in enumerate(df.dtypes) if t == object or isinstance(t, pd.StringDtype)]
        if text:
            # Textkolumnerna som en tabell på en gång (en tabell med 400 plattformar har 400 kolumner: att
            # escapa kolumn för kolumn kostade 150 ms per sidvisning); bara kolumner där escapen ändrar något
            # byts ut, med sin typ.
            varden = df.iloc[:, text].to_numpy(dtype=object)
            escapade = [[_som_text(v) if isinstance(v, str) else v for v in rad] for rad in varden]
            for j, i in enumerate(text):
                kolumn = [rad[j] for rad in escapade]
                if any(isinstance(a, str) and a != b for a, b in zip(kolumn, varden[:, j])):
                    df.isetitem(i, pd.array(kolumn, dtype=df.dtypes.iloc[i]))
        return df
    stil = data
    df = stil.data
    index, kolumner = _etiketter_som_text(df.index), _etiketter_som_text(df.columns)
    if not (index.equals(df.index) and kolumner.equals(df.columns)):
        # En ny Styler med samma stilar över tabellen med escapade rubriker.
        ny = df.copy()
        ny.index, ny.columns = index, kolumner
        stil = ny.style.use(stil.export())
        df = ny
    text = [k for k, t in df.dtypes.items() if t == object or isinstance(t, pd.StringDtype)]
    if text:
        stil = stil.format(lambda v: _som_text(v) if isinstance(v, str) else v, subset=text)
    return stil



# ---------------------------------------------------------------- diagram


# Färdiga diagram (ur harlett, samma figur vid varje visning) och det st.plotly_chart gör av dem vid varje visning:
# figurens dict (figure.to_dict()) och JSON:en som skickas (plotly.io.to_json). {id(figur): (svag referens till
# figuren, _Spec eller None innan den visats)}. Försvinner med figuren när harletts minne släpper den.
_FARDIGA_FIGURER: dict[int, tuple[weakref.ref, _Spec | None]] = {}


class _Spec(dict):
    """En färdig figurs dict, som st.plotly_chart får den av plotly.tools.return_figure_from_figure_or_data, med
    JSON:en som plotly.io.to_json gör av den. Delas av sessionerna; Streamlit läser den bara."""

    json: str


def _minns_figur(varde) -> None:
    from plotly.basedatatypes import BaseFigure

    if isinstance(varde, BaseFigure):
        with _FARDIGA_LAS:
            _FARDIGA_FIGURER[id(varde)] = (weakref.ref(varde, _glom_post(_FARDIGA_FIGURER, id(varde))), None)


def _figur_med_minne(original, till_json):
    """plotly.tools.return_figure_from_figure_or_data för en färdig figur (ur harlett): figurens dict och JSON görs en
    gång, sedan ges samma _Spec (som plotly.io.to_json, se _json_med_minne, känner igen). Andra figurer går direkt
    till Plotly."""

    @functools.wraps(original)
    def return_figure_from_figure_or_data(figure_or_data, validate_figure):
        post = _FARDIGA_FIGURER.get(id(figure_or_data))
        if post is None or post[0]() is not figure_or_data:
            return original(figure_or_data, validate_figure)
        if post[1] is None:
            # Utanför låset: två sessioner kan göra samma JSON samtidigt, men de gör samma sak.
            spec = _Spec(original(figure_or_data, validate_figure))
            spec.json = till_json(dict(spec), validate=False)
            with _FARDIGA_LAS:
                if _FARDIGA_FIGURER.get(id(figure_or_data)) is post:
                    _FARDIGA_FIGURER[id(figure_or_data)] = (post[0], spec)
            return spec
        return post[1]

    return_figure_from_figure_or_data._uppfoljning = True
    return return_figure_from_figure_or_data


def _json_med_minne(original):
    """plotly.io.to_json: en färdig figurs JSON (_Spec) direkt ur minnet, när den begärs som st.plotly_chart gör."""

    @functools.wraps(original)
    def to_json(fig, *args, **kwargs):
        if type(fig) is _Spec and not args and kwargs == {"validate": False}:
            return fig.json
        return original(fig, *args, **kwargs)

    to_json._uppfoljning = True
    return to_json


def _koppla_in_diagramminnet() -> None:
    import plotly.io
    import plotly.tools

    if not getattr(plotly.io.to_json, "_uppfoljning", False):
        original = plotly.io.to_json
        plotly.io.to_json = _json_med_minne(original)
        plotly.tools.return_figure_from_figure_or_data = _figur_med_minne(
            plotly.tools.return_figure_from_figure_or_data, original)


_koppla_in_diagramminnet()


def diagram(figur, **argument) -> None:
    """Ett Plotly-diagram utan Plotlys verktygsfält: på en telefon täcker det titeln, och med tangentbord är det
    åtta engelska tabbstopp per diagram. Värdena står i diagrammets etiketter och i tabellen bredvid."""
    argument.setdefault("width", "stretch")
    st.plotly_chart(figur, config={"displayModeBar": False, "displaylogo": False, "locale": "sv"}, **argument)


# ---------------------------------------------------------------- nedladdning


# Nedladdningarnas filer per innehåll: (filnamn, kolumner, radernas hash) -> (CSV, Excel). Samma tabell ger samma
# filer vid varje visning och för varje session, utan att byggas om.
_NEDLADDNINGAR: minne.Minne[tuple[bytes, bytes]] = minne.Minne("nedladdningarnas filer", 256)


def _nedladdningsfiler(tabell: pl.DataFrame, filnamn: str) -> tuple[bytes, bytes]:
    """CSV- och Excel-filen av [tabell], byggda en gång per innehåll (tabellens kolumner och rader) och filnamn."""
    from . import export

    def bygg() -> tuple[bytes, bytes]:
        return export.csv_bytes(tabell), export.excel_bytes({filnamn: tabell})
    try:
        innehall = (tuple((k, str(t)) for k, t in tabell.schema.items()), tuple(tabell.hash_rows().to_list()))
    except Exception:  # en kolumntyp som inte går att hasha: filerna byggs varje gång, som förut
        return bygg()
    return _NEDLADDNINGAR.hamta((filnamn, innehall), bygg)


def nedladdningar(tabell: pl.DataFrame, filnamn: str, nyckel: str, etikett: str | None = None) -> None:
    """CSV (semikolon, UTF-8 med BOM så att Excel visar å, ä, ö) och Excel, med tabellens svenska rubriker."""
    vanster, hoger = st.columns(2)
    # Etiketten säger vilken tabell: en sida med flera tabeller har annars flera likadana knappar (en
    # skärmläsare läser upp dem i en lista utan sammanhang).
    etikett = visning.som_text(etikett or filnamn)  # namn ur data: som text, inte Markdown
    # Filerna ligger färdiga på sidan (byggda en gång per innehåll, _nedladdningsfiler), med en adress som följer
    # innehållet. En fil som byggs först vid klicket (en funktion som data) får en ny adress vid varje körning av
    # sidan, och ett klick medan sidan körs om (efter ett byte av filter, eller under last) gav då ingen fil
    # (tests/test_nedladdning_webblasare.py). on_click="ignore": ett klick kör inte om sidan.
    csv, xlsx = _nedladdningsfiler(tabell, filnamn)
    vanster.download_button(f"Ladda ner {etikett} (CSV)", csv, file_name=f"{filnamn}.csv", mime="text/csv",
                            key=f"csv_{nyckel}", icon=":material/download:", on_click="ignore")
    hoger.download_button(f"Ladda ner {etikett} (Excel)", xlsx, file_name=f"{filnamn}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{nyckel}", icon=":material/download:", on_click="ignore")


# ---------------------------------------------------------------- skrivningar


def anvandare() -> str:
    """Vem som gör ändringen, för proveniens och händelselogg."""
    return nuvarande().namn


@contextmanager
def provmarkor() -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivbar kopia av ögonblicksbilden som kastas efteråt (databas.provanslutning): kontrollen av en
    uppladdad fil provar ändringen i en transaktion som rullas tillbaka, utan att ta skrivlåset."""
    try:
        with databas.provanslutning(None) as con:
            yield con
    except databas.DatabasFel as fel:
        st.error(str(fel))
        st.stop()


@contextmanager
def skrivmarkor(vad: str = "en ändring i appen") -> Iterator[duckdb.DuckDBPyConnection]:
    """En skrivning (databas.skrivning): blocket skriver i en kopia som byts in när det gått igenom. Väntar
    skrivningen på en annan (t.ex. en import från kommandoraden) står det på sidan medan den väntar. Ger den upp,
    eller är disken full, visas det svenska beskedet där och sidan stoppas; inget har sparats."""
    ruta = st.empty()
    try:
        with databas.skrivning(None, vad, meddela=ruta.info) as con:
            yield con
    except databas.DatabasFel as fel:
        ruta.error(str(fel))
        st.stop()
    except BaseException:
        ruta.empty()  # sidan visar själv sitt fel (t.ex. en fil som inte gick att läsa in)
        raise
    ruta.empty()


def far_redigera() -> bool:
    """Får användaren skriva analys, läsa in och återställa? Bara processledare (editor) och admin."""
    return nuvarande().minst("editor")


# ---------------------------------------------------------------- inloggning och roller


def inloggad() -> behorighet.Anvandare:
    """Den inloggade användaren. Är inloggning påslagen och ingen inloggad visas inloggningen och
    sidan stoppas, så att ingenting annat visas före inloggning."""
    lage = behorighet.lage()
    if lage == "av":
        return behorighet.LOKAL_ANVANDARE
    if lage == "oidc":
        # .get: utan inloggningsuppgifter (t.ex. innan [auth] är konfigurerad) saknar st.user attributet.
        if not st.user.get("is_logged_in", False):
            _visa_inloggning(_oidc_inloggning)
        epost = (st.user.get("email") or "").lower()
        return behorighet.Anvandare(epost or "inloggad", behorighet.roll_for_epost(epost))
    return _losenordsanvandare()


# Nycklar i st.session_state för lösenordsläget.
_INLOGGAD = "inloggad"
_SESSION = "_inloggning_session"  # kakans värde för den här sessionen
_SATT_KAKA = "_inloggning_satt_kaka"  # kakan ska skrivas i webbläsaren vid nästa körning
_RADERA_KAKA = "_inloggning_radera_kaka"


def _losenordsanvandare() -> behorighet.Anvandare:
    """Sessionen prövas vid varje körning (signatur, utgång, att sessionen inte är avslutad och att
    användaren finns med samma lösenord); rollen läses från användarfilen. Kakan i webbläsaren gör att
    en omladdning och en ny flik fortsätter samma inloggning."""
    varde = st.session_state.get(_SESSION) or _kakan_i_webblasaren()
    if varde:
        anvandaren = inloggning.las_session(varde)
        if anvandaren is not None:
            st.session_state[_SESSION] = varde
            st.session_state[_INLOGGAD] = anvandaren
            return anvandaren
        st.session_state.pop(_SESSION, None)
        st.session_state.pop(_INLOGGAD, None)
        _visa_inloggning(_losenordsinloggning)
    # Utan session: bara en användare som tester lagt i session_state direkt (en webbläsare kan inte det).
    anvandaren = st.session_state.get(_INLOGGAD)
    if anvandaren is None:
        _visa_inloggning(_losenordsinloggning)
    return anvandaren


def _kakan_i_webblasaren() -> str | None:
    """Sessionskakan som webbläsaren skickade när sessionen öppnades (None i AppTest, som saknar klient)."""
    varde = st.context.cookies.get(inloggning.KAKA)
    return varde if isinstance(varde, str) else None


def _visa_inloggning(sida: Callable[[], None]) -> NoReturn:
    """Bara inloggningen, på varje sidas adress: en sparad länk (/plattformar?ar=2019) visar inloggningen,
    och adressen står kvar så att sidan öppnas när inloggningen kör om appen. Navigeringen måste anges:
    utan den visar Streamlit en egen meny över alla filer i pages/."""
    sidor = [st.Page(sida, title="Logga in", url_path="logga-in", default=True)]
    sidor += [st.Page(sida, title="Logga in", url_path=adress) for adress in navigering.adresser()
              if adress != navigering.REDOGORELSE.adress]
    # Tillgänglighetsredogörelsen ska gå att läsa utan att logga in (med full sökväg: skriptet som körs kan vara
    # en sida i pages/ som körts direkt).
    redogorelsen = st.Page(installningar.ROT / navigering.REDOGORELSE.fil, title=navigering.REDOGORELSE.titel,
                           url_path=navigering.REDOGORELSE.adress)
    st.session_state[_REDOGORELSEN] = redogorelsen
    sidor.append(redogorelsen)
    st.navigation(sidor, position="hidden").run()
    st.stop()


_REDOGORELSEN = "_redogorelsens_sida"


def _lank_till_redogorelsen() -> None:
    if (sida := st.session_state.get(_REDOGORELSEN)) is not None:
        st.page_link(sida, label=navigering.REDOGORELSE.titel)


def _oidc_inloggning() -> None:
    st.title("Logga in")
    st.markdown("Den här dashboarden kräver inloggning via förbundets konto.")
    if st.button("Logga in", type="primary", key="oidc_logga_in"):
        st.login()
    _lank_till_redogorelsen()


def klient() -> str:
    """Klientens adress för spärrar och händelselogg. Bakom en omvänd proxy anger UPPFOLJNING_KLIENTHUVUD
    huvudet som proxyn skriver adressen i (t.ex. X-Forwarded-For; det sista värdet är proxyns)."""
    huvud = os.environ.get("UPPFOLJNING_KLIENTHUVUD", "").strip()
    if huvud and isinstance(varde := st.context.headers.get(huvud), str):
        return varde.split(",")[-1].strip()[:64] or "okänd"
    adress = st.context.ip_address
    return adress if isinstance(adress, str) else "lokal (localhost)"


def _logga_handelse(anvandare: str, typ: str, beskrivning: str) -> None:
    with skrivmarkor("händelseloggen (inloggning)") as cur:
        handelse.logga(cur, anvandare, typ, beskrivning)


def _kakskript(varde: str, max_alder: int) -> None:
    """Skriver (eller med max_alder 0 raderar) sessionskakan i webbläsaren. Streamlit kan inte sätta kakor
    från servern, så ett litet skript gör det: SameSite=Strict, och Secure när sidan visas över https.
    Kakan kan därför inte vara HttpOnly; värdet är signerat och innehåller inget lösenord."""
    st.html(f"""<script>
document.cookie = "{inloggning.KAKA}={varde}; path=/; max-age={int(max_alder)}; samesite=strict"
  + (window.location.protocol === "https:" ? "; secure" : "");
</script>""", unsafe_allow_javascript=True, width="content")


def _losenordsinloggning() -> None:
    st.title("Logga in")
    if st.session_state.pop(_RADERA_KAKA, False) or _kakan_i_webblasaren():
        _kakskript("", 0)  # utloggad, eller en kaka som inte längre gäller
    with st.form("inloggning"):
        namn = st.text_input("Användarnamn", key="inloggning_namn")
        losenord = st.text_input("Lösenord", type="password", key="inloggning_losenord")
        skicka = st.form_submit_button("Logga in", type="primary")
    if skicka:
        forsok = inloggning.forsok(namn, losenord, klient(), logg=_logga_handelse)
        if forsok.anvandare is None:
            st.error(forsok.meddelande)
            return
        varde = inloggning.skapa_session(forsok.anvandare)
        st.session_state[_SESSION] = varde
        st.session_state[_INLOGGAD] = forsok.anvandare
        st.session_state[_SATT_KAKA] = varde
        st.rerun()
    _lank_till_redogorelsen()


def logga_ut() -> None:
    if behorighet.lage() == "oidc":
        st.logout()
    # Sessionen avslutas på servern (en kopia av kakan slutar gälla) och kakan raderas i webbläsaren.
    for varde in {st.session_state.pop(_SESSION, None), _kakan_i_webblasaren()}:
        inloggning.avsluta_session(varde)
    st.session_state.pop(_INLOGGAD, None)
    st.session_state.pop(_SATT_KAKA, None)
    st.session_state[_RADERA_KAKA] = True
    st.rerun()


def sidopanel_anvandare(anvandaren: behorighet.Anvandare) -> None:
    with st.sidebar:
        if behorighet.lage() == "av":
            st.caption("Lokal installation utan inloggning: du är processledare och kan läsa in data och skriva "
                       "analys. Slå på inloggning med UPPFOLJNING_INLOGGNING=losenord eller oidc.")
        else:
            if varde := st.session_state.pop(_SATT_KAKA, None):
                _kakskript(varde, inloggning.Granser.fran_miljon().session_s)
            st.caption(f"Inloggad som **{visning.som_text(anvandaren.namn)}** "
                       f"({behorighet.ROLLNAMN[anvandaren.roll].lower()}).")
            if st.button("Logga ut", key="logga_ut"):
                logga_ut()


def saknar_roll(roll: str) -> None:
    """En sida som användarens roll inte når, öppnad med sin adress: ett svenskt besked i stället för Streamlits
    engelska "Page not found"."""
    st.title("Sidan kräver en annan roll")
    st.markdown(f"Den här sidan kräver rollen {behorighet.ROLLNAMN[roll].lower()}. Välj en annan sida i menyn.")


def nuvarande() -> behorighet.Anvandare:
    """Användaren för den här körningen. Frågar inloggningen själv i stället för att lita på att
    dashboard.py har körts först, så att en sida aldrig visas för någon som inte loggat in."""
    return inloggad()


def distinkta_deltagare(period: int | None) -> str | None:
    """Meningen om distinkta deltagare (Ord.distinkta_deltagare) när totalen för perioden räknas ur deltagarnivån,
    annars None (en sammanställd tabell per enhet summeras)."""
    if period is None:
        return None
    df = kor("forbundet_distinkt", period=period)
    return orden().distinkta_deltagare if df.height and df["distinkt"][0] else None


def smatalsgrans() -> int | None:
    """Gränsen för små tal om användaren är läsare (viewer), annars None: styrelse och processledare ser allt."""
    return None if nuvarande().minst("member") else behorighet.smatalsgrans()


# Sätts av dashboard.py i varje körning genom startpunkten.
GENOM_STARTPUNKTEN = "_genom_startpunkten"
# Sidan (filnamnet) och filtren som en djuplänk pekade på, medan appen körs om genom startpunkten.
DJUPLANK = "_djuplank"


def krav_roll(roll: str) -> None:
    """Stoppar sidan för den som inte har rollen (även om sidan nås via URL eller en sparad widget).
    Varje sida börjar här."""
    if not nuvarande().minst(roll):
        st.error(f"Den här sidan kräver rollen {behorighet.ROLLNAMN[roll].lower()}.")
        st.stop()
    via_startpunkten(_anroparens_fil())


def _anroparens_fil() -> str:
    """Filnamnet för den som anropade funktionen som anropar den här (sidan). Direkt ur anroparens ram: att bygga
    hela inspect.stack() kostade mer än något annat i krav_roll vid varje visning."""
    ram = inspect.currentframe().f_back.f_back
    return Path(ram.f_code.co_filename).name


def via_startpunkten(fil: str | None = None) -> None:
    """En sida som körs förbi dashboard.py körs om genom den (se nedan). fil: sidans filnamn (anroparens)."""
    fil = fil or _anroparens_fil()
    if not st.session_state.get(GENOM_STARTPUNKTEN):
        # Är första besöket efter en omstart en djuplänk (/data) kör Streamlit sidans fil direkt, som i en
        # äldre flersidig app med mappen pages/: menyn visar filnamnen och sidopanelen saknas. Sidan körs då
        # om genom dashboard.py, som går vidare till samma sida med länkens filter (?plattform=bjurholm&ar=2019).
        st.session_state[DJUPLANK] = (fil, {k: st.query_params.get_all(k) for k in st.query_params})
        st.switch_page("dashboard.py")


def fullstandighetsfragan(period: int | None) -> pl.DataFrame | None:
    """Frågan fullstandighet för perioden: vilka enheter och datamängder som finns (cachad som alla frågor)."""
    return None if period is None else kor("fullstandighet", period=period)


def forbehall(period: int | None, datamangd: str = "utfall") -> str | None:
    """Meningen som ska stå bredvid en total som bygger på färre enheter än referensdatan väntar sig."""
    if period is None:
        return None
    # Som sidornas tabeller: en gång per period, datamängd och dataversion (inte ett filter i frågesvaret per visning).
    return harlett("forbehall", (period, datamangd),
                   lambda: fullstandighet.forbehall(fullstandighetsfragan(period), orden(), period, datamangd))


def visa_forbehall(period: int | None, valt: omfattning.Omfattning | None = None, datamangd: str = "utfall") -> bool:
    """Förbehållet bredvid totalen, där läsaren ser siffran: "1 av 7 plattformar har data för 2021 ...". Visas bara
    för förbundets total (valt None: sidan visar alltid totalen). Ger True när något visades."""
    if valt is not None and not valt.ar_forbundet:
        return False
    text = forbehall(period, datamangd)
    if text:
        st.warning(f"**Ofullständig total:** {visning.som_text(text)}", icon=":material/warning:")
    return bool(text)


def visa_datakvalitet(fynd: pl.DataFrame, vad: str = "Tabellen") -> None:
    """Fynden från frågan datakvalitet_utfall under en tabell: var källan motsäger sig själv och vad som visas."""
    if not fynd.height:
        return
    st.warning(
        f"**Datakvalitet:** källan motsäger sig själv på {fynd.height} "
        f"{'punkt' if fynd.height == 1 else 'punkter'} (markerade med ⚠). "
        f"{vad} visar värden beräknade ur de lagrade antalen per kön."
    )
    for rad in fynd.iter_rows(named=True):
        st.markdown(f"- ⚠ **{visning.som_text(rad['enhet'])}, {visning.som_text(rad['matt'])}** "
                    f"({visning.som_text(rad['kon'])}): {visning.som_text(rad['beskrivning'])}")


def tom_installation() -> bool:
    """Installationen saknar organisation (inga enheter, inget målramverk sparat i appen): sidan Ny organisation."""
    from . import ny_organisation

    return _ur_ogonblicksbilden("tom_installation", ny_organisation.ar_tom)


def erbjud_mappning(fel) -> None:
    """Under en vägrad uppladdning: för varje okänt enhets- eller kategorinamn i filen ett förslag ("Menade du …?")
    och en knapp som lägger till namnet som ett annat namn för den valda enheten eller kategorin (bara för
    processledare). Filen prövas sedan igen direkt, och går igenom om inget annat är fel."""
    if not far_redigera():
        return
    with anslutning().cursor() as cur:
        forslag = [(tabell, varde, referensredigering.forslag(cur, tabell, varde))
                   for tabell, varde in referensredigering.okanda(fel)[:5]]
    for i, (tabell, varde, alternativ) in enumerate(forslag):
        if not alternativ:
            continue
        vad = orden().enhet if tabell == "plattform" else "kategori"
        namn = dict(alternativ)
        with st.container(border=True):
            st.markdown(f"**{visning.som_text(varde)}** känns inte igen som {vad}. Menade du "
                        f"**{visning.som_text(alternativ[0][1])}**?")
            valt = st.selectbox(f"Lägg till {visning.som_text(varde)} som namn för", list(namn),
                                format_func=namn.get, key=f"mappa_val_{tabell}_{i}")
            if st.button(f"Lägg till som namn för vald {vad}", key=f"mappa_{tabell}_{i}"):
                lagg_till = (referensredigering.lagg_till_enhetsnamn if tabell == "plattform"
                             else referensredigering.lagg_till_kategorinamn)
                try:
                    with skrivmarkor() as cur:
                        lagg_till(cur, anvandare(), varde, valt)
                except referensredigering.ReferensFel as e:
                    st.error(visning.som_text(e))
                else:
                    st.rerun()


_BEKRAFTELSE = "_bekraftelse"


def bekrafta_och_kor_om(text: str) -> None:
    """Efter ett sparande som kör om sidan: bekräftelsen sparas över omkörningen och visas av visa_bekraftelse
    (ett st.success precis före st.rerun syns aldrig)."""
    st.session_state[_BEKRAFTELSE] = text
    st.rerun()


def visa_bekraftelse() -> None:
    """Visar en bekräftelse som bekrafta_och_kor_om sparat, en gång: som meddelande på sidan och som toast."""
    if text := st.session_state.pop(_BEKRAFTELSE, None):
        st.success(text)
        st.toast(text, icon=":material/check_circle:")
