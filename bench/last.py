"""Lasttest med lätta klienter (issue 17): N samtidiga websocket-sessioner mot Streamlit som byter filter (år och
plattform, via sidans adressparametrar) under en bestämd tid, mot en eller flera appinstanser (olika portar) på
samma lagring. Varje session talar Streamlits eget protokoll (/_stcore/stream, protobuf: BackMsg.rerun_script
med ClientState.query_string, svaret ForwardMsg.script_finished); ingen webbläsare.

    python -m bench.last --db postgresql://… --instanser 2 --sessioner 50 --sekunder 60
    python -m bench.last --sidor blandat --sessioner 50 --sekunder 60   # byter också sida (läsarens sidor)

Utan --sidor visar varje session förstasidan (Måluppfyllelse), som lasttestet alltid gjort, så att siffrorna går att
jämföra. Med --sidor blandat (eller en lista med adresser, t.ex. --sidor mal,utfall) väljer sessionen vid varje byte
en sida på måfå bland dem och ett filter; tiderna redovisas då totalt och per sida. En sida räknas som visad bara om
dess rubrik (st.title) kom och den inte visade något undantag eller felmeddelande (st.error).

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
# Sidorna en läsare (och en ledamot) bläddrar mellan: adress -> början av sidans rubrik (st.title). Förstasidans
# och Plattformars rubriker innehåller organisationens ord (uppfoljning/ord.py): där räcker det att en rubrik kom.
LASARSIDOR = {
    "maluppfyllelse": "",
    "mal": "Mål och indikatorer",
    "utfall": "Utfall för deltagare",
    "plattformar": "Jämförelse av ",
    "kommuner": "Jämförelse av kommuner",
    "kvinnor-och-man": "Kvinnor och män",
    "over-tid": "Över tid",
    "ekonomi": "Ekonomi: budget och utfall",
}


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


def stoppa(processer: list[subprocess.Popen]) -> None:
    """Stänger appinstanserna: SIGTERM till alla, sedan SIGKILL för den som inte slutat inom 20 s."""
    for pr in processer:
        pr.terminate()
    for pr in processer:
        try:
            pr.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pr.kill()


def _cpu_s(pid: int) -> float:
    falt = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(falt[11]) + int(falt[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    for rad in Path(f"/proc/{pid}/status").read_text().splitlines():
        if rad.startswith("VmRSS:"):
            return int(rad.split()[1]) / 1024
    return 0.0


async def _en_korning(ws, query: str, sida: str = "", samla: list | None = None,
                      rubrik: str | None = None) -> tuple[float, str | None]:
    """En körning av sidan [sida] (adressen, t.ex. "data"; "" = förstasidan) med adressparametrarna [query]:
    (sidtid, fel eller None). [samla] får varje ForwardMsg som den kom (bytes). Med [rubrik] (början av sidans
    st.title; "" = vilken som helst) är det ett fel om ingen sådan rubrik kom eller om sidan visade st.error."""
    from streamlit.proto.Alert_pb2 import Alert
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = sida
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    fel = None
    element = 0
    rubriker: list[str] = []
    while True:
        data = await asyncio.wait_for(ws.recv(), timeout=120)
        if samla is not None:
            samla.append(data)
        fwd = ForwardMsg()
        fwd.ParseFromString(data)
        typ = fwd.WhichOneof("type")
        if typ == "delta" and fwd.delta.WhichOneof("type") == "new_element":
            element += 1
            ny = fwd.delta.new_element
            if ny.WhichOneof("type") == "heading" and ny.heading.tag == "h1":
                rubriker.append(ny.heading.body)
            if rubrik is not None and ny.WhichOneof("type") == "alert" and ny.alert.format == Alert.ERROR:
                fel = fel or f"felmeddelande på sidan {sida or '/'}: {ny.alert.body[:200]}"
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
            if rubrik is not None and not any(r.startswith(rubrik) for r in rubriker):
                fel = fel or f"sidan {sida or '/'} visade inte sin rubrik ({rubriker[:2]})"
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


async def _session(port: int, slut: float, tider: list, fel: list, slump: random.Random,
                   sidor: list[str] | None = None) -> None:
    """En användare: byter filter (och med [sidor] även sida, på måfå bland dem) tills [slut]. [tider] får
    (sida, sidtid) per visning utom sessionens första; "" = förstasidan."""
    import websockets

    try:
        async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                      max_size=None, open_timeout=60) as ws:
            forsta = True
            while time.monotonic() < slut:
                ar, plattform = slump.choice(AR), slump.choice(PLATTFORMAR)
                query = f"ar={ar}" + (f"&plattform={plattform}" if plattform else "")
                if sidor:
                    sida = slump.choice(sidor)
                    tid, f = await _en_korning(ws, query, sida, rubrik=LASARSIDOR.get(sida, ""))
                else:
                    sida = ""
                    tid, f = await _en_korning(ws, query)
                if f:
                    fel.append(f)
                elif not forsta:  # den första körningen i en session räknas inte (sessionen skapas)
                    tider.append((sida, tid))
                forsta = False
                await asyncio.sleep(slump.uniform(0.2, 1.0))  # en användare som tittar innan nästa byte
    except Exception as undantag:  # noqa: BLE001 - varje fel räknas
        fel.append(f"{type(undantag).__name__}: {undantag}")


def _p(tider: list[float], andel: float) -> float | None:
    """Percentilen [andel] (0,5 = median) av sorterade [tider], som lasttestet alltid räknat den."""
    if not tider:
        return None
    return round(statistics.median(tider), 3) if andel == 0.5 else round(tider[int(andel * (len(tider) - 1))], 3)


async def kor(db: str | None, instanser: int, sessioner: int, sekunder: float,
              sidor: list[str] | None = None) -> dict:
    """Lasttestet. [sidor]: None = bara förstasidan (som förut); annars sidornas adresser som sessionerna byter
    mellan."""
    portar = [ledig_port() for _ in range(instanser)]
    processer = [starta(p, db) for p in portar]
    try:
        for p in portar:
            await vanta_pa(p)
        # En uppvärmning per instans (ögonblicksbild, ramverk), utanför mätningen.
        varm_t: list = []
        varm_f: list = []
        await asyncio.gather(*(_session(p, time.monotonic() + 1, varm_t, varm_f, random.Random(0), sidor)
                               for p in portar))
        cpu0 = [_cpu_s(pr.pid) for pr in processer]
        t0 = time.monotonic()
        tider: list[tuple[str, float]] = []
        fel: list[str] = []
        slut = t0 + sekunder
        rss_max = [0.0] * instanser

        async def matt_minne():
            while time.monotonic() < slut:
                for i, pr in enumerate(processer):
                    rss_max[i] = max(rss_max[i], _rss_mib(pr.pid))
                await asyncio.sleep(1)

        await asyncio.gather(matt_minne(), *(
            _session(portar[i % instanser], slut, tider, fel, random.Random(i), sidor) for i in range(sessioner)))
        vagg = time.monotonic() - t0
        cpu = [(_cpu_s(pr.pid) - c) / vagg for pr, c in zip(processer, cpu0)]
    finally:
        stoppa(processer)
    alla = sorted(t for _, t in tider)
    ut = {
        "instanser": instanser, "sessioner": sessioner, "sekunder": round(vagg, 1), "korningar": len(alla),
        "p50_s": _p(alla, 0.5), "p95_s": _p(alla, 0.95),
        "fel": len(fel), "felexempel": sorted(set(fel))[:3],
        "cpu_karnor": [round(c, 2) for c in cpu], "rss_max_mib": [round(r) for r in rss_max],
        # CPU per sidvisning i servrarna (alla instanser): kärnor × sekunder / visningar.
        "cpu_ms_per_visning": round(1000 * sum(cpu) * vagg / len(alla), 1) if alla else None,
        "last_fore_och_efter": os.getloadavg(),
    }
    if sidor:
        ut["per_sida"] = {}
        for sida in sidor:
            egna = sorted(t for s, t in tider if s == sida)
            ut["per_sida"][sida] = {"korningar": len(egna), "p50_s": _p(egna, 0.5), "p95_s": _p(egna, 0.95)}
    return ut


def tolka_sidor(varde: str | None) -> list[str] | None:
    """--sidor: tomt = bara förstasidan (None), "blandat" = läsarens sidor, annars adresser med komma emellan."""
    if not varde:
        return None
    if varde == "blandat":
        return list(LASARSIDOR)
    sidor = [s.strip() for s in varde.split(",") if s.strip()]
    okanda = [s for s in sidor if s not in LASARSIDOR]
    if okanda:
        raise SystemExit(f"okända sidor: {', '.join(okanda)} (kända: {', '.join(LASARSIDOR)})")
    return sidor


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default=os.environ.get("UPPFOLJNING_DB"), help="UPPFOLJNING_DB för appinstanserna")
    p.add_argument("--instanser", type=int, default=1)
    p.add_argument("--sessioner", type=int, default=50)
    p.add_argument("--sekunder", type=float, default=60)
    p.add_argument("--sidor", default=None,
                   help="utan: bara förstasidan (som förut); blandat: läsarens sidor; eller adresser med komma")
    a = p.parse_args()
    sidor = tolka_sidor(a.sidor)
    print(f"last före: {os.getloadavg()}", flush=True)
    resultat = asyncio.run(kor(a.db, a.instanser, a.sessioner, a.sekunder, sidor))
    per_sida = resultat.pop("per_sida", None)
    print(resultat)
    if per_sida:
        for sida, r in per_sida.items():
            print(f"  {sida:16} {r['korningar']:5} visningar  p50 {r['p50_s']} s  p95 {r['p95_s']} s")


if __name__ == "__main__":
    main()
