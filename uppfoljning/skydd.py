"""Skyddslagret: det enda stället där skyddet för små tal läggs på det en läsare (viewer) ser.

Varje fråga i queries/ är klassad här: antingen i FRAGOR, med vilka kolumner som är antal personer (och vilken
cell i årets skydd, uppfoljning.smatal, varje rad och kolumn är) och vilka som är andelar av dem, eller i
UTAN_PERSONANTAL med skälet att den inte bär antal personer som en läsare kan se. tests/test_skyddslager.py
vägrar en fråga som inte är klassad, så en ny fråga kan inte visas oskyddad av misstag.

skydda(...) tar ett frågesvar och returnerar det som läsaren får se: ett dolt antal och en andel vars täljare
eller bas är dold (eller basen under gränsen) blir NaN, som visas som "dold" (format.heltal, format.procent och
nedladdningarna i export). Ett saknat värde förblir NULL ("–"). ui.kor lägger på skyddet för varje läsare, och
mötesunderlaget anropar samma funktion, så att presentationen tar emot skyddade tabeller och inte behöver veta
något om skydd: en sida som glömmer skyddet kan inte glömma det. Den som får se allt (gränsen None) får
frågesvaret orört.

Räkningen av vad som döljs (intervallpropageringen över alla summor ett år) ligger i smatal; här slås bara
varje cell upp i årets skydd.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import polars as pl

from . import bedomning, smatal
from .status import Status

DOLD = math.nan  # ett dolt tal eller en dold andel i ett skyddat frågesvar


@dataclass(frozen=True)
class Sammanhang:
    """Det en fråga behöver för att säga vilka celler dess rader är: parametrarna den kördes med, förbundets
    plattformar (ingar_i_forbundstotal) och årets skydd."""

    parametrar: dict
    forbundets: tuple[str, ...]
    skydd: smatal.Skydd


@dataclass(frozen=True)
class Andel:
    """En andelskolumn: täljarens och basens nycklar i fragans celler (täljaren kan saknas: då döljs andelen
    bara när basen är dold eller under gränsen) och kolumnen med basens värde. Finns inte basens cell för en
    rad (ingen andel den perioden) prövas inte andelen."""

    taljare: str | None
    bas: str
    basvarde: str


@dataclass(frozen=True)
class Fraga:
    """Hur en frågas rader skyddas. slag: vilket års skydd (utfall, aktualisering, enkat); celler: radens
    antal som {nyckel: cell}, där en nyckel som är en kolumn i svaret döljs när cellen är dold; andelar:
    andelskolumn -> Andel; foljer: kolumn -> andelarna den röjer (döljs när någon av dem är dold)."""

    slag: str
    celler: Callable[[dict, Sammanhang], dict] | None = None
    andelar: dict[str, Andel] = field(default_factory=dict)
    foljer: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # En fråga vars rader gäller flera år (over_tid), eller som inte hör till årets skydd (svarsfrekvensen),
    # skyddas av en egen funktion: (svaret, parametrar, skydd_for(slag, period), förbundets plattformar,
    # gränsen) -> skyddat svar.
    egen: Callable | None = None


# ---------------------------------------------------------------- frågornas celler

KON = ("kvinnor", "man", "annat", "totalt")


def omfattningens_enhet(plattformar, forbundets: tuple[str, ...]) -> str:
    """Enheten i årets skydd för ett urval plattformar: förbundet, en plattform, eller (för ett annat urval,
    som ingen sida visar i dag) ett eget urval utanför kuben, där små tal döljs men inget annat."""
    valda = tuple(plattformar or ())
    if set(valda) == set(forbundets) and valda:
        return smatal.FORBUNDET
    if len(valda) == 1:
        return smatal.plattformsenhet(valda[0])
    return "urval:" + ",".join(sorted(valda))


def _utfallsceller(enhet: Callable[[dict, Sammanhang], str]):
    def celler(r: dict, s: Sammanhang) -> dict:
        e = enhet(r, s)
        c = {k: (e, r["matt_id"], k) for k in KON if k in r}
        if r.get("andel_av"):
            c["bas"] = (e, r["andel_av"], "totalt")
            for k in KON:
                if f"bas_{k}" in r:
                    c[f"bas_{k}"] = (e, r["andel_av"], k)
        if "avslutade" in r:
            c["avslutade"] = (e, "avslutade", "totalt")
        return c
    return celler


def _per_enhet_id(till: Callable[[str], str], kolumn: str = "enhet_id"):
    return lambda r, s: till(r[kolumn])


def _omfattning(r: dict, s: Sammanhang) -> str:
    return omfattningens_enhet(s.parametrar.get("plattformar"), s.forbundets)


_UTFALLSANDELAR = {
    "andel_procent": Andel("totalt", "bas", "bas"),
    "andel_kvinnor_procent": Andel("kvinnor", "totalt", "totalt"),
}

_KONSANDELAR = {
    "andel_kvinnor_procent": Andel("kvinnor", "bas_kvinnor", "bas_kvinnor"),
    "andel_man_procent": Andel("man", "bas_man", "bas_man"),
    "andel_annat_procent": Andel("annat", "bas_annat", "bas_annat"),
    "andel_procent": Andel("totalt", "bas_totalt", "bas_totalt"),
    "kvinnor_av_totalt_procent": Andel("kvinnor", "totalt", "totalt"),
    "man_av_totalt_procent": Andel("man", "totalt", "totalt"),
    "annat_av_totalt_procent": Andel("annat", "totalt", "totalt"),
}


def _aktualiseringsceller(r: dict, s: Sammanhang) -> dict:
    kommun = s.parametrar.get("kommun")
    c = {k: smatal.aktualiseringscell(r, k, kommun) for k in ("kvinnor", "man", "annat", "antal")}
    if r["antal_ja"] is not None:
        c["antal_ja"] = smatal.aktualiseringscell(r, "antal_ja", kommun)
    if r["andel_ja_procent"] is not None or r["andel_ja_rapporterad"] is not None:
        c["ja_bas"] = c["antal"]  # det finns en andel ja att visa, räknad av radens antal
    return c


def _plattformens_antal(r: dict, s: Sammanhang) -> dict:
    e = smatal.plattformsenhet(r["plattform_id"])
    return {"deltagare": (e, "deltagare", "totalt"), "avslutade": (e, "avslutade", "totalt")}


def _enkatceller(r: dict, s: Sammanhang) -> dict:
    if r["antal_svar"] is None:
        return {}  # källans rapporterade andel utan antal: går inte att pröva
    plattformar = tuple(s.parametrar.get("plattformar") or ())
    enhet = omfattningens_enhet(plattformar, s.forbundets)
    return {k: smatal.enkatcell(enhet, r, k) for k in ("antal_svar", "antal_positiva")}


FRAGOR: dict[str, Fraga] = {
    "utfall_tabell": Fraga("utfall", _utfallsceller(_omfattning), {"andel_procent": _UTFALLSANDELAR["andel_procent"]}),
    "utfall_tabell_per_plattform": Fraga("utfall", _utfallsceller(_per_enhet_id(smatal.plattformsenhet, "plattform_id")),
                                         {"andel_procent": _UTFALLSANDELAR["andel_procent"]}),
    "plattformar_jamforelse": Fraga("utfall", _utfallsceller(_per_enhet_id(smatal.plattformsenhet)), _UTFALLSANDELAR),
    "kommuner_jamforelse": Fraga("utfall", _utfallsceller(_per_enhet_id(smatal.kommunenhet)), _UTFALLSANDELAR),
    "kon_jamforelse": Fraga("utfall", _utfallsceller(_omfattning), _KONSANDELAR,
                            {"skillnad_procentenheter": ("andel_kvinnor_procent", "andel_man_procent")}),
    "aktualiseringar": Fraga(
        "aktualisering", _aktualiseringsceller,
        {"andel_kvinnor_procent": Andel("kvinnor", "antal", "antal"),
         "andel_man_procent": Andel("man", "antal", "antal"),
         "andel_ja_procent": Andel("antal_ja", "ja_bas", "antal")},
        {"andel_ja_rapporterad": ("andel_ja_procent",)}),
    "kon_enkat": Fraga("enkat", _enkatceller, {"procent": Andel("antal_positiva", "antal_svar", "antal_svar")}),
    # Kostnaden är synlig, så kostnaden per deltagare (per avslutad) röjer antalet: döljs med det.
    "ekonomi_kostnad_per_deltagare": Fraga(
        "utfall", _plattformens_antal, {},
        {"kr_per_deltagare": ("deltagare",), "kr_per_avslutad": ("avslutade",), "fa_avslutade": ("avslutade",)}),
}

# ---------------------------------------------------------------- värden över tid (queries/over_tid.sql)


@dataclass(frozen=True)
class Tidsindikator:
    """Det skyddet behöver veta om indikatorn bakom over_tid (frågans parametrar)."""

    typ: str
    matt: tuple[str, ...] = ()
    andel_av: str | None = None
    respondentgrupp: str | None = None
    fraga: str | None = None


_KON_KOLUMN = {"alla": "totalt", "K": "kvinnor", "M": "man"}


def _tid_dold(skydd: smatal.Skydd, r: dict, ind, enh: str) -> bool:
    """Är årets värde för könet dolt för en läsare? Bara värden räknade ur antal prövas."""
    if ind.typ == "enkat":
        cell = {"respondentgrupp": ind.respondentgrupp, "fraga_id": ind.fraga, "kon": r["kon"]}
        return skydd.andel_dold(smatal.enkatcell(enh, cell, "antal_positiva"),
                                smatal.enkatcell(enh, cell, "antal_svar"), r["taljare"], r["namnare"])
    kon = _KON_KOLUMN[r["kon"]]
    delar = [(enh, m, kon) for m in ind.matt]
    if len(delar) == 1:
        taljare_dold = skydd.dold(delar[0], r["taljare"])
    else:
        # En summa av flera mått: dold när någon del är dold (annars kunde delen räknas fram) eller summan är liten.
        taljare_dold = any(skydd.dold(d) for d in delar) or (r["taljare"] or 0) < skydd.grans
    if ind.typ == "volym" or taljare_dold:
        return taljare_dold
    bas = (enh, r["andel_av"], kon)
    return skydd.dold(bas, r["namnare"]) or (r["namnare"] or 0) < skydd.grans


def skydda_tidsvarden(varden: pl.DataFrame, ind, enh: str,
                      skydd_for: Callable[[int], smatal.Skydd | None]) -> pl.DataFrame:
    """Värdena som en läsare får se dem. Ett värde räknat ur antal döljs när antalen bakom är dolda i
    skyddet för året (smatal.utfallsskydd eller smatal.enkatskydd, via skydd_for(period)): varde, taljare och
    namnare blir tomma och kolumnen dold sann. Rapporterade värden utan antal går inte att pröva och visas.
    enh: tidsenhet(ind, omfattning)."""
    if varden.height == 0:
        return varden.with_columns(pl.lit(False).alias("dold"))
    dolda = []
    per_ar: dict[int, smatal.Skydd | None] = {}
    med_antal = set(varden.filter(pl.col("kalla") == "antal")["period"].to_list())
    for r in varden.iter_rows(named=True):
        if r["period"] not in med_antal:
            dolda.append(False)  # bara rapporterade värden, eller inget alls
            continue
        if r["period"] not in per_ar:
            per_ar[r["period"]] = skydd_for(r["period"])
        skydd = per_ar[r["period"]]
        if skydd is None or r["kalla"] not in ("antal", None):
            dolda.append(False)
        elif r["varde"] is None:
            # Året har antal men inte det här könet, eller basen är 0: "–" skulle avslöja att antalet är 0.
            dolda.append(True)
        else:
            dolda.append(_tid_dold(skydd, r, ind, enh))
    dold = pl.Series("dold", dolda, dtype=pl.Boolean)
    return varden.with_columns(dold).with_columns(
        pl.when(pl.col("dold")).then(None).otherwise(pl.col(k)).alias(k) for k in ("varde", "taljare", "namnare"))


def _over_tid(df: pl.DataFrame, parametrar: dict, skydd_for: Callable[[str, int], smatal.Skydd | None],
              forbundets: tuple[str, ...], grans: int) -> pl.DataFrame:
    """over_tid för en läsare: varje års värde prövas mot det årets skydd (skydda_tidsvarden)."""
    ind = Tidsindikator(parametrar["typ"], tuple(parametrar.get("matt") or ()), parametrar.get("andel_av"),
                        parametrar.get("respondentgrupp"), parametrar.get("fraga"))
    plattformar = tuple(parametrar.get("plattformar") or ())
    if ind.typ == "enkat" and len(plattformar) == 1:
        enhet = smatal.plattformsenhet(plattformar[0])  # också en gemensam enkät (underlag_plattform)
    else:
        enhet = smatal.omfattningsenhet(parametrar["scope"])
    slag = "enkat" if ind.typ == "enkat" else "utfall"
    return skydda_tidsvarden(df, ind, enhet, lambda period: skydd_for(slag, period))


FRAGOR["over_tid"] = Fraga("utfall", egen=_over_tid)


# ---------------------------------------------------------------- svarsfrekvensen (enkat_svarsfrekvens m.fl.)

SVARSFREKVENSENS_ANTAL = ("svarsfrekvens", "antal_svar", "antal_inbjudna")


def _svarsfrekvens(df: pl.DataFrame, parametrar: dict, skydd_for, forbundets: tuple[str, ...],
                   grans: int) -> pl.DataFrame:
    """Svarsfrekvensen för en läsare: där färre än gränsen har svarat blir svarsfrekvensen, antalet svarande
    och antalet inbjudna NaN ("dold"). Ingen summa binder svarsfrekvenserna till varandra eller till
    enkätsvaren, så det räcker att dölja det lilla talet, andelen som räknas på det och de inbjudna (som
    tillsammans med andelen ger det). Källans rapporterade svarsfrekvens utan antal går inte att pröva."""
    if df.height == 0:
        return df
    dold = (pl.col("antal_svar") < grans).fill_null(False)
    return df.with_columns(
        pl.when(dold).then(pl.lit(DOLD)).otherwise(pl.col(k).cast(pl.Float64)).alias(k)
        for k in SVARSFREKVENSENS_ANTAL)


FRAGOR["enkat_svarsfrekvens"] = Fraga("enkat", egen=_svarsfrekvens)
FRAGOR["kon_enkat_svarsfrekvens"] = Fraga("enkat", egen=_svarsfrekvens)


# Frågor utan antal personer som en läsare ser, eller vars tal skyddas på annat sätt (skälet står bredvid).
UTAN_PERSONANTAL: dict[str, str] = {
    "plattformar": "referensdata",
    "plattformar_valbara": "vilka enheter som kan väljas (referensdata, och om en avvecklad enhet har data)",
    "perioder": "perioderna och deras namn",
    "handelser": "händelseloggen (bara administratör)",
    "inlasningar": "inläsningarna (processledare)",
    "inlasningshistorik": "inläsningarna (processledare)",
    "inlasning_varningar": "inläsningarnas varningar (processledare)",
    "kontroll_utfall_inlasning": "inläsningens kontroll (processledare)",
    "styrelsens_bedomning": "styrelsens beslut (färger och text)",
    "styrelsens_bedomning_historik": "styrelsens beslut och analysens versioner",
    "ekonomi_budget": "budgetens belopp (kronor, inte personer)",
    "ekonomi_insatser": "insatsernas belopp (kronor, inte personer)",
    "over_tid_definitionsbyte": "definitionerna av måtten per år",
    "datakvalitet_utfall": "fynden; smatal.fynd_for_lasare tar bort talen för läsare",
    "utfall_plattform_kommun": "bara underlag för årets skydd (smatal.utfallsskydd), visas inte",
    "indikator_andel_utfall": "bedomning; indikatorerna skyddas i skydda_bedomning (ui.bedom, mötesunderlaget)",
    "indikator_andel_utfall_alla": "bedomning; indikatorerna skyddas i skydda_bedomning (ui.bedom, mötesunderlaget)",
    "indikator_enkat": "bedomning; indikatorerna skyddas i skydda_bedomning (ui.bedom, mötesunderlaget)",
    "indikator_enkat_alla": "bedomning; indikatorerna skyddas i skydda_bedomning (ui.bedom, mötesunderlaget)",
    "indikator_rapporterat": "rapporterade värden utan antal",
    "indikator_rapporterat_alla": "rapporterade värden utan antal",
    "fullstandighet": "vilka datamängder som finns per enhet; antal plattformar, inte personer (motsagda är personer "
                      "men visas bara som ja/nej, fullstandighet.cellmarkering)",
    "malramverk_versioner": "målramverkets versioner",
    "referens_enkatfragor": "referensdata",
    "referens_utfallsmatt": "referensdata",
    "referens_enheter": "referensdata",
    "referens_kommuner": "referensdata",
    "referens_parter": "referensdata",
    "referens_respondentgrupper": "referensdata",
    "referens_kategorimappning": "referensdata",
    "referens_enhetsnamn": "referensdata",
    "forbundet_distinkt": "om förbundets total räknas som distinkta deltagare (ja/nej, inga antal)",
}


# ---------------------------------------------------------------- lagret


def skyddas(namn: str) -> bool:
    return namn in FRAGOR


def _inget_annat_kon(kolumn: str, cell, rad: dict, skydd: smatal.Skydd) -> bool:
    """En nolla för annat kön i en enhet där ingen har annat kön (cellen finns inte i årets skydd): visas, så att
    presentationen ser att kolumnen inte behövs. Andelar av den döljs som förut."""
    return kolumn == "annat" and rad[kolumn] == 0 and cell not in skydd.varden


def dolda_kolumner(fraga: Fraga, rad: dict, s: Sammanhang) -> set[str]:
    """Kolumnerna i raden som läsaren inte får se."""
    skydd = s.skydd
    celler = fraga.celler(rad, s)
    dolda = {k for k, c in celler.items()
             if k in rad and rad[k] is not None and skydd.dold(c, rad[k]) and not _inget_annat_kon(k, c, rad, skydd)}
    for kolumn, a in fraga.andelar.items():
        if kolumn not in rad or a.bas not in celler:
            continue
        bas = celler[a.bas]
        if a.taljare is None or a.taljare not in celler:
            dold = skydd.dold(bas, rad[a.basvarde]) or (rad[a.basvarde] or 0) < skydd.grans
        else:
            dold = skydd.andel_dold(celler[a.taljare], bas, rad[a.taljare], rad[a.basvarde])
        if dold:
            dolda.add(kolumn)
    for kolumn, andelar in fraga.foljer.items():
        if kolumn in rad and any(a in dolda for a in andelar):
            dolda.add(kolumn)
    return dolda


def skydda(namn: str, df: pl.DataFrame, parametrar: dict, grans: int | None,
           skydd_for: Callable[[str, int], smatal.Skydd | None], forbundets: tuple[str, ...]) -> pl.DataFrame:
    """Frågesvaret som en läsare med gränsen [grans] får se det (None: som det är). skydd_for(slag, period):
    årets skydd (ui.utfallsskydd ... eller smatal direkt i mötesunderlaget)."""
    fraga = FRAGOR.get(namn)
    if grans is None or fraga is None:
        return df
    if fraga.egen is not None:
        return fraga.egen(df, parametrar, skydd_for, tuple(forbundets), grans)
    if df.height == 0:
        return df
    skydd = skydd_for(fraga.slag, parametrar.get("period"))
    if skydd is None:
        # Aldrig tyst oskyddat för en läsare: hellre ett fel än dolda tal på skärmen.
        raise ValueError(f"inget skydd för {namn} (slag {fraga.slag}, period {parametrar.get('period')})")
    s = Sammanhang(dict(parametrar), tuple(forbundets), skydd)
    masker: dict[str, list[bool]] = {}
    n = df.height
    for i, rad in enumerate(df.iter_rows(named=True)):
        for kolumn in dolda_kolumner(fraga, rad, s):
            if kolumn not in masker:
                masker[kolumn] = [False] * n
            masker[kolumn][i] = True
    if not masker:
        return df
    return df.with_columns(
        pl.when(pl.Series(mask, dtype=pl.Boolean)).then(pl.lit(DOLD)).otherwise(pl.col(k).cast(pl.Float64)).alias(k)
        for k, mask in masker.items())


def ar_dold(varde) -> bool:
    """Är värdet ur ett skyddat frågesvar dolt (NaN)?"""
    return isinstance(varde, float) and math.isnan(varde)


# ---------------------------------------------------------------- indikatorerna (bedömningen)

FOR_FA = "Värdet bygger på färre än {grans} personer och visas inte."
STATUS_DOLD = "Värdet och därmed statusen visas inte för att skydda små tal."
SKYDDAT = ("Värdet visas inte: antalen bakom det är dolda för att inget litet tal på en annan sida ska gå att "
           "räkna fram.")


def _skydda_indikator(i, dolda: set, grans: int):
    """Ett indikatorresultat som läsaren får se det: dolda värden är NaN ("dold"), skälet står i motiveringen,
    och antalen personer bakom (bas, underlag) följer inte med. Idempotent: ett redan skyddat resultat (värdet
    dolt, antalen borta) ändras inte."""
    for_fa = i.bas is not None and i.bas < grans
    skyddad = (i.indikator_id, i.scope_id, i.kon) in dolda
    redan = ar_dold(i.varde)
    hela = for_fa or skyddad or redan
    kon_varden = {k: DOLD if hela or i.kon_bas.get(k, grans) < grans or (i.indikator_id, i.scope_id, k) in dolda
                  else v for k, v in i.kon_varden.items()}
    # Svarsfrekvensen döljs när färre än gränsen har svarat (som på sidan Kvinnor och män).
    svarsfrekvens = (DOLD if i.svarsfrekvens is not None and i.svarsfrekvens_bas is not None
                     and i.svarsfrekvens_bas < grans else i.svarsfrekvens)
    forra = (DOLD if i.varde_forra_aret is not None and i.bas_forra_aret is not None and i.bas_forra_aret < grans
             else i.varde_forra_aret)
    if redan:
        motivering = i.motivering
    elif for_fa:
        motivering = FOR_FA.format(grans=grans)
    elif skyddad:
        motivering = SKYDDAT
    elif i.publicerat_skal:
        motivering = i.motivering.replace(i.publicerat_skal, i.publicerat_skal_lasare)
    else:
        motivering = i.motivering
    if hela and i.status.ar_fargad:
        # En synlig färg skulle ge ett intervall för det dolda värdet (basen 8, målet 50 %, rött: täljaren 0–3).
        motivering = f"{motivering} {STATUS_DOLD}"
    return replace(
        i, status=Status.DOLD if hela and i.status.ar_fargad else i.status, varde=DOLD if hela else i.varde, kon_varden=kon_varden, varde_forra_aret=forra, motivering=motivering,
        avvikelse=None if hela else i.avvikelse, publicerat=None if hela else i.publicerat,
        publicerat_skal=i.publicerat_skal_lasare, bas=None, kon_bas={}, bas_forra_aret=None,
        underlag=None, svarsfrekvens=svarsfrekvens, svarsfrekvens_bas=None)


def skydda_bedomning(resultat: list, ram, utfall: smatal.Skydd | None, enkat: smatal.Skydd | None,
                     grans: int | None) -> list:
    """Bedömningen (bedomning.Malresultat) som en läsare med gränsen [grans] får se den (None: som den är):
    varje indikatorvärde räknat på färre personer än gränsen, eller på antal som är dolda i årets skydd
    (smatal.dolda_indikatorvarden: samma tal dolda som på de andra sidorna), blir NaN med skälet i motiveringen.
    ui.bedom och mötesunderlagets bygge går igenom här, så att sidan Mål och mötesunderlagets indikatortabeller
    tar emot skyddade värden och inte vet något om gränsen."""
    if grans is None:
        return resultat
    dolda = smatal.dolda_indikatorvarden([i for r in resultat for i in r.indikatorer], ram, utfall, enkat)
    vagning = bedomning._Vagning.av(ram)
    return [_skydda_mal(r, [_skydda_indikator(i, dolda, grans) for i in r.indikatorer], vagning)
            for r in resultat]


def _skydda_mal(r, indikatorer: list, vagning):
    """Målet med läsarens indikatorer: när någon status är dold räknas avsnitten och förslaget om ur de synliga
    statusarna (Dold räknas inte), så att varken avsnittens antal, poäng, färg eller målets förslag säger
    något om den dolda statusen. Styrelsens beslut står kvar som det är."""
    if all(i.status != Status.DOLD for i in indikatorer):
        return replace(r, indikatorer=indikatorer)
    avsnitt = [bedomning.vag_samman_avsnitt(vagning, a.nummer, a.namn,
                                            [i for i in indikatorer if i.avsnitt == a.nummer]) for a in r.avsnitt]
    forslag, motivering = r.forslag, r.forslag_motivering
    if not motivering.startswith("Målet bedöms inte"):
        forslag, motivering = bedomning.vag_samman_mal(vagning, avsnitt, indikatorer)
    return replace(r, indikatorer=indikatorer, avsnitt=avsnitt, forslag=forslag, forslag_motivering=motivering)
