"""Bedömningen: varje indikator får värde, målnivå, avvikelse, status och en mening som förklarar
statusen med siffrorna och regeln. Sedan ett förslag per avsnitt och per mål enligt ramverkets
sammanvägningsregel, bredvid styrelsens beslut.

Status bedöms på det värde användaren ser: hel procent, avrundad halvt uppåt i frågorna.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Callable, NamedTuple

import duckdb
import polars as pl

from . import fragor
from .format import med_enhet
from .format import procent as fmt_procent
from .malramverk import Indikator, Mal, Malramverk, Tolerans
from .status import Status

# ---------------------------------------------------------------- resultattyper
# Resultaten ändras inte efter bedömningen, men typerna är inte frozen: en frozen dataclass sätter varje fält
# med object.__setattr__, vilket gjorde konstruktionen fyra gånger dyrare, och ett nationellt ramverk bygger
# tusentals. slots=True hindrar att attribut läggs till av misstag.


@dataclass(slots=True)
class Indikatorresultat:
    mal_id: str
    scope_id: str
    indikator_id: str
    namn: str
    avsnitt: int
    typ: str
    kon: str
    malniva: float | str | None
    varde: float | str | None
    varde_forra_aret: float | str | None
    status: Status
    motivering: str
    enhet: str = "%"
    avvikelse: float | None = None
    rapporterat: bool = False
    kon_varden: dict[str, float] = field(default_factory=dict)
    svarsfrekvens: int | None = None
    # Antal svarande bakom svarsfrekvensen (så att skyddslagret kan dölja den för läsare under gränsen).
    svarsfrekvens_bas: int | None = None
    underlag: int | None = None
    regel: str = ""
    kravs_och_saknas: bool = False
    # Antal personer som andelen räknas på (nämnaren), totalt och per kön, när antalen finns.
    bas: int | None = None
    kon_bas: dict[str, int] = field(default_factory=dict)
    # Förra årets underlag (nämnaren, antalet för en volym, svarande för en enkät), så att ett litet
    # underlag kan döljas för läsare också i kolumnen för förra året.
    bas_forra_aret: int | None = None
    # Takt mot planen (Indikator.plan) i en kumulativ period: "efter_takten", "i_takt" eller "planen_nadd".
    takt: str | None = None
    # Värdet som organisationen själv publicerade (indikator_rapporterat) när det skiljer sig från det beräknade,
    # och skälet i ord (var källan motsäger sig själv), så att båda kan visas sida vid sida.
    publicerat: float | None = None
    publicerat_skal: str = ""
    # Samma skäl utan källans antal (för läsare, vars små tal skyddas): "... Källan motsäger sig själv för varav
    # till arbete ...".
    publicerat_skal_lasare: str = ""


@dataclass(slots=True)
class Avsnittsresultat:
    nummer: int
    namn: str
    status: Status
    poang: float | None
    motivering: str


@dataclass(slots=True)
class Malresultat:
    mal_id: str
    mal_titel: str
    scope_id: str
    period: int
    indikatorer: list[Indikatorresultat]
    avsnitt: list[Avsnittsresultat]
    forslag: Status
    forslag_motivering: str
    beslut: Status | None = None
    beslut_motivering: str | None = None
    analys: dict[int, str] = field(default_factory=dict)
    beslut_avsnitt: dict[int, Status] = field(default_factory=dict)

    @property
    def galler(self) -> Status:
        """Det som visas i matrisen: styrelsens beslut om det finns, annars förslaget."""
        return self.beslut or self.forslag

    @property
    def beslut_avviker(self) -> bool:
        return self.beslut is not None and self.beslut != self.forslag


# ---------------------------------------------------------------- regeln för ett värde


class _Regel(NamedTuple):
    namn: str
    gron: float
    gul: float
    satt: str
    riktning: str


def _tal(x: float, decimaler: int = 1) -> str:
    """Ett tal som användaren läser: heltal utan decimaler, annars högst en decimal (avrundad halvt uppåt),
    "2", "0,9", "12,5"; aldrig "0,869565"."""
    skala = 10 ** decimaler
    avrundat = Fraction(str(x))
    steg = int(abs(avrundat) * skala + Fraction(1, 2))
    heltal, decimal = divmod(steg, skala)
    tecken = "-" if avrundat < 0 and steg else ""
    return f"{tecken}{heltal}" + (f",{decimal:0{decimaler}d}".rstrip("0") if decimal else "")


def _avvikelse_i_ord(matt: Fraction, granser: tuple[float, ...]) -> str:
    """Avvikelsen med en decimal, eller fler när en decimal skulle se ut att ligga på en gräns som den inte ligger
    på (10,04 procent mot gränsen 10 visas som 10,04, inte 10, eftersom det blir gult) eller visa 0 för en
    avvikelse som inte är 0."""
    for decimaler in (1, 2, 3, 4):
        text = _tal(float(matt), decimaler)
        visat = Fraction(text.replace(",", "."))
        if (visat != 0 or matt == 0) and all((visat <= Fraction(str(g))) == (matt <= Fraction(str(g))) for g in granser):
            return text
    return text


def bedom_mot_tolerans(varde: float, malniva: float, tolerans: Tolerans, enhet: str = "%") -> tuple[Status, float, str]:
    """Status för ett värde mot målnivån enligt toleransregeln. Gränserna är inklusive:
    exakt 10 under med gron: 10 är grönt."""
    return _bedom_mot_tolerans(varde, malniva, _regel(tolerans), enhet)


def _regel(tolerans: Tolerans) -> _Regel:
    # Regelns namn för användaren (rubrik i goals.yaml), aldrig nyckeln.
    return _Regel(tolerans.rubrik or "", tolerans.gron, tolerans.gul, tolerans.satt, tolerans.riktning)


# Samma värde, målnivå och regel förekommer hundratals gånger i ett nationellt ramverk; svaret är oföränderligt.
# typed=True: 77 och 77.0 är olika nycklar, eftersom de kan visas olika. Regeln som en tupel: att jämföra
# pydantic-modeller i cachen kostade mer än uppslaget sparade.
@lru_cache(maxsize=8192, typed=True)
def _bedom_mot_tolerans(varde: float, malniva: float, tolerans: _Regel, enhet: str) -> tuple[Status, float, str]:
    hogre_battre = tolerans.riktning == "hogre_ar_battre"
    brist = Fraction(str(malniva)) - Fraction(str(varde)) if hogre_battre else Fraction(str(varde)) - Fraction(str(malniva))
    if tolerans.satt == "procent":
        matt = brist / Fraction(str(malniva)) * 100 if malniva else Fraction(0)
        enhetsord = "procent av målnivån"
    else:
        matt = brist
        enhetsord = ("procentenhet" if abs(brist) == 1 else "procentenheter") if enhet == "%" else enhet
    if matt <= Fraction(str(tolerans.gron)):
        status = Status.GRON
    elif matt <= Fraction(str(tolerans.gul)):
        status = Status.GUL
    else:
        status = Status.ROD
    avvikelse = float(Fraction(str(varde)) - Fraction(str(malniva)))
    fel_hall = "under" if hogre_battre else "över"
    visat_varde = fmt_procent(varde) if enhet == "%" else med_enhet(_tal(varde), enhet)
    visad_niva = fmt_procent(malniva) if enhet == "%" else med_enhet(_tal(malniva), enhet)
    if matt > 0:
        lage = (f"{med_enhet(_avvikelse_i_ord(abs(matt), (tolerans.gron, tolerans.gul)), enhetsord)} {fel_hall} "
                f"målnivån {visad_niva}")
    elif avvikelse == 0:
        lage = f"precis på målnivån {visad_niva}"
    else:
        lage = f"bättre än målnivån {visad_niva}"
    regelnamn = f" (regeln för {tolerans.namn})" if tolerans.namn else ""
    regelenhet = "procent av målnivån" if tolerans.satt == "procent" else ("procentenheter" if enhet == "%" else enhet)
    regel = (f"grönt högst {_tal(tolerans.gron, 4)}, gult högst {med_enhet(_tal(tolerans.gul, 4), regelenhet)} {fel_hall} "
             f"målnivån{regelnamn}")
    text = f"Utfall {visat_varde}, {lage}. Regel: {regel}. Alltså {status.visning.kort}."
    return status, avvikelse, text


_FARGADE = frozenset((Status.GRON, Status.GUL, Status.ROD))


# ---------------------------------------------------------------- data för en period


class _Rad:
    """En rad i ett frågesvar, läst som rad["kolumn"] direkt ur kolumnlistorna: bedömningen läser några få
    kolumner ur tusentals rader, och en ordlista per rad kostade mer än resten av uppslaget."""

    __slots__ = ("_listor", "_i")

    def __init__(self, listor: dict[str, list], i: int):
        self._listor = listor
        self._i = i

    def __getitem__(self, kolumn: str):
        return self._listor[kolumn][self._i]


class _Tabell:
    """Ett frågesvar uppslaget på sina nyckelkolumner. Varje omfattning slår upp sina rader i stället för
    att filtrera hela tabellen: 400 plattformar x 5 indikatorer x 2 år blir annars tusentals filter.
    Uppslagen byggs först när de behövs: de flesta svar frågas bara om första raden per nyckel."""

    def __init__(self, df: pl.DataFrame, nyckel: tuple[str, str] = ("scope_id", "kon")):
        self.df = df
        # Kolumnvis som Python-listor (snabbt ur Polars); en rad läses ur dem (_Rad).
        self._listor = {k: df[k].to_list() for k in df.columns}
        self._nyckel = nyckel
        self._forsta_rad: dict[tuple, int] | None = None
        self._index: dict[tuple, list[int]] | None = None
        self._kon_varden: dict[str, dict[object, dict]] = {}
        self._tupler: dict[tuple[str, ...], dict[tuple, tuple]] = {}

    def _per_nyckel(self, baklanges) -> dict:
        """{(a, b): värde} för första raden per nyckel; baklanges ger radernas värden från sista raden.
        Byggd baklänges så att den första raden vinner, i ett enda dict()-anrop."""
        forsta, andra = self._listor[self._nyckel[0]], self._listor[self._nyckel[1]]
        return dict(zip(zip(reversed(forsta), reversed(andra)), baklanges))

    def _forsta(self) -> dict[tuple, int]:
        if self._forsta_rad is None:
            self._forsta_rad = self._per_nyckel(range(len(self._listor[self._nyckel[0]]) - 1, -1, -1))
        return self._forsta_rad

    def _alla_index(self) -> dict[tuple, list[int]]:
        if self._index is None:
            self._index = {}
            for i, nyckel in enumerate(zip(self._listor[self._nyckel[0]], self._listor[self._nyckel[1]])):
                self._index.setdefault(nyckel, []).append(i)
        return self._index

    def rad(self, a, b) -> _Rad | None:
        """Den första raden med nyckeln (a, b), som df.filter(...).row(0, named=True)."""
        i = self._forsta().get((a, b))
        return None if i is None else _Rad(self._listor, i)

    def rader(self, a, b) -> list[_Rad]:
        return [_Rad(self._listor, i) for i in self._alla_index().get((a, b), [])]

    def tupler(self, kolumner: tuple[str, ...]) -> dict[tuple, tuple]:
        """{(a, b): (värdena i kolumnerna)} för första raden per nyckel, byggt i en genomgång per kolumnval:
        att läsa några kolumner ur en färdig tupel är billigare än att slå upp dem en i taget."""
        tupler = self._tupler.get(kolumner)
        if tupler is None:
            tupler = self._tupler[kolumner] = self._per_nyckel(zip(*(reversed(self._listor[k]) for k in kolumner)))
        return tupler

    def kon_varden_per_omfattning(self, kolumn: str) -> dict[object, dict]:
        """{omfattning: {kön: värde}} för raderna utom alla, byggt i en genomgång första gången kolumnen
        efterfrågas. Delas mellan anropen: den som lämnar ut en ordlista gör en kopia (kon_varden)."""
        per_omfattning = self._kon_varden.get(kolumn)
        if per_omfattning is None:
            per_omfattning = self._kon_varden[kolumn] = {}
            for omfattning, kon, varde in zip(self._listor[self._nyckel[0]], self._listor["kon"], self._listor[kolumn]):
                if kon != "alla" and varde is not None:
                    per_omfattning.setdefault(omfattning, {})[kon] = varde
        return per_omfattning

    def kon_varden(self, scope_id, kolumn: str) -> dict:
        """{kön: värde} för omfattningens rader utom alla; varje anrop får en egen kopia."""
        return dict(self.kon_varden_per_omfattning(kolumn).get(scope_id, ()))


class _Underlag:
    """Hämtar och minns frågesvaren för en period, så att varje indikator frågas en gång."""

    def __init__(self, con: duckdb.DuckDBPyConnection, period: int):
        self.con = con
        self.period = period
        self._cache: dict[tuple, _Tabell] = {}
        # Uppslag per indikator inom en bedömning (nycklarna är indikatorns id eller objektets id).
        self._memo: dict[tuple, object] = {}
        self._plattformsnamn: dict[str, str] | None = None

    @staticmethod
    def _cachenyckel(namn: str, p: dict) -> tuple:
        return namn, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in p.items()))

    def _kor(self, namn: str, nyckel: tuple[str, str] = ("scope_id", "kon"), **p) -> _Tabell:
        cachenyckel = self._cachenyckel(namn, p)
        if cachenyckel not in self._cache:
            self._cache[cachenyckel] = _Tabell(fragor.kor(self.con, namn, period=self.period, **p), nyckel)
        return self._cache[cachenyckel]

    def lagg_i_cache(self, namn: str, df: pl.DataFrame, nyckel: tuple[str, str] = ("scope_id", "kon"), **p) -> None:
        """Ett svar som redan hämtats i en samlad fråga: som om frågan namn hade körts med parametrarna p."""
        self._cache[self._cachenyckel(namn, p)] = _Tabell(df, nyckel)

    def _per_indikator(self, slag: str, ind: Indikator, hamta) -> _Tabell:
        # Samma indikator frågas för varje omfattning; att bygga cachenyckeln varje gång kostar mer än svaret.
        nyckel = (slag, id(ind))
        tabell = self._memo.get(nyckel)
        if tabell is None:
            tabell = self._memo[nyckel] = hamta()
        return tabell

    def andel(self, ind: Indikator) -> _Tabell:
        tabell = self._memo.get(("andel", id(ind)))  # den vanligaste frågan: utan att skapa en lambda varje gång
        if tabell is not None:
            return tabell
        return self._per_indikator("andel", ind, lambda: self._kor(
            "indikator_andel_utfall", matt=list(ind.matt), andel_av=ind.andel_av))

    def enkat(self, ind: Indikator) -> _Tabell:
        return self._per_indikator("enkat", ind, lambda: self._kor(
            "indikator_enkat", respondentgrupp=ind.respondentgrupp, fraga=ind.fraga))

    def svarsfrekvens(self) -> _Tabell:
        return self._kor("enkat_svarsfrekvens", nyckel=("scope_id", "respondentgrupp"))

    def rapporterat(self, indikator_id: str) -> _Tabell:
        nyckel = ("rapporterat", indikator_id)
        tabell = self._memo.get(nyckel)
        if tabell is None:
            tabell = self._memo[nyckel] = self._kor("indikator_rapporterat", indikator=indikator_id)
        return tabell

    def fynd(self, scope_id: str) -> list[dict]:
        """Datakvalitetsfynden (frågan datakvalitet_utfall) för en plattform eller förbundet perioden; hämtas först
        när ett beräknat värde skiljer sig från det publicerade."""
        if "fynd" not in self._memo:
            plattformar = fragor.kor(self.con, "plattformar")
            i_total = plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()
            utanfor = plattformar.filter(~pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()
            df = pl.concat([
                fragor.kor(self.con, "datakvalitet_utfall", period=self.period, plattformar=i_total, forbund=True),
                fragor.kor(self.con, "datakvalitet_utfall", period=self.period, plattformar=utanfor, forbund=False),
            ], how="diagonal_relaxed")
            self._memo["fynd"] = df.to_dicts()
        return [f for f in self._memo["fynd"] if f["enhet_id"] == scope_id]

    def tolerans(self, ram: Malramverk, ind_id: str) -> _Regel | None:
        """Indikatorns toleransregel, som den tupel bedömningens cache slår upp på."""
        nyckel = ("tolerans", ind_id)
        if nyckel not in self._memo:
            tolerans = ram.tolerans_for(ram.indikatorer[ind_id])
            self._memo[nyckel] = None if tolerans is None else _regel(tolerans)
        return self._memo[nyckel]

    def plattformsnamn(self, plattform_id: str) -> str:
        if self._plattformsnamn is None:
            df = fragor.kor(self.con, "plattformar")
            self._plattformsnamn = {}
            for pid, kort in zip(df["plattform_id"].to_list(), df["kortnamn"].to_list()):
                self._plattformsnamn.setdefault(pid, kort)
        return self._plattformsnamn.get(plattform_id, plattform_id)

    def beslut(self) -> _Tabell:
        return self._kor("styrelsens_bedomning", nyckel=("mal_id", "scope_id"))


def _dela(df: pl.DataFrame, nycklar: list[str]) -> tuple[dict[tuple, pl.DataFrame], pl.DataFrame]:
    """Den samlade frågans svar uppdelat per nyckel, utan nyckelkolumnerna, och en tom tabell för nycklar
    som inte finns i svaret."""
    delar = df.partition_by(nycklar, as_dict=True, include_key=False, maintain_order=True)
    return delar, df.drop(nycklar).head(0)


def forhamta(con: duckdb.DuckDBPyConnection, ram: Malramverk, underlag: list[_Underlag]) -> None:
    """Hämtar hela ramverkets frågesvar för alla perioderna i några få frågor (indikator_*_alla.sql) i stället
    för en fråga per indikator och år, och lägger dem i varje periods cache under samma nyckel som den
    enskilda frågan (indikator_andel_utfall, indikator_enkat, indikator_rapporterat) skulle ha fått."""
    perioder = sorted({u.period for u in underlag})
    andelar = list(dict.fromkeys((tuple(i.matt), i.andel_av) for i in ram.indikatorer.values()
                                 if i.typ in ("andel_utfall", "volym")))
    if andelar:
        ids = [str(n) for n in range(len(andelar))]
        df = fragor.kor(con, "indikator_andel_utfall_alla", perioder=perioder, indikatorer=ids,
                        matt=[list(m) for m, _ in andelar], andel_av=[a for _, a in andelar])
        delar, tom = _dela(df, ["period", "indikator_id"])
        for u in underlag:
            for id_, (matt, andel_av) in zip(ids, andelar):
                u.lagg_i_cache("indikator_andel_utfall", delar.get((u.period, id_), tom),
                               matt=list(matt), andel_av=andel_av)
    enkater = list(dict.fromkeys((i.respondentgrupp, i.fraga) for i in ram.indikatorer.values() if i.typ == "enkat"))
    if enkater:
        df = fragor.kor(con, "indikator_enkat_alla", perioder=perioder, respondentgrupper=[g for g, _ in enkater],
                        fragor=[f for _, f in enkater])
        delar, tom = _dela(df, ["period", "respondentgrupp", "fraga_id"])
        for u in underlag:
            for grupp, fraga in enkater:
                u.lagg_i_cache("indikator_enkat", delar.get((u.period, grupp, fraga), tom),
                               respondentgrupp=grupp, fraga=fraga)
    if ram.indikatorer:
        df = fragor.kor(con, "indikator_rapporterat_alla", perioder=perioder, indikatorer=list(ram.indikatorer))
        delar, tom = _dela(df, ["period", "indikator_id"])
        for u in underlag:
            for ind_id in ram.indikatorer:
                u.lagg_i_cache("indikator_rapporterat", delar.get((u.period, ind_id), tom), indikator=ind_id)


def _rad(t: _Tabell, scope_id: str, kon: str = "alla") -> _Rad | None:
    return t.rad(scope_id, kon)


# ---------------------------------------------------------------- en indikator


@dataclass(slots=True)
class _Varde:
    varde: float | str | None
    rapporterat: bool = False
    kon_varden: dict[str, float] = field(default_factory=dict)
    underlag: int | None = None
    svarsfrekvens: int | None = None
    svarsfrekvens_bas: int | None = None
    for_fa: str | None = None  # skäl att inte bedöma
    not_: str = ""
    bas: int | None = None
    kon_bas: dict[str, int] = field(default_factory=dict)


def _vardekalla(ram: Malramverk, ind_id: str, ind: Indikator, u: _Underlag,
                bara_varde: bool = False) -> Callable[[str, str], _Varde]:
    """(omfattning, kön) -> indikatorns värde perioden. Det som är lika för alla omfattningar tas fram en gång.
    bara_varde: bara .varde och .bas behövs (förra årets värde); utan kön, underlag och skäl."""
    if ind.typ in ("andel_utfall", "volym"):
        return _andelskalla(ram, ind_id, ind, u, bara_varde)
    return lambda scope_id, kon: _hamta_varde(ram, ind_id, ind, scope_id, kon, u, bara_varde)


def _andelskalla(ram: Malramverk, ind_id: str, ind: Indikator, u: _Underlag,
                 bara_varde: bool) -> Callable[[str, str], _Varde]:
    andel = ind.typ == "andel_utfall"
    df = u.andel(ind)
    kolumn = "procent" if andel else "taljare"
    rader = df.tupler(("avslutade", "namnare", "taljare", kolumn))
    if not bara_varde:
        kon_varden = df.kon_varden_per_omfattning(kolumn)
        kon_bas = df.kon_varden_per_omfattning("namnare") if andel else {}
    minsta = ind.minsta_underlag if ind.minsta_underlag is not None else (
        ram.minsta_underlag.avslutade if andel else ram.minsta_underlag.deltagare)

    def varde(scope_id: str, kon: str) -> _Varde:
        rad = rader.get((scope_id, kon))
        if rad is not None and (rad[0] or rad[1] or rad[2]):
            avslutade, namnare, taljare, tal = rad
            if bara_varde:
                return _Varde(tal, bas=namnare if andel else tal)
            # Egna kopior av könsvärdena: varje resultat äger sina.
            if not andel:
                return _Varde(tal, kon_varden=dict(kon_varden.get(scope_id, ())), underlag=avslutade)
            v = _Varde(tal, kon_varden=dict(kon_varden.get(scope_id, ())), underlag=avslutade, bas=namnare,
                       kon_bas=dict(kon_bas.get(scope_id, ())), not_=f"{taljare} av {namnare}")
            if avslutade < minsta:
                v.for_fa = (f"Bara {avslutade} {'avslutad' if avslutade == 1 else 'avslutade'} "
                            f"deltagare; minst {minsta} krävs för bedömning.")
            elif tal is None:
                v.for_fa = "Basen för andelen är 0, så ingen andel kan räknas."
            return v
        # Inga antal: ett rapporterat värde om det finns.
        rapp = u.rapporterat(ind_id)
        rad_rapp = rapp.rad(scope_id, kon)
        if rad_rapp is not None and rad_rapp["procent"] is not None:
            if bara_varde:
                return _Varde(rad_rapp["procent"], rapporterat=True)
            return _Varde(rad_rapp["procent"], rapporterat=True, kon_varden=rapp.kon_varden(scope_id, "procent"))
        return _Varde(None)

    return varde


def _hamta_varde(ram: Malramverk, ind_id: str, ind: Indikator, scope_id: str, kon: str, u: _Underlag,
                 bara_varde: bool = False) -> _Varde:
    """Enkät- och ja/nej-indikatorer (andelar och volymer: _andelskalla)."""
    # Rapporterade värden hämtas bara där de behövs: de flesta indikatorer har antal.
    if ind.typ == "ja_nej":
        rad = _rad(u.rapporterat(ind_id), scope_id, kon)
        return _Varde(rad["svar"] if rad else None, rapporterat=True)

    # enkat
    rapp = u.rapporterat(ind_id)
    kalla = ind.underlag_plattform or scope_id
    df = u.enkat(ind)
    if bara_varde:
        rad = _rad(df, kalla, kon)
        if rad is not None:
            return _Varde(rad["procent"], rapporterat=rad["rapporterad"], bas=rad["antal_svar"])
        rad_rapp = _rad(rapp, scope_id, kon)
        return _Varde(rad_rapp["procent"] if rad_rapp is not None and rad_rapp["procent"] is not None else None)
    sv = u.svarsfrekvens().rad(kalla, ind.respondentgrupp)
    svarsfrekvens = sv["svarsfrekvens"] if sv else None
    svarsfrekvens_bas = sv["antal_svar"] if sv else None
    redovisas_ej = bool(sv["redovisas_ej"]) if sv else False
    rad = _rad(df, kalla, kon)
    minsta = ind.minsta_underlag if ind.minsta_underlag is not None else ram.minsta_underlag.svarande
    if rad is None:
        rad_rapp = _rad(rapp, scope_id, kon)
        if rad_rapp is not None and rad_rapp["procent"] is not None:
            return _Varde(rad_rapp["procent"], rapporterat=True, kon_varden=rapp.kon_varden(scope_id, "procent"),
                          svarsfrekvens=svarsfrekvens, svarsfrekvens_bas=svarsfrekvens_bas)
        v = _Varde(None, svarsfrekvens=svarsfrekvens, svarsfrekvens_bas=svarsfrekvens_bas)
        if redovisas_ej:
            v.for_fa = "För få har svarat; källan redovisar inte gruppen."
        return v
    v = _Varde(rad["procent"], rapporterat=rad["rapporterad"], kon_varden=df.kon_varden(kalla, "procent"),
               underlag=rad["antal_svar"], svarsfrekvens=svarsfrekvens, svarsfrekvens_bas=svarsfrekvens_bas,
               bas=rad["antal_svar"],
               kon_bas=df.kon_varden(kalla, "antal_svar"))
    if redovisas_ej:
        v.for_fa = "För få har svarat; källan redovisar inte gruppen."
    elif rad["antal_svar"] is not None and rad["antal_svar"] < minsta:
        v.for_fa = f"Bara {rad['antal_svar']} svarande; minst {minsta} krävs för bedömning (för få svar)."
    if ind.underlag_plattform:
        v.not_ = f"Svaren kommer från den gemensamma enkäten, redovisad under {u.plattformsnamn(kalla)}."
    return v


def _malnivaer(ind: Indikator, mi_niva: dict | None, period: int) -> dict[str, float | str] | None:
    nivaer = mi_niva if mi_niva is not None else ind.malniva
    niva = nivaer.get(period)
    if niva is None:
        return None
    if isinstance(niva, dict):
        return dict(niva)
    return {"alla": niva}


class _Takt(NamedTuple):
    """Målnivån i en kumulativ period härledd ur planen för hela perioden (Indikator.plan)."""

    plan: dict[str, float]  # planens målnivå per kön för hela perioden
    plannamn: str
    dagar: int  # dagar som gått av planperioden vid periodens slut (båda ändar inräknade)
    dagar_totalt: int
    slut: object


def _takt(ram: Malramverk, ind: Indikator, mi_niva: dict | None, period: int) -> _Takt | None:
    if not ind.plan:
        return None
    plan, p = ram.period(ind.plan), ram.period(period)
    if int(p) == int(plan) or p.start is None or p.start != plan.start or p.slut > plan.slut:
        return None
    nivaer = _malnivaer(ind, mi_niva, int(plan))
    if nivaer is None:
        return None
    return _Takt(nivaer, str(plan), (p.slut - plan.start).days + 1, (plan.slut - plan.start).days + 1, p.slut)


def _forvantat(takt: _Takt, kon: str, typ: str) -> float:
    """Hur långt en linjär plan borde ha kommit vid periodens slut: planen × förfluten andel, ett helt antal
    (halvt uppåt) för en volym. En andel har samma målnivå i varje delperiod."""
    niva = takt.plan[kon]
    if typ != "volym":
        return niva
    return int(Fraction(str(niva)) * takt.dagar / takt.dagar_totalt + Fraction(1, 2))


def _taktmening(takt: _Takt, kon: str, enhet: str) -> str:
    andel = fmt_procent(float(Fraction(100 * takt.dagar, takt.dagar_totalt)))
    return (f"Planen för {takt.plannamn} är {_tal(takt.plan[kon])} {enhet}; vid periodens slut {takt.slut} har "
            f"{takt.dagar} av {takt.dagar_totalt} dagar gått ({andel}), så en linjär plan borde ha kommit till "
            f"{_forvantat(takt, kon, 'volym')} {enhet}. ")


def _publicerat(ind: Indikator, ind_id: str, scope_id: str, kon: str, v: _Varde,
                 u: _Underlag) -> tuple[float | None, str, str]:
    """Organisationens publicerade värde (indikator_rapporterat) när det beräknade värdet skiljer sig från det,
    med skälet: datakvalitetsfynden för enhetens mått (källan motsäger sig själv), annars att värdet här räknas ur
    de lagrade antalen. (None, "") när inget publicerat värde finns eller värdena är lika."""
    if v.rapporterat or v.varde is None or ind.typ == "ja_nej" or isinstance(v.varde, str):
        return None, "", ""
    rad = u.rapporterat(ind_id).rad(scope_id, kon)
    if rad is None or rad["procent"] is None or rad["procent"] == v.varde:
        return None, "", ""
    publicerat = rad["procent"]
    matt = set(ind.matt) | ({ind.andel_av} if ind.andel_av else set())
    fynd = [f for f in u.fynd(scope_id) if f["matt_id"] in matt] if ind.typ != "enkat" else []
    enhet = "%" if ind.typ != "volym" else " st"
    visat = fmt_procent(publicerat) if enhet == "%" else med_enhet(_tal(publicerat), "st")
    beraknat = fmt_procent(v.varde) if enhet == "%" else med_enhet(_tal(v.varde), "st")
    if fynd:
        skal = " ".join(f"Skäl ({f['matt']}): {f['beskrivning']}" for f in fynd)
        skal += " Beräknat ur de lagrade antalen per kön."
        lasare = (f"Skäl: källan motsäger sig själv för {', '.join(dict.fromkeys(f['matt'] for f in fynd))}. "
                  "Beräknat ur de lagrade antalen per kön.")
    else:
        skal = lasare = "Beräknat ur de lagrade antalen; den publicerade siffran kommer ur organisationens rapport."
    forst = f"⚠ Publicerat {visat}, beräknat {beraknat}."
    return publicerat, f"{forst} {skal}", f"{forst} {lasare}"


def bedom_indikator(ram: Malramverk, mal: Mal, mi_niva: dict | None, ind_id: str, omfattningar: list[str],
                    period: int, u: _Underlag, u_forra: _Underlag) -> list[list[Indikatorresultat]]:
    """Indikatorn i målet för varje omfattning: en lista per omfattning med ett resultat per kön som har
    målnivå. Det som inte beror på omfattningen (målnivå, regel, namn, källa) tas fram en gång: ett nationellt
    ramverk bedömer samma indikator för hundratals plattformar."""
    ind = ram.indikatorer[ind_id]
    egna = _malnivaer(ind, mi_niva, period)
    takt = _takt(ram, ind, mi_niva, period) if egna is None else None
    if takt is not None:
        egna = {kon: _forvantat(takt, kon, ind.typ) for kon in takt.plan}
    nivaer = list((egna or {"alla": None}).items())
    enhet = "st" if ind.typ == "volym" else ("" if ind.typ == "ja_nej" else "%")
    tolerans = u.tolerans(ram, ind_id)
    accepterad = ind.accepterade_avvikelser.get(period)
    ej_bedomd = mal.ej_bedomd.get(period)
    namn = {kon: ind.namn if kon == "alla" else f"{ind.namn} ({'kvinnor' if kon == 'K' else 'män'})"
            for kon, _ in nivaer}
    hamta = _vardekalla(ram, ind_id, ind, u)
    hamta_forra = _vardekalla(ram, ind_id, ind, u_forra, bara_varde=True)
    kravs_text = " Indikatorn måste finnas för att målet ska kunna bli gult eller grönt."
    # Lokala namn för det som läses för varje resultat.
    typ, kravs, mal_id, avsnitt = ind.typ, ind.kravs, mal.id, ind.avsnitt
    regelnamn = (tolerans.namn or "tolerans") if tolerans is not None else ""
    tolerans_enhet = enhet or "%"
    resultat = []
    for scope_id in omfattningar:
        per_omfattning = []
        for kon, malniva in nivaer:
            v = hamta(scope_id, kon)
            forra = hamta_forra(scope_id, kon)
            kravs_och_saknas = False
            avvikelse = None
            regel = ""
            takt_lage = None
            if ej_bedomd is not None:
                status, text = Status.EJ_BEDOMD, f"Målet bedöms inte {period}: {ej_bedomd}"
            elif malniva is None:
                status, text = Status.EJ_BEDOMD, f"Målramverket har ingen målnivå för {period}."
            elif v.varde is None and not v.for_fa:
                if accepterad:
                    status = Status.EJ_BEDOMD
                    text = f"Värde saknas, men styrelsen har accepterat avvikelsen {period}: {accepterad}"
                else:
                    status, text = Status.SAKNAS, f"Inget utfall finns för {period}."
                    if kravs:
                        kravs_och_saknas = True
                        text += kravs_text
            elif v.for_fa:
                status, text = Status.FOR_FA, v.for_fa
                if v.varde is not None:
                    text += f" Värdet {fmt_procent(v.varde) if enhet == '%' else v.varde} visas men bedöms inte."
            elif typ == "ja_nej":
                regel = "ska finnas; ingen avvikelse accepteras" if kravs else "ja/nej mot målnivån"
                if v.varde == malniva:
                    status, text = Status.GRON, f"Svaret är {v.varde}, som målnivån kräver."
                elif accepterad:
                    status = Status.EJ_BEDOMD
                    text = f"Svaret är {v.varde} men styrelsen har accepterat avvikelsen {period}: {accepterad}"
                elif v.varde == "Delvis":
                    status, text = Status.GUL, f"Svaret är Delvis; målnivån är {malniva}. Alltså gult."
                else:
                    status, text = Status.ROD, f"Svaret är {v.varde}; målnivån är {malniva}. Alltså rött."
                    if kravs:
                        kravs_och_saknas = True
                        text += kravs_text
            else:
                status, avvikelse, text = _bedom_mot_tolerans(v.varde, malniva, tolerans, tolerans_enhet)
                regel = regelnamn
                if takt is not None and typ == "volym":
                    planen = takt.plan[kon]
                    if v.varde >= planen:
                        status, takt_lage = Status.GRON, "planen_nadd"
                        text = (f"Utfall {_tal(v.varde)} {enhet}: planen för {takt.plannamn} ({_tal(planen)} {enhet}) "
                                f"är nådd. Alltså {Status.GRON.visning.kort}.")
                    else:
                        takt_lage = "i_takt" if status == Status.GRON else "efter_takten"
                        text = (_taktmening(takt, kon, enhet) + text + " Projektet ligger "
                                + ("i takt med planen." if takt_lage == "i_takt" else "efter takten."))
                elif takt is not None:
                    text = f"Målnivån är planens för {takt.plannamn}. " + text
                if accepterad and status != Status.GRON:
                    status = Status.EJ_BEDOMD
                    text += f" Styrelsen har accepterat avvikelsen {period}: {accepterad}"
            publicerat, publicerat_skal, publicerat_skal_lasare = _publicerat(ind, ind_id, scope_id, kon, v, u)
            if publicerat is not None:
                text = f"{publicerat_skal} {text}"
            if v.rapporterat and v.varde is not None and typ != "ja_nej":
                text += " (Rapporterat värde: antalen bakom finns inte lagrade.)"
            if v.not_ and typ == "andel_utfall" and status in _FARGADE:
                text = text.replace("Utfall ", f"Utfall ({v.not_}) ", 1)
            elif v.not_ and typ == "enkat":
                text += f" {v.not_}"
            per_omfattning.append(Indikatorresultat(
                mal_id=mal_id, scope_id=scope_id, indikator_id=ind_id, namn=namn[kon], avsnitt=avsnitt,
                typ=typ, kon=kon, malniva=malniva, varde=v.varde, varde_forra_aret=forra.varde, status=status,
                motivering=text, enhet=enhet, avvikelse=avvikelse, rapporterat=v.rapporterat,
                kon_varden=v.kon_varden, svarsfrekvens=v.svarsfrekvens, svarsfrekvens_bas=v.svarsfrekvens_bas,
                underlag=v.underlag, regel=regel,
                kravs_och_saknas=kravs_och_saknas, bas=v.bas, kon_bas=v.kon_bas, bas_forra_aret=forra.bas,
                takt=takt_lage, publicerat=publicerat, publicerat_skal=publicerat_skal,
                publicerat_skal_lasare=publicerat_skal_lasare,
            ))
        resultat.append(per_omfattning)
    return resultat


# ---------------------------------------------------------------- sammanvägning


def _poangtext(p: float) -> str:
    return f"{p:.2f}".replace(".", ",")


class _Vagning(NamedTuple):
    """Ramverkets sammanvägningsregel som tupel, så att en sammanvägning kan slås upp i stället för att räknas
    om: i ett nationellt ramverk har hundratals plattformar samma statusar i ett avsnitt."""

    poang: tuple[tuple[str, float], ...]
    gron_fran: float
    gul_fran: float
    vikter: tuple[tuple[int, float], ...]

    @classmethod
    def av(cls, ram: Malramverk) -> _Vagning:
        sv = ram.sammanvagning
        return cls(tuple(sv.poang.items()), sv.gron_fran, sv.gul_fran, tuple(sv.avsnittsvikter.items()))

    def farg(self, poang: float) -> Status:
        if poang >= self.gron_fran:
            return Status.GRON
        if poang >= self.gul_fran:
            return Status.GUL
        return Status.ROD


_FARGORD = {Status.GRON: ("grön", "gröna"), Status.GUL: ("gul", "gula"), Status.ROD: ("röd", "röda")}


def vag_samman_avsnitt(vagning: _Vagning, nummer: int, namn: str,
                       indikatorer: list[Indikatorresultat]) -> Avsnittsresultat:
    status, poang, text = _vag_samman_statusar(vagning, tuple(i.status for i in indikatorer))
    return Avsnittsresultat(nummer, namn, status, poang, text)


@lru_cache(maxsize=4096)
def _vag_samman_statusar(vagning: _Vagning, statusar: tuple[Status, ...]) -> tuple[Status, float | None, str]:
    """Avsnittets status, poäng och motivering ur indikatorernas statusar (i ramverkets ordning)."""
    antal = {Status.GRON: 0, Status.GUL: 0, Status.ROD: 0}
    poangtabell = dict(vagning.poang)
    poangen = []
    for s in statusar:
        if s in antal:
            antal[s] += 1
            poangen.append(poangtabell[s.value])
    bedomda = len(poangen)
    dolda = sum(1 for s in statusar if s == Status.DOLD)
    if not bedomda:
        status = Status.FOR_FA if Status.FOR_FA in statusar else Status.EJ_BEDOMD
        return status, None, "Inga bedömda indikatorer i avsnittet" + (f" ({dolda} dold)." if dolda else ".")
    poang = sum(poangen) / bedomda
    status = vagning.farg(poang)
    delar = ", ".join(f"{n} {_FARGORD[s][0] if n == 1 else _FARGORD[s][1]}" for s, n in antal.items() if n)
    ovriga = len(statusar) - bedomda - dolda
    inom = [f"{ovriga} bedöms inte"] if ovriga else []
    if dolda:
        inom.append(f"{dolda} {'dold' if dolda == 1 else 'dolda'}")
    text = (f"{delar} av {bedomda} {'synliga ' if dolda else ''}bedömda indikatorer"
            + (f" ({', '.join(inom)})" if inom else "")
            + f": {_poangtext(poang)} poäng. Alltså {status.visning.kort}.")
    return status, poang, text


def vag_samman_mal(vagning: _Vagning, avsnitt: list[Avsnittsresultat],
                   indikatorer: list[Indikatorresultat]) -> tuple[Status, str]:
    saknade = tuple(i.namn for i in indikatorer if i.kravs_och_saknas)
    return _vag_samman_avsnitten(vagning, tuple((a.nummer, a.status, a.poang) for a in avsnitt), saknade)


@lru_cache(maxsize=4096)
def _vag_samman_avsnitten(vagning: _Vagning, avsnitt: tuple[tuple[int, Status, float | None], ...],
                          saknade: tuple[str, ...]) -> tuple[Status, str]:
    """Målets förslag ur avsnitten (nummer, status, poäng) och namnen på krävda indikatorer som saknas."""
    if saknade:
        return Status.ROD, f"{', '.join(saknade)} måste finnas för gult eller grönt men saknas. Alltså rött."
    vikter = dict(vagning.vikter)
    bedomda = [(nummer, status, poang) for nummer, status, poang in avsnitt if poang is not None]
    if not bedomda:
        status = Status.FOR_FA if any(status == Status.FOR_FA for _, status, _ in avsnitt) else Status.EJ_BEDOMD
        return status, "Inga indikatorer kunde bedömas."
    total_vikt = sum(vikter.get(nummer, 1) for nummer, _, _ in bedomda)
    poang = sum(p * vikter.get(nummer, 1) for nummer, _, p in bedomda) / total_vikt
    status = vagning.farg(poang)
    delar = "; ".join(f"avsnitt {nummer} {s.visning.kort} ({_poangtext(p)}, vikt {_tal(vikter.get(nummer, 1), 4)})"
                      for nummer, s, p in bedomda)
    return status, (f"{delar}. Viktat {_poangtext(poang)} poäng; grönt från {_tal(vagning.gron_fran, 4)}, "
                    f"gult från {_tal(vagning.gul_fran, 4)}. Alltså {status.visning.kort}.")


# ---------------------------------------------------------------- hela ramverket


@contextmanager
def _utan_skrapsamling():
    """Ett nationellt ramverk skapar tiotusentals små objekt utan cykler; Pythons cykelsökning som de
    utlöser går igenom hela processens objekt och kostade en femtedel av bedömningen. Den pausas under
    bedömningen och slås på igen efteråt (om den var på)."""
    var_pa = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if var_pa:
            gc.enable()


def bedom(con: duckdb.DuckDBPyConnection, ram: Malramverk, period: int,
          mal_id: str | None = None, scope_id: str | None = None) -> list[Malresultat]:
    """Bedömer varje mål och omfattning för perioden (eller ett urval)."""
    with _utan_skrapsamling():
        return _bedom(con, ram, period, mal_id, scope_id)


def _bedom(con: duckdb.DuckDBPyConnection, ram: Malramverk, period: int, mal_id: str | None,
           scope_id: str | None) -> list[Malresultat]:
    # Perioden med namn (rubriker och meningar säger "Lägesrapport 4", inte ett periodnummer), och perioden den
    # jämförs med: jamfor_med för en namngiven period, året innan för ett kalenderår.
    period = ram.period(period)
    u = _Underlag(con, period)
    u_forra = _Underlag(con, period.forra if period.forra is not None else -1)
    forhamta(con, ram, [u, u_forra])
    beslut = u.beslut()
    vagning = _Vagning.av(ram)
    resultat = []
    for mal in ram.mal:
        if mal_id and mal.id != mal_id:
            continue
        omfattningar = [s for s in mal.omfattning if not scope_id or s == scope_id]
        per_indikator = [bedom_indikator(ram, mal, mi.malniva, mi.id, omfattningar, period, u, u_forra)
                         for mi in mal.indikatorer]
        for nr, scope in enumerate(omfattningar):
            indikatorer = [r for per_omfattning in per_indikator for r in per_omfattning[nr]]
            per_avsnitt: dict[int, list[Indikatorresultat]] = {}
            for i in indikatorer:
                per_avsnitt.setdefault(i.avsnitt, []).append(i)
            avsnitt = [vag_samman_avsnitt(vagning, a.nummer, mal.avsnittsnamn.get(a.nummer, a.namn),
                                          per_avsnitt[a.nummer])
                       for a in ram.avsnitt if a.nummer in per_avsnitt]
            if period in mal.ej_bedomd:
                forslag, motivering = Status.EJ_BEDOMD, f"Målet bedöms inte {period}: {mal.ej_bedomd[period]}"
            else:
                forslag, motivering = vag_samman_mal(vagning, avsnitt, indikatorer)
            egna = beslut.rader(mal.id, scope)
            analys = {r["avsnitt"]: r["text"] for r in egna if r["text"]}
            farger = {r["avsnitt"]: Status(r["farg"]) for r in egna if r["farg"]}
            resultat.append(Malresultat(
                mal_id=mal.id, mal_titel=mal.titel, scope_id=scope, period=period, indikatorer=indikatorer,
                avsnitt=avsnitt, forslag=forslag, forslag_motivering=motivering,
                beslut=farger.get(0), beslut_motivering=analys.get(0), analys=analys,
                beslut_avsnitt={k: v for k, v in farger.items() if k != 0},
            ))
    return resultat


def kort_skal(r: Malresultat, styrelsen: str = "styrelsen") -> str:
    """Cellens skäl i matrisen, en rad på klar svenska: vem som bestämt färgen, hur många indikatorer som når
    målet och hur avsnitten står. Poängformeln står under Mål; här räcker antalen.
    "Styrelsen beslutade delvis uppfyllt, som reglerna föreslår: 7 av 15 indikatorer uppfyllda, 8 inte
    (avsnitt 1 delvis, 2 inte, 3 uppfyllt)." styrelsen: organisationens ord (ord.Ord.styrelsen)."""
    vem = styrelsen[:1].upper() + styrelsen[1:]
    if r.beslut is not None:
        borjan = f"{vem} beslutade {r.beslut.visning.ord.lower()}"
        borjan += (", som reglerna föreslår" if r.beslut == r.forslag
                   else f"; reglerna ger {r.forslag.visning.ord.lower()}")
    else:
        borjan = f"Reglerna föreslår {r.forslag.visning.ord.lower()}"
    if r.galler == Status.EJ_BEDOMD and r.forslag_motivering.startswith("Målet bedöms inte"):
        motiv = " ".join(r.forslag_motivering.split(": ", 1)[-1].split()).rstrip(".")
        if r.beslut:
            return f"{vem} bedömer inte målet {r.period}: {motiv}."
        return f"Målet bedöms inte {r.period}: {motiv}."
    saknade = [i.namn for i in r.indikatorer if i.kravs_och_saknas]
    if saknade:
        return f"{borjan}: {', '.join(saknade)} måste finnas men saknas."
    antal = {s: sum(1 for i in r.indikatorer if i.status == s) for s in (Status.GRON, Status.GUL, Status.ROD)}
    bedomda = sum(antal.values())
    if not bedomda:
        return f"{borjan}: inga indikatorer kunde bedömas."
    delar = [f"{antal[Status.GRON]} av {bedomda} indikatorer uppfyllda"]
    if antal[Status.GUL]:
        delar.append(f"{antal[Status.GUL]} delvis")
    if antal[Status.ROD]:
        delar.append(f"{antal[Status.ROD]} inte")
    if dolda := sum(1 for i in r.indikatorer if i.status == Status.DOLD):
        delar[0] = delar[0].replace(" indikatorer ", " synliga indikatorer ", 1)
        delar.append(f"{dolda} {'dold' if dolda == 1 else 'dolda'}")
    text = f"{borjan}: {', '.join(delar)}"
    if len(r.avsnitt) > 1:
        kort = {Status.GRON: "uppfyllt", Status.GUL: "delvis", Status.ROD: "inte"}
        avsnitt = [f"{a.nummer} {kort[a.status]}" for a in r.avsnitt if a.status in kort]
        if avsnitt:
            text += " (avsnitt " + ", ".join(avsnitt) + ")"
    return text + "."


