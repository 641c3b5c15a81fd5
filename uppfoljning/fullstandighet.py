"""Fullständigheten: vilka enheter och datamängder som finns för en period, och förbehållet bredvid en total som
bygger på färre enheter än referensdatan väntar sig ("1 av 7 plattformar har data för 2021").

Inga tal räknas här: statusen per enhet och datamängd kommer från frågan queries/fullstandighet.sql. Här blir den
text för sidorna och mötesunderlaget, med organisationens ord (uppfoljning.ord).
"""

from __future__ import annotations

import polars as pl

from .bedomning import Malresultat
from .ord import Ord
from .status import Status

FORBUNDET = "forbundet"

DATAMANGDER = {
    "utfall": "Utfall",
    "enkat": "Enkät och svarsfrekvens",
    "budget": "Budget",
    "rapporterat": "Rapporterade värden",
    "aktualiseringar": "Aktualiseringar",
}
STATUSTEXT = {"finns": "✔ Finns", "delvis": "◐ Delvis", "saknas": "? Saknas"}
# Vad en enhet "har" i förbehållet: "1 av 7 plattformar har data för 2021".
_HAR = {"utfall": "data", "enkat": "enkätsvar"}


def _rad(df, enhet_id: str, datamangd: str) -> dict | None:
    if isinstance(df, _Rader):
        return df.rader.get((enhet_id, datamangd))
    rader = df.filter((pl.col("enhet_id") == enhet_id) & (pl.col("datamangd") == datamangd))
    return rader.row(0, named=True) if rader.height else None


def forbehall(df: pl.DataFrame, orden: Ord, period, datamangd: str = "utfall") -> str | None:
    """Meningen bredvid en total som inte bygger på alla enheter: "1 av 7 plattformar har data för 2021 (saknas:
    Ungdomstorget, ...). Totalen summerar bara dem som har." None när alla väntade enheter har datamängden helt.
    df: frågan fullstandighet för perioden."""
    rad = _rad(df, FORBUNDET, datamangd)
    if rad is None or rad["status"] == "finns" or not rad["antal_vantade"]:
        return None
    enheter = orden.enhet if rad["antal_vantade"] == 1 else orden.enheter
    if rad["antal_med"] == 0:
        return f"Ingen av {rad['antal_vantade']} {enheter} har {_HAR.get(datamangd, 'data')} för {period}."
    text = f"{rad['antal_med']} av {rad['antal_vantade']} {enheter} har {_HAR.get(datamangd, 'data')} för {period}"
    if rad["saknar"]:
        text += f" (saknas eller ofullständigt: {', '.join(rad['saknar'])})"
    return text + f". {orden.total} summerar bara {orden.enheterna} som har {_HAR.get(datamangd, 'data')}."


def med_data(df: pl.DataFrame, enheter: list[str], datamangd: str = "utfall") -> list[str]:
    """Namnen på de av [enheter] (plattform_id) som har något av datamängden perioden, i förbundets ordning."""
    rader = df.filter((pl.col("datamangd") == datamangd) & pl.col("enhet_id").is_in(enheter)
                      & (pl.col("status") != "saknas"))
    return rader["enhet"].to_list()


def har_data(df: pl.DataFrame, enhet_id: str, datamangd: str = "utfall") -> bool:
    rad = _rad(df, enhet_id, datamangd)
    return rad is not None and rad["status"] != "saknas"


def _celltext(status: str, saknar: list[str] | None) -> str:
    text = STATUSTEXT[status]
    if status == "delvis" and saknar:
        text += ": saknar " + ", ".join(saknar)
    return text


def oversikt(df: pl.DataFrame, orden: Ord) -> pl.DataFrame:
    """Översikten på sidan Data: en rad per enhet (förbundet först), en kolumn per datamängd med ✔ Finns,
    ◐ Delvis (och vad som saknas) eller ? Saknas. Särredovisade enheter säger det i namnet."""
    kolumner = [d for d in DATAMANGDER if d in set(df["datamangd"].to_list())]
    rader: dict[str, dict] = {}
    for r in df.iter_rows(named=True):
        namn = orden.total if r["enhet_id"] == FORBUNDET else (
            r["enhet"] + ("" if r["ingar_i_forbundstotal"] else " (särredovisad)"))
        rad = rader.setdefault(r["enhet_id"], {orden.Enhet: namn, **{DATAMANGDER[d]: "–" for d in kolumner}})
        if r["enhet_id"] == FORBUNDET and r["antal_vantade"]:
            text = f"{STATUSTEXT[r['status']]}: {r['antal_med']} av {r['antal_vantade']} {orden.enheter}"
        else:
            text = _celltext(r["status"], r["saknar"])
        rad[DATAMANGDER[r["datamangd"]]] = text
    return pl.DataFrame(list(rader.values()))


