"""Processledarens analys och styrelsens beslut per mål, omfattning och avsnitt. Varje ändring blir en
ny version med tid och författare; inget skrivs över, så historiken kan alltid visas.

Texten är vanlig text. Den visas aldrig som HTML, varken i appen eller i mötesunderlaget.
"""

from __future__ import annotations

import duckdb

from . import handelse, personnummer
from .status import Status

# Största längd för en analystext; styrelsehandlingens analyser är några hundra tecken per avsnitt.
MAX_LANGD = 10_000


class AnalysFel(ValueError):
    """Analysen kunde inte sparas; meddelandet är till användaren."""


def spara(con: duckdb.DuckDBPyConnection, period: int, mal_id: str, scope_id: str, avsnitt: int,
          text: str, farg: Status | None, anvandare: str) -> int:
    """Sparar en ny version och returnerar dess versionsnummer."""
    text = (text or "").strip()
    if len(text) > MAX_LANGD:
        raise AnalysFel(f"Texten är {len(text)} tecken; högst {MAX_LANGD} får plats.")
    if farg is not None and farg not in (Status.GRON, Status.GUL, Status.ROD, Status.EJ_BEDOMD):
        raise AnalysFel("Styrelsens beslut kan vara grönt, gult, rött eller ej bedömt.")
    if not text and farg is None:
        raise AnalysFel("Skriv en text eller välj ett beslut innan du sparar.")
    # Vägras hellre än maskeras: texten är styrelsens handling, och den som skriver ska se vad som sparas.
    if platser := personnummer.traffar(text):
        raise AnalysFel(f"Texten innehåller något som ser ut som ett personnummer (vid tecken "
                        f"{', '.join(str(b + 1) for b, _ in platser)}). Personnummer får inte sparas; ta bort det "
                        "och spara igen.")
    if personnummer.innehaller(anvandare):
        raise AnalysFel("Användarnamnet ser ut att innehålla ett personnummer och kan inte sparas som författare.")
    con.execute("BEGIN TRANSACTION")
    try:
        version = con.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM styrelsens_bedomning "
            "WHERE period = ? AND mal_id = ? AND scope_id = ? AND avsnitt = ?",
            [period, mal_id, scope_id, avsnitt]).fetchall()[0][0]
        con.execute(
            "INSERT INTO styrelsens_bedomning (period, mal_id, scope_id, avsnitt, farg, text, version, sparad, "
            "sparad_av) VALUES (?, ?, ?, ?, ?, ?, ?, current_localtimestamp(), ?)",
            [period, mal_id, scope_id, avsnitt, farg.value if farg else None, text or None, version, anvandare])
        handelse.logga(con, anvandare, "analys",
                       f"{mal_id}, {scope_id}, {period}, avsnitt {avsnitt}: version {version}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return version
