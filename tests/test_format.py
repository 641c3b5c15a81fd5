import datetime as dt
import io
import re

import polars as pl
import pytest

from uppfoljning import format as fmt

from .conftest import las


@pytest.mark.parametrize(
    ("taljare", "namnare", "visat"),
    [(29, 40, "73 %"), (150, 210, "71 %"), (46, 150, "31 %"), (1, 8, "13 %"), (3, 8, "38 %"), (0, 5, "0 %"),
     (43, 56, "77 %"), (1, 1, "100 %")],
)
def test_andel_avrundas_halvt_uppat_i_sql_och_visas_svenskt(con, taljare, namnare, visat):
    procent = con.execute("SELECT andel_procent(?, ?)", [taljare, namnare]).fetchone()[0]
    assert fmt.procent(procent) == visat


def test_andel_av_noll_ar_tom(con):
    assert con.execute("SELECT andel_procent(3, 0)").fetchone()[0] is None
    assert fmt.procent(None) == "–"


@pytest.mark.parametrize(("rapporterat", "visat"), [(71.5, 72), (92.5, 93), (78.49, 78), (100, 100), (0.5, 1)])
def test_rapporterade_decimalprocent_avrundas_halvt_uppat(con, rapporterat, visat):
    assert con.execute("SELECT avrunda_procent(?)", [rapporterat]).fetchone()[0] == visat
    assert fmt.avrunda(rapporterat) == visat


@pytest.mark.parametrize(("varde", "visat"), [(11558, "11 558 tkr"), (-1020, "-1 020 tkr"), (0, "0 tkr"),
                                              (752, "752 tkr"), (1234567, "1 234 567 tkr")])
def test_tkr_med_mellanslag_som_tusentalsavgransare(varde, visat):
    assert fmt.tkr(varde) == visat


def test_procentenheter_med_tecken():
    assert fmt.procentenheter(-13) == "-13 procentenheter"
    assert fmt.procentenheter(2) == "+2 procentenheter"
    assert fmt.procentenheter(0) == "±0 procentenheter"


# ---------------------------------------------------------------- hårda mellanslag (issue 19)
# "77 %" och "11 558 tkr" bryts aldrig isär: mellan tal och enhet och mellan tusentalen står U+00A0 i allt
# projektet skriver (sidan, PDF:en, Word, Excel). Andra tester ser ett vanligt mellanslag (conftest); de här
# prövar det riktiga.

NB = "\u00a0"
VANLIGT_FORE_ENHET = re.compile(r"\d (%|tkr\b|kr\b|procentenheter\b|\d{3}(?!\d))")


@pytest.mark.hart
def test_tal_och_enhet_och_tusental_har_hart_mellanslag():
    assert fmt.procent(77) == f"77{NB}%"
    assert fmt.tkr(11558) == f"11{NB}558{NB}tkr"
    assert fmt.tkr(-1234567) == f"-1{NB}234{NB}567{NB}tkr"
    assert fmt.kr(11180) == f"11{NB}180{NB}kr"
    assert fmt.heltal(2335) == f"2{NB}335"
    assert fmt.procentenheter(-13) == f"-13{NB}procentenheter"
    assert fmt.med_enhet("71,5", "%") == f"71,5{NB}%"
    for text in (fmt.procent(100), fmt.tkr(-1020), fmt.kr(11180), fmt.procentenheter(2)):
        assert " " not in text


@pytest.fixture
def underlag_2020(standarddatabas):

    from uppfoljning import installningar, malramverk, motesunderlag

    ram = malramverk.las(installningar.MALRAMVERK)
    with las(standarddatabas) as con:
        return motesunderlag.bygg(con, ram, 2020, datum=dt.date(2021, 3, 15))


def _utan_anvandartext(u, text: str) -> str:
    """Styrelsens analyser och bedömningar är användarnas egen text: den skrivs som den skrevs."""
    for egen in [a.analys for m in u.mal for a in m.avsnitt] + [m.beslut_text for m in u.mal]:
        if egen:
            text = text.replace(egen, "")
    return text


@pytest.mark.hart
def test_word_har_harda_mellanslag(underlag_2020):
    import docx

    from uppfoljning import word

    dok = docx.Document(io.BytesIO(word.docx_bytes(underlag_2020, diagram=False)))
    text = "\n".join([s.text for s in dok.paragraphs]
                     + [c.text for t in dok.tables for r in t.rows for c in r.cells])
    assert re.search(rf"\d{NB}%", text) and re.search(rf"\d{NB}\d{{3}}{NB}tkr", text)
    text = _utan_anvandartext(underlag_2020, text)
    assert not VANLIGT_FORE_ENHET.findall(text), VANLIGT_FORE_ENHET.findall(text)[:5]


@pytest.mark.hart
def test_pdf_bryter_inte_mellan_tal_och_enhet(underlag_2020):
    """fpdf2 bryter inte vid U+00A0 och skriver det som ett mellanslag i DejaVu: texten har kvar "77 %"."""
    from pypdf import PdfReader

    from uppfoljning import pdf

    text = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf.pdf_bytes(underlag_2020, diagram=False))).pages)
    assert re.search(r"\d[ \u00a0]%", text)
    # Ingen rad börjar med en enhet som hör till talet på raden före.
    assert not re.search(r"\d\s*\n\s*(%|tkr\b)", text)


@pytest.mark.hart
def test_excel_tal_ar_tal_och_text_har_harda_mellanslag(underlag_2020):
    import openpyxl

    from uppfoljning import export, motesunderlag

    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(underlag_2020)))
    varden = [c for blad in bok.worksheets for rad in blad.iter_rows(values_only=True) for c in rad]
    assert any(isinstance(v, int | float) for v in varden)  # tal förblir tal
    texter = [_utan_anvandartext(underlag_2020, v) for v in varden if isinstance(v, str)]
    assert not [t for t in texter if VANLIGT_FORE_ENHET.search(t)]
    # En CSV med rena tal har inga mellanslag i talen; en text som "-2 335 tkr" är inte en formel.
    csv = export.csv_bytes(pl.DataFrame({"Utfall (tkr)": [-2335, 11558], "Visat": [fmt.tkr(-2335), fmt.procent(-5)]}))
    rader = csv.decode("utf-8-sig").splitlines()
    assert rader[1] == f"-2335;-2{NB}335{NB}tkr" and rader[2] == f"11558;-5{NB}%"


@pytest.mark.hart
def test_sidan_visar_harda_mellanslag(app_databas):
    from streamlit.testing.v1 import AppTest

    from uppfoljning import ui

    from .conftest import DASHBOARD

    ui.glom_minnet()
    try:
        at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
        at.switch_page("pages/plattformar.py").run()
        assert not at.exception, at.exception
        celler = [str(v) for v in at.table[0].value.to_numpy().ravel()]
        assert f"29 (73{NB}%)" in celler
        assert not [c for c in celler if VANLIGT_FORE_ENHET.search(c)]
    finally:
        ui.glom_minnet()
