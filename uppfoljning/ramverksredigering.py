"""Målramverket redigerat i appen: varje sparande en ny version med vem, när och varför; skillnaden mellan två
versioner i klar svenska; återställning; styrelsens (styrgruppens) antagande; import och export av goals.yaml.

Ett utkast är ramverket som en uppställning (samma form som goals.yaml). Formulären på sidan Målramverk ändrar
utkastet med funktionerna här (satt_mal, satt_indikator, satt_malnivaer, satt_toleranser, satt_perioder ...), och
spara() prövar hela ramverket med samma kontroller som vid inläsning av goals.yaml (malramverk.tolka_mot_data)
innan något skrivs. Ett fel ändrar ingenting. Versionen och händelsen skrivs i en transaktion.

Ett ramverk som sparats i appen gäller före goals.yaml (malramverk.las_med_reserv); goals.yaml är då import- och
exportformatet.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

import yaml

from . import format as fmt
from . import fragor, handelse, malramverk, personnummer
from .malramverk import Malramverk, MalramverksFel, NamngivenPeriod
from .referensredigering import DATANAMN

URSPRUNG = {"fil": "läst från goals.yaml", "redigerad": "redigerad i appen", "importerad": "importerad fil",
            "aterstalld": "återställd", "mall": "skapad från mall"}
ORGAN = ("styrelsen", "styrgruppen")
INDIKATORTYPER = {"andel_utfall": "Andel av utfallet", "volym": "Antal (volym)", "enkat": "Enkätfråga",
                  "ja_nej": "Ja eller nej"}
_ID = re.compile(r"^[a-z0-9_]+$")


class RedigeringsFel(ValueError):
    """En redigering som inte går att spara. Meddelandet namnger fältet och är skrivet för processledaren."""


# ---------------------------------------------------------------- versioner


@dataclass(frozen=True)
class Version:
    version: int
    sparad: str
    ursprung: str
    sparad_av: str | None
    kommentar: str | None
    antagen: str | None

    @property
    def beskrivning(self) -> str:
        vem = f" av {self.sparad_av}" if self.sparad_av else ""
        varfor = f": {self.kommentar}" if self.kommentar else ""
        return f"Version {self.version}, {self.sparad}{vem} ({URSPRUNG.get(self.ursprung, self.ursprung)}){varfor}"


def senaste_version(con) -> int:
    """Den senaste version som sparats i appen (0 när ingen sparats): ändras vid varje sparande."""
    try:
        return con.execute("SELECT coalesce(max(version), 0) FROM malramverk_andring").fetchall()[0][0]
    except Exception:  # noqa: BLE001 - en äldre databas som öppnats utan schema saknar tabellen
        return 0


def versioner(con) -> list[Version]:
    """Alla sparade versioner, senaste först (queries/malramverk_versioner.sql)."""
    return [Version(r["version"], str(r["sparad"])[:16], r["ursprung"], r["sparad_av"], r["kommentar"], r["antagen"])
            for r in fragor.kor(con, "malramverk_versioner").iter_rows(named=True)]


def text_for(con, version: int) -> str:
    rad = con.execute("SELECT text FROM malramverk_version WHERE version = ?", [version]).fetchall()
    if not rad:
        raise RedigeringsFel(f"Fältet Version: version {version} finns inte.")
    return rad[0][0]


def _kommentar(kommentar: str | None) -> str:
    kommentar = (kommentar or "").strip()
    if not kommentar:
        raise RedigeringsFel("Fältet Varför är tomt: skriv varför ändringen görs (t.ex. \"styrelsens beslut "
                             "2021-03-12 § 7\" eller \"rättat målnivån för 2021\").")
    return personnummer.maskera(kommentar)


def spara(con, text: str, anvandare: str, kommentar: str, ursprung: str = "redigerad") -> int:
    """Prövar ramverket mot sina regler och databasens referensdata och sparar det som en ny version som gäller från
    nu. Kastar MalramverksFel eller RedigeringsFel (och ändrar ingenting) om något inte stämmer."""
    kommentar = _kommentar(kommentar)
    ram = kontrollera(con, text)
    con.execute("BEGIN TRANSACTION")
    try:
        version = skriv_version(con, text, anvandare, kommentar, ursprung)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    # Perioderna (och antalen per period) följer den nya versionen; synka har sin egen transaktion.
    malramverk.synka_perioder(con, ram)
    return version


def kontrollera(con, text: str) -> Malramverk:
    """Samma kontroller som när goals.yaml läses (malramverk.tolka_mot_data), med en borttagen period som har data
    först: den förklarar varför målnivåerna för perioden annars pekar fel. Skriver ingenting."""
    if personnummer.innehaller(text):
        raise RedigeringsFel("Målramverket innehåller något som ser ut som ett personnummer; det sparas inte.")
    ram = malramverk.tolka(text, "målramverket")
    if fel := _borttagna_perioder_med_data(con, ram):
        raise RedigeringsFel("\n".join(fel))
    if fel := malramverk.kontrollera_mot_referensdata(ram, con):
        raise MalramverksFel("målramverket innehåller fel:\n" + "\n".join(f"- {r}" for r in fel))
    gallande = malramverk.senast_redigerade(con)
    if gallande is not None and gallande[1] == text:
        raise RedigeringsFel(f"Inget har ändrats: ramverket är detsamma som den gällande versionen {gallande[0]}.")
    return ram


def skriv_version(con, text: str, anvandare: str, kommentar: str, ursprung: str) -> int:
    """Versionen och händelsen, i anroparens transaktion (texten är redan kontrollerad)."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    version = con.execute("INSERT INTO malramverk_version (sha256, text) VALUES (?, ?) RETURNING version",
                          [sha, text]).fetchall()[0][0]
    con.execute("INSERT INTO malramverk_andring VALUES (?, ?, ?, ?)",
                [version, ursprung, personnummer.maskera(anvandare), kommentar])
    handelse.logga(con, anvandare, "målramverk",
                   f"Målramverket version {version} sparad ({URSPRUNG[ursprung]}): {kommentar}")
    return version


