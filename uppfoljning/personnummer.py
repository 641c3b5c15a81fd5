"""Den enda detektorn för svenska personnummer och samordningsnummer. Ett personnummer får aldrig nå lagring,
loggar eller utdata; all text som kommer in (celler, rubriker, bladnamn, filnamn, analys och beslut,
användarnamn, kommandoradens argument) prövas här, och det som syns för användaren maskeras här.

Vad som räknas som ett nummer:
- tio siffror ÅÅMMDDNNNK eller tolv ÅÅÅÅMMDDNNNK med seklet 18, 19 eller 20;
- mellan datumet och de fyra sista: inget, eller upp till tre tecken av bindestreck, plus, mellanslag
  (alla sorters, också hårt mellanslag) och Unicode-streck (tankstreck, em-streck, minustecken …);
- vilka siffror som helst (helbreddssiffror, arabiska …): texten normaliseras med NFKC och varje Unicode-siffra
  läses som sin siffra; osynliga tecken (nollbreddsmellanslag, kombinerande tecken) räknas inte;
- utan avgränsare: exakt tio eller tolv siffror i följd (inte del av ett längre tal); med avgränsare räcker
  sex siffror, avgränsaren och fyra siffror, också med fler siffror runt omkring ("811218-98768112189876");
- giltigt datum (dag + 60 för samordningsnummer; 29 februari alla år, eftersom seklet ofta saknas) och rätt
  kontrollsiffra (Luhn).
Varje position prövas (framåtblick), så ett ogiltigt nummer direkt före ett giltigt döljer det inte.

Ett tal med tio siffror som råkar ha giltigt datum och kontrollsiffra (ungefär vart tionde tal vars sex första
siffror är ett datum) räknas som personnummer: hellre ett onödigt stopp än ett lagrat nummer.

Sökningen i en uppladdning är vektoriserad: ett reguljärt uttryck i Polars släpper bara igenom celler med något
som kan vara ett nummer (samma form, på råtexten), och bara de prövas i Python.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import polars as pl

from . import personnummer_tecken as tecken

# Det som ersätter ett nummer i allt som sparas eller visas.
MASK = "ÅÅMMDD-XXXX"

# Efter normaliseringen (eller i text som bara är ASCII): siffrorna 0-9, avgränsarna "-", "+" och blanksteg.
# Framåtblick: varje position prövas, så en ogiltig kandidat konsumerar inte nästa.
_MED_AVGRANSARE = re.compile(r"(?=((?:18|19|20)?([0-9]{6})[-+\s]{1,3}([0-9]{4})))", re.ASCII)
_UTAN_AVGRANSARE = re.compile(r"(?<![0-9])(?=((?:18|19|20)?([0-9]{6})([0-9]{4}))(?![0-9]))", re.ASCII)
# Samma form utan gränser och framåtblick: en snabb första sökning som de flesta texter stannar vid.
_FORM = re.compile(r"[0-9]{6}[-+\s]{0,3}[0-9]{4}", re.ASCII)


def _klass(spann, rust: bool) -> str:
    """Kodpunkterna som innehåll i en teckenklass, för Rusts regex (Polars) eller Pythons."""
    def kod(i: int) -> str:
        return f"\\x{{{i:X}}}" if rust else f"\\U{i:08X}"
    return "".join(kod(a) if a == b else f"{kod(a)}-{kod(b)}" for a, b in spann)


# Förfiltret i Polars prövar samma form på råtexten, där varje tecken som normaliseringen gör till en siffra
# räknas som siffra, varje tecken som blir en avgränsare som avgränsare och osynliga tecken hoppas över
# (klasserna är uträknade ur _tecken, se personnummer_tecken.py). En cell med ett tecken som blir en siffra
# och något mer (⑴, ㉑) släpps alltid igenom. Förfiltret släpper därmed igenom varje cell där prövningen
# kan hitta något, och bara de prövas i Python.
_D = "0-9" + _klass(tecken.SIFFRA, True)
_O = f"[{_klass(tecken.OSYNLIGT, True)}]*"
_A = rf"[\t\n\x0B\x0C\r \-+{_klass(tecken.AVGRANSARE, True)}]"
_FORFILTER = (rf"(?:[{_D}]{_O}){{6}}(?:{_A}{_O}){{1,3}}(?:[{_D}]{_O}){{4}}"
              rf"|(?:^|[^{_D}]){_O}(?:[{_D}]{_O}){{10,12}}(?:[^{_D}]|$)"
              rf"|[{_klass(tecken.ANNAT_MED_SIFFRA, True)}]")
# Text utanför ASCII utan något tecken som kan bli en siffra behöver inte normaliseras: efter NFKC är varje
# sådant tecken en Unicode-siffra (Nd).
_NAGON_SIFFRA = re.compile(r"\d")

_STRECK = "\u2212\ufe62\u207a\u208a\u2796"  # minustecken och plus som inte är Pd


def _tecken(c: str) -> str:
    """Ett tecken normaliserat: siffror till 0-9, streck till -, blanksteg till mellanslag, osynligt bort."""
    if c.isascii():
        return c
    if c.isspace():
        return " "
    n = unicodedata.normalize("NFKC", c)
    ut = []
    for t in n:
        if t.isascii():
            ut.append(t)
        elif (siffra := unicodedata.decimal(t, None)) is not None:
            ut.append(str(siffra))
        elif t.isspace():
            ut.append(" ")
        elif unicodedata.category(t) == "Pd" or t in _STRECK:
            ut.append("+" if t in "\u207a\u208a\u2796" else "-")
        elif unicodedata.category(t) in ("Cf", "Mn", "Me"):
            continue
        else:
            ut.append(t)
    return "".join(ut)


def _normalisera(text: str) -> tuple[str, list[int]]:
    """Normaliserad text och, för varje tecken i den, var i originalet det kom ifrån."""
    delar, ursprung = [], []
    for i, c in enumerate(text):
        n = _tecken(c)
        delar.append(n)
        ursprung += [i] * len(n)
    return "".join(delar), ursprung


def _luhn(tio: str) -> bool:
    summa = 0
    for i, tecken in enumerate(tio):
        produkt = int(tecken) * (2 - i % 2)
        summa += produkt - 9 if produkt > 9 else produkt
    return summa % 10 == 0


def _giltigt(aammdd: str, sista: str) -> bool:
    manad, dag = int(aammdd[2:4]), int(aammdd[4:6])
    if dag > 60:
        dag -= 60  # samordningsnummer
    try:
        date(2000, manad, dag)  # ett skottår: 29 februari godtas alltid
    except ValueError:
        return False
    return _luhn(aammdd + sista)


def _sok(text: str) -> list[tuple[int, int]]:
    """(början, slut) för varje nummer i text som bara har ASCII-siffror och avgränsare."""
    return [m.span(1) for monster in (_MED_AVGRANSARE, _UTAN_AVGRANSARE) for m in monster.finditer(text)
            if _giltigt(m.group(2), m.group(3))]


def traffar(text: str) -> list[tuple[int, int]]:
    """(början, slut) i texten för varje nummer, för att kunna säga var det står utan att upprepa det."""
    if len(text) < 10 and text.isascii():
        return []
    if text.isascii():  # det vanliga: ingen normalisering, positionerna är desamma
        if not _FORM.search(text):
            return []
        return _sok(text)
    if not _NAGON_SIFFRA.search(unicodedata.normalize("NFKC", text)):
        return []
    normal, ursprung = _normalisera(text)
    return [(ursprung[borjan], ursprung[slut - 1] + 1) for borjan, slut in _sok(normal)]


def innehaller(text: str | None) -> bool:
    """Innehåller texten något som ser ut som ett personnummer eller samordningsnummer?"""
    return bool(text) and bool(traffar(str(text)))


# Det gamla namnet (prestandamätningens baslinje använder det).
ar_personnummer = innehaller


def maskera(text, mask: str = MASK):
    """Texten med varje nummer ersatt av mask. Annat än text lämnas som det är (None, tal)."""
    if not isinstance(text, str):
        return text
    # Tills inget finns kvar: ett nummer som satt ihop med ett annat ("811218-98768112189876") blir synligt
    # först när det första har ersatts.
    while spann := traffar(text):
        # Överlappande träffar slås ihop innan de ersätts.
        sammanslagna: list[list[int]] = []
        for borjan, slut in sorted(spann):
            if sammanslagna and borjan <= sammanslagna[-1][1]:
                sammanslagna[-1][1] = max(sammanslagna[-1][1], slut)
            else:
                sammanslagna.append([borjan, slut])
        delar, forra = [], 0
        for borjan, slut in sammanslagna:
            delar += [text[forra:borjan], mask]
            forra = slut
        text = "".join(delar) + text[forra:]
    return text


def hitta(df: pl.DataFrame) -> list[tuple[int, str]]:
    """(radindex från 0, kolumnnamn) för varje cell som innehåller ett personnummer. Rubrikerna prövas som rad -1."""
    traffar: list[tuple[int, str]] = [(-1, k) for k in df.columns if innehaller(str(k))]
    # Alla kolumner i en select: Polars söker dem parallellt, och bara kolumner med kandidater gås igenom.
    kandidater = df.select(pl.col(k).cast(pl.String, strict=False).str.contains(_FORFILTER).fill_null(False)
                           for k in df.columns)
    for kolumn in [k for k, finns in kandidater.select(pl.all().any()).row(0, named=True).items() if finns]:
        text = df[kolumn].cast(pl.String, strict=False)
        for index in kandidater[kolumn].arg_true().to_list():
            if innehaller(text[index]):
                traffar.append((index, kolumn))
    return traffar
