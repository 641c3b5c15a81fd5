"""Fel som användaren ska kunna läsa: på svenska, med fil, rad och kolumn."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fynd:
    """Ett problem i en fil. rad räknas som i ett kalkylprogram: rubrikraden är rad 1."""

    fil: str
    meddelande: str
    rad: int | None = None
    kolumn: str | None = None
    blad: str | None = None

    def __str__(self) -> str:
        plats = [f"fil {self.fil}"]
        if self.blad:
            plats.append(f"blad {self.blad}")
        if self.rad is not None:
            plats.append(f"rad {self.rad}")
        if self.kolumn:
            plats.append(f"kolumn {self.kolumn}")
        return f"{', '.join(plats)}: {self.meddelande}"


class InlasningsFel(Exception):
    """En fil gick inte att läsa in. Inget har sparats."""

    def __init__(self, fynd: list[Fynd]):
        self.fynd = fynd
        super().__init__("\n".join(str(f) for f in fynd))
