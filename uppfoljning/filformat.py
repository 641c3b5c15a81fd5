"""Läser filer som användarna faktiskt har: CSV med semikolon eller komma, UTF-8 med eller utan BOM
eller Windows-1252, och Excel (xlsx) med en tabell per blad. Allt läses som text; typerna bestäms
sedan av datamängden, inte av gissning.

Filen prövas mot fasta gränser (installningar.LASGRANSER) innan något tolkas: en fil över en gräns avvisas
med ett fel som namnger gränsen. Excel-filer tolkas dessutom i en egen process med minnes- och tidsgräns
(isolering.py), så att en fil som ändå tar slut på minnet inte tar ner servern."""

from __future__ import annotations

import csv
import io
import posixpath
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from html import unescape

import polars as pl

from . import installningar, personnummer
from .fel import Fynd, InlasningsFel


@dataclass(frozen=True)
class Blad:
    namn: str | None  # None för CSV
    tabell: pl.DataFrame
    # Tabellradernas nummer i kalkylprogrammet (Excel: tomma rader hoppas över, tabellen kan börja längre ner).
    # None: rubriken är rad 1 och raderna följer direkt efter.
    radnummer: pl.Series | None = None
    rubrikrad: int = 1

    def rad(self, index: int) -> int:
        """Raden i kalkylprogrammet för tabellens rad index (-1: rubrikraden)."""
        if index < 0:
            return self.rubrikrad
        return int(self.radnummer[index]) if self.radnummer is not None else index + 2

    def med_radnummer(self, kolumn: str) -> pl.DataFrame:
        """Tabellen med radnumret i kolumnen kolumn (Int64)."""
        if self.radnummer is None:
            return self.tabell.with_row_index(kolumn, offset=2).with_columns(pl.col(kolumn).cast(pl.Int64))
        return self.tabell.with_columns(self.radnummer.cast(pl.Int64).alias(kolumn))


@lru_cache(maxsize=65536)
def normalisera_rubrik(rubrik: str) -> str:
    """'Kön', 'kon', 'KÖN ' blir 'kon'; 'Start-datum' blir 'startdatum'. Cachad: varje inläsning normaliserar
    alla referensnamn (plattformar, kommuner, mått) på nytt, tusentals i en nationell databas."""
    utan_accent = unicodedata.normalize("NFKD", str(rubrik).strip().lower())
    bara_bokstaver = "".join(t for t in utan_accent if not unicodedata.combining(t))
    return "".join(t for t in bara_bokstaver if t.isalnum())


def _tal(n: float) -> str:
    return f"{n:,.0f}".replace(",", " ")


def _fel(fil: str, meddelande: str, **plats) -> InlasningsFel:
    return InlasningsFel([Fynd(fil, meddelande, **plats)])


# ---------------------------------------------------------------- gemensamt för CSV och Excel

# Styrtecken (C0 och C1 utom tabb och radbrytning) hör inte hemma i en cell: de syns inte och kan ändra hur
# ett id jämförs eller skrivs ut.
_STYRTECKEN = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_ORDTAL = {2: "två", 3: "tre", 4: "fyra", 5: "fem"}


def _uppraknat(tal: list[int]) -> str:
    return ", ".join(map(str, tal[:-1])) + f" och {tal[-1]}"


