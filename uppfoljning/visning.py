"""Gör frågesvar till tabeller som de visas för användaren: svenska rubriker, "77 %", "11 558 tkr".

Inga siffror räknas här; allt kommer färdigräknat från queries/.
"""

from __future__ import annotations

import polars as pl

from . import format as fmt

_ANDEL_AV_TEXT = {"avslutade": "av avslutade", "positiv_losning": "av positiv lösning"}


def utfallstabell(utfall: pl.DataFrame, fynd: pl.DataFrame) -> pl.DataFrame:
    """Bilaga 3:s tabell. utfall: frågan utfall_tabell; fynd: frågan datakvalitet_utfall."""
    flaggade = set(fynd["matt_id"].to_list()) if fynd.height else set()
    visa_annat = utfall.height > 0 and utfall["annat"].sum() > 0
    rader = []
    for r in utfall.iter_rows(named=True):
        indrag = "    " if r["ingar_i"] else ""
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
