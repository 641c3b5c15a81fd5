"""Hittar värden som ser ut som svenska personnummer (eller samordningsnummer) i en uppladdning.

Ett personnummer får aldrig nå lagringen. Sökningen är vektoriserad: ett reguljärt uttryck i Polars
hittar kandidater i varje kolumn, och bara kandidaterna kontrolleras med Luhn-algoritmen i Python.
Felet pekar ut rad och kolumn men upprepar aldrig numret.
"""

from __future__ import annotations

import re

import polars as pl

# 10 eller 12 siffror, med eller utan bindestreck/plus före de fyra sista; inte del av ett längre tal.
_MONSTER = r"(?:^|[^0-9])((?:19|20)?[0-9]{6}[-+]?[0-9]{4})(?:[^0-9]|$)"
_KANDIDAT = re.compile(_MONSTER)


def _luhn(tio_siffror: str) -> bool:
    summa = 0
    for i, tecken in enumerate(tio_siffror[:9]):
        produkt = int(tecken) * (2 if i % 2 == 0 else 1)
        summa += produkt - 9 if produkt > 9 else produkt
    return (10 - summa % 10) % 10 == int(tio_siffror[9])


def ar_personnummer(text: str) -> bool:
    """Giltigt datum (dag 61-91 för samordningsnummer) och rätt kontrollsiffra."""
    for traff in _KANDIDAT.finditer(text):
        siffror = re.sub(r"[-+]", "", traff.group(1))
        tio = siffror[-10:]
        manad, dag = int(tio[2:4]), int(tio[4:6])
        if not 1 <= manad <= 12:
            continue
        if not (1 <= dag <= 31 or 61 <= dag <= 91):
            continue
        if _luhn(tio):
            return True
    return False


def hitta(df: pl.DataFrame) -> list[tuple[int, str]]:
    """(radindex från 0, kolumnnamn) för varje cell som innehåller ett personnummer. Rubrikerna prövas som rad -1."""
    traffar: list[tuple[int, str]] = [(-1, k) for k in df.columns if ar_personnummer(str(k))]
    # Alla kolumner i en select: Polars söker dem parallellt, och bara kolumner med kandidater gås igenom.
    kandidater = df.select(pl.col(k).cast(pl.String, strict=False).str.contains(_MONSTER).fill_null(False)
                           for k in df.columns)
    for kolumn in [k for k, finns in kandidater.select(pl.all().any()).row(0, named=True).items() if finns]:
        text = df[kolumn].cast(pl.String, strict=False)
        for index in kandidater[kolumn].arg_true().to_list():
            if ar_personnummer(text[index]):
                traffar.append((index, kolumn))
    return traffar


# Minimala versioner för migreringen; ersätts av grenen h-pnr vid sammanslagningen.
def innehaller(text: str) -> bool:
    return ar_personnummer(str(text))


def maskera(text: str) -> str:
    def _ersatt(traff: re.Match) -> str:
        return traff.group(0).replace(traff.group(1), "[personnummer]") if ar_personnummer(traff.group(1)) \
            else traff.group(0)
    return _KANDIDAT.sub(_ersatt, str(text))