def _med_rubriker(df: pl.DataFrame, fil: str, blad: str | None, styrtecken: bool = True,
                  rubrikrad: int = 1) -> pl.DataFrame:
    """Första raden (rad rubrikrad i kalkylprogrammet; raderna därefter följer i ordning) blir rubriker.
    Kolumner utan rubrik och utan värden (tomma avgränsare i slutet av raderna,
    formaterade men tomma Excel-kolumner) tas bort tyst; en kolumn utan rubrik men med värden och en rubrik som
    finns två gånger avvisas med kolumnens nummer (A = 1)."""
    if df.height == 0:
        return df
    rubriker = ["" if v is None else str(v) for v in df.row(0)]
    data = df.slice(1)
    utan_rubrik = [i for i, r in enumerate(rubriker) if not r.strip()]
    fynd = []
    if utan_rubrik:
        har_varden = data.select((pl.col(df.columns[i]).str.strip_chars().str.len_bytes() > 0).any().alias(str(i))
                                 for i in utan_rubrik).row(0)
        for i, finns in zip(utan_rubrik, har_varden):
            if finns:
                fynd.append(Fynd(fil, f"Kolumnen har värden men ingen rubrik. Skriv en rubrik i rad {rubrikrad} eller "
                                      "ta bort kolumnen.", rad=rubrikrad, kolumn=str(i + 1), blad=blad))
    behall = [i for i in range(len(rubriker)) if i not in set(utan_rubrik)]
    per_namn: dict[str, list[int]] = {}
    for i in behall:
        per_namn.setdefault(normalisera_rubrik(rubriker[i]) or rubriker[i], []).append(i)
    for platser in per_namn.values():
        if len(platser) > 1:
            ganger = _ORDTAL.get(len(platser), str(len(platser)))
            # Rubriken upprepas inte om den kan innehålla ett personnummer (sökningen körs först efter läsningen).
            namn = rubriker[platser[0]].strip()
            namn = "" if personnummer.ar_personnummer(namn) or re.search(r"\d{6}", namn) else f" {namn}"
            fynd.append(Fynd(fil, f"Kolumnen{namn} finns {ganger} gånger (kolumn "
                                  f"{_uppraknat([p + 1 for p in platser])}). Ta bort eller byt namn på en av dem.",
                             rad=rubrikrad, kolumn=namn.strip() or None, blad=blad))
    if fynd:
        raise InlasningsFel(fynd[:20])
    data = data.select(pl.col(df.columns[i]).alias(rubriker[i]) for i in behall)
    if styrtecken:
        _stoppa_styrtecken(data, rubriker, fil, blad, rubrikrad)
    return data


# Bytes som inte kan vara (början på) ett styrtecken: C0 utom tabb och radbrytning, DEL, och C2 som inleder C1 i
# UTF-8 kan vara det. En snabb förkontroll av en hel CSV-fil: bytes.translate tar bort alla andra (ca 0,6 ms per MB).
_OSKYLDIGA = bytes(b for b in range(256) if not ((b < 32 and b not in (9, 10, 13)) or b in (0x7F, 0xC2)))


def _kan_ha_styrtecken(data: bytes) -> bool:
    misstankta = data.translate(None, _OSKYLDIGA)
    if not misstankta:
        return False
    return re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", data) is not None


def _stoppa_styrtecken(df: pl.DataFrame, rubriker: list[str], fil: str, blad: str | None, rubrikrad: int) -> None:
    fynd = [Fynd(fil, "Rubriken innehåller ett styrtecken (t.ex. NUL) som inte syns. Skriv om rubriken.",
                 rad=rubrikrad, kolumn=f"{i + 1}", blad=blad) for i, r in enumerate(rubriker) if re.search(_STYRTECKEN, r)]
    kolumner = [c for c, t in df.schema.items() if t == pl.String]
    if kolumner:
        traffar = df.select(pl.col(c).str.contains(_STYRTECKEN).any() for c in kolumner).row(0)
        for kolumn, traff in zip(kolumner, traffar):
            if traff:
                index = df[kolumn].str.contains(_STYRTECKEN).arg_true()[0]
                fynd.append(Fynd(fil, "Cellen innehåller ett styrtecken (t.ex. NUL eller ESC) som inte hör hemma i "
                                      "en tabell. Ta bort det och spara om filen.", rad=rubrikrad + 1 + int(index),
                                 kolumn=kolumn, blad=blad))
    if fynd:
        raise InlasningsFel(fynd[:20])


# ---------------------------------------------------------------- CSV


def _stoppa_utf16(innehall: bytes, fil: str) -> None:
    prov = innehall[:4096]
    if prov[:2] in (b"\xff\xfe", b"\xfe\xff") or prov.count(b"\x00") > len(prov) // 8:
        raise _fel(fil, "Filen verkar vara sparad som UTF-16 eller som binärfil. Spara den som CSV UTF-8 (eller "
                        "CSV med semikolon) i Excel.")


def avkoda(innehall: bytes, fil: str) -> str:
    _stoppa_utf16(innehall, fil)
    try:
        return innehall.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    _stoppa_blandad_kodning(innehall, fil)
    try:
        return innehall.decode("cp1252")
    except UnicodeDecodeError as fel:
        raise _fel(fil, "Teckenkodningen känns inte igen. Spara filen som CSV UTF-8 i Excel.") from fel