def _borttagna_perioder_med_data(con, ny: Malramverk) -> list[str]:
    """En period som finns i det gällande ramverket och har data får inte försvinna ur det nya (dess data skulle
    försvinna ur appen). Ett fel per period, med tabellerna."""
    sparat = malramverk.senast_sparade(con)
    if sparat is None:
        return []
    try:
        fore = malramverk.tolka(sparat[0], "gällande målramverk")
    except MalramverksFel:
        return []
    borta = [p for p in fore.period_ider if p not in set(ny.period_ider)]
    if not borta:
        return []
    namn = {k: p.namn for k, p in fore._alla_perioder().items()}
    finns = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    fel = []
    for period in borta:
        tabeller = [t for t in (*malramverk._TABELLER_MED_PERIOD, "utfall_fran_deltagare") if t in finns and
                    con.execute(f'SELECT count(*) FROM "{t}" WHERE period = ?', [period]).fetchall()[0][0]]
        if tabeller:
            data = ", ".join(dict.fromkeys(DATANAMN.get(t, "utfall") for t in tabeller))
            fel.append(f"Fältet Perioder: perioden {namn.get(period, period)} har data ({data}) och kan "
                       "inte tas bort ur målramverket; ta bort periodens data först, eller behåll perioden.")
    return fel


def aterstall(con, version: int, anvandare: str, kommentar: str) -> int:
    """En äldre version blir gällande igen, som en ny version (historiken skrivs aldrig om)."""
    kommentar = _kommentar(kommentar)
    return spara(con, text_for(con, version), anvandare, f"återställd till version {version}: {kommentar}",
                 ursprung="aterstalld")


def anta(con, version: int, organ: str, datum: dt.date, paragraf: str, anvandare: str) -> None:
    """Registrerar att styrelsen (styrgruppen) antagit en version: mötets datum och protokollparagrafen."""
    text_for(con, version)
    if organ not in ORGAN:
        raise RedigeringsFel(f"Fältet Beslutat av ska vara {' eller '.join(ORGAN)}.")
    paragraf = (paragraf or "").strip()
    if not paragraf:
        raise RedigeringsFel("Fältet Protokollparagraf är tomt: skriv paragrafen i protokollet (t.ex. § 7).")
    if not isinstance(datum, dt.date):
        raise RedigeringsFel("Fältet Mötesdatum saknas.")
    if datum > dt.date.today():
        raise RedigeringsFel(f"Fältet Mötesdatum ({datum}) ligger i framtiden; registrera beslutet efter mötet.")
    paragraf = personnummer.maskera(paragraf)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("INSERT INTO malramverk_antagande (version, organ, datum, paragraf, registrerad_av) "
                    "VALUES (?, ?, ?, ?, ?)", [version, organ, datum, paragraf, personnummer.maskera(anvandare)])
        handelse.logga(con, anvandare, "målramverk", f"Målramverket version {version} antaget av {organ} {datum} "
                       f"{paragraf}")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def importera(con, innehall: bytes, filnamn: str, anvandare: str, kommentar: str) -> int:
    """En goals.yaml som laddats upp: samma kontroller som vid start, sedan en ny version."""
    try:
        text = innehall.decode("utf-8-sig")
    except UnicodeDecodeError as fel:
        raise RedigeringsFel(f"{personnummer.maskera(filnamn)}: filen är inte UTF-8-kodad text.") from fel
    kommentar = _kommentar(kommentar)
    try:
        malramverk.tolka(text, personnummer.maskera(filnamn))
    except MalramverksFel:
        raise
    return spara(con, text, anvandare, f"{personnummer.maskera(filnamn)}: {kommentar}", ursprung="importerad")


# ---------------------------------------------------------------- utkast: ramverket som uppställning


def utkast(text: str) -> dict:
    """Ramverkets text som en uppställning att ändra i (nycklar som börjar med _ är YAML-ankare och tas bort)."""
    data = malramverk.las_yaml(text) or {}
    return {k: v for k, v in data.items() if not str(k).startswith("_")}


def till_text(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)


def _id(falt: str, varde: str) -> str:
    varde = (varde or "").strip()
    if not varde:
        raise RedigeringsFel(f"Fältet {falt} är tomt.")
    if not _ID.match(varde):
        raise RedigeringsFel(f"Fältet {falt} ({varde}) får bara innehålla små bokstäver a–z, siffror och _ "
                             "(t.ex. arbete_eller_studier).")
    return varde


def _text(falt: str, varde: str | None) -> str:
    varde = (varde or "").strip()
    if not varde:
        raise RedigeringsFel(f"Fältet {falt} är tomt.")
    return varde


def satt_organisation(data: dict, namn: str, slag: str | None = None) -> dict:
    ut = copy.deepcopy(data)
    ut["organisation"] = _text("Organisationens namn", namn)
    if slag is not None:
        ut["ord"] = {**(ut.get("ord") or {}), "slag": slag}
    return ut


