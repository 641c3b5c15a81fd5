"""Presentationen bakom sidorna Kvinnor och män och Över tid.

Inga andelar räknas här. Antal, andelar och skillnaden mellan kvinnors och mäns andel kommer färdiga ur
queries/kon_jamforelse.sql, queries/kon_enkat.sql, queries/kon_enkat_svarsfrekvens.sql,
queries/over_tid.sql och queries/over_tid_definitionsbyte.sql. Här byggs tabeller med svenska
rubriker och "72 %", diagram, och de få regler som gäller visningen: när en skillnad är stor (gränsen
väljs på sidan) och vilken målnivå målramverket anger för ett år.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from . import diagram
from . import format as fmt
from . import smatal
from .malramverk import Indikator, Malramverk
from .omfattning import Omfattning
from .skydd import ar_dold

# ---------------------------------------------------------------- Kvinnor och män

GRANS_STANDARD = 10
STOR_SKILLNAD = "◆ Stor skillnad"
_BAS_TEXT = {"avslutade": "avslutade", "positiv_losning": "avslutade till positiv lösning"}
_GRUPPNAMN = {"deltagare": "Deltagare", "medarbetare": "Medarbetare", "chefer": "Chefer"}
# Delmått (varav ...) dras in med hårda mellanslag: vanliga inledande mellanslag blir kodblock i st.table.
INDRAG = "\u00a0" * 4
SKILLNAD = "Skillnad kvinnor–män (procentenheter)"


def tolka_grans(text: str | None, minsta: int = 0, storsta: int = 100) -> int | None:
    """Gränsen ur URL:en (?grans=15) som heltal inom [minsta, storsta]; None om den saknas eller är ogiltig."""
    if text is None:
        return None
    try:
        tal = int(str(text).strip())
    except ValueError:
        return None
    return tal if minsta <= tal <= storsta else None


def urlgrans(etikett: str = "Stor skillnad från (procentenheter)", nyckel: str = "grans",
             standard: int = GRANS_STANDARD) -> int:
    """Ett heltalsfält i filterraden överst på sidan (ui.filterrad) vars värde står i URL:en (?grans=10), så att
    en länk visar samma vy."""
    import streamlit as st

    from .ui import filterrad

    fran_url = tolka_grans(st.query_params.get(nyckel))
    varde = filterrad().number_input(
        etikett, min_value=0, max_value=100, step=1, value=fran_url if fran_url is not None else standard,
        key=f"url_{nyckel}", width=260,
        help="Skillnaden mellan kvinnors och mäns andel markeras som stor när den är minst så här många "
             "procentenheter, åt något håll.")
    st.query_params[nyckel] = str(int(varde))
    return int(varde)


def skillnadstext(skillnad: int | None) -> str:
    """Skillnaden i procentenheter med tecken: 28 -> "+28", -5 -> "-5", 0 -> "±0"."""
    if skillnad is None:
        return ""
    if skillnad != skillnad:  # dold av skyddslagret (NaN)
        return smatal.DOLD_ANDEL
    skillnad = int(skillnad)
    return "±0" if skillnad == 0 else f"{skillnad:+d}"


def stor_skillnad(skillnad: int | None, grans: int) -> bool:
    """En skillnad är stor när den är minst gränsen, åt något håll (kvinnor eller män högre)."""
    return skillnad is not None and abs(skillnad) >= grans


def bastext(andel_av: str | None, namn: str | None = None) -> str:
    """Vad en andel räknas mot, som det skrivs efter "x av y": "avslutade", "avslutade till positiv lösning"."""
    if andel_av is None:
        return ""
    return _BAS_TEXT.get(andel_av, (namn or andel_av).lower())


def mattnamn(namn: str) -> str:
    return namn[:1].upper() + namn[1:]


def _har_annat(df: pl.DataFrame) -> bool:
    # Ett dolt antal (NaN, skyddslagret) räknas som att någon har annat kön.
    return df.height > 0 and (df["annat"].cast(pl.Float64).fill_nan(1).sum() or 0) > 0


def _flaggade(fynd: pl.DataFrame | None) -> set[str]:
    return set(fynd["matt_id"].to_list()) if fynd is not None and fynd.height else set()


def andelsrader(df: pl.DataFrame) -> pl.DataFrame:
    """Mått som har en andel perioden (positiv lösning, arbete, avbrott ...), i måttens ordning."""
    return df.filter(pl.col("andel_av").is_not_null()) if df.height else df


_ANDELSKOLUMN = {"kvinnor": "andel_kvinnor_procent", "man": "andel_man_procent", "annat": "andel_annat_procent",
                 "totalt": "andel_procent"}


def _dold(varde) -> bool:
    """Ett tal som skyddslagret (uppfoljning.skydd) har dolt för en läsare (NaN)."""
    return isinstance(varde, float) and varde != varde


class _Konsrad:
    """Hur en rad ur kon_jamforelse visas. För en läsare kommer raden genom skyddslagret: dolda antal och andelar
    är NaN och visas som "dold"."""

    @staticmethod
    def antal(r: dict, kon: str) -> str:
        return fmt.heltal(r[kon])

    @staticmethod
    def andel_dold(r: dict, kon: str) -> bool:
        """Könets andel av sin bas (kvinnornas av kvinnornas)."""
        return r["andel_av"] is not None and _dold(r[_ANDELSKOLUMN[kon]])

    def skillnad_dold(self, r: dict) -> bool:
        return self.andel_dold(r, "kvinnor") or self.andel_dold(r, "man") or _dold(r["skillnad_procentenheter"])

    @staticmethod
    def fordelning_dold(r: dict, kon: str) -> bool:
        """Könets andel av måttets totalt (könsfördelningen)."""
        return _dold(r[f"{kon}_av_totalt_procent"])

    def andel(self, r: dict, kon: str, kolumn: str) -> str:
        return smatal.DOLD_ANDEL if self.andel_dold(r, kon) else fmt.procent(r[kolumn])


_RAD = _Konsrad()


def konstabell(df: pl.DataFrame, grans: int, fynd: pl.DataFrame | None = None) -> pl.DataFrame:
    """Varje utfallsmått med kvinnor och män sida vid sida: antal och andel per kön, skillnaden i
    procentenheter (kvinnor minus män, mellan de avrundade andelarna) och ◆ där den är stor.
    Annat/okänt kön visas bara när någon finns. ⚠ efter måttet där källan motsäger sig själv.
    För en läsare (skyddslagret): "dold"; skillnaden och markeringen döljs när en av andelarna är dold."""
    if df.height == 0:
        return pl.DataFrame()
    sk = _RAD
    flaggade = _flaggade(fynd)
    visa_annat = _har_annat(df)
    rader = []
    for r in df.iter_rows(named=True):
        har_andel = r["andel_av"] is not None
        namn = (INDRAG if r["ingar_i"] else "") + mattnamn(r["matt"]) + (" ⚠" if r["matt_id"] in flaggade else "")
        rad = {
            "Mått": namn,
            "Kvinnor": sk.antal(r, "kvinnor"),
            "Andel kvinnor": sk.andel(r, "kvinnor", "andel_kvinnor_procent") if har_andel else "",
            "Män": sk.antal(r, "man"),
            "Andel män": sk.andel(r, "man", "andel_man_procent") if har_andel else "",
        }
        if visa_annat:
            rad["Annat/okänt kön"] = sk.antal(r, "annat")
            rad["Andel annat/okänt"] = sk.andel(r, "annat", "andel_annat_procent") if har_andel else ""
        dold = har_andel and sk.skillnad_dold(r)
        skillnad = smatal.DOLD_ANDEL if dold else skillnadstext(r["skillnad_procentenheter"])
        rad[SKILLNAD] = skillnad if har_andel else ""
        rad["Markering"] = (STOR_SKILLNAD if har_andel and not dold
                            and stor_skillnad(r["skillnad_procentenheter"], grans) else "")
        rad["Andelen räknas av"] = bastext(r["andel_av"], r["andel_av_namn"])
        rader.append(rad)
    return pl.DataFrame(rader)


def konstabell_nedladdning(df: pl.DataFrame, grans: int, fynd: pl.DataFrame | None = None) -> pl.DataFrame:
    """Samma siffror med tal som tal, för CSV och Excel (dolda tal står som "dold" i filen, export.med_dolda).
    Kolumnerna för annat kön bara om någon har annat kön."""
    if df.height == 0:
        return pl.DataFrame()
    flaggade = _flaggade(fynd)
    annat = _har_annat(df)
    skillnad = pl.col("skillnad_procentenheter").cast(pl.Float64)
    return df.select(
        fmt.per_rad(df, mattnamn, "matt", namn="Mått"),
        pl.col("kvinnor").alias("Kvinnor"),
        pl.col("man").alias("Män"),
        *([pl.col("annat").alias("Annat/okänt kön")] if annat else []),
        pl.col("totalt").alias("Totalt"),
        fmt.per_rad(df, bastext, "andel_av", "andel_av_namn", namn="Andelen räknas av"),
        pl.col("bas_kvinnor").alias("Bas kvinnor"),
        pl.col("bas_man").alias("Bas män"),
        *([pl.col("bas_annat").alias("Bas annat/okänt")] if annat else []),
        pl.col("andel_kvinnor_procent").alias("Andel kvinnor (%)"),
        pl.col("andel_man_procent").alias("Andel män (%)"),
        *([pl.col("andel_annat_procent").alias("Andel annat/okänt (%)")] if annat else []),
        pl.col("skillnad_procentenheter").alias("Skillnad kvinnor–män (procentenheter)"),
        pl.when(skillnad.is_nan()).then(pl.lit(smatal.DOLD_ANDEL))
        .when(pl.col("andel_av").is_not_null() & (skillnad.abs() >= grans)).then(pl.lit("Ja"))
        .otherwise(pl.lit("")).alias(f"Stor skillnad (minst {fmt.med_enhet(grans, 'procentenheter')})"),
        pl.col("kvinnor_av_totalt_procent").alias("Kvinnor av totalt (%)"),
        pl.when(pl.col("matt_id").is_in(list(flaggade))).then(pl.lit("Källan motsäger sig själv"))
        .otherwise(pl.lit("")).alias("Datakvalitet"),
    )


def stora_skillnader(df: pl.DataFrame, grans: int) -> list[str]:
    """En mening per mått med stor skillnad: "◆ Avbrott av hälsoskäl: kvinnor 43 % (6 av 14 avslutade),
    män 15 % (3 av 20 avslutade), +28 procentenheter.". Med skydd (läsare) bara där båda andelarna visas."""
    sk = _RAD
    meningar = []
    for r in andelsrader(df).iter_rows(named=True):
        if not stor_skillnad(r["skillnad_procentenheter"], grans) or sk.skillnad_dold(r):
            continue
        bas = bastext(r["andel_av"], r["andel_av_namn"])
        meningar.append(
            f"◆ **{mattnamn(r['matt'])}**: kvinnor {fmt.procent(r['andel_kvinnor_procent'])} "
            f"({fmt.heltal(r['kvinnor'])} av {fmt.heltal(r['bas_kvinnor'])} {bas}), "
            f"män {fmt.procent(r['andel_man_procent'])} ({fmt.heltal(r['man'])} av {fmt.heltal(r['bas_man'])} {bas}), "
            f"{fmt.procentenheter(r['skillnad_procentenheter'])}."
        )
    return meningar


