"""Mötesunderlaget inför styrelsemötet: allt innehåll för en period samlat i vanliga datastrukturer.

Här hämtas och ordnas innehållet; hur det ritas bestämmer mottagaren: sidan Mötesunderlag
(förhandsvisning), uppfoljning.pdf (PDF) och excel_bytes (en arbetsbok med ett blad per tabell).
Inga siffror räknas här: andelar och summor kommer färdiga från queries/ och uppfoljning.bedomning.

Tabellerna finns i två former:
- visningstabeller med svenska rubriker och text som "77 %" och "✔ Uppfyllt" (PDF och sidan),
- siffertabeller där tal är tal (Excel), med samma värden som frågorna gav.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import duckdb
import plotly.graph_objects as go
import polars as pl

from . import bedomning, diagram, fragor, fullstandighet, omfattning, perioder, skydd, smatal, visning
from . import format as fmt
from .bedomning import Malresultat
from .malramverk import Malramverk
from .ord import Ord, versal
from .status import Status


STATUSFORKLARING = [
    (Status.GRON, "alla beslutade indikatorer finns redovisade och når sitt målvärde eller nära det"),
    (Status.GUL, "alla beslutade indikatorer finns redovisade och når i varierande grad sina målvärden"),
    (Status.ROD, "indikatorer saknas, och få eller inga når sitt målvärde"),
    (Status.EJ_BEDOMD, "bedöms inte för perioden (målet) eller accepterad avvikelse (indikatorn)"),
    (Status.FOR_FA, "för få avslutade eller svarande för att bedöma"),
    (Status.SAKNAS, "inget utfall finns"),
]

_ETIKETT_TILL_STATUS = {s.visning.etikett: s for s in Status}


def status_for_etikett(text: str) -> Status | None:
    """Statusen bakom en etikett i en visningstabell ("◐ Delvis uppfyllt" -> Status.GUL, också med takten efter
    tankstrecket: "◐ Delvis uppfyllt – efter takten")."""
    return _ETIKETT_TILL_STATUS.get(text) or (_ETIKETT_TILL_STATUS.get(text.split(" – ")[0])
                                              if isinstance(text, str) else None)


# ---------------------------------------------------------------- datastrukturerna


@dataclass(frozen=True)
class Avsnittsdel:
    """Ett viktningsavsnitt inom ett mål och en plattform."""

    nummer: int
    namn: str
    forslag: Status
    motivering: str
    beslut: Status | None
    indikatorer: pl.DataFrame  # visning.indikatortabell: Indikator, Målnivå, ..., Status, Varför
    ovriga_svar: list[str]
    analys: str | None  # styrelsens analystext, skriven av användare: visas alltid som ren text


@dataclass(frozen=True)
class Maldel:
    """Ett mål för en omfattning (plattform eller förbundet): förslag, beslut, indikatorer och analys."""

    mal_id: str
    rubrik: str
    titel: str
    scope_id: str
    plattform: str
    forslag: Status
    forslag_motivering: str
    beslut: Status | None
    beslut_text: str | None  # styrelsens samlade bedömning (avsnitt 0), användartext
    svarsfrekvens: str | None
    avsnitt: list[Avsnittsdel]
    fotnoter: list[str]

    @property
    def galler(self) -> Status:
        return self.beslut or self.forslag

    @property
    def beslut_avviker(self) -> bool:
        return self.beslut is not None and self.beslut != self.forslag


@dataclass(frozen=True)
class Utfallsdel:
    """Bilaga 3:s tabell för en plattform eller förbundet."""

    scope_id: str
    namn: str
    kortnamn: str
    tabell: pl.DataFrame  # visning.utfallstabell
    siffror: pl.DataFrame  # samma rader med tal som tal
    antal_fynd: int
    # Förbehållet bredvid en total som bygger på färre enheter än väntat (fullstandighet.forbehall); None annars.
    forbehall: str | None = None


@dataclass(frozen=True)
class Diagramrad:
    plattform: str
    procent: int | None
    taljare: int | None  # None i läsarnas version: antalen bakom andelen visas inte där
    namnare: int | None
    malniva: float
    status: Status


@dataclass(frozen=True)
class Diagramdata:
    """Underlaget till nyckeldiagrammet: en andelsindikator per plattform mot målnivån."""

    indikator: str
    titel: str
    rader: list[Diagramrad]


@dataclass(frozen=True)
class Motesunderlag:
    organisation: str
    samlad_rubrik: str  # organisationens rubrik för den samlade måluppfyllelsen (goals.yaml ord)
    period: int
    datum: dt.date
    summering: str
    antal_bedomningar: int
    matris: pl.DataFrame  # visning.matris
    avvikande_beslut: list[str]
    sammanvagning: str
    mal: list[Maldel]
    diagram: Diagramdata | None
    utfall: list[Utfallsdel]
    utan_utfall: list[str]
    budget: pl.DataFrame  # visning: Rad, Utfall, Budget, Avvikelse (text)
    budget_siffror: pl.DataFrame
    budget_radtyp: list[str]  # post, summa, ... per rad i budget (för fetstil och rubriker)
    datakvalitet: pl.DataFrame  # Var, Vad, Beskrivning
    datakvalitet_siffror: pl.DataFrame
    accepterade: pl.DataFrame  # Indikator, Gäller, Motiv
    ej_bedomda: pl.DataFrame  # Mål, Gäller, Motiv
    indikatorer_siffror: pl.DataFrame
    svarsfrekvens_siffror: pl.DataFrame
    indikatorforklaringar: list[str] = field(default_factory=list)
    fotnoter: list[str] = field(default_factory=list)
    # Läsarnas version (politiker, allmänheten): vad som skiljer den från styrelsens, i ord. None för styrelsen.
    lasarversion: str | None = None
    # Totalen är distinkta deltagare (deltagarnivå): meningen som förklarar varför summan av enheterna är större
    # (Ord.distinkta_deltagare, queries/forbundet_distinkt.sql). None när totalen är summan av enheterna.
    om_totalen: str | None = None
    # Totaler som bygger på färre enheter än referensdatan väntar sig ("1 av 7 plattformar har data för 2021 ..."),
    # och översikten per enhet och datamängd (fullstandighet.oversikt).
    forbehall: list[str] = field(default_factory=list)
    fullstandighet: pl.DataFrame = field(default_factory=pl.DataFrame)
    # Organisationens ord (goals.yaml): enheterna och den som bedömer målen ("styrelsen", "styrgruppen").
    ord: Ord = field(default_factory=Ord)

    @property
    def texter(self) -> Dokumenttexter:
        return Dokumenttexter(self)

    @property
    def titel(self) -> str:
        return f"Mötesunderlag: uppföljning av mål {self.period}"


@dataclass(frozen=True)
class Dokumenttexter:
    """Underlagets fasta texter i organisationens ord, gemensamma för PDF:en och Word-versionen, så att de två
    säger samma sak: ett ESF-projekt får "delprojekt" och "styrgruppen", ett förbund "plattform" och "styrelsen"."""

    u: Motesunderlag

    @property
    def _styrelsens(self) -> str:
        return self.u.ord.styrelsen + "s"

    @property
    def mottagare(self) -> str:
        return "Version för läsare" if self.u.lasarversion else f"Underlag till {self.u.ord.styrelsen}"

    @property
    def amne(self) -> str:
        return f"Underlag till {self.u.ord.styrelsen}: måluppfyllelse, utfall och budget {self.u.period}"

    @property
    def om_bedomningarna(self) -> str:
        return (f"{self.u.antal_bedomningar} bedömningar: varje mål bedöms för varje {self.u.ord.enhet} det gäller. "
                f"Färgen är {self._styrelsens} beslut där det finns, annars förslaget enligt toleransreglerna i "
                "målramverket. Status står alltid i ord, så att underlaget går att läsa utskrivet i svartvitt.")

    @property
    def om_diagrammet(self) -> str:
        return (("Staplarna är utfallet, " if self.u.lasarversion else
                 "Staplarna är utfallet (antal bakom andelen under procenten), ")
                + f"det svarta strecket målnivån. Status står under {self.u.ord.enheten}s namn; mönstret (slätt = "
                "uppfyllt, snedstreck = delvis, kryss = inte uppfyllt) skiljer dem åt även i svartvitt.")

    @property
    def om_malen(self) -> str:
        return (f"För varje mål och {self.u.ord.enhet}: {self._styrelsens} beslut, regelns förslag med skäl, "
                f"{self._styrelsens} analys och indikatorerna per viktningsavsnitt med värde, målnivå, status och "
                "skälet bakom statusen.")

    @property
    def beslut(self) -> str:
        return f"{versal(self._styrelsens)} beslut:"

    @property
    def avsnittets_beslut(self) -> str:
        return f"{versal(self._styrelsens)} bedömning av avsnittet:"

    @property
    def analys(self) -> str:
        return f"{versal(self._styrelsens)} analys"

    @property
    def samlad_bedomning(self) -> str:
        return f"{versal(self._styrelsens)} samlade bedömning"

    @property
    def avvikande_beslut(self) -> str:
        return f"Där {self._styrelsens} beslut skiljer sig från regelns förslag"

    def beslutet_avviker(self, m: Maldel) -> str:
        return (f"{versal(self._styrelsens)} beslut ({m.beslut.visning.ord.lower()}) skiljer sig från regelns "
                f"förslag ({m.forslag.visning.ord.lower()}).")

    @property
    def om_utfallen(self) -> str:
        return ("Antal per kön och totalt, med andel i hel procent (avrundat halvt uppåt). Totalt räknas alltid ur "
                "kvinnor och män. ⚠ = källan motsäger sig själv på raden, se Datakvalitet.")

    @property
    def om_budgeten(self) -> str:
        return ("Belopp i tkr; kostnader är negativa. Avvikelse = utfall minus budget. Summorna är räknade ur "
                "posterna; ⚠ = källans egen summa skiljer sig, se Datakvalitet.")

    @property
    def inga_fynd(self) -> str:
        return "Inga fynd: källorna motsäger inte sig själva."

    @property
    def om_fynden(self) -> str:
        return (f"{self.u.datakvalitet.height} ställen där källan motsäger sig själv. Underlaget visar värden "
                "beräknade ur de lagrade antalen (per kön) och posterna.")

    @property
    def inga_accepterade(self) -> str:
        return f"{versal(self.u.ord.styrelsen)} har inte accepterat några avvikelser för perioden."

    @property
    def om_accepterade(self) -> str:
        return (f"Indikatorer där {self.u.ord.styrelsen} accepterat att värdet saknas eller avviker; de räknas inte "
                "i sammanvägningen.")

    def indikatorkolumner(self) -> tuple[list[str], list[str]]:
        """Indikatortabellens värdekolumner (visning.indikatortabell) och deras rubriker i ett tryckt dokument,
        för perioden och jämförelseperioden ("Utfall 2019", "Utfall Lägesrapport 3"); Status och Varför följer."""
        kolumner = visning.indikatorkolumner(self.u.period)
        rubriker = [k.replace("Utfall ", "Utfall\n", 1).replace("Svarsfrekvens", "Svars-\nfrekvens")
                    for k in kolumner] + ["Status"]
        return kolumner, rubriker

    @property
    def utfallsrubrikernas_ord(self) -> list[str]:
        """Orden i utfallskolumnernas rubriker ("Utfall", "Lägesrapport", "3" …): kolumnerna görs så breda att
        det längsta ordet inte bryts mitt i."""
        return [o for k in visning.indikatorkolumner(self.u.period)[2:4] for o in k.split()]


@dataclass(frozen=True)
class Lasarskydd:
    """Skyddet för små tal i läsarnas version av underlaget: samma gräns och samma dolda celler för året som
    sidorna visar en läsare (smatal.utfallsskydd och smatal.enkatskydd)."""

    grans: int
    utfall: smatal.Skydd | None
    enkat: smatal.Skydd | None
    forbundets: tuple[str, ...] = ()

    def skydda(self, namn: str, df: pl.DataFrame, **parametrar) -> pl.DataFrame:
        """Frågesvaret genom skyddslagret (uppfoljning.skydd), som ui.kor ger det på sidorna."""
        arets = {"utfall": self.utfall, "enkat": self.enkat}
        return skydd.skydda(namn, df, parametrar, self.grans, lambda slag, period: arets.get(slag), self.forbundets)


def lasarskydd(con: duckdb.DuckDBPyConnection, period: int, grans: int) -> Lasarskydd:
    def kor(namn: str, **p) -> pl.DataFrame:
        return fragor.kor(con, namn, **p)

    forbundets = tuple(kor("plattformar").filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list())
    return Lasarskydd(grans, smatal.utfallsskydd(kor, period, grans), smatal.enkatskydd(kor, period, grans),
                      forbundets)


def _kor(con, lasare: Lasarskydd | None, namn: str, **parametrar) -> pl.DataFrame:
    """Frågan, för läsarnas version genom skyddslagret."""
    df = fragor.kor(con, namn, **parametrar)
    return df if lasare is None else lasare.skydda(namn, df, **parametrar)


def lasarversionens_text(grans: int, ord: Ord) -> str:
    return (f"Version för läsare. {smatal.skaltext(grans)} Processledarnas analysutkast ingår inte; "
            f"{ord.styrelsen}s samlade bedömning visas när {ord.styrelsen} har beslutat. Källornas egna tal i "
            "datakvalitetsfynden och antalen bakom andelar och svarsfrekvenser visas inte.")


# ---------------------------------------------------------------- bygget


def _svarsfrekvenstext(svar: pl.DataFrame, scope_id: str, utan_antal: bool = False) -> str | None:
    """Svarsfrekvensen per respondentgrupp i ord; utan_antal (läsarnas version) utan antalen. En läsare får
    svaret genom skyddslagret: där få har svarat är svarsfrekvensen dold (NaN) och står som "dold"."""
    # Grupperna i referensdatans ordning (frågan sorterar dem så).
    rader = svar.filter(pl.col("scope_id") == scope_id)
    if rader.height == 0:
        return None
    delar = []
    for r in rader.iter_rows(named=True):
        grupp = r.get("grupp") or r["respondentgrupp"]
        grupp = grupp[:1].lower() + grupp[1:]  # mitt i meningen: "deltagare: 40 %"
        if r["redovisas_ej"]:
            delar.append(f"{grupp}: redovisas ej (för få svar)")
        elif r["svarsfrekvens"] is None:
            delar.append(f"{grupp}: uppgift saknas")
        elif skydd.ar_dold(r["svarsfrekvens"]):
            delar.append(f"{grupp}: {fmt.procent(r['svarsfrekvens'])}")
        elif utan_antal:
            delar.append(f"{grupp} {fmt.procent(r['svarsfrekvens'])}")
        else:
            antal = (f" ({fmt.heltal(r['antal_svar'])} av {fmt.heltal(r['antal_inbjudna'])})"
                     if r["antal_svar"] is not None and r["antal_inbjudna"] is not None else "")
            delar.append(f"{grupp} {fmt.procent(r['svarsfrekvens'])}{antal}")
    return ", ".join(delar)


def _fotnoter(r: Malresultat) -> list[str]:
    if any(i.rapporterat and i.typ != "ja_nej" for i in r.indikatorer):
        return ["¹ Rapporterat värde: källan anger bara procent, antalen bakom finns inte lagrade."]
    return []


def _indikatorforklaringar(ram: Malramverk, resultat: list[Malresultat]) -> list[str]:
    """Ramverkets förklaringar till indikatorerna, en gång för hela underlaget."""
    anvanda = dict.fromkeys(i.indikator_id for r in resultat for i in r.indikatorer)
    return [f"{ram.indikatorer[i].namn}: {' '.join(ram.indikatorer[i].forklaring.split())}"
            for i in anvanda if ram.indikatorer[i].forklaring]


def _maldel(ram: Malramverk, r: Malresultat, malnamn: dict[str, str], scopenamn: dict[str, str],
            svar: pl.DataFrame, lasare: Lasarskydd | None = None) -> Maldel:
    """Ett mål för en omfattning. I läsarnas version (lasare) döljs små tal som på sidan Mål, analysutkasten
    ingår inte och styrelsens samlade bedömning bara när styrelsen har beslutat."""
    avsnitt = []
    for a in r.avsnitt:
        indikatorer = [i for i in r.indikatorer if i.avsnitt == a.nummer]
        avsnitt.append(Avsnittsdel(
            nummer=a.nummer, namn=a.namn, forslag=a.status, motivering=a.motivering,
            beslut=r.beslut_avsnitt.get(a.nummer),
            indikatorer=visning.indikatortabell(indikatorer, r.period),
            ovriga_svar=visning.ovriga_svarsalternativ(indikatorer),
            analys=None if lasare else r.analys.get(a.nummer),
        ))
    return Maldel(
        mal_id=r.mal_id, rubrik=malnamn.get(r.mal_id, r.mal_id), titel=r.mal_titel, scope_id=r.scope_id,
        plattform=scopenamn.get(r.scope_id, r.scope_id), forslag=r.forslag,
        forslag_motivering=r.forslag_motivering, beslut=r.beslut,
        beslut_text=r.beslut_motivering if not lasare or r.beslut is not None else None,
        svarsfrekvens=_svarsfrekvenstext(svar, r.scope_id, lasare is not None), avsnitt=avsnitt, fotnoter=_fotnoter(r),
    )


def _tal_eller_none(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def _text_eller_none(v):
    return v if isinstance(v, str) else None


def _indikatorer_siffror(resultat: list[Malresultat], malnamn: dict[str, str], scopenamn: dict[str, str],
                         period: int, enhet: str = "Plattform") -> pl.DataFrame:
    """Alla indikatorer i en tabell för Excel: tal som tal, ja/nej-svar i egna kolumner."""
    rader = []
    for r in resultat:
        for i in r.indikatorer:
            rader.append({
                "Mål": malnamn.get(r.mal_id, r.mal_id),
                enhet: scopenamn.get(r.scope_id, r.scope_id),
                "Avsnitt": i.avsnitt,
                "Indikator": i.namn,
                "Enhet": i.enhet or "Ja/Nej",
                "Målnivå": _tal_eller_none(i.malniva),
                f"Utfall {perioder.forra_namn(period)}": _tal_eller_none(i.varde_forra_aret),
                f"Utfall {period}": _tal_eller_none(i.varde),
                "Kvinnor": _tal_eller_none(i.kon_varden.get("K")),
                "Män": _tal_eller_none(i.kon_varden.get("M")),
                "Svarsfrekvens (%)": i.svarsfrekvens,
                "Målnivå (ja/nej)": _text_eller_none(i.malniva),
                f"Svar {perioder.forra_namn(period)}": _text_eller_none(i.varde_forra_aret),
                f"Svar {period}": _text_eller_none(i.varde),
                "Rapporterat värde": "Ja" if i.rapporterat else "Nej",
                "Publicerat värde": _tal_eller_none(i.publicerat),
                "Skillnad mot publicerat": i.publicerat_skal or None,
                "Status": i.status.visning.ord,
                "Varför": i.motivering,
            })
    schema = {
        "Mål": pl.String, enhet: pl.String, "Avsnitt": pl.Int64, "Indikator": pl.String, "Enhet": pl.String,
        "Målnivå": pl.Float64, f"Utfall {perioder.forra_namn(period)}": pl.Float64, f"Utfall {period}": pl.Float64,
        "Kvinnor": pl.Float64, "Män": pl.Float64, "Svarsfrekvens (%)": pl.Int64, "Målnivå (ja/nej)": pl.String,
        f"Svar {perioder.forra_namn(period)}": pl.String, f"Svar {period}": pl.String, "Rapporterat värde": pl.String,
        "Publicerat värde": pl.Float64, "Skillnad mot publicerat": pl.String,
        "Status": pl.String, "Varför": pl.String,
    }
    return pl.DataFrame(rader, schema=schema)


def _indikatorer_for_lasare(maldelar: list[Maldel], enhet: str = "Plattform") -> pl.DataFrame:
    """Läsarnas Excelblad med indikatorerna: samma skyddade text som i PDF:en ("dold"), inte talen."""
    delar = [a.indikatorer.select(pl.lit(m.rubrik).alias("Mål"), pl.lit(m.plattform).alias(enhet),
                                  pl.lit(a.nummer).alias("Avsnitt"), pl.all())
             for m in maldelar for a in m.avsnitt if a.indikatorer.height]
    return pl.concat(delar, how="diagonal_relaxed") if delar else pl.DataFrame()


def _svarsfrekvens_siffror(svar: pl.DataFrame, scopenamn: dict[str, str], utan_antal: bool = False,
                           enhet: str = "Plattform") -> pl.DataFrame:
    """Svarsfrekvensen som siffror (Excel); utan_antal (läsarnas version) utan antalen. Läsarens svar kommer
    genom skyddslagret: en dold svarsfrekvens är NaN ("dold" i Excel) och gruppen redovisas inte."""
    if utan_antal:
        return svar.select(
            pl.col("scope_id").replace_strict(scopenamn, default=pl.col("scope_id")).alias(enhet),
            pl.col("grupp" if "grupp" in svar.columns else "respondentgrupp").alias("Respondentgrupp"),
            pl.col("svarsfrekvens").alias("Svarsfrekvens (%)"),
            pl.when(pl.col("redovisas_ej") | pl.col("svarsfrekvens").is_nan().fill_null(False))
            .then(pl.lit("Ja")).otherwise(pl.lit("Nej")).alias("Redovisas ej"),
        )
    return svar.select(
        pl.col("scope_id").replace_strict(scopenamn, default=pl.col("scope_id")).alias(enhet),
        pl.col("grupp" if "grupp" in svar.columns else "respondentgrupp").alias("Respondentgrupp"),
        pl.col("svarsfrekvens").alias("Svarsfrekvens (%)"),
        pl.col("antal_svar").alias("Svarande"),
        pl.col("antal_inbjudna").alias("Inbjudna"),
        pl.when(pl.col("redovisas_ej")).then(pl.lit("Ja")).otherwise(pl.lit("Nej")).alias("Redovisas ej"),
    )


def utfall_siffror(utfall: pl.DataFrame) -> pl.DataFrame:
    """Frågan utfall_tabell med svenska rubriker; talen oförändrade (för Excel)."""
    kolumner = [
        pl.col("namn").alias("Mått"),
        pl.col("sus_koder").alias("SUS-koder"),
        pl.col("kvinnor").alias("Kvinnor"),
        pl.col("man").alias("Män"),
    ]
    if utfall.height and utfall["annat"].sum() > 0:
        kolumner.append(pl.col("annat").alias("Annat/okänt kön"))
    kolumner += [
        pl.col("totalt").alias("Totalt"),
        pl.col("andel_procent").alias("Andel (%)"),
        pl.col("andel_av").replace_strict({"avslutade": "av avslutade", "positiv_losning": "av positiv lösning"},
                                          default=None).alias("Andelen räknas"),
    ]
    return utfall.select(kolumner)


def _utfall(con, period: int, omfattningar: list[omfattning.Omfattning],
            kortnamn: dict[str, str], lasare: Lasarskydd | None = None) -> tuple[list[Utfallsdel], list[str]]:
    """En utfallstabell per omfattning. Plattformarna hämtas i en fråga var för utfall och fynd, inte två
    frågor per plattform: ett nationellt underlag har hundratals."""
    plattformar = [p for o in omfattningar if not o.ar_forbundet for p in o.plattformar]
    per_plattform = _kor(con, lasare, "utfall_tabell_per_plattform", period=period, plattformar=plattformar)
    fynd_per_plattform = fragor.kor(con, "datakvalitet_utfall", period=period, plattformar=plattformar,
                                    forbund=False)
    utfall_for = {p: df.drop("plattform_id") for (p,), df in per_plattform.partition_by(
        "plattform_id", as_dict=True, maintain_order=True).items()}
    fynd_for = fynd_per_plattform.partition_by("enhet_id", as_dict=True, maintain_order=True)
    delar, utan = [], []
    for o in omfattningar:
        if o.ar_forbundet:
            utfall = _kor(con, lasare, "utfall_tabell", period=period, plattformar=list(o.plattformar))
            fynd = fragor.kor(con, "datakvalitet_utfall", period=period, plattformar=list(o.plattformar),
                              forbund=True)
        else:
            (plattform,) = o.plattformar
            utfall = utfall_for.get(plattform, per_plattform.clear().drop("plattform_id"))
            fynd = fynd_for.get((plattform,), fynd_per_plattform.clear())
        if utfall.height == 0:
            utan.append(o.namn)
            continue
        if lasare is None:
            delar.append(Utfallsdel(o.id, o.namn, kortnamn.get(o.id, o.namn), visning.utfallstabell(utfall, fynd),
                                    utfall_siffror(utfall), fynd.height))
            continue
        # Samma tabell som sidan Utfall visar en läsare: utfallen genom skyddslagret, samma tal dolda överallt.
        tabell = visning.utfallstabell(utfall, smatal.fynd_for_lasare(fynd, lasare.grans))
        delar.append(Utfallsdel(o.id, o.namn, kortnamn.get(o.id, o.namn), tabell, tabell, fynd.height))
    return delar, utan


def _budget(con, period: int) -> tuple[pl.DataFrame, pl.DataFrame, list[str], list[dict]]:
    """Bilaga 4: visningstabell, siffertabell, radtyper och fynd där källans summor avviker."""
    df = fragor.kor(con, "ekonomi_budget", period=period)
    visas = df.filter(pl.col("radtyp") != "bara_i_kallan")
    rader, radtyper, fynd = [], [], []
    for r in visas.iter_rows(named=True):
        markering = " ⚠" if r["utfall_avviker"] or r["budget_avviker"] else ""
        rader.append({
            "Avsnitt": r["avsnitt"] or "",
            "Rad": r["rad"] + markering,
            "Utfall": fmt.tkr(r["utfall_tkr"]),
            "Budget": fmt.tkr(r["budget_tkr"]) + (" ²" if r["budget_ur_kallan"] else ""),
            "Avvikelse": fmt.tkr(r["avvikelse_tkr"]),
        })
        radtyper.append(r["radtyp"])
    for r in df.iter_rows(named=True):
        if r["radtyp"] == "bara_i_kallan":
            fynd.append({"Var": "Budget", "Vad": r["rad"],
                         "Beskrivning": "Källan har en summarad som inte går att räkna fram ur posterna."})
            continue
        for slag, avviker, kalla, beraknat in (("utfall", r["utfall_avviker"], r["rapporterat_utfall_tkr"],
                                                 r["utfall_tkr"]),
                                                ("budget", r["budget_avviker"], r["rapporterat_budget_tkr"],
                                                 r["budget_tkr"])):
            if avviker:
                fynd.append({"Var": "Budget", "Vad": f"{r['rad']} ({slag})",
                             "Beskrivning": f"Källan anger {fmt.tkr(kalla)} men posterna summerar till "
                                            f"{fmt.tkr(beraknat)}."})
    siffror = visas.select(
        pl.col("avsnitt").alias("Avsnitt"),
        pl.col("rad").alias("Rad"),
        pl.col("radtyp").replace_strict({"post": "Post", "summa": "Summa", "totala_kostnader": "Totala kostnader",
                                         "resultat": "Resultat", "arets_resultat": "Årets resultat"},
                                        default=pl.col("radtyp")).alias("Radtyp"),
        pl.col("utfall_tkr").alias("Utfall (tkr)"),
        pl.col("budget_tkr").alias("Budget (tkr)"),
        pl.col("avvikelse_tkr").alias("Avvikelse (tkr)"),
        pl.col("rapporterat_utfall_tkr").alias("Källans utfall (tkr)"),
        pl.col("rapporterat_budget_tkr").alias("Källans budget (tkr)"),
    )
    tabell = pl.DataFrame(rader, schema={k: pl.String for k in ("Avsnitt", "Rad", "Utfall", "Budget", "Avvikelse")})
    return tabell, siffror, radtyper, fynd


def _datakvalitet(con, period: int, forbundet: omfattning.Omfattning, alla: list[omfattning.Omfattning],
                  budgetfynd: list[dict], grans: int | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Var källorna motsäger sig själva: utfallen (förbundet och varje plattform) och budgetens summor."""
    # Förbundets summatabell jämförs bara mot plattformarna som ingår i förbundet; särredovisade för sig.
    utanfor = [p for o in alla if not o.ar_forbundet for p in o.plattformar if p not in forbundet.plattformar]
    fynd = pl.concat([
        fragor.kor(con, "datakvalitet_utfall", period=period, plattformar=list(forbundet.plattformar), forbund=True),
        fragor.kor(con, "datakvalitet_utfall", period=period, plattformar=utanfor, forbund=False),
    ], how="diagonal_relaxed")
    fynd = smatal.fynd_for_lasare(fynd, grans)
    kon = {"K": "kvinnor", "M": "män", "Totalt": "totalt"}
    rader = [{"Var": r["enhet"], "Vad": f"{r['matt']} ({kon.get(r['kon'], r['kon'])})",
              "Beskrivning": r["beskrivning"]} for r in fynd.iter_rows(named=True)]
    rader += budgetfynd
    visning_df = pl.DataFrame(rader, schema={"Var": pl.String, "Vad": pl.String, "Beskrivning": pl.String})
    if grans is not None:
        return visning_df, visning_df
    siffror = fynd.select(
        pl.col("enhet").alias("Enhet"), pl.col("matt").alias("Mått"), pl.col("kon").alias("Kön"),
        pl.col("kallans_varde").alias("Källans värde"), pl.col("beraknat_varde").alias("Beräknat värde"),
        pl.col("beskrivning").alias("Beskrivning"),
    )
    return visning_df, siffror