def satt_mal(data: dict, mal_id: str, *, titel: str, kort_titel: str | None, omfattning: list[str],
             indikatorer: list[str], nytt: bool = False) -> dict:
    """Ändrar (eller lägger till) ett mål. Målets egna målnivåer för indikatorer som finns kvar behålls."""
    ut = copy.deepcopy(data)
    malen = ut.setdefault("mal", [])
    mal_id = _id("Id", mal_id)
    befintligt = next((m for m in malen if m.get("id") == mal_id), None)
    if nytt and befintligt is not None:
        raise RedigeringsFel(f"Fältet Id: målet {mal_id} finns redan; välj ett annat id.")
    if not nytt and befintligt is None:
        raise RedigeringsFel(f"Fältet Mål: målet {mal_id} finns inte.")
    if not omfattning:
        raise RedigeringsFel("Fältet Bedöms för är tomt: välj minst en enhet eller totalen.")
    if not indikatorer:
        raise RedigeringsFel("Fältet Indikatorer är tomt: välj minst en indikator.")
    egna = {}
    for mi in (befintligt or {}).get("indikatorer", []):
        if isinstance(mi, dict) and "malniva" in mi:
            egna[mi["id"]] = mi
    mal = {"id": mal_id, "titel": _text("Titel", titel)}
    if (kort_titel or "").strip():
        mal["kort_titel"] = kort_titel.strip()
    mal["omfattning"] = list(omfattning)
    mal["indikatorer"] = [egna.get(i, i) for i in indikatorer]
    if befintligt and befintligt.get("ej_bedomd"):
        mal["ej_bedomd"] = befintligt["ej_bedomd"]
    if befintligt is None:
        malen.append(mal)
    else:
        malen[malen.index(befintligt)] = mal
    return ut


def ta_bort_mal(data: dict, mal_id: str) -> dict:
    ut = copy.deepcopy(data)
    fore = len(ut.get("mal") or [])
    ut["mal"] = [m for m in ut.get("mal") or [] if m.get("id") != mal_id]
    if len(ut["mal"]) == fore:
        raise RedigeringsFel(f"Fältet Mål: målet {mal_id} finns inte.")
    return ut


_INDIKATORFALT = ("namn", "typ", "avsnitt", "tolerans", "kravs", "minsta_underlag", "matt", "andel_av",
                  "respondentgrupp", "fraga", "underlag_plattform", "plan", "forklaring")


def satt_indikator(data: dict, ind_id: str, falt: dict, nytt: bool = False) -> dict:
    """Ändrar (eller lägger till) en indikator i katalogen. Tomma fält tas bort; målnivåer och accepterade
    avvikelser behålls."""
    ut = copy.deepcopy(data)
    katalog = ut.setdefault("indikatorer", {})
    ind_id = _id("Id", ind_id)
    if nytt and ind_id in katalog:
        raise RedigeringsFel(f"Fältet Id: indikatorn {ind_id} finns redan; välj ett annat id.")
    if not nytt and ind_id not in katalog:
        raise RedigeringsFel(f"Fältet Indikator: indikatorn {ind_id} finns inte.")
    ny = {k: v for k, v in (katalog.get(ind_id) or {}).items() if k not in _INDIKATORFALT}
    for k in _INDIKATORFALT:
        v = falt.get(k)
        if isinstance(v, str):
            v = v.strip()
        if v in (None, "", []) or (k == "kravs" and v is False):
            continue
        ny[k] = list(v) if isinstance(v, tuple) else v
    ny["namn"] = _text("Namn", ny.get("namn"))
    if "minsta_underlag" in ny:
        minst = _tal("Minsta underlag", ny["minsta_underlag"])
        if minst is not None and (not isinstance(minst, int) or minst < 0):
            raise RedigeringsFel(f"Fältet Minsta underlag ska vara ett heltal, 0 eller större (antal personer), inte "
                                 f"\"{ny['minsta_underlag']}\".")
        if minst is None:
            del ny["minsta_underlag"]
        else:
            ny["minsta_underlag"] = minst
    if ny.get("typ") not in INDIKATORTYPER:
        raise RedigeringsFel(f"Fältet Typ ska vara en av {', '.join(INDIKATORTYPER.values())}.")
    # Fältordning som i goals.yaml.
    katalog[ind_id] = {k: ny[k] for k in (*_INDIKATORFALT[:2], *[f for f in ny if f not in _INDIKATORFALT[:2]])
                       if k in ny}
    return ut


def ta_bort_indikator(data: dict, ind_id: str) -> dict:
    ut = copy.deepcopy(data)
    if ind_id not in (ut.get("indikatorer") or {}):
        raise RedigeringsFel(f"Fältet Indikator: indikatorn {ind_id} finns inte.")
    # Målen med sina namn (kort titel, annars titel), indikatorn med sitt namn: inga id:n i felet.
    anvands = [m.get("kort_titel") or m.get("titel") or m.get("id") for m in ut.get("mal") or []
               if any((mi if isinstance(mi, str) else mi.get("id")) == ind_id for mi in m.get("indikatorer") or [])]
    if anvands:
        namn = ut["indikatorer"][ind_id].get("namn") or ind_id
        malen = ", ".join(f"\"{m}\"" for m in anvands)
        raise RedigeringsFel(f"Fältet Indikator: indikatorn \"{namn}\" används av {'målen' if len(anvands) > 1 else 'målet'} "
                             f"{malen}; ta bort den ur {'målen' if len(anvands) > 1 else 'målet'} först.")
    del ut["indikatorer"][ind_id]
    return ut


def _tal(falt: str, varde) -> float | int | None:
    if varde is None or (isinstance(varde, float) and varde != varde) or (isinstance(varde, str) and not varde.strip()):
        return None
    try:
        tal = float(str(varde).replace(",", ".").replace(" ", "").replace("\u00a0", "").rstrip("%"))
    except ValueError as fel:
        raise RedigeringsFel(f"Fältet {falt} ska vara ett tal, inte \"{varde}\".") from fel
    return int(tal) if tal.is_integer() else tal