# En giltig UTF-8-sekvens för ett tecken utanför ASCII (å = C3 A5). I en fil i Windows-1252 motsvarar den två
# eller tre osannolika tecken i följd (Ã¥), så en sådan fil är i praktiken blandad.
_UTF8_FLERBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _stoppa_blandad_kodning(innehall: bytes, fil: str) -> None:
    """En fil som inte är giltig UTF-8 men har giltiga UTF-8-tecken på någon rad avvisas: att tolka den som
    Windows-1252 ger IntÃ¤kter, och att gissa rad för rad kan ge fel tecken utan att någon märker det."""
    try:
        innehall.decode("utf-8")
        return
    except UnicodeDecodeError as fel:
        felplats = fel.start
    utf8 = _UTF8_FLERBYTE.search(innehall)
    if utf8 is None:
        return
    rad = innehall.count(b"\n", 0, felplats) + 1
    exempel = innehall.count(b"\n", 0, utf8.start()) + 1
    raise _fel(fil, f"Filen blandar teckenkodningar: raden är inte UTF-8, men rad {exempel} är det. Spara hela "
                    "filen som CSV UTF-8 i Excel.", rad=rad)


def _forsta_raderna(text: str, antal: int) -> list[str]:
    """text.splitlines()[:antal] utan att dela upp hela filen (en miljon rader): dela ett allt längre
    prefix tills det säkert innehåller antal hela rader (ett snitt kan bara påverka de två sista)."""
    langd = 65536
    while langd < len(text):
        rader = text[:langd].splitlines()
        if len(rader) >= antal + 2:
            return rader[:antal]
        langd *= 4
    return text.splitlines()[:antal]


def _poster(prov: str, separator: str, antal: int, hela: bool) -> list[list[str]]:
    """De första posterna i provet enligt CSV-reglerna (avgränsare inom citat räknas inte). hela: provet är
    hela filen; annars kan den sista posten vara avkapad och räknas inte."""
    poster = []
    try:
        for post in csv.reader(io.StringIO(prov, newline=""), delimiter=separator):
            poster.append(post)
            if len(poster) > antal:
                break
    except csv.Error:
        pass
    if not hela and len(poster) > 1 and len(poster) <= antal:
        poster.pop()
    return [p for p in poster[:antal] if p]


def _separator(prov: str, hela: bool = True) -> str:
    """Avgränsaren som ger samma antal kolumner på de första raderna, räknat utanför citat: en citerad
    =HYPERLINK("...","Klicka här") i en semikolonfil gör den inte kommaseparerad. Lika bra: semikolon först."""
    basta, poang = ";", None
    for separator in ";,\t":
        poster = _poster(prov, separator, 20, hela)
        if not poster:
            continue
        bredd = len(poster[0])
        p = (bredd > 1, sum(len(x) == bredd for x in poster), bredd)
        if poang is None or p > poang:
            basta, poang = separator, p
    return basta


# Så mycket av filens början räcker för att se avgränsaren (20 rader) utan att avkoda hela filen.
_PROV_BYTE = 1 << 18


def _som_utf8(innehall: bytes, fil: str) -> bytes:
    """Filens innehåll som UTF-8 utan BOM. En fil i UTF-8 skickas vidare utan att avkodas: Polars kontrollerar
    själv att den är giltig UTF-8, och att avkoda en stor fil i Python kostar lika mycket som att läsa den."""
    if innehall.startswith(b"\xef\xbb\xbf"):
        return innehall[3:]
    try:
        innehall[:_PROV_BYTE].decode("utf-8")
        return innehall
    except UnicodeDecodeError as fel:
        if fel.start < _PROV_BYTE - 4:  # inte bara ett tecken som delats vid provets slut
            return avkoda(innehall, fil).encode("utf-8")
    return innehall


