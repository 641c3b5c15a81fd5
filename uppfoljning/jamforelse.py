"""Presentationen bakom sidorna Plattformar och Kommuner: jämförelsetabeller, stapeldiagram mot
målramverkets målnivå och toleransband, och aktualiseringar per remitterande part.

Inga andelar räknas här. Alla antal och procent kommer färdiga från queries/plattformar_jamforelse.sql,
queries/kommuner_jamforelse.sql och queries/aktualiseringar.sql (samma kolumner för plattformar och
kommuner: enhet_id, enhet, enhet_sortering, matt_id ...). Statusen för en stapel ges av
bedomning.bedom_mot_tolerans, samma regel som sidan Mål använder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import plotly.graph_objects as go
import polars as pl

from . import diagram
from . import format as fmt
from . import smatal
from .bedomning import bedom_mot_tolerans
from .malramverk import Malramverk, Tolerans
from .status import Status

if TYPE_CHECKING:
    import pandas as pd

ALLA = "alla"
# Hur basen för en andel skrivs efter "x av y" i hovringstexten.
_BAS_TEXT = {"avslutade": "avslutade", "positiv_losning": "avslutade till positiv lösning"}
_STATUSORDNING = [Status.GRON, Status.GUL, Status.ROD, Status.FOR_FA]
_KANTFARG = "#444444"
_DOLD_FARG = "#9e9e9e"
Enhet = Callable[[str], str]  # enhet_id i frågan -> enheten i smatal-kuben (plattform eller kommun)


# ---------------------------------------------------------------- filter i URL:en


def tolka_lista(text: str | None, giltiga: Sequence[str]) -> list[str] | None:
    """En kommaseparerad lista ur URL:en ("vannas,hfe") som giltiga id i alternativens ordning.
    None när parametern saknas eller inte innehåller något giltigt id (då gäller standardvalet);
    en tom parameter ("") betyder att inget är valt."""
    if text is None:
        return None
    if text.strip() == "":
        return []
    angivna = {t.strip() for t in text.split(",")}
    valda = [g for g in giltiga if g in angivna]
    return valda or None


def urlflerval(etikett: str, alternativ: Sequence[str], nyckel: str, standard: Sequence[str],
               format_func=str) -> list[str]:
    """En multiselect i filterraden överst på sidan (ui.filterrad) vars val står i URL:en som kommalista
    (?plattformar=a,b)."""
    import streamlit as st

    from .ui import filterrad

    alternativ = list(alternativ)
    fran_url = tolka_lista(st.query_params.get(nyckel), alternativ)
    forvalt = fran_url if fran_url is not None else [a for a in standard if a in alternativ]
    val = filterrad().multiselect(etikett, alternativ, default=forvalt, format_func=format_func,
                                  key=f"url_{nyckel}", placeholder="Välj plattformar", width=540)
    st.query_params[nyckel] = ",".join(val)
    return val


def kommunalternativ(utfall: pl.DataFrame, aktualiseringar: pl.DataFrame) -> dict[str, str]:
    """Kommunfiltrets alternativ: Alla kommuner först, sedan kommuner med utfall eller aktualiseringar
    perioden i förbundets ordning."""
    alternativ = {ALLA: "Alla kommuner"}
    if utfall.height:
        for r in utfall.unique("enhet_id").sort("enhet_sortering").iter_rows(named=True):
            alternativ.setdefault(r["enhet_id"], r["enhet"])
    if aktualiseringar.height:
        kommunala = aktualiseringar.filter(pl.col("kommun_id").is_not_null())
        for r in kommunala.unique("kommun_id").sort("kommun_sortering").iter_rows(named=True):
            alternativ.setdefault(r["kommun_id"], r["kommun"])
    return alternativ


# ---------------------------------------------------------------- tabeller


def mattnamn(namn: str) -> str:
    """Måttets namn som rubrik: "varav till arbete" -> "Varav till arbete"."""
    return namn[:1].upper() + namn[1:]


def bastext(matt_id: str | None, namn: str | None) -> str:
    """Vad en andel räknas mot, som det skrivs efter "x av y"."""
    if matt_id is None:
        return ""
    return _BAS_TEXT.get(matt_id, (namn or matt_id).lower())


def enheter(df: pl.DataFrame) -> list[tuple[str, str]]:
    """(enhet_id, namn) i förbundets ordning."""
    if df.height == 0:
        return []
    unika = df.unique("enhet_id").sort("enhet_sortering")
    return list(zip(unika["enhet_id"].to_list(), unika["enhet"].to_list()))


def andelsmatt(df: pl.DataFrame) -> dict[str, str]:
    """Mått som har en andel perioden (positiv lösning, arbete ...), id -> namn, i måttens ordning."""
    if df.height == 0:
        return {}
    matt = df.filter(pl.col("andel_av").is_not_null()).unique("matt_id").sort("matt_sortering")
    return {r["matt_id"]: mattnamn(r["matt"]) for r in matt.iter_rows(named=True)}


def andelens_bas(df: pl.DataFrame, matt_id: str) -> tuple[str | None, str]:
    """(andel_av, text) för måttets andel perioden: ("avslutade", "avslutade")."""
    traff = df.filter(pl.col("matt_id") == matt_id)
    if traff.height == 0:
        return None, ""
    r = traff.row(0, named=True)
    return r["andel_av"], bastext(r["andel_av"], r["andel_av_namn"])


def saknar_utfall(valda: Sequence[str], df: pl.DataFrame) -> list[str]:
    """De valda enheter som inte har några utfall i frågesvaret."""
    med_data = set(df["enhet_id"].to_list()) if df.height else set()
    return [v for v in valda if v not in med_data]


def fyndnycklar(fynd: pl.DataFrame | None, enhet_for: dict[str, str] | None = None) -> dict[tuple[str, str], list[str]]:
    """Datakvalitetsfynd (frågan datakvalitet_utfall) per (enhet, mått) med fyndets text.
    enhet_for översätter plattform till kommun på sidan Kommuner."""
    resultat: dict[tuple[str, str], list[str]] = {}
    if fynd is None or fynd.height == 0:
        return resultat
    for r in fynd.iter_rows(named=True):
        enhet = (enhet_for or {}).get(r["enhet_id"], r["enhet_id"])
        text = f"{r['enhet']}, {r['matt']} ({r['kon']}): {r['beskrivning']}"
        resultat.setdefault((enhet, r["matt_id"]), []).append(text)
    return resultat


def fyndtexter(fynd: pl.DataFrame | None, enhet_for: dict[str, str] | None = None,
               enhet: str | None = None) -> list[str]:
    """Fyndens texter, för en enhet eller (enhet None) alla."""
    return [t for (e, _), lista in fyndnycklar(fynd, enhet_for).items() if enhet is None or e == enhet for t in lista]


def kommunernas_plattformar(df: pl.DataFrame) -> str:
    """Vilka plattformar varje kommuns siffror kommer från:
    "Umeå: Ungdomstorget, Vuxentorget · Vännäs: Vännäs"."""
    if df.height == 0:
        return ""
    unika = df.unique("enhet_id").sort("enhet_sortering")
    return " · ".join(f"{r['enhet']}: {r['plattformar'] or '–'}" for r in unika.iter_rows(named=True))


def _matt_i_ordning(df: pl.DataFrame) -> list[dict]:
    return df.unique("matt_id").sort("matt_sortering").select("matt_id", "matt", "andel_av", "andel_av_namn").to_dicts()


def _celler(df: pl.DataFrame) -> dict[tuple[str, str], dict]:
    """Raderna uppslagna på (enhet, mått) en gång: ett filter per cell blir tusentals frågor vid
    hundratals plattformar."""
    return {(r["enhet_id"], r["matt_id"]): r for r in df.iter_rows(named=True)}


def jamforelsetabell(df: pl.DataFrame, fynd: pl.DataFrame | None = None,
                     enhet_for: dict[str, str] | None = None) -> pl.DataFrame:
    """Ett mått per rad, en kolumn per plattform eller kommun: "43 (77 %)" för mått med andel,
    bara antalet för volymer. ⚠ där källan motsäger sig själv. df: frågesvaret genom skyddslagret
    (uppfoljning.skydd), så att en läsare ser "dold" där talet är dolt."""
    if df.height == 0:
        return pl.DataFrame()
    flaggor = fyndnycklar(fynd, enhet_for)
    celler = _celler(df)
    kolumner = enheter(df)
    rader = []
    for m in _matt_i_ordning(df):
        rad = {"Mått": mattnamn(m["matt"])}
        for enhet_id, namn in kolumner:
            c = celler.get((enhet_id, m["matt_id"]))
            if c is None:
                text = "–"
            elif m["andel_av"]:
                andel, antal = fmt.procent(c["andel_procent"]), fmt.heltal(c["totalt"])
                text = antal if antal == andel else f"{antal} ({andel})"
            else:
                text = fmt.heltal(c["totalt"])
            if (enhet_id, m["matt_id"]) in flaggor:
                text += " ⚠"
            rad[namn] = text
        rad["Andelen räknas av"] = (bastext(m["andel_av"], m["andel_av_namn"]) if m["andel_av"] else "")
        rader.append(rad)
    return pl.DataFrame(rader)


def kvinnotabell(df: pl.DataFrame) -> pl.DataFrame:
    """Andelen kvinnor i varje mått, som "Varav kvinnor" i styrelsehandlingens jämförelse:
    "64 % (36 av 56)"; "–" där måttet är 0; "dold" där skyddslagret har dolt andelen."""
    if df.height == 0:
        return pl.DataFrame()
    celler = _celler(df)
    kolumner = enheter(df)
    rader = []
    for m in _matt_i_ordning(df):
        rad = {"Mått": mattnamn(m["matt"])}
        for enhet_id, namn in kolumner:
            c = celler.get((enhet_id, m["matt_id"]))
            andel = None if c is None else c["andel_kvinnor_procent"]
            if andel is None or fmt.procent(andel) == fmt.DOLD:
                rad[namn] = fmt.procent(andel)
            else:
                rad[namn] = f"{fmt.procent(andel)} ({fmt.heltal(c['kvinnor'])} av {fmt.heltal(c['totalt'])})"
        rader.append(rad)
    return pl.DataFrame(rader)


def _har_annat(df: pl.DataFrame) -> bool:
    """Har någon annat/okänt kön? Ett dolt antal (NaN) räknas som att någon har det."""
    return (df["annat"].cast(pl.Float64).fill_nan(1).sum() or 0) > 0


def nedladdningstabell(df: pl.DataFrame, fynd: pl.DataFrame | None = None, enhetsrubrik: str = "Plattform",
                       enhet_for: dict[str, str] | None = None) -> pl.DataFrame:
    """Samma siffror i lång form med tal som tal, för CSV och Excel (dolda tal står som "dold" i filen,
    export.med_dolda). Kolumnen för annat kön finns bara om någon har annat kön."""
    if df.height == 0:
        return pl.DataFrame()
    flaggor = fyndnycklar(fynd, enhet_for)
    datakvalitet = [" ".join(flaggor.get((r["enhet_id"], r["matt_id"]), []))
                    for r in df.sort("enhet_sortering", "matt_sortering").iter_rows(named=True)]
    sorterad = df.sort("enhet_sortering", "matt_sortering")
    return sorterad.select(
        pl.col("enhet").alias(enhetsrubrik),
        fmt.per_rad(sorterad, mattnamn, "matt", namn="Mått"),
        pl.col("kvinnor").alias("Kvinnor"),
        pl.col("man").alias("Män"),
        *([pl.col("annat").alias("Annat/okänt kön")] if _har_annat(df) else []),
        pl.col("totalt").alias("Totalt"),
        pl.col("andel_procent").alias("Andel (%)"),
        fmt.per_rad(sorterad, bastext, "andel_av", "andel_av_namn", namn="Andelen räknas av"),
        pl.col("bas").alias("Bas för andelen"),
        pl.col("andel_kvinnor_procent").alias("Andel kvinnor (%)"),
        pl.Series("Datakvalitet", datakvalitet, dtype=pl.String),
    )


@dataclass(frozen=True)
class Tabeller:
    """Det som sidorna Plattformar och Kommuner visar under diagrammet, färdigt för st.table, och tabellen
    bakom nedladdningarna."""

    matt: "pd.DataFrame"
    kvinnor: "pd.DataFrame"
    nedladdning: pl.DataFrame


def tabeller(df: pl.DataFrame, fynd: pl.DataFrame | None, enhetsrubrik: str,
             enhet_for: dict[str, str] | None = None) -> Tabeller:
    """df: frågesvaret genom skyddslagret (ui.kor), så att tabellerna visar exakt det läsaren får se."""
    return Tabeller(
        matt=jamforelsetabell(df, fynd, enhet_for).to_pandas().set_index("Mått"),
        kvinnor=kvinnotabell(df).to_pandas().set_index("Mått"),
        nedladdning=nedladdningstabell(df, fynd, enhetsrubrik, enhet_for),
    )


# ---------------------------------------------------------------- målnivå och status för staplarna


@dataclass(frozen=True)
class Malinfo:
    """Målramverkets målnivå för ett mått en period: indikatorn, nivån, toleransen och minsta underlag."""

    indikator_id: str
    indikator_namn: str
    malniva: float
    tolerans: Tolerans
    minsta_underlag: int


def minsta_underlag(ram: Malramverk | None) -> int:
    return ram.minsta_underlag.avslutade if ram is not None else 0


def malinfo(ram: Malramverk | None, matt_id: str, period: int, andel_av: str | None) -> Malinfo | None:
    """Indikatorn av typ andel_utfall vars mått är just [matt_id] och som räknar andelen mot samma bas,
    med målnivå och tolerans för perioden. None om ramverket inte har någon sådan."""
    if ram is None:
        return None
    for ind_id, ind in ram.indikatorer.items():
        if ind.typ != "andel_utfall" or list(ind.matt) != [matt_id]:
            continue
        if ind.andel_av is not None and ind.andel_av != andel_av:
            continue
        niva = ind.malniva.get(period)
        if isinstance(niva, dict):
            niva = niva.get("alla")
        tolerans = ram.tolerans_for(ind)
        if niva is None or isinstance(niva, str) or tolerans is None:
            continue
        minsta = ind.minsta_underlag if ind.minsta_underlag is not None else ram.minsta_underlag.avslutade
        return Malinfo(ind_id, ind.namn, float(niva), tolerans, minsta)
    return None


def _tal(x: float) -> str:
    """Ett tal som det skrivs på svenska, utan onödiga decimaler: 10.0 -> "10", 2.5 -> "2,5"."""
    return f"{x:g}".replace(".", ",")


def _grans(mal: Malinfo, steg: float) -> float:
    """Hur många procentenheter från målnivån en toleransgräns ligger."""
    return mal.malniva * steg / 100 if mal.tolerans.satt == "procent" else steg


def toleransband(mal: Malinfo) -> list[tuple[float, float, Status]]:
    """Fälten bakom staplarna: (från, till, status). För hogre_ar_battre ligger grönt från
    målnivå minus gron upp till målnivån och gult från målnivå minus gul upp till grönt."""
    m, gron, gul = mal.malniva, _grans(mal, mal.tolerans.gron), _grans(mal, mal.tolerans.gul)
    if mal.tolerans.riktning == "hogre_ar_battre":
        band = [(m - gron, m, Status.GRON), (m - gul, m - gron, Status.GUL)]
    else:
        band = [(m, m + gron, Status.GRON), (m + gron, m + gul, Status.GUL)]
    return [(max(a, 0.0), b, s) for a, b, s in band if b > max(a, 0.0)]


@dataclass(frozen=True)
class Stapel:
    enhet_id: str
    enhet: str
    varde: int | None
    taljare: int
    namnare: int | None
    avslutade: int
    status: Status | None  # None: ingen målnivå att bedöma mot
    statustext: str
    fynd: tuple[str, ...] = ()
    dold: bool = False  # för få personer för en läsare: inga tal, ingen status


def staplar(df: pl.DataFrame, matt_id: str, mal: Malinfo | None, minsta: int,
            fynd: pl.DataFrame | None = None, enhet_for: dict[str, str] | None = None) -> list[Stapel]:
    """En stapel per plattform eller kommun för måttet, med status enligt toleransregeln.
    Färre avslutade än minsta underlag, eller ingen bas alls, ger För få för bedömning.
    df: frågesvaret genom skyddslagret: en stapel vars andel är dold för en läsare blir en stapel utan tal och
    utan status, och är antalet avslutade dolt bedöms andelen inte (regeln om minsta underlag kan inte prövas
    utan talet)."""
    flaggor = fyndnycklar(fynd, enhet_for)
    resultat = []
    for r in df.filter(pl.col("matt_id") == matt_id).sort("enhet_sortering").iter_rows(named=True):
        varde = r["andel_procent"]
        if _dold(varde):
            resultat.append(Stapel(r["enhet_id"], r["enhet"], None, None, None, None, None,
                                   "Andelen visas inte: den bygger på ett litet tal, eller på ett tal som är dolt "
                                   "för att skydda ett sådant.",
                                   tuple(flaggor.get((r["enhet_id"], matt_id), [])), dold=True))
            continue
        if _dold(r["avslutade"]):
            resultat.append(Stapel(r["enhet_id"], r["enhet"], varde, r["totalt"], r["bas"], None, Status.FOR_FA,
                                   "Antalet avslutade är dolt för att skydda små tal, så andelen bedöms inte här "
                                   f"(minst {minsta} avslutade krävs för bedömning).",
                                   tuple(flaggor.get((r["enhet_id"], matt_id), []))))
            continue
        if varde is None:
            status, text = Status.FOR_FA, "Basen är 0, så ingen andel kan räknas."
        elif r["avslutade"] < minsta:
            ord = "avslutad" if r["avslutade"] == 1 else "avslutade"
            status = Status.FOR_FA
            text = f"Bara {r['avslutade']} {ord}; minst {minsta} krävs för bedömning."
        elif mal is not None:
            status, avvikelse, _ = bedom_mot_tolerans(varde, mal.malniva, mal.tolerans)
            text = f"{fmt.procentenheter(avvikelse)} mot målnivån {fmt.procent(mal.malniva)}"
        else:
            status, text = None, ""
        resultat.append(Stapel(r["enhet_id"], r["enhet"], varde, r["totalt"], r["bas"], r["avslutade"], status,
                               text, tuple(flaggor.get((r["enhet_id"], matt_id), []))))
    return resultat


# Mönstren som skiljer statusarna åt utan färg (samma som mötesunderlagets diagram och PDF).
MONSTER = {Status.GRON: "", Status.GUL: "/", Status.ROD: "x", Status.FOR_FA: "."}


def _stapeltext(s: Stapel) -> str:
    """Talet över stapeln med statusens symbol; för litet underlag: antalen, så att 100 % av 1 inte ser ut som
    ett säkert resultat."""
    text = "–" if s.varde is None else fmt.procent(s.varde)
    if s.status == Status.FOR_FA and s.taljare is not None and s.namnare:
        text += f"<br>{fmt.heltal(s.taljare)} av {fmt.heltal(s.namnare)}"
    elif s.status is not None:
        text = f"{s.status.visning.symbol} {text}"
    return text + (" ⚠" if s.fynd else "")


def _hovring(s: Stapel, bas: str) -> str:
    rader = [f"<b>{s.enhet}</b>"]
    if s.dold:
        return "<br>".join([*rader, s.statustext, *[f"⚠ {f}" for f in s.fynd]])
    if s.varde is None:
        rader.append(f"{fmt.heltal(s.taljare)} av {fmt.heltal(s.namnare or 0)} {bas}: ingen andel")
    else:
        rader.append(f"{fmt.procent(s.varde)}: {fmt.heltal(s.taljare)} av {fmt.heltal(s.namnare)} {bas}")
    if s.status is not None:
        rader.append(f"Status: {s.status.visning.etikett}")
    if s.statustext:
        rader.append(s.statustext)
    rader += [f"⚠ {f}" for f in s.fynd]
    return "<br>".join(rader)


def diagram_om_synligt(staplar: list[Stapel], titel: str, bas: str, mal: Malinfo | None) -> go.Figure | None:
    """Stapeldiagrammet, eller None när varje stapel är dold för läsaren (då finns inget att rita)."""
    if staplar and all(s.dold for s in staplar):
        return None
    return stapeldiagram(staplar, titel, bas, mal)


def stapeldiagram(lista: list[Stapel], titel: str, bas: str, mal: Malinfo | None,
                  x_titel: str | None = None) -> go.Figure:
    """Staplar per enhet, färgade efter status, med målnivån som linje och toleransbanden bakom."""
    fig = go.Figure()
    if mal is not None:
        farg = {Status.GRON: diagram.BAND_GRONT, Status.GUL: diagram.BAND_GULT}
        for fran, till, status in toleransband(mal):
            fig.add_hrect(y0=fran, y1=till, fillcolor=farg[status], line_width=0, layer="below")
        fig.add_hline(y=mal.malniva, line_dash="dash", line_color="#333333", line_width=2,
                      annotation_text=f"Målnivå {fmt.procent(mal.malniva)}", annotation_position="top left")
    grupper: dict[Status | None, list[Stapel]] = {}
    for s in lista:
        if not s.dold:
            grupper.setdefault(s.status, []).append(s)
    for status in [None, *_STATUSORDNING]:
        if status not in grupper:
            continue
        del_lista = grupper[status]
        fig.add_bar(
            x=[s.enhet for s in del_lista],
            y=[s.varde or 0 for s in del_lista],
            name=status.visning.etikett if status is not None else "Utfall",
            # Status syns även utan färg: mönster som i mötesunderlagets diagram och symbolen över stapeln. En
            # stapel med för litet underlag (Bjurholms "1 av 1") är ljus, prickig och visar antalen.
            marker={"color": status.visning.farg if status is not None else diagram.PALETT[0],
                    "line": {"color": _KANTFARG, "width": 1},
                    "pattern": {"shape": MONSTER.get(status, ""), "fgcolor": "#000000", "fillmode": "overlay",
                                "solidity": 0.15},
                    "opacity": 0.45 if status == Status.FOR_FA else 1},
            text=[_stapeltext(s) for s in del_lista],
            textposition="outside",
            cliponaxis=False,
            customdata=[[_hovring(s, bas)] for s in del_lista],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    dolda = [s for s in lista if s.dold]
    if dolda:
        # Ingen stapel och inget tal: en grå markering "dold" vid nollinjen, med skälet i hovringen.
        fig.add_scatter(
            x=[s.enhet for s in dolda], y=[0] * len(dolda), mode="markers+text", name="Dold (skydd för små tal)",
            marker={"color": _DOLD_FARG, "symbol": "line-ew-open", "size": 28, "line": {"width": 3,
                                                                                      "color": _DOLD_FARG}},
            text=["dold" for _ in dolda], textposition="top center", textfont={"color": "#555555"},
            cliponaxis=False, customdata=[[_hovring(s, bas)] for s in dolda],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    diagram.svensk_layout(fig, titel, "Andel (%)", x_titel=x_titel, procent=True)
    fig.update_layout(barmode="relative", showlegend=True, height=460)
    fig.update_xaxes(categoryorder="array", categoryarray=[s.enhet for s in lista])
    fig.update_yaxes(range=[0, 112], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def forklaring(mal: Malinfo | None, minsta: int, matt: str, period: int) -> str:
    """Texten under diagrammet: vad färgerna och fälten betyder, med regelns siffror."""
    delar = []
    if mal is None:
        delar.append(f"Målramverket har ingen målnivå för {matt.lower()} {period}; staplarna visar utfallet "
                     "utan bedömning.")
    else:
        band = {s: (a, b) for a, b, s in toleransband(mal)}
        regel = f"regeln för {mal.tolerans.rubrik}" if mal.tolerans.rubrik else "toleransregeln"
        enhet = "procent av målnivån" if mal.tolerans.satt == "procent" else "procentenheter"
        hall = "under" if mal.tolerans.riktning == "hogre_ar_battre" else "över"
        delar.append(f"Streckad linje: målnivån {fmt.procent(mal.malniva)} {period} för indikatorn "
                     f"\"{mal.indikator_namn}\". Stapelns färg är status enligt {regel}: "
                     f"{Status.GRON.visning.etikett} högst {_tal(mal.tolerans.gron)} och "
                     f"{Status.GUL.visning.etikett} högst {_tal(mal.tolerans.gul)} {enhet} {hall} "
                     f"målnivån, annars {Status.ROD.visning.etikett}.")
        if Status.GRON in band and Status.GUL in band:
            (g0, g1), (y0, y1) = band[Status.GRON], band[Status.GUL]
            delar.append(f"Det gröna fältet ({fmt.med_enhet(f'{_tal(g0)}–{_tal(g1)}', '%')}) och det gula "
                         f"({fmt.med_enhet(f'{_tal(y0)}–{_tal(y1)}', '%')}) visar var gränserna går.")
    if minsta:
        delar.append(f"Grå stapel: {Status.FOR_FA.visning.etikett} (färre än {minsta} avslutade).")
    delar.append("Håll muspekaren över en stapel för antalen bakom andelen. ⚠ betyder att källan motsäger "
                 "sig själv; värdet är beräknat ur de lagrade antalen per kön.")
    return " ".join(delar)


# ---------------------------------------------------------------- aktualiseringar


def _rapporterad_procent(varde: float | None) -> str:
    """Källans procent med sin decimal: 71.5 -> "71,5 %"."""
    if varde is None:
        return "–"
    return fmt.med_enhet(_tal(varde), "%")


def aktualiseringar_totalt(df: pl.DataFrame) -> str:
    """Meningen över tabellen: "448 personer har aktualiserats, varav 182 kvinnor (41 %)". df: frågan
    aktualiseringar, för en läsare genom skyddslagret (dolda tal är NaN)."""
    total = df.filter(pl.col("totalrad"))
    if total.height == 0:
        return ""
    r = total.row(0, named=True)
    if _dold(r["antal"]):
        return "Antalet aktualiserade är dolt för att skydda små tal."
    if _dold(r["andel_kvinnor_procent"]) or _dold(r["kvinnor"]):
        return f"{fmt.heltal(r['antal'])} personer har aktualiserats."
    kvinnor = (f", varav {fmt.heltal(r['kvinnor'])} kvinnor ({fmt.procent(r['andel_kvinnor_procent'])})"
               if r["andel_kvinnor_procent"] is not None else "")
    return f"{fmt.heltal(r['antal'])} {'person' if r['antal'] == 1 else 'personer'} har aktualiserats{kvinnor}."


def forbundsgemensamma_parter(df: pl.DataFrame) -> list[str]:
    """Remitterande parter vars aktualiseringar inte är fördelade på kommun."""
    if df.height == 0:
        return []
    utan = df.filter(~pl.col("totalrad") & pl.col("kommun_id").is_null()).sort("part_sortering")
    return list(dict.fromkeys(utan["part"].to_list()))


def _dold(varde) -> bool:
    """Ett tal som skyddslagret har dolt för en läsare (NaN)."""
    return isinstance(varde, float) and varde != varde


def aktualiseringstabell(df: pl.DataFrame) -> pl.DataFrame:
    """Styrelsehandlingens tabell över aktualiseringar: antal, varav kvinnor "47 % (51)",
    andel som fått ja i beredning i hel procent och källans uppgift med decimal. "dold" där skyddslagret
    har dolt talet."""
    if df.height == 0:
        return pl.DataFrame()
    rader = []
    for r in df.iter_rows(named=True):
        if _dold(r["andel_ja_procent"]):
            ja = kallans = smatal.DOLD_ANDEL
        else:
            ja = fmt.procent(r["andel_ja_procent"]) if r["andel_ja_procent"] is not None else "–"
            if r["ja_rapporterad"]:
                ja += " ¹"
            kallans = _rapporterad_procent(r["andel_ja_rapporterad"])
        if _dold(r["andel_kvinnor_procent"]):
            antal = fmt.heltal(r["kvinnor"])
            kvinnor = smatal.DOLD_ANDEL if antal == smatal.DOLD_ANDEL else f"{smatal.DOLD_ANDEL} ({antal})"
        elif r["andel_kvinnor_procent"] is not None:
            kvinnor = f"{fmt.procent(r['andel_kvinnor_procent'])} ({fmt.heltal(r['kvinnor'])})"
        else:
            kvinnor = "–"
        rader.append({
            "Remitterande part": r["remitterande"],
            "Aktualiserade": fmt.heltal(r["antal"]),
            "Varav kvinnor": kvinnor,
            "Män": fmt.heltal(r["man"]),
            "Fått ja i beredning": ja,
            "Källans uppgift": kallans,
        })
    return pl.DataFrame(rader)


def aktualiseringar_nedladdning(df: pl.DataFrame) -> pl.DataFrame:
    """Aktualiseringarna i lång form med tal som tal (dolda tal står som "dold" i filen, export.med_dolda).
    Kolumnen för annat kön bara om någon har annat kön."""
    if df.height == 0:
        return pl.DataFrame()
    return df.select(
        pl.col("remitterande").alias("Remitterande part"),
        pl.col("kommun").alias("Kommun"),
        pl.col("antal").alias("Aktualiserade"),
        pl.col("kvinnor").alias("Kvinnor"),
        pl.col("man").alias("Män"),
        *([pl.col("annat").alias("Annat/okänt kön")] if _har_annat(df) else []),
        pl.col("andel_kvinnor_procent").alias("Andel kvinnor (%)"),
        pl.col("antal_ja").alias("Fått ja i beredning (antal)"),
        pl.col("andel_ja_procent").alias("Fått ja i beredning (%)"),
        pl.col("andel_ja_rapporterad").alias("Källans andel ja (%)"),
        pl.col("ja_rapporterad").alias("Andel ja är källans rapporterade procent"),
    )


def _akt_hovring(r: dict, kon: str, kolumn: str, andel: str) -> str:
    rubrik = f"<b>{r['remitterande']}</b><br>{kon}: "
    if _dold(r[kolumn]):
        return rubrik + "dold (ett litet tal, eller ett tal som skulle avslöja ett sådant)"
    if _dold(r[andel]) or _dold(r["antal"]):
        return rubrik + fmt.heltal(r[kolumn])
    return (rubrik + f"{fmt.heltal(r[kolumn])} av {fmt.heltal(r['antal'])}"
            + (f" ({fmt.procent(r[andel])})" if r[andel] is not None else ""))


def aktualiseringar_synliga(df: pl.DataFrame) -> int:
    """Hur många staplar (kvinnor och män per part) i diagrammet som inte är dolda för läsaren."""
    rader = df.filter(~pl.col("totalrad")).to_dicts() if df.height else []
    return sum(not _dold(r[k]) for r in rader for k in ("kvinnor", "man"))


def aktualiseringsdiagram(df: pl.DataFrame, titel: str) -> go.Figure:
    """Liggande staplar per remitterande part, kvinnor och män staplade, antal och andel i hovringen.
    Dolda staplar (skyddslagret) ritas inte, och hovringen säger att de är dolda."""
    rader = df.filter(~pl.col("totalrad")).to_dicts()
    rader.reverse()  # Plotly ritar liggande staplar nerifrån och upp
    fig = go.Figure()
    for kon, kolumn, andel in [("Kvinnor", "kvinnor", "andel_kvinnor_procent"), ("Män", "man", "andel_man_procent")]:
        fig.add_bar(
            y=[r["remitterande"] for r in rader],
            x=[None if _dold(r[kolumn]) else r[kolumn] for r in rader],
            name=kon,
            orientation="h",
            marker={"color": diagram.KON_FARGER[kon]},
            customdata=[[_akt_hovring(r, kon, kolumn, andel)] for r in rader],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    diagram.svensk_layout(fig, titel, None, x_titel="Antal aktualiserade")
    fig.update_layout(barmode="stack", height=max(320, 60 + 32 * len(rader)), legend_traceorder="normal")
    fig.update_yaxes(automargin=True)
    return fig
