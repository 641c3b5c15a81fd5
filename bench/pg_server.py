"""En egen PostgreSQL-server för mätningarna och testerna (testfixturen postgres_server i tests/conftest.py):
initdb i en temporär katalog, bara en unix-socket (ingen port), stoppas och tas bort efteråt. Som root körs den som
användaren postgres (PostgreSQL vägrar root). Kräver Debians postgresql (`.ci/run` installerar det).

    python -m bench.pg_server          # startar en server och skriver adressen; Ctrl-C eller kill stoppar den
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def pg_bin() -> Path | None:
    """Katalogen med PostgreSQL:s program (initdb, pg_ctl), nyaste versionen först; None om PostgreSQL saknas."""
    kandidater = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if shutil.which("pg_ctl"):
        kandidater.insert(0, str(Path(shutil.which("pg_ctl")).parent))
    for katalog in kandidater:
        if (Path(katalog) / "initdb").exists():
            return Path(katalog).resolve()
    return None


@contextmanager
def egen_server() -> Iterator[str]:
    """Startar servern och ger adressen som mall: "postgresql://postgres@/{}?host=…" ({} = databasens namn)."""
    bin_ = pg_bin()
    if bin_ is None:
        raise RuntimeError("PostgreSQL saknas (Debian: apt-get install postgresql).")
    katalog = Path(tempfile.mkdtemp(prefix="uppfoljning-bench-pg-"))
    som: list[str] = []
    if os.geteuid() == 0:
        import pwd

        anv = pwd.getpwnam("postgres")
        os.chown(katalog, anv.pw_uid, anv.pw_gid)
        som = ["runuser", "-u", "postgres", "--"]
    data = katalog / "data"
    try:
        subprocess.run([*som, str(bin_ / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        subprocess.run([*som, str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(katalog / "logg"), "-w", "-o",
                        f"-k {katalog} -c listen_addresses='' -F -c max_connections=200", "start"],
                       check=True, capture_output=True)
        yield f"postgresql://postgres@/{{}}?host={katalog}"
    finally:
        subprocess.run([*som, str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(katalog, ignore_errors=True)


def skapa_databas(server: str, namn: str) -> str:
    """En ny tom databas på servern; ger dess adress."""
    import adbc_driver_postgresql.dbapi as pg

    with pg.connect(server.format("postgres"), autocommit=True) as con, con.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{namn}"')
    return server.format(namn)


if __name__ == "__main__":
    import signal
    import sys
    import time

    # Också i bakgrunden (där Ctrl-C ignoreras) och med kill: servern stoppas och katalogen tas bort.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with egen_server() as server:
        print(skapa_databas(server, "uppfoljning"), flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