def _prova_radlangd(data: bytes, fil: str) -> None:
    g = installningar.LASGRANSER
    # En rad längre än gränsen innehåller ett helt block på en halv gräns utan radbrytning.
    halv = max(g.radlangd // 2, 1)
    for start in range(0, len(data) - halv + 1, halv):
        if data.find(b"\n", start, start + halv) == -1:
            forsta = data.rfind(b"\n", 0, start) + 1
            sista = data.find(b"\n", start)
            langd = (len(data) if sista == -1 else sista) - forsta
            if langd > g.radlangd:
                raise _fel(fil, f"Raden är {_tal(langd)} byte lång; gränsen är {_tal(g.radlangd)} byte per rad. "
                                "Är det verkligen en CSV-fil?", rad=data.count(b"\n", 0, forsta) + 1)


def _prova_csv_granser(data: bytes, kolumner: int, fil: str) -> None:
    """Kolumner och celler innan Polars allokerar något (radlängden är redan prövad)."""
    g = installningar.LASGRANSER
    if kolumner > g.kolumner:
        raise _fel(fil, f"Filen har {_tal(kolumner)} kolumner; gränsen är {_tal(g.kolumner)} kolumner.", rad=1)
    # Varje cell kostar minst en byte (avgränsare eller radbrytning): en fil mindre än gränsen räknas inte.
    rader = data.count(b"\n") + (not data.endswith(b"\n")) if len(data) > g.celler else 0
    if rader * kolumner > g.celler:
        raise _fel(fil, f"Filen har {_tal(rader)} rader och {_tal(kolumner)} kolumner ({_tal(rader * kolumner)} "
                        f"celler); gränsen är {_tal(g.celler)} celler. Ta bort tomma kolumner eller dela upp filen.")


def _hitta_csv_fel(data: bytes, separator: str, bredd: int, fil: str) -> Fynd | None:
    """Raden där Polars gav upp: fler värden än rubrikraden eller ett citattecken som inte stängs. Rader räknas
    som i ett kalkylprogram (en post med radbrytning inom citat är en rad; rubrikraden är rad 1)."""
    csv.field_size_limit(max(csv.field_size_limit(), 2 * installningar.LASGRANSER.radlangd))
    lasare = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""), delimiter=separator,
                        strict=True)
    rad = 1
    try:
        for post in lasare:
            if len(post) > bredd:
                return Fynd(fil, f"Raden har {len(post)} värden men rubrikraden har {bredd} kolumner. Kontrollera "
                                 "avgränsarna (och citattecknen) på raden.", rad=rad)
            rad += 1
    except csv.Error:
        return Fynd(fil, "Ett citattecken på raden stängs inte (eller står mitt i ett värde), så resten av filen "
                         "blir ett enda värde. Stäng citatet eller ta bort det.", rad=rad)
    return None


def las_csv(innehall: bytes, fil: str) -> list[Blad]:
    _stoppa_utf16(innehall, fil)
    data = _som_utf8(innehall, fil)
    if not data or data.isspace():
        raise _fel(fil, "Filen är tom.")
    prov = data[:_PROV_BYTE].decode("utf-8", errors="replace")
    hela = len(data) <= _PROV_BYTE
    separator = _separator(prov, hela)
    _prova_radlangd(data, fil)
    forsta_raden = data.find(b"\n")
    if 0 <= forsta_raden < len(prov) or hela:
        poster = _poster(prov, separator, 1, hela)
    else:  # rubrikraden är längre än provet (men inom gränsen för radlängd)
        poster = _poster(data[:forsta_raden].decode("utf-8", errors="replace"), separator, 1, True)
    bredd = len((poster or [[""]])[0])
    _prova_csv_granser(data, bredd, fil)
    try:
        df = pl.read_csv(data, separator=separator, has_header=False, infer_schema=False,
                         truncate_ragged_lines=False)
    except pl.exceptions.PolarsError as fel:
        if data is innehall:
            try:
                innehall.decode("utf-8")
            except UnicodeDecodeError:
                # Början var UTF-8 men inte resten: avvisas om filen blandar kodningar, annars Windows-1252.
                return las_csv(avkoda(innehall, fil).encode("utf-8"), fil)
        fynd = _hitta_csv_fel(data, separator, bredd, fil)
        raise InlasningsFel([fynd or Fynd(fil, "Filen kunde inte läsas som CSV: raderna har olika antal kolumner "
                                               "eller citattecken som inte stängs.")]) from fel
    if df.width == 1 and df.height > 1 and separator not in _forsta_raderna(prov, 1)[0]:
        raise _fel(fil, "Filen har bara en kolumn. Är den sparad med semikolon eller komma som avgränsare?", rad=1)
    return [Blad(None, _med_rubriker(df, fil, None, styrtecken=_kan_ha_styrtecken(data)))]