def synliga_andelar(df: pl.DataFrame) -> int:
    """Hur många andelar per kön (kvinnor och män) i diagrammet som inte är dolda för läsaren."""
    sk = _RAD
    return sum(not sk.andel_dold(r, k) for r in andelsrader(df).iter_rows(named=True) for k in ("kvinnor", "man"))


def dolda_skillnader(df: pl.DataFrame) -> int:
    """Hur många mått vars skillnad mellan kvinnor och män är dold för läsaren."""
    sk = _RAD
    return sum(sk.skillnad_dold(r) for r in andelsrader(df).iter_rows(named=True))


def kondiagram(df: pl.DataFrame, grans: int, titel: str) -> go.Figure:
    """Liggande staplar: kvinnors och mäns andel i varje mått med andel, antalen bakom i hovringen.
    Mått med stor skillnad får ◆ framför namnet. Med skydd (läsare) ritas ingen stapel för en dold andel:
    texten "dold" står i stället, och hovringen säger varför."""
    sk = _RAD
    rader = andelsrader(df).to_dicts()
    rader.reverse()  # Plotly ritar liggande staplar nerifrån och upp
    etiketter = [("◆ " if stor_skillnad(r["skillnad_procentenheter"], grans) and not sk.skillnad_dold(r) else "")
                 + mattnamn(r["matt"]) for r in rader]
    fig = go.Figure()
    # Liggande grupperade staplar ritas nerifrån: Män först så att Kvinnor hamnar överst i varje grupp.
    for kon, kolumn, andel, bas in [("Män", "man", "andel_man_procent", "bas_man"),
                                    ("Kvinnor", "kvinnor", "andel_kvinnor_procent", "bas_kvinnor")]:
        hovring, x, text = [], [], []
        for r, etikett in zip(rader, etiketter):
            if sk.andel_dold(r, kolumn):
                hovring.append(f"<b>{etikett}</b><br>{kon}: dold (ett litet tal, eller ett tal som skulle avslöja ett "
                               "sådant)")
                x.append(None)
                text.append(smatal.DOLD_ANDEL)
                continue
            h = (f"<b>{etikett}</b><br>{kon}: {fmt.procent(r[andel])} "
                 f"({fmt.heltal(r[kolumn])} av {fmt.heltal(r[bas])} {bastext(r['andel_av'], r['andel_av_namn'])})")
            if r["skillnad_procentenheter"] is not None and not sk.skillnad_dold(r):
                h += f"<br>Skillnad kvinnor–män: {fmt.procentenheter(r['skillnad_procentenheter'])}"
            hovring.append(h)
            x.append(r[andel] if r[andel] is not None else 0)
            text.append(fmt.procent(r[andel]))
        fig.add_bar(
            y=etiketter, x=x, name=kon, orientation="h",
            marker={"color": diagram.KON_FARGER[kon]},
            text=text, textposition="outside", cliponaxis=False,
            customdata=[[h] for h in hovring], hovertemplate="%{customdata[0]}<extra></extra>",
        )
    diagram.svensk_layout(fig, titel, None, x_titel="Andel (%)")
    fig.update_layout(barmode="group", height=max(320, 70 * len(rader) + 140), legend={"traceorder": "reversed"})
    fig.update_xaxes(ticksuffix=" %", range=[0, 112], tickvals=[0, 20, 40, 60, 80, 100], gridcolor="#e5e5e5")
    fig.update_yaxes(categoryorder="array", categoryarray=etiketter)
    return fig


