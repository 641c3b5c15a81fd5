"""Sidan Ekonomi som den visas: Bilaga 4:s tabell, kostnad per deltagare och diagrammet budget mot utfall.

Inga summor eller kvoter räknas här; allt kommer färdigräknat från queries/ekonomi_*.sql.
Här väljs bara ord, tecken och format ("11 558 tkr", "11 180 kr", "ej budgeterat").
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl

from . import diagram
from . import format as fmt

EJ_BUDGETERAT = "ej budgeterat"
VARNING = "⚠"

# Radtyper ur frågan ekonomi_budget som är summor (visas i fetstil).
SUMMARADER = ("summa", "totala_kostnader", "resultat", "arets_resultat", "bara_i_kallan")


def kr(varde: float | int | None) -> str:
    """Hela kronor med hårt mellanslag som tusentalsavgränsare: 11180 -> "11 180 kr"."""
    return fmt.kr(varde)


def _saknas(varde) -> bool:
    return varde is None or (isinstance(varde, float) and math.isnan(varde))


def avvikelsen_innebar(avvikelse: float | None, slag: str | None) -> str:
    """Utfall minus budget i ord. Kostnader är negativa: en positiv avvikelse är en lägre kostnad."""
    if _saknas(avvikelse) or slag is None:
        return ""
    tal = fmt.avrunda(avvikelse)
    if tal == 0:
        return "som budgeterat"
    battre = tal > 0
    if slag == "kostnader":
        return "lägre kostnad än budgeterat" if battre else "högre kostnad än budgeterat"
    if slag == "intakter":
        return "högre intäkter än budgeterat" if battre else "lägre intäkter än budgeterat"
    return "bättre resultat än budgeterat" if battre else "sämre resultat än budgeterat"


def fyndtext(rad: dict) -> str:
    """En mening om var den beräknade summan och källans summa skiljer sig, eller "" om de stämmer."""
    delar = []
    if rad["radtyp"] == "bara_i_kallan":
        return (f"Källan redovisar raden {rad['rad']} ({fmt.tkr(rad['rapporterat_utfall_tkr'])}), men den går inte "
                "att räkna fram ur de lagrade posterna.")
    if rad["utfall_avviker"]:
        delar.append(f"källan anger utfallet {fmt.tkr(rad['rapporterat_utfall_tkr'])}, men posterna summerar till "
                     f"{fmt.tkr(rad['utfall_tkr'])}")
    if rad["budget_avviker"]:
        kallans = (fmt.tkr(rad["rapporterat_budget_tkr"]) if not _saknas(rad["rapporterat_budget_tkr"])
                   else "ingen budget")
        egen = fmt.tkr(rad["budget_tkr"]) if not _saknas(rad["budget_tkr"]) else EJ_BUDGETERAT
        delar.append(f"källan anger budgeten {kallans}, men posterna summerar till {egen}")
    if not delar:
        return ""
    text = "; ".join(delar)
    return text[0].upper() + text[1:] + "."


def fynd(budget: pl.DataFrame) -> pl.DataFrame:
    """Raderna där källans summa motsäger posterna, med en förklarande mening. budget: frågan ekonomi_budget."""
    if budget.height == 0:
        return pl.DataFrame({"Rad": [], "Beskrivning": []}, schema={"Rad": pl.String, "Beskrivning": pl.String})
    avvikande = budget.filter(pl.col("utfall_avviker") | pl.col("budget_avviker"))
    return pl.DataFrame(
        {"Rad": avvikande["rad"].to_list(), "Beskrivning": [fyndtext(r) for r in avvikande.iter_rows(named=True)]},
        schema={"Rad": pl.String, "Beskrivning": pl.String},
    )


def _anmarkning(rad: dict) -> str:
    delar = []
    text = fyndtext(rad)
    if text:
        delar.append(f"{VARNING} {text}")
    if rad["budget_ur_kallan"]:
        delar.append("Nettobudget enligt källan; posterna är inte budgeterade.")
    return " ".join(delar)


def budgettabell(budget: pl.DataFrame, period: int) -> pl.DataFrame:
    """Bilaga 4 i källans form: avsnittsrubrik, poster, summa per avsnitt, totaler och resultat.

    budget: frågan ekonomi_budget. Tom budget ("ej budgeterat") skiljs från noll.
    Kolumnen Radtyp (rubrik, post, summa ...) följer med för formateringen på sidan.
    """
    rader = []
    forra_avsnitt = None
    for r in budget.iter_rows(named=True):
        if r["radtyp"] == "post" and r["avsnitt"] != forra_avsnitt:
            rader.append({"Radtyp": "rubrik", "Rad": r["avsnitt"], f"Utfall {period}": "", f"Budget {period}": "",
                          "Avvikelse utfall − budget": "", "Innebär": "", "Anmärkning": ""})
        forra_avsnitt = r["avsnitt"] if r["radtyp"] == "post" else None
        namn = r["rad"] + (f" {VARNING}" if r["utfall_avviker"] or r["budget_avviker"] else "")
        if r["radtyp"] == "bara_i_kallan":
            utfall, budget_text = fmt.tkr(r["rapporterat_utfall_tkr"]), fmt.tkr(r["rapporterat_budget_tkr"])
        else:
            utfall = fmt.tkr(r["utfall_tkr"])
            budget_text = EJ_BUDGETERAT if _saknas(r["budget_tkr"]) else fmt.tkr(r["budget_tkr"])
        rader.append({
            "Radtyp": r["radtyp"],
            "Rad": namn,
            f"Utfall {period}": utfall,
            f"Budget {period}": budget_text,
            "Avvikelse utfall − budget": "" if _saknas(r["avvikelse_tkr"]) else fmt.tkr(r["avvikelse_tkr"]),
            "Innebär": avvikelsen_innebar(r["avvikelse_tkr"], r["slag"]),
            "Anmärkning": _anmarkning(r),
        })
    return pl.DataFrame(rader) if rader else pl.DataFrame()


def budgettabell_for_nedladdning(tabell: pl.DataFrame) -> pl.DataFrame:
    return tabell.drop("Radtyp") if "Radtyp" in tabell.columns else tabell


def _radstil(radtyp: str, antal_kolumner: int) -> list[str]:
    if radtyp == "rubrik":
        return ["font-weight: 600; background-color: #f0f2f6;"] * antal_kolumner
    if radtyp in SUMMARADER:
        return ["font-weight: 700;"] * antal_kolumner
    return ["padding-left: 1.5em;"] + [""] * (antal_kolumner - 1)


_BELOPP = {"text-align": "right !important"}
_HARDA_MELLANSLAG = "\u00a0"


def _utan_radbrytning(pdf, kolumner: list[str]):
    """Hårda mellanslag i beloppen ("11 380 tkr" bryts inte mellan tal och enhet); bara för visning."""
    pdf = pdf.copy()
    for k in kolumner:
        pdf[k] = pdf[k].str.replace(" ", _HARDA_MELLANSLAG, regex=False)
    return pdf


def budgettabell_med_stil(tabell: pl.DataFrame):
    """En pandas Styler: rubriker med bakgrund, summor i fetstil, poster indragna, belopp högerställda
    utan radbrytning. Radtyp visas inte."""
    radtyper = tabell["Radtyp"].to_list()
    pdf = budgettabell_for_nedladdning(tabell).to_pandas()
    antal = len(pdf.columns)
    belopp = [k for k in pdf.columns if k.startswith(("Utfall", "Budget", "Avvikelse"))]
    pdf = _utan_radbrytning(pdf, belopp)
    return (pdf.style.apply(lambda rad: _radstil(radtyper[rad.name], antal), axis=1)
            .set_properties(subset=belopp, **_BELOPP)
            .hide(axis="index"))


def kostnadstabell_med_stil(tabell: pl.DataFrame):
    """Kostnadstabellen med tal högerställda och utan radbrytning."""
    pdf = tabell.to_pandas()
    tal = [k for k in pdf.columns if k not in ("Plattform", "Anmärkning")]
    pdf = _utan_radbrytning(pdf, tal)
    return pdf.style.set_properties(subset=tal, **_BELOPP).hide(axis="index")


def _dold(varde) -> bool:
    """Ett antal som skyddslagret (uppfoljning.skydd) har dolt för en läsare (NaN)."""
    return isinstance(varde, float) and math.isnan(varde)


def kostnadstabell(kostnad: pl.DataFrame, minsta_avslutade: int) -> pl.DataFrame:
    """Kostnad per deltagare och per avslutad. kostnad: frågan ekonomi_kostnad_per_deltagare, för en läsare
    genom skyddslagret: deltagare och avslutade visas som "dold" där de är dolda, och kostnaden per deltagare
    eller per avslutad döljs då med skälet (kostnaden är synlig, så kvoten skulle avslöja antalet). Beloppen i
    budgeten handlar inte om personer och visas alltid."""
    rader = []
    for r in kostnad.iter_rows(named=True):
        delt_dold, avsl_dold = _dold(r["deltagare"]), _dold(r["avslutade"])
        anmarkningar = []
        if r["deltagare"] is None:
            anmarkningar.append("Inga deltagare redovisas för insatsen.")
        if delt_dold or avsl_dold:
            vad = " och ".join(t for t, d in (("deltagare", delt_dold), ("avslutade", avsl_dold)) if d)
            anmarkningar.append(f"Kostnaden per {'deltagare' if delt_dold else 'avslutad'}"
                                + (" och per avslutad" if delt_dold and avsl_dold else "")
                                + f" visas inte: antalet {vad} är dolt för att skydda små tal, och kvoten skulle "
                                "avslöja det.")
        elif r["fa_avslutade"]:
            anmarkningar.append(f"{VARNING} Få avslutade: färre än {minsta_avslutade}, så kostnaden per avslutad "
                                "bygger på ett litet underlag.")
        rader.append({
            "Plattform": r["kortnamn"],
            "Kostnad": fmt.tkr(r["kostnad_tkr"]),
            "Deltagare under året": fmt.heltal(r["deltagare"]),
            "Kostnad per deltagare": "dold" if delt_dold else kr(r["kr_per_deltagare"]),
            "Avslutade under året": fmt.heltal(r["avslutade"]),
            "Kostnad per avslutad": "dold" if avsl_dold else kr(r["kr_per_avslutad"]),
            "Anmärkning": " ".join(anmarkningar),
        })
    return pl.DataFrame(rader) if rader else pl.DataFrame()


def _hover(r: dict) -> str:
    budget = EJ_BUDGETERAT if _saknas(r["budget_kostnad_tkr"]) else fmt.tkr(r["budget_kostnad_tkr"])
    text = f"<b>{diagram.som_text(r['insats'])}</b><br>Utfall: {fmt.tkr(r['utfall_kostnad_tkr'])}<br>Budget: {budget}"
    if not _saknas(r["avvikelse_tkr"]):
        text += (f"<br>Avvikelse utfall − budget: {fmt.tkr(r['avvikelse_tkr'])}"
                 f" ({avvikelsen_innebar(r['avvikelse_tkr'], 'kostnader')})")
    return text


def insatsdiagram(insatser: pl.DataFrame, period: int) -> go.Figure:
    """Grupperade staplar budget och utfall per insats; kostnaderna visas som positiva belopp i tkr.

    insatser: frågan ekonomi_insatser. Hovringen visar avvikelsen med källans tecken och i ord.
    """
    namn = insatser["insats"].to_list()
    hover = [_hover(r) for r in insatser.iter_rows(named=True)]
    fig = go.Figure()
    fig.add_bar(name=f"Budget {period}", x=namn, y=insatser["budget_kostnad_tkr"].to_list(),
                marker_color=diagram.PALETT[4], hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    fig.add_bar(name=f"Utfall {period}", x=namn, y=insatser["utfall_kostnad_tkr"].to_list(),
                marker_color=diagram.PALETT[0], hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")
    fig.update_layout(barmode="group")
    fig.update_xaxes(tickangle=-30)
    diagram.svensk_layout(fig, f"Budget och utfall per insats {period}, kostnad i tkr", y_titel="Kostnad, tkr")
    fig.update_yaxes(tickformat=",d")  # tusental med mellanslag (svensk_layout sätter separators)
    return fig