# ---------------------------------------------------------------- Excel


def _kolumnindex(bokstaver: bytes) -> int:
    """b'A' -> 1, b'XFD' -> 16384."""
    n = 0
    for b in bokstaver:
        n = n * 26 + b - 64
    return n


def _bladnamn(z: zipfile.ZipFile) -> dict[str, str]:
    """Bladets fil i arkivet (xl/worksheets/sheet1.xml) -> bladets namn (Deltagare)."""
    try:
        bok = z.read("xl/workbook.xml").decode("utf-8", errors="replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    except KeyError:
        return {}
    mal = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        id_ = re.search(r'\bId="([^"]*)"', rel.group())
        target = re.search(r'\bTarget="([^"]*)"', rel.group())
        if id_ and target:
            t = unescape(target.group(1))
            mal[id_.group(1)] = posixpath.normpath(t.lstrip("/") if t.startswith("/") else f"xl/{t}")
    namn = {}
    for blad in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", bok):
        n = re.search(r'\bname="([^"]*)"', blad.group())
        rid = re.search(r'\br:id="([^"]*)"', blad.group())
        if n and rid and rid.group(1) in mal:
            namn[mal[rid.group(1)]] = unescape(n.group(1))
    return namn


def _prova_arkiv(z: zipfile.ZipFile, fil: str) -> None:
    g = installningar.LASGRANSER
    poster = z.infolist()
    if len(poster) > g.zip_poster:
        raise _fel(fil, f"Excel-filen innehåller {_tal(len(poster))} poster i sitt zip-arkiv; gränsen är "
                        f"{_tal(g.zip_poster)} poster.")
    totalt = 0
    for p in poster:
        totalt += p.file_size
        if p.file_size > 1 << 20 and p.file_size > g.zip_kvot * max(p.compress_size, 1):
            kvot = p.file_size / max(p.compress_size, 1)
            raise _fel(fil, f"Delen {p.filename} i Excel-filen packas upp {_tal(kvot)} "
                            f"gånger (gränsen är {g.zip_kvot} gånger): filen ser ut som en zip-bomb.")
        if p.file_size > g.zip_post_byte:
            raise _fel(fil, f"Delen {p.filename} i Excel-filen packas upp till {_tal(p.file_size / 2**20)} MiB; "
                            f"gränsen är {_tal(g.zip_post_byte / 2**20)} MiB per del.")
    if totalt > g.zip_totalt_byte:
        raise _fel(fil, f"Excel-filen packas upp till {_tal(totalt / 2**20)} MiB; gränsen är "
                        f"{_tal(g.zip_totalt_byte / 2**20)} MiB.")


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\sref="[A-Z]*\d*:?([A-Z]*)(\d*)"')
_REF = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,9})"')
_SISTA_REF = re.compile(rb'\sr="([A-Z]{0,3})(\d{1,9})"[^<]*>(?:(?!\sr=").)*$', re.S)
_CELL_MED_FORMEL = re.compile(rb'<(?:\w+:)?c\b([^>]*)>((?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?f\b(?:(?!</(?:\w+:)?c>).)*)'
                              rb'</(?:\w+:)?c>', re.S)
_VARDE = re.compile(rb"<(?:\w+:)?v\b")  # <v></v> är ett cachat tomt värde (="")


def _bokstaver(kolumn: int) -> str:
    """1 -> A, 16384 -> XFD."""
    bokstaver = ""
    while kolumn:
        kolumn, rest = divmod(kolumn - 1, 26)
        bokstaver = chr(65 + rest) + bokstaver
    return bokstaver


@lru_cache(maxsize=256)
def _storre_an(kolumn: int, siffror: int) -> re.Pattern:
    """En cellreferens med kolumn större än kolumn eller en rad med fler än siffror siffror. Söks i hela biten
    utan att skapa ett objekt per cell (ett blad med en miljon rader har sju miljoner referenser); börjar med
    r=" (inte \\s) så att sökningen går på prefixet. En träff i en cells text kostar bara en exakt räkning."""
    b = _bokstaver(kolumn)
    kolumner = [rf"[A-Z]{{{len(b) + 1},}}"] + [b[:i] + f"[{chr(ord(c) + 1)}-Z]" + f"[A-Z]{{{len(b) - i - 1}}}"
                                              for i, c in enumerate(b) if c != "Z"]
    return re.compile(rf'r="(?:(?:{"|".join(kolumner)})\d|[A-Z]{{0,3}}\d{{{siffror + 1}}})'.encode())


