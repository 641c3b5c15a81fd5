"""Skrivning och omladdning mot PostgreSQL (issue 17): hur lång tid en liten skrivning, en ny inläsning och en
ny ögonblicksbild tar när databasen är stor. Körs mot en PostgreSQL-databas som redan har datan, t.ex. den
med en miljon deltagare (`UPPFOLJNING_DB=postgresql://… python -m uppfoljning restore
bench/data/1000000/full.duckdb`, sedan `python -m bench.pg_skrivning postgresql://…`). Databasen ändras:
mätningen lägger till kommuner och deltagarrader (använd en kopia)."""

from __future__ import annotations

import statistics
import sys
import time

from uppfoljning import databas, lagring_pg


def _median(tider: list[float]) -> str:
    return f"{statistics.median(tider):.2f} s (" + ", ".join(f"{t:.2f}" for t in tider) + ")"


def main(adress: str, varv: int = 3) -> None:
    t = time.perf_counter()
    lagring_pg.ladda(adress)[0].close()
    print(f"första ögonblicksbilden (allt från PostgreSQL): {time.perf_counter() - t:.2f} s", flush=True)
    skriv, omladd, inlas = [], [], []
    for _ in range(varv):
        t = time.perf_counter()
        with databas.skrivning(adress, "mätningen") as con:  # en liten skrivning: en rad i en liten tabell
            con.execute("INSERT INTO kommun VALUES (?, 'Mätkommun')", [f"matning_{time.time_ns()}"])
        skriv.append(time.perf_counter() - t)
        t = time.perf_counter()
        lagring_pg.ladda(adress)[0].close()
        omladd.append(time.perf_counter() - t)
    for _ in range(varv):
        t = time.perf_counter()
        with databas.skrivning(adress, "mätningen") as con:  # en ny inläsning: en källa och 1 000 deltagarrader
            k = con.execute(
                "INSERT INTO kalla (datamangd, filnamn, sha256, antal_rader, inlast, inlast_av) VALUES "
                "('deltagare', 'matning.csv', ?, 1000, now(), 'bench') RETURNING kalla_id",
                [str(time.time_ns())]).fetchall()[0][0]
            con.execute("INSERT INTO deltagare SELECT deltagar_id || 'm' || ?, plattform_id, kommun_id, kon, "
                        "startdatum, slutdatum, avslutsorsak, ? FROM deltagare LIMIT 1000", [k, k])
        inlas.append(time.perf_counter() - t)
    print(f"liten skrivning (en kommun), median: {_median(skriv)}")
    print(f"ny ögonblicksbild efter den, median: {_median(omladd)}")
    print(f"ny inläsning med 1 000 deltagarrader, median: {_median(inlas)}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("Användning: python -m bench.pg_skrivning postgresql://…")
    main(sys.argv[1])
