"""Kör prestandamätningen: `make bench` (alla tre storlekarna) eller t.ex.
`python -m bench --storlekar 10000` för en snabb körning under utveckling.

Varje fas körs i en egen process (bench/faser.py); resultaten skrivs till bench/RESULTS.md (hela
körningen) eller bench/data/RESULTS.md (en delkörning), tillsammans med maskinbeskrivningen och
kommandot som gav dem. Rådata sparas som JSON i bench/data/ (resultat.json för hela körningen).
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import time
from pathlib import Path

from bench import generera, rapport
from uppfoljning import installningar

STORLEKAR = [10_000, 100_000, 1_000_000]
BENCH = Path(__file__).resolve().parent


def _fas(*argument: str, miljo: dict | None = None) -> tuple[dict, float]:
    import os

    t0 = time.perf_counter()
    svar = subprocess.run([sys.executable, "-m", "bench.faser", *argument], cwd=installningar.ROT,
                          capture_output=True, text=True, env={**os.environ, **(miljo or {})})
    vaggtid = time.perf_counter() - t0
    if svar.returncode != 0:
        raise RuntimeError(f"fasen {argument[0]} misslyckades:\n{svar.stderr[-4000:]}")
    return json.loads(svar.stdout.strip().splitlines()[-1]), vaggtid


def _logg(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="Prestandamätning i nationell skala.")
    p.add_argument("--storlekar", type=int, nargs="+", default=STORLEKAR, help="antal deltagarrader")
    p.add_argument("--upprepningar", type=int, default=5, help="körningar per mätning (medianen redovisas)")
    p.add_argument("--utan-xlsx", action="store_true", help="hoppa över Excel-filerna")
    p.add_argument("--ut", type=Path, help="resultatfil (standard bench/RESULTS.md vid full körning)")
    a = p.parse_args(argv)
    kommando = "make bench" if argv is None and sys.argv[1:] == [] else \
        "python -m bench " + " ".join(shlex.quote(x) for x in (argv if argv is not None else sys.argv[1:]))
    hel = sorted(a.storlekar) == STORLEKAR
    ut = a.ut or (BENCH / "RESULTS.md" if hel else generera.DATA / "RESULTS.md")
    radata = generera.DATA / ("resultat.json" if hel else "resultat-delkorning.json")
    n = a.upprepningar
    start = time.perf_counter()

    data = generera.DATA
    data.mkdir(parents=True, exist_ok=True)
    resultat: dict = {"kommando": kommando, "upprepningar": n, "storlekar": {}, "maskin": rapport.maskin()}

    _logg("Standarddata: bygger databasen (första start) och mäter kallstart och sidor ...")
    standard = data / "standard.duckdb"
    standard.unlink(missing_ok=True)
    svar, _ = _fas("bygg", "--datasets", str(installningar.DATASETS), "--ut", str(standard))
    resultat["standard_bygg"] = svar
    kall = []
    for _ in range(n):
        svar, vagg = _fas("kallstart", "--db", str(standard))
        svar["vaggtid"] = vagg
        kall.append(svar)
    resultat["kallstart"] = kall
    resultat["standard_sidor"], _ = _fas("sidor", "--db", str(standard), "--upprepningar", str(n))

    _logg("Referensdatabasen för de syntetiska data ...")
    bas = data / "bas.duckdb"
    bas.unlink(missing_ok=True)
    ref = generera.referens()
    generera.skriv_datamapp(ref, data / "datasets")
    _fas("bygg", "--datasets", str(data / "datasets"), "--ut", str(bas))

    for antal in sorted(a.storlekar):
        _logg(f"{antal} rader: genererar data ...")
        t0 = time.perf_counter()
        filer = generera.forbered_storlek(antal, xlsx=not a.utan_xlsx)
        r: dict = {"generering": time.perf_counter() - t0, "plattformar": ref.plattformar.height,
                   "csv_mib": filer["csv"].stat().st_size / 2**20}
        upp = n if antal < 1_000_000 else max(3, n // 2)
        full = data / str(antal) / "full.duckdb"
        _logg(f"{antal} rader: inläsning CSV ...")
        r["csv"], _ = _fas("inlasning", "--fil", str(filer["csv"]), "--bas", str(bas), "--ut", str(full),
                           "--upprepningar", str(upp))
        if "xlsx" in filer:
            _logg(f"{antal} rader: inläsning Excel ...")
            r["xlsx_mib"] = filer["xlsx"].stat().st_size / 2**20
            r["xlsx"], _ = _fas("inlasning", "--fil", str(filer["xlsx"]), "--bas", str(bas),
                                "--upprepningar", str(1 if antal >= 1_000_000 else min(upp, 3)))
        if antal <= 100_000:
            _logg(f"{antal} rader: pydantic rad för rad ...")
            r["pydantic"], _ = _fas("pydantic", "--fil", str(filer["csv"]), "--bas", str(bas),
                                    "--upprepningar", str(max(upp, 5)))
        _logg(f"{antal} rader: bedömning, golv och pandas ...")
        r["bedomning"], _ = _fas("bedomning", "--db", str(full), "--goals", str(filer["goals"]),
                                 "--upprepningar", str(n))
        _logg(f"{antal} rader: sidorna i AppTest ...")
        r["sidor"], _ = _fas("sidor", "--db", str(full), "--goals", str(filer["goals"]), "--datasets",
                             str(filer["datasets"]), "--upprepningar", str(n))
        resultat["storlekar"][str(antal)] = r
        radata.write_text(json.dumps(resultat, indent=1, default=str), encoding="utf-8")

    # Perioderna (issue 15): en projektperiod och ett halvår bredvid kalenderåren, vid största storleken.
    storst = max(a.storlekar)
    _logg(f"{storst} rader: perioderna (projektperiod och halvår) ...")
    svar = subprocess.run([sys.executable, "-m", "bench.perioder", "--storlek", str(storst), "--upprepningar",
                           str(max(3, n // 2))], cwd=installningar.ROT, capture_output=True, text=True)
    if svar.returncode != 0:
        raise RuntimeError(f"perioderna misslyckades:\n{svar.stderr[-4000:]}")
    resultat["perioder"] = svar.stdout.strip()

    resultat["total_tid"] = time.perf_counter() - start
    radata.write_text(json.dumps(resultat, indent=1, default=str), encoding="utf-8")
    rapport.skriv(resultat, ut)
    _logg(f"Klart på {resultat['total_tid'] / 60:.1f} min. Resultat: {ut}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
