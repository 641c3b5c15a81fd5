"""Organisationens egna ord: vad den kallar sina enheter ("plattform", "insats", "delprojekt") och sin total
("Förbundet totalt", "Projektet totalt"), och rubriken för den samlade måluppfyllelsen. Orden står i goals.yaml
under `ord` (allt är valfritt); utan dem gäller standardorden för organisationens slag (`slag`).

Sidorna, mötesunderlaget och felen hämtar orden här i stället för att skriva ett förbunds ord i koden.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Slag = Literal["samordningsforbund", "esf_projekt", "annat"]

# Standardorden per slag: enhet, enheter och enheterna (plural, obestämd och bestämd), total, den samlade måluppfyllelsens rubrik.
_STANDARD: dict[str, dict[str, str]] = {
    "samordningsforbund": {"enhet": "plattform", "enheter": "plattformar", "enheterna": "plattformarna", "total": "Förbundet totalt",
                           "samlad_rubrik": "Samordningsförbundets samlade måluppfyllelse", "styrelsen": "styrelsen",
                           "enheten": "plattformen"},
    "esf_projekt": {"enhet": "delprojekt", "enheter": "delprojekt", "enheterna": "delprojekten", "total": "Projektet totalt",
                    "samlad_rubrik": "Projektets samlade måluppfyllelse", "styrelsen": "styrgruppen",
                    "enheten": "delprojektet"},
    "annat": {"enhet": "enhet", "enheter": "enheter", "enheterna": "enheterna", "total": "Totalt", "samlad_rubrik": "Samlad måluppfyllelse", "styrelsen": "styrelsen",
                    "enheten": "enheten"},
}


class Ord(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slag: Slag = "samordningsforbund"
    enhet: str | None = None
    enheter: str | None = None
    enheterna: str | None = None  # bestämd form plural: "de valda plattformarna"
    total: str | None = None
    samlad_rubrik: str | None = None
    styrelsen: str | None = None  # bestämd form: den som bedömer målen ("styrelsen", "styrgruppen")
    enheten: str | None = None  # bestämd form singular: "plattformen", "delprojektet"

    @model_validator(mode="after")
    def _standard(self):
        if self.enhet is not None and self.enheten is None and self.enhet != _STANDARD[self.slag]["enhet"]:
            # Ett eget ord utan bestämd form: "insats" blir "insatsen" (rättas med `enheten` i goals.yaml).
            object.__setattr__(self, "enheten", self.enhet + ("n" if self.enhet.endswith("e") else "en"))
        if self.enheter is not None and self.enheterna is None and \
                self.enheter != _STANDARD[self.slag]["enheter"]:
            # Plural utan bestämd form: "insatser" blir "insatserna", "delprojekt" blir "delprojekten".
            object.__setattr__(self, "enheterna", self.enheter + ("na" if self.enheter.endswith("r") else "en"))
        for falt, varde in _STANDARD[self.slag].items():
            if getattr(self, falt) is None:
                object.__setattr__(self, falt, varde)
        return self

    @property
    def Enhet(self) -> str:  # noqa: N802 - versal i början, för rubriker och etiketter
        return versal(self.enhet)

    @property
    def Enheter(self) -> str:  # noqa: N802
        return versal(self.enheter)

    @property
    def Styrelsen(self) -> str:  # noqa: N802
        return versal(self.styrelsen)

    @property
    def Styrelsens(self) -> str:  # noqa: N802
        return versal(self.styrelsen) + "s"

    @property
    def organisationens(self) -> str:
        """Organisationen i genitiv: "förbundets", "projektets", "organisationens"."""
        return {"samordningsforbund": "förbundets", "esf_projekt": "projektets"}.get(self.slag, "organisationens")

    @property
    def distinkta_deltagare(self) -> str:
        """Meningen som förklarar totalen när den räknas ur deltagarnivån (queries/forbundet_distinkt.sql):
        personer räknas en gång, så summan av enheterna kan vara större än totalen."""
        return (f"{self.total} är distinkta deltagare; en person i två {self.enheter} räknas en gång, liksom den som "
                f"skrivits in på nytt, så summan av {self.enheterna} kan vara större än {self.total.lower()}.")


    @property
    def distinkta_kommuner(self) -> str:
        """Meningen som förklarar kommunernas siffror när de räknas ur deltagarnivån (som totalen, se
        distinkta_deltagare): en person räknas en gång per kommun."""
        return (f"En kommuns utfall räknas på deltagarnivå som distinkta deltagare bland {self.enheterna} i kommunen: en "
                f"person i två {self.enheter} i samma kommun räknas en gång, så summan av {self.enheterna} i kommunen "
                "kan vara större än kommunens siffra. ")

    def i_text(self, text: str) -> str:
        """En text skriven med förbundets ord (inläsningens fel: "plattform", "plattformen", "plattformar",
        "plattformarna", också med versal) med organisationens ord. Hela ord byts, så en kolumn som
        "plattform_id" i en fil lämnas. Förbundets ord lämnas som de är."""
        if self.enhet == "plattform" and self.enheter == "plattformar":
            return text
        byten = {"plattformarnas": self.enheterna + "s", "plattformarna": self.enheterna,
                 "plattformar": self.enheter, "plattformens": self.enheten + "s", "plattformen": self.enheten,
                 "plattforms": self.enhet + ("" if self.enhet.endswith("s") else "s"), "plattform": self.enhet}

        def byt(m: re.Match) -> str:
            ny = byten[m.group(0).lower()]
            return versal(ny) if m.group(0)[0].isupper() else ny
        return _PLATTFORMSORD.sub(byt, text)


_PLATTFORMSORD = re.compile(r"(?<![\w_])(?:plattformarnas|plattformarna|plattformar|plattformens|plattformen|"
                            r"plattforms|plattform)(?![\w\\])", re.IGNORECASE)


def versal(text: str) -> str:
    return text[:1].upper() + text[1:]


STANDARD = Ord()
