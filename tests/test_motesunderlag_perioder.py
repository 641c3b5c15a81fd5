"""Mötesunderlagets PDF och Word för andra perioder än kalenderåret och för ett ESF-projekt (issue 15 och 16):
projektperioden och en lägesrapport ger ett underlag med periodens namn och jämförelseperiodens namn i
indikatortabellerna, och texten har projektets ord ("delprojekt", "styrgruppen"), aldrig förbundets."""

from __future__ import annotations

import io
import re

import docx
import pytest
from pypdf import PdfReader

from uppfoljning import malramverk, motesunderlag, pdf, word

from .conftest import ny_databas, skriv
from .test_esf_projekt import ESF

FORBUNDETS_ORD = re.compile(r"(?i)plattform|styrelse|förbund")


@pytest.fixture(scope="module")
def esf_underlag(tmp_path_factory):
    fil = ny_databas(tmp_path_factory.mktemp("esf") / "esf.duckdb", datasets=ESF / "datasets")
    with skriv(fil) as con:  # las_med_reserv synkar perioderna, som appen
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        yield {p: motesunderlag.bygg(con, ram, ram.period(p), smatalsgrans=grans)
               for p in ("projektperioden", "lr4") for grans in (None, 5)} | {"ram": ram}


def _pdf_text(u) -> str:
    return "".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf.pdf_bytes(u, diagram=False))).pages)


def _word_text(u) -> str:
    d = docx.Document(io.BytesIO(word.docx_bytes(u, diagram=False)))
    return "\n".join([p.text for p in d.paragraphs]
                     + [c.text for t in d.tables for r in t.rows for c in r.cells])


@pytest.mark.parametrize("text_av", [_pdf_text, _word_text], ids=["pdf", "word"])
@pytest.mark.parametrize("period, jamforelse", [("projektperioden", "föregående period"),
                                                ("lr4", "Lägesrapport 3")])
def test_underlaget_for_en_namngiven_period(esf_underlag, text_av, period, jamforelse):
    ram = esf_underlag["ram"]
    for nyckel, u in esf_underlag.items():
        if nyckel == "ram" or u.period != ram.period(period):
            continue
        text = " ".join(text_av(u).split())
        namn = str(ram.period(period))
        assert f"Uppföljning av mål och utfall {namn}" in text
        # Indikatortabellernas kolumner: periodens och jämförelseperiodens namn, inte ett periodnummer minus ett
        # (i PDF:ens smala kolumner bryts rubriken på flera rader, därför jämförs texten utan blanktecken).
        utan_blanka = "".join(text.split())
        assert "".join(f"Utfall {namn}".split()) in utan_blanka
        assert "".join(f"Utfall {jamforelse}".split()) in utan_blanka, text[:2000]
        if text_av is _pdf_text:
            # Kolumnerna är breda nog för periodens ord: inget ord bryts mitt i ("Lägesrappo rt 3").
            ord_ = {o for k in ("Målnivå", "Kvinnor", f"Utfall {namn}", f"Utfall {jamforelse}") for o in k.split()}
            brutna = [f"{o[:i]} {o[i:]}" for o in ord_ for i in range(2, len(o) - 1) if f"{o[:i]} {o[i:]}" in text]
            assert not brutna, brutna


@pytest.mark.parametrize("text_av", [_pdf_text, _word_text], ids=["pdf", "word"])
def test_esf_projektets_underlag_har_projektets_ord(esf_underlag, text_av):
    for nyckel, u in esf_underlag.items():
        if nyckel == "ram":
            continue
        text = " ".join(text_av(u).split())
        traffar = sorted({m.group(0).lower() for m in FORBUNDETS_ORD.finditer(text)})
        assert not traffar, [text[max(0, m.start() - 60):m.end() + 40] for m in FORBUNDETS_ORD.finditer(text)][:8]
        assert "delprojekt" in text and "tyrgrupp" in text
