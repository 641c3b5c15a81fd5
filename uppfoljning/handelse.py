"""Händelseloggen (tabellen handelse): inläsningar, ångringar, analyser, inloggningar, användare. All kod skriver
i loggen genom logga(), som maskerar personnummer i användarnamnet och beskrivningen: ett nummer loggas aldrig."""

from __future__ import annotations

from . import personnummer


def logga(con, anvandare: str, typ: str, beskrivning: str, kalla_id: int | None = None) -> int:
    """Skriver en händelse och returnerar dess id."""
    return con.execute("INSERT INTO handelse (anvandare, typ, beskrivning, kalla_id) VALUES (?, ?, ?, ?) "
                       "RETURNING handelse_id",
                       [personnummer.maskera(anvandare), personnummer.maskera(typ),
                        personnummer.maskera(beskrivning), kalla_id]).fetchall()[0][0]