def satt_malnivaer(data: dict, ind_id: str, rader: list[dict]) -> dict:
    """Indikatorns målnivåer, en rad per period: {period: id, alla: …, K: …, M: …}. Ja/nej-indikatorer tar Ja,
    Delvis eller Nej i alla. En rad utan värden tas bort. Anges K eller M blir målnivån per kön."""
    ut = copy.deepcopy(data)
    ind = (ut.get("indikatorer") or {}).get(ind_id)
    if ind is None:
        raise RedigeringsFel(f"Fältet Indikator: indikatorn {ind_id} finns inte.")
    nivaer: dict = {}
    for nr, rad in enumerate(rader, start=1):
        period = rad.get("period")
        if period in (None, ""):
            if any(rad.get(k) not in (None, "") for k in ("alla", "K", "M")):
                raise RedigeringsFel(f"Målnivåer, rad {nr}: fältet Period är tomt.")
            continue
        period = int(period) if str(period).isdigit() else period
        if period in nivaer:
            raise RedigeringsFel(f"Målnivåer, rad {nr}, fält Period: perioden {period} står två gånger.")
        if ind.get("typ") == "ja_nej":
            svar = (rad.get("alla") or "").strip() if isinstance(rad.get("alla"), str) else rad.get("alla")
            if svar in (None, ""):
                continue
            if svar not in ("Ja", "Delvis", "Nej"):
                raise RedigeringsFel(f"Målnivåer, rad {nr}, fält Målnivå: ska vara Ja, Delvis eller Nej.")
            nivaer[period] = svar
            continue
        varden = {k: _tal(f"Målnivå ({'alla' if k == 'alla' else {'K': 'kvinnor', 'M': 'män'}[k]}), rad {nr}",
                          rad.get(k)) for k in ("alla", "K", "M")}
        if all(v is None for v in varden.values()):
            continue
        if varden["K"] is None and varden["M"] is None:
            nivaer[period] = varden["alla"]
        else:
            nivaer[period] = {k: v for k, v in varden.items() if v is not None}
    if nivaer:
        ind["malniva"] = nivaer
    else:
        ind.pop("malniva", None)
    return ut


def satt_avvikelser(data: dict, ind_id: str, rader: list[dict]) -> dict:
    """Indikatorns accepterade avvikelser (styrelsens eller styrgruppens beslut), en rad per period:
    {period: id, motiv: text}. En helt tom rad tas bort; en period utan motiv vägras. Perioden prövas mot
    ramverkets perioder när versionen sparas."""
    ut = copy.deepcopy(data)
    ind = (ut.get("indikatorer") or {}).get(ind_id)
    if ind is None:
        raise RedigeringsFel(f"Fältet Indikator: indikatorn {ind_id} finns inte.")
    avvikelser: dict = {}
    def tomt_som_none(v):  # en tom cell i tabellen kommer som NaN
        return None if isinstance(v, float) and v != v else v

    for nr, rad in enumerate(rader, start=1):
        period = tomt_som_none(rad.get("period"))
        period = str(period).strip() if period is not None else ""
        motiv = tomt_som_none(rad.get("motiv"))
        motiv = motiv.strip() if isinstance(motiv, str) else motiv
        if not period and not motiv:
            continue
        if not period:
            raise RedigeringsFel(f"Accepterade avvikelser, rad {nr}: fältet Period är tomt.")
        if not motiv:
            raise RedigeringsFel(f"Accepterade avvikelser, rad {nr}: fältet Motiv är tomt; skriv beslutet och "
                                 "varför avvikelsen accepteras.")
        if personnummer.innehaller(str(motiv)):
            raise RedigeringsFel(f"Accepterade avvikelser, rad {nr}: fältet Motiv ser ut att innehålla ett "
                                 "personnummer; det sparas inte.")
        nyckel = int(period) if period.isdigit() else period
        if nyckel in avvikelser:
            raise RedigeringsFel(f"Accepterade avvikelser, rad {nr}, fält Period: perioden {period} står två gånger.")
        avvikelser[nyckel] = str(motiv)
    if avvikelser:
        ind["accepterade_avvikelser"] = avvikelser
    else:
        ind.pop("accepterade_avvikelser", None)
    return ut


def satt_malniva(data: dict, ind_id: str, period: str | int, alla=None, K=None, M=None) -> dict:  # noqa: N803
    """Målnivån för en period (tomt överallt tar bort den); indikatorns övriga perioder behålls."""
    ind = (data.get("indikatorer") or {}).get(ind_id)
    if ind is None:
        raise RedigeringsFel(f"Fältet Indikator: indikatorn {ind_id} finns inte.")
    if period in (None, ""):
        raise RedigeringsFel("Fältet Period är tomt.")
    rader = []
    for p, niva in (ind.get("malniva") or {}).items():
        if str(p) == str(period):
            continue
        rader.append({"period": p, **(niva if isinstance(niva, dict) else {"alla": niva})})
    rader.append({"period": period, "alla": alla, "K": K, "M": M})
    return satt_malnivaer(data, ind_id, rader)


RIKTNINGAR = {"hogre_ar_battre": "högre är bättre", "lagre_ar_battre": "lägre är bättre"}


def toleransnyckel(rubrik: str, upptagna: set[str]) -> str:
    """Nyckeln i goals.yaml för en ny tolerans, ur dess rubrik ("enkätsvar" -> enkatsvar)."""
    import unicodedata

    bas = unicodedata.normalize("NFKD", rubrik.lower()).encode("ascii", "ignore").decode()
    bas = re.sub(r"[^a-z0-9]+", "_", bas).strip("_") or "tolerans"
    nyckel, n = bas, 2
    while nyckel in upptagna:
        nyckel, n = f"{bas}_{n}", n + 1
    return nyckel


