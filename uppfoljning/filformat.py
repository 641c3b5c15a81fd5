"""Läser filer som användarna faktiskt har: CSV med semikolon eller komma, UTF-8 med eller utan BOM
eller Windows-1252, och Excel (xlsx) med en tabell per blad. Allt läses som text; typerna bestäms
sedan av datamängden, inte av gissning."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from .fel import Fynd, InlasningsFel


@dataclass(frozen=True)
class Blad:
    namn: str | None  # None för CSV
    tabell: pl.DataFrame


@lru_cache(maxsize=65536)
def normalisera_rubrik(rubrik: str) -> str:
    """'Kön', 'kon', 'KÖN ' blir 'kon'; 'Start-datum' blir 'startdatum'. Cachad: varje inläsning normaliserar
    alla referensnamn (plattformar, kommuner, mått) på nytt, tusentals i en nationell databas."""
    utan_accent = unicodedata.normalize("NFKD", str(rubrik).strip().lower())
    bara_bokstaver = "".join(t for t in utan_accent if not unicodedata.combining(t))
    return "".join(t for t in bara_bokstaver if t.isalnum())


def _stoppa_utf16(innehall: bytes, fil: str) -> None:
    if b"\x00" in innehall[:4096]:
        raise InlasningsFel([Fynd(fil, "Filen verkar vara sparad som UTF-16 eller som binärfil. Spara den som "
                                        "CSV UTF-8 (eller CSV med semikolon) i Excel.")])


def avkoda(innehall: bytes, fil: str) -> str:
    _stoppa_utf16(innehall, fil)
    try:
        return innehall.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return innehall.decode("cp1252")
    except UnicodeDecodeError as fel:
        raise InlasningsFel([Fynd(fil, "Teckenkodningen känns inte igen. Spara filen som CSV UTF-8 i Excel.")]) from fel


def _forsta_raderna(text: str, antal: int) -> list[str]:
    """text.splitlines()[:antal] utan att dela upp hela filen (en miljon rader): dela ett allt längre
    prefix tills det säkert innehåller antal hela rader (ett snitt kan bara påverka de två sista)."""
    langd = 65536
    while langd < len(text):
        rader = text[:langd].splitlines()
        if len(rader) >= antal + 2:
            return rader[:antal]
        langd *= 4
    return text.splitlines()[:antal]


def _separator(text: str) -> str:
    prov = "\n".join(_forsta_raderna(text, 20))
    try:
        return csv.Sniffer().sniff(prov, delimiters=";,\t").delimiter
    except csv.Error:
        forsta = _forsta_raderna(text, 1)[0] if text else ""
        return max(";,\t", key=forsta.count)


# Så mycket av filens början räcker för att se avgränsaren (20 rader) utan att avkoda hela filen.
_PROV_BYTE = 1 << 18


def _som_utf8(innehall: bytes, fil: str) -> bytes:
    """Filens innehåll som UTF-8 utan BOM. En fil i UTF-8 skickas vidare utan att avkodas: Polars kontrollerar
    själv att den är giltig UTF-8, och att avkoda en stor fil i Python kostar lika mycket som att läsa den."""
    if innehall.startswith(b"\xef\xbb\xbf"):
        return innehall[3:]
    try:
        innehall[:_PROV_BYTE].decode("utf-8")
        return innehall
    except UnicodeDecodeError as fel:
        if fel.start < _PROV_BYTE - 4:  # inte bara ett tecken som delats vid provets slut
            return avkoda(innehall, fil).encode("utf-8")
    return innehall


def las_csv(innehall: bytes, fil: str) -> list[Blad]:
    _stoppa_utf16(innehall, fil)
    data = _som_utf8(innehall, fil)
    if not data or data.isspace():
        raise InlasningsFel([Fynd(fil, "Filen är tom.")])
    prov = data[:_PROV_BYTE].decode("utf-8", errors="replace")
    separator = _separator(prov)
    try:
        df = pl.read_csv(data, separator=separator, infer_schema=False, truncate_ragged_lines=False)
    except pl.exceptions.PolarsError as fel:
        if data is innehall:
            try:
                innehall.decode("utf-8")
            except UnicodeDecodeError:
                # Början var UTF-8 men inte resten: avkoda hela filen (Windows-1252) och läs igen.
                return las_csv(avkoda(innehall, fil).encode("utf-8"), fil)
        raise InlasningsFel([Fynd(fil, "Filen kunde inte läsas som CSV: raderna har olika antal kolumner "
                                        "eller citattecken som inte stängs.")]) from fel
    if df.width == 1 and df.height > 0 and separator not in _forsta_raderna(prov, 1)[0]:
        raise InlasningsFel([Fynd(fil, "Filen har bara en kolumn. Är den sparad med semikolon eller komma "
                                        "som avgränsare?", rad=1)])
    return [Blad(None, df)]


def las_excel(innehall: bytes, fil: str) -> list[Blad]:
    try:
        blad = pl.read_excel(innehall, sheet_id=0, infer_schema_length=0)
    except Exception as fel:  # fastexcel/calamine har egna feltyper för trasiga filer
        raise InlasningsFel([Fynd(fil, "Filen är inte en giltig Excel-fil (xlsx). Den kan vara trasig eller "
                                        "avkortad; spara om den från Excel.")]) from fel
    resultat = [Blad(namn, df) for namn, df in blad.items() if df.width and df.height]
    if not resultat:
        raise InlasningsFel([Fynd(fil, "Excel-filen innehåller inga tabeller.")])
    return resultat


def las(innehall: bytes, fil: str) -> list[Blad]:
    """Ett Blad per tabell i filen. Typen avgörs av innehållet, inte bara av filändelsen."""
    if not innehall:
        raise InlasningsFel([Fynd(fil, "Filen är tom.")])
    if innehall[:2] == b"PK" or fil.lower().endswith((".xlsx", ".xlsm")):
        return las_excel(innehall, fil)
    if innehall[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InlasningsFel([Fynd(fil, "Filen är i det gamla Excel-formatet (xls). Spara om den som xlsx eller CSV.")])
    return las_csv(innehall, fil)
