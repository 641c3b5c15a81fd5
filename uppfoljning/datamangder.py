"""De sorters filer som går att läsa in: vilka rubriker de får ha (i olika stavningar), vilken tabell
de hamnar i, hur de vänds om till lagringsmodellens form, och vad en ny inläsning ersätter.

Rubrikerna jämförs normaliserade (gemener, utan accenter och skiljetecken): "Kön", "kon" och "KÖN"
är samma rubrik.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache

import polars as pl

from . import installningar
from .fel import Fynd, InlasningsFel
from .filformat import normalisera_rubrik
from .inlasning import RAD
from .rimlighet import dubblettfynd

# Könets stavningar i användarnas filer.
KON = {"k": "K", "kvinna": "K", "kvinnor": "K", "kvinnlig": "K", "f": "K",
       "m": "M", "man": "M", "man_": "M", "manlig": "M",
       "annat": "annat", "okant": "annat", "x": "annat", "ejangivet": "annat", "annatokant": "annat"}
# Ett rapporterat indikatorvärde gäller alla eller ett av könen i målramverkets målnivåer (K, M).
INDIKATOR_KON = {**{k: v for k, v in KON.items() if v in ("K", "M")}, "alla": "alla", "totalt": "alla",
                 "samtliga": "alla"}
ENKAT_KON = {**{k: v for k, v in KON.items() if v != "annat"}, "alla": "alla", "totalt": "alla", "samtliga": "alla",
             "annatalternativ": "annat_alternativ", "annat": "annat_alternativ", "osaker": "osaker",
             "villejsvara": "vill_ej_svara"}


@dataclass(frozen=True)
class Datamangd:
    id: str
    namn: str
    beskrivning: str
    # kanonisk kolumn -> godtagna rubriker (normaliserade)
    rubriker: dict[str, tuple[str, ...]]
    obligatoriska: tuple[str, ...]
    # Tabellerna som datamängden skriver till; vad som ersätts avgörs av ERSATTNINGSNYCKEL.
    tabeller: tuple[str, ...]
    exempelfil: str
    # Gör om den inlästa (rubrikmappade) tabellen till lagringsmodellens tabeller.
    omvandla: Callable[["Sammanhang", pl.DataFrame], dict[str, pl.DataFrame]] = field(repr=False, default=None)

    def rubrik_i_ord(self, kanon: str) -> str:
        """Kolumnens namn som användaren känner det: rubriken i datamängdens exempelfil ("Kön" för kon),
        annars det kanoniska namnet. För fel om en kolumn som saknas i filen."""
        return _exempelrubriker(self.id).get(kanon, kanon)


@cache
def _exempelrubriker(datamangd_id: str) -> dict[str, str]:
    datamangd = DATAMANGDER[datamangd_id]
    fil = installningar.DATASETS / "examples" / datamangd.exempelfil
    try:
        rubriker = fil.read_text(encoding="utf-8-sig").splitlines()[0].split(";")
    except (OSError, IndexError):
        return {}
    ordlista = {alias: kanon for kanon, alias_ in datamangd.rubriker.items() for alias in alias_}
    svar = {}
    for rubrik in rubriker:
        normal = normalisera_rubrik(rubrik)
        kanon = ordlista.get(normal) or (normal if normal in datamangd.rubriker else None)
        if kanon is not None:
            svar.setdefault(kanon, rubrik.strip())
    return svar


@dataclass
class Sammanhang:
    """Det som omvandlingen behöver veta utöver filen: formulärets val och referensdata."""

    fil: str
    blad: str | None
    period: int | None
    plattform: str | None
    kategorier: dict[str, str]  # normaliserat värde -> matt_id
    matt_typ: dict[str, str]  # matt_id -> volym/avslut/summa
    plattformsnamn: dict[str, str] = field(default_factory=dict)  # normaliserat namn/id -> plattform_id
    positiva_svar: tuple[int, ...] = (4, 5, 6)
    varningar: list[str] = field(default_factory=list)
    # Kanoniskt kolumnnamn -> rubriken i filen, så att ett fel kan namnge kolumnen som filen gör.
    rubriker: dict[str, str] = field(default_factory=dict)
    # Var plattformen kom ifrån när filen inte har en kolumn för den, för felen.
    plattform_fran: str = "formuläret"
    # Kolumner vars värden redan är id ur referensdata, text utan blanktecken först och sist eller null (bytta
    # med en ordlista: uppladdning._id_via_namn, _mappa_kolumner): typningen behöver inte rensa dem igen.
    rensade: set[str] = field(default_factory=set)

    def fel(self, meddelande: str, rad: int | None = None, kolumn: str | None = None) -> Fynd:
        return Fynd(self.fil, meddelande, rad=rad, kolumn=kolumn, blad=self.blad)


def _mappa(varde: str | None, tabell: dict[str, str]) -> str | None:
    if varde is None:
        return None
    return tabell.get(normalisera_rubrik(varde))


@dataclass(frozen=True)
class Mappning:
    """En kolumn som översätts med en ordlista, och vad användaren ska få veta om ett värde saknas i den."""

    kolumn: str
    tabell: dict[str, str]
    vad: str
    hjalp: str


def distinkta_texter(df: pl.DataFrame, kolumner: list[str]) -> list[list[str]]:
    """De distinkta ifyllda värdena i varje kolumn, som text. Översättningar slås upp en gång per distinkt värde
    (en fil med en miljon rader har några hundra plattformar), alla kolumner i en select (Polars parallellt)."""
    return list(df.select(pl.col(k).cast(pl.String).drop_nulls().unique().implode() for k in kolumner).row(0))


def byt_varden(df: pl.DataFrame, byten: dict[str, dict[str, str | None]]) -> pl.DataFrame:
    """Byter varje kolumns värden enligt dess ordlista, alla kolumner i en select; null förblir null."""
    return df.with_columns(pl.col(k).cast(pl.String).replace_strict(ordlista, default=None, return_dtype=pl.String)
                           for k, ordlista in byten.items())


def _mappa_kolumner(sh: Sammanhang, df: pl.DataFrame, mappningar: list[Mappning]) -> pl.DataFrame:
    """Översätter kolumnerna; värden som inte går att översätta rapporteras, de tappas aldrig tyst. Okända
    värden i alla kolumner rapporteras på en gång."""
    if not mappningar:
        return df
    distinkta = distinkta_texter(df, [m.kolumn for m in mappningar])
    ordlistor = [{v: m.tabell.get(normalisera_rubrik(v)) for v in varden} for m, varden in zip(mappningar, distinkta)]
    fynd = []
    for m, ordlista in zip(mappningar, ordlistor):
        # Okända värden syns redan i ordlistan över distinkta värden; raderna letas upp bara om det finns några.
        okanda_varden = [v for v, mappat in ordlista.items() if mappat is None and v.strip()]
        if not okanda_varden:
            continue
        okanda = df.filter(pl.col(m.kolumn).cast(pl.String).is_in(okanda_varden))
        for varde, rader in okanda.group_by(m.kolumn, maintain_order=True).agg(pl.col(RAD)).iter_rows():
            radtext = ", ".join(str(r) for r in rader[:5]) + (" ..." if len(rader) > 5 else "")
            ocksa = f" (finns på raderna {radtext})" if len(rader) > 1 else ""
            fel = sh.fel(f"Värdet \"{str(varde).strip()}\" känns inte igen som {m.vad}{ocksa}. {m.hjalp}",
                         rad=rader[0], kolumn=m.kolumn)
            if m.tabell is sh.kategorier:
                fel = replace(fel, okant=("utfallsmatt", str(varde).strip()))
            fynd.append(fel)
    if fynd:
        raise InlasningsFel(fynd)
    # Varje värde är nu ett id ur ordlistan eller null (okända värden har stoppats ovan).
    sh.rensade.update(m.kolumn for m in mappningar)
    return byt_varden(df, {m.kolumn: ordlista for m, ordlista in zip(mappningar, ordlistor)})


def _mappa_kolumn(sh: Sammanhang, df: pl.DataFrame, kolumn: str, tabell: dict[str, str], vad: str,
                  hjalp: str) -> pl.Series:
    return _mappa_kolumner(sh, df.select(RAD, kolumn), [Mappning(kolumn, tabell, vad, hjalp)])[kolumn]


def _fyll_fran_formular(sh: Sammanhang, df: pl.DataFrame, kolumn: str, varde, namn: str) -> pl.DataFrame:
    if kolumn in df.columns:
        # Formulärets värde utan blanktecken först och sist, som filens värden (kolumnen kan vara rensad).
        return df.with_columns(pl.col(kolumn).fill_null(str(varde).strip()) if varde is not None else pl.col(kolumn))
    if varde is None:
        raise InlasningsFel([sh.fel(f"Filen har ingen kolumn för {namn}; välj {namn} i formuläret.", rad=1)])
    # Ett fel om kolumnen (en dubblett med samma år) säger varifrån värdet kom.
    sh.rubriker.setdefault(kolumn, f"{namn} ({sh.plattform_fran if kolumn == 'plattform_id' else 'formuläret'})")
    return df.with_columns(pl.lit(str(varde)).alias(kolumn))


_KATEGORIHJALP = ("Lägg till det som namn för en kategori (här nedan eller på sidan Referensdata) eller rätta "
                  "filen.")


# ---------------------------------------------------------------- utfallstabell i Bilaga 3:s form


def _utfallstabell(sh: Sammanhang, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    df = _fyll_fran_formular(sh, df, "period", sh.period, "år")
    df = _fyll_fran_formular(sh, df, "plattform_id", sh.plattform, "plattform")
    df = df.filter(pl.col("matt").is_not_null() & (pl.col("matt").str.strip_chars() != ""))
    df = df.with_columns(_mappa_kolumn(sh, df, "matt", sh.kategorier, "utfallsmått", _KATEGORIHJALP).alias("matt_id"))
    dubbletter = df.filter(pl.struct("period", "plattform_id", "matt_id").is_duplicated())
    if dubbletter.height:
        rad = dubbletter.row(1, named=True)
        raise InlasningsFel([sh.fel(f"Måttet {rad['matt']} förekommer två gånger.", rad=rad[RAD], kolumn="matt")])
    # Antalen vänds om till en rad per kön; ett fel om ett antal namnger filens kolumner för könen, och ett fel
    # per kön (kontroll_utfall_inlasning.sql) kolumnen för det könet.
    kolumner = [(kon, kolumn) for kon, kolumn in (("K", "kvinnor"), ("M", "man"), ("annat", "annat"),
                                                   ("Totalt", "totalt")) if kolumn in df.columns]
    for kon, kolumn in kolumner:
        sh.rubriker[kon] = sh.rubriker.get(kolumn, kolumn)
    sh.rubriker["antal"] = "/".join(sh.rubriker[kon] for kon, _ in kolumner)
    # Måttet, könet och enheten i de omvända tabellerna kommer ur filens kolumner för mått, kön och plattform.
    sh.rubriker |= {"matt_id": sh.rubriker.get("matt", "matt"), "kon": sh.rubriker["antal"],
                    "enhet_id": sh.rubriker.get("plattform_id", "plattform_id")}
    lang = []
    rapporterat = []
    for kon, kolumn in (("K", "kvinnor"), ("M", "man"), ("annat", "annat")):
        if kolumn not in df.columns:
            continue
        del_ = df.select(RAD, "period", "plattform_id", "matt_id", pl.lit(kon).alias("kon"),
                         pl.col(kolumn).alias("antal"), pl.col("matt_id").replace_strict(
                             sh.matt_typ, default=None).alias("_typ"))
        lang.append(del_.filter(pl.col("_typ") != "summa").drop("_typ"))
        rapporterat.append(del_.filter(pl.col("_typ") == "summa").drop("_typ"))
    if "totalt" in df.columns:
        rapporterat.append(df.select(RAD, "period", "plattform_id", "matt_id", pl.lit("Totalt").alias("kon"),
                                     pl.col("totalt").alias("antal")))
    if not lang:
        raise InlasningsFel([sh.fel("Filen har varken kolumnen Kvinnor eller Män.", rad=1)])
    utfall = pl.concat(lang).filter(pl.col("antal").is_not_null() & (pl.col("antal").str.strip_chars() != ""))
    tabeller = {"utfall": utfall}
    if rapporterat:
        rapp = pl.concat(rapporterat).rename({"plattform_id": "enhet_id"})
        tabeller["utfall_rapporterat"] = rapp.filter(pl.col("antal").is_not_null() & (pl.col("antal") != ""))
    return tabeller


# ---------------------------------------------------------------- deltagarnivå


def _deltagare(sh: Sammanhang, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    df = _fyll_fran_formular(sh, df, "plattform_id", sh.plattform, "plattform")
    df = _mappa_kolumner(sh, df, [Mappning("kon", KON, "kön", "Använd Kvinna, Man eller Annat."),
                                  *([Mappning("avslutsorsak", sh.kategorier, "avslutsorsak", _KATEGORIHJALP)]
                                    if "avslutsorsak" in df.columns else [])])
    # Samma deltagare med samma startdatum två gånger stoppas av rimlighet.NYCKLAR, efter typningen.
    return {"deltagare": df}


# ---------------------------------------------------------------- enkäter


def _enkatrader(sh: Sammanhang, df: pl.DataFrame, vad: str, hjalp: str) -> pl.DataFrame:
    """År och plattform från formuläret om filen saknar dem, och könet/svarsgruppen översatt."""
    df = _fyll_fran_formular(sh, df, "period", sh.period, "år")
    df = _fyll_fran_formular(sh, df, "plattform_id", sh.plattform, "plattform")
    return df.with_columns(_mappa_kolumn(sh, df, "kon", ENKAT_KON, vad, hjalp).alias("kon"))


def _enkat_andelar(sh: Sammanhang, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {"enkat_resultat": _enkatrader(
        sh, df, "kön eller svarsalternativ", "Använd Alla, Kvinna, Man, Annat alternativ, Osäker eller Vill ej svara.")}


def _enkat_svar(sh: Sammanhang, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Råa svar: sexgradig skala (1-6, de tre högsta positiva) eller Ja/Nej. Blir antal per kön."""
    df = _enkatrader(sh, df, "kön", "Använd Kvinna, Man, Annat alternativ, Osäker eller Vill ej svara.")
    if "respondent_id" in df.columns:
        # Varje respondent svarar en gång per fråga; annars räknas samma svar två gånger.
        if fynd := dubblettfynd(df, ["period", "plattform_id", "respondentgrupp", "fraga_id", "respondent_id"],
                                sh.fil, sh.blad, "respondent och fråga"):
            raise InlasningsFel(fynd)
        # Svarande räknas ur respondent-id: ett fel om antalet svarande namnger den kolumnen.
        sh.rubriker.setdefault("antal_svar", sh.rubriker.get("respondent_id", "respondent_id"))
    else:
        sh.rubriker.setdefault("antal_svar", sh.rubriker.get("svar", "svar"))
    svar = df["svar"].cast(pl.String).str.strip_chars().str.to_lowercase()
    positiva = {str(v) for v in sh.positiva_svar} | {"ja"}
    godtagna = {str(v) for v in range(1, 7)} | {"ja", "nej"}
    ogiltiga = df.filter(~svar.is_in(list(godtagna)) & svar.is_not_null() & (svar != ""))
    if ogiltiga.height:
        raise InlasningsFel([sh.fel("Svaret ska vara 1-6 på den sexgradiga skalan eller Ja/Nej.",
                                    rad=r, kolumn="svar") for r in ogiltiga[RAD].head(5).to_list()])
    df = df.with_columns(svar.is_in(list(positiva)).alias("_positiv"), (svar.is_not_null() & (svar != "")).alias("_svarat"))
    grupp = ["period", "plattform_id", "respondentgrupp", "fraga_id"]
    per_kon = df.group_by([*grupp, "kon"], maintain_order=True).agg(
        pl.col(RAD).min(), pl.col("_svarat").sum().cast(pl.String).alias("antal_svar"),
        pl.col("_positiv").sum().cast(pl.String).alias("antal_positiva"))
    alla = df.group_by(grupp, maintain_order=True).agg(
        pl.col(RAD).min(), pl.lit("alla").alias("kon"), pl.col("_svarat").sum().cast(pl.String).alias("antal_svar"),
        pl.col("_positiv").sum().cast(pl.String).alias("antal_positiva"))
    resultat = pl.concat([alla.select(per_kon.columns), per_kon])
    tabeller = {"enkat_resultat": resultat}
    if "antal_inbjudna" in df.columns:
        # Svarande per grupp = antal unika respondenter om id finns, annars flest svar på någon fråga.
        if "respondent_id" in df.columns:
            svarande = df.group_by(["period", "plattform_id", "respondentgrupp"], maintain_order=True).agg(
                pl.col(RAD).min(), pl.col("respondent_id").n_unique().alias("antal_svar"),
                pl.col("antal_inbjudna").first())
        else:
            svarande = resultat.filter(pl.col("kon") == "alla").group_by(
                ["period", "plattform_id", "respondentgrupp"], maintain_order=True).agg(
                pl.col(RAD).min(), pl.col("antal_svar").cast(pl.Int64).max().alias("antal_svar")).join(
                df.group_by(["period", "plattform_id", "respondentgrupp"]).agg(pl.col("antal_inbjudna").first()),
                on=["period", "plattform_id", "respondentgrupp"])
        tabeller["enkat_svarsfrekvens"] = svarande.with_columns(
            pl.col("antal_svar").cast(pl.String), pl.lit("false").alias("redovisas_ej"))
    return tabeller