def proveniens(df: pl.DataFrame, orden: Ord) -> pl.DataFrame:
    """Varifrån det som finns kommer: en rad per enhet och datamängd som har data, med inläsningarna."""
    rader = []
    for r in df.filter(pl.col("status") != "saknas").iter_rows(named=True):
        rader.append({orden.Enhet: orden.total if r["enhet_id"] == FORBUNDET else r["enhet"],
                      "Datamängd": DATAMANGDER[r["datamangd"]], "Status": STATUSTEXT[r["status"]],
                      "Från inläsning": r["filer"] or ""})
    return pl.DataFrame(rader, schema={orden.Enhet: pl.String, "Datamängd": pl.String, "Status": pl.String,
                                       "Från inläsning": pl.String})


def statusstil(varde) -> str:
    """Färg för en cell i översikten (samma färger som statusarna): finns grönt, delvis gult, saknas vitt med ram."""
    if not isinstance(varde, str):
        return ""
    for prefix, status in (("✔", Status.GRON), ("◐", Status.GUL), ("?", Status.SAKNAS)):
        if varde.startswith(prefix):
            v = status.visning
            kant = "border: 1px solid #555;" if status == Status.SAKNAS else ""
            return f"background-color: {v.farg}; color: {v.textfarg}; {kant}"
    return ""


# ---------------------------------------------------------------- matrisens celler


def cellmarkering(r: Malresultat, df: pl.DataFrame, orden: Ord, period) -> str:
    """Varför en cell i måluppfyllelsematrisen bygger på data som saknas eller är ofullständig, i en kort mening;
    tom text när allt finns. Saknade indikatorvärden räknas ur bedömningen (status Saknas); ofullständigt är ett
    värde räknat ur utfall som bara delvis finns (för förbundet: utfall från färre enheter än väntat); motsägelsefullt
    ett värde räknat ur utfall där någon deltagare har olika kön på olika rader."""
    if r.forslag == Status.EJ_BEDOMD and not any(i.status == Status.SAKNAS for i in r.indikatorer):
        return ""
    delar = []
    saknade = [i for i in r.indikatorer if i.status == Status.SAKNAS]
    if saknade:
        delar.append(f"{len(saknade)} av {len(r.indikatorer)} {'indikator' if len(r.indikatorer) == 1 else 'indikatorer'} saknar värde")
    beraknade = [i for i in r.indikatorer if i.typ in ("andel_utfall", "volym") and i.varde is not None
                 and not i.rapporterat]
    rad = _rad(df, r.scope_id, "utfall")
    if beraknade and rad is not None and rad["status"] == "delvis":
        if r.scope_id == FORBUNDET:
            delar.append(f"utfallen kommer från {rad['antal_med']} av {rad['antal_vantade']} {orden.enheter}")
        else:
            delar.append("utfallen är ofullständiga (saknar " + ", ".join(rad["saknar"] or []) + ")")
    if beraknade and rad is not None and rad.get("motsagda"):
        # Utan antalet: matrisen visas också för läsare, och antalet är personer (kan vara litet).
        delar.append("deltagare med olika kön på olika rader räknas under ett av dem (antalen per kön kan vara fel)")
    enkat = _rad(df, r.scope_id, "enkat")
    if (any(i.typ == "enkat" and i.status.ar_fargad for i in r.indikatorer) and enkat is not None
            and enkat["status"] == "delvis" and r.scope_id != FORBUNDET):
        delar.append("enkäten är ofullständig (saknar " + ", ".join(enkat["saknar"] or []) + ")")
    if not delar:
        return ""
    text = "; ".join(delar)
    return f"⚠ {text[:1].upper()}{text[1:]} {period}."


class _Rader:
    """Frågan fullstandighet uppslagen per (enhet, datamängd) en gång: matrisen frågar för varje cell, och ett
    filter per cell kostade 100 ms per visning av Måluppfyllelse."""

    def __init__(self, df: pl.DataFrame):
        self.rader: dict[tuple[str, str], dict] = {}
        for r in df.iter_rows(named=True):
            self.rader.setdefault((r["enhet_id"], r["datamangd"]), r)


def markeringar(resultat: list[Malresultat], df: pl.DataFrame, orden: Ord, period) -> dict[tuple[str, str], str]:
    """{(mål, omfattning): mening} för matrisens celler vars data saknas eller är ofullständig (cellmarkering)."""
    rader = _Rader(df)
    return {(r.mal_id, r.scope_id): text for r in resultat if (text := cellmarkering(r, rader, orden, period))}
