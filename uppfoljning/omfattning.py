"""Omfattning (scope): vad en siffra gäller, en plattform eller hela förbundet.

Förbundet är summan av de plattformar som referensdata säger ingår i förbundets total;
särredovisade insatser (HFE, projekt) ingår inte.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

FORBUNDET = "forbundet"


@dataclass(frozen=True)
class Omfattning:
    id: str
    namn: str
    plattformar: tuple[str, ...]

    @property
    def ar_forbundet(self) -> bool:
        return self.id == FORBUNDET


def alla(plattformar: pl.DataFrame, forbundsnamn: str = "Förbundet totalt") -> list[Omfattning]:
    """Förbundet först, sedan varje plattform i förbundets ordning. plattformar: frågan 'plattformar'."""
    i_total = tuple(plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list())
    resultat = [Omfattning(FORBUNDET, forbundsnamn, i_total)]
    for rad in plattformar.iter_rows(named=True):
        resultat.append(Omfattning(rad["plattform_id"], rad["namn"], (rad["plattform_id"],)))
    return resultat


def hitta(omfattningar: list[Omfattning], id: str) -> Omfattning:
    for o in omfattningar:
        if o.id == id:
            return o
    raise KeyError(id)
