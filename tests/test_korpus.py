"""Korpusen av fientliga filer (tests/korpus.py) mot produktens inläsning, som en angripare skulle pröva den.

Kraven, för varje fil: ingen krasch; en fil som ska vägras vägras med svenska fynd som namnger filen (och raden
och kolumnen där felet sitter i en rad), och ändrar ingenting lagrat (kontrollsumman över alla tabeller); en fil
som ska godtas godtas. Efteråt: inget av de planterade personnumren finns i någon tabell eller i något fynd.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from . import korpus
from .conftest import ny_databas, las

ENGELSKA = re.compile(r"\b(error|invalid|expected|should|could not|failed|found|column|row|line|traceback|"
                      r"duplicated|unexpected|input|none|null|sheet|file)\b", re.IGNORECASE)


def _monster(tio: str) -> re.Pattern:
    """Numret i alla former efter NFKC: med eller utan sekel och med eller utan avgränsare."""
    return re.compile(rf"{tio[:6]}[\s\-+\u2010-\u2015]?{tio[6:]}")


def _innehaller_nummer(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    return [tio for tio in korpus.NUMMER if _monster(tio).search(text)]


@pytest.fixture(scope="module")
def korning(standarddatabas, tmp_path_factory) -> tuple[list[dict], Path]:
    mapp = tmp_path_factory.mktemp("korpus")
    fil = ny_databas(mapp / "korpus.duckdb", fran=standarddatabas)
    ut = mapp / "resultat.jsonl"
    rot = Path(__file__).resolve().parent.parent
    process = subprocess.run([sys.executable, "-m", "tests.korpus", str(fil), str(ut)], cwd=rot,
                             capture_output=True, text=True, timeout=1200)
    resultat = [json.loads(r) for r in ut.read_text(encoding="utf-8").splitlines()] if ut.exists() else []
    if process.returncode != 0:
        sista = process.stderr.strip().splitlines()[-3:]
        pytest.fail(f"korpusens process dog (kod {process.returncode}) efter {len(resultat)} filer; "
                    f"sista raderna: {sista}")
    return resultat, fil


def test_korpusen_ar_stor_nog(korning):
    resultat, _ = korning
    assert len(resultat) >= 100
    assert len({r["namn"].rsplit(".", 1)[-1] for r in resultat}) >= 2


def test_varje_fil_godtas_eller_vagras_som_den_ska(korning):
    resultat, _ = korning
    fall = {f.namn: f for f in korpus.bygg()}
    brister = []
    for r in resultat:
        f = fall[r["namn"]]
        namn = f"{r['namn'][:60]} ({f.vad})"
        if r["utfall"] == "kraschade":
            brister.append(f"{namn}: kraschade: {r['fel']}")
            continue
        if (r["utfall"] == "godtogs") != (f.forvantan == "godtas"):
            detalj = "; ".join(x["text"] for x in r.get("fynd", []))[:300]
            brister.append(f"{namn}: {r['utfall']}, skulle {f.forvantan}. {detalj}")
            continue
        if r["utfall"] != "vagrades":
            continue
        if not r["oforandrad"]:
            brister.append(f"{namn}: vägrades men databasen ändrades")
        if not r["fynd"] or any(not x["fil"] for x in r["fynd"]):
            brister.append(f"{namn}: fynd utan fil")
        for x in r["fynd"]:
            if m := ENGELSKA.search(x["meddelande"]):
                brister.append(f"{namn}: engelska i felet ({m.group(0)!r}): {x['meddelande'][:200]}")
                break
        if f.rad is not None and not any(x["rad"] == f.rad for x in r["fynd"]):
            brister.append(f"{namn}: inget fynd på rad {f.rad}: " + "; ".join(x["text"] for x in r["fynd"])[:300])
        if f.kolumn is not None and not any(f.kolumn in (x["kolumn"] or "") for x in r["fynd"]):
            brister.append(f"{namn}: inget fynd i kolumn {f.kolumn}: "
                           + "; ".join(x["text"] for x in r["fynd"])[:300])
        if len(r["fynd"]) > 50:
            brister.append(f"{namn}: {len(r['fynd'])} fynd; en användare läser inte så många")
    assert not brister, f"{len(brister)} av {len(resultat)} filer:\n" + "\n".join(brister)


def test_inget_personnummer_upprepas_i_fynd(korning):
    resultat, _ = korning
    brister = [f"{r['namn'][:40]}: {x['text'][:200]}" for r in resultat for x in r.get("fynd", [])
               if _innehaller_nummer(x["text"])]
    brister += [f"{r['namn'][:40]}: varning {v[:200]}" for r in resultat for v in r.get("varningar", [])
                if _innehaller_nummer(v)]
    assert not brister, "\n".join(brister)


def test_inget_personnummer_i_nagon_tabell(korning):
    _, fil = korning
    with las(fil) as con:
        brister = []
        for (tabell,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            text = "\n".join(repr(rad) for rad in con.execute(f'SELECT * FROM "{tabell}"').fetchall())
            if hittade := _innehaller_nummer(text):
                brister.append(f"{tabell}: {len(hittade)} nummer")
    assert not brister, brister
