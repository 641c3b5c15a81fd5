"""Fientliga filer (tests/fientliga_filer.py) genom produktens väg, uppladdning.forbered + spara, var och en i en
egen process med minnesgräns: en fil som dödar processen får inte döda testsviten. Varje fil ska avvisas med ett
svenskt fel som namnger filen (och rad och kolumn där felet sitter i en rad) eller godtas, processen ska leva,
och databasens kontrollsumma ska vara oförändrad efter ett avvisat försök."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time

import dataclasses

import pytest

from tests import fientliga_filer
from uppfoljning import filformat, installningar, isolering
from uppfoljning.fel import InlasningsFel

MINNE = 6 << 30  # testprocessens adressrymd (dagens kod dör av den glesa bomben långt innan)
TID = 120

_KOR = r"""
import json, sys, time
import dataclasses
from uppfoljning import databas, installningar, uppladdning
from uppfoljning.fel import InlasningsFel
db, fil, namn, datamangd, argument, granser = sys.argv[1:7]
if json.loads(granser):
    installningar.LASGRANSER = dataclasses.replace(installningar.LASGRANSER, **json.loads(granser))
with databas.provanslutning(db) as con:  # som appen prövar en fil: en skrivbar kopia som kastas
    fore = uppladdning.kontrollsumma(con)
    t0 = time.perf_counter()
    svar = {}
    try:
        forb = uppladdning.forbered(con, open(fil, "rb").read(), namn, datamangd, **json.loads(argument))
        svar = {"utfall": "godtogs", "rader": forb.antal_rader}
    except InlasningsFel as fel:
        svar = {"utfall": "avvisades", "text": str(fel)}
    except BaseException as fel:
        svar = {"utfall": "annat fel", "text": f"{type(fel).__name__}: {fel}"[:2000]}
    svar["tid"] = time.perf_counter() - t0
    svar["oforandrad"] = uppladdning.kontrollsumma(con) == fore
