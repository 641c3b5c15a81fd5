"""Organisationens ord i mötesunderlagets Excel-blad (issue 16): ett ESF-projekt ser "Delprojekt" och "Projektet"
i bladen med indikatorer, svarsfrekvenser och utfall, inte förbundets "Plattform" och "Förbundet"."""

from __future__ import annotations

import io

import openpyxl

from uppfoljning import databas, malramverk, motesunderlag

from .test_esf_projekt import ESF


def _rubriker_och_blad(tmp_path, lasare: bool):
    fil = tmp_path / "esf.duckdb"
    databas.bygg_databas(fil, ESF / "datasets")
    con = databas.oppna(fil)
    try:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        underlag = motesunderlag.bygg(con, ram, ram.period("projektperioden"), smatalsgrans=5 if lasare else None)
    finally:
        con.close()
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
