"""En ny organisation i en tom installation, från en mall: ett samordningsförbund som följer upp kalenderår, eller
ett ESF-projekt med projektperiod, halvårsvisa lägesrapporter (kumulativa från projektstart) och en plan för
deltagare per kön. Processledaren fyller i namn, enheter, kommuner och perioder; mallen ger referensdatan
(kön, utfallskategorier, kategorimappning, enkätfrågor) och ett målramverk att redigera vidare på sidan Målramverk.

Allt skrivs i en transaktion: referensdatan, målramverkets första version (ursprung mall) och händelsen. Ett fel
namnger fältet och lämnar installationen tom. Samma sak från kommandoraden: `python -m uppfoljning ny-organisation`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import handelse, malramverk, personnummer
from . import ramverksredigering as rr
from .inlasning import las_in_fil
from .ord import Ord

MALLAR = Path(__file__).with_name("mallar")
# En datamapp utan filer: en tom installation byggs med UPPFOLJNING_DATASETS pekad hit.
TOM = MALLAR / "tom"
MALLNAMN = {"samordningsforbund": "Samordningsförbund (kalenderår)",
            "esf_projekt": "ESF-projekt (projektperiod och halvårsvisa lägesrapporter)",
            "annat": "Annan organisation (kalenderår)"}
# Mallens mapp med referensdata: en annan organisation får samordningsförbundets (kalenderår, samma utfallskategorier).
MAPP = {"samordningsforbund": "samordningsforbund", "esf_projekt": "esf_projekt", "annat": "samordningsforbund"}
# Mallens referensdata i inläsningsordning: fil -> tabell.
_REFERENS = (("kon.csv", "kon"), ("utfallsmatt.csv", "utfallsmatt"), ("kategorimappning.csv", "kategorimappning"),
             ("matt_definitioner.csv", "matt_definition"), ("respondentgrupper.csv", "respondentgrupp"),
             ("enkatfragor.csv", "enkatfraga"),
             ("enkat_kon.csv", "enkat_kon"), ("remitterande_parter.csv", "remitterande_part"))


class NyOrganisationFel(ValueError):
    """Uppgifterna räcker inte för en ny organisation. Meddelandet namnger fältet."""


@dataclass
class Uppgifter:
    mall: str
    namn: str
    # (enhetens namn, kommunens namn eller None)
    enheter: list[tuple[str, str | None]]
    kommuner: list[str] = field(default_factory=list)
    # Samordningsförbund: uppföljningsåren och målnivåerna för andelarna (procent).
    ar: list[int] = field(default_factory=list)
    malniva_positiv_losning: float = 90
    malniva_arbete: float = 35
    malniva_studier: float = 25
    # ESF-projekt: projektperioden, planen för deltagare (totalt, kvinnor, män) och målnivån för arbete eller studier.
    start: dt.date | None = None
    slut: dt.date | None = None
    plan_deltagare: int | None = None
    plan_kvinnor: int | None = None
    plan_man: int | None = None
    malniva_arbete_eller_studier: float | None = None
    # Egna ord (valfria): enheten i singular och plural ("insats", "insatser") och totalen ("Verksamheten totalt").
    # Tomma gäller slagets ord (plattform, delprojekt, enhet).
    ord_enhet: str | None = None
    ord_enheter: str | None = None
    ord_total: str | None = None

    @property
    def ord(self) -> dict:
        """Ramverkets `ord`: slaget och de egna orden som fyllts i."""
        ut = {"slag": self.mall}
        for nyckel, varde in (("enhet", self.ord_enhet), ("enheter", self.ord_enheter), ("total", self.ord_total)):
            if (varde or "").strip():
                ut[nyckel] = varde.strip()
        return ut

    @property
    def orden(self) -> Ord:
        return Ord(**self.ord) if self.mall in MALLNAMN else Ord()


def ar_tom(con) -> bool:
    """En installation utan enheter och utan målramverk sparat i appen: den väntar på en ny organisation."""
    return (con.execute("SELECT count(*) FROM plattform").fetchall()[0][0] == 0
            and rr.senaste_version(con) == 0)


def tolka_rader(text: str) -> list[tuple[str, str | None]]:
    """Enheter som rader "Namn" eller "Namn; Kommun" (från formuläret och kommandoraden)."""
    ut = []
    for rad in (text or "").splitlines():
        if not rad.strip():
            continue
        namn, _, kommun = rad.partition(";")
        ut.append((namn.strip(), kommun.strip() or None))
    return ut


def _id(namn: str, upptagna: set[str]) -> str:
    """Ett id ur ett namn: små bokstäver a–z utan accenter, siffror och _ (Vännäs -> vannas)."""
    text = unicodedata.normalize("NFKD", namn.lower()).encode("ascii", "ignore").decode()
    bas = re.sub(r"[^a-z0-9]+", "_", text).strip("_") or "enhet"
    kandidat, n = bas, 2
    while kandidat in upptagna:
        kandidat, n = f"{bas}_{n}", n + 1
    upptagna.add(kandidat)
    return kandidat


def _plus_manader(d: dt.date, manader: int) -> dt.date:
    ar, manad = divmod(d.month - 1 + manader, 12)
    ar, manad = d.year + ar, manad + 1
    return dt.date(ar, manad, min(d.day, calendar.monthrange(ar, manad)[1]))


def lagesrapporter(start: dt.date, slut: dt.date) -> list[dict]:
    """Halvårsvisa lägesrapporter från projektstart (kumulativa): var sjätte månad, den sista vid projektets slut."""
    rapporter = []
    n = 1
    while True:
        rapportslut = min(_plus_manader(start, 6 * n) - dt.timedelta(days=1), slut)
        post = {"id": f"lr{n}", "namn": f"Lägesrapport {n}", "start": start, "slut": rapportslut,
                "typ": "lagesrapport"}
        if n > 1:
            post["jamfor_med"] = f"lr{n - 1}"
        rapporter.append(post)
        if rapportslut >= slut:
            return rapporter
        n += 1


def _kontrollera(u: Uppgifter) -> None:
    if u.mall not in MALLNAMN:
        raise NyOrganisationFel(f"Fältet Mall ska vara {' eller '.join(MALLNAMN)}.")
    if not (u.namn or "").strip():
        raise NyOrganisationFel("Fältet Organisationens namn är tomt.")
    enhet, enheter = (u.ord_enhet or "").strip(), (u.ord_enheter or "").strip()
    if enhet and not enheter:
        raise NyOrganisationFel(f"Fältet Ordet för flera enheter (plural) är tomt, men Ordet för en enhet är "
                                f"\"{enhet}\": fyll i båda (t.ex. insats, insatser) eller inget.")
    if enheter and not enhet:
        raise NyOrganisationFel(f"Fältet Ordet för en enhet (singular) är tomt, men Ordet för flera enheter är "
                                f"\"{enheter}\": fyll i båda (t.ex. insats, insatser) eller inget.")
    for falt, varde in (("Ordet för en enhet", enhet), ("Ordet för flera enheter", enheter),
                        ("Ordet för totalen", (u.ord_total or "").strip())):
        if len(varde) > 60 or "\n" in varde:
            raise NyOrganisationFel(f"Fältet {falt} ska vara ett kort ord eller uttryck på en rad (högst 60 tecken).")
        if varde and personnummer.innehaller(varde):
            raise NyOrganisationFel(f"Fältet {falt} ser ut att innehålla ett personnummer.")
    if not u.enheter:
        raise NyOrganisationFel(f"Fältet {u.orden.Enheter} är tomt: ange minst en, en per rad.")
    for falt, namn in [("Organisationens namn", u.namn)] + [("Enheter", n) for n, _ in u.enheter] + \
            [("Kommuner", k) for k in u.kommuner]:
        if personnummer.innehaller(namn):
            raise NyOrganisationFel(f"Fältet {falt} ser ut att innehålla ett personnummer.")
    namn = [n.lower() for n, _ in u.enheter]
    if dubbla := sorted({n for n in namn if namn.count(n) > 1}):
        raise NyOrganisationFel(f"Fältet {u.orden.Enheter}: {', '.join(dubbla)} står två gånger.")
    kommuner = [k.lower() for k in u.kommuner]
    if dubbla := sorted({k for k in kommuner if kommuner.count(k) > 1}):
        raise NyOrganisationFel(f"Fältet Kommuner: {', '.join(dubbla)} står två gånger.")
    for enhet, kommun in u.enheter:
        if kommun is not None and kommun.lower() not in kommuner:
            raise NyOrganisationFel(f"Fältet {u.orden.Enheter}: kommunen {kommun} (för {enhet}) finns inte "
                                    "bland kommunerna.")
    if u.mall != "esf_projekt":
        if not u.ar:
            raise NyOrganisationFel("Fältet År är tomt: ange minst ett uppföljningsår (t.ex. 2025).")
        for ar in u.ar:
            if not 1900 <= ar <= 2999:
                raise NyOrganisationFel(f"Fältet År: {ar} är inget årtal.")
    else:
        if u.start is None or u.slut is None:
            raise NyOrganisationFel("Fälten Projektstart och Projektslut måste fyllas i.")
        if u.slut <= u.start:
            raise NyOrganisationFel(f"Fältet Projektslut ({u.slut}) ska ligga efter Projektstart ({u.start}).")
        for falt, varde in (("Planerade deltagare", u.plan_deltagare), ("varav kvinnor", u.plan_kvinnor),
                            ("varav män", u.plan_man)):
            if varde is not None and varde < 0:
                raise NyOrganisationFel(f"Fältet {falt} får inte vara negativt.")
        if u.plan_kvinnor is not None and u.plan_man is not None and u.plan_deltagare is not None and \
                u.plan_kvinnor + u.plan_man > u.plan_deltagare:
            raise NyOrganisationFel(f"Fälten varav kvinnor ({u.plan_kvinnor}) och varav män ({u.plan_man}) är "
                                    f"tillsammans fler än Planerade deltagare ({u.plan_deltagare}).")


def malramverk_for(u: Uppgifter, enhets_ider: list[str]) -> dict:
    """Mallens målramverk som en uppställning (samma form som goals.yaml)."""
    if u.mall != "esf_projekt":
        ar = sorted(set(u.ar))
        return {
            "organisation": u.namn.strip(),
            "ord": u.ord,
            "perioder": ar,
            "avsnitt": [{"nummer": 1, "namn": "Resultat på individnivå"},
                        {"nummer": 2, "namn": "Beskrivning av verksamheten"}],
            "toleranser": {"positiv_losning": {"gron": 10, "gul": 15}, "varav": {"gron": 2, "gul": 4}},
            "minsta_underlag": {"avslutade": 5, "svarande": 5},
            "sammanvagning": {"beskrivning": "Grönt 2, gult 1, rött 0 poäng; resultat väger tre gånger mer än "
                                             "beskrivningen. Grönt från 1,5, gult från 0,75.",
                              "gron_fran": 1.5, "gul_fran": 0.75, "avsnittsvikter": {1: 3, 2: 1}},
            "indikatorer": {
                "positiv_losning": {"namn": "Deltagaren har avslutats till en för individen positiv lösning",
                                    "typ": "andel_utfall", "matt": ["positiv_losning"], "avsnitt": 1,
                                    "tolerans": "positiv_losning",
                                    "malniva": {a: u.malniva_positiv_losning for a in ar}},
                "varav_arbete": {"namn": "varav till arbete", "typ": "andel_utfall", "matt": ["arbete"], "avsnitt": 1,
                                 "tolerans": "varav", "malniva": {a: u.malniva_arbete for a in ar}},
                "varav_studier": {"namn": "varav till studier", "typ": "andel_utfall", "matt": ["studier"],
                                  "avsnitt": 1, "tolerans": "varav", "malniva": {a: u.malniva_studier for a in ar}},
                "beskrivning_verksamhet": {"namn": "Beskrivning av verksamheten", "typ": "ja_nej", "avsnitt": 2,
                                           "kravs": True, "malniva": {a: "Ja" for a in ar}},
            },
            "mal": [{"id": "resultat", "titel": "Deltagarna når en för individen positiv lösning",
                     "kort_titel": "Resultat", "omfattning": ["forbundet", *enhets_ider],
                     "indikatorer": ["positiv_losning", "varav_arbete", "varav_studier", "beskrivning_verksamhet"]}],
        }
    volym = {k: v for k, v in (("alla", u.plan_deltagare), ("K", u.plan_kvinnor), ("M", u.plan_man))
             if v is not None}
    resultat = {"namn": "Andel av de avslutade som gått till arbete eller studier", "typ": "andel_utfall",
                "matt": ["arbete_eller_studier"], "andel_av": "avslutade", "avsnitt": 1, "tolerans": "resultat",
                "plan": "projektperioden"}
    if u.malniva_arbete_eller_studier is not None:
        # Samma målnivå för kvinnor och män (ESF: jämställdhet), så att båda bedöms.
        niva = u.malniva_arbete_eller_studier
        resultat["malniva"] = {"projektperioden": {"alla": niva, "K": niva, "M": niva}}
    deltagare = {"namn": "Deltagare mot plan", "typ": "volym", "matt": ["deltagare"], "avsnitt": 2,
                 "tolerans": "volym", "plan": "projektperioden"}
    if volym:
        deltagare["malniva"] = {"projektperioden": volym if len(volym) > 1 else volym.get("alla", 0)}
    return {
        "organisation": u.namn.strip(),
        "ord": u.ord,
        "perioder": [{"id": "projektperioden", "namn": f"Projektperioden {u.start} – {u.slut}", "start": u.start,
                      "slut": u.slut, "typ": "projektperiod"}, *lagesrapporter(u.start, u.slut)],
        "avsnitt": [{"nummer": 1, "namn": "Resultat för deltagarna"}, {"nummer": 2, "namn": "Volym mot plan"}],
        "toleranser": {"resultat": {"gron": 5, "gul": 10}, "volym": {"gron": 10, "gul": 20, "satt": "procent"}},
        "minsta_underlag": {"avslutade": 5},
        "sammanvagning": {"beskrivning": "Grönt 2, gult 1, rött 0 poäng; resultat väger dubbelt mot volym. Grönt från "
                                         "1,5, gult från 1.", "gron_fran": 1.5, "gul_fran": 1,
                          "avsnittsvikter": {1: 2, 2: 1}},
        "indikatorer": {"arbete_eller_studier": resultat, "deltagarvolym": deltagare},
        "mal": [{"id": "resultat", "titel": "Deltagarna går vidare till arbete eller studier",
                 "kort_titel": "Arbete eller studier", "omfattning": ["forbundet", *enhets_ider],
                 "indikatorer": ["arbete_eller_studier"]},
                {"id": "volym", "titel": "Projektet når planerad volym", "kort_titel": "Volym",
                 "omfattning": ["forbundet"], "indikatorer": ["deltagarvolym"]}],
    }


def skapa(con, u: Uppgifter, anvandare: str) -> int:
    """Skapar organisationen i en tom installation. Returnerar målramverkets version."""
    if not ar_tom(con):
        raise NyOrganisationFel("Installationen har redan en organisation (enheter eller ett målramverk). En ny "
                                "organisation skapas i en tom installation (se README, Ny organisation).")
    _kontrollera(u)
    orden = u.orden
    upptagna: set[str] = set()
    kommun_ider = {k.lower(): (_id(k, upptagna), k.strip()) for k in u.kommuner}
    upptagna = set()
    enheter = [(_id(n, upptagna), n, kommun_ider[k.lower()][0] if k else None) for n, k in u.enheter]
    text = rr.till_text(malramverk_for(u, [e[0] for e in enheter]))
    mapp = MALLAR / MAPP[u.mall]
    con.execute("BEGIN TRANSACTION")
    try:
        for fil, tabell in _REFERENS:
            if (mapp / fil).exists():
                las_in_fil(con, tabell, mapp / fil, anvandare, visningsnamn=f"mallen {MAPP[u.mall]}/{fil}")
        for kid, namn in kommun_ider.values():
            con.execute("INSERT INTO kommun VALUES (?, ?)", [kid, namn])
        for i, (pid, namn, kommun) in enumerate(enheter, start=1):
            con.execute("INSERT INTO plattform VALUES (?, ?, ?, ?, ?, true, ?)",
                        [pid, namn.strip(), namn.strip(), kommun, orden.enhet, i])
        ram = rr.kontrollera(con, text)
        version = rr.skriv_version(con, text, anvandare, f"ny organisation från mallen {MALLNAMN[u.mall]}", "mall")
        handelse.logga(con, anvandare, "referensdata",
                       f"Ny organisation: {u.namn.strip()} ({MALLNAMN[u.mall]}), {len(enheter)} {orden.enheter}, "
                       f"{len(kommun_ider)} kommuner")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    malramverk.synka_perioder(con, ram)
    return version