def konsfordelning(df: pl.DataFrame) -> pl.DataFrame:
    """Könsfördelningen i volymmåtten (deltagare, nya, avslutade, kvar): antal och andel av totalt.
    Med skydd (läsare): "dold"."""
    if df.height == 0:
        return pl.DataFrame()
    sk = _RAD
    volymer = df.filter(pl.col("andel_av").is_null())
    visa_annat = _har_annat(volymer)

    def cell(r, kon, andel):
        delen = smatal.DOLD_ANDEL if sk.fordelning_dold(r, kon) else fmt.procent(r[andel])
        antal = sk.antal(r, kon)
        return antal if antal == delen else f"{antal} ({delen})"

    rader = []
    for r in volymer.iter_rows(named=True):
        rad = {
            "Mått": mattnamn(r["matt"]),
            "Kvinnor": cell(r, "kvinnor", "kvinnor_av_totalt_procent"),
            "Män": cell(r, "man", "man_av_totalt_procent"),
        }
        if visa_annat:
            rad["Annat/okänt kön"] = cell(r, "annat", "annat_av_totalt_procent")
        rad["Totalt"] = sk.antal(r, "totalt")
        rader.append(rad)
    return pl.DataFrame(rader)


def deltagarmening(df: pl.DataFrame, namn: str, period: int) -> str:
    """ "Av 914 deltagare i Förbundet totalt 2020 var 415 kvinnor (45 %) och 499 män (55 %)."
    Med skydd (läsare) utan de tal som är dolda."""
    traff = df.filter(pl.col("matt_id") == "deltagare") if df.height else df
    if traff.height == 0:
        return f"Antal deltagare finns inte för {namn} {period}."
    r = traff.row(0, named=True)
    sk = _RAD
    if any(sk.fordelning_dold(r, k) for k in ("kvinnor", "man", "annat") if r[k]):
        return (f"Antal deltagare i {namn} {period}: {sk.antal(r, 'totalt')}, varav {sk.antal(r, 'kvinnor')} "
                f"kvinnor och {sk.antal(r, 'man')} män. Könsfördelningen i procent visas inte, eftersom den "
                "bygger på ett dolt tal.")
    text = (f"Av {fmt.heltal(r['totalt'])} deltagare i {namn} {period} var {fmt.heltal(r['kvinnor'])} kvinnor "
            f"({fmt.procent(r['kvinnor_av_totalt_procent'])}) och {fmt.heltal(r['man'])} män "
            f"({fmt.procent(r['man_av_totalt_procent'])})")
    if r["annat"]:
        text += f", {fmt.heltal(r['annat'])} med annat eller okänt kön ({fmt.procent(r['annat_av_totalt_procent'])})"
    return text + "."


