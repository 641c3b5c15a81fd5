"""Målramverket i goals.yaml: mål, indikatorer, målnivåer per period, toleransregler och sammanvägning.

Allt som skiljer ett förbund från ett annat står i filen; här finns bara formen och kontrollen av den.
Ett fel i filen blir ett svenskt meddelande som pekar ut målet, indikatorn och fältet.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

Kon = Literal["alla", "K", "M"]
Svar = Literal["Ja", "Delvis", "Nej"]


class Strikt(BaseModel):
    # Ett felstavat fält ska ge fel, inte tyst ignoreras.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Tolerans(Strikt):
    """Hur långt från målnivån ett utfall får ligga och ändå bli grönt eller gult."""

    namn: str = ""
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
    respondentgrupp: Literal["deltagare", "medarbetare", "chefer"] | None = None
    fraga: str | None = None
    # Enkäten besvaras gemensamt (t.ex. en styrgrupp för flera team): hämta svaren från denna plattform.
    underlag_plattform: str | None = None
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
        return self


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
        return self


class MinstaUnderlag(Strikt):
    avslutade: int = Field(default=5, ge=0)
    svarande: int = Field(default=5, ge=0)
    deltagare: int = Field(default=0, ge=0)


class Malramverk(Strikt):
    organisation: str
    perioder: list[int] = Field(min_length=1)
    avsnitt: list[Avsnitt] = Field(min_length=1)
    toleranser: dict[str, Tolerans] = Field(default_factory=dict)
    minsta_underlag: MinstaUnderlag = MinstaUnderlag()
    sammanvagning: Sammanvagning
    indikatorer: dict[str, Indikator]
    mal: list[Mal] = Field(min_length=1)

    @model_validator(mode="after")
    def _referenser(self):
        avsnitt = {a.nummer for a in self.avsnitt}
        for id, ind in self.indikatorer.items():
            if ind.avsnitt not in avsnitt:
                raise ValueError(f"indikator {id}: avsnitt {ind.avsnitt} finns inte bland avsnitten {sorted(avsnitt)}")
            if isinstance(ind.tolerans, str) and ind.tolerans not in self.toleranser:
                raise ValueError(f"indikator {id}: toleransen {ind.tolerans} finns inte under toleranser")
        sedda = set()
        for mal in self.mal:
            if mal.id in sedda:
                raise ValueError(f"mål {mal.id} förekommer två gånger")
            sedda.add(mal.id)
            for mi in mal.indikatorer:
                if mi.id not in self.indikatorer:
                    raise ValueError(f"mål {mal.id}: indikatorn {mi.id} finns inte under indikatorer")
        for nummer in self.sammanvagning.avsnittsvikter:
            if nummer not in avsnitt:
                raise ValueError(f"sammanvagning: avsnitt {nummer} i avsnittsvikter finns inte")
        return self

    def tolerans_for(self, indikator: Indikator) -> Tolerans | None:
        if isinstance(indikator.tolerans, str):
            return self.toleranser[indikator.tolerans].model_copy(update={"namn": indikator.tolerans})
        return indikator.tolerans

    def mal_med_id(self, mal_id: str) -> Mal:
        return next(m for m in self.mal if m.id == mal_id)


class MalramverksFel(Exception):
    """goals.yaml går inte att använda. Meddelandet är skrivet för den som ska rätta filen."""


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
    if text.startswith("Input should be"):
        return "ogiltigt värde (" + text + ")"
    return text


def tolka(text: str, kalla: str = "goals.yaml") -> Malramverk:
    try:
        data = yaml.safe_load(text)
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
                        ("str", "int", "float", "dict[Kon,float]", "MalIndikator", "Tolerans"))))
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


def las_med_reserv(con, sokvag: Path) -> Inlast:
    """Läser goals.yaml. Är filen ogiltig används det senast giltiga ramverket som sparats i databasen."""
    try:
        text = sokvag.read_text(encoding="utf-8")
        ramverk = tolka(text, sokvag.name)
    except MalramverksFel as fel:
        rad = con.execute(
            "SELECT text, sparad FROM malramverk_version ORDER BY version DESC LIMIT 1").fetchall()
        rad = rad[0] if rad else None
        if rad is None:
            return Inlast(None, str(fel))
        return Inlast(tolka(rad[0], "senast giltiga målramverk"), str(fel), reserv_fran=str(rad[1])[:16])
    except FileNotFoundError:
        return Inlast(None, f"Målramverket {sokvag} finns inte.")
    kontroll = hashlib.sha256(text.encode("utf-8")).hexdigest()
    senaste = con.execute("SELECT sha256 FROM malramverk_version ORDER BY version DESC LIMIT 1").fetchall()
    senaste = senaste[0] if senaste else None
    if senaste is None or senaste[0] != kontroll:
        con.execute("INSERT INTO malramverk_version (sha256, text) VALUES (?, ?)", [kontroll, text])
    return Inlast(ramverk)
