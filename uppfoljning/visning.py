"""Gör frågesvar till tabeller som de visas för användaren: svenska rubriker, "77 %", "11 558 tkr".

Inga siffror räknas här; allt kommer färdigräknat från queries/.
"""

from __future__ import annotations

import re

import polars as pl

from . import format as fmt
from . import perioder

# ---------------------------------------------------------------- text från data och användare

# Tecken som alltid gör något i Streamlits Markdown: fetstil och kursiv, kod, länkar och bilder, LaTeX,
# genomstrykning, HTML-entiteter, rubriker, tabeller och citat.
_ALLTID = re.compile(r"([\\`*_\[\]{}$~&#|>])")
# Gör något bara i sitt sammanhang: < före en tagg eller adress (men inte "<5"), : i "http://", ":red[...]" och
# ":material/...:" (men inte "Skäl: ..."), @ i e-postadresser och punkt i "www." (adresser blir annars länkar).
_SAMMANHANG = re.compile(r"<(?=[^\d\s])|:(?=\S)|@|(?<=www)\.", re.IGNORECASE)
_ADRESS = re.compile(r"(?:https?|www)(?=\\[:.])", re.IGNORECASE)
ORDFOG = "\u2060"
# Listor och rubriker i början av en rad ("- ", "+ ", "1. ").
_RADSTART = re.compile(r"^(\s*)([-+]|\d+[.)])(?=\s|$)", re.MULTILINE)


def som_text(text) -> str:
    """Text från data eller användare (en post, ett filnamn, ett användarnamn, ett fel med filens innehåll) så att
    Streamlits Markdown visar den ordagrant: varje tecken som skulle bli bild, länk, fetstil, kod, formel eller
    HTML escapas med \\. Används överallt där sådan text visas med st.markdown, st.caption, st.info/warning/error/
    success, etiketter och i st.table (ui.tabell); st.text och st.dataframe tolkar ingenting."""
    if text is None:
        return ""
    text = _ALLTID.sub(r"\\\1", str(text))
    text = _SAMMANHANG.sub(lambda m: "\\" + m.group(0), text)
    text = _RADSTART.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
    # Adresser (http://, www., e-post) blir länkar efter att escapen tolkats (remark-gfm letar i den färdiga texten);
    # ett osynligt ordfogningstecken (U+2060) bryter mönstret utan att synas.
    text = _ADRESS.sub(lambda m: m.group(0) + ORDFOG, text).replace("\\@", ORDFOG + "\\@")
    # En radbrytning är en radbrytning, inte ett mellanslag (två mellanslag före den gör den hård).
    return re.sub(r"[ \t]*\r?\n", "  \n", text)


_ANDEL_AV_TEXT = {"avslutade": "av avslutade", "positiv_losning": "av positiv lösning"}


def utfallstabell(utfall: pl.DataFrame, fynd: pl.DataFrame) -> pl.DataFrame:
    """Bilaga 3:s tabell. utfall: frågan utfall_tabell; fynd: frågan datakvalitet_utfall. För en läsare
    kommer utfall genom skyddslagret (uppfoljning.skydd): dolda antal och andelar visas som "dold"."""
    flaggade = set(fynd["matt_id"].to_list()) if fynd.height else set()
    visa_annat = utfall.height > 0 and (utfall["annat"].cast(pl.Float64).fill_nan(1).sum() or 0) > 0

    rader = []
    for r in utfall.iter_rows(named=True):
        # Hårda mellanslag: vanliga inledande mellanslag blir kodblock när tabellen visas som Markdown.
        indrag = "\u00a0" * 4 if r["ingar_i"] else ""
        namn = f"{indrag}{r['namn']}"
        if r["sus_koder"]:
            namn += f" (SUS {r['sus_koder']})"
        if r["matt_id"] in flaggade:
            namn += " ⚠"
        rad = {"Mått": namn, "Kvinnor": fmt.heltal(r["kvinnor"]), "Män": fmt.heltal(r["man"])}
        if visa_annat:
            rad["Annat/okänt kön"] = fmt.heltal(r["annat"])
        rad["Totalt"] = fmt.heltal(r["totalt"])
        rad["Andel"] = fmt.procent(r["andel_procent"]) if r["andel_av"] else ""
        rad["Andelen räknas"] = _ANDEL_AV_TEXT.get(r["andel_av"], "") if r["andel_av"] else ""
        rader.append(rad)
    return pl.DataFrame(rader) if rader else pl.DataFrame()


# ---------------------------------------------------------------- status i tabeller

import pandas as pd  # noqa: E402 - Styler finns bara i pandas; används enbart för färg i tabeller

from .bedomning import Indikatorresultat, Malresultat  # noqa: E402
from .status import Status  # noqa: E402

_ETIKETT_TILL_STATUS = {s.visning.etikett: s for s in Status}


def statusstil(varde) -> str:
    """CSS för en cell som innehåller en statusetikett ("✔ Uppfyllt"); övriga celler lämnas."""
    status = _ETIKETT_TILL_STATUS.get(varde)
    if status is None and isinstance(varde, str):
        # Med takten mot planen efter tankstrecket ("✔ Uppfyllt – i takt").
        status = _ETIKETT_TILL_STATUS.get(varde.split(" – ")[0])
    if status is None:
        return ""
    v = status.visning
    kant = "border: 1px solid #555;" if status == Status.SAKNAS else ""
    return f"background-color: {v.farg}; color: {v.textfarg}; font-weight: 600; {kant}"