BEFOLKNING_SAKNAS = (
    "Någon uppgift om könsfördelningen i den befolkning som förbundet ska nå finns inte lagrad, så "
    "deltagarnas könsfördelning kan inte jämföras med den här."
)


def _gruppnamn(grupp: str) -> str:
    return _GRUPPNAMN.get(grupp, mattnamn(grupp))


def enkatkolumner(df: pl.DataFrame) -> list[str]:
    """Svarandegrupperna som har något värde i urvalet, i referensdatans ordning (Alla svarande, Kvinnor,
    Män, Annat alternativ, Osäker, Vill ej svara). Ingen grupp med värden tas bort."""
    if df.height == 0:
        return []
    med_varde = df.filter(pl.col("procent").is_not_null())
    unika = med_varde.unique("kon").sort("kon_sortering")
    return unika["kon_namn"].to_list()


def enkattabell(df: pl.DataFrame) -> pl.DataFrame:
    """En rad per enkätfråga: andelen positiva för alla svarande och per kön, "94 %" eller med antal
    "94 % (15 av 16)". Kolumner bara för grupper som har något värde. För en läsare (skyddslagret) står "dold"
    där antalen är för få eller skulle avslöja ett dolt tal ("dold (12 svar)" när bara andelen är dold)."""
    if df.height == 0 or df.filter(pl.col("procent").is_not_null()).height == 0:
        return pl.DataFrame()
    kolumner = enkatkolumner(df)
    rader = []
    for (grupp, fraga_id), del_df in df.sort("fraga_sortering", "kon_sortering").group_by(
            ["respondentgrupp", "fraga_id"], maintain_order=True):
        forsta = del_df.row(0, named=True)
        rad = {"Respondentgrupp": forsta.get("grupp") or _gruppnamn(grupp), "Fråga": forsta["fraga"]}
        varden = {r["kon_namn"]: r for r in del_df.iter_rows(named=True)}
        for k in kolumner:
            r = varden.get(k)
            if r is not None and _dold(r["procent"]):
                svar = fmt.heltal(r["antal_svar"])
                rad[k] = smatal.DOLD_ANDEL if svar == smatal.DOLT else f"{smatal.DOLD_ANDEL} ({svar} svar)"
            elif r is None or r["procent"] is None:
                rad[k] = "–"
            elif r["antal_svar"] is not None:
                rad[k] = (f"{fmt.procent(r['procent'])} "
                          f"({fmt.heltal(r['antal_positiva'])} av {fmt.heltal(r['antal_svar'])})")
            else:
                rad[k] = fmt.procent(r["procent"])
        rader.append(rad)
    return pl.DataFrame(rader)


def enkat_nedladdning(df: pl.DataFrame) -> pl.DataFrame:
    """Enkätsvaren i lång form med tal som tal (dolda tal står som "dold" i filen, export.med_dolda)."""
    if df.height == 0:
        return pl.DataFrame()
    return df.select(
        (pl.col("grupp") if "grupp" in df.columns else
         fmt.per_rad(df, _gruppnamn, "respondentgrupp", namn="grupp")).alias("Respondentgrupp"),
        pl.col("fraga").alias("Fråga"),
        pl.col("kon_namn").alias("Svarande"),
        pl.col("procent").alias("Andel positiva (%)"),
        pl.col("antal_positiva").alias("Antal positiva"),
        pl.col("antal_svar").alias("Antal svar"),
        pl.col("rapporterad").alias("Källans rapporterade andel"),
    )


def enkat_ar_rapporterad(df: pl.DataFrame) -> bool:
    return df.height > 0 and bool(df["rapporterad"].any())


