"""Skydd för små tal i det som en läsare (viewer) ser.

Ett antal under gränsen (standard 5) visas som "<5", och en andel som räknas från färre än gränsen
döljs med skälet. Sekundärt (komplementärt) skydd: i varje summa, t.ex. Kvinnor + Män = Totalt eller
avslutsorsakerna = avslutade, får inte exakt en cell vara dold, för då kan den räknas fram ur de
andra. Då döljs ytterligare en cell, den minsta, tills ingen summa har exakt en dold cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

Cell = Hashable
Relation = tuple[Cell, tuple[Cell, ...]]  # (summa, delar)

DOLT = "<{grans}"
DOLD_ANDEL = "dold"
SKAL = "Dolt: färre än {grans} personer. Siffror som skulle avslöja ett dolt tal är också dolda."


def dolj(antal: dict[Cell, int | None], relationer: Iterable[Relation], grans: int) -> set[Cell]:
    """Cellerna som ska döljas: små tal först, sedan det som behövs för att de inte ska kunna räknas fram."""
    dolda = {c for c, v in antal.items() if v is not None and v < grans}
    relationer = [(summa, tuple(delar)) for summa, delar in relationer
                  if summa in antal and all(d in antal for d in delar)]
    andrat = True
    while andrat:
        andrat = False
        for summa, delar in relationer:
            celler = (summa, *delar)
            dolda_har = [c for c in celler if c in dolda]
            if len(dolda_har) != 1:
                continue
            # Dölj den minsta synliga delen; finns ingen, summan.
            synliga_delar = [d for d in delar if d not in dolda and antal[d] is not None]
            kandidat = min(synliga_delar, key=lambda d: antal[d]) if synliga_delar else summa
            if kandidat not in dolda:
                dolda.add(kandidat)
                andrat = True
    return dolda


def framraknbara(antal: dict[Cell, int | None], relationer: Iterable[Relation], dolda: set[Cell]) -> set[Cell]:
    """Dolda celler som någon kan räkna fram ur det synliga genom att lösa summorna en i taget.
    Används i testerna för att visa att skyddet håller."""
    kanda = {c for c in antal if c not in dolda}
    framraknade: set[Cell] = set()
    andrat = True
    relationer = list(relationer)
    while andrat:
        andrat = False
        for summa, delar in relationer:
            celler = (summa, *delar)
            if not all(c in antal for c in celler):
                continue
            okanda = [c for c in celler if c not in kanda]
            if len(okanda) == 1:
                kanda.add(okanda[0])
                framraknade.add(okanda[0])
                andrat = True
    return framraknade & dolda