_FORSTA_VARDE = re.compile(rb'<(?:\w+:)?c\b[^>]*?\sr="[A-Z]{1,3}(\d{1,9})"[^>]*>'
                           rb'(?:(?!</(?:\w+:)?c>).)*?<(?:\w+:)?(?:v|is)\b', re.S)


def _skanna_blad(z: zipfile.ZipFile, post: str, blad: str, fil: str) -> int:
    """Bladets deklarerade dimension och verkliga utsträckning (största rad och kolumn i cellreferenserna) och
    formler utan cachat värde, strömmat i bitar: inget byggs upp i minnet.

    Varje bit prövas först snabbt: finns en kolumn bortom den hittills största, eller en rad med fler siffror?
    Annars är bitens rader högst 10^siffror - 1, och räcker den övre gränsen under cellgränsen behövs inget
    exakt värde. Bara bitar som inte klarar det (breda blad, fler siffror, miljonte raden) räknas exakt. Växer
    kolumnerna senare så att en tidigare övre gräns inte längre räcker, räknas hela bladet om exakt.

    Returnerar raden för bladets första cell med ett värde (där Excel-läsarens tabell börjar)."""
    g = installningar.LASGRANSER

    def for_stort(rader: int, kolumner: int, vad: str) -> None:
        if kolumner > g.kolumner:
            raise _fel(fil, f"Bladet {vad} {_tal(kolumner)} kolumner; gränsen är {_tal(g.kolumner)} kolumner. "
                            "Ta bort tomma kolumner (eller formatering) till höger om tabellen.", blad=blad)
        if rader * kolumner > g.celler:
            raise _fel(fil, f"Bladet {vad} {_tal(rader)} rader och {_tal(kolumner)} kolumner "
                            f"({_tal(rader * kolumner)} celler); gränsen är {_tal(g.celler)} celler. Ta bort tomma "
                            "rader och kolumner (eller formatering) utanför tabellen.", blad=blad)

    forsta_varde = [1]

    def skanna(exakt: bool) -> bool:
        """Sant om skanningen måste göras om exakt."""
        max_rad = max_kol = siffror = 0
        ovre_rad = 0  # övre gräns för rader i bitar som inte räknats exakt
        forsta = True
        rest = b""
        with z.open(post) as strom:
            while bit := strom.read(1 << 22):
                data = rest + bit if rest else bit
                # Dela efter sista hela raden (annars sista taggen), så att en cell inte delas mellan två bitar.
                slut = data.rfind(b"</row>", max(0, len(data) - (1 << 20)))
                slut = slut + 6 if slut >= 0 else data.rfind(b">") + 1
                rest = data[slut:]
                if len(rest) > 1 << 24:
                    raise _fel(fil, "Bladet har ett värde eller en tagg längre än 16 MiB.", blad=blad)
                if forsta and slut:
                    forsta = False
                    if varde := _FORSTA_VARDE.search(data, 0, slut):
                        forsta_varde[0] = int(varde.group(1))
                    dim = _DIMENSION.search(data, 0, slut)
                    if dim and dim.group(1) and dim.group(2):
                        for_stort(int(dim.group(2)), _kolumnindex(dim.group(1)), "anger sin storlek som")
                sista = _SISTA_REF.search(data, max(0, slut - 4096), slut)
                if sista:
                    max_rad = max(max_rad, int(sista.group(2)))
                    max_kol = max(max_kol, _kolumnindex(sista.group(1)))
                    siffror = max(siffror, len(sista.group(2)))
                if (exakt or siffror >= 7 or (10**siffror - 1) * max(max_kol, 1) > g.celler
                        or _storre_an(max_kol, siffror).search(data, 0, slut)):
                    for bokstaver, rad in _REF.findall(data, 0, slut):
                        max_rad = max(max_rad, int(rad))
                        max_kol = max(max_kol, _kolumnindex(bokstaver))
                    siffror = len(str(max_rad))
                else:
                    ovre_rad = max(ovre_rad, 10**siffror - 1)
                for_stort(max_rad, max(max_kol, 1), "sträcker sig till")
                if ovre_rad * max(max_kol, 1) > g.celler:
                    return True
                if data.find(b"<f", 0, slut) >= 0 or data.find(b":f", 0, slut) >= 0:
                    for cell in _CELL_MED_FORMEL.finditer(data, 0, slut):
                        if not _VARDE.search(cell.group(2)):
                            ref = re.search(rb'\sr="([A-Z]+)(\d+)"', cell.group(1))
                            plats = {"rad": int(ref.group(2)), "kolumn": ref.group(1).decode()} if ref else {}
                            cellnamn = f"{plats['kolumn']}{plats['rad']}" if ref else "?"
                            raise _fel(fil, f"En formel i cell {cellnamn} saknar "
                                            "beräknat värde (filen är inte sparad i Excel efter att formeln "
                                            "skrevs). Öppna filen i Excel och spara den, eller skriv in värdet.",
                                       blad=blad, **plats)
        return False

    if skanna(exakt=False):
        skanna(exakt=True)
    return forsta_varde[0]