def enkat_ej_summerbar(df: pl.DataFrame) -> bool:
    """Svaren finns bara som andelar för flera plattformar och går inte att summera (t.ex. förbundet)."""
    return df.height > 0 and bool(df["ej_summerbar"].all())


def _svarsfrekvens_text(r: dict) -> str:
    if r["redovisas_ej"]:
        return "Redovisas ej (för få svar)"
    if r["svarsfrekvens"] is None:
        return "–"
    if (r["antal_svar"] is not None and r["antal_inbjudna"] is not None
            and not ar_dold(r["antal_svar"]) and not ar_dold(r["antal_inbjudna"])):
        return f"{fmt.procent(r['svarsfrekvens'])} ({fmt.heltal(r['antal_svar'])} av {fmt.heltal(r['antal_inbjudna'])})"
    return fmt.procent(r["svarsfrekvens"])  # "dold" för en läsare när få har svarat (skyddslagret)


def svarsfrekvenstabell(df: pl.DataFrame, per_plattform: bool, enhetsrubrik: str = "Plattform") -> pl.DataFrame:
    """Svarsfrekvensen per respondentgrupp: "48 %", med antal "48 % (12 av 25)", eller "Redovisas ej (för
    få svar)". En plattform: en rad per grupp. Flera plattformar: en rad per plattform, en kolumn per grupp.
    En läsare får svaret genom skyddslagret (skydd: svarsfrekvensen och antalen dolda där få har svarat), som
    visas som "dold". enhetsrubrik är organisationens ord ("Delprojekt")."""
    if df.height == 0:
        return pl.DataFrame()
    if not per_plattform:
        return pl.DataFrame([{"Respondentgrupp": r.get("grupp") or _gruppnamn(r["respondentgrupp"]),
                              "Svarsfrekvens": _svarsfrekvens_text(r)} for r in df.iter_rows(named=True)])
    def namn(r: dict) -> str:
        return r.get("grupp") or _gruppnamn(r["respondentgrupp"])

    grupper = list(dict.fromkeys(namn(r) for r in df.iter_rows(named=True)))
    rader: dict[str, dict] = {}
    for r in df.iter_rows(named=True):
        rad = rader.setdefault(r["plattform_id"], {enhetsrubrik: r["plattform"], **{g: "–" for g in grupper}})
        rad[namn(r)] = _svarsfrekvens_text(r)
    return pl.DataFrame(list(rader.values()))


# ---------------------------------------------------------------- Över tid


def indikatoralternativ(ram: Malramverk | None) -> dict[str, str]:
    """Indikatorerna med sifferutfall (inte ja/nej), id -> namn, i målramverkets ordning."""
    if ram is None:
        return {}
    return {i: ind.namn for i, ind in ram.indikatorer.items() if ind.typ != "ja_nej"}


def enhet(ind: Indikator) -> str:
    return "st" if ind.typ == "volym" else "%"


def fragparametrar(ind_id: str, ind: Indikator, omf: Omfattning, periodtyp: str = "ar") -> dict:
    """Parametrarna till queries/over_tid.sql för indikatorn och omfattningen. En enkät som besvaras
    gemensamt (underlag_plattform) hämtas från den plattformen, som i bedömningen. periodtyp: vilket slags
    perioder serien visar (kalenderår, eller en typ av namngivna perioder, t.ex. lagesrapport)."""
    plattformar = [ind.underlag_plattform] if ind.typ == "enkat" and ind.underlag_plattform else list(omf.plattformar)
    return {
        "typ": ind.typ,
        "indikator": ind_id,
        "scope": omf.id,
        "plattformar": plattformar,
        "matt": list(ind.matt),
        "andel_av": ind.andel_av,
        "respondentgrupp": ind.respondentgrupp,
        "fraga": ind.fraga,
        "periodtyp": periodtyp,
    }


def malnivaer(ram: Malramverk, ind_id: str, scope_id: str, perioder: Sequence[int]) -> dict[int, float | None]:
    """Målnivån per år för indikatorn (för alla svarande/deltagare). Ett mål som gäller omfattningen och
    anger en egen målnivå för indikatorn går före katalogens."""
    ind = ram.indikatorer[ind_id]
    nivaer = ind.malniva
    for mal in ram.mal:
        if scope_id not in mal.omfattning:
            continue
        for mi in mal.indikatorer:
            if mi.id == ind_id and mi.malniva is not None:
                nivaer = mi.malniva
    resultat: dict[int, float | None] = {}
    for p in perioder:
        niva = nivaer.get(p)
        if isinstance(niva, dict):
            niva = niva.get("alla")
        resultat[p] = float(niva) if isinstance(niva, int | float) else None
    return resultat


def saknade_malnivaer(nivaer: dict[int, float | None]) -> str:
    """ "Målramverket anger ingen målnivå för 2019." eller tom text."""
    utan = [str(p) for p, n in sorted(nivaer.items()) if n is None]
    if not utan:
        return ""
    ar = utan[0] if len(utan) == 1 else ", ".join(utan[:-1]) + " och " + utan[-1]
    return f"Målramverket anger ingen målnivå för {ar}."


@dataclass(frozen=True)
class Definitionsbyte:
    period: int
    forra_period: int
    etikett: str
    text: str