print("\n" + json.dumps(svar))
"""


def _med_minnesgrans() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MINNE, MINNE))


def kor_i_underprocess(db, fil, namn: str, forvantan: fientliga_filer.Forvantan, **granser) -> dict:
    """Kör filen genom forbered i en egen process med minnesgräns och tidsgräns; beskriver hur det gick.
    granser: ändrade läsgränser (installningar.Lasgranser) i den processen."""
    t0 = time.perf_counter()
    try:
        svar = subprocess.run([sys.executable, "-c", _KOR, str(db), str(fil), namn, forvantan.datamangd,
                               json.dumps(forvantan.argument), json.dumps(granser)],
                              capture_output=True, text=True, timeout=TID,
                              preexec_fn=_med_minnesgrans, cwd=installningar.ROT,
                              env={**os.environ, "PYTHONPATH": str(installningar.ROT)})
    except subprocess.TimeoutExpired:
        return {"utfall": f"tog mer än {TID} s"}
    if svar.returncode != 0:
        return {"utfall": f"processen dog (kod {svar.returncode}) efter {time.perf_counter() - t0:.1f} s",
                "stderr": svar.stderr[-1500:]}
    return json.loads(svar.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("funktion", fientliga_filer.ALLA, ids=lambda f: f.__name__)
def test_fientlig_fil(funktion, skrivbar_databas, tmp_path):
    namn, innehall, forvantan = funktion()
    fil = tmp_path / namn
    fil.write_bytes(innehall)
    svar = kor_i_underprocess(skrivbar_databas, fil, namn, forvantan)
    if forvantan.avvisas:
        assert svar["utfall"] == "avvisades", svar
        text = svar["text"]
        assert f"fil {namn}" in text, text
        for del_ in forvantan.delar:
            assert del_ in text, f"{del_!r} saknas i: {text[:1500]}"
        assert "_duplicated_" not in text and "__UNNAMED__" not in text, text
        assert len(text) < 5000, "ett fel ska sammanfattas, inte upprepas tusen gånger"
    else:
        assert svar["utfall"] == "godtogs", svar
        if forvantan.rader is not None:
            assert svar["rader"] == forvantan.rader, svar
    assert svar["oforandrad"], "ett försök som inte sparats får inte ändra databasen"


def _avvisad_inom_granserna(svar: dict, namn: str, vad: str) -> None:
    assert svar["utfall"] == "avvisades", svar
    assert f"fil {namn}: Filen kunde inte läsas inom gränsen för minne" in svar["text"], svar
    assert vad in svar["text"], svar
    assert svar["oforandrad"]


def test_bomb_som_tar_sig_forbi_granserna_stoppas_av_minnesgransen(skrivbar_databas, tmp_path):
    """Försvar på djupet: med gränserna för celler och kolumner bortkopplade når den glesa bomben Excel-läsaren,
    som försöker allokera 512 GiB; underprocessen dör, servern (testets process) lever och svarar på svenska."""
    namn, innehall, forvantan = fientliga_filer.xlsx_gles_bomb()
    (tmp_path / namn).write_bytes(innehall)
    svar = kor_i_underprocess(skrivbar_databas, tmp_path / namn, namn, forvantan, celler=10**15, kolumner=10**6)
    _avvisad_inom_granserna(svar, namn, "slut på minne")


def test_tidsgransen_avbryter_tolkningen(skrivbar_databas, tmp_path):
    namn, innehall, forvantan = fientliga_filer.xlsx_giltig()
    (tmp_path / namn).write_bytes(innehall)
    svar = kor_i_underprocess(skrivbar_databas, tmp_path / namn, namn, forvantan, tid_s=0.05)
    _avvisad_inom_granserna(svar, namn, "tog mer än 0,05 s")


def test_samtidiga_tolkningar_ar_begransade(monkeypatch):
    """Med en plats upptagen väntar nästa fil (CSV som Excel) till tidsgränsen och avvisas sedan."""
    monkeypatch.setattr(installningar, "LASGRANSER",
                        dataclasses.replace(installningar.LASGRANSER, samtidiga=1, tid_s=0.2))
    _, csv, _ = fientliga_filer.csv_giltig_windows_1252()
    _, xlsx, _ = fientliga_filer.xlsx_giltig()
    with isolering.plats("upptagen.csv"):
        for fil, innehall in (("andra.csv", csv), ("andra.xlsx", xlsx)):
            with pytest.raises(InlasningsFel, match=f"fil {fil}: Servern läser andra stora filer just nu"):
                filformat.las(innehall, fil)
    assert filformat.las(csv, "ledig.csv")[0].tabell.height == 2


def _blad(rader: int, kolumner: int, gomd: str | None = None) -> bytes:
    delar = []
    for r in range(1, rader + 1):
        celler = "".join(fientliga_filer._cell(f"{fientliga_filer._kolumnbokstav(k)}{r}", "x") for k in range(kolumner))
        if gomd and r == rader // 2:
            celler += fientliga_filer._cell(gomd, "x")
        delar.append(f'<row r="{r}">{celler}</row>')
    hogst = f"{fientliga_filer._kolumnbokstav(kolumner - 1)}{rader}"
    return fientliga_filer.xlsx_for_hand("".join(delar).encode(), f"A1:{hogst}")


@pytest.mark.parametrize("gomd, avvisas", [(None, False), ("A60", True), ("B9", False), ("AZ3", True)])
def test_bladets_utstrackning_raknas_exakt_nara_gransen(monkeypatch, gomd, avvisas):
    """20 kolumner × 45 rader = 900 celler mot gränsen 1 000: den snabba övre gränsen (99 rader) räcker inte, så
    bladet räknas exakt och godtas; en gömd cell i A60 (1 200 celler) eller AZ3 (52 kolumner) avvisas."""
    import io
    import zipfile

    monkeypatch.setattr(installningar, "LASGRANSER", dataclasses.replace(installningar.LASGRANSER, celler=1000))
    z = zipfile.ZipFile(io.BytesIO(_blad(45, 20, gomd)))
    if avvisas:
        with pytest.raises(InlasningsFel, match="fil b.xlsx, blad B: Bladet sträcker sig till .* gränsen är 1 000"):
            filformat._skanna_blad(z, "xl/worksheets/sheet1.xml", "B", "b.xlsx")
    else:
        filformat._skanna_blad(z, "xl/worksheets/sheet1.xml", "B", "b.xlsx")