def las_excel_har(innehall: bytes, fil: str) -> list[Blad]:
    """Tolkar en Excel-fil i den här processen. Anropas i en egen process med minnesgräns (isolering.py)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(innehall))
        _prova_arkiv(z, fil)
        namn = _bladnamn(z)
        forsta_rad = {}
        # Bladen som arbetsboken pekar ut, var de än ligger i arkivet, och allt i xl/worksheets/.
        for post in z.namelist():
            if post in namn or (post.startswith("xl/worksheets/") and post.endswith(".xml")):
                forsta_rad[namn.get(post, post)] = _skanna_blad(z, post, namn.get(post, post), fil)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as fel:
        raise _fel(fil, "Filen är inte en giltig Excel-fil (xlsx). Den kan vara trasig eller avkortad; spara om "
                        "den från Excel.") from fel
    try:
        blad = pl.read_excel(innehall, sheet_id=0, infer_schema_length=0, has_header=False, drop_empty_cols=False,
                             drop_empty_rows=False)
    except Exception as fel:  # fastexcel/calamine har egna feltyper för trasiga filer
        raise _fel(fil, "Filen är inte en giltig Excel-fil (xlsx). Den kan vara trasig eller avkortad; spara om "
                        "den från Excel.") from fel
    resultat = []
    for namn, df in blad.items():
        if df.width and df.height > 1:
            # Excel-läsarens tabell börjar vid bladets första cell med värde; tomma rader tas bort efter att
            # raderna numrerats, så att ett fel pekar på samma rad som i Excel.
            rubrikrad = forsta_rad.get(namn, 1)
            df = _med_rubriker(df, fil, namn, rubrikrad=rubrikrad)
            radnummer = pl.Series("rad", range(rubrikrad + 1, rubrikrad + 1 + df.height), dtype=pl.Int64)
            if df.width:
                tom = df.select(pl.all_horizontal(pl.all().is_null())).to_series()
                df, radnummer = df.filter(~tom), radnummer.filter(~tom)
                if df.height:
                    resultat.append(Blad(namn, df, radnummer, rubrikrad))
    if not resultat:
        raise _fel(fil, "Excel-filen innehåller inga tabeller.")
    return resultat


def las_excel(innehall: bytes, fil: str) -> list[Blad]:
    from . import isolering

    return isolering.tolka(las_excel_har, innehall, fil)


def las(innehall: bytes, fil: str) -> list[Blad]:
    """Ett Blad per tabell i filen. Typen avgörs av innehållet, inte bara av filändelsen."""
    if not innehall:
        raise _fel(fil, "Filen är tom.")
    if innehall[:2] == b"PK" or fil.lower().endswith((".xlsx", ".xlsm")):
        return las_excel(innehall, fil)
    if innehall[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _fel(fil, "Filen är i det gamla Excel-formatet (xls). Spara om den som xlsx eller CSV.")
    from . import isolering

    with isolering.plats(fil):
        return las_csv(innehall, fil)
