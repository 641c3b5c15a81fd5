"""Organisationens ord i mötesunderlagets Excel-blad och på sidan Kommuner (issue 16): ett ESF-projekt ser
"Delprojekt", "Projektet" och "delprojekten" i stället för förbundets "Plattform", "Förbundet" och "plattformarna"."""

from __future__ import annotations

import io

import openpyxl

from uppfoljning import malramverk, motesunderlag

from .conftest import ny_databas, skriv
from .test_esf_projekt import ESF


def _rubriker_och_blad(tmp_path, lasare: bool):
    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    with skriv(fil) as con:  # las_med_reserv synkar perioderna, som appen
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        underlag = motesunderlag.bygg(con, ram, ram.period("projektperioden"), smatalsgrans=5 if lasare else None)
    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(underlag)), read_only=True)
    rubriker = {str(c) for ark in bok.worksheets for rad in ark.iter_rows(max_row=3, values_only=True) for c in rad
                if c is not None}
    return rubriker, bok.sheetnames


def test_esf_projektets_excel_har_projektets_ord(tmp_path):
    for lasare in (False, True):
        rubriker, blad = _rubriker_och_blad(tmp_path / str(lasare), lasare)
        assert "Delprojekt" in rubriker, lasare
        assert "Plattform" not in rubriker, lasare
        assert not any(b.endswith("Förbundet") for b in blad), blad
        assert any(b.endswith("Projektet") for b in blad), blad


def test_kommuner_och_ekonomi_har_projektets_ord(tmp_path, monkeypatch):
    """Sidornas texter om enheterna och totalen: "delprojekten", "projektets", inte förbundets ord."""
    from streamlit.testing.v1 import AppTest

    from .conftest import DASHBOARD

    fil = ny_databas(tmp_path / "esf.duckdb", datasets=ESF / "datasets")
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["ar"] = "projektperioden"
    at.run()
    at.switch_page("pages/kommuner.py").run()
    assert not at.exception
    text = " ".join(c.value for c in at.caption) + " ".join(m.value for m in at.markdown)
    assert "summan av delprojekten i kommunen" in text and "projektets total" in text, text[:1500]
    assert "plattform" not in text.lower() and "förbundets" not in text