def _som_tabell(tabell: str, fyll_period: bool = True, fyll_plattform: str | None = None):
    def omvandla(sh: Sammanhang, df: pl.DataFrame) -> dict[str, pl.DataFrame]:
        if fyll_period:
            df = _fyll_fran_formular(sh, df, "period", sh.period, "år")
        if fyll_plattform and (fyll_plattform in df.columns or sh.plattform):
            df = _fyll_fran_formular(sh, df, fyll_plattform, sh.plattform, "plattform")
        if "kon" in df.columns and tabell in ("aktualisering",):
            df = df.with_columns(_mappa_kolumn(sh, df, "kon", KON, "kön", "Använd Kvinna, Man eller Annat.")
                                 .alias("kon"))
        if "kon" in df.columns and tabell == "indikator_rapporterat":
            df = df.with_columns(_mappa_kolumn(sh, df, "kon", INDIKATOR_KON, "kön för ett indikatorvärde",
                                               "Använd alla, Kvinna (K) eller Man (M).").alias("kon"))
        return {tabell: df}
    return omvandla


# ---------------------------------------------------------------- katalogen

_PERIOD = ("period", "ar", "year", "verksamhetsar")
_PLATTFORM = ("plattformid", "plattform", "insats", "team", "verksamhet")
_KOMMUN = ("kommunid", "kommun")
_KON = ("kon", "kontyp", "gender")

