"""Målramverket i goals.yaml: mål, indikatorer, målnivåer per period, toleransregler och sammanvägning.

Allt som skiljer ett förbund från ett annat står i filen; här finns bara formen och kontrollen av den.
Ett fel i filen blir ett svenskt meddelande som pekar ut målet, indikatorn och fältet.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationError, field_validator,
                      model_validator)

from . import perioder as periodmodul
from .perioder import Period
from .ord import Ord

Kon = Literal["alla", "K", "M"]
Svar = Literal["Ja", "Delvis", "Nej"]


class Strikt(BaseModel):
    # Ett felstavat fält ska ge fel, inte tyst ignoreras.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tolerans(Strikt):
    """Hur långt från målnivån ett utfall får ligga och ändå bli grönt eller gult."""

    namn: str = ""  # nyckeln under toleranser (sätts när ramverket läses); visas aldrig för användaren
    # Vad regeln heter för användaren ("positiv lösning"): skälet säger "regeln för positiv lösning". Utan rubrik
    # nämns regeln bara med sina siffror.
    rubrik: str | None = None
    gron: float = Field(ge=0, description="största avvikelse åt fel håll som ger grönt")
    gul: float = Field(ge=0, description="största avvikelse åt fel håll som ger gult")
    # procentenheter: avvikelsen räknas i procentenheter; procent: i procent av målnivån.
    satt: Literal["procentenheter", "procent"] = "procentenheter"
    # hogre_ar_battre: under målet är fel håll. lagre_ar_battre: över målet är fel håll (t.ex. avbrott).
    riktning: Literal["hogre_ar_battre", "lagre_ar_battre"] = "hogre_ar_battre"

    @model_validator(mode="after")
    def _gul_minst_gron(self):
        if self.gul < self.gron:
            raise ValueError("gul får inte vara mindre än gron (gult ska tillåta minst lika stor avvikelse)")
        return self


Malniva = float | Svar | dict[Kon, float]


class Indikator(Strikt):
    namn: str
    typ: Literal["ja_nej", "andel_utfall", "enkat", "volym"]
    avsnitt: int = Field(ge=1)
    # Målnivå per period: ett tal (procent eller antal), Ja, eller per kön {K: 50, M: 50}.
    malniva: dict[int, Malniva] = Field(default_factory=dict)
    tolerans: str | Tolerans | None = None
    # Måste finnas för att målet ska kunna bli gult eller grönt (ingen avvikelse accepteras).
    kravs: bool = False
    # Styrelsens accepterade avvikelser per period, med motiv.
    accepterade_avvikelser: dict[int, str] = Field(default_factory=dict)
    minsta_underlag: int | None = Field(default=None, ge=0)
    # andel_utfall / volym: vilka utfallsmått; andelen räknas mot andel_av eller periodens definition.
    matt: list[str] = Field(default_factory=list)
    andel_av: str | None = None
    # enkat
    # Respondentgruppen i referensdatan (deltagare, medarbetare, chefer ...); prövas mot databasen.
    respondentgrupp: str | None = None
    fraga: str | None = None
    # Enkäten besvaras gemensamt (t.ex. en styrgrupp för flera team): hämta svaren från denna plattform.
    underlag_plattform: str | None = None
    # En namngiven period (projektperioden) vars målnivå också gäller de kumulativa perioderna inom den (samma
    # start, t.ex. lägesrapporterna) som saknar egen målnivå: en volym i takt med en linjär plan (målnivån ×
    # den andel av perioden som gått vid periodens slut), en andel oförändrad.
    plan: str | None = None
    forklaring: str = ""

    @model_validator(mode="after")
    def _falt_per_typ(self):
        if self.typ in ("andel_utfall", "volym") and not self.matt:
            raise ValueError(f"typ {self.typ} kräver fältet matt (vilka utfallsmått)")
        if self.typ == "enkat" and (not self.respondentgrupp or not self.fraga):
            raise ValueError("typ enkat kräver fälten respondentgrupp och fraga")
        if self.typ != "ja_nej" and self.malniva and self.tolerans is None:
            raise ValueError("en indikator med sifferutfall kräver fältet tolerans")
        for period, niva in self.malniva.items():
            if self.typ == "ja_nej" and niva not in ("Ja", "Delvis", "Nej"):
                raise ValueError(f"målnivån för {period} ska vara Ja, Delvis eller Nej för typ ja_nej")
            if self.typ != "ja_nej" and isinstance(niva, str):
                raise ValueError(f"målnivån för {period} ska vara ett tal (eller tal per kön) för typ {self.typ}")
            _kontrollera_procent(self.typ, period, niva)
        return self


def _kontrollera_procent(typ: str, period: int, niva) -> None:
    """En andel (andel_utfall, enkat) har sin målnivå i procent: 0–100. En volym är ett antal: minst 0."""
    varden = niva.values() if isinstance(niva, dict) else [niva]
    for v in varden:
        if isinstance(v, str):
            continue
        if typ in ("andel_utfall", "enkat") and not 0 <= v <= 100:
            raise ValueError(f"målnivån för {period} ska vara en andel mellan 0 och 100 procent, inte "
                             f"{f'{v:g}'.replace('.', ',')}")
        if v < 0:
            raise ValueError(f"målnivån för {period} får inte vara negativ")


class MalIndikator(Strikt):
    """En indikator i ett mål, med möjlighet att ändra katalogens målnivå för just detta mål."""

    id: str
    malniva: dict[int, Malniva] | None = None


class Mal(Strikt):
    id: str
    titel: str
    kort_titel: str | None = None
    # Vad målet bedöms för: plattformar (plattform_id) och/eller "forbundet".
    omfattning: list[str] = Field(min_length=1)
    indikatorer: list[str | MalIndikator] = Field(min_length=1)
    # Perioder då målet inte bedöms, med motiv.
    ej_bedomd: dict[int, str] = Field(default_factory=dict)
    # Målets egna rubriker för avsnitten (avsnittets nummer -> rubrik) där ramverkets rubrik inte passar, t.ex.
    # ett mål för förbundet vars avsnitt 1 är styrelsens ja/nej-frågor och inte deltagarnas resultat.
    avsnittsnamn: dict[int, str] = Field(default_factory=dict)

    @field_validator("indikatorer")
    @classmethod
    def _som_objekt(cls, varden):
        return [MalIndikator(id=v) if isinstance(v, str) else v for v in varden]


class Avsnitt(Strikt):
    nummer: int = Field(ge=1)
    namn: str


class Sammanvagning(Strikt):
    """Hur förslaget till färg per avsnitt och per mål räknas fram ur indikatorernas status."""

    beskrivning: str
    poang: dict[Literal["gron", "gul", "rod"], float] = {"gron": 2, "gul": 1, "rod": 0}
    gron_fran: float
    gul_fran: float
    avsnittsvikter: dict[int, float]

    @model_validator(mode="after")
    def _grans_ordning(self):
        if self.gul_fran > self.gron_fran:
            raise ValueError("gul_fran får inte vara större än gron_fran")
        for nummer, vikt in self.avsnittsvikter.items():
            if vikt <= 0:
                raise ValueError(f"avsnitt {nummer} har vikten {f'{vikt:g}'.replace('.', ',')}; en vikt ska vara "
                                 "större än 0 (ta bort avsnittet ur avsnittsvikter om det inte ska vägas in)")
        return self


PERIODTYPER = ("projektperiod", "lagesrapport", "delar", "halvar", "tertial", "kvartal")


class NamngivenPeriod(Strikt):
    """En uppföljningsperiod med datum: en projektperiod, en lägesrapport (kumulativ från projektstart), ett delår.
    Start- och slutdatum ingår båda i perioden."""

    id: str = Field(min_length=1)
    namn: str = Field(min_length=1)
    start: dt.date
    slut: dt.date | None = None
    typ: Literal[PERIODTYPER]
    # Perioden som "förra perioden" avser (samma slags period ett år tidigare, eller förra lägesrapporten).
    jamfor_med: str | None = None

    @model_validator(mode="after")
    def _datum(self):
        if self.id.strip().lstrip("-").isdigit():
            raise ValueError(f"perioden {self.id}: fältet id ska vara ett namn (t.ex. lr4), inte ett tal")
        if self.slut is None:
            raise ValueError(f"perioden {self.id} saknar fältet slut (slutdatum, t.ex. 2022-08-31)")
        if self.slut < self.start:
            raise ValueError(f"perioden {self.id}: fältet slut ({self.slut}) ligger före fältet start ({self.start})")
        return self

    @property
    def heltal(self) -> int:
        return periodmodul.heltal(self.id)


def _kontrollera_ar(period: int) -> int:
    if not 1900 <= period <= 2999:
        raise ValueError(f"perioden {period} ska vara ett årtal (t.ex. 2020) eller en namngiven period med id, namn, "
                         "start, slut och typ")
    return period


# Fälten vars nycklar är perioder: årtal eller en namngiven periods id.
_PERIODNYCKLAR = ("malniva", "accepterade_avvikelser", "ej_bedomd")


def _periodnycklar_till_heltal(data: dict) -> dict:
    """Byter namngivna periodernas id (lr4) mot deras heltal i målnivåer, avvikelser och ej_bedomd, så att resten
    av ramverket bara ser heltal. Ett id som inte är en period är ett fel som namnger fältet."""
    ider = {}
    for p in data.get("perioder") or []:
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            ider[p["id"]] = periodmodul.heltal(p["id"])
        elif isinstance(p, NamngivenPeriod):
            ider[p.id] = p.heltal
    fel = []

    def byt(plats: str, falt: str, varden):
        if not isinstance(varden, dict):
            return varden
        ut = {}
        for nyckel, varde in varden.items():
            if isinstance(nyckel, str) and not nyckel.strip().isdigit():
                if nyckel not in ider:
                    fel.append(f"{plats}, fält {falt}: perioden {nyckel} finns inte bland ramverkets perioder "
                               f"({', '.join(str(p if not isinstance(p, dict) else p.get('id')) for p in data.get('perioder') or [])})")
                    continue
                nyckel = ider[nyckel]
            ut[nyckel] = varde
        return ut

    data = dict(data)
    if isinstance(data.get("indikatorer"), dict):
        indikatorer = {}
        for id_, ind in data["indikatorer"].items():
            if isinstance(ind, dict):
                ind = {k: (byt(f"indikator {id_}", k, v) if k in _PERIODNYCKLAR else v) for k, v in ind.items()}
            indikatorer[id_] = ind
        data["indikatorer"] = indikatorer
    if isinstance(data.get("mal"), list):
        malen = []
        for mal in data["mal"]:
            if isinstance(mal, dict):
                mal = {k: (byt(f"mål {mal.get('id')}", k, v) if k in _PERIODNYCKLAR else v) for k, v in mal.items()}
                if isinstance(mal.get("indikatorer"), list):
                    mal["indikatorer"] = [
                        {**mi, "malniva": byt(f"mål {mal.get('id')}, indikator {mi.get('id')}", "malniva",
                                              mi["malniva"])} if isinstance(mi, dict) and "malniva" in mi else mi
                        for mi in mal["indikatorer"]]
            malen.append(mal)
        data["mal"] = malen
    if fel:
        raise ValueError("; ".join(fel))
    return data


# Ett årtal eller en namngiven period; en uppställning prövas bara som namngiven period, så att felet gäller den.
Periodpost = Annotated[
    Annotated[int, Tag("ar")] | Annotated[NamngivenPeriod, Tag("namngiven")],
    Discriminator(lambda v: "namngiven" if isinstance(v, dict | NamngivenPeriod) else "ar"),
]


class MinstaUnderlag(Strikt):
    avslutade: int = Field(default=5, ge=0)
    svarande: int = Field(default=5, ge=0)
    deltagare: int = Field(default=0, ge=0)


class Malramverk(Strikt):
    organisation: str
    # Organisationens ord för sina enheter och sin total (uppfoljning/ord.py); standard: ett samordningsförbunds.
    ord: Ord = Ord()
    # Årtal (2020) och namngivna perioder med datum.
    perioder: list[Periodpost] = Field(min_length=1)
    avsnitt: list[Avsnitt] = Field(min_length=1)
    toleranser: dict[str, Tolerans] = Field(default_factory=dict)
    minsta_underlag: MinstaUnderlag = MinstaUnderlag()
    sammanvagning: Sammanvagning
    indikatorer: dict[str, Indikator]
    mal: list[Mal] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _namngivna_nycklar(cls, data):
        return _periodnycklar_till_heltal(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _perioderna(self):
        sedda: dict[int, str] = {}
        namngivna = [p for p in self.perioder if isinstance(p, NamngivenPeriod)]
        for p in self.perioder:
            if isinstance(p, int):
                _kontrollera_ar(p)
                nyckel, namn = p, str(p)
            else:
                nyckel, namn = p.heltal, p.id
            if nyckel in sedda:
                raise ValueError(f"perioder: {namn} förekommer två gånger" if sedda[nyckel] == namn else
                                 f"perioder: {namn} och {sedda[nyckel]} får samma periodnummer; byt id på den ena")
            sedda[nyckel] = namn
        ider = {p.id for p in namngivna}
        for p in namngivna:
            if p.jamfor_med is not None and p.jamfor_med not in ider and not p.jamfor_med.isdigit():
                raise ValueError(f"perioden {p.id}, fält jamfor_med: perioden {p.jamfor_med} finns inte bland "
                                 "ramverkets perioder")
        for i, a in enumerate(namngivna):
            for b in namngivna[i + 1:]:
                # Perioder av samma typ får vara kumulativa (samma start, t.ex. lägesrapporter från projektstart)
                # men inte delvis överlappa varandra.
                if a.typ == b.typ and a.start != b.start and a.start <= b.slut and b.start <= a.slut:
                    raise ValueError(f"perioderna {a.id} ({a.start} – {a.slut}) och {b.id} ({b.start} – {b.slut}) "
                                     f"är båda av typen {a.typ} och överlappar; perioder av samma typ ska antingen "
                                     "följa på varandra eller börja samma dag (kumulativa)")
        return self

    @model_validator(mode="after")
    def _referenser(self):
        avsnitt = {a.nummer for a in self.avsnitt}
        for id, ind in self.indikatorer.items():
            if ind.avsnitt not in avsnitt:
                raise ValueError(f"indikator {id}: avsnitt {ind.avsnitt} finns inte bland avsnitten {sorted(avsnitt)}")
            if isinstance(ind.tolerans, str) and ind.tolerans not in self.toleranser:
                raise ValueError(f"indikator {id}: toleransen {ind.tolerans} finns inte under toleranser")
            if ind.plan is not None and ind.plan not in {p.id for p in self.perioder if isinstance(p, NamngivenPeriod)}:
                raise ValueError(f"indikator {id}, fält plan: perioden {ind.plan} finns inte bland ramverkets namngivna "
                                 "perioder")
        sedda = set()
        for mal in self.mal:
            if mal.id in sedda:
                raise ValueError(f"mål {mal.id} förekommer två gånger")
            sedda.add(mal.id)
            for mi in mal.indikatorer:
                if mi.id not in self.indikatorer:
                    raise ValueError(f"mål {mal.id}: indikatorn {mi.id} finns inte under indikatorer")
            for nummer in mal.avsnittsnamn:
                if nummer not in avsnitt:
                    raise ValueError(f"mål {mal.id}, fält avsnittsnamn: avsnitt {nummer} finns inte bland avsnitten "
                                     f"{sorted(avsnitt)}")
        for nummer in self.sammanvagning.avsnittsvikter:
            if nummer not in avsnitt:
                raise ValueError(f"sammanvagning: avsnitt {nummer} i avsnittsvikter finns inte")
        return self

    @property
    def period_ider(self) -> list[int]:
        """Ramverkets perioder som heltal, i filens ordning."""
        return [p if isinstance(p, int) else p.heltal for p in self.perioder]

    def period(self, period: int | str) -> Period:
        """Perioden med namn, datum och jämförelseperiod: ett årtal, ett periodheltal eller en namngiven periods id.
        Ett årtal som inte står i ramverket är ändå ett kalenderår."""
        alla = self._alla_perioder()
        if isinstance(period, str) and not period.strip().isdigit():
            for p in alla.values():
                if p.id == period:
                    return p
            raise KeyError(period)
        return alla.get(int(period)) or Period(int(period))

    def _alla_perioder(self) -> dict[int, Period]:
        namngivna = {p.id: p for p in self.perioder if isinstance(p, NamngivenPeriod)}
        ut: dict[int, Period] = {}
        for p in self.perioder:
            if isinstance(p, int):
                ut[p] = Period(p)
            else:
                forra = None
                if p.jamfor_med is not None:
                    forra = int(p.jamfor_med) if p.jamfor_med.isdigit() else namngivna[p.jamfor_med].heltal
                ut[p.heltal] = Period(p.heltal, p.namn, p.id, p.start, p.slut, p.typ, forra)
        for p in ut.values():
            if p.forra is not None:
                p.forra_period = ut.get(p.forra) or (Period(p.forra) if periodmodul.ar_kalenderar(p.forra) else None)
        return ut

    def perioder_i_ordning(self) -> list[Period]:
        """Senaste först: efter slutdatum, och vid samma slut den längre perioden först."""
        return sorted(self._alla_perioder().values(), key=lambda p: (p.slut, -p.start.toordinal(), p.namn),
                      reverse=True)

    def tolerans_for(self, indikator: Indikator) -> Tolerans | None:
        if isinstance(indikator.tolerans, str):
            return self.toleranser[indikator.tolerans].model_copy(update={"namn": indikator.tolerans})
        return indikator.tolerans

    def mal_med_id(self, mal_id: str) -> Mal:
        return next(m for m in self.mal if m.id == mal_id)


def _lista(varden) -> str:
    varden = sorted(str(v) for v in varden)
    return ", ".join(varden[:12]) + (f" och {len(varden) - 12} till" if len(varden) > 12 else "")


def kontrollera_mot_referensdata(ram: Malramverk, con) -> list[str]:
    """Det som ramverket pekar på ska finnas: utfallsmått (matt, andel_av), enkätfrågor, enheter (omfattning,
    underlag_plattform) i databasens referensdata, och perioderna i målnivåer, avvikelser och ej_bedomd bland
    ramverkets perioder. Annars blir ett felstavat id ett tyst rött, "för få" eller "? Saknas" på sidorna.
    Ett fel per rad, med mål, indikator och fält; en tom lista när allt finns."""
    matt = {r[0] for r in con.execute("SELECT matt_id FROM utfallsmatt").fetchall()}
    enheter = {r[0] for r in con.execute("SELECT plattform_id FROM plattform").fetchall()}
    fragor = set(con.execute("SELECT respondentgrupp, fraga_id FROM enkatfraga").fetchall())
    try:
        grupper = {r[0] for r in con.execute("SELECT respondentgrupp FROM respondentgrupp").fetchall()}
    except Exception:  # noqa: BLE001 - en äldre databas (schemaversion 2) som lästs utan migrering
        grupper = {g for g, _ in fragor}
    perioder = set(ram.period_ider)
    # Avvecklade enheter och kategorier (sidan Referensdata) finns kvar med sin historik men får inte användas.
    try:
        avvecklade = set(con.execute("SELECT tabell || ':' || id FROM referens_avvecklad").fetchall())
        avvecklade = {r[0] for r in avvecklade}
    except Exception:  # noqa: BLE001 - en äldre databas som öppnats utan schema saknar tabellen
        avvecklade = set()
    ramverkets = {o for m in ram.mal for o in m.omfattning if o != "forbundet"}
    if ramverkets and enheter and not ramverkets & enheter:
        return [f"Målramverket ({ram.organisation}) och databasen hör inte ihop: ingen av ramverkets enheter "
                f"({_lista(ramverkets)}) finns i databasen, som har {_lista(enheter)}. Kontrollera att "
                "målramverket (UPPFOLJNING_MAL) och databasen (UPPFOLJNING_DB) hör till samma organisation."]
    fel: list[str] = []

    def period_finns(plats: str, falt: str, period: int) -> None:
        if period not in perioder:
            fel.append(f"{plats}, fält {falt}, period {period}: perioden finns inte bland ramverkets perioder "
                       f"({_lista(p if isinstance(p, int) else p.id for p in ram.perioder)})")

    for id, ind in ram.indikatorer.items():
        plats = f"indikator {id}"
        for m in ind.matt:
            if m not in matt:
                fel.append(f"{plats}, fält matt: utfallsmåttet {m} finns inte (måtten är {_lista(matt)})")
            elif f"utfallsmatt:{m}" in avvecklade:
                fel.append(f"{plats}, fält matt: utfallsmåttet {m} är avvecklat")
        if ind.andel_av and ind.andel_av not in matt:
            fel.append(f"{plats}, fält andel_av: utfallsmåttet {ind.andel_av} finns inte (måtten är {_lista(matt)})")
        if ind.typ == "enkat" and ind.respondentgrupp not in grupper:
            fel.append(f"{plats}, fält respondentgrupp: respondentgruppen {ind.respondentgrupp} finns inte "
                       f"(grupperna är {_lista(grupper) or 'inga'})")
        elif ind.typ == "enkat" and f"respondentgrupp:{ind.respondentgrupp}" in avvecklade:
            fel.append(f"{plats}, fält respondentgrupp: respondentgruppen {ind.respondentgrupp} är avvecklad")
        elif ind.typ == "enkat" and (ind.respondentgrupp, ind.fraga) not in fragor:
            finns = [f for g, f in fragor if g == ind.respondentgrupp]
            fel.append(f"{plats}, fält fraga: frågan {ind.fraga} finns inte för respondentgruppen "
                       f"{ind.respondentgrupp} (frågorna är {_lista(finns) or 'inga'})")
        if ind.underlag_plattform and ind.underlag_plattform not in enheter:
            fel.append(f"{plats}, fält underlag_plattform: enheten {ind.underlag_plattform} finns inte "
                       f"(enheterna är {_lista(enheter)})")
        for period in ind.malniva:
            period_finns(plats, "malniva", period)
        for period in ind.accepterade_avvikelser:
            period_finns(plats, "accepterade_avvikelser", period)
    for mal in ram.mal:
        plats = f"mål {mal.id}"
        for o in mal.omfattning:
            if o != "forbundet" and o not in enheter:
                fel.append(f"{plats}, fält omfattning: enheten {o} finns inte (enheterna är {_lista(enheter)} "
                           "och forbundet)")
            elif f"plattform:{o}" in avvecklade:
                fel.append(f"{plats}, fält omfattning: enheten {o} är avvecklad; målet bedöms fortfarande för den")
        for mi in mal.indikatorer:
            for period, niva in (mi.malniva or {}).items():
                period_finns(f"{plats}, indikator {mi.id}", "malniva", period)
                ind = ram.indikatorer.get(mi.id)
                if ind is not None:
                    try:
                        _kontrollera_procent(ind.typ, period, niva)
                    except ValueError as e:
                        fel.append(f"{plats}, indikator {mi.id}, fält malniva: {e}")
        for period in mal.ej_bedomd:
            period_finns(plats, "ej_bedomd", period)
    fel += _data_utanfor_ramverket(ram, con)
    return fel


# Tabeller med en kolumn period som lästs in från filer (deltagarnivån har datum i stället).
_TABELLER_MED_PERIOD = ("utfall", "enkat_resultat", "enkat_svarsfrekvens", "indikator_rapporterat", "aktualisering",
                        "aktualisering_beredning", "budget", "styrelsens_bedomning")


def _data_utanfor_ramverket(ram: Malramverk, con) -> list[str]:
    """Data som lagrats för en namngiven period som inte (längre) finns i ramverket: perioden skulle försvinna ur
    appen medan data finns kvar. Ett fel per tabell och period."""
    kanda = [p for p in ram.period_ider if not periodmodul.ar_kalenderar(p)]
    fraga = " UNION ALL ".join(
        f"SELECT DISTINCT '{t}' AS tabell, period FROM \"{t}\" WHERE NOT ar_kalenderar(period)"
        for t in _TABELLER_MED_PERIOD)
    try:
        rader = con.execute(f"SELECT tabell, period FROM ({fraga}) WHERE NOT list_contains(?, period) "
                            "ORDER BY period, tabell", [kanda]).fetchall()
    except Exception:  # noqa: BLE001 - en databas utan makrot (äldre vyer) prövas inte
        return []
    namn = dict(con.execute("SELECT period, namn FROM uppfoljningsperiod").fetchall())
    return [f"perioder: data finns för perioden {namn.get(period, period)} (tabellen {tabell}) men perioden finns inte "
            "bland ramverkets perioder; lägg tillbaka perioden i goals.yaml eller ta bort dess data"
            for tabell, period in rader]


class MalramverksFel(Exception):
    """goals.yaml går inte att använda. Meddelandet är skrivet för den som ska rätta filen (goals.yaml:s id och
    fältnamn); i appen visas det genom i_appen (namn och svenska fältnamn)."""


# goals.yaml:s fält med de ord som formulären på sidan Målramverk använder.
FALTNAMN = {
    "organisation": "Organisation", "ord": "Organisationens ord", "perioder": "Perioder", "avsnitt": "Avsnitt",
    "toleranser": "Toleranser", "minsta_underlag": "Minsta underlag", "sammanvagning": "Sammanvägning",
    "indikatorer": "Indikatorer", "mal": "Mål", "id": "Id", "titel": "Titel", "kort_titel": "Kort titel",
    "omfattning": "Bedöms för", "ej_bedomd": "Ej bedömd", "avsnittsnamn": "Avsnittens rubriker för målet",
    "namn": "Namn", "typ": "Typ", "malniva": "Målnivå", "tolerans": "Tolerans", "kravs": "Måste finnas",
    "accepterade_avvikelser": "Accepterade avvikelser", "matt": "Utfallsmått", "andel_av": "Andel av",
    "respondentgrupp": "Respondentgrupp", "fraga": "Enkätfråga", "underlag_plattform": "Enkätsvar från",
    "plan": "Plan för hela perioden", "forklaring": "Förklaring", "nummer": "Nummer", "gron": "Grönt högst",
    "gul": "Gult högst", "satt": "Räknas i", "riktning": "Riktning", "rubrik": "Rubrik",
    "beskrivning": "Beskrivning", "poang": "Poäng", "gron_fran": "Grönt från", "gul_fran": "Gult från",
    "avsnittsvikter": "Avsnittens vikter", "start": "Start", "slut": "Slut", "jamfor_med": "Jämför med",
    "avslutade": "Minsta antal avslutade", "svarande": "Minsta antal svarande", "deltagare": "Minsta antal deltagare",
}
_ORD_MED_ID = re.compile(r"\b(mål|indikator|indikatorn|perioden|period|enheten|utfallsmåttet|fält|fältet|toleransen|"
                         r"respondentgruppen|frågan|avsnitt)\s+([A-Za-z0-9_\-]+)(?=[\s,:;.)]|$)")
_LISTA = re.compile(r"\((måtten|enheterna|grupperna|frågorna|ramverkets perioder)( är |: )?([^()]*)\)")


def _namn_for_appen(con, data) -> dict[str, dict[str, str]]:
    """Namnen som ett fel i appen använder i stället för id:n: mål, indikatorer och perioder ur ramverket (en
    uppställning ur YAML eller ett Malramverk), enheter, utfallsmått, respondentgrupper och frågor ur databasen."""
    namn: dict[str, dict[str, str]] = {k: {} for k in ("mal", "ind", "period", "enhet", "matt", "grupp", "fraga",
                                                       "avsnitt", "tol")}
    # Flera uppställningar (utkastet efter och före ändringen): den första som har ett namn gäller.
    for data in reversed(data if isinstance(data, list | tuple) else [data]):
        if isinstance(data, Malramverk):
            data = data.model_dump(mode="json")
        if not isinstance(data, dict):
            continue
        for m in data.get("mal") or []:
            if isinstance(m, dict) and m.get("id") is not None and m.get("titel"):
                namn["mal"][str(m["id"])] = str(m["titel"])
        for i, d in (data.get("indikatorer") or {}).items() if isinstance(data.get("indikatorer"), dict) else ():
            if isinstance(d, dict) and d.get("namn"):
                namn["ind"][str(i)] = str(d["namn"])
        for p in data.get("perioder") or []:
            if isinstance(p, dict) and p.get("id") is not None and p.get("namn"):
                namn["period"][str(p["id"])] = str(p["namn"])
        for a in data.get("avsnitt") or []:
            if isinstance(a, dict) and a.get("nummer") is not None and a.get("namn"):
                namn["avsnitt"][str(a["nummer"])] = str(a["namn"])
        for t, d in (data.get("toleranser") or {}).items() if isinstance(data.get("toleranser"), dict) else ():
            namn["tol"][str(t)] = str(d.get("rubrik") or "") if isinstance(d, dict) else ""
    if con is not None:
        for slag, sql in (("enhet", "SELECT plattform_id, namn FROM plattform"),
                          ("matt", "SELECT matt_id, namn FROM utfallsmatt"),
                          ("grupp", "SELECT respondentgrupp, namn FROM respondentgrupp"),
                          ("fraga", "SELECT DISTINCT ON (fraga_id) fraga_id, text FROM enkatfraga")):
            try:
                namn[slag] = {str(a): str(b) for a, b in con.execute(sql).fetchall()}
            except Exception:  # noqa: BLE001 - en äldre databas utan tabellen: id:t står kvar
                pass
    return namn


def i_appen(text: str, con=None, data=None) -> str:
    """Ett fel ur tolka eller kontrollera_mot_referensdata som appen visar det: mål, indikatorer, enheter,
    utfallsmått, respondentgrupper och perioder med sina namn, fälten med formulärens ord ("målet \"Deltagarna
    får arbete\", fältet Bedöms för: enheten vuxentorg finns inte"). Ett id som inte finns (det som skrivits fel)
    står kvar som det skrevs. [data]: ramverket som prövades (uppställningen ur YAML eller ett Malramverk)."""
    namn = _namn_for_appen(con, data)
    total = "totalen"
    forsta = data[0] if isinstance(data, list | tuple) and data else data
    if isinstance(forsta, Malramverk):
        total = forsta.ord.total.lower()
    elif isinstance(forsta, dict) and isinstance(forsta.get("ord"), dict) and forsta["ord"].get("total"):
        total = str(forsta["ord"]["total"]).lower()

    def enhet(id_: str) -> str:
        return total if id_ == "forbundet" else namn["enhet"].get(id_, id_)

    def byt(m: re.Match) -> str:
        ord_, id_ = m.group(1), m.group(2)
        if ord_ in ("fält", "fältet"):
            if id_ in namn["tol"] and id_ not in FALTNAMN:  # fält toleranser, fält positiv_losning
                return f"toleransen \"{namn['tol'][id_]}\"" if namn["tol"][id_] else "toleransen"
            return f"fältet {FALTNAMN.get(id_, id_)}"
        if ord_ == "toleransen":
            rubrik = namn["tol"].get(id_)
            return f"toleransen \"{rubrik}\"" if rubrik else ("toleransen" if id_ in namn["tol"] else
                                                              "toleransen som indikatorn använder")
        if ord_ == "mål":
            return f"målet \"{namn['mal'][id_]}\"" if id_ in namn["mal"] else f"målet {id_}"
        if ord_ in ("indikator", "indikatorn"):
            return f"indikatorn \"{namn['ind'][id_]}\"" if id_ in namn["ind"] else f"indikatorn {id_}"
        if ord_ in ("perioden", "period"):
            return f"perioden {namn['period'].get(id_, id_)}"
        if ord_ == "enheten":
            return f"enheten {enhet(id_)}"
        if ord_ == "utfallsmåttet":
            return f"utfallsmåttet \"{namn['matt'][id_]}\"" if id_ in namn["matt"] else f"utfallsmåttet {id_}"
        if ord_ == "respondentgruppen":
            return f"respondentgruppen {namn['grupp'].get(id_, id_)}"
        if ord_ == "frågan":
            return f"frågan \"{namn['fraga'][id_]}\"" if id_ in namn["fraga"] else f"frågan {id_}"
        if ord_ == "avsnitt" and id_ in namn["avsnitt"]:
            return f"avsnitt {id_} ({namn['avsnitt'][id_]})"
        return m.group(0)

    def lista(m: re.Match) -> str:
        slag = {"måtten": "matt", "enheterna": "enhet", "grupperna": "grupp", "frågorna": "fraga",
                "ramverkets perioder": "period"}[m.group(1)]
        delar = [d.strip() for d in re.split(r",| och ", m.group(3))]
        bytta = [(enhet(d) if slag == "enhet" else namn[slag].get(d, d)) for d in delar if d]
        return f"({m.group(1)}{m.group(2) or ' '}{', '.join(bytta)})"

    text = _LISTA.sub(lista, text)
    # Ramverkets perioder utan parentes ("bland ramverkets perioder (lr1, lr2)") och målets eget id efter "mål".
    text = re.sub(r"ramverkets perioder \(([^()]*)\)",
                  lambda m: "ramverkets perioder (" + ", ".join(namn["period"].get(d.strip(), d.strip())
                                                               for d in m.group(1).split(",")) + ")", text)
    text = _ORD_MED_ID.sub(byt, text)
    text = re.sub(r"\bforbundet\b", total, text)
    return text


def _plats(loc: tuple, data: dict) -> str:
    """Översätter pydantics sökväg (mal, 2, indikatorer, 0) till 'mål mal3, indikator ...'."""
    delar = []
    nod = data
    i = 0
    while i < len(loc):
        nyckel = loc[i]
        if nyckel == "mal" and i + 1 < len(loc) and isinstance(loc[i + 1], int):
            try:
                mal_id = nod["mal"][loc[i + 1]].get("id", f"nr {loc[i + 1] + 1}")
            except (KeyError, IndexError, TypeError, AttributeError):
                mal_id = f"nr {loc[i + 1] + 1}"
            delar.append(f"mål {mal_id}")
            try:
                nod = nod["mal"][loc[i + 1]]
            except (KeyError, IndexError, TypeError):
                nod = {}
            i += 2
            continue
        if nyckel == "indikatorer" and i + 1 < len(loc) and isinstance(loc[i + 1], str):
            delar.append(f"indikator {loc[i + 1]}")
            nod = (nod.get("indikatorer") or {}).get(loc[i + 1], {}) if isinstance(nod, dict) else {}
            i += 2
            continue
        if isinstance(nyckel, str) and nyckel not in ("function-after", "function-before"):
            delar.append(f"fält {nyckel}")
        elif isinstance(nyckel, int) and i > 0 and loc[i - 1] in ("malniva", "accepterade_avvikelser", "ej_bedomd"):
            delar.append(f"period {nyckel}")
        elif isinstance(nyckel, int):
            delar.append(f"nr {nyckel + 1}")
        i += 1
    return ", ".join(delar) or "filen"


_OVERSATTNINGAR = {
    "Field required": "fältet saknas",
    "Extra inputs are not permitted": "okänt fält (felstavat?)",
    "Input should be a valid integer": "ska vara ett heltal",
    "Input should be a valid number": "ska vara ett tal",
    "Input should be a valid string": "ska vara text",
    "Input should be a valid list": "ska vara en lista",
    "Input should be a valid dictionary": "ska vara en uppställning med nycklar",
    "Input should be greater than or equal to 0": "får inte vara negativt",
    "List should have at least 1 item": "får inte vara tom",
    "Dictionary should have at least 1 item": "får inte vara tom",
}


def _meddelande(fel: dict) -> str:
    text = fel["msg"]
    if text.startswith("Value error, "):
        return text.removeprefix("Value error, ")
    for engelska, svenska in _OVERSATTNINGAR.items():
        if text.startswith(engelska):
            return svenska
    ctx = fel.get("ctx") or {}
    typ = fel.get("type", "")
    if typ == "literal_error" and "expected" in ctx:
        # "'alla', 'K' or 'M'" -> "alla, K eller M"
        alternativ = [a.strip().strip("'") for a in str(ctx["expected"]).replace(" or ", ", ").split(",")]
        return f"ska vara {', '.join(alternativ[:-1])} eller {alternativ[-1]}" if len(alternativ) > 1 else \
            f"ska vara {alternativ[0]}"
    for pydantic_typ, mall in (("greater_than_equal", "får inte vara mindre än {ge}"),
                               ("greater_than", "ska vara större än {gt}"),
                               ("less_than_equal", "får inte vara större än {le}"),
                               ("less_than", "ska vara mindre än {lt}")):
        if typ == pydantic_typ:
            return mall.format(**{k: str(v).replace(".", ",") for k, v in ctx.items()})
    if typ in ("int_parsing", "int_from_float", "int_type"):
        return "ska vara ett heltal"
    if typ in ("float_parsing", "float_type"):
        return "ska vara ett tal"
    if typ in ("bool_parsing", "bool_type"):
        return "ska vara ja eller nej (true eller false)"
    if typ in ("string_type",):
        return "ska vara text"
    return "ogiltigt värde"


@functools.lru_cache(maxsize=16)
def _yaml_cachad(text: str):
    return yaml.safe_load(text)


def las_yaml(text: str):
    """yaml.safe_load för ramverkets text, tolkad en gång per text (sidan Målramverk läser samma versioner vid
    varje omkörning, och YAML-tolken är det som kostar). En egen kopia varje gång: anroparen får ändra i den."""
    return copy.deepcopy(_yaml_cachad(text))


def tolka(text: str, kalla: str = "goals.yaml") -> Malramverk:
    try:
        data = las_yaml(text)
    except yaml.YAMLError as fel:
        plats = ""
        if getattr(fel, "problem_mark", None) is not None:
            plats = f" (rad {fel.problem_mark.line + 1}, kolumn {fel.problem_mark.column + 1})"
        raise MalramverksFel(f"{kalla}: filen är inte giltig YAML{plats}: {getattr(fel, 'problem', fel)}") from fel
    if not isinstance(data, dict):
        raise MalramverksFel(f"{kalla}: filen ska innehålla en uppställning med organisation, perioder, mal ...")
    # Nycklar som börjar med _ är hjälpmedel för YAML-ankare (&namn / *namn), inte del av ramverket.
    data = {k: v for k, v in data.items() if not str(k).startswith("_")}
    try:
        return Malramverk.model_validate(data)
    except ValidationError as fel:
        rader = []
        sedda_platser = set()
        for f in fel.errors():
            # Unionstyper ger ett fel per alternativ; det första räcker för användaren.
            loc = tuple(x for x in f["loc"] if not (isinstance(x, str) and ("[" in x or x in
                        ("str", "int", "float", "dict[Kon,float]", "MalIndikator", "Tolerans", "NamngivenPeriod", "namngiven", "ar"))))
            plats = _plats(loc, data)
            if plats in sedda_platser:
                continue
            sedda_platser.add(plats)
            # Fel från kontroller av hela filen namnger själva målet och indikatorn.
            rader.append(_meddelande(f) if plats == "filen" else f"{plats}: {_meddelande(f)}")
        raise MalramverksFel(f"{kalla} innehåller fel:\n" + "\n".join(f"- {r}" for r in rader)) from fel


def las(sokvag: Path) -> Malramverk:
    try:
        text = sokvag.read_text(encoding="utf-8")
    except FileNotFoundError as fel:
        raise MalramverksFel(f"Målramverket {sokvag} finns inte.") from fel
    return tolka(text, sokvag.name)


@dataclass(frozen=True)
class Inlast:
    """Ramverket som gäller, och felet i goals.yaml om filen inte gick att använda."""

    ramverk: Malramverk | None
    fel: str | None = None
    reserv_fran: str | None = None  # när det senast giltiga ramverket sparades, om det används
    # Versionen som sparats i appen och gäller (None när goals.yaml gäller), och en upplysning om goals.yaml
    # ändrats sedan dess.
    version: int | None = None
    notis: str | None = None
    # Felet som appen visar det (i_appen: namn i stället för id:n); fel är texten för den som redigerar filen.
    fel_i_appen: str | None = None


def tolka_mot_data(text: str, con, kalla: str = "goals.yaml") -> Malramverk:
    """tolka, och sedan kontrollera_mot_referensdata: ett ramverk som pekar på något som inte finns är ett fel."""
    ramverk = tolka(text, kalla)
    if fel := kontrollera_mot_referensdata(ramverk, con):
        raise MalramverksFel(f"{kalla} innehåller fel:\n" + "\n".join(f"- {r}" for r in fel))
    return ramverk


def senast_sparade(con) -> tuple[str, str] | None:
    """Texten och tiden (ÅÅÅÅ-MM-DD TT:MM) för det senast giltiga ramverket som sparats i databasen, eller None."""
    rad = con.execute("SELECT text, sparad FROM malramverk_version ORDER BY version DESC LIMIT 1").fetchall()
    return (rad[0][0], str(rad[0][1])[:16]) if rad else None


def senast_redigerade(con) -> tuple[int, str, str] | None:
    """Versionen, texten och tiden för det ramverk som senast sparades i appen (redigerat, importerat, återställt
    eller från en mall), eller None när inget sparats i appen och goals.yaml gäller."""
    try:
        rad = con.execute("SELECT v.version, v.text, v.sparad FROM malramverk_version v JOIN malramverk_andring a "
                          "USING (version) ORDER BY v.version DESC LIMIT 1").fetchall()
    except Exception:  # noqa: BLE001 - en äldre databas (läst utan migrering) saknar tabellen
        return None
    return (rad[0][0], rad[0][1], str(rad[0][2])[:16]) if rad else None


def las_med_reserv(con, sokvag: Path) -> Inlast:
    """Se _las_med_reserv; felet finns också som appen visar det (fel_i_appen)."""
    inlast = _las_med_reserv(con, sokvag)
    if inlast.fel is None:
        return inlast
    texter = []
    if (redigerad := senast_redigerade(con)) is not None:
        texter.append(redigerad[1])
    else:
        try:
            texter.append(sokvag.read_text(encoding="utf-8"))
        except OSError:
            pass
    data = []
    for text in texter:
        try:
            data.append(las_yaml(text))
        except yaml.YAMLError:
            pass
    if inlast.ramverk is not None:
        data.append(inlast.ramverk)
    return dataclasses.replace(inlast, fel_i_appen=i_appen(inlast.fel, con, data))


def _las_med_reserv(con, sokvag: Path) -> Inlast:
    """Det gällande målramverket. Har ramverket sparats i appen gäller den senaste sparade versionen (goals.yaml är
    då bara import- och exportformatet). Annars läses goals.yaml; är filen ogiltig (eller pekar den på mått,
    enheter eller perioder som inte finns) används det senast giltiga ramverket som sparats i databasen, om det
    stämmer med databasen."""
    if (redigerad := senast_redigerade(con)) is not None:
        version, text, sparad = redigerad
        try:
            ramverk = tolka_mot_data(text, con, f"målramverket (version {version})")
        except MalramverksFel as fel:
            return Inlast(None, str(fel), version=version)
        synka_perioder(con, ramverk)
        notis = None
        try:
            fil = hashlib.sha256(sokvag.read_bytes()).hexdigest()
            andrad = dt.datetime.fromtimestamp(sokvag.stat().st_mtime)
        except OSError:
            fil = andrad = None
        # Filen har ändrats efter appens version (och är inte en version som redan sparats).
        if fil is not None and andrad > dt.datetime.fromisoformat(sparad) and not con.execute(
                "SELECT count(*) FROM malramverk_version WHERE sha256 = ?", [fil]).fetchall()[0][0]:
            notis = (f"{sokvag.name} har ändrats sedan målramverket sparades i appen (version {version}, {sparad}). "
                     "Appen använder versionen från appen; importera filen under Import och export för att använda "
                     "den.")
        return Inlast(ramverk, version=version, notis=notis)
    try:
        text = sokvag.read_text(encoding="utf-8")
        ramverk = tolka_mot_data(text, con, sokvag.name)
    except MalramverksFel as fel:
        sparat = senast_sparade(con)
        if sparat is None:
            return Inlast(None, str(fel))
        try:
            reserv = tolka_mot_data(sparat[0], con, "senast giltiga målramverk")
        except MalramverksFel:
            return Inlast(None, str(fel))
        synka_perioder(con, reserv)
        return Inlast(reserv, str(fel), reserv_fran=sparat[1])
    except FileNotFoundError:
        return Inlast(None, f"Målramverket {sokvag} finns inte.")
    kontroll = hashlib.sha256(text.encode("utf-8")).hexdigest()
    senaste = con.execute("SELECT sha256 FROM malramverk_version ORDER BY version DESC LIMIT 1").fetchall()
    senaste = senaste[0] if senaste else None
    if senaste is None or senaste[0] != kontroll:
        con.execute("INSERT INTO malramverk_version (sha256, text) VALUES (?, ?)", [kontroll, text])
    synka_perioder(con, ramverk)
    return Inlast(ramverk)


def synka_perioder(con, ram: Malramverk) -> bool:
    """Ramverkets perioder till tabellen uppfoljningsperiod; deltagarnivån räknas om när de ändrats."""
    return periodmodul.synka(con, list(ram._alla_perioder().values()))