def definitionsbyten(df: pl.DataFrame) -> list[Definitionsbyte]:
    """Ändringar i definitionen (frågan over_tid_definitionsbyte) med en kort etikett för diagrammet och
    en mening som förklarar ändringen; en per år."""
    per_ar: dict[tuple[int, int], list[str]] = {}
    for r in df.iter_rows(named=True):
        matt = r["matt"]
        if r["typ"] == "andel_av":
            text = (f"Från {r['period']} räknas andelen {matt.lower()} mot {bastext(r['efter_id'], r['efter'])}; "
                    f"{r['forra_period']} räknades den mot {bastext(r['fore_id'], r['fore'])}.")
        else:
            text = (f"Från {r['period']} ingår {(r['efter'] or 'inget').lower()} i {matt.lower()}; "
                    f"{r['forra_period']} ingick {(r['fore'] or 'inget').lower()}.")
        per_ar.setdefault((r["period"], r["forra_period"]), []).append(text)
    return [Definitionsbyte(p, f, f"Ny definition {p}", " ".join(texter)) for (p, f), texter in per_ar.items()]


_KON_NAMN = {"alla": "Alla", "K": "Kvinnor", "M": "Män"}
_KALLA_TEXT = {
    "antal": "Beräknat ur antal",
    "rapporterad_andel": "Rapporterat värde",
    "rapporterat_varde": "Rapporterat värde",
}
_ALLA_FARG = "#000000"
_MAL_FARG = diagram.PALETT[3]


def _ar_dold(r: dict | None) -> bool:
    return bool(r and r.get("dold"))


def _varde_text(varde, enh: str, dold: bool = False) -> str:
    if dold:
        return smatal.DOLD_ANDEL
    if varde is None:
        return "–"
    return fmt.procent(varde) if enh == "%" else f"{fmt.heltal(varde)} {enh}"


def _underlag(r: dict, ind: Indikator) -> str:
    """ "43 av 56 avslutade", "15 av 16 svarande" eller tom text när antalen inte finns."""
    if _ar_dold(r):
        return "dolt: för få personer"
    if r["taljare"] is None or r["namnare"] is None or ind.typ == "volym":
        return ""
    bas = "svarande" if ind.typ == "enkat" else bastext(r["andel_av"], r["andel_av_namn"])
    return f"{fmt.heltal(r['taljare'])} av {fmt.heltal(r['namnare'])} {bas}".strip()


def _hovring(r: dict, ind: Indikator, enh: str) -> str:
    text = f"<b>{_KON_NAMN[r['kon']]} {r['period']}: {_varde_text(r['varde'], enh, _ar_dold(r))}</b>"
    underlag = _underlag(r, ind)
    if underlag:
        text += f"<br>{underlag}"
    if r["rapporterat"]:
        text += "<br>Rapporterat värde: antalen bakom finns inte lagrade"
    if r["kommentar"]:
        text += f"<br>{r['kommentar']}"
    return text


