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

import pytest

from tests import fientliga_filer
from uppfoljning import installningar

MINNE = 3 << 30  # testprocessens adressrymd; produktens egna gränser ska slå till långt före
TID = 120

_KOR = r"""
import json, sys, time
import duckdb
from uppfoljning import uppladdning
from uppfoljning.fel import InlasningsFel
db, fil, namn, datamangd, argument = sys.argv[1:6]
con = duckdb.connect(db)
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


def kor_i_underprocess(db, fil, namn: str, forvantan: fientliga_filer.Forvantan) -> dict:
    """Kör filen genom forbered i en egen process med minnesgräns och tidsgräns; beskriver hur det gick."""
    t0 = time.perf_counter()
    try:
        svar = subprocess.run([sys.executable, "-c", _KOR, str(db), str(fil), namn, forvantan.datamangd,
                               json.dumps(forvantan.argument)], capture_output=True, text=True, timeout=TID,
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
