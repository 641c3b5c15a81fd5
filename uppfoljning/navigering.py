"""Appens sidor: fil, titel, adress och lägsta roll, per grupp i menyn. dashboard.py bygger navigeringen av
dem, och inloggningen känner igen deras adresser, så att en sparad länk leder till sidan efter inloggningen."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sida:
    fil: str
    titel: str  # "{Enheter}" byts mot organisationens ord (uppfoljning/ord.py): Plattformar, Delprojekt ...
    adress: str
    roll: str  # lägsta roll som ser sidan (behorighet.ROLLER)
    forstasida: bool = False


# Tillgänglighetsredogörelsen: nåbar för alla roller och utan inloggning (ui._visa_inloggning).
REDOGORELSE = Sida("pages/tillganglighet.py", "Tillgänglighetsredogörelse", "tillganglighet", "viewer")


# En sida som inte finns i navigeringen för användarens roll går inte heller att nå via adressen.
SIDOR: dict[str, list[Sida]] = {
    "{Styrelsen}": [
        Sida("pages/maluppfyllelse.py", "Måluppfyllelse", "maluppfyllelse", "viewer", forstasida=True),
        Sida("pages/mal.py", "Mål", "mal", "viewer"),
        Sida("pages/motesunderlag.py", "Mötesunderlag", "motesunderlag", "viewer"),
    ],
    "Utfall": [
        Sida("pages/utfall.py", "Utfall", "utfall", "viewer"),
        Sida("pages/plattformar.py", "{Enheter}", "plattformar", "viewer"),
        Sida("pages/kommuner.py", "Kommuner", "kommuner", "viewer"),
        Sida("pages/kvinnor_och_man.py", "Kvinnor och män", "kvinnor-och-man", "viewer"),
        Sida("pages/over_tid.py", "Över tid", "over-tid", "viewer"),
        Sida("pages/ekonomi.py", "Ekonomi", "ekonomi", "viewer"),
    ],
    "Processledare": [
        Sida("pages/data.py", "Data", "data", "member"),
        Sida("pages/malramverk.py", "Målramverk", "malramverk", "editor"),
        Sida("pages/referensdata.py", "Referensdata", "referensdata", "editor"),
    ],
    "Administration": [
        Sida("pages/anvandare.py", "Användare", "anvandare", "admin"),
        Sida("pages/handelselogg.py", "Händelselogg", "handelselogg", "admin"),
    ],
    "Om tjänsten": [REDOGORELSE],
}


# En tom installation (ingen organisation ännu) har bara den här sidan (dashboard.py); den finns inte i menyn annars.
NY_ORGANISATION = Sida("pages/ny_organisation.py", "Ny organisation", "ny-organisation", "editor", forstasida=True)


def adresser() -> list[str]:
    return [s.adress for sidor in SIDOR.values() for s in sidor] + [NY_ORGANISATION.adress]