def satt_toleranser(data: dict, rader: list[dict]) -> dict:
    """De namngivna toleranserna: {namn, rubrik, gron, gul, satt, riktning} per rad. namn är nyckeln i goals.yaml
    (indikatorerna pekar på den); en ny rad utan namn får en nyckel ur rubriken. riktning får anges med ord."""
    ut = copy.deepcopy(data)
    toleranser = {}
    befintliga = set(data.get("toleranser") or {})
    for nr, rad in enumerate(rader, start=1):
        if all(_tom(rad.get(k)) for k in ("namn", "rubrik", "gron", "gul")):
            continue
        if _tom(rad.get("namn")) and not _tom(rad.get("rubrik")):
            rad = {**rad, "namn": toleransnyckel(str(rad["rubrik"]), befintliga | set(toleranser))}
        namn = _id(f"Namn (toleransrad {nr})", rad.get("namn"))
        if namn in toleranser:
            raise RedigeringsFel(f"Toleranser, rad {nr}, fält Namn: toleransen {namn} står två gånger.")
        tol = {"gron": _tal(f"Grönt högst (toleransrad {nr})", rad.get("gron")),
               "gul": _tal(f"Gult högst (toleransrad {nr})", rad.get("gul"))}
        for k, falt in (("gron", "Grönt högst"), ("gul", "Gult högst")):
            if tol[k] is None:
                raise RedigeringsFel(f"Toleranser, rad {nr} ({namn}): fältet {falt} är tomt.")
        if not _tom(rad.get("satt")) and rad.get("satt") != "procentenheter":
            tol["satt"] = rad["satt"]
        riktning = None if _tom(rad.get("riktning")) else rad["riktning"]
        riktning = {v: k for k, v in RIKTNINGAR.items()}.get(riktning, riktning)
        if riktning not in (None, "hogre_ar_battre"):
            tol["riktning"] = riktning
        if not _tom(rad.get("rubrik")):
            tol["rubrik"] = str(rad["rubrik"]).strip()
        toleranser[namn] = tol
    ut["toleranser"] = toleranser
    return ut


def _tom(v) -> bool:
    """En tom cell: None, tom text eller NaN (en tom cell i en tabell på sidan)."""
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v.strip())


def _avsnittsnamn(data: dict) -> dict[int, str]:
    return {a.get("nummer"): a.get("namn") for a in data.get("avsnitt") or [] if isinstance(a, dict)}


def satt_sammanvagning(data: dict, *, beskrivning: str | None = None, gron_fran=None, gul_fran=None,
                       poang: dict | None = None, vikter: dict | None = None) -> dict:
    """Hur indikatorernas status vägs till avsnittets och målets förslag: poäng för grönt, gult och rött, gränserna
    för grönt och gult (i poäng) och avsnittens vikter ({nummer: vikt}; en tom vikt tar bort avsnittet ur
    vägningen). Det som inte anges behålls."""
    ut = copy.deepcopy(data)
    sv = dict(ut.get("sammanvagning") or {})
    avsnitt = _avsnittsnamn(ut)
    if beskrivning is not None:
        sv["beskrivning"] = _text("Beskrivning", beskrivning)
    for nyckel, falt, varde in (("gron_fran", "Grönt från", gron_fran), ("gul_fran", "Gult från", gul_fran)):
        if varde is not None:
            tal = _tal(falt, varde)
            if tal is None:
                raise RedigeringsFel(f"Sammanvägning: fältet {falt} är tomt.")
            if tal < 0:
                raise RedigeringsFel(f"Sammanvägning: fältet {falt} får inte vara negativt ({_tal_text(tal)}).")
            sv[nyckel] = tal
    if sv.get("gul_fran") is not None and sv.get("gron_fran") is not None and sv["gul_fran"] > sv["gron_fran"]:
        raise RedigeringsFel(f"Sammanvägning: fältet Gult från ({_tal_text(sv['gul_fran'])}) får inte vara större "
                             f"än fältet Grönt från ({_tal_text(sv['gron_fran'])}).")
    if poang is not None:
        ord_ = {"gron": "grönt", "gul": "gult", "rod": "rött"}
        nya = {}
        for k in ("gron", "gul", "rod"):
            tal = _tal(f"Poäng för {ord_[k]}", poang.get(k))
            if tal is None:
                raise RedigeringsFel(f"Sammanvägning: fältet Poäng för {ord_[k]} är tomt.")
            nya[k] = tal
        if not nya["gron"] >= nya["gul"] >= nya["rod"]:
            raise RedigeringsFel("Sammanvägning, fält Poäng: grönt ska ge minst lika många poäng som gult och gult "
                                 f"minst lika många som rött (nu grönt {_tal_text(nya['gron'])}, gult "
                                 f"{_tal_text(nya['gul'])}, rött {_tal_text(nya['rod'])}).")
        sv["poang"] = nya
    if vikter is not None:
        nya_vikter = {}
        for nummer, vikt in vikter.items():
            nummer = int(nummer)
            namn = avsnitt.get(nummer)
            if namn is None:
                raise RedigeringsFel(f"Sammanvägning, fält Avsnittens vikter: avsnitt {nummer} finns inte (avsnitten "
                                     f"är {', '.join(str(n) for n in sorted(avsnitt))}).")
            if _tom(vikt):
                continue
            tal = _tal(f"Vikt för avsnitt {nummer} ({namn})", vikt)
            if tal <= 0:
                raise RedigeringsFel(f"Sammanvägning, fält Avsnittens vikter: avsnitt {nummer} ({namn}) har vikten "
                                     f"{_tal_text(tal)}; en vikt ska vara större än 0 (lämna vikten tom om avsnittet "
                                     "inte ska vägas in).")
            nya_vikter[nummer] = tal
        if not nya_vikter:
            raise RedigeringsFel("Sammanvägning, fält Avsnittens vikter: minst ett avsnitt ska ha en vikt.")
        sv["avsnittsvikter"] = nya_vikter
    ut["sammanvagning"] = sv
    return ut


