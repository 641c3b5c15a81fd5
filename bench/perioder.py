"""Perioderna vid stor volym (issue 15): deltagarnivån räknad för kalenderåren ensamma och med en projektperiod
och ett halvår, och bedömningen av hela målramverket för ett år, projektperioden och halvåret.

    .venv/bin/python -m bench.perioder --storlek 1000000

Samma syntetiska data som make bench (bench/generera.py). Skriver en tabell i markdown på stdout.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from uppfoljning import bedomning, databas, malramverk, uppladdning
from uppfoljning.inlasning import harled

from . import generera


def _tid(funktion, upprepningar: int) -> float:
    tider = []
    for _ in range(upprepningar):
        start = time.perf_counter()
        funktion()
        tider.append(time.perf_counter() - start)
    return statistics.median(tider)


def _ramverk_med_perioder(text: str) -> str:
    """Bänkens målramverk med en projektperiod och ett halvår som har samma målnivåer som sista året."""
    ram = yaml.safe_load(text)
    sista = generera.SISTA_AR
    ram["perioder"] += [
        {"id": "projektet", "namn": f"Projektperioden sep {sista - 3} – aug {sista}", "start": f"{sista - 3}-09-01",
         "slut": f"{sista}-08-31", "typ": "projektperiod"},
        {"id": "h1", "namn": f"Första halvåret {sista}", "start": f"{sista}-01-01", "slut": f"{sista}-06-30",
         "typ": "halvar"},
    ]
    for ind in ram["indikatorer"].values():
        for nyckel in ("projektet", "h1"):
            ind["malniva"][nyckel] = ind["malniva"][sista]
    for mal in ram["mal"]:
        for mi in mal["indikatorer"]:
            if isinstance(mi, dict) and mi.get("malniva"):
                for nyckel in ("projektet", "h1"):
                    mi["malniva"][nyckel] = mi["malniva"][sista]
    return yaml.safe_dump(ram, allow_unicode=True, sort_keys=False, width=120)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.perioder")
    parser.add_argument("--storlek", type=int, default=1_000_000)
    parser.add_argument("--upprepningar", type=int, default=3)
    args = parser.parse_args(argv)
    filer = generera.forbered_storlek(args.storlek, xlsx=False)
    with tempfile.TemporaryDirectory() as tmp:
        fil = Path(tmp) / "bench.duckdb"
        databas.bygg_databas(fil, filer["datasets"])
        con = databas.oppna(fil)
        start = time.perf_counter()
        uppladdning.las_in(con, filer["csv"].read_bytes(), filer["csv"].name, "deltagare", "bench")
        inlasning = time.perf_counter() - start

        def rakna_om():
            con.execute("BEGIN TRANSACTION")
            harled(con, {"deltagare"})
            con.execute("COMMIT")

        ar_tid = _tid(rakna_om, args.upprepningar)
        rader_ar = con.execute("SELECT count(*) FROM utfall_fran_deltagare").fetchall()[0][0]
        goals = Path(tmp) / "goals.yaml"
        goals.write_text(_ramverk_med_perioder(filer["goals"].read_text(encoding="utf-8")), encoding="utf-8")
        inlast = malramverk.las_med_reserv(con, goals)
        assert inlast.fel is None, inlast.fel
        ram = inlast.ramverk
        period_tid = _tid(rakna_om, args.upprepningar)
        rader_perioder = con.execute("SELECT count(*) FROM utfall_fran_deltagare").fetchall()[0][0]
        bedomningar = {}
        for namn, period in (("år", generera.SISTA_AR), ("projektperiod", ram.period("projektet")),
                             ("halvår", ram.period("h1"))):
            bedomning.bedom(con, ram, period)  # varm
            bedomningar[namn] = (_tid(lambda p=period: bedomning.bedom(con, ram, p), max(5, args.upprepningar)),
                                 sum(len(r.indikatorer) for r in bedomning.bedom(con, ram, period)))
        con.close()
    print(f"Deltagarrader: {args.storlek:,}".replace(",", " "))
    print(f"Inläsning med kontroll: {inlasning:.1f} s\n")
    print("| Fall | Tid (median) | Rader |")
    print("|---|---|---|")
    print(f"| Deltagarnivån räknad per kalenderår | {ar_tid:.2f} s | {rader_ar} |")
    print(f"| Per kalenderår + projektperiod + halvår | {period_tid:.2f} s | {rader_perioder} |")
    for namn, (tid, antal) in bedomningar.items():
        print(f"| Bedömning av hela ramverket, {namn} | {tid * 1000:.0f} ms | {antal} indikatorresultat |")


if __name__ == "__main__":
    main()
