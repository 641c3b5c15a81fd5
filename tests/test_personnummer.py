"""Detektorn för personnummer: vad den hittar, vad den släpper (falsklarm), maskeringen och att förfiltret i
Polars aldrig släpper en cell som den noggranna prövningen skulle hitta något i."""

from __future__ import annotations

import random

import polars as pl
import pytest

from uppfoljning import personnummer, personnummer_tecken
from uppfoljning.personnummer import MASK, hitta, innehaller, maskera

from .test_personnummer_attack import NUMMER, former, luhn, pnr


@pytest.mark.parametrize("text", [
    "2020-01-01", "2020-01-13 12:00:00", "11 558", "1 234 567", "11 558 000", "VN-0001", "a3f9-22c1-77b0",
    "HFE-2020-0042", "070-123 45 67", "+46 70 123 45 67", "556036-0793",  # organisationsnummer: månad 60
    "811218-9875", "811318-9876", "811232-9876",  # fel kontrollsiffra, månad 13, dag 32
    "1198112189876", "8112189876" + "1", "12.5", "", "   ", "20200101", "2020-01-01T12:00:00",
    pnr("810230", "123"), pnr("810431", "123"), pnr("811131", "123"), pnr("811200", "123"), pnr("811292", "123"),
])
def test_inget_falsklarm(text):
    assert not innehaller(text)
    assert maskera(text) == text


@pytest.mark.parametrize("text", [t for tio in NUMMER for t in former(tio).values()] + [
    pnr("000229", "123"), pnr("790229", "123"),  # 29 februari godtas alla år: seklet saknas ofta
    "19" + pnr("020229", "221"), "20" + pnr("000229", "123"),
    # Med avgränsare: också med siffror runt omkring (angränsande nummer, ett ogiltigt sekel).
    "55" + pnr("811218", "987")[:6] + "-" + pnr("811218", "987")[6:],
    pnr("811218", "987")[:6] + "-" + pnr("811218", "987")[6:] + pnr("811218", "987"),
    "18" + pnr("701231", "456"), "20" + pnr("150101", "999"),
    pnr("811278", "987"),  # samordningsnummer: dag 18 + 60
    f"{pnr('811218', '987')}\t", f"x\n{pnr('811218', '987')[:6]}\n{pnr('811218', '987')[6:]}",
    f"{pnr('811218', '987')[:6]} \u2013 {pnr('811218', '987')[6:]}",
])
def test_hittar(text):
    assert innehaller(text)
    assert not innehaller(maskera(text))


def test_tio_siffror_med_giltigt_datum_och_kontrollsiffra_vagras():
    # Ett tal som råkar ha ett giltigt datum och rätt kontrollsiffra vägras: det går inte att skilja från ett
    # personnummer utan avgränsare, och hellre ett onödigt stopp än ett lagrat nummer.
    assert innehaller(pnr("070123", "456"))
    assert not innehaller(pnr("070123", "456")[:9] + str((int(luhn("070123456")) + 1) % 10))


def test_maskera_ersatter_varje_nummer_och_behaller_resten():
    a, b = pnr("811218", "987"), pnr("121272", "121")
    assert maskera(f"Deltagare {a[:6]}-{a[6:]} och {b} avslutade.") == f"Deltagare {MASK} och {MASK} avslutade."
    assert maskera(f"000000-0000 {b[:6]}-{b[6:]}") == f"000000-0000 {MASK}"
    assert maskera(f"{a[:6]}-{a[6:]},{b[:6]}-{b[6:]}") == f"{MASK},{MASK}"
    assert maskera(f"deltagare_{a[:6]}\u2014{a[6:]}.csv") == f"deltagare_{MASK}.csv"
    helbredd = f"{a[:6]}-{a[6:]}".translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert maskera(f"fil {helbredd}.xlsx") == f"fil {MASK}.xlsx"
    assert maskera(f"19{a}") == MASK
    assert maskera(None) is None and maskera(12) == 12
    assert maskera(a, "[personnummer]") == "[personnummer]"


def test_hitta_pekar_ut_celler_och_rubriker():
    a = pnr("811218", "987")
    df = pl.DataFrame({"id": ["VN-1", f"x {a[:6]} {a[6:]}", "VN-3"], f"Orsak {a}": ["a", "b", "c"],
                       "belopp": ["11 558", "2020-01-01", f"000000-0000 {a}"]})
    assert sorted(hitta(df)) == sorted([(-1, f"Orsak {a}"), (1, "id"), (2, "belopp")])


