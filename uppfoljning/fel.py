"""Fel som användaren ska kunna läsa: på svenska, med fil, rad och kolumn."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from . import personnummer


@dataclass(frozen=True)
class Fynd:
    """Ett problem i en fil. rad räknas som i ett kalkylprogram: rubrikraden är rad 1."""

    fil: str
    meddelande: str
    rad: int | None = None
    kolumn: str | None = None
    blad: str | None = None
    # Ett värde som saknas i referensdata: (plattform, kommun, remitterande_part eller utfallsmatt, värdet), så att
    # sidan Data kan erbjuda att lägga till det som namn för en befintlig enhet eller kategori.
    okant: tuple[str, str] | None = None

    def __post_init__(self):
        # Ett fel får aldrig upprepa ett personnummer: filnamn, blad, kolumn och meddelande maskeras här,
        # så att varje fel som byggs passerar samma regel.
        for f in fields(self):
            if isinstance(varde := getattr(self, f.name), str):
                object.__setattr__(self, f.name, personnummer.maskera(varde))
        if self.okant is not None:
            object.__setattr__(self, "okant", (self.okant[0], personnummer.maskera(self.okant[1])))

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


def med_filens_rubriker(fynd: list[Fynd], rubriker: dict[str, str]) -> list[Fynd]:
    """Fynden med kolumnerna som filen kallar dem ("Kön", "Plattform"): kontrollerna efter rubrikbytet arbetar
    med lagringsmodellens namn (kon, plattform_id). Kolumner som inte kommer direkt ur en rubrik i filen
    behåller sitt namn."""
    def namn(kolumn: str | None) -> str | None:
        return kolumn and ", ".join(rubriker.get(k, k) for k in kolumn.split(", "))

    return [replace(f, kolumn=namn(f.kolumn)) for f in fynd]
