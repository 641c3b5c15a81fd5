"""Inloggningens skydd (lösenordsläget): spärrar mot gissade lösenord och sessioner som överlever en omladdning.

Gissning: varje försök räknas per konto och per klient (IP-adress). Efter UPPFOLJNING_FORDROJNING_EFTER (3)
misslyckanden i följd måste nästa försök vänta 2^(n-3) sekunder, högst UPPFOLJNING_FORDROJNING_MAX (60);
efter UPPFOLJNING_SPARR_EFTER (10) spärras kontot eller klienten i UPPFOLJNING_SPARRTID_MINUTER (15) minuter,
och varje nytt misslyckande därefter spärrar på nytt. Ett försök som måste vänta prövas inte alls (svaret
är "försök igen om N sekunder"), så servern sover aldrig. Räknarna glöms en timme efter det senaste
misslyckandet. Okända konton räknas och besvaras exakt som kända, så svaret avslöjar inte vilka konton som
finns.

Sessioner: en inloggning ger en signerad kaka (HMAC-SHA256) med användarnamn, utgångstid
(UPPFOLJNING_SESSION_TIMMAR, 8), sessions-id och ett avtryck av lösenordshashen. Kakan gäller bara så
länge sessions-id:t finns kvar på servern (utloggning tar bort det), användaren finns och lösenordet är
detsamma; rollen läses alltid från användarfilen.

Tillståndet ligger i filer bredvid användarfilen (anvandare.raknare.json, anvandare.sessioner.json, 0600)
och ändras under ett fillås, så att det delas mellan sessioner och processer; att ta bort räknarfilen häver
alla spärrar. Räknarnas nycklar är HMAC av namn och adress (en IPv6-adress räknas per /64-nät): filen
innehåller inga användarnamn från misslyckade försök. Hemligheten är UPPFOLJNING_HEMLIGHET eller
anvandare.hemlighet, som skapas en gång med rättigheterna 0600; en ny hemlighet gör alla kakor ogiltiga.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import hmac
import ipaddress
import json
import math
import os
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import behorighet
from .behorighet import Anvandare

KAKA = "uppfoljning_session"
GLOMTID_S = 3600  # en räknare glöms så här länge efter det senaste misslyckandet
MAX_RAKNARE = 20_000

# (anvandare, typ, beskrivning) till händelseloggen.
Logg = Callable[[str, str, str], None]


def _tal(namn: str, standard: float) -> float:
    varde = os.environ.get(namn)
    if varde is None or not varde.strip():
        return standard
    try:
        tal = float(varde)
    except ValueError:
        raise behorighet.BehorighetsFel(f"{namn} ska vara ett tal, inte {varde}.") from None
    if tal < 0:
        raise behorighet.BehorighetsFel(f"{namn} får inte vara negativt ({varde}).")
    return tal


@dataclass(frozen=True)
class Granser:
    fordrojning_efter: int
    fordrojning_max_s: float
    sparr_efter: int
    sparrtid_s: float
    session_s: float

    @classmethod
    def fran_miljon(cls) -> "Granser":
        return cls(fordrojning_efter=int(_tal("UPPFOLJNING_FORDROJNING_EFTER", 3)),
                   fordrojning_max_s=_tal("UPPFOLJNING_FORDROJNING_MAX", 60),
                   sparr_efter=max(1, int(_tal("UPPFOLJNING_SPARR_EFTER", 10))),
                   sparrtid_s=_tal("UPPFOLJNING_SPARRTID_MINUTER", 15) * 60,
                   session_s=_tal("UPPFOLJNING_SESSION_TIMMAR", 8) * 3600)


# ---------------------------------------------------------------- filer och hemlighet


def _syskon(fil: Path, andelse: str) -> Path:
    return fil.with_name(f"{fil.stem}.{andelse}")


def hemlighet(fil: Path | None = None) -> bytes:
    """UPPFOLJNING_HEMLIGHET, annars en slumpad hemlighet i en fil bredvid användarfilen (skapas en gång, 0600)."""
    satt = os.environ.get("UPPFOLJNING_HEMLIGHET")
    if satt:
        return satt.encode("utf-8")
    sokvag = _syskon(fil or behorighet.anvandarfil(), "hemlighet")
    sokvag.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(sokvag, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if sokvag.stat().st_mode & 0o077:
            os.chmod(sokvag, 0o600)
        for _ in range(50):  # en annan process kan just ha skapat filen men inte skrivit den
            innehall = sokvag.read_bytes().strip()
            if innehall:
                return innehall
            time.sleep(0.01)
        raise behorighet.BehorighetsFel(f"Hemligheten i {sokvag} är tom; ta bort filen så skapas en ny.") from None
    with os.fdopen(fd, "wb") as ut:
        ut.write(secrets.token_hex(32).encode("ascii"))
    return sokvag.read_bytes().strip()


def _signera(nyckel: bytes, text: str) -> str:
    return hmac.new(nyckel, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _tillstand_las(fil: Path, slag: str) -> dict:
    """Räknarna ("raknare") eller sessionerna ("sessioner"), i var sin fil: att pröva en session vid varje
    sidvisning läser inte räknarna."""
    try:
        data = json.loads(_syskon(fil, f"{slag}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


@contextmanager
def _tillstand_andra(fil: Path, slag: str) -> Iterator[dict]:
    """Läs, ändra och skriv under ett exklusivt fillås. Sektionen är kort: ingen hashning, ingen väntan."""
    sokvag = _syskon(fil, f"{slag}.json")
    sokvag.parent.mkdir(parents=True, exist_ok=True)
    las = os.open(_syskon(fil, f"{slag}.las"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(las, fcntl.LOCK_EX)
        data = _tillstand_las(fil, slag)
        fore = json.dumps(data, sort_keys=True)
        yield data
        if json.dumps(data, sort_keys=True) == fore:
            return  # ett vägrat försök ändrar ingenting
        tillfallig = sokvag.with_name(sokvag.name + ".tmp")
        fd = os.open(tillfallig, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as ut:
            json.dump(data, ut)
        os.replace(tillfallig, sokvag)  # läsare utan lås ser den gamla eller den nya filen, aldrig en halv
    finally:
        fcntl.flock(las, fcntl.LOCK_UN)
        os.close(las)


# ---------------------------------------------------------------- gissningsskydd


@dataclass(frozen=True)
class Forsok:
    """Utfallet av ett inloggningsförsök. vanta_s > 0: försöket prövades inte."""
    anvandare: Anvandare | None
    vanta_s: int = 0
    sparrad: bool = False

    @property
    def meddelande(self) -> str:
        if self.anvandare is not None:
            return ""
        if self.sparrad:
            minuter = max(1, math.ceil(self.vanta_s / 60))
            return (f"För många misslyckade inloggningar. Inloggningen är spärrad i {minuter} "
                    f"{'minut' if minuter == 1 else 'minuter'} till.")
        if self.vanta_s > 0:
            return (f"För många misslyckade inloggningar. Försök igen om {self.vanta_s} "
                    f"{'sekund' if self.vanta_s == 1 else 'sekunder'}.")
        return "Fel användarnamn eller lösenord."


def _vantetid(post: dict, nu: float, granser: Granser) -> tuple[float, bool]:
    if post.get("sparr_till", 0) > nu:
        return post["sparr_till"] - nu, True
    antal = post.get("antal", 0)
    if antal >= granser.fordrojning_efter:
        fordrojning = min(2 ** (antal - granser.fordrojning_efter), granser.fordrojning_max_s)
        if post["senast"] + fordrojning > nu:
            return post["senast"] + fordrojning - nu, False
    return 0.0, False


def _rensa_raknare(raknare: dict, nu: float) -> None:
    """Glömmer gamla räknare, och de äldsta om de blir fler än MAX_RAKNARE (så att ett angrepp från många
    adresser inte kan göra filen hur stor som helst)."""
    for nyckel in [k for k, p in raknare.items() if p.get("sparr_till", 0) <= nu and p["senast"] <= nu - GLOMTID_S]:
        del raknare[nyckel]
    if len(raknare) > MAX_RAKNARE:
        for nyckel in sorted(raknare, key=lambda k: raknare[k]["senast"])[:len(raknare) - MAX_RAKNARE]:
            del raknare[nyckel]


def _klientnyckel(klient: str) -> str:
    """En IPv6-adress räknas per /64-nät: den som har ett nät har miljarder adresser."""
    try:
        adress = ipaddress.ip_address(klient)
    except ValueError:
        return klient
    if adress.version == 6:
        if adress.ipv4_mapped is not None:
            return str(adress.ipv4_mapped)
        return str(ipaddress.ip_network(f"{adress}/64", strict=False))
    return str(adress)


def maskera_namn(namn: str) -> str:
    """Användarnamnet i händelseloggen; ett personnummer skrivs aldrig ut."""
    from . import personnummer

    namn = namn.strip()[:100]
    # personnummer.maskera byggs i en annan del av issue #14; till dess maskeras hela namnet.
    if (maskera := getattr(personnummer, "maskera", None)) is not None:
        return maskera(namn)
    return "(personnummer, maskerat)" if personnummer.ar_personnummer(namn) else namn


def forsok(namn: str, losenord: str, klient: str, *, fil: Path | None = None, nu: float | None = None,
           logg: Logg | None = None, granser: Granser | None = None) -> Forsok:
    """Ett inloggningsförsök från [klient]. Försöket räknas innan lösenordet prövas (så att samtidiga försök
    också räknas) och räkningen tas tillbaka om lösenordet var rätt. Misslyckanden och nya spärrar skrivs
    till [logg] med maskerat användarnamn och klient, aldrig lösenordet."""
    fil = fil or behorighet.anvandarfil()
    nu = time.time() if nu is None else nu
    granser = granser or Granser.fran_miljon()
    nyckel = hemlighet(fil)
    nycklar = {"konto": _signera(nyckel, "konto:" + namn.strip().lower())[:32],
               "klient": _signera(nyckel, "klient:" + _klientnyckel(klient))[:32]}
    nya_sparrar = []
    with _tillstand_andra(fil, "raknare") as raknare:
        _rensa_raknare(raknare, nu)
        vanta_s, sparrad = max(_vantetid(raknare.get(n, {}), nu, granser) for n in nycklar.values())
        if vanta_s <= 0:  # ett vägrat försök lägger inte till något (filen växer inte av påhittade namn)
            poster = {slag: raknare.setdefault(n, {"antal": 0, "senast": 0.0}) for slag, n in nycklar.items()}
            for slag, post in poster.items():
                post["antal"] += 1
                post["senast"] = nu
                if post["antal"] >= granser.sparr_efter:
                    post["sparr_till"] = nu + granser.sparrtid_s
                    nya_sparrar.append(slag)
            antal = poster["konto"]["antal"]
    if vanta_s > 0:
        return Forsok(None, math.ceil(vanta_s), sparrad)

    anvandaren = behorighet.logga_in(namn, losenord, fil)
    if anvandaren is not None:
        with _tillstand_andra(fil, "raknare") as raknare:
            raknare.pop(nycklar["konto"], None)
            post = raknare.get(nycklar["klient"])
            if post:  # rätt lösenord är inget misslyckande, men nollställer inte klientens tidigare misslyckanden
                post["antal"] = max(0, post["antal"] - 1)
                if post["antal"] < granser.sparr_efter:
                    post.pop("sparr_till", None)
        if logg:
            logg(anvandaren.namn, "inloggning",
                 f"Inloggad som {behorighet.ROLLNAMN[anvandaren.roll].lower()} från {klient}")
        return Forsok(anvandaren)

    if logg:
        vem = maskera_namn(namn) or "(tomt namn)"
        logg(vem, "inloggning misslyckad",
             f"Fel användarnamn eller lösenord från {klient} ({antal} i följd för kontot)")
        minuter = round(granser.sparrtid_s / 60)
        for slag in nya_sparrar:
            vad = "Kontot spärrat" if slag == "konto" else f"Klienten {klient} spärrad"
            logg(vem, "inloggning spärrad",
                 f"{vad} i {minuter} minuter efter {granser.sparr_efter} misslyckade försök")
    return Forsok(None)


# ---------------------------------------------------------------- sessioner


def _avtryck(nyckel: bytes, post: dict) -> str:
    return _signera(nyckel, "avtryck:" + post.get("hash", ""))[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def skapa_session(anvandaren: Anvandare, *, fil: Path | None = None, nu: float | None = None,
                  granser: Granser | None = None) -> str:
    """En ny session för den som just loggat in: kakans värde (signerat, ingen hemlighet i klartext)."""
    fil = fil or behorighet.anvandarfil()
    nu = time.time() if nu is None else nu
    granser = granser or Granser.fran_miljon()
    nyckel = hemlighet(fil)
    post = behorighet._las(fil).get(anvandaren.namn, {})
    sid = secrets.token_hex(16)
    utgar = int(nu + granser.session_s)
    with _tillstand_andra(fil, "sessioner") as sessioner:
        for gammal in [k for k, s in sessioner.items() if s["utgar"] <= nu]:
            del sessioner[gammal]
        sessioner[sid] = {"anvandare": anvandaren.namn, "utgar": utgar}
    innehall = _b64(json.dumps({"n": anvandaren.namn, "u": utgar, "s": sid, "a": _avtryck(nyckel, post)},
                               ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return f"{innehall}.{_signera(nyckel, innehall)}"


def _las_kaka(varde: str, nyckel: bytes) -> dict | None:
    """Kakans innehåll om signaturen stämmer, annars None."""
    innehall, _, signatur = (varde or "").strip().partition(".")
    if not innehall or not hmac.compare_digest(signatur.encode("ascii", "replace"),
                                               _signera(nyckel, innehall).encode("ascii")):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(innehall + "=" * (-len(innehall) % 4)))
        return data if isinstance(data, dict) and {"n", "u", "s", "a"} <= data.keys() else None
    except ValueError:
        return None


def las_session(varde: str | None, *, fil: Path | None = None, nu: float | None = None) -> Anvandare | None:
    """Användaren för en kaka: signaturen stämmer, den har inte gått ut, sessionen finns kvar på servern,
    användaren finns och har samma lösenord. Rollen läses från användarfilen."""
    if not varde:
        return None
    fil = fil or behorighet.anvandarfil()
    nu = time.time() if nu is None else nu
    nyckel = hemlighet(fil)
    kaka = _las_kaka(varde, nyckel)
    if kaka is None or kaka["u"] <= nu:
        return None
    session = _tillstand_las(fil, "sessioner").get(kaka["s"])
    if not session or session["anvandare"] != kaka["n"] or session["utgar"] <= nu:
        return None
    post = behorighet._las(fil).get(kaka["n"])
    if not post or post.get("roll") not in behorighet.ROLLER:
        return None
    if not hmac.compare_digest(_avtryck(nyckel, post), str(kaka["a"])):
        return None
    return Anvandare(kaka["n"], post["roll"])


def avsluta_session(varde: str | None, *, fil: Path | None = None) -> None:
    """Utloggning: sessions-id:t tas bort på servern, så att en kopia av kakan slutar gälla."""
    if not varde:
        return
    fil = fil or behorighet.anvandarfil()
    kaka = _las_kaka(varde, hemlighet(fil))
    if kaka is None:
        return
    with _tillstand_andra(fil, "sessioner") as sessioner:
        sessioner.pop(kaka["s"], None)
