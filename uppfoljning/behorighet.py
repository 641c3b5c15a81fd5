"""Vem som ser och ändrar vad.

Roller, i stigande ordning:
- viewer (politiker, allmänhet): utfall och måluppfyllelse, med skydd för små tal;
- member (styrelse): allt, bara läsa, även analysutkast;
- editor (processledare): läser in filer, skriver analys och beslut, återställer;
- admin: användare och inställningar, och ser händelseloggen.

Inloggningen styrs av miljövariabeln UPPFOLJNING_INLOGGNING:
- "av" (standard): en lokal enanvändarinstallation; användaren är editor och sidopanelen säger det;
- "losenord": lokala användare i en fil med saltade lösenordshashar (scrypt), se UPPFOLJNING_ANVANDARE;
- "oidc": Streamlits inbyggda inloggning (st.login) mot förbundets identitetsleverantör; rollen slås upp
  på e-postadressen i användarfilen, annars blir den viewer.
Med inloggning påslagen visas ingenting före inloggning.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from . import installningar, personnummer

ROLLER = ("viewer", "member", "editor", "admin")
ROLLNAMN = {"viewer": "Läsare (skyddade siffror)", "member": "Styrelseledamot", "editor": "Processledare",
            "admin": "Administratör"}
# Vad varje roll får, i den ordning sidan Användare visar dem (rollernas interna namn står bara i användarfilen).
ROLLBESKRIVNING = {"viewer": "utfall och måluppfyllelse, med skydd för små tal",
                   "member": "allt, bara läsa, även analysutkast",
                   "editor": "läser in filer, redigerar målramverk och referensdata, skriver analys och beslut",
                   "admin": "dessutom användare och händelseloggen"}
LAGEN = ("av", "losenord", "oidc")

# scrypt-parametrar: ungefär 50 ms per försök på den här maskinen; saltet är 16 slumpade byte.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


@dataclass(frozen=True)
class Anvandare:
    namn: str
    roll: str

    def minst(self, roll: str) -> bool:
        return ROLLER.index(self.roll) >= ROLLER.index(roll)


LOKAL_ANVANDARE = Anvandare("lokal användare", "editor")


class BehorighetsFel(ValueError):
    """Meddelandet är till användaren."""


def lage() -> str:
    varde = os.environ.get("UPPFOLJNING_INLOGGNING", "av").strip().lower()
    if varde not in LAGEN:
        raise BehorighetsFel(f"UPPFOLJNING_INLOGGNING ska vara en av {', '.join(LAGEN)}, inte {varde}.")
    return varde


def anvandarfil() -> Path:
    satt = os.environ.get("UPPFOLJNING_ANVANDARE")
    return Path(satt) if satt else installningar.ROT / "data" / "anvandare.json"


def smatalsgrans() -> int:
    """Antal under denna gräns visas som "dold" för viewer (standard 5)."""
    return int(os.environ.get("UPPFOLJNING_SMATALSGRANS", "5"))


def _hash(losenord: str, salt: bytes) -> str:
    return hashlib.scrypt(losenord.encode("utf-8"), salt=salt, **_SCRYPT).hex()


def _las(fil: Path) -> dict:
    if not fil.exists():
        return {}
    return json.loads(fil.read_text(encoding="utf-8"))


def _skriv(fil: Path, data: dict) -> None:
    fil.parent.mkdir(parents=True, exist_ok=True)
    tillfallig = fil.with_suffix(".tmp")
    tillfallig.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(tillfallig, 0o600)
    os.replace(tillfallig, fil)


def satt_anvandare(namn: str, roll: str, losenord: str | None = None, fil: Path | None = None) -> None:
    """Lägger till eller ändrar en användare. Lösenordet sparas bara som saltad hash."""
    fil = fil or anvandarfil()
    namn = namn.strip()
    if not namn:
        raise BehorighetsFel("Användarnamnet får inte vara tomt.")
    if personnummer.innehaller(namn):
        raise BehorighetsFel("Användarnamnet ser ut att innehålla ett personnummer. Personnummer får inte lagras; "
                             "välj ett annat namn.")
    if roll not in ROLLER:
        raise BehorighetsFel(f"Rollen ska vara en av {', '.join(ROLLER)}.")
    data = _las(fil)
    post = data.get(namn, {})
    post["roll"] = roll
    if losenord is not None:
        if len(losenord) < 10:
            raise BehorighetsFel("Lösenordet ska ha minst 10 tecken.")
        salt = secrets.token_bytes(16)
        post["salt"] = salt.hex()
        post["hash"] = _hash(losenord, salt)
    elif "hash" not in post and lage() == "losenord":
        raise BehorighetsFel("En ny användare behöver ett lösenord.")
    data[namn] = post
    _skriv(fil, data)


def ta_bort_anvandare(namn: str, fil: Path | None = None) -> None:
    fil = fil or anvandarfil()
    data = _las(fil)
    if namn not in data:
        raise BehorighetsFel(f"Användaren {namn} finns inte.")
    del data[namn]
    _skriv(fil, data)


def anvandare_i_fil(fil: Path | None = None) -> list[Anvandare]:
    return [Anvandare(n, p["roll"]) for n, p in sorted(_las(fil or anvandarfil()).items())]


def logga_in(namn: str, losenord: str, fil: Path | None = None) -> Anvandare | None:
    """Rätt namn och lösenord ger användaren; annars None. Jämförelsen tar lika lång tid oavsett var det skiljer."""
    post = _las(fil or anvandarfil()).get(namn.strip())
    if not post or "hash" not in post:
        _hash(losenord, b"\0" * 16)  # samma tid för okänt namn som för fel lösenord
        return None
    if hmac.compare_digest(_hash(losenord, bytes.fromhex(post["salt"])), post["hash"]):
        return Anvandare(namn.strip(), post["roll"])
    return None


def roll_for_epost(epost: str | None, fil: Path | None = None) -> str:
    """Vid OIDC-inloggning: rollen i användarfilen för e-postadressen, annars viewer."""
    if not epost:
        return "viewer"
    post = _las(fil or anvandarfil()).get(epost.strip().lower())
    return post["roll"] if post else "viewer"