# Vad en ny inläsning ersätter i varje tabell: de rader som har samma värden i dessa kolumner.
ERSATTNINGSNYCKEL: dict[str, tuple[str, ...]] = {
    "utfall": ("period", "plattform_id"),
    "utfall_rapporterat": ("period", "enhet_id"),
    "deltagare": ("plattform_id",),
    "enkat_resultat": ("period", "plattform_id", "respondentgrupp"),
    "enkat_svarsfrekvens": ("period", "plattform_id", "respondentgrupp"),
    "aktualisering": ("period",),
    "aktualisering_beredning": ("period",),
    "budget": ("period",),
    "budget_rapporterat": ("period",),
    "indikator_rapporterat": ("period", "scope_id", "indikator_id"),
}

DATAMANGDER: dict[str, Datamangd] = {d.id: d for d in [
    Datamangd(
        id="utfall_tabell",
        namn="Utfall per plattform (en rad per mått, kolumner per kön)",
        beskrivning="En rad per mått (Antal deltagare, varav nya, avslutade, varje avslutsorsak, kvar) med "
                    "kolumnerna Kvinnor, Män och gärna Totalt. Plattform och år väljs i formuläret om de inte "
                    "står i filen. Totalt sparas bara för att jämföras med Kvinnor + Män.",
        rubriker={"matt": ("matt", "mattid", "rad", "radrubrik", "utfallsmatt", "beskrivning", "indikator"),
                  "kvinnor": ("kvinnor", "k", "kvinna"), "man": ("man", "m"), "annat": ("annat", "annatokant", "okant"),
                  "totalt": ("totalt", "total", "summa", "tot"), "procent": ("procent", "andel"),
                  "period": _PERIOD, "plattform_id": _PLATTFORM},
        obligatoriska=("matt",),
        tabeller=("utfall", "utfall_rapporterat",),
        exempelfil="utfall_tabell.csv",
        omvandla=_utfallstabell,
    ),
    Datamangd(
        id="deltagare",
        namn="Deltagare (deltagarnivå, pseudonymt id)",
        beskrivning="En rad per deltagare och insats: pseudonymt id (aldrig personnummer), plattform, kommun, "
                    "kön, startdatum, slutdatum och avslutsorsak (fritext eller kod enligt kategorimappningen). "
                    "Antalen per år räknas fram ur datumen.",
        rubriker={"deltagar_id": ("deltagarid", "id", "lopnummer", "lopnr", "pseudonym", "deltagare"),
                  "plattform_id": _PLATTFORM, "kommun_id": _KOMMUN, "kon": _KON,
                  "startdatum": ("startdatum", "start", "inskrivningsdatum", "inskriven", "datumstart"),
                  "slutdatum": ("slutdatum", "slut", "avslutsdatum", "avslutad", "utskrivningsdatum", "datumslut"),
                  "avslutsorsak": ("avslutsorsak", "orsak", "avslutskod", "suskod", "avslut")},
        obligatoriska=("deltagar_id", "kon", "startdatum"),
        tabeller=("deltagare",),
        exempelfil="deltagare.csv",
        omvandla=_deltagare,
    ),
    Datamangd(
        id="enkat_andelar",
        namn="Enkätresultat som andelar eller antal",
        beskrivning="En rad per plattform, respondentgrupp (deltagare, medarbetare, chefer), fråga och kön "
                    "(Alla, Kvinna, Man, Annat alternativ, Osäker, Vill ej svara): antal svar och antal positiva, "
                    "eller den rapporterade andelen i procent.",
        rubriker={"period": _PERIOD, "plattform_id": _PLATTFORM,
                  "respondentgrupp": ("respondentgrupp", "grupp", "respondenter"),
                  "fraga_id": ("fragaid", "fraga"), "kon": _KON + ("svarsgrupp",),
                  "antal_svar": ("antalsvar", "svarande", "antal"),
                  "antal_positiva": ("antalpositiva", "positiva"),
                  "andel_rapporterad": ("andelrapporterad", "andel", "procent", "andelpositiva")},
        obligatoriska=("respondentgrupp", "fraga_id", "kon"),
        tabeller=("enkat_resultat",),
        exempelfil="enkat_andelar.csv",
        omvandla=_enkat_andelar,
    ),
    Datamangd(
        id="enkat_svar",
        namn="Enkätsvar (råa svar, sexgradig skala eller ja/nej)",
        beskrivning="En rad per svar: plattform, respondentgrupp, fråga, kön, svar (1-6 där 4, 5 och 6 är de tre "
                    "positiva, eller Ja/Nej), gärna respondent-id och antal inbjudna i gruppen. Blir andel positiva "
                    "per kön och svarsfrekvens.",
        rubriker={"period": _PERIOD, "plattform_id": _PLATTFORM,
                  "respondentgrupp": ("respondentgrupp", "grupp"), "fraga_id": ("fragaid", "fraga"),
                  "kon": _KON, "svar": ("svar", "varde", "svarsalternativ"),
                  "respondent_id": ("respondentid", "respondent", "id"),
                  "antal_inbjudna": ("antalinbjudna", "inbjudna", "utskick")},
        obligatoriska=("respondentgrupp", "fraga_id", "kon", "svar"),
        tabeller=("enkat_resultat", "enkat_svarsfrekvens",),
        exempelfil="enkat_svar.csv",
        omvandla=_enkat_svar,
    ),
    Datamangd(
        id="enkat_svarsfrekvens",
        namn="Svarsfrekvens per respondentgrupp",
        beskrivning="En rad per plattform och respondentgrupp: antal inbjudna och svarande, eller den "
                    "rapporterade svarsfrekvensen; redovisas_ej = Ja när för få svarat för att redovisa.",
        rubriker={"period": _PERIOD, "plattform_id": _PLATTFORM, "respondentgrupp": ("respondentgrupp", "grupp"),
                  "antal_inbjudna": ("antalinbjudna", "inbjudna"), "antal_svar": ("antalsvar", "svarande"),
                  "svarsfrekvens_rapporterad": ("svarsfrekvensrapporterad", "svarsfrekvens"),
                  "redovisas_ej": ("redovisasej", "forfa")},
        obligatoriska=("respondentgrupp",),
        tabeller=("enkat_svarsfrekvens",),
        exempelfil="enkat_svarsfrekvens.csv",
        omvandla=_som_tabell("enkat_svarsfrekvens", fyll_plattform="plattform_id"),
    ),
    Datamangd(
        id="aktualiseringar",
        namn="Aktualiseringar per remitterande part",
        beskrivning="En rad per remitterande part (Arbetsförmedlingen, Försäkringskassan, Socialtjänsten, "
                    "Regionen, Annan kommunal verksamhet), kommun där det gäller och kön, med antal.",
        rubriker={"period": _PERIOD, "part_id": ("partid", "part", "remitterandepart", "aktualiseradav"),
                  "kommun_id": _KOMMUN, "kon": _KON, "antal": ("antal", "aktualiseringar", "antalaktualiserade")},
        obligatoriska=("part_id", "kon", "antal"),
        tabeller=("aktualisering",),
        exempelfil="aktualiseringar.csv",
        omvandla=_som_tabell("aktualisering"),
    ),
    Datamangd(
        id="budget",
        namn="Budget och utfall per post (tkr)",
        beskrivning="En rad per post: avsnitt, post, plattform (om posten är en insats), utfall och budget i tkr "
                    "med kostnader negativa som i årsredovisningen.",
        rubriker={"period": _PERIOD, "avsnitt": ("avsnitt", "rubrik", "grupp"), "post": ("post", "konto", "rad"),
                  "plattform_id": _PLATTFORM, "utfall_tkr": ("utfalltkr", "utfall"),
                  "budget_tkr": ("budgettkr", "budget")},
        obligatoriska=("avsnitt", "post", "utfall_tkr"),
        tabeller=("budget",),
        exempelfil="budget.csv",
        omvandla=_som_tabell("budget"),
    ),
    Datamangd(
        id="indikator_rapporterat",
        namn="Rapporterade indikatorvärden (tidigare år)",
        beskrivning="Värden som bara finns som procent eller som ja/nej-svar: period, plattform (eller "
                    "forbundet), indikator enligt goals.yaml, kön (alla, K, M), procent eller svar (Ja/Delvis/Nej).",
        rubriker={"period": _PERIOD, "scope_id": ("scopeid", "scope", "plattform", "omfattning"),
                  "indikator_id": ("indikatorid", "indikator"), "kon": _KON, "procent": ("procent", "andel", "varde"),
                  "svar": ("svar",), "kommentar": ("kommentar", "not")},
        obligatoriska=("scope_id", "indikator_id", "kon"),
        tabeller=("indikator_rapporterat",),
        exempelfil="indikator_rapporterat.csv",
        omvandla=_som_tabell("indikator_rapporterat"),
    ),
]}