def satt_avsnitt(data: dict, rader: list[dict]) -> dict:
    """Ramverkets avsnitt, en rad per avsnitt: {nummer, namn}. Ett avsnitt som en indikator, ett måls egna rubriker
    eller sammanvägningens vikter använder kan inte tas bort (felet namnger dem)."""
    ut = copy.deepcopy(data)
    avsnitt: list[dict] = []
    for nr, rad in enumerate(rader, start=1):
        if _tom(rad.get("nummer")) and _tom(rad.get("namn")):
            continue
        nummer = _tal(f"Nummer (avsnittsrad {nr})", rad.get("nummer"))
        if nummer is None:
            raise RedigeringsFel(f"Avsnitt, rad {nr}: fältet Nummer är tomt.")
        if not isinstance(nummer, int) or nummer < 1:
            raise RedigeringsFel(f"Avsnitt, rad {nr}, fält Nummer: ska vara ett heltal, 1 eller mer (inte "
                                 f"{_tal_text(nummer)}).")
        if any(a["nummer"] == nummer for a in avsnitt):
            raise RedigeringsFel(f"Avsnitt, rad {nr}, fält Nummer: avsnitt {nummer} står två gånger.")
        if _tom(rad.get("namn")):
            raise RedigeringsFel(f"Avsnitt, rad {nr}: fältet Namn är tomt.")
        avsnitt.append({"nummer": nummer, "namn": str(rad["namn"]).strip()})
    if not avsnitt:
        raise RedigeringsFel("Avsnitt: minst ett avsnitt behövs.")
    kvar = {a["nummer"] for a in avsnitt}
    for nummer in sorted({a for a in _avsnittsnamn(data)} - kvar):
        anvands = [f"indikatorn \"{d.get('namn', i)}\"" for i, d in (ut.get("indikatorer") or {}).items()
                   if isinstance(d, dict) and d.get("avsnitt") == nummer]
        anvands += [f"målet \"{m.get('titel', '')}\" (egen rubrik)" for m in ut.get("mal") or []
                    if nummer in (m.get("avsnittsnamn") or {})]
        if nummer in ((ut.get("sammanvagning") or {}).get("avsnittsvikter") or {}):
            anvands.append("sammanvägningens vikter")
        if anvands:
            visas = ", ".join(anvands[:5]) + (f" och {len(anvands) - 5} till" if len(anvands) > 5 else "")
            raise RedigeringsFel(f"Avsnitt: avsnitt {nummer} ({_avsnittsnamn(data)[nummer]}) används av {visas}; "
                                 "flytta dem till ett annat avsnitt först.")
    ut["avsnitt"] = sorted(avsnitt, key=lambda a: a["nummer"])
    return ut


def satt_ej_bedomd(data: dict, mal_id: str, rader: list[dict]) -> dict:
    """Perioder då målet inte bedöms, med motiv: {period: id, motiv: text} per rad. En helt tom rad tas bort; en
    period utan motiv vägras. Perioden prövas mot ramverkets perioder när versionen sparas."""
    ut = copy.deepcopy(data)
    mal = next((m for m in ut.get("mal") or [] if m.get("id") == mal_id), None)
    if mal is None:
        raise RedigeringsFel("Fältet Mål: målet finns inte.")
    titel = mal.get("titel", "")
    perioder: dict = {}
    for nr, rad in enumerate(rader, start=1):
        period = "" if _tom(rad.get("period")) else str(rad["period"]).strip()
        motiv = None if _tom(rad.get("motiv")) else str(rad["motiv"]).strip()
        if not period and not motiv:
            continue
        plats = f"Ej bedömd för målet \"{titel}\", rad {nr}"
        if not period:
            raise RedigeringsFel(f"{plats}: fältet Period är tomt.")
        if not motiv:
            raise RedigeringsFel(f"{plats}: fältet Motiv är tomt; skriv varför målet inte bedöms.")
        if personnummer.innehaller(motiv):
            raise RedigeringsFel(f"{plats}: fältet Motiv ser ut att innehålla ett personnummer; det sparas inte.")
        nyckel = int(period) if period.isdigit() else period
        if nyckel in perioder:
            raise RedigeringsFel(f"{plats}, fält Period: perioden {period} står två gånger.")
        perioder[nyckel] = motiv
    if perioder:
        mal["ej_bedomd"] = perioder
    else:
        mal.pop("ej_bedomd", None)
    return ut


def satt_perioder(data: dict, rader: list[dict]) -> dict:
    """Ramverkets perioder: ett kalenderår (typ kalenderar, id = årtalet) eller en namngiven period med id, namn,
    start, slut, typ och jämför med."""
    ut = copy.deepcopy(data)
    perioder = []
    for nr, rad in enumerate(rader, start=1):
        if all(rad.get(k) in (None, "") for k in ("id", "namn", "start", "slut")):
            continue
        if rad.get("typ") == "kalenderar":
            ar = _tal(f"Id (periodrad {nr})", rad.get("id"))
            if not isinstance(ar, int):
                raise RedigeringsFel(f"Perioder, rad {nr}, fält Id: ett kalenderår skrivs som årtal (t.ex. 2021).")
            perioder.append(ar)
            continue
        post = {"id": _text(f"Id (periodrad {nr})", rad.get("id")), "namn": _text(f"Namn (periodrad {nr})",
                                                                                  rad.get("namn"))}
        for k, falt in (("start", "Start"), ("slut", "Slut")):
            varde = rad.get(k)
            if isinstance(varde, dt.datetime):
                varde = varde.date()
            if isinstance(varde, str) and varde.strip():
                try:
                    varde = dt.date.fromisoformat(varde.strip())
                except ValueError as fel:
                    raise RedigeringsFel(f"Perioder, rad {nr}, fält {falt}: \"{varde}\" är inte ett datum "
                                         "(ÅÅÅÅ-MM-DD).") from fel
            if not isinstance(varde, dt.date):
                raise RedigeringsFel(f"Perioder, rad {nr} ({post['id']}): fältet {falt} är tomt.")
            post[k] = varde
        post["typ"] = rad.get("typ") or "projektperiod"
        if rad.get("jamfor_med"):
            post["jamfor_med"] = str(rad["jamfor_med"])
        perioder.append(post)
    if not perioder:
        raise RedigeringsFel("Fältet Perioder är tomt: ramverket behöver minst en period.")
    ut["perioder"] = perioder
    return ut