def hitta_indikator(resultat: list[Malresultat], indikator_id: str, scope_id: str,
                    kon: str = "alla") -> Indikatorresultat | None:
    """Indikatorns resultat för omfattningen i en bedömning (första målet som har den), eller None."""
    for r in resultat:
        if r.scope_id == scope_id:
            for i in r.indikatorer:
                if i.indikator_id == indikator_id and i.kon == kon:
                    return i
    return None


def summering(resultat: list[Malresultat]) -> str:
    """'4 uppfyllda, 5 delvis uppfyllda, 1 ej bedömd' räknat på det som gäller (beslut före förslag)."""
    ord = [(Status.GRON, "uppfyllt", "uppfyllda"), (Status.GUL, "delvis uppfyllt", "delvis uppfyllda"),
           (Status.ROD, "inte uppfyllt", "inte uppfyllda"), (Status.EJ_BEDOMD, "ej bedömt", "ej bedömda"),
           (Status.FOR_FA, "för få för bedömning", "för få för bedömning"), (Status.SAKNAS, "saknas", "saknas")]
    delar = []
    for status, en, flera in ord:
        n = sum(1 for r in resultat if r.galler == status)
        if n:
            delar.append(f"{n} {en if n == 1 else flera}")
    return ", ".join(delar)


def malniva_for_period(ram: Malramverk, ind_id: str, scope_id: str, period: int) -> float | None:
    """Målnivån (för alla) som bedömningen använder för indikatorn och omfattningen perioden: målets egen eller
    katalogens, och i en kumulativ period utan egen målnivå planens takt (Indikator.plan)."""
    ind = ram.indikatorer[ind_id]
    mi_niva = None
    for mal in ram.mal:
        if scope_id in mal.omfattning:
            for mi in mal.indikatorer:
                if mi.id == ind_id and mi.malniva is not None:
                    mi_niva = mi.malniva
    nivaer = _malnivaer(ind, mi_niva, period)
    if nivaer is None and (takt := _takt(ram, ind, mi_niva, period)) is not None:
        nivaer = {kon: _forvantat(takt, kon, ind.typ) for kon in takt.plan}
    niva = (nivaer or {}).get("alla")
    return float(niva) if isinstance(niva, int | float) else None