def byt_rubriker(sh: Sammanhang, datamangd: Datamangd, df: pl.DataFrame) -> pl.DataFrame:
    """Användarens rubriker -> kanoniska namn. Okända rubriker och saknade obligatoriska är fel."""
    ordlista = {alias: kanon for kanon, alias_ in datamangd.rubriker.items() for alias in alias_}
    nya, fynd = {}, []
    for position, rubrik in enumerate(c for c in df.columns if c != RAD):
        normal = normalisera_rubrik(rubrik)
        kanon = ordlista.get(normal) or (normal if normal in datamangd.rubriker else None)
        if kanon is None and normal == "" and "%" in str(rubrik) and "procent" in datamangd.rubriker:
            kanon = "procent"
        if kanon is None and position == 0 and "matt" in datamangd.rubriker:
            # Bilaga 3:s form: första kolumnens rubrik är plattformens namn ("Vännäs Kvinnor Män Totalt %").
            kanon = "matt"
            if sh.plattform is None:
                sh.plattform = sh.plattformsnamn.get(normal)
                sh.plattform_fran = "första kolumnens rubrik"
        if kanon is None:
            fynd.append(sh.fel(f"Rubriken \"{rubrik}\" känns inte igen för {datamangd.namn.lower()}. Godtagna "
                               f"kolumner: {', '.join(datamangd.rubriker)}.", rad=1, kolumn=rubrik))
        elif kanon in nya.values():
            fynd.append(sh.fel(f"Två kolumner betyder samma sak ({kanon}).", rad=1, kolumn=rubrik))
        else:
            nya[rubrik] = kanon
            sh.rubriker[kanon] = str(rubrik)
    for kravs in datamangd.obligatoriska:
        if kravs not in nya.values():
            namn = datamangd.rubrik_i_ord(kravs)
            # Aliasen är normaliserade: säg att stavningen inte behöver stämma tecken för tecken.
            fynd.append(sh.fel(f"Kolumnen {namn} saknas. Godtagna rubriker för den: "
                               f"{', '.join(a for a in datamangd.rubriker[kravs] if a) or kravs} (stora eller "
                               "små bokstäver, med eller utan å, ä, ö, mellanslag och bindestreck).",
                               rad=1, kolumn=namn))
    if fynd:
        raise InlasningsFel(fynd)
    df = df.rename(nya)
    return df.drop([c for c in ("procent",) if c in df.columns and datamangd.id == "utfall_tabell"])
