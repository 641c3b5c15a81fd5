"""Lasttest med lätta klienter (issue 17): N samtidiga websocket-sessioner mot Streamlit som byter filter (år och
plattform, via sidans adressparametrar) under en bestämd tid, mot en eller flera appinstanser (olika portar) på
samma lagring. Varje session talar Streamlits eget protokoll (/_stcore/stream, protobuf: BackMsg.rerun_script
med ClientState.query_string, svaret ForwardMsg.script_finished); ingen webbläsare.

    python -m bench.last --db postgresql://… --instanser 2 --sessioner 50 --sekunder 60

Sidtid = från att rerun_script skickas till script_finished. Fel = anslutningsfel, en körning som inte slutar
med FINISHED_SUCCESSFULLY, eller ett undantag på sidan (delta med exception). Serverns CPU (andel av en kärna)
och minne (RSS) läses ur /proc för appinstansernas processer."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
AR = [2018, 2019, 2020, 2021]
PLATTFORMAR = ["", "vuxentorget", "ungdomstorget"]


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def starta(port: int, db: str | None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROT)}
    if db:
        env["UPPFOLJNING_DB"] = db
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROT / "dashboard.py"), "--server.port", str(port),
         "--server.headless", "true", "--server.enableXsrfProtection", "false",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def vanta_pa(port: int, sekunder: float = 180) -> None:
    slut = time.monotonic() + sekunder
    while time.monotonic() < slut:
        try:
            _, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            await asyncio.sleep(0.5)
    raise RuntimeError(f"appen på port {port} startade inte")


def _cpu_s(pid: int) -> float:
    falt = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(falt[11]) + int(falt[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for rad in Path(f"/proc/{pid}/status").read_text().splitlines():
        if rad.startswith("VmRSS:"):
            return int(rad.split()[1]) / 1024
    return 0.0


async def _en_korning(ws, query: str, sida: str = "", samla: list | None = None) -> tuple[float, str | None]:
    """En körning av sidan [sida] (adressen, t.ex. "data"; "" = förstasidan) med adressparametrarna [query]:
    (sidtid, fel eller None). [samla] får varje ForwardMsg som den kom (bytes)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = sida
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    fel = None
    element = 0
    while True:
        data = await asyncio.wait_for(ws.recv(), timeout=120)
        if samla is not None:
            samla.append(data)
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        typ = fwd.WhichOneof("type")
        if typ == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element += 1
        if typ == "page_not_found":
            fel = fel or "sidan finns inte"
        if typ == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                and fwd.delta.new_element.WhichOneof("type") == "exception":
            fel = fel or f"undantag på sidan: {fwd.delta.new_element.exception.message[:200]}"
        if typ == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
            if status == "FINISHED_EARLY_FOR_RERUN":
                continue
            if status != "FINISHED_SUCCESSFULLY":
                fel = fel or status
            if element < 5:  # en sida med filter, rubriker och siffror har många element; inloggning eller fel
                fel = fel or f"bara {element} element på sidan"
            return time.perf_counter() - start, fel


async def visa_sida(port: int, sida: str = "", query: str = "") -> list:
    """Elementen som appen på [port] skickade för en sidvisning (en ny session), som ForwardMsg.delta.new_element.
    Kastar AssertionError om sidan inte visades utan fel."""
    import websockets
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    samlat: list[bytes] = []
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=60) as ws:
        _, fel = await _en_korning(ws, query, sida, samlat)
    assert fel is None, fel
    element = []
    for data in samlat:
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        if fwd.WhichOneof("type") == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element.append(fwd.delta.new_element)
    return element


def tabeller(element: list) -> list:
    """Sidans tabeller (st.table och st.dataframe) som pyarrow-tabeller, i sidans ordning."""
    import pyarrow as pa

    ut = []
    for e in element:
        typ = e.WhichOneof("type")
        if typ == "table":
            ut.append(pa.ipc.open_stream(e.table.arrow_data.data).read_all())
        elif typ == "dataframe":
            assert e.dataframe.arrow_data.data, "tabellen laddas i efterhand (lazy_data): läses inte här"
            ut.append(pa.ipc.open_stream(e.dataframe.arrow_data.data).read_all())
    return ut


async def _session(port: int, slut: float, tider: list, fel: list, slump: random.Random) -> None:
    import websockets

    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None, open_timeout=60) as ws:
            forsta = True
            while time.monotonic() < slut:
                ar, plattform = slump.choice(AR), slump.choice(PLATTFORMAR)
                query = f"ar={ar}" + (f"&plattform={plattform}" if plattform else "")
                tid, f = await _en_korning(ws, query)
                if f:
                    fel.append(f)
                elif not forsta:  # den första körningen i en session räknas inte (sessionen skapas)
                    tider.append(tid)
                forsta = False
                await asyncio.sleep(slump.uniform(0.2, 1.0))  # en användare som tittar innan nästa byte
    except Exception as undantag:  # noqa: BLE001 - varje fel räknas
        fel.append(f"{type(undantag).__name__}: {undantag}")


async def kor(db: str | None, instanser: int, sessioner: int, sekunder: float) -> dict:
    portar = [ledig_port() for _ in range(instanser)]
    processer = [starta(p, db) for p in portar]
    try:
        for p in portar:
            await vanta_pa(p)
        # En uppvärmning per instans (ögonblicksbild, ramverk), utanför mätningen.
        varm_t: list = []
        varm_f: list = []
        await asyncio.gather(*(_session(p, time.monotonic() + 1, varm_t, varm_f, random.Random(0)) for p in portar))
        cpu0 = [_cpu_s(pr.pid) for pr in processer]
        t0 = time.monotonic()
        tider: list[float] = []
        fel: list[str] = []
        slut = t0 + sekunder
        rss_max = [0.0] * instanser

        async def matt_minne():
            while time.monotonic() < slut:
                for i, pr in enumerate(processer):
                    rss_max[i] = max(rss_max[i], _rss_mib(pr.pid))
                await asyncio.sleep(1)

        await asyncio.gather(matt_minne(), *(
            _session(portar[i % instanser], slut, tider, fel, random.Random(i)) for i in range(sessioner)))
        vagg = time.monotonic() - t0
        cpu = [(_cpu_s(pr.pid) - c) / vagg for pr, c in zip(processer, cpu0)]
    finally:
        for pr in processer:
            pr.terminate()
        for pr in processer:
            try:
                pr.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pr.kill()
    tider.sort()
    return {
        "instanser": instanser, "sessioner": sessioner, "sekunder": round(vagg, 1), "korningar": len(tider),
        "p50_s": round(statistics.median(tider), 3) if tider else None,
        "p95_s": round(tider[int(0.95 * (len(tider) - 1))], 3) if tider else None,
        "fel": len(fel), "felexempel": sorted(set(fel))[:3],
        "cpu_karnor": [round(c, 2) for c in cpu], "rss_max_mib": [round(r) for r in rss_max],
        "last_fore_och_efter": os.getloadavg(),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default=os.environ.get("UPPFOLJNING_DB"), help="UPPFOLJNING_DB för appinstanserna")
    p.add_argument("--instanser", type=int, default=1)
    p.add_argument("--sessioner", type=int, default=50)
    p.add_argument("--sekunder", type=float, default=60)
    a = p.parse_args()
    print(f"last före: {os.getloadavg()}", flush=True)
    print(asyncio.run(kor(a.db, a.instanser, a.sessioner, a.sekunder)))


if __name__ == "__main__":
    main()