def _accepterade(ram: Malramverk, period: int, kortnamn: dict[str, str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Styrelsens accepterade avvikelser (per indikator) och mål som inte bedöms, med motiv."""
    rader = []
    for ind_id, ind in ram.indikatorer.items():
        motiv = ind.accepterade_avvikelser.get(period)
        if not motiv:
            continue
        galler = []
        for mal in ram.mal:
            if any(mi.id == ind_id for mi in mal.indikatorer) and period not in mal.ej_bedomd:
                plattformar = ", ".join(kortnamn.get(s, s) for s in mal.omfattning)
                galler.append(f"{mal.kort_titel or mal.titel} ({plattformar})")
        rader.append({"Indikator": ind.namn, "Gäller": "; ".join(galler) or "–", "Motiv": " ".join(motiv.split())})
    ej = [{"Mål": mal.kort_titel or mal.titel,
           "Gäller": ", ".join(kortnamn.get(s, s) for s in mal.omfattning),
           "Motiv": " ".join(mal.ej_bedomd[period].split())}
          for mal in ram.mal if period in mal.ej_bedomd]
    return (pl.DataFrame(rader, schema={"Indikator": pl.String, "Gäller": pl.String, "Motiv": pl.String}),
            pl.DataFrame(ej, schema={"Mål": pl.String, "Gäller": pl.String, "Motiv": pl.String}))


def _diagramdata(con, ram: Malramverk, resultat: list[Malresultat], period: int,
                 kortnamn: dict[str, str], lasare: Lasarskydd | None = None) -> Diagramdata | None:
    """Den första andelsindikatorn i ramverket som bedöms mot en målnivå perioden (2020: positiv lösning).
    I läsarnas version ritas inte en plattform vars andel är dold, och antalen bakom andelarna visas inte."""
    for ind_id, ind in ram.indikatorer.items():
        if ind.typ != "andel_utfall":
            continue
        bedomda = [(r, i) for r in resultat for i in r.indikatorer
                   if i.indikator_id == ind_id and i.kon == "alla" and isinstance(i.malniva, (int, float))
                   and r.scope_id != omfattning.FORBUNDET]
        if not bedomda:
            continue
        antal = fragor.kor(con, "indikator_andel_utfall", period=period, matt=list(ind.matt), andel_av=ind.andel_av)
        rader = []
        for r, i in bedomda:
            rad = antal.filter((pl.col("scope_id") == r.scope_id) & (pl.col("kon") == "alla"))
            if rad.height == 0:
                continue
            if skydd.ar_dold(i.varde):  # läsarnas version: värdet dolt i skyddslagret
                continue
            antal_visas = lasare is None
            rader.append(Diagramrad(kortnamn.get(r.scope_id, r.scope_id), rad["procent"][0],
                                    rad["taljare"][0] if antal_visas else None,
                                    rad["namnare"][0] if antal_visas else None, i.malniva, i.status))
        if rader:
            return Diagramdata(ind.namn, f"{ind.namn}: andel per plattform {period} mot målnivån (procent)", rader)
    return None


def bygg(con: duckdb.DuckDBPyConnection, ram: Malramverk, period: int, datum: dt.date | None = None,
         resultat: list[Malresultat] | None = None, smatalsgrans: int | None = None) -> Motesunderlag:
    """Samlar mötesunderlaget för perioden. resultat: en redan gjord bedömning (sidan har den cachad).
    smatalsgrans: läsarnas version (politiker, allmänheten), med små tal skyddade som på sidorna och utan
    analysutkast; None ger styrelsens fullständiga underlag."""
    # Perioden med namn: rubriker, tabeller och filnamn säger "Lägesrapport 4", inte periodnumret.
    period = ram.period(period)
    if resultat is None:
        resultat = bedomning.bedom(con, ram, period)
    lasare = lasarskydd(con, period, smatalsgrans) if smatalsgrans is not None else None
    if lasare is not None:
        # Indikatorerna genom skyddslagret, som på sidan Mål (idempotent: sidans bedömning är redan skyddad).
        resultat = skydd.skydda_bedomning(resultat, ram, lasare.utfall, lasare.enkat, lasare.grans)
    plattformar = fragor.kor(con, "plattformar")
    omfattningar = omfattning.alla(plattformar, ram.ord.total)
    scopenamn = {o.id: o.namn for o in omfattningar}
    malnamn = {m.id: m.kort_titel or m.titel for m in ram.mal}
    svar = _kor(con, lasare, "enkat_svarsfrekvens", period=period)

    fullst = fragor.kor(con, "fullstandighet", period=period)
    matris = visning.matris(resultat, malnamn, scopenamn, ram.ord.Enhet, ram.ord.styrelsen,
                            fullstandighet.markeringar(resultat, fullst, ram.ord, period)) if resultat else pl.DataFrame()
    avvikande = [
        f"{malnamn.get(r.mal_id, r.mal_id)}, {scopenamn.get(r.scope_id, r.scope_id)}: styrelsen beslutade "
        f"{r.beslut.visning.ord.lower()}, reglerna ger {r.forslag.visning.ord.lower()}. "
        f"Regelns skäl: {r.forslag_motivering}"
        for r in resultat if r.beslut_avviker
    ]
    # Totalens korta namn i organisationens ord: "Förbundet", "Projektet".
    kortnamn = {omfattning.FORBUNDET: ram.ord.total.removesuffix(" totalt"), **dict(zip(plattformar["plattform_id"], plattformar["kortnamn"]))}
    utfall, utan_utfall = _utfall(con, period, omfattningar, kortnamn, lasare)
    forbehall = {d: fullstandighet.forbehall(fullst, ram.ord, period, d) for d in ("utfall", "enkat")}
    utfall = [replace(d, forbehall=forbehall["utfall"]) if d.scope_id == omfattning.FORBUNDET else d for d in utfall]
    budget, budget_siffror, radtyper, budgetfynd = _budget(con, period)
    datakvalitet, datakvalitet_siffror = _datakvalitet(con, period, omfattningar[0], omfattningar, budgetfynd,
                                                       smatalsgrans)
    accepterade, ej_bedomda = _accepterade(ram, period, kortnamn)
    maldelar = [_maldel(ram, r, malnamn, scopenamn, svar, lasare) for r in resultat]
    return Motesunderlag(
        organisation=ram.organisation,
        samlad_rubrik=ram.ord.samlad_rubrik,
        ord=ram.ord,
        period=period,
        datum=datum or dt.date.today(),
        summering=bedomning.summering(resultat) if resultat else "inga mål att bedöma",
        antal_bedomningar=len(resultat),
        matris=matris,
        avvikande_beslut=avvikande,
        sammanvagning=" ".join(ram.sammanvagning.beskrivning.split()),
        mal=maldelar,
        diagram=_diagramdata(con, ram, resultat, period, kortnamn, lasare),
        utfall=utfall,
        utan_utfall=utan_utfall,
        budget=budget,
        budget_siffror=budget_siffror,
        budget_radtyp=radtyper,
        datakvalitet=datakvalitet,
        datakvalitet_siffror=datakvalitet_siffror,
        accepterade=accepterade,
        ej_bedomda=ej_bedomda,
        indikatorer_siffror=(_indikatorer_for_lasare(maldelar, ram.ord.Enhet) if lasare
                             else _indikatorer_siffror(resultat, malnamn, scopenamn, period, ram.ord.Enhet)),
        svarsfrekvens_siffror=_svarsfrekvens_siffror(svar, scopenamn, lasare is not None, ram.ord.Enhet),
        indikatorforklaringar=_indikatorforklaringar(ram, resultat),
        fotnoter=["² Budgeten är källans nettobudget för raden; posterna är inte budgeterade var för sig."]
        if budget.height and budget["Budget"].str.ends_with(" ²").any() else [],
        lasarversion=lasarversionens_text(smatalsgrans, ram.ord) if smatalsgrans is not None else None,
        om_totalen=(ram.ord.distinkta_deltagare
                    if fragor.kor(con, "forbundet_distinkt", period=period)["distinkt"][0] else None),
        forbehall=[text for text in forbehall.values() if text],
        fullstandighet=fullstandighet.oversikt(fullst, ram.ord),
    )


# ---------------------------------------------------------------- diagram och Excel


_MONSTER = {Status.GRON: "", Status.GUL: "/", Status.ROD: "x"}


# Så många staplar får siffror ovanför sig; fler går inte att läsa.
MAX_ETIKETTER = 40


def _antal_text(r: Diagramrad) -> str:
    return f"<br>{r.taljare} av {r.namnare}" if r.taljare is not None and r.namnare is not None else ""


def diagram_figur(data: Diagramdata) -> go.Figure:
    """Staplar per plattform med målnivån som streck. Status står i ord under varje stapel och
    mönstret skiljer statusarna åt även i svartvitt."""
    # Kategorierna är plattformarnas namn (data, som svensk_layout skriver som text); statusordet står under namnet
    # i axelns etikett. Ett "<br>" i själva kategorin skulle bli text ("&lt;br&gt;") när namnet skyddas.
    namn = [r.plattform for r in data.rader]
    farg = {Status.GRON: "#009E73", Status.GUL: "#F0E442", Status.ROD: "#D55E00"}
    fig = go.Figure()
    fig.add_bar(
        x=namn, y=[r.procent for r in data.rader], name="Utfall",
        marker={"color": [farg.get(r.status, "#BBBBBB") for r in data.rader], "line": {"color": "#000000", "width": 1},
                "pattern": {"shape": [_MONSTER.get(r.status, ".") for r in data.rader], "fgcolor": "#000000",
                            "fillmode": "overlay", "solidity": 0.15}},
        showlegend=False,
        customdata=[[f"{fmt.procent(r.procent)}{_antal_text(r)}"] for r in data.rader],
        hovertemplate="%{customdata[0]}<extra></extra>",
    )
    fig.add_scatter(
        x=namn, y=[r.malniva for r in data.rader], name="Målnivå", mode="markers",
        marker={"symbol": "line-ew", "size": 46, "line": {"width": 3, "color": "#000000"}, "color": "#000000"},
        hovertemplate="Målnivå %{y} %<extra></extra>",
    )
    diagram.svensk_layout(fig, data.titel, y_titel="Andel (procent)", procent=True)
    namn = list(fig.data[0].x)  # som svensk_layout skrev dem
    fig.update_xaxes(tickvals=namn, ticktext=[f"{x}<br>{r.status.visning.ord}" for x, r in zip(namn, data.rader)])
    fig.update_yaxes(range=[0, 125], tickvals=list(range(0, 101, 20)))
    # Siffrorna ovanför både stapeln och målstrecket, så att strecket aldrig skär texten. Alla på en gång:
    # add_annotation en i taget kopierar hela listan varje gång (kvadratiskt i antalet plattformar). Med fler
    # staplar än som går att läsa skrivs de inte ut (plotly prövar varje etikett för sig: 50 ms för 422
    # plattformar); siffrorna finns då i hovertexten och i tabellerna.
    etiketter = [
        {"x": x, "y": max(r.procent or 0, r.malniva), "yshift": 4, "yanchor": "bottom", "showarrow": False,
         "text": f"<b>{fmt.procent(r.procent)}</b>{_antal_text(r)}"}
        for x, r in zip(namn, data.rader)] if len(data.rader) <= MAX_ETIKETTER else []
    fig.update_layout(showlegend=True, bargap=0.35, annotations=etiketter)
    return fig


def excel_tabeller(u: Motesunderlag) -> dict[str, pl.DataFrame]:
    """Ett blad per tabell, tal som tal. Namnen blir bladnamn (högst 31 tecken)."""
    tabeller: dict[str, pl.DataFrame] = {}
    om = [t for t in (u.lasarversion, u.om_totalen) if t]
    if om:
        tabeller["Om underlaget"] = pl.DataFrame({"Om underlaget": om})
    tabeller |= {"Måluppfyllelse": u.matris, "Indikatorer": u.indikatorer_siffror,
                 "Svarsfrekvens": u.svarsfrekvens_siffror}
    for d in u.utfall:
        tabeller[f"Utfall {d.kortnamn}"] = d.siffror
    if u.fullstandighet.height:
        tabeller["Fullständighet"] = u.fullstandighet
    tabeller["Budget"] = u.budget_siffror
    tabeller["Datakvalitet"] = u.datakvalitet_siffror
    tabeller["Datakvalitet budget"] = u.datakvalitet.filter(pl.col("Var") == "Budget")
    tabeller["Accepterade avvikelser"] = u.accepterade
    tabeller["Mål som inte bedöms"] = u.ej_bedomda
    return tabeller


def excel_bytes(u: Motesunderlag) -> bytes:
    from . import export

    return export.excel_bytes(excel_tabeller(u))


def filnamn(u: Motesunderlag, filtyp: str) -> str:
    """motesunderlag-2020.pdf, motesunderlag-2020.xlsx; läsarnas version motesunderlag-2020-lasare.pdf"""
    # En namngiven period står med sitt id (motesunderlag-lr4.pdf): namnet har mellanslag och å, ä, ö.
    return f"motesunderlag-{getattr(u.period, 'url', u.period)}{'-lasare' if u.lasarversion else ''}.{filtyp}"