# ---------------------------------------------------------------- skillnaden mellan två versioner


def _tal_text(v) -> str:
    return f"{v:g}".replace(".", ",") if isinstance(v, int | float) else str(v)


def _niva_text(niva, typ: str) -> str:
    def med_enhet(v) -> str:
        return fmt.med_enhet(_tal_text(v), "%") if typ in ("andel_utfall", "enkat") else _tal_text(v)
    if isinstance(niva, dict):
        ord_ = {"alla": "alla", "K": "kvinnor", "M": "män"}
        return ", ".join(f"{ord_[k]} {med_enhet(v)}" for k, v in niva.items())
    return med_enhet(niva) if not isinstance(niva, str) else niva


def _lista_text(varden) -> str:
    varden = list(varden)
    return ", ".join(varden[:-1]) + f" och {varden[-1]}" if len(varden) > 1 else "".join(varden)


def skillnad(fore: Malramverk, efter: Malramverk, enhetsnamn: dict[str, str] | None = None) -> list[str]:
    """Vad som ändrats från en version till en annan, en mening per ändring, med namn i stället för id."""
    enhetsnamn = {"forbundet": efter.ord.total, **(enhetsnamn or {})}
    rader: list[str] = []
    if fore.organisation != efter.organisation:
        rader.append(f"Organisationens namn ändrat från {fore.organisation} till {efter.organisation}.")
    # Perioder
    pf, pe = fore._alla_perioder(), efter._alla_perioder()
    periodnamn = {**{k: p.namn for k, p in pf.items()}, **{k: p.namn for k, p in pe.items()}}
    for k in pe.keys() - pf.keys():
        rader.append(f"Perioden {pe[k].namn} tillagd" + (f" ({pe[k].start} – {pe[k].slut})." if not
                                                         pe[k].kalenderar else "."))
    for k in pf.keys() - pe.keys():
        rader.append(f"Perioden {pf[k].namn} borttagen.")
    for k in pf.keys() & pe.keys():
        a, b = pf[k], pe[k]
        if (a.namn, a.start, a.slut) != (b.namn, b.start, b.slut):
            rader.append(f"Perioden {a.namn} ändrad: {a.namn} {a.start} – {a.slut} blir {b.namn} {b.start} – "
                         f"{b.slut}.")
    # Toleranser
    for namn in efter.toleranser.keys() - fore.toleranser.keys():
        t = efter.toleranser[namn]
        rader.append(f"Toleransen {namn} tillagd: grönt högst {_tal_text(t.gron)}, gult högst {_tal_text(t.gul)} "
                     f"{t.satt} från målnivån.")
    for namn in fore.toleranser.keys() - efter.toleranser.keys():
        rader.append(f"Toleransen {namn} borttagen.")
    for namn in fore.toleranser.keys() & efter.toleranser.keys():
        a, b = fore.toleranser[namn], efter.toleranser[namn]
        for falt, ord_ in (("gron", "grönt högst"), ("gul", "gult högst"), ("satt", "räknas i"),
                           ("riktning", "riktning")):
            if getattr(a, falt) != getattr(b, falt):
                rader.append(f"Toleransen {namn}: {ord_} ändrat från {_tal_text(getattr(a, falt))} till "
                             f"{_tal_text(getattr(b, falt))}.")
    # Sammanvägning och minsta underlag
    for falt, ord_ in (("gron_fran", "grönt från"), ("gul_fran", "gult från")):
        a, b = getattr(fore.sammanvagning, falt), getattr(efter.sammanvagning, falt)
        if a != b:
            rader.append(f"Sammanvägningen: {ord_} ändrat från {_tal_text(a)} till {_tal_text(b)} poäng.")
    if fore.sammanvagning.avsnittsvikter != efter.sammanvagning.avsnittsvikter:
        rader.append("Sammanvägningen: avsnittens vikter ändrade från "
                     f"{_vikter(fore.sammanvagning.avsnittsvikter)} till {_vikter(efter.sammanvagning.avsnittsvikter)}.")
    for falt in ("avslutade", "svarande", "deltagare"):
        a, b = getattr(fore.minsta_underlag, falt), getattr(efter.minsta_underlag, falt)
        if a != b:
            rader.append(f"Minsta underlag: {falt} ändrat från {a} till {b}.")
    # Indikatorer
    for i in efter.indikatorer.keys() - fore.indikatorer.keys():
        rader.append(f"Indikatorn \"{efter.indikatorer[i].namn}\" tillagd.")
    for i in fore.indikatorer.keys() - efter.indikatorer.keys():
        rader.append(f"Indikatorn \"{fore.indikatorer[i].namn}\" borttagen.")
    for i in sorted(fore.indikatorer.keys() & efter.indikatorer.keys()):
        a, b = fore.indikatorer[i], efter.indikatorer[i]
        namn = f"Indikatorn \"{b.namn}\""
        if a.namn != b.namn:
            rader.append(f"Indikatorn \"{a.namn}\" har bytt namn till \"{b.namn}\".")
        rader += _nivaskillnad(namn, a.malniva, b.malniva, b.typ, periodnamn)
        for falt, ord_ in (("typ", "typ"), ("avsnitt", "avsnitt"), ("tolerans", "tolerans"), ("kravs", "måste finnas"),
                           ("matt", "utfallsmått"), ("andel_av", "andel av"), ("minsta_underlag", "minsta underlag"),
                           ("fraga", "enkätfråga"), ("plan", "plan"), ("forklaring", "förklaring")):
            va, vb = getattr(a, falt), getattr(b, falt)
            if va != vb:
                rader.append(f"{namn}: {ord_} ändrat från {_falt_text(va)} till {_falt_text(vb)}.")
        if a.accepterade_avvikelser != b.accepterade_avvikelser:
            for p in sorted(set(a.accepterade_avvikelser) | set(b.accepterade_avvikelser)):
                if a.accepterade_avvikelser.get(p) != b.accepterade_avvikelser.get(p):
                    rader.append(f"{namn}: accepterad avvikelse för {periodnamn.get(p, p)} "
                                 + ("borttagen." if p not in b.accepterade_avvikelser else "ändrad."
                                    if p in a.accepterade_avvikelser else "tillagd."))
    # Mål
    mal_f = {m.id: m for m in fore.mal}
    mal_e = {m.id: m for m in efter.mal}
    for m in efter.mal:
        if m.id not in mal_f:
            rader.append(f"Målet \"{m.titel}\" tillagt, bedöms för {_lista_text(enhetsnamn.get(o, o) for o in m.omfattning)}.")
    for m in fore.mal:
        if m.id not in mal_e:
            rader.append(f"Målet \"{m.titel}\" borttaget.")
    for mid in [m.id for m in efter.mal if m.id in mal_f]:
        a, b = mal_f[mid], mal_e[mid]
        namn = f"Målet \"{b.titel}\""
        if a.titel != b.titel:
            rader.append(f"Målet \"{a.titel}\" har fått titeln \"{b.titel}\".")
        if a.kort_titel != b.kort_titel:
            rader.append(f"{namn}: kort titel ändrad från {_falt_text(a.kort_titel)} till {_falt_text(b.kort_titel)}.")
        if nya := [o for o in b.omfattning if o not in a.omfattning]:
            rader.append(f"{namn} bedöms nu också för {_lista_text(enhetsnamn.get(o, o) for o in nya)}.")
        if borta := [o for o in a.omfattning if o not in b.omfattning]:
            rader.append(f"{namn} bedöms inte längre för {_lista_text(enhetsnamn.get(o, o) for o in borta)}.")
        ia, ib = {mi.id: mi for mi in a.indikatorer}, {mi.id: mi for mi in b.indikatorer}
        katalog = {**fore.indikatorer, **efter.indikatorer}
        for i in ib.keys() - ia.keys():
            rader.append(f"{namn}: indikatorn \"{katalog[i].namn}\" tillagd.")
        for i in ia.keys() - ib.keys():
            rader.append(f"{namn}: indikatorn \"{katalog[i].namn}\" borttagen.")
        for i in ia.keys() & ib.keys():
            rader += _nivaskillnad(f"{namn}, indikatorn \"{katalog[i].namn}\"", ia[i].malniva or {},
                                   ib[i].malniva or {}, katalog[i].typ, periodnamn)
        if a.ej_bedomd != b.ej_bedomd:
            rader.append(f"{namn}: perioderna då målet inte bedöms ändrade.")
    if fore.ord != efter.ord:
        rader.append("Organisationens ord (enhet, total, rubrik) ändrade.")
    if [(x.nummer, x.namn) for x in fore.avsnitt] != [(x.nummer, x.namn) for x in efter.avsnitt]:
        rader.append("Avsnitten (viktningsordningen) ändrade.")
    return rader


