"""PostgreSQL bredvid den inbäddade databasen (issue 17): inläsning, bedömning och sidor med samma data, samma kod
och samma mätning, en gång med en databasfil och en gång med UPPFOLJNING_DB=postgresql://… mot en egen
PostgreSQL-server som skriptet startar (bench/pg_server.py, som testfixturen postgres_server).

    python -m bench.pg_jamforelse                       # 1 000 000 rader (tar en stund; inte i make bench)
    python -m bench.pg_jamforelse --storlek 10000 --upprepningar 2   # snabb prövning

Resultatet skrivs i ett eget avsnitt i bench/RESULTS.md (mellan markeringarna nedan, som `make bench` bevarar),
eller med --ut i en annan fil. Faserna körs var för sig i egna processer (bench/faser.py: lagring och sidor)."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench import generera, rapport
from bench.__main__ import BENCH, _fas, _logg
from bench.pg_server import egen_server, skapa_databas
from uppfoljning import installningar

START = "<!-- postgresql: skrivs av python -m bench.pg_jamforelse och bevaras när make bench körs om -->"
SLUT = "<!-- /postgresql -->"


def _ms(s: float | None) -> str:
    if s is None or s != s:
        return "–"
    return f"{_tal(s * 1000)} ms"


def _s(s: float | None) -> str:
    if s is None or s != s:
        return "–"
    return f"{_tal(s, 2)} s"


def _tal(x: float, decimaler: int = 0) -> str:
    """Svensk form: mellanslag mellan tusental, decimalkomma."""
    return f"{x:,.{decimaler}f}".replace(",", " ").replace(".", ",")


def avsnitt(r: dict) -> str:
    """Avsnittet i RESULTS.md ur resultatet."""
    ib, pg = r["inbaddad"], r["postgresql"]
    rader = [START, "## PostgreSQL bredvid den inbäddade databasen", "",
             f"`{r['kommando']}`, körd {r['tid']} ({_tal(r['storlek'])} deltagarrader, samma syntetiska data och "
             f"målramverk som ovan; varje tid är medianen av {r['upprepningar']} körningar). Systemlasten (1 min) "
             f"före/efter: inläsning och bedömning {_tal(ib['last'][0], 1)}/{_tal(ib['last'][1], 1)} (inbäddad), "
             f"{_tal(pg['last'][0], 1)}/{_tal(pg['last'][1], 1)} (PostgreSQL); sidorna "
             f"{_tal(ib['sidor_last'][0], 1)}/{_tal(ib['sidor_last'][1], 1)} och {_tal(pg['sidor_last'][0], 1)}/"
             f"{_tal(pg['sidor_last'][1], 1)}. Över 2 betyder att andra processer konkurrerade om de två kärnorna.",
             "",
             "PostgreSQL-servern är Debians, på samma maskin (unix-socket). Appen läser en ögonblicksbild av "
             "PostgreSQL in i en DuckDB i minnet och kör samma frågor där; bara tabeller som ändrats hämtas igen.", "",
             "| | Inbäddad (databasfil) | PostgreSQL |", "| --- | --- | --- |"]
    li, lp = ib["lagring"], pg["lagring"]
    for namn, nyckel in [("Inläsning totalt (som `import`)", "totalt"), ("– kontrollen (uppladdning.forbered)",
                         "forbered"), ("– sparandet (uppladdning.spara)", "spara"),
                         ("– skrivningen (kopia/ögonblicksbild före, bytet/transaktionen efter)", "skrivningen")]:
        rader.append(f"| {namn} | {_s(li[nyckel])} | {_s(lp[nyckel])} |")
    rader.append(f"| Ny ögonblicksbild för appen (databas.oppna_lasning) | {_s(li['oppna_lasning'])} | "
                 f"{_s(lp['oppna_lasning'])} |")
    rader.append(f"| Bedömningen av hela ramverket ({li['bedomningar']} bedömningar) | {_ms(li['bedomning'])} | "
                 f"{_ms(lp['bedomning'])} |")
    rader.append(f"| Toppminne, inläsning och bedömning | {_tal(ib['toppminne_mib'])} MiB | "
                 f"{_tal(pg['toppminne_mib'])} MiB |")
    rader += ["", "Sidorna i AppTest (som administratör): *ny* = ett filterval som inte visats förut (frågorna körs), "
              "*varm* = samma val igen (frågesvaren ur cachen).", "",
              "| Sida | Inbäddad ny | PostgreSQL ny | Inbäddad varm | PostgreSQL varm |",
              "| --- | --- | --- | --- | --- |"]
    for sida, si in ib["sidor"].items():
        sp = pg["sidor"].get(sida, {})
        rader.append(f"| {sida.removeprefix('pages/').removesuffix('.py')} | {_ms(si.get('kall'))} | "
                     f"{_ms(sp.get('kall'))} | {_ms(si.get('varm'))} | {_ms(sp.get('varm'))} |")
    fel = {f"{lag} {sida}": s["fel"] for lag, d in (("inbäddad", ib), ("PostgreSQL", pg))
           for sida, s in d["sidor"].items() if s.get("fel")}
    if fel:
        rader += ["", "Sidor som gav fel under mätningen:"] + [f"- {k}: {v}" for k, v in fel.items()]
    rader.append(SLUT)
    return "\n".join(rader)


def skriv_avsnitt(text: str, ut: Path) -> None:
    """Ersätter avsnittet i [ut] (eller lägger det sist); resten av filen rörs inte."""
    gammal = ut.read_text(encoding="utf-8") if ut.exists() else ""
    if START in gammal and SLUT in gammal:
        fore, rest = gammal.split(START, 1)
        ny = fore + text + rest.split(SLUT, 1)[1]
    else:
        ny = gammal.rstrip("\n") + ("\n\n" if gammal else "") + text + "\n"
    ut.write_text(ny, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.pg_jamforelse", description=__doc__.split("\n\n")[0])
    p.add_argument("--storlek", type=int, default=1_000_000, help="antal deltagarrader")
    p.add_argument("--upprepningar", type=int, default=3, help="körningar per mätning (medianen redovisas)")
    p.add_argument("--sidor", nargs="*", default=None, help="bara dessa sidor (filnamn utan .py)")
    p.add_argument("--ut", type=Path, default=BENCH / "RESULTS.md")
    a = p.parse_args(argv)
    n = a.upprepningar
    resultat: dict = {"kommando": "python -m bench.pg_jamforelse " + " ".join(argv if argv is not None else
                                                                               os.sys.argv[1:]),
                      "storlek": a.storlek, "upprepningar": n, "tid": rapport.maskin()["tid"]}
    data = generera.DATA
    data.mkdir(parents=True, exist_ok=True)
    # Datamappen och referensdatabasen skrivs om varje gång, som make bench gör: en mapp från en äldre version av
    # koden kan sakna en referenstabell som koden nu kräver.
    _logg("Referensdatabasen för de syntetiska data ...")
    generera.skriv_datamapp(generera.referens(), data / "datasets")
    filer = generera.forbered_storlek(a.storlek, xlsx=False)
    bas = data / "bas-pg-jamforelse.duckdb"
    bas.unlink(missing_ok=True)
    _fas("bygg", "--datasets", str(filer["datasets"]), "--ut", str(bas))
    miljo = {"UPPFOLJNING_DATASETS": str(filer["datasets"]), "UPPFOLJNING_MAL": str(filer["goals"])}
    utan = []
    if a.sidor is not None:
        from bench.faser import _sidor

        utan = [Path(s).stem for s in _sidor() if Path(s).stem not in a.sidor]
    with egen_server() as server:
        fil = data / str(a.storlek) / "pg-jamforelse.duckdb"
        pg_adresser = [skapa_databas(server, f"matning_{i}") for i in range(n)]
        for lagring, db, ny in (("inbaddad", str(fil), [str(fil)] * n),
                                ("postgresql", pg_adresser[-1], pg_adresser)):
            _logg(f"{a.storlek} rader, {lagring}: inläsning, ny ögonblicksbild och bedömning ...")
            svar, _ = _fas("lagring", "--db", db, "--fil", str(filer["csv"]), "--bas", str(bas), "--goals",
                           str(filer["goals"]), "--upprepningar", str(n), "--ny", *ny, miljo=miljo)
            r = {"lagring": svar["resultat"], "toppminne_mib": svar["toppminne_mib"], "last": svar["last"]}
            _logg(f"{a.storlek} rader, {lagring}: sidorna i AppTest ...")
            svar, _ = _fas("sidor", "--db", db, "--goals", str(filer["goals"]), "--datasets", str(filer["datasets"]),
                           "--upprepningar", str(n), *(["--utan", *utan] if utan else []), miljo=miljo)
            r["sidor"], r["sidor_last"] = svar["resultat"], svar["last"]
            resultat[lagring] = r
        fil.unlink(missing_ok=True)
    bas.unlink(missing_ok=True)
    for kvar in data.glob("fore-aterstallning-*.duckdb"):  # återställningens kopia av den tomma databasen
        kvar.unlink()
    (data / "pg-jamforelse.json").write_text(json.dumps(resultat, indent=1, default=str), encoding="utf-8")
    skriv_avsnitt(avsnitt(resultat), a.ut)
    _logg(f"Klart. Resultat: {a.ut}")
    return 0


if __name__ == "__main__":
    import sys

    t0 = time.perf_counter()
    kod = main()
    _logg(f"{(time.perf_counter() - t0) / 60:.1f} min")
    sys.exit(kod)