# Ett par tecken ur varje teckenklass (utom de osynliga, där de första räcker).
_UNICODE = [chr(a) for klass in (personnummer_tecken.SIFFRA, personnummer_tecken.AVGRANSARE,
                                 personnummer_tecken.ANNAT_MED_SIFFRA) for a, _ in klass[::7]]
_UNICODE += [chr(a) for a, _ in personnummer_tecken.OSYNLIGT[:20]]


def _slumptext(slump: random.Random) -> str:
    """Bitar av nummer, siffror, avgränsare och skräp i slumpvis ordning."""
    tio = pnr(f"{slump.randint(0, 99):02d}{slump.randint(1, 12):02d}{slump.randint(1, 28) + slump.choice([0, 60]):02d}",
              f"{slump.randint(0, 999):03d}")
    bitar = [*former(tio).values(), tio, "19", "20", "0", "1234", "-", " ", "\u2013", "\u200b", "＋", "٣", "①",
             "a", "b", ";", "\u00a0", "²", "\u0301", "㉑", "⑴", "½", "㏥", "\t", "\x1c", *_UNICODE]
    return "".join(slump.choice(bitar) for _ in range(slump.randint(1, 6)))


def test_forfiltret_slapper_aldrig_ett_nummer():
    """Egenskapen som gör sökningen snabb och säker: varje cell som innehaller() hittar något i släpps igenom
    av förfiltret i Polars. Prövas på 20 000 slumpade texter."""
    slump = random.Random(14)
    texter = [_slumptext(slump) for _ in range(20_000)]
    forfilter = pl.Series(texter).str.contains(personnummer._FORFILTER).to_list()
    missade = [t for t, f in zip(texter, forfilter) if innehaller(t) and not f]
    assert not missade, missade[:5]
    assert sum(map(innehaller, texter)) > 5_000, "slumptexterna ska innehålla många nummer"


def test_teckenklasserna_stammer_med_normaliseringen():
    """Förfiltrets klasser är uträknade ur normaliseringen; ändras den (eller Pythons Unicode-databas) ska
    klasserna räknas om (python -m uppfoljning.personnummer_tecken)."""
    klasser = personnummer_tecken.rakna()
    for namn, spann in klasser.items():
        assert getattr(personnummer_tecken, namn) == spann, namn
    # Den snabba vägen för text utanför ASCII: varje tecken som blir en siffra är en siffra (Nd) efter NFKC.
    import re
    import unicodedata
    for a, b in klasser["SIFFRA"] + klasser["ANNAT_MED_SIFFRA"]:
        for i in range(a, b + 1):
            assert re.search(r"\d", unicodedata.normalize("NFKC", chr(i))), hex(i)


def test_vanlig_text_utan_siffror_normaliseras_inte(monkeypatch):
    monkeypatch.setattr(personnummer, "_normalisera", lambda text: pytest.fail("normaliserades"))
    assert not innehaller("Samordningsteamet i Vännäs, Fortsatt rehabilitering")


# Referensen: samma regler som ett reguljärt uttryck med framåtblick från varje position (långsamt men lätt att
# läsa). Sökningen i produkten går igenom sifferföljderna i stället och ska ge samma svar.
_REFERENS = __import__("re").compile(
    r"(?=((?:18|19|20)?([0-9]{6})[-+\s]{1,3}([0-9]{4})))|(?<![0-9])(?=((?:18|19|20)?([0-9]{6})([0-9]{4}))(?![0-9]))",
    __import__("re").ASCII)


def _referens(text: str) -> bool:
    from datetime import date

    def giltigt(aammdd, sista):
        dag = int(aammdd[4:6]) - (60 if int(aammdd[4:6]) > 60 else 0)
        try:
            date(2000, int(aammdd[2:4]), dag)
        except ValueError:
            return False
        return luhn(aammdd + sista[:3]) == sista[3]
    return any(giltigt(m.group(2), m.group(3)) if m.group(1) is not None else giltigt(m.group(5), m.group(6))
               for m in _REFERENS.finditer(text))


def test_sokningen_ger_samma_svar_som_referensen():
    slump = random.Random(1412)
    bitar = ["0", "1", "2", "9", "19", "20", "55", "12", "29", "-", " ", "+", "--", "a", "\t",
             *(f for tio in NUMMER for f in (tio, f"{tio[:6]}-{tio[6:]}", f"{tio[:6]} {tio[6:]}"))]
    for _ in range(30_000):
        text = "".join(slump.choice(bitar) for _ in range(slump.randint(1, 8)))
        assert innehaller(text) == _referens(text), text
