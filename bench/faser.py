"""Mätningarnas faser. Varje fas körs i en egen process (`python -m bench.faser <fas> ...`) så att
storlekarna inte påverkar varandras minne eller cacher; den sista raden på stdout är ett JSON-objekt
med tiderna (sekunder) och processens toppminne (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from uppfoljning import installningar

DASHBOARD = str(installningar.ROT / "dashboard.py")
AR = 2024  # det senaste hela året i de syntetiska data


def _toppminne_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(tider: list[float]) -> float:
    return statistics.median(tider) if tider else float("nan")


# ---------------------------------------------------------------- inläsning


def inlasning(fil: Path, bas: Path, ut: Path | None, upprepningar: int) -> dict:
    """Läser in filen med produktens väg (uppladdning.forbered + spara) i en kopia av referensdatabasen."""
    import duckdb

    from uppfoljning import uppladdning

    forbered, forbered_varm, spara, totalt = [], [], [], []
    storlek = None
    rader = None
    for i in range(upprepningar):
        arbetsfil = (ut or bas).with_name(f".bench-{os.getpid()}-{i}.duckdb")
        shutil.copy(bas, arbetsfil)
        con = duckdb.connect(str(arbetsfil))
        t0 = time.perf_counter()
        innehall = fil.read_bytes()
        forb = uppladdning.forbered(con, innehall, fil.name, "deltagare")
        t1 = time.perf_counter()
        # Samma kontroll en gång till på samma anslutning: som i appen, där anslutningen redan har läst
        # referensdata (den första kontrollen efter att databasen öppnats läser dem från disk).
        del forb  # annars finns två kontrollerade filer i minnet samtidigt och toppminnet blir för högt
        t_varm = time.perf_counter()
        forb = uppladdning.forbered(con, innehall, fil.name, "deltagare")
        forbered_varm.append(time.perf_counter() - t_varm)
        t1_spara = time.perf_counter()
        uppladdning.spara(con, forb, "prestandamätning")
        t2 = time.perf_counter()
        forbered.append(t1 - t0)
        spara.append(t2 - t1_spara)
        totalt.append((t1 - t0) + (t2 - t1_spara))
        rader = forb.antal_rader
        del forb, innehall
        con.execute("CHECKPOINT")
        con.close()
        storlek = arbetsfil.stat().st_size
        if ut is not None and i == upprepningar - 1:
            os.replace(arbetsfil, ut)
        else:
            arbetsfil.unlink()
        Path(f"{arbetsfil}.wal").unlink(missing_ok=True)
    return {"rader": rader, "forbered": _median(forbered), "forbered_varm": _median(forbered_varm),
            "spara": _median(spara), "totalt": _median(totalt),
            "alla": totalt, "databas_mib": storlek / 2**20}


def pydantic_baslinje(fil: Path, bas: Path, upprepningar: int) -> dict:
    """Pydantic rad för rad, och produktens kontroll omväxlande med den i samma process, så att kvoterna mäts
    under samma belastning (mätta i olika faser skilde pydantic 1,45 och 1,86 s mellan två körningar)."""
    import duckdb

    from bench import baslinjer
    from uppfoljning import uppladdning

    with duckdb.connect(str(bas), read_only=True) as con:
        kontext = baslinjer.sammanhang(con)
        baslinjer.satt_rimliga_datum(con)
    tider, kall, varm = [], [], []
    arbetsfil = bas.with_name(f".bench-pydantic-{os.getpid()}.duckdb")
    try:
        for _ in range(upprepningar):
            t0 = time.perf_counter()
            giltiga, fel = baslinjer.pydantic_rad_for_rad(fil.read_bytes(), kontext)
            tider.append(time.perf_counter() - t0)
            shutil.copy(bas, arbetsfil)
            with duckdb.connect(str(arbetsfil)) as con:
                for lista in (kall, varm):  # nyöppnad databas, sedan samma anslutning igen
                    t0 = time.perf_counter()
                    forb = uppladdning.forbered(con, fil.read_bytes(), fil.name, "deltagare")
                    lista.append(time.perf_counter() - t0)
                    del forb
    finally:
        arbetsfil.unlink(missing_ok=True)
        Path(f"{arbetsfil}.wal").unlink(missing_ok=True)
    return {"totalt": _median(tider), "alla": tider, "giltiga": giltiga, "fel": fel,
            "kvot_kall": _median([p / k for p, k in zip(tider, kall)]),
            "kvot_varm": _median([p / v for p, v in zip(tider, varm)]),
            "forbered_kall": kall, "forbered_varm": varm}


# ---------------------------------------------------------------- bedömningen


def bedomning(db: Path, goals: Path, upprepningar: int) -> dict:
    import duckdb

    from bench import baslinjer
    from uppfoljning import bedomning as b
    from uppfoljning import malramverk

    arbetsfil = db.with_name(f".bench-{os.getpid()}.duckdb")
    shutil.copy(db, arbetsfil)
    try:
        ram = malramverk.las(goals)
        con = duckdb.connect(str(arbetsfil))
        # Som appen: schema och vyer skapas vid start (databas.oppna).
        from uppfoljning import databas

        con.execute(databas.SCHEMA.read_text(encoding="utf-8"))
        databas.skapa_vyer(con)
        motor, golv, golv_tva_ar, pandas_tid = [], [], [], []
        df, extra = baslinjer.pandas_underlag(con)
        indikatorer = [{"id": i, "matt": ind.matt, "andel_av": ind.andel_av}
                       for i, ind in ram.indikatorer.items() if ind.typ in ("andel_utfall", "volym")]
        resultat = b.bedom(con, ram, AR)  # uppvärmning
        con.sql(baslinjer.GOLV_SQL, params={"ar": AR}).fetchall()
        # Motorn, golvet och pandas turas om i varje varv, så att kvoterna mäts under samma belastning på
        # maskinen (mätt i följd kunde kvoten mot golvet skilja 50 % mellan två körningar).
        for _ in range(max(upprepningar, 9)):
            t0 = time.perf_counter()
            resultat = b.bedom(con, ram, AR)
            motor.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            con.sql(baslinjer.GOLV_SQL, params={"ar": AR}).fetchall()
            golv.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            con.sql(baslinjer.GOLV_SQL, params={"ar": AR}).fetchall()
            con.sql(baslinjer.GOLV_SQL, params={"ar": AR - 1}).fetchall()
            golv_tva_ar.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            pandas_resultat = baslinjer.pandas_indikatorer(df, extra, AR, indikatorer)
            pandas_tid.append(time.perf_counter() - t0)
        # Kontroll: pandas och motorn ger samma värde för förbundets positiva lösning.
        motor_varde = next(i.varde for r in resultat if r.scope_id == "forbundet" for i in r.indikatorer
                           if i.indikator_id == "positiv_losning" and i.kon == "alla")
        pandas_varde = int(pandas_resultat[(AR, "positiv_losning", "forbundet")]["procent"].iloc[0])
        indikatorresultat = sum(len(r.indikatorer) for r in resultat)
        con.close()
    finally:
        arbetsfil.unlink(missing_ok=True)
        Path(f"{arbetsfil}.wal").unlink(missing_ok=True)
    return {"motor": _median(motor), "golv": _median(golv), "golv_tva_ar": _median(golv_tva_ar),
            "pandas": _median(pandas_tid), "motor_alla": motor, "golv_alla": golv,
            "kvot_per_varv": sorted(m / g for m, g in zip(motor, golv)), "bedomningar": len(resultat),
            "indikatorresultat": indikatorresultat, "kontroll": [motor_varde, pandas_varde]}


# ---------------------------------------------------------------- lagringen (inbäddad eller PostgreSQL)


def _ar_pg(db) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def _ny_lagring(bas: Path, mal: str) -> None:
    """[mal] (en databasfil eller en tom PostgreSQL-databas) får referensdatabasen [bas] som innehåll."""
    from uppfoljning import databas

    if _ar_pg(mal):
        databas.aterstall(bas, "prestandamätning", sokvag=mal)
    else:
        shutil.copy(bas, mal)


def lagring(db: str, fil: Path, bas: Path, goals: Path, upprepningar: int, ny: list[str]) -> dict:
    """Inläsning, ny ögonblicksbild och bedömning med appens väg mot lagringen [db] (en databasfil eller
    postgresql://…): inläsningen som kommandoradens import (uppladdning.forbered + spara i en databas.skrivning),
    i en lagring som före varje varv får referensdatabasen [bas] ([ny]: adresser att återställa den i, en per
    varv; den sista är [db]). Sedan appens läsning (databas.oppna_lasning: för PostgreSQL en ögonblicksbild i en
    DuckDB i minnet) och bedömningen av hela ramverket på den."""
    from uppfoljning import bedomning as b
    from uppfoljning import databas, lagring_pg, malramverk, uppladdning

    innehall = fil.read_bytes()
    forbered, spara, skrivning_tid, totalt = [], [], [], []
    rader = None
    for adress in ny:
        _ny_lagring(bas, adress)
        if not _ar_pg(adress):
            databas.oppna_lasning(adress).close()  # uppdaterad till kodens version, som i appen
        t0 = time.perf_counter()
        with databas.skrivning(adress, "prestandamätningen") as con:
            t1 = time.perf_counter()
            forb = uppladdning.forbered(con, innehall, fil.name, "deltagare")
            t2 = time.perf_counter()
            uppladdning.spara(con, forb, "prestandamätning")
            t3 = time.perf_counter()
        t4 = time.perf_counter()
        rader = forb.antal_rader
        del forb
        forbered.append(t2 - t1)
        spara.append(t3 - t2)
        # Skrivningens egen kostnad: kopian eller ögonblicksbilden före, CHECKPOINT och bytet eller
        # PostgreSQL-transaktionen efter.
        skrivning_tid.append((t1 - t0) + (t4 - t3))
        totalt.append(t4 - t0)
        lagring_pg.stang_anslutningar()
    oppna = []
    for _ in range(upprepningar):
        t0 = time.perf_counter()
        con = databas.oppna_lasning(db)
        oppna.append(time.perf_counter() - t0)
        con.close()
    ram = malramverk.las(goals)
    con = databas.oppna_lasning(db)
    with con.cursor() as cur:
        b.bedom(cur, ram, AR)  # uppvärmning
        bedomningar = []
        for _ in range(max(upprepningar, 5)):
            t0 = time.perf_counter()
            resultat = b.bedom(cur, ram, AR)
            bedomningar.append(time.perf_counter() - t0)
    con.close()
    return {"rader": rader, "forbered": _median(forbered), "spara": _median(spara),
            "skrivningen": _median(skrivning_tid), "totalt": _median(totalt), "alla": totalt,
            "oppna_lasning": _median(oppna), "oppna_alla": oppna, "bedomning": _median(bedomningar),
            "bedomning_alla": bedomningar, "bedomningar": len(resultat)}


# ---------------------------------------------------------------- sidorna


def _sidor() -> list[str]:
    """Appens sidor som navigeringen bygger dem (uppfoljning/navigering.py); äldre versioner hade dem i dashboard.py."""
    try:
        from uppfoljning.navigering import SIDOR
    except ImportError:
        text = Path(DASHBOARD).read_text(encoding="utf-8")
        return re.findall(r'st\.Page\(\s*"([^"]+)"', text)
    return [s.fil for sidor in SIDOR.values() for s in sidor]


def _kandidater(db: Path, goals: Path | None) -> list:
    """Värden som en selectbox kan ha (år, plattformar, kommuner, mål ...) för att kunna byta filter."""
    import duckdb

    from uppfoljning import malramverk

    from uppfoljning import databas

    with (databas.oppna_lasning(str(db)) if _ar_pg(db) else duckdb.connect(str(db), read_only=True)) as con:
        varden: list = list(range(2000, 2040)) + ["forbundet"]
        for fraga in ("SELECT plattform_id FROM plattform", "SELECT kommun_id FROM kommun",
                      "SELECT matt_id FROM utfallsmatt"):
            varden += [r[0] for r in con.execute(fraga).fetchall()]
    ram = malramverk.las(goals or installningar.MALRAMVERK)
    varden += [m.id for m in ram.mal] + list(ram.indikatorer)
    return varden


def _filterval(at, kandidater: list):
    """Sidans filter att byta: År i första hand, annars plattform, annars första URL-filtret."""
    rutor = [s for s in at.selectbox if s.key and s.key.startswith("url_")]
    for onskad in ("url_ar", "url_plattform"):
        for s in rutor:
            if s.key == onskad:
                return s
    return rutor[0] if rutor else None


def _varden(ruta, kandidater: list) -> list:
    f = ruta.format_func
    varden = []
    for text in ruta.options:
        traff = None
        for kandidat in kandidater:
            try:
                if str(f(kandidat)) == text:
                    traff = kandidat
                    break
            except Exception:  # formatteringen känner inte värdet
                continue
        if traff is not None:
            varden.append(traff)
    return varden


def _som_administrator(at, roll: str = "admin") -> None:
    """Lösenordsinloggning med en inloggad administratör, så att alla sidor i navigeringen kan mätas (eller
    med roll viewer: som en läsare, med skyddet för små tal)."""
    try:
        from uppfoljning import behorighet

        at.session_state["inloggad"] = behorighet.Anvandare("prestandamätning", roll)
        os.environ["UPPFOLJNING_INLOGGNING"] = "losenord"
    except (ImportError, AttributeError, TypeError):  # en äldre version utan inloggning
        pass


def sidor(db: Path, goals: Path | None, datasets: Path | None, upprepningar: int,
          utan: list[str] | None = None, roll: str = "admin") -> dict:
    """Varje registrerad sida i AppTest: först en körning (uppvärmning), sedan filterbyten till värden som
    inte visats förut (frågorna körs) och tillbaka till samma värden (frågesvaren cachade). [db]: en databasfil
    (sidorna läser en kopia) eller en PostgreSQL-adress (sidorna läser den direkt)."""
    if _ar_pg(db):
        arbetsfil = None
        os.environ["UPPFOLJNING_DB"] = str(db)
    else:
        arbetsfil = db.with_name(f".bench-sidor-{os.getpid()}.duckdb")
        shutil.copy(db, arbetsfil)
        os.environ["UPPFOLJNING_DB"] = str(arbetsfil)
    if goals:
        os.environ["UPPFOLJNING_MAL"] = str(goals)
    if datasets:
        os.environ["UPPFOLJNING_DATASETS"] = str(datasets)
    from streamlit.testing.v1 import AppTest

    from uppfoljning import fragor

    kandidater = _kandidater(db, goals)
    # Tiden i SQL per sidkörning (frågorna som körs, inte de som kommer ur cachen).
    sql_tid = [0.0]
    ursprunglig = fragor.kor

    def tidtagen(con, namn, **p):
        t0 = time.perf_counter()
        try:
            return ursprunglig(con, namn, **p)
        finally:
            sql_tid[0] += time.perf_counter() - t0

    fragor.kor = tidtagen
    resultat = {}
    try:
        for sida in _sidor():
            if utan and Path(sida).stem in utan:
                continue
            at = AppTest.from_file(DASHBOARD, default_timeout=600)
            _som_administrator(at, roll)
            at.run()
            t0 = time.perf_counter()
            try:
                at.switch_page(sida)
            except ValueError:  # sidan finns inte i navigeringen för den här användaren
                resultat[sida] = {"filter": None, "forsta": None, "kall": float("nan"), "varm": float("nan"),
                                  "kall_sql": float("nan"), "kall_max": None, "fel": ["inte tillgänglig"]}
                continue
            at.run()
            forsta = time.perf_counter() - t0
            print(f"{sida}: första visning {forsta:.2f} s", file=sys.stderr, flush=True)
            fel = [str(e.value)[:200] for e in at.exception]
            ruta = _filterval(at, kandidater)
            varden = _varden(ruta, kandidater) if ruta is not None else []
            nuvarande = ruta.value if ruta is not None else None
            # En sida som tar mer än 5 s att visa mäts med ett filterbyte (annars tar körningen timmar).
            nya = [v for v in varden if v != nuvarande][:upprepningar if forsta < 5 else 1]
            kall, varm, kall_sql = [], [], []
            for v in nya:
                sql_tid[0] = 0.0
                t0 = time.perf_counter()
                _filterval(at, kandidater).set_value(v).run()
                kall.append(time.perf_counter() - t0)
                kall_sql.append(sql_tid[0])
                fel += [str(e.value)[:200] for e in at.exception]
            for v in nya:
                t0 = time.perf_counter()
                _filterval(at, kandidater).set_value(v).run()
                varm.append(time.perf_counter() - t0)
            if not nya:  # sidan har inget filter: en omkörning
                for _ in range(upprepningar if forsta < 5 else 1):
                    t0 = time.perf_counter()
                    at.run()
                    varm.append(time.perf_counter() - t0)
            resultat[sida] = {"filter": ruta.key if ruta is not None else None, "forsta": forsta,
                              "kall": _median(kall), "varm": _median(varm), "kall_sql": _median(kall_sql),
                              "kall_max": max(kall) if kall else None, "fel": fel[:3]}
    finally:
        fragor.kor = ursprunglig
        if arbetsfil is not None:
            arbetsfil.unlink(missing_ok=True)
            Path(f"{arbetsfil}.wal").unlink(missing_ok=True)
    return resultat


def kallstart(db: Path) -> dict:
    """Appens första rendering i en ny process (importer, anslutning, ramverk, första sidan)."""
    t0 = time.perf_counter()
    arbetsfil = db.with_name(f".bench-kall-{os.getpid()}.duckdb")
    shutil.copy(db, arbetsfil)
    os.environ["UPPFOLJNING_DB"] = str(arbetsfil)
    try:
        from streamlit.testing.v1 import AppTest

        t1 = time.perf_counter()
        at = AppTest.from_file(DASHBOARD, default_timeout=600).run()
        t2 = time.perf_counter()
        fel = [str(e.value)[:200] for e in at.exception]
    finally:
        arbetsfil.unlink(missing_ok=True)
        Path(f"{arbetsfil}.wal").unlink(missing_ok=True)
    return {"import": t1 - t0, "forsta_rendering": t2 - t1, "totalt": t2 - t0, "fel": fel}


def bygg(datasets: Path, ut: Path) -> dict:
    from uppfoljning import databas

    t0 = time.perf_counter()
    databas.bygg_databas(ut, datasets)
    return {"totalt": time.perf_counter() - t0}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m bench.faser")
    p.add_argument("fas", choices=["inlasning", "pydantic", "bedomning", "sidor", "kallstart", "bygg", "lagring"])
    p.add_argument("--fil", type=Path)
    p.add_argument("--bas", type=Path)
    p.add_argument("--ut", type=Path)
    # En databasfil eller en PostgreSQL-adress (fasen lagring och sidor).
    p.add_argument("--db", type=lambda v: v if _ar_pg(v) else Path(v))
    p.add_argument("--ny", nargs="*", default=[], help="fasen lagring: lagringar att läsa in i, en per varv")
    p.add_argument("--goals", type=Path)
    p.add_argument("--datasets", type=Path)
    p.add_argument("--upprepningar", type=int, default=3)
    p.add_argument("--utan", nargs="*", default=[], help="sidor som inte mäts (filnamn utan .py)")
    p.add_argument("--roll", default="admin", help="användarens roll i sidfasen (viewer: med skyddet för små tal)")
    a = p.parse_args(argv)
    # Maskinen kan delas med andra processer: lasten före och efter, och processens CPU-tid, följer med
    # resultatet så att en störd mätning syns.
    last_fore = os.getloadavg()[0]
    if a.fas == "inlasning":
        svar = inlasning(a.fil, a.bas, a.ut, a.upprepningar)
    elif a.fas == "pydantic":
        svar = pydantic_baslinje(a.fil, a.bas, a.upprepningar)
    elif a.fas == "bedomning":
        svar = bedomning(a.db, a.goals, a.upprepningar)
    elif a.fas == "sidor":
        svar = sidor(a.db, a.goals, a.datasets, a.upprepningar, a.utan, a.roll)
    elif a.fas == "lagring":
        svar = lagring(str(a.db), a.fil, a.bas, a.goals, a.upprepningar, a.ny or [str(a.db)])
    elif a.fas == "kallstart":
        svar = kallstart(a.db)
    else:
        svar = bygg(a.datasets, a.ut)
    anvandning = resource.getrusage(resource.RUSAGE_SELF)
    svar = {"resultat": svar, "toppminne_mib": _toppminne_mib(), "last": [last_fore, os.getloadavg()[0]],
            "cpu_s": anvandning.ru_utime + anvandning.ru_stime}
    sys.stdout.write("\n" + json.dumps(svar, default=str) + "\n")


if __name__ == "__main__":
    main()
