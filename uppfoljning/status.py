"""Statusarna och hur de visas: färg, symbol och ord, så att ingen status bärs av färg ensam.

Färgerna är Okabe-Itos färgblindsäkra palett; symbolerna skiljer sig i form, inte bara i färg.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Status(str, Enum):
    GRON = "gron"
    GUL = "gul"
    ROD = "rod"
    EJ_BEDOMD = "ej_bedomd"
    SAKNAS = "saknas"
    FOR_FA = "for_fa"
    # Bara för läsare: indikatorns värde är dolt för att skydda små tal, och då också statusen (en synlig färg
    # skulle ge ett intervall för det dolda talet).
    DOLD = "dold"

    @property
    def visning(self) -> "Visning":
        return VISNING[self]

    @property
    def ar_fargad(self) -> bool:
        return self in (Status.GRON, Status.GUL, Status.ROD)


@dataclass(frozen=True)
class Visning:
    farg: str  # bakgrund
    textfarg: str
    symbol: str
    ord: str  # som i styrelsehandlingen
    kort: str

    @property
    def etikett(self) -> str:
        return f"{self.symbol} {self.ord}"


VISNING: dict[Status, Visning] = {
    Status.GRON: Visning("#009E73", "#000000", "✔", "Uppfyllt", "grönt"),
    Status.GUL: Visning("#F0E442", "#000000", "◐", "Delvis uppfyllt", "gult"),
    Status.ROD: Visning("#D55E00", "#000000", "✖", "Inte uppfyllt", "rött"),
    Status.EJ_BEDOMD: Visning("#BBBBBB", "#000000", "–", "Ej bedömd", "ej bedömd"),
    Status.SAKNAS: Visning("#FFFFFF", "#000000", "?", "Saknas", "saknas"),
    Status.FOR_FA: Visning("#E5E5E5", "#000000", "…", "För få för bedömning", "för få"),
    Status.DOLD: Visning("#E5E5E5", "#000000", "…", "Dold", "dold"),
}


def fran_farg(farg: str | None) -> Status | None:
    """Styrelsens beslut lagras som gron/gul/rod/ej_bedomd."""
    return Status(farg) if farg else None
