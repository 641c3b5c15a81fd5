"""Tolkning av en uppladdad Excel-fil i en egen process med minnes- och tidsgräns, och högst ett fast antal
tolkningar samtidigt per serverprocess. Gränserna i filformat.py prövas först; det här är försvaret på djupet
om en fil ändå får tolken (calamine) att allokera mer än väntat: då dör bara underprocessen, och användaren
får ett svenskt fel i stället för att servern avbryts för alla.

Underprocessen är en ny Python-tolk (subprocess: fork + exec, som multiprocessings "spawn" men utan att
importera serverns __main__ på nytt), inte en fork av serverprocessen med dess Polars- och DuckDB-trådar.
Den får filen på stdin och skickar tillbaka bladen som Arrow IPC på stdout.

CSV tolkas i serverprocessen (se las i filformat.py): den är begränsad av uppladdningsgränsen och av gränserna
för rader, kolumner och radlängd, och en ny process kostar mer än hela kontrollen av en fil med 100 000 rader.
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from . import installningar
from .fel import Fynd, InlasningsFel

_LAS = threading.Lock()
_PLATSER: tuple[int, threading.BoundedSemaphore] | None = None


def _semafor() -> threading.BoundedSemaphore:
    global _PLATSER
    antal = installningar.LASGRANSER.samtidiga
    with _LAS:
        if _PLATSER is None or _PLATSER[0] != antal:
            _PLATSER = (antal, threading.BoundedSemaphore(antal))
        return _PLATSER[1]


@contextmanager
def plats(fil: str) -> Iterator[None]:
    """En av de samtidiga tolkningsplatserna; finns ingen ledig inom tidsgränsen avvisas filen."""
    semafor = _semafor()
    if not semafor.acquire(timeout=installningar.LASGRANSER.tid_s):
        raise InlasningsFel([Fynd(fil, "Servern läser andra stora filer just nu. Försök igen om en stund.")])
    try:
        yield
    finally:
        semafor.release()


def _sv(tal: float) -> str:
    return f"{tal:g}".replace(".", ",")


def _gransfel(fil: str, orsak: str) -> InlasningsFel:
    g = installningar.LASGRANSER
    return InlasningsFel([Fynd(fil, f"Filen kunde inte läsas inom gränsen för minne ({_sv(g.minne_byte / 2**30)} "
                                    f"GiB) och tid ({_sv(g.tid_s)} s): {orsak}. Filen kan vara för stor eller byggd för "
                                    "att ta slut på minnet (en Excel- eller zip-bomb). Spara den som CSV eller dela upp "
                                    "den.")])


def tolka(funktion: Callable, innehall: bytes, fil: str) -> list:
    """funktion(innehall, fil) -> list[Blad], körd i en ny process med minnes- och tidsgräns."""
    from .filformat import Blad

    g = installningar.LASGRANSER
    uppdrag = pickle.dumps((funktion.__module__, funktion.__qualname__, innehall, fil, g),
                           protocol=pickle.HIGHEST_PROTOCOL)
    # Två malloc-arenor i stället för en per tråd: varje arena reserverar 64 MiB adressrymd, och det är
    # adressrymden som minnesgränsen (RLIMIT_AS) räknar.
    miljo = {**os.environ, "MALLOC_ARENA_MAX": "2", "PYTHONPATH": os.pathsep.join(
        [str(installningar.ROT), *([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])])}
    with plats(fil):
        process = subprocess.Popen([sys.executable, "-m", "uppfoljning.isolering"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=miljo,
                                   cwd=installningar.ROT)
        try:
            ut, _ = process.communicate(uppdrag, timeout=g.tid_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise _gransfel(fil, f"tolkningen tog mer än {_sv(g.tid_s)} s och avbröts") from None
    if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and not ut:
        raise _gransfel(fil, "tolkningen avbröts (för lång tid eller för mycket minne)")
    if process.returncode != 0 or not ut:
        # Rust avbryter processen (SIGABRT) när en allokering misslyckas; Python avslutas med kod 1 vid MemoryError
        # utanför tolkningen (t.ex. när svaret packas).
        raise _gransfel(fil, "tolkningen avbröts (slut på minne)")
    typ, svar = pickle.loads(ut)
    if typ == "fel":
        raise InlasningsFel(svar)
    if typ == "minne":
        raise _gransfel(fil, "tolkningen tog slut på minne")
    import polars as pl

    blad = []
    for namn, ipc, rubrikrad in svar:
        df = pl.read_ipc(io.BytesIO(ipc))
        radnummer = df[_RAD] if _RAD in df.columns else None
        blad.append(Blad(namn, df.drop(_RAD, strict=False), radnummer, rubrikrad))
    return blad


_RAD = "__radnummer__"  # radnumren följer med tabellen i Arrow IPC


def _ipc(blad) -> bytes:
    df = blad.tabell if blad.radnummer is None else blad.tabell.with_columns(blad.radnummer.alias(_RAD))
    return df.write_ipc(None, compression="uncompressed").getvalue()


def _underprocess() -> None:
    """Underprocessens sida: läs uppdraget från stdin, sätt gränserna, tolka, skriv svaret på stdout."""
    modul, namn, innehall, fil, g = pickle.loads(sys.stdin.buffer.read())
    for grans, varde in ((resource.RLIMIT_AS, g.minne_byte), (resource.RLIMIT_CPU, int(g.tid_s) + 5)):
        _, hard = resource.getrlimit(grans)
        varde = varde if hard == resource.RLIM_INFINITY else min(varde, hard)
        resource.setrlimit(grans, (varde, varde))
    installningar.LASGRANSER = g
    import importlib

    funktion = importlib.import_module(modul)
    for del_ in namn.split("."):
        funktion = getattr(funktion, del_)
    try:
        blad = funktion(innehall, fil)
        svar = ("ok", [(b.namn, _ipc(b), b.rubrikrad) for b in blad])
    except InlasningsFel as fel:
        svar = ("fel", fel.fynd)
    except MemoryError:
        svar = ("minne", None)
    sys.stdout.buffer.write(pickle.dumps(svar, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _underprocess()
