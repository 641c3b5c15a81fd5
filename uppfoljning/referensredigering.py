"""Referensdata redigerad i appen: enheter (plattformar, delprojekt), kommuner, utfallskategorier, remitterande
parter och enkäternas respondentgrupper läggs till,
byter namn, avvecklas eller tas bort; andra källors namn (SUS, ekonomisystemet) kopplas till enheter och
kategorier.

Varje ändring gäller genast i den befintliga databasen och görs i en transaktion tillsammans med raden i
händelseloggen och en kontroll av att det gällande målramverket fortfarande stämmer med referensdatan (en enhet
som ett mål bedöms för kan inte avvecklas). Inget som lästs in går förlorat: en avvecklad enhet behåller sin
historik, och en enhet, kommun eller kategori som har data kan inte tas bort. Ett fel namnger fältet och ändrar
ingenting.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

import polars as pl

from . import handelse, malramverk, personnummer
from .fel import Fynd, InlasningsFel
from .filformat import normalisera_rubrik
from .inlasning import RAD
from .ord import versal

_ID = re.compile(r"^[a-z0-9_]+$")
# Tabell -> (id-kolumn, ord i felmeddelanden)
# "plattformen" byts mot organisationens ord när felet visas (Ord.i_text: "delprojektet").
SLAG = {"plattform": ("plattform_id", "plattformen"), "kommun": ("kommun_id", "kommunen"),
        "utfallsmatt": ("matt_id", "kategorin"), "remitterande_part": ("part_id", "den remitterande parten"),
        "respondentgrupp": ("respondentgrupp", "respondentgruppen")}
# Var data pekar på en enhet, kommun eller kategori: (tabell, kolumn).
_DATA = {
    "plattform": (("utfall", "plattform_id"), ("deltagare", "plattform_id"), ("enkat_resultat", "plattform_id"),
                  ("enkat_svarsfrekvens", "plattform_id"), ("budget", "plattform_id"),
                  ("indikator_rapporterat", "scope_id"), ("utfall_rapporterat", "enhet_id"),
                  ("styrelsens_bedomning", "scope_id")),
    "kommun": (("utfall", "kommun_id"), ("deltagare", "kommun_id"), ("aktualisering", "kommun_id"),
               ("aktualisering_beredning", "kommun_id"), ("plattform", "kommun_id")),
    "utfallsmatt": (("utfall", "matt_id"), ("deltagare", "avslutsorsak"), ("utfall_rapporterat", "matt_id"),
                    ("kategorimappning", "matt_id")),
    "remitterande_part": (("aktualisering", "part_id"), ("aktualisering_beredning", "part_id")),
    "respondentgrupp": (("enkat_resultat", "respondentgrupp"), ("enkat_svarsfrekvens", "respondentgrupp")),
}
# Vad data som pekar på en enhet, kommun eller kategori heter för användaren (tabellens namn är internt).
DATANAMN = {"utfall": "utfall", "deltagare": "deltagare", "enkat_resultat": "enkätresultat",
            "enkat_svarsfrekvens": "svarsfrekvenser", "budget": "budget",
            "indikator_rapporterat": "rapporterade indikatorvärden", "utfall_rapporterat": "rapporterade utfall",
            "styrelsens_bedomning": "styrelsens bedömningar", "aktualisering": "aktualiseringar",
            "aktualisering_beredning": "aktualiseringar i beredningen", "plattform": "plattformar",
            "kategorimappning": "namn i källornas filer"}
MATTYPER = {"volym": "antal (deltagare, nya, avslutade, kvar)", "avslut": "en avslutsorsak",
            "summa": "en summa av avslutsorsaker (t.ex. positiv lösning)"}


class ReferensFel(ValueError):
    """En ändring av referensdatan som inte går att göra. Meddelandet namnger fältet."""


# ---------------------------------------------------------------- läsning


def avvecklade(con, tabell: str) -> set[str]:
    try:
        return {r[0] for r in con.execute("SELECT id FROM referens_avvecklad WHERE tabell = ?", [tabell]).fetchall()}
    except Exception:  # noqa: BLE001 - en äldre databas som öppnats utan schema saknar tabellen
        return set()


def enhetsnamn(con) -> list[tuple[str, str]]:
    """Andra källors namn för enheterna: (namn, plattform_id)."""
    try:
        return con.execute("SELECT namn, plattform_id FROM enhetsnamn ORDER BY namn").fetchall()
    except Exception:  # noqa: BLE001
        return []


def kontrollera_avvecklade(con, tabeller: dict[str, pl.DataFrame], fil: str, blad: str | None) -> None:
    """En fil med nya data för en avvecklad enhet eller respondentgrupp vägras (historiken finns kvar)."""
    borta = avvecklade(con, "plattform")
    grupper = avvecklade(con, "respondentgrupp")
    if not borta and not grupper:
        return
    fynd = []
    for df in tabeller.values():
        for kolumn, slag, ider in (("plattform_id", "Enheten", borta), ("scope_id", "Enheten", borta),
                                   ("enhet_id", "Enheten", borta), ("respondentgrupp", "Respondentgruppen", grupper)):
            if ider and kolumn in df.columns:
                traffar = df.filter(pl.col(kolumn).is_in(list(ider)))
                if traffar.height:
                    rad = traffar.row(0, named=True)
                    tabell = "respondentgrupp" if kolumn == "respondentgrupp" else "plattform"
                    fynd.append(Fynd(fil, f"{slag} {visningsnamn(con, tabell, rad[kolumn])} är avvecklad och tar "
                                     "inte emot nya data; återaktivera den på sidan Referensdata om filen ska läsas in.",
                                     rad=rad.get(RAD), kolumn=kolumn, blad=blad))
    if fynd:
        raise InlasningsFel(fynd[:1])


# ---------------------------------------------------------------- gemensamt


def _id(falt: str, varde: str | None) -> str:
    varde = (varde or "").strip()
    if not varde:
        raise ReferensFel(f"Fältet {falt} är tomt.")
    if not _ID.match(varde):
        raise ReferensFel(f"Fältet {falt} ({varde}) får bara innehålla små bokstäver a–z, siffror och _ "
                          "(t.ex. hortlax eller delprojekt_2).")
    return varde


def _text(falt: str, varde: str | None) -> str:
    varde = (varde or "").strip()
    if not varde:
        raise ReferensFel(f"Fältet {falt} är tomt.")
    if personnummer.innehaller(varde):
        raise ReferensFel(f"Fältet {falt} ser ut att innehålla ett personnummer; det sparas inte.")
    return varde


def _finns(con, tabell: str, id_: str) -> bool:
    kolumn = SLAG[tabell][0]
    return bool(con.execute(f'SELECT count(*) FROM "{tabell}" WHERE "{kolumn}" = ?', [id_]).fetchall()[0][0])


def _maste_finnas(con, tabell: str, id_: str, falt: str) -> None:
    if not _finns(con, tabell, id_):
        raise ReferensFel(f"Fältet {falt}: {SLAG[tabell][1]} {id_} finns inte.")


def visningsnamn(con, tabell: str, id_: str) -> str:
    """Namnet som användaren ser ("Samordningsteamet i Vännäs", "Umeå", "Arbete"); id:t bara om det saknas."""
    kolumn = SLAG[tabell][0]
    rad = con.execute(f'SELECT namn FROM "{tabell}" WHERE "{kolumn}" = ?', [id_]).fetchall()
    return rad[0][0] if rad and rad[0][0] else id_


def _anvands_av_ramverket(con, tabell: str, id_: str) -> None:
    """En enhet som ett mål bedöms för, eller en kategori som en indikator räknar, kan inte avvecklas: felet
    namnger målen eller indikatorerna med sina namn."""
    ram = _gallande_ramverk(con)
    if ram is None:
        return
    if tabell == "plattform":
        anvander = [m.titel for m in ram.mal if id_ in m.omfattning]
        vad = "bedömer målen" if len(anvander) > 1 else "bedömer målet"
    elif tabell == "utfallsmatt":
        anvander = [i.namn for i in ram.indikatorer.values() if id_ in i.matt or i.andel_av == id_]
        vad = "räknar den i indikatorerna" if len(anvander) > 1 else "räknar den i indikatorn"
    elif tabell == "respondentgrupp":
        anvander = [i.namn for i in ram.indikatorer.values() if i.typ == "enkat" and i.respondentgrupp == id_]
        vad = "räknar den i indikatorerna" if len(anvander) > 1 else "räknar den i indikatorn"
    else:
        return
    if anvander:
        lista = ", ".join(f"\"{a}\"" for a in anvander)
        objekt = " för den" if tabell == "plattform" else ""
        raise ReferensFel(f"{versal(SLAG[tabell][1])} {visningsnamn(con, tabell, id_)} kan inte avvecklas: målramverket "
                          f"{vad} {lista}{objekt}. Ta bort den ur målramverket på sidan Målramverk först.")


def _gallande_ramverk(con) -> malramverk.Malramverk | None:
    sparat = malramverk.senast_sparade(con)
    if sparat is None:
        return None
    try:
        return malramverk.tolka(sparat[0], "gällande målramverk")
    except malramverk.MalramverksFel:
        return None


def _andra(con, anvandare: str, beskrivning: str, gor: Callable[[], None], harled: set[str] = frozenset()) -> None:
    """gor() i en transaktion med händelsen; det gällande målramverket ska stämma med referensdatan efteråt."""
    from .inlasning import harled as harled_tabeller

    ram = _gallande_ramverk(con)
    fore = set(malramverk.kontrollera_mot_referensdata(ram, con)) if ram is not None else set()
    con.execute("BEGIN TRANSACTION")
    try:
        gor()
        if ram is not None:
            nya = [f for f in malramverk.kontrollera_mot_referensdata(ram, con) if f not in fore]
            if nya:
                raise ReferensFel("Ändringen skulle göra målramverket ogiltigt:\n"
                                  + "\n".join(f"- {malramverk.i_appen(f, con, ram)}" for f in nya))
        if harled:
            harled_tabeller(con, harled)
        handelse.logga(con, anvandare, "referensdata", beskrivning)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _namn_upptaget(con, namn: str, utom: str | None = None) -> str | None:
    """Enheten vars id, namn, kortnamn eller andra namn redan är [namn] (normaliserat), utom [utom]."""
    n = normalisera_rubrik(namn)
    for pid, pnamn, kort in con.execute("SELECT plattform_id, namn, kortnamn FROM plattform").fetchall():
        if pid != utom and n in {normalisera_rubrik(x) for x in (pid, pnamn, kort)}:
            return pnamn
    for alias, pid in enhetsnamn(con):
        if pid != utom and normalisera_rubrik(alias) == n:
            return con.execute("SELECT namn FROM plattform WHERE plattform_id = ?", [pid]).fetchall()[0][0]
    return None


def _data_for(con, tabell: str, id_: str) -> list[str]:
    finns = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    return [t for t, k in _DATA[tabell] if t in finns and
            con.execute(f'SELECT count(*) FROM "{t}" WHERE "{k}" = ?', [id_]).fetchall()[0][0]]


# ---------------------------------------------------------------- enheter


def lagg_till_enhet(con, anvandare: str, id_: str, namn: str, kortnamn: str | None = None,
                    kommun_id: str | None = None, typ: str = "enhet", ingar_i_total: bool = True) -> None:
    id_ = _id("Id", id_)
    namn = _text("Namn", namn)
    kortnamn = (kortnamn or "").strip() or namn
    if _finns(con, "plattform", id_):
        raise ReferensFel(f"Fältet Id: {id_} används redan av {visningsnamn(con, 'plattform', id_)}.")
    for falt, varde in (("Namn", namn), ("Kortnamn", kortnamn), ("Id", id_)):
        if (annan := _namn_upptaget(con, varde)) is not None:
            raise ReferensFel(f"Fältet {falt}: \"{varde}\" används redan av {annan}; två enheter kan inte heta "
                              "likadant.")
    if kommun_id:
        _maste_finnas(con, "kommun", kommun_id, "Kommun")
    sortering = con.execute("SELECT coalesce(max(sortering), 0) + 1 FROM plattform").fetchall()[0][0]
    _andra(con, anvandare, f"Enhet tillagd: {namn}",
           lambda: con.execute("INSERT INTO plattform VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [id_, namn, kortnamn, kommun_id or None, (typ or "enhet").strip(), ingar_i_total,
                                sortering]),
           harled={"plattform"})


def byt_namn_enhet(con, anvandare: str, id_: str, namn: str, kortnamn: str | None = None) -> None:
    """Nytt namn (och kortnamn); det gamla namnet blir ett annat namn för enheten, så att äldre filer känns igen."""
    _maste_finnas(con, "plattform", id_, "Enhet")
    namn = _text("Nytt namn", namn)
    gammalt, gammalt_kort = con.execute("SELECT namn, kortnamn FROM plattform WHERE plattform_id = ?",
                                        [id_]).fetchall()[0]
    kortnamn = (kortnamn or "").strip() or gammalt_kort
    for falt, varde in (("Nytt namn", namn), ("Kortnamn", kortnamn)):
        if (annan := _namn_upptaget(con, varde, utom=id_)) is not None:
            raise ReferensFel(f"Fältet {falt}: \"{varde}\" används redan av {annan}.")
    if (namn, kortnamn) == (gammalt, gammalt_kort):
        raise ReferensFel("Fältet Nytt namn: namnet är detsamma som förut.")

    def gor():
        con.execute("UPDATE plattform SET namn = ?, kortnamn = ? WHERE plattform_id = ?", [namn, kortnamn, id_])
        kanda = {normalisera_rubrik(a) for a, _ in enhetsnamn(con)} | {normalisera_rubrik(x) for x in (namn, kortnamn, id_)}
        for gammal in {gammalt, gammalt_kort}:
            if normalisera_rubrik(gammal) not in kanda:
                con.execute("INSERT INTO enhetsnamn VALUES (?, ?)", [gammal, id_])
                kanda.add(normalisera_rubrik(gammal))

    _andra(con, anvandare, f"Enhet bytt namn: {gammalt} heter nu {namn}", gor)


def avveckla(con, anvandare: str, tabell: str, id_: str) -> None:
    """En enhet, kommun eller kategori avvecklas: historiken finns kvar, nya data tas inte emot, och målramverket
    får inte använda den (ett mål som gör det hindrar avvecklingen)."""
    ord_ = SLAG[tabell][1]
    _maste_finnas(con, tabell, id_, "Id")
    if id_ in avvecklade(con, tabell):
        raise ReferensFel(f"Fältet {versal(ord_)}: {ord_} {visningsnamn(con, tabell, id_)} är redan avvecklad.")
    _anvands_av_ramverket(con, tabell, id_)
    _andra(con, anvandare, f"Avvecklad: {ord_} {visningsnamn(con, tabell, id_)}",
           lambda: con.execute("INSERT INTO referens_avvecklad (tabell, id, avvecklad_av) VALUES (?, ?, ?)",
                               [tabell, id_, personnummer.maskera(anvandare)]))


def ateraktivera(con, anvandare: str, tabell: str, id_: str) -> None:
    ord_ = SLAG[tabell][1]
    if id_ not in avvecklade(con, tabell):
        raise ReferensFel(f"{versal(ord_)} {visningsnamn(con, tabell, id_)} är inte avvecklad.")
    _andra(con, anvandare, f"Återaktiverad: {ord_} {visningsnamn(con, tabell, id_)}",
           lambda: con.execute("DELETE FROM referens_avvecklad WHERE tabell = ? AND id = ?", [tabell, id_]))


def ta_bort(con, anvandare: str, tabell: str, id_: str) -> None:
    """Tar bort en enhet, kommun eller kategori som aldrig fått data (t.ex. en felskrivning). En med data vägras:
    avveckla den i stället."""
    ord_ = SLAG[tabell][1]
    _maste_finnas(con, tabell, id_, versal(ord_))
    if data := _data_for(con, tabell, id_):
        raise ReferensFel(f"{versal(ord_)} {visningsnamn(con, tabell, id_)} har data ({', '.join(DATANAMN.get(t, t) for t in data)}) "
                          "och kan inte tas bort; avveckla den i stället, så finns historiken kvar.")
    kolumn = SLAG[tabell][0]
    borttagen = visningsnamn(con, tabell, id_)

    def gor():
        if tabell == "plattform":
            con.execute("DELETE FROM enhetsnamn WHERE plattform_id = ?", [id_])
        if tabell == "utfallsmatt":
            con.execute("DELETE FROM matt_definition WHERE matt_id = ? OR ingar_i = ? OR andel_av = ?",
                        [id_, id_, id_])
        if tabell == "respondentgrupp":
            con.execute("DELETE FROM enkatfraga WHERE respondentgrupp = ?", [id_])
        con.execute("DELETE FROM referens_avvecklad WHERE tabell = ? AND id = ?", [tabell, id_])
        con.execute(f'DELETE FROM "{tabell}" WHERE "{kolumn}" = ?', [id_])

    _andra(con, anvandare, f"Borttagen: {ord_} {borttagen}", gor, harled={"plattform"} if tabell == "plattform" else set())


# ---------------------------------------------------------------- kommuner


def lagg_till_kommun(con, anvandare: str, id_: str, namn: str) -> None:
    id_ = _id("Id", id_)
    namn = _text("Namn", namn)
    if _finns(con, "kommun", id_):
        raise ReferensFel(f"Fältet Id: {id_} används redan av kommunen {visningsnamn(con, 'kommun', id_)}.")
    if con.execute("SELECT count(*) FROM kommun WHERE lower(namn) = lower(?)", [namn]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Namn: det finns redan en kommun som heter {namn}.")
    _andra(con, anvandare, f"Kommun tillagd: {namn}", lambda: con.execute("INSERT INTO kommun VALUES (?, ?)",
                                                                           [id_, namn]))


def byt_namn_kommun(con, anvandare: str, id_: str, namn: str) -> None:
    _maste_finnas(con, "kommun", id_, "Kommun")
    gammalt = visningsnamn(con, "kommun", id_)
    namn = _text("Nytt namn", namn)
    if con.execute("SELECT count(*) FROM kommun WHERE lower(namn) = lower(?) AND kommun_id <> ?",
                   [namn, id_]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Nytt namn: det finns redan en kommun som heter {namn}.")
    _andra(con, anvandare, f"Kommun bytt namn: {gammalt} heter nu {namn}",
           lambda: con.execute("UPDATE kommun SET namn = ? WHERE kommun_id = ?", [namn, id_]))


# ---------------------------------------------------------------- remitterande parter


def lagg_till_part(con, anvandare: str, id_: str, namn: str) -> None:
    """En ny remitterande part (den som aktualiserar deltagare: Arbetsförmedlingen, Kriminalvården ...)."""
    id_ = _id("Id", id_)
    namn = _text("Namn", namn)
    if _finns(con, "remitterande_part", id_):
        raise ReferensFel(f"Fältet Id: {id_} används redan av {visningsnamn(con, 'remitterande_part', id_)}.")
    if finns := con.execute("SELECT namn FROM remitterande_part WHERE lower(namn) = lower(?)", [namn]).fetchall():
        raise ReferensFel(f"Fältet Namn: den remitterande parten {finns[0][0]} finns redan.")
    sortering = con.execute("SELECT coalesce(max(sortering), 0) + 1 FROM remitterande_part").fetchall()[0][0]
    _andra(con, anvandare, f"Remitterande part tillagd: {namn}",
           lambda: con.execute("INSERT INTO remitterande_part VALUES (?, ?, ?)", [id_, namn, sortering]))


def byt_namn_part(con, anvandare: str, id_: str, namn: str) -> None:
    _maste_finnas(con, "remitterande_part", id_, "Remitterande part")
    gammalt = visningsnamn(con, "remitterande_part", id_)
    namn = _text("Nytt namn", namn)
    if finns := con.execute("SELECT namn FROM remitterande_part WHERE lower(namn) = lower(?) AND part_id <> ?",
                            [namn, id_]).fetchall():
        raise ReferensFel(f"Fältet Nytt namn: den remitterande parten {finns[0][0]} finns redan.")
    _andra(con, anvandare, f"Remitterande part bytt namn: {gammalt} heter nu {namn}",
           lambda: con.execute("UPDATE remitterande_part SET namn = ? WHERE part_id = ?", [namn, id_]))


# ---------------------------------------------------------------- respondentgrupper


def lagg_till_respondentgrupp(con, anvandare: str, id_: str, namn: str, fragor_som: str | None = None) -> None:
    """En ny respondentgrupp i enkäterna (t.ex. arbetsgivare). [fragor_som]: en befintlig grupp vars frågor den nya
    gruppen får (samma frågor, texter och svarstyper), så att enkätsvar för gruppen kan läsas in genast."""
    id_ = _id("Id", id_)
    namn = _text("Namn", namn)
    if _finns(con, "respondentgrupp", id_):
        raise ReferensFel(f"Fältet Id: {id_} används redan av respondentgruppen "
                          f"{visningsnamn(con, 'respondentgrupp', id_)}.")
    if finns := con.execute("SELECT namn FROM respondentgrupp WHERE lower(namn) = lower(?) OR respondentgrupp = "
                            "lower(?)", [namn, namn]).fetchall():
        raise ReferensFel(f"Fältet Namn: respondentgruppen {finns[0][0]} finns redan.")
    if fragor_som:
        _maste_finnas(con, "respondentgrupp", fragor_som, "Samma frågor som")
    sortering = con.execute("SELECT coalesce(max(sortering), 0) + 1 FROM respondentgrupp").fetchall()[0][0]

    def gor():
        con.execute("INSERT INTO respondentgrupp VALUES (?, ?, ?)", [id_, namn, sortering])
        if fragor_som:
            con.execute("INSERT INTO enkatfraga SELECT ?, fraga_id, text, svarstyp, sortering FROM enkatfraga "
                        "WHERE respondentgrupp = ?", [id_, fragor_som])

    _andra(con, anvandare, f"Respondentgrupp tillagd: {namn}", gor)


def byt_namn_respondentgrupp(con, anvandare: str, id_: str, namn: str) -> None:
    _maste_finnas(con, "respondentgrupp", id_, "Respondentgrupp")
    gammalt = visningsnamn(con, "respondentgrupp", id_)
    namn = _text("Nytt namn", namn)
    if finns := con.execute("SELECT namn FROM respondentgrupp WHERE lower(namn) = lower(?) AND respondentgrupp <> ?",
                            [namn, id_]).fetchall():
        raise ReferensFel(f"Fältet Nytt namn: respondentgruppen {finns[0][0]} finns redan.")
    if namn == gammalt:
        raise ReferensFel("Fältet Nytt namn: namnet är detsamma som förut.")
    _andra(con, anvandare, f"Respondentgrupp bytt namn: {gammalt} heter nu {namn}",
           lambda: con.execute("UPDATE respondentgrupp SET namn = ? WHERE respondentgrupp = ?", [namn, id_]))


SVARSTYPER = {"sexgradig": "sexgradig skala (1–6, de tre högsta positiva)", "ja_nej": "ja eller nej"}


def lagg_till_enkatfraga(con, anvandare: str, grupp: str, fraga_id: str, text: str, svarstyp: str) -> None:
    """En ny enkätfråga för en respondentgrupp; svar på den kan sedan läsas in och en indikator kan räkna den."""
    _maste_finnas(con, "respondentgrupp", grupp, "Respondentgrupp")
    fraga_id = _id("Id", fraga_id)
    text = _text("Frågans text", text)
    if svarstyp not in SVARSTYPER:
        raise ReferensFel(f"Fältet Svarstyp ska vara {' eller '.join(SVARSTYPER.values())}.")
    gruppnamn = visningsnamn(con, "respondentgrupp", grupp)
    if con.execute("SELECT count(*) FROM enkatfraga WHERE respondentgrupp = ? AND fraga_id = ?",
                   [grupp, fraga_id]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Id: frågan {fraga_id} finns redan för {gruppnamn}.")
    sortering = con.execute("SELECT coalesce(max(sortering), 0) + 1 FROM enkatfraga").fetchall()[0][0]
    _andra(con, anvandare, f"Enkätfråga tillagd för {gruppnamn}: {text}",
           lambda: con.execute("INSERT INTO enkatfraga VALUES (?, ?, ?, ?, ?)",
                               [grupp, fraga_id, text, svarstyp, sortering]))


def ta_bort_enkatfraga(con, anvandare: str, grupp: str, fraga_id: str) -> None:
    """Tar bort en fråga som aldrig fått svar (t.ex. en felskrivning). En fråga som en indikator räknar stoppas av
    kontrollen mot målramverket."""
    _maste_finnas(con, "respondentgrupp", grupp, "Respondentgrupp")
    gruppnamn = visningsnamn(con, "respondentgrupp", grupp)
    rad = con.execute("SELECT text FROM enkatfraga WHERE respondentgrupp = ? AND fraga_id = ?",
                      [grupp, fraga_id]).fetchall()
    if not rad:
        raise ReferensFel(f"Fältet Fråga: frågan finns inte för {gruppnamn}.")
    if (ram := _gallande_ramverk(con)) is not None:
        anvander = [i.namn for i in ram.indikatorer.values()
                    if i.typ == "enkat" and (i.respondentgrupp, i.fraga) == (grupp, fraga_id)]
        if anvander:
            raise ReferensFel(f"Frågan \"{rad[0][0]}\" kan inte tas bort: målramverket räknar den i indikatorn "
                              f"{', '.join(chr(34) + a + chr(34) for a in anvander)}. Ändra indikatorn på sidan "
                              "Målramverk först.")
    if con.execute("SELECT count(*) FROM enkat_resultat WHERE respondentgrupp = ? AND fraga_id = ?",
                   [grupp, fraga_id]).fetchall()[0][0]:
        raise ReferensFel(f"Frågan \"{rad[0][0]}\" har svar från {gruppnamn} och kan inte tas bort; svaren finns "
                          "kvar med frågan.")
    _andra(con, anvandare, f"Enkätfråga borttagen för {gruppnamn}: {rad[0][0]}",
           lambda: con.execute("DELETE FROM enkatfraga WHERE respondentgrupp = ? AND fraga_id = ?", [grupp, fraga_id]))


def respondentgrupper(con) -> dict[str, str]:
    """Respondentgruppernas namn (id -> namn, i sorteringsordning); tom i en databas utan tabellen."""
    try:
        return dict(con.execute("SELECT respondentgrupp, namn FROM respondentgrupp ORDER BY sortering").fetchall())
    except Exception:  # noqa: BLE001 - en äldre databas som öppnats skrivskyddad utan migrering
        return {}


# ---------------------------------------------------------------- utfallskategorier och mappning


def lagg_till_kategori(con, anvandare: str, id_: str, namn: str, typ: str, sus_koder: str | None = None,
                       ingar_i: str | None = None) -> None:
    """En ny utfallskategori. En avslutsorsak kan ingå i en summa (t.ex. positiv lösning); dess andel räknas mot
    de avslutade, i alla definitionsår."""
    id_ = _id("Id", id_)
    namn = _text("Namn", namn)
    if typ not in MATTYPER:
        raise ReferensFel(f"Fältet Typ ska vara {', '.join(MATTYPER.values())}.")
    if _finns(con, "utfallsmatt", id_):
        raise ReferensFel(f"Fältet Id: {id_} används redan av kategorin {visningsnamn(con, 'utfallsmatt', id_)}.")
    if con.execute("SELECT count(*) FROM utfallsmatt WHERE lower(namn) = lower(?)", [namn]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Namn: det finns redan en kategori som heter {namn}.")
    if ingar_i:
        _maste_finnas(con, "utfallsmatt", ingar_i, "Ingår i")
        if con.execute("SELECT typ FROM utfallsmatt WHERE matt_id = ?", [ingar_i]).fetchall()[0][0] != "summa":
            raise ReferensFel(f"Fältet Ingår i: {visningsnamn(con, 'utfallsmatt', ingar_i)} är ingen summa av "
                              "avslutsorsaker.")
    sortering = con.execute("SELECT coalesce(max(sortering), 0) + 1 FROM utfallsmatt").fetchall()[0][0]
    ar = [r[0] for r in con.execute("SELECT DISTINCT giltig_fran FROM matt_definition ORDER BY 1").fetchall()] or [1900]
    andel_av = "avslutade" if _finns(con, "utfallsmatt", "avslutade") else None

    def gor():
        con.execute("INSERT INTO utfallsmatt VALUES (?, ?, ?, ?, ?)", [id_, namn, typ, (sus_koder or "").strip()
                                                                       or None, sortering])
        if typ != "volym" and andel_av:
            for giltig in ar:
                con.execute("INSERT INTO matt_definition VALUES (?, ?, ?, ?)", [giltig, id_, ingar_i or None,
                                                                                 andel_av])

    _andra(con, anvandare, f"Kategori tillagd: {namn}", gor, harled={"matt_definition"})


def byt_namn_kategori(con, anvandare: str, id_: str, namn: str) -> None:
    _maste_finnas(con, "utfallsmatt", id_, "Kategori")
    gammalt = visningsnamn(con, "utfallsmatt", id_)
    namn = _text("Nytt namn", namn)
    if con.execute("SELECT count(*) FROM utfallsmatt WHERE lower(namn) = lower(?) AND matt_id <> ?",
                   [namn, id_]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Nytt namn: det finns redan en kategori som heter {namn}.")
    _andra(con, anvandare, f"Kategori bytt namn: {gammalt} heter nu {namn}",
           lambda: con.execute("UPDATE utfallsmatt SET namn = ? WHERE matt_id = ?", [namn, id_]))


def lagg_till_kategorinamn(con, anvandare: str, varde: str, matt_id: str) -> None:
    """Ett namn i källornas filer (radrubrik, fritext, SUS-formulering) som ska läsas som kategorin."""
    varde = _text("Namn i filen", varde)
    _maste_finnas(con, "utfallsmatt", matt_id, "Kategori")
    n = normalisera_rubrik(varde)
    for befintligt, mid in con.execute("SELECT varde, matt_id FROM kategorimappning").fetchall():
        if normalisera_rubrik(befintligt) == n:
            raise ReferensFel(f"Fältet Namn i filen: \"{varde}\" läses redan som {visningsnamn(con, 'utfallsmatt', mid)}.")
    for mid, mnamn in con.execute("SELECT matt_id, namn FROM utfallsmatt").fetchall():
        if n in (normalisera_rubrik(mid), normalisera_rubrik(mnamn)) and mid != matt_id:
            raise ReferensFel(f"Fältet Namn i filen: \"{varde}\" är redan namnet på kategorin {mnamn}.")
    _andra(con, anvandare, f"Kategorimappning tillagd: \"{varde}\" läses som {visningsnamn(con, 'utfallsmatt', matt_id)}",
           lambda: con.execute("INSERT INTO kategorimappning VALUES (?, ?)", [varde, matt_id]))


def ta_bort_kategorinamn(con, anvandare: str, varde: str) -> None:
    if not con.execute("SELECT count(*) FROM kategorimappning WHERE varde = ?", [varde]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Namn i filen: \"{varde}\" finns inte i mappningen.")
    _andra(con, anvandare, f"Kategorimappning borttagen: \"{varde}\"",
           lambda: con.execute("DELETE FROM kategorimappning WHERE varde = ?", [varde]))


def lagg_till_enhetsnamn(con, anvandare: str, namn: str, plattform_id: str) -> None:
    """Ett annat namn för en enhet (som det står i SUS eller en annan källa)."""
    namn = _text("Namn i filen", namn)
    _maste_finnas(con, "plattform", plattform_id, "Enhet")
    if (annan := _namn_upptaget(con, namn)) is not None:
        raise ReferensFel(f"Fältet Namn i filen: \"{namn}\" används redan av {annan}.")
    _andra(con, anvandare, f"Enhetsnamn tillagt: \"{namn}\" läses som {visningsnamn(con, 'plattform', plattform_id)}",
           lambda: con.execute("INSERT INTO enhetsnamn VALUES (?, ?)", [namn, plattform_id]))


def ta_bort_enhetsnamn(con, anvandare: str, namn: str) -> None:
    if not con.execute("SELECT count(*) FROM enhetsnamn WHERE namn = ?", [namn]).fetchall()[0][0]:
        raise ReferensFel(f"Fältet Namn i filen: \"{namn}\" finns inte bland enheternas andra namn.")
    _andra(con, anvandare, f"Enhetsnamn borttaget: \"{namn}\"",
           lambda: con.execute("DELETE FROM enhetsnamn WHERE namn = ?", [namn]))


# ---------------------------------------------------------------- förslag när en uppladdning vägras


def okanda(fel: InlasningsFel) -> list[tuple[str, str]]:
    """De okända enhets- och kategorinamnen i ett fel (plattform eller utfallsmatt, värdet), i filens ordning."""
    ut: list[tuple[str, str]] = []
    for f in fel.fynd:
        if f.okant is not None and f.okant[0] in ("plattform", "utfallsmatt") and f.okant not in ut:
            ut.append(f.okant)
    return ut


def forslag(con, tabell: str, varde: str) -> list[tuple[str, str]]:
    """Befintliga enheter eller kategorier som liknar värdet (id, namn), närmast först; alla aktiva efter dem."""
    kolumn = SLAG[tabell][0]
    borta = avvecklade(con, tabell)
    alla = [(i, n) for i, n in con.execute(f'SELECT "{kolumn}", namn FROM "{tabell}" ORDER BY sortering').fetchall()
            if i not in borta]
    if tabell == "plattform":
        kort = dict(con.execute("SELECT plattform_id, kortnamn FROM plattform").fetchall())
    else:
        kort = {}
    n = normalisera_rubrik(varde)

    def likhet(post) -> float:
        i, namn = post
        return max(difflib.SequenceMatcher(None, n, normalisera_rubrik(x)).ratio()
                   for x in (i, namn, kort.get(i, namn)))

    return sorted(alla, key=likhet, reverse=True)