def tidsdiagram(varden: pl.DataFrame, ind: Indikator, nivaer: dict[int, float | None],
                byten: list[Definitionsbyte], titel: str) -> go.Figure:
    """Linje och punkter per år för alla, kvinnor och män, målnivån per år och en lodrät streckad
    linje där definitionen ändras. Linjen bryts vid ett definitionsbyte och vid år utan värde.
    Fylld punkt: beräknat ur antal; ofylld punkt: rapporterat värde."""
    enh = enhet(ind)
    perioder = sorted(set(varden["period"].to_list())) if varden.height else sorted(nivaer)
    brott = {b.period for b in byten}
    fig = go.Figure()
    # Kvinnor och män ritas en aning till vänster och höger om året så att punkterna inte täcker varandra.
    for kon, farg, bredd, streck, forskjutning in [("alla", _ALLA_FARG, 3, "solid", 0.0),
                                                   ("K", diagram.KON_FARGER["Kvinnor"], 2, "dot", -0.06),
                                                   ("M", diagram.KON_FARGER["Män"], 2, "dot", 0.06)]:
        rader = {r["period"]: r for r in varden.filter(pl.col("kon") == kon).iter_rows(named=True)}
        if not any(r["varde"] is not None or _ar_dold(r) for r in rader.values()):
            continue
        x, y, symboler, hovring = [], [], [], []
        for p in perioder:
            if p in brott and x:
                x.append(p - 0.5)
                y.append(None)
                symboler.append("circle")
                hovring.append([""])
            r = rader.get(p)
            x.append(p + forskjutning)
            y.append(r["varde"] if r else None)
            symboler.append("circle-open" if r and r["rapporterat"] else "circle")
            hovring.append([_hovring(r, ind, enh) if r else ""])
        # Legendens symbol tas från första punkten, som kan vara ofylld: en egen legendpost med fylld punkt,
        # i samma grupp så att ett klick i legenden döljer linjen.
        fig.add_scatter(x=[None], y=[None], name=_KON_NAMN[kon], mode="lines+markers", legendgroup=kon,
                        line={"color": farg, "width": bredd, "dash": streck}, hoverinfo="skip",
                        marker={"color": farg, "size": 12 if kon == "alla" else 9, "symbol": "circle"})
        fig.add_scatter(
            x=x, y=y, name=_KON_NAMN[kon], mode="lines+markers", legendgroup=kon, showlegend=False,
            line={"color": farg, "width": bredd, "dash": streck},
            marker={"color": farg, "size": 12 if kon == "alla" else 9, "symbol": symboler,
                    "line": {"color": farg, "width": 2}},
            cliponaxis=False, connectgaps=False,
            customdata=hovring, hovertemplate="%{customdata[0]}<extra></extra>",
        )
    dolda = [r for r in varden.iter_rows(named=True) if _ar_dold(r)] if "dold" in varden.columns else []
    if dolda:
        # Ett dolt värde ritas inte: en grå markering "dold" vid nollinjen, med skälet i hovringen.
        forskjutning = {"alla": 0.0, "K": -0.06, "M": 0.06}
        fig.add_scatter(
            x=[r["period"] + forskjutning[r["kon"]] for r in dolda], y=[0] * len(dolda), mode="markers+text",
            name="Dold (skydd för små tal)",
            # Ordet en gång per år (kvinnor och män ligger så nära att texterna annars går in i varandra).
            text=[smatal.DOLD_ANDEL if i == 0 or dolda[i - 1]["period"] != r["period"] else ""
                  for i, r in enumerate(dolda)], textposition="top center",
            marker={"color": "#9e9e9e", "size": 14, "symbol": "x-thin-open", "line": {"width": 2, "color": "#9e9e9e"}},
            cliponaxis=False, customdata=[[_hovring(r, ind, enh)] for r in dolda],
            hovertemplate="%{customdata[0]}<extra></extra>",
        )
    if any(n is not None for n in nivaer.values()):
        x, y, hovring = [], [], []
        for p in perioder:
            if p in brott and x:
                x.append(p - 0.5)
                y.append(None)
                hovring.append([""])
            x.append(p)
            y.append(nivaer.get(p))
            hovring.append([f"Målnivå {p}: {_varde_text(nivaer[p], enh)}" if nivaer.get(p) is not None
                            else f"Ingen målnivå {p}"])
        fig.add_scatter(
            x=x, y=y, name="Målnivå", mode="lines+markers", connectgaps=False,
            line={"color": _MAL_FARG, "width": 2, "dash": "dash"},
            marker={"color": _MAL_FARG, "size": 14, "symbol": "line-ew-open", "line": {"width": 3, "color": _MAL_FARG}},
            customdata=hovring, hovertemplate="%{customdata[0]}<extra></extra>",
        )
    # Förklaring i legenden: fylld punkt = beräknat, ofylld = rapporterat (bara de slag som förekommer).
    med_varde = varden.filter(pl.col("varde").is_not_null()) if varden.height else varden
    for rapporterat, symbol, namn in [(False, "circle", "Beräknat ur antal"),
                                      (True, "circle-open", "Rapporterat värde")]:
        if med_varde.height and med_varde.filter(pl.col("rapporterat") == rapporterat).height:
            fig.add_scatter(x=[None], y=[None], mode="markers", name=namn, hoverinfo="skip",
                            marker={"color": "#555555", "size": 10, "symbol": symbol, "line": {"color": "#555555",
                                                                                            "width": 2}})
    for b in byten:
        # Etiketten inne i ritytan, till höger om linjen, så att den inte krockar med legenden.
        fig.add_vline(x=b.period - 0.5, line_dash="dash", line_color="#555555", line_width=2)
        fig.add_annotation(x=b.period - 0.5, y=1, xref="x", yref="paper", xanchor="left", yanchor="top", xshift=6,
                           text=f"▼ {b.etikett}", showarrow=False, font={"size": 13, "color": "#333333"},
                           bgcolor="rgba(255, 255, 255, 0.85)")
    diagram.svensk_layout(fig, titel, "Andel (%)" if enh == "%" else "Antal", x_titel="År", procent=enh == "%")
    fig.update_layout(height=460, hovermode="closest")
    if perioder:
        fig.update_xaxes(tickmode="array", tickvals=perioder, ticktext=[str(p) for p in perioder],
                         range=[min(perioder) - 0.6, max(perioder) + 0.6], showgrid=False)
    if enh == "%":
        fig.update_yaxes(range=[0, 110], tickvals=[0, 20, 40, 60, 80, 100])
    return fig


def _med_varde(varden: pl.DataFrame) -> pl.Expr:
    """Rader som har ett värde, även om det är dolt för en läsare."""
    return pl.col("varde").is_not_null() | (pl.col("dold") if "dold" in varden.columns else pl.lit(False))


def har_varden(varden: pl.DataFrame) -> bool:
    return varden.height > 0 and varden.filter(_med_varde(varden)).height > 0


def ar_utan_varde(varden: pl.DataFrame, namn: str) -> str:
    """ "Förbundet totalt har inget värde för 2019: varken lagrade antal eller ett rapporterat värde finns."
    för de lagrade år där värdet för alla saknas; tom text om alla år har ett värde."""
    if varden.height == 0:
        return ""
    saknas = varden.filter((pl.col("kon") == "alla") & ~_med_varde(varden))["period"].sort().to_list()
    if not saknas:
        return ""
    ar = ", ".join(str(p) for p in saknas[:-1]) + (" och " if len(saknas) > 1 else "") + str(saknas[-1])
    return f"{namn} har inget värde för {ar}: varken lagrade antal eller ett rapporterat värde finns."