def med_statusfarg(df: pl.DataFrame, kolumner: list[str]):
    """En pandas Styler där statuskolumnerna får sin färg; texten och symbolen står kvar i cellen."""
    pdf = df.to_pandas()
    return pdf.style.map(statusstil, subset=[k for k in kolumner if k in pdf.columns]).hide(axis="index")


def matris(resultat: list[Malresultat], malnamn: dict[str, str], scopenamn: dict[str, str],
           enhet: str = "Plattform", styrelsen: str = "styrelsen",
           underlag: dict[tuple[str, str], str] | None = None) -> pl.DataFrame:
    """Den samlade måluppfyllelsen: en rad per mål och omfattning. enhet: organisationens ord för sina enheter
    (kolumnens rubrik, t.ex. Plattform eller Delprojekt). Skäl: cellens skäl i en rad (bedomning.kort_skal).
    underlag: {(mål, omfattning): mening} för celler vars data saknas eller är ofullständig
    (fullstandighet.cellmarkering); övriga får "Komplett"."""
    from .bedomning import kort_skal

    rader = []
    for r in resultat:
        rader.append({
            "Mål": malnamn.get(r.mal_id, r.mal_id),
            enhet: scopenamn.get(r.scope_id, r.scope_id),
            "Måluppfyllelse": r.galler.visning.etikett,
            "Grund": f"{styrelsen[:1].upper()}{styrelsen[1:]}s beslut" if r.beslut else "Förslag enligt reglerna",
            "Förslag enligt reglerna": r.forslag.visning.etikett,
            "Kommentar": (f"{styrelsen[:1].upper()}{styrelsen[1:]} beslutade {r.beslut.visning.kort}; reglerna ger {r.forslag.visning.kort}."
                          if r.beslut_avviker else ""),
            "Skäl": kort_skal(r, styrelsen),
            "Underlag": (underlag or {}).get((r.mal_id, r.scope_id)) or "Komplett",
        })
    return pl.DataFrame(rader)


def utan_upprepningar(df: pl.DataFrame, kolumn: str) -> pl.DataFrame:
    """Kolumnens värde bara på första raden i en följd av lika värden (målets namn en gång per mål i matrisen)."""
    if df.height == 0:
        return df
    return df.with_columns(pl.when(pl.col(kolumn) == pl.col(kolumn).shift(1)).then(pl.lit(""))
                           .otherwise(pl.col(kolumn)).alias(kolumn))


def _varde_text(varde, enhet: str) -> str:
    if varde is None:
        return "–"
    if isinstance(varde, str):
        return varde
    if enhet == "%":
        return fmt.procent(varde)
    return fmt.med_enhet(fmt.heltal(varde), enhet) if enhet else fmt.heltal(varde)


def _malniva_text(niva, enhet: str) -> str:
    if niva is None:
        return "–"
    return niva if isinstance(niva, str) else _varde_text(niva, enhet)


# Takten mot planen i en kumulativ period (bedomning: Indikatorresultat.takt), efter statusen i tabellen.
TAKTORD = {"i_takt": " – i takt", "efter_takten": " – efter takten", "planen_nadd": " – planen nådd"}


def indikatorkolumner(period: int) -> list[str]:
    """Indikatortabellens kolumner med värden, i ordning; därefter kommer Status och Varför."""
    return ["Indikator", "Målnivå", f"Utfall {perioder.forra_namn(period)}", f"Utfall {period}", "Kvinnor", "Män",
            "Svarsfrekvens"]


def indikatortabell(indikatorer: list[Indikatorresultat], period: int) -> pl.DataFrame:
    """Indikatortabellen i Bilaga 5:s form, med status och skälet i ord. För en läsare kommer indikatorerna
    genom skyddslagret (skydd.skydda_bedomning): dolda värden är NaN och visas som "dold", och skälet står redan
    i motiveringen."""
    forra, denna = indikatorkolumner(period)[2:4]
    rader = []
    for i in indikatorer:
        kv = i.kon_varden

        def kon(k):
            return _varde_text(kv.get(k), i.enhet) if k in kv else ""

        rader.append({
            "Indikator": i.namn + (" ¹" if i.rapporterat and i.typ != "ja_nej" else ""),
            "Målnivå": _malniva_text(i.malniva, i.enhet),
            forra: _varde_text(i.varde_forra_aret, i.enhet),
            denna: _varde_text(i.varde, i.enhet) + (
                f" ⚠ (publicerat {_varde_text(i.publicerat, i.enhet)})" if i.publicerat is not None else ""),
            "Kvinnor": kon("K"),
            "Män": kon("M"),
            "Svarsfrekvens": fmt.procent(i.svarsfrekvens) if i.svarsfrekvens is not None else "",
            "Status": i.status.visning.etikett + TAKTORD.get(i.takt, ""),
            "Varför": i.motivering,
        })
    return pl.DataFrame(rader)


def ovriga_svarsalternativ(indikatorer: list[Indikatorresultat]) -> list[str]:
    """'Annat alternativ', 'Osäker', 'Vill ej svara' ska synas, inte tappas."""
    namn = {"annat_alternativ": "Annat alternativ", "osaker": "Osäker", "vill_ej_svara": "Vill ej svara",
            "annat": "Annat/okänt kön"}
    rader = []
    for i in indikatorer:
        extra = [f"{namn[k]} {fmt.procent(v)}" for k, v in i.kon_varden.items() if k in namn]
        if extra:
            rader.append(f"{i.namn}: {', '.join(extra)}")
    return rader