def _vikter(vikter: dict) -> str:
    return ", ".join(f"avsnitt {k} {_tal_text(v)}" for k, v in sorted(vikter.items()))


def _falt_text(v) -> str:
    if v is None or v == []:
        return "inget"
    if isinstance(v, bool):
        return "ja" if v else "nej"
    if isinstance(v, list):
        return _lista_text(str(x) for x in v)
    if isinstance(v, malramverk.Tolerans):
        return f"grönt högst {_tal_text(v.gron)}, gult högst {_tal_text(v.gul)}"
    return _tal_text(v)


def _nivaskillnad(namn: str, a: dict, b: dict, typ: str, periodnamn: dict) -> list[str]:
    rader = []
    for p in sorted(set(a) | set(b)):
        pn = periodnamn.get(p, p)
        if p not in a:
            rader.append(f"{namn}: målnivå för {pn} tillagd: {_niva_text(b[p], typ)}.")
        elif p not in b:
            rader.append(f"{namn}: målnivån för {pn} ({_niva_text(a[p], typ)}) borttagen.")
        elif a[p] != b[p]:
            rader.append(f"{namn}: målnivån för {pn} ändrad från {_niva_text(a[p], typ)} till {_niva_text(b[p], typ)}.")
    return rader


def periodval(ram: Malramverk) -> list[tuple[str | int, str]]:
    """Ramverkets perioder som (nyckel i goals.yaml, namn), i filens ordning."""
    return [(p, str(p)) if isinstance(p, int) else (p.id, p.namn) for p in ram.perioder]


def nyckel_for_period(ram: Malramverk, period: int) -> str | int:
    """Periodens nyckel i goals.yaml (årtalet eller id:t) för dess heltal."""
    for p in ram.perioder:
        if isinstance(p, NamngivenPeriod) and p.heltal == period:
            return p.id
    return period