def tidstabell(varden: pl.DataFrame, ind: Indikator, nivaer: dict[int, float | None],
               byten: list[Definitionsbyte], publicerat: dict[int, float] | None = None) -> pl.DataFrame:
    """En rad per år: målnivå, värdet för alla, kvinnor och män, underlaget, om värdet är beräknat
    eller rapporterat och vad andelen räknas mot; ▼ vid år med ny definition. publicerat: år där organisationen
    publicerade ett annat värde än det beräknade (bedomning: Indikatorresultat.publicerat); cellen säger båda."""
    publicerat = publicerat or {}
    if varden.height == 0:
        return pl.DataFrame()
    enh = enhet(ind)
    nya = {b.period for b in byten}
    rader = []
    for p in sorted(set(varden["period"].to_list())):
        per_kon = {r["kon"]: r for r in varden.filter(pl.col("period") == p).iter_rows(named=True)}
        alla = per_kon.get("alla")
        rad = {
            "År": f"{p} ▼" if p in nya else str(p),
            "Målnivå": _varde_text(nivaer.get(p), enh),
            "Alla": _varde_text(alla["varde"] if alla else None, enh, _ar_dold(alla))
            + (f" ⚠ (publicerat {_varde_text(publicerat[p], enh)})" if p in publicerat else ""),
            "Kvinnor": _varde_text(per_kon["K"]["varde"] if "K" in per_kon else None, enh, _ar_dold(per_kon.get("K"))),
            "Män": _varde_text(per_kon["M"]["varde"] if "M" in per_kon else None, enh, _ar_dold(per_kon.get("M"))),
            "Underlag": _underlag(alla, ind) if alla else "",
            "Källa": _KALLA_TEXT.get(alla["kalla"], "–") if alla and alla["kalla"] else "–",
        }
        if ind.typ != "enkat":
            rad["Andelen räknas av"] = (bastext(alla["andel_av"], alla["andel_av_namn"])
                                        if alla and (alla["varde"] is not None or _ar_dold(alla)) else "")
        rader.append(rad)
    tabell = pl.DataFrame(rader)
    # Underlaget visas bara när något år har antalen bakom värdet.
    return tabell.drop("Underlag") if (tabell["Underlag"] == "").all() else tabell


def kommentarer(varden: pl.DataFrame) -> list[str]:
    """Källans kommentarer till rapporterade värden, per år: "2019: Före 2020 inte räknat ..."."""
    if varden.height == 0:
        return []
    med = varden.filter(pl.col("kommentar").is_not_null()).sort("period")
    texter: dict[str, None] = {}
    for r in med.iter_rows(named=True):
        namn = "" if r["kon"] == "alla" else f" ({_KON_NAMN[r['kon']].lower()})"
        texter.setdefault(f"{r['period']}{namn}: {r['kommentar']}")
    return list(texter)


def tid_nedladdning(varden: pl.DataFrame, nivaer: dict[int, float | None]) -> pl.DataFrame:
    """Värdena per år och kön med tal som tal, för CSV och Excel. För en läsare (varden ur
    skyddslagret, uppfoljning.skydd) står "dold" i värdet och antalen där värdet är dolt."""
    if varden.height == 0:
        return pl.DataFrame()

    def tal(kolumn: str) -> pl.Expr:
        if "dold" not in varden.columns:
            return pl.col(kolumn)
        return pl.when(pl.col("dold")).then(pl.lit(smatal.DOLD_ANDEL)).otherwise(pl.col(kolumn).cast(pl.String))

    return varden.select(
        pl.col("period").alias("År"),
        pl.col("kon").replace_strict(_KON_NAMN, default=pl.col("kon")).alias("Kön"),
        tal("varde").alias("Värde"),
        tal("taljare").alias("Antal"),
        tal("namnare").alias("Av"),
        pl.col("andel_av_namn").alias("Andelen räknas av"),
        pl.col("kalla").replace_strict(_KALLA_TEXT, default=None).alias("Källa"),
        pl.col("kommentar").alias("Kommentar"),
        pl.col("period").replace_strict({p: n for p, n in nivaer.items()}, default=None,
                                         return_dtype=pl.Float64).alias("Målnivå"),
    )


def tidsforklaring(ind: Indikator, nivaer: dict[int, float | None], byten: list[Definitionsbyte]) -> str:
    """Texten under diagrammet: punkterna, målnivån, definitionsbyten och indikatorns förklaring ur goals.yaml."""
    delar = ["Fylld punkt: beräknat ur lagrade antal. Ofylld punkt: rapporterat värde (antalen bakom finns "
             "inte lagrade). Håll muspekaren över en punkt för antalen eller källans kommentar."]
    if any(n is not None for n in nivaer.values()):
        delar.append("Streckad linje med vågrätt streck: målnivån det året enligt målramverket.")
    saknas = saknade_malnivaer(nivaer)
    if saknas:
        delar.append(saknas)
    for b in byten:
        delar.append(f"▼ Den lodräta streckade linjen markerar att definitionen ändrades: {b.text} "
                     "Värdena före och efter linjen är inte direkt jämförbara, och linjen mellan dem är bruten.")
    if ind.forklaring:
        delar.append(f"Om indikatorn: {ind.forklaring}")
    return " ".join(delar)


def beraknade_perioder(varden: pl.DataFrame) -> list[int]:
    """Perioderna vars värde (för alla) räknats ur lagrade antal (frågan over_tid, kalla 'antal'), i ordning: där
    kan en total bygga på färre enheter än väntat."""
    return sorted(set(varden.filter((pl.col("kon") == "alla") & (pl.col("kalla") == "antal")
                                    & pl.col("varde").is_not_null())["period"].to_list()))
