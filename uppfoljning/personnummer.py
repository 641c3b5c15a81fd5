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
Varje följd av siffror prövas för sig och tillsammans med nästa, och ingenting konsumeras: ett ogiltigt nummer
direkt före ett giltigt ("000000-0000 121272-1219") döljer det inte.

Ett tal med tio siffror som råkar ha giltigt datum och kontrollsiffra (ungefär vart tionde tal vars sex första
siffror är ett datum) räknas som personnummer: hellre ett onödigt stopp än ett lagrat nummer.

Sökningen i en uppladdning är vektoriserad: ett reguljärt uttryck i Polars släpper bara igenom celler med
numrets form i ASCII eller med ett tecken utanför ASCII som kan bli en siffra eller avgränsare, och bara de
prövas i Python. Att förfiltret aldrig släpper ett nummer prövas i tests/test_personnummer.py.
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
# Sökningen går igenom följderna av siffror (snabbare än att pröva varje position med framåtblick, och inget
# konsumeras som nästa nummer behöver).
_SIFFERFOLJD = re.compile(r"[0-9]+")
_AVGRANSNING = re.compile(r"[-+\s]{1,3}", re.ASCII)
_SEKEL = ("18", "19", "20")
# Samma form utan gränser och framåtblick: en snabb första sökning som de flesta texter stannar vid.
_FORM = re.compile(r"[0-9]{6}[-+\s]{0,3}[0-9]{4}", re.ASCII)


def _klass(spann, rust: bool) -> str:
    """Kodpunkterna som innehåll i en teckenklass, för Rusts regex (Polars) eller Pythons."""
    def kod(i: int) -> str:
        return f"\\x{{{i:X}}}" if rust else f"\\U{i:08X}"
    return "".join(kod(a) if a == b else f"{kod(a)}-{kod(b)}" for a, b in spann)


# Förfiltret i Polars släpper igenom varje cell där prövningen kan hitta något: antingen står numrets form
# med ASCII-siffror och ASCII-avgränsare i råtexten, eller så finns ett tecken utanför ASCII som
# normaliseringen gör till en siffra, en avgränsare eller ingenting (klasserna är uträknade ur _tecken, se
# personnummer_tecken.py). Sådana tecken är ovanliga i en uppladdning (hårt mellanslag i belopp, tankstreck i
# text); bara de cellerna, och de med formen, prövas i Python.
_FORFILTER = (r"[0-9]{6}[\t\n\x0B\x0C\r \-+]{0,3}[0-9]{4}|["
              + "".join(_klass(k, True) for k in (tecken.SIFFRA, tecken.ANNAT_MED_SIFFRA, tecken.AVGRANSARE,
                                                  tecken.OSYNLIGT)) + "]")
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
    spann = []
    forra = None
    for m in _SIFFERFOLJD.finditer(text):
        siffror = m.group()
        # Utan avgränsare: exakt tio siffror, eller tolv med seklet först.
        if (len(siffror) == 10 or (len(siffror) == 12 and siffror[:2] in _SEKEL)) \
                and _giltigt(siffror[-10:-4], siffror[-4:]):
            spann.append(m.span())
        # Med avgränsare: de sex sista siffrorna i förra följden och de fyra första i den här.
        if forra is not None and len(forra.group()) >= 6 and len(siffror) >= 4 \
                and _AVGRANSNING.fullmatch(text, forra.end(), m.start()):
            fore = forra.group()
            if _giltigt(fore[-6:], siffror[:4]):
                sekel = len(fore) >= 8 and fore[-8:-6] in _SEKEL
                spann.append((forra.end() - (8 if sekel else 6), m.start() + 4))
        forra = m
    return spann


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
    celler: list[tuple[int, str]] = [(-1, k) for k in df.columns if innehaller(str(k))]
    # Alla kolumner i en select: Polars söker dem parallellt, och bara kolumner med kandidater gås igenom.
    kandidater = df.select(pl.col(k).cast(pl.String, strict=False).str.contains(_FORFILTER).fill_null(False)
                           for k in df.columns)
    for kolumn in [k for k, finns in kandidater.select(pl.all().any()).row(0, named=True).items() if finns]:
        index = kandidater[kolumn].arg_true()
        varden = df[kolumn].cast(pl.String, strict=False).gather(index).to_list()
        celler += [(i, kolumn) for i, v in zip(index.to_list(), varden) if innehaller(v)]
    return celler
