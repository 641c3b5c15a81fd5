"""Jämförelsepunkterna som mätningarna ställs mot, i samma körning:

- inläsning: samma fil validerad rad för rad med en pydantic-modell (inte produktens väg);
- bedömningen: samma antal och andelar räknade med en pandas-groupby, och golvet: en enda
  DuckDB GROUP BY över deltagartabellen som räknar alla antal på en gång.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator, model_validator

from uppfoljning.datamangder import KON
from uppfoljning.filformat import avkoda, normalisera_rubrik
from uppfoljning.personnummer import ar_personnummer

# Samma gränser som produktens kontroll (uppfoljning/rimlighet.py, filformat.py), så att baslinjen gör samma
# kontroller: styrtecken i en cell och datum inom det rimliga intervallet.
_STYRTECKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RIMLIGA_DATUM = (date(1900, 1, 1), date(2100, 12, 31))


def satt_rimliga_datum(con) -> None:
    """Intervallet som produkten använder för databasen (ramverkets perioder och dagens datum)."""
    from uppfoljning import rimlighet

    global RIMLIGA_DATUM
    g = rimlighet.granser(con)
    RIMLIGA_DATUM = (g.forsta_datum, g.sista_datum)


GOLV_SQL = (Path(__file__).with_name("golv.sql")).read_text(encoding="utf-8")

# ---------------------------------------------------------------- pydantic rad för rad


def _tom_blir_none(v):
    return None if v is None or str(v).strip() == "" else v


class Deltagarrad(BaseModel):
    """En rad i deltagarfilen med samma kontroller som produktens inläsning gör."""

    rad: int
    deltagar_id: str
    plattform_id: str
    kommun_id: str | None = None
    kon: str
    startdatum: date
    slutdatum: date | None = None
    avslutsorsak: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _inga_personnummer(cls, data: dict):
        for kolumn, varde in data.items():
            if isinstance(varde, str) and varde and ar_personnummer(varde):
                raise ValueError(f"Värdet i {kolumn} ser ut som ett personnummer.")
            # Styrtecken (NUL m.fl.) i en cell, som produktens läsning vägrar.
            if isinstance(varde, str) and _STYRTECKEN.search(varde):
                raise ValueError(f"Värdet i {kolumn} innehåller ett styrtecken.")
        return data

    @field_validator("kommun_id", "slutdatum", "avslutsorsak", mode="before")
    @classmethod
    def _tomt(cls, v):
        return _tom_blir_none(v)

    @field_validator("deltagar_id")
    @classmethod
    def _ifyllt(cls, v: str):
        if not v.strip():
            raise ValueError("Värde saknas men krävs.")
        return v.strip()

    @field_validator("plattform_id", "kommun_id", "kon", "avslutsorsak")
    @classmethod
    def _referens(cls, v: str | None, info: ValidationInfo):
        if v is None:
            return None
        ordlista = info.context[info.field_name]
        mappat = ordlista.get(normalisera_rubrik(v))
        if mappat is None:
            raise ValueError(f"Värdet {v} finns inte i referensdata.")
        return mappat

    @model_validator(mode="after")
    def _datum(self):
        if self.slutdatum is not None and self.slutdatum < self.startdatum:
            raise ValueError("Slutdatum ligger före startdatum.")
        # Rimliga datum (produktens uppfoljning/rimlighet.py): inom intervallet ur ramverket och dagens datum.
        forsta, sista = RIMLIGA_DATUM
        for d in (self.startdatum, self.slutdatum):
            if d is not None and not forsta <= d <= sista:
                raise ValueError(f"Datumet {d} är inte rimligt.")
        if (self.slutdatum is None) != (self.avslutsorsak is None):
            raise ValueError("Slutdatum och avslutsorsak ska antingen båda finnas eller båda saknas.")
        return self


def sammanhang(con) -> dict[str, dict[str, str]]:
    plattformar = {}
    for pid, namn, kort in con.execute("SELECT plattform_id, namn, kortnamn FROM plattform").fetchall():
        for n in (pid, namn, kort):
            plattformar[normalisera_rubrik(n)] = pid
    kommuner = {normalisera_rubrik(n): k for k, namn in con.execute("SELECT kommun_id, namn FROM kommun").fetchall()
                for n in (k, namn)}
    kategorier = {normalisera_rubrik(v): m for v, m in
                  con.execute("SELECT varde, matt_id FROM kategorimappning").fetchall()}
    for m, namn in con.execute("SELECT matt_id, namn FROM utfallsmatt").fetchall():
        kategorier.setdefault(normalisera_rubrik(m), m)
        kategorier.setdefault(normalisera_rubrik(namn), m)
    return {"plattform_id": plattformar, "kommun_id": kommuner, "kon": KON, "avslutsorsak": kategorier}


_RUBRIKER = {"deltagarid": "deltagar_id", "plattform": "plattform_id", "kommun": "kommun_id", "kon": "kon",
             "startdatum": "startdatum", "slutdatum": "slutdatum", "avslutsorsak": "avslutsorsak"}


def pydantic_rad_for_rad(innehall: bytes, kontext: dict) -> tuple[int, int]:
    """Validerar filen rad för rad. Returnerar (giltiga rader, fel)."""
    text = avkoda(innehall, "fil")
    lasare = csv.reader(io.StringIO(text), delimiter=";")
    rubriker = [_RUBRIKER[normalisera_rubrik(r)] for r in next(lasare)]
    giltiga, fel, sedda = 0, 0, set()
    for nummer, rad in enumerate(lasare, start=2):
        try:
            m = Deltagarrad.model_validate({"rad": nummer, **dict(zip(rubriker, rad))}, context=kontext)
        except ValidationError:
            fel += 1
            continue
        nyckel = (m.deltagar_id, m.plattform_id, m.startdatum)
        if nyckel in sedda:
            fel += 1
            continue
        sedda.add(nyckel)
        giltiga += 1
    return giltiga, fel


# ---------------------------------------------------------------- bedömningens antal i pandas


def pandas_underlag(con) -> tuple[pd.DataFrame, dict]:
    """Deltagartabellen och måttdefinitionerna som pandas-objekt (förberedelse, mäts inte)."""
    df = con.sql("SELECT d.plattform_id, d.kon, d.startdatum, d.slutdatum, d.avslutsorsak, p.ingar_i_forbundstotal "
                 "FROM deltagare AS d JOIN plattform AS p USING (plattform_id)").df()
    df["startdatum"] = pd.to_datetime(df["startdatum"])
    df["slutdatum"] = pd.to_datetime(df["slutdatum"])
    definition = con.sql("SELECT giltig_fran, matt_id, ingar_i, andel_av FROM matt_definition").df()
    return df, {"definition": definition}


def _andel(taljare: pd.Series, namnare: pd.Series) -> pd.Series:
    """Hel procent, halvt uppåt, som makrot andel_procent."""
    namn = namnare.where(namnare > 0)
    return ((200 * taljare + namn) // (2 * namn))


def pandas_indikatorer(df: pd.DataFrame, extra: dict, ar: int, indikatorer: list[dict]) -> dict:
    """Samma antal och andelar som bedömningen behöver (perioden och året före), per omfattning och kön."""
    start_ar = df["startdatum"].dt.year
    slut_ar = df["slutdatum"].dt.year
    senaste = int(max(start_ar.max(), slut_ar.max()))
    slut_eller_senaste = slut_ar.fillna(senaste)
    definition = extra["definition"]
    resultat = {}
    for period in (ar, ar - 1):
        aktiv = (start_ar <= period) & (slut_eller_senaste >= period)
        d = df.loc[aktiv, ["plattform_id", "kon", "avslutsorsak", "ingar_i_forbundstotal"]].copy()
        d["avslutad"] = (slut_ar[aktiv] == period).to_numpy()
        volym = d.groupby(["plattform_id", "kon"]).agg(deltagare=("avslutad", "size"),
                                                         avslutade=("avslutad", "sum"))
        orsaker = d[d["avslutad"]].groupby(["plattform_id", "kon", "avslutsorsak"]).size().unstack(fill_value=0)
        antal = volym.join(orsaker, how="left").fillna(0)
        giltig = definition[definition["giltig_fran"] <= period]
        giltig = giltig[giltig["giltig_fran"] == giltig.groupby("matt_id")["giltig_fran"].transform("max")]
        for summa, delar in giltig.dropna(subset=["ingar_i"]).groupby("ingar_i")["matt_id"]:
            antal[summa] = antal[[m for m in delar if m in antal.columns]].sum(axis=1)
        i_total = df.drop_duplicates("plattform_id").set_index("plattform_id")["ingar_i_forbundstotal"]
        antal = antal.reset_index()
        per_plattform = antal.drop(columns="kon").groupby("plattform_id").sum()
        forbund = antal[antal["plattform_id"].map(i_total)].drop(columns="plattform_id").groupby("kon").sum()
        andel_av = dict(zip(giltig["matt_id"], giltig["andel_av"]))
        for ind in indikatorer:
            bas = ind.get("andel_av") or andel_av.get(ind["matt"][0])
            for namn, tabell in (("plattform", antal.set_index(["plattform_id", "kon"])),
                                 ("plattform_alla", per_plattform), ("forbundet_kon", forbund),
                                 ("forbundet", forbund.sum().to_frame().T)):
                taljare = tabell[[m for m in ind["matt"] if m in tabell.columns]].sum(axis=1)
                namnare = tabell[bas] if bas in tabell.columns else taljare * 0
                resultat[(period, ind["id"], namn)] = pd.DataFrame(
                    {"taljare": taljare, "namnare": namnare, "procent": _andel(taljare, namnare)})
    return resultat
