"""Skriver RESULTS.md ur en körnings resultat. Tolkningen överst skrivs för hand och bevaras
mellan markörerna när mätningen körs om."""

from __future__ import annotations

import math
import os
import platform
from datetime import datetime
from importlib import metadata
from pathlib import Path

TOLKNING_START = "<!-- tolkning: skrivs för hand efter körningen och bevaras när mätningen körs om -->"
TOLKNING_SLUT = "<!-- /tolkning -->"
PAKET = ["duckdb", "polars", "pandas", "numpy", "pyarrow", "pydantic", "streamlit", "fastexcel", "xlsxwriter"]


def maskin() -> dict:
    modell = "okänd"
    try:
        for rad in Path("/proc/cpuinfo").read_text().splitlines():
            if rad.startswith("model name"):
                modell = rad.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    minne = None
    try:
        for rad in Path("/proc/meminfo").read_text().splitlines():
            if rad.startswith("MemTotal"):
                minne = int(rad.split()[1]) / 2**20
    except OSError:
        pass
    versioner = {}
    for p in PAKET:
        try:
            versioner[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            versioner[p] = "saknas"
    return {"karnor": len(os.sched_getaffinity(0)), "cpu": modell, "minne_gib": minne,
            "python": platform.python_version(), "os": platform.platform(), "paket": versioner,
            "tid": datetime.now().strftime("%Y-%m-%d %H:%M")}


def _s(x) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x >= 10:
        return f"{x:.1f} s"
    if x >= 1:
        return f"{x:.2f} s"
    return f"{x * 1000:.0f} ms"


def _x(x) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.1f}×"


def _tal(x, dec=0) -> str:
    return "–" if x is None else f"{x:,.{dec}f}".replace(",", " ")


def _tillvaxt(a, b, faktor) -> str:
    """Exponenten k i tid ∝ n^k mellan två storlekar (1 = linjärt)."""
    if not a or not b or a <= 0 or b <= 0:
        return "–"
    return f"{math.log(b / a) / math.log(faktor):.2f}"


def _hamta(r: dict, *nycklar):
    for n in nycklar:
        if r is None:
            return None
        r = r.get(n)
    return r


def _kvot_pydantic(r: dict, anslutning: str) -> float | None:
    """Pydantic mot kontrollen, mätta omväxlande i samma process (medianen av kvoterna per varv); äldre
    resultat utan det: kvoten mellan faserna."""
    kvot = _hamta(r, "pydantic", "resultat", f"kvot_{anslutning}")
    if kvot is not None:
        return kvot
    kontroll = _hamta(r, "csv", "resultat", "forbered" if anslutning == "kall" else "forbered_varm")
    pyd = _hamta(r, "pydantic", "resultat", "totalt")
    return pyd / kontroll if pyd and kontroll else None


def _varst(sidor: dict, falt: str) -> tuple[str, float]:
    """Den långsammaste sidan för en mätning (sidor utan mätvärde räknas inte)."""
    matta = [(s[falt], namn) for namn, s in sidor.items() if s.get(falt) is not None and s[falt] == s[falt]]
    if not matta:
        return "–", float("nan")
    tid, namn = max(matta)
    return namn.removeprefix("pages/").removesuffix(".py"), tid


def skriv(resultat: dict, ut: Path) -> None:
    from bench import pg_jamforelse

    tolkning = "_(Skriv tolkningen här efter körningen.)_"
    postgresql = None  # avsnittet som python -m bench.pg_jamforelse skrev: bevaras sist i filen
    if ut.exists():
        gammal = ut.read_text(encoding="utf-8")
        if TOLKNING_START in gammal and TOLKNING_SLUT in gammal:
            tolkning = gammal.split(TOLKNING_START, 1)[1].split(TOLKNING_SLUT, 1)[0].strip()
        if pg_jamforelse.START in gammal and pg_jamforelse.SLUT in gammal:
            postgresql = (pg_jamforelse.START + gammal.split(pg_jamforelse.START, 1)[1].split(pg_jamforelse.SLUT, 1)[0]
                          + pg_jamforelse.SLUT)
    m = resultat["maskin"]
    storlekar = sorted(resultat["storlekar"], key=int)
    S = {k: resultat["storlekar"][k] for k in storlekar}
    rader: list[str] = []
    w = rader.append

    w("# Prestandamätning i nationell skala")
    w("")
    w(TOLKNING_START)
    w(tolkning)
    w(TOLKNING_SLUT)
    w("")
    w("## Så togs siffrorna fram")
    w("")
    w(f"- Kommando: `{resultat['kommando']}` (från repots rot; `make bench` kör `.venv/bin/python -m bench`).")
    w(f"- Körd {m['tid']}, total tid {resultat.get('total_tid', 0) / 60:.1f} min. Varje tid är medianen av "
      f"{resultat['upprepningar']} körningar (Excel vid 1 000 000 rader: en körning, CSV: minst 3); "
      "jämförelsepunkterna mäts i samma körning.")
    w(f"- Maskin: {m['karnor']} kärnor, {m['minne_gib']:.1f} GiB minne, {m['cpu']}; {m['os']}; "
      f"Python {m['python']}.")
    w("- Paket: " + ", ".join(f"{p} {v}" for p, v in m["paket"].items()) + ".")
    w("- Data: `bench/generera.py`, fast frö. 80 förbund, 290 kommuner, "
      f"{next(iter(S.values()))['plattformar'] if S else '–'} plattformar/insatser, åren 2016-2025; "
      "kön 53/45/2 %, tio avslutsorsaker i olika stavningar. Deltagarfilen har uppladdningsformatet och "
      "läses in med produktens väg (`uppladdning.forbered` + `spara`, med personnummersökning, "
      "referenskontroller och ersättningskontroll) i en databas byggd med `databas.bygg_databas`. Varje "
      "körning kopierar databasen och öppnar den på nytt; kontrollen körs först på den nyöppnade "
      "anslutningen (den tiden ingår i inläsningen) och sedan en gång till på samma anslutning, som när "
      "appen redan är igång. Pydantic-baslinjen får referensdata som färdiga ordlistor före tidtagningen; "
      "den och kontrollen turas om i minst 5 varv i samma process, och kvoten är medianen av kvoterna per varv.")
    w("- Bedömningen: hela målramverket (`bench/data/<storlek>/goals.yaml`, samma form som `goals.yaml`: "
      "fyra mål, andels- och volymindikatorer, målnivå per kön) för 2024 och alla omfattningar, "
      "med `bedomning.bedom` utan appens cache. Motorn, golvet och pandas turas om i minst 9 varv, så att "
      "de mäts under samma belastning; kvoten är medianernas kvot, och kvoten i varje varv redovisas också.")
    w("- Sidorna: `AppTest` för varje sida i `dashboard.py`. *Nytt filterval*: sidans filter (År, annars "
      "Plattform) byts till ett värde som inte visats förut, så sidans frågor körs (anslutning, ramverk och "
      "oberoende frågor redan cachade). *Varm cache*: samma filterbyten en gång till, frågesvaren och sidornas "
      "byggen ur processens minne (`uppfoljning/minne.py`). SQL-tid: tiden i `fragor.kor` vid nytt filterval.")
    w("- Toppminne: `ru_maxrss` i en egen process per fas och storlek.")
    w("")

    # ---------------------------------------------------------------- mål
    w("## Målen")
    w("")
    w("| Mål | Mätt | Uppfyllt |")
    w("|---|---|---|")

    def mal(text, varde, ok):
        w(f"| {text} | {varde} | {'ja' if ok else 'nej'} |" if ok is not None else f"| {text} | {varde} | – |")

    stor = S.get("1000000")
    mellan = S.get("100000")
    if stor:
        t = _hamta(stor, "csv", "resultat", "totalt")
        mal("Inläsning av CSV med full kontroll, 1 000 000 rader: under 10 s", _s(t), t is not None and t < 10)
    if mellan and _hamta(mellan, "pydantic"):
        pyd = _hamta(mellan, "pydantic", "resultat", "totalt")
        kvot = _kvot_pydantic(mellan, "varm")
        mal("Kontrollen av filen minst 10 gånger snabbare än pydantic rad för rad (100 000 rader; samma "
            "kontroller, inget sparas; anslutningen har redan läst referensdata, som i appen och som "
            "pydantic-modellens färdiga ordlistor)", _x(kvot), kvot >= 10)
        kvot = _kvot_pydantic(mellan, "kall")
        mal("(Samma kontroll som första fråga på en nyöppnad databas)", _x(kvot), kvot >= 10)
        kvot = pyd / _hamta(mellan, "csv", "resultat", "totalt")
        mal("(Hela inläsningen, med lagring i en transaktion, mot pydantic som bara validerar)", _x(kvot),
            kvot >= 10)
    for namn, r in ((k, S[k]) for k in storlekar):
        if namn != "1000000":
            continue
        b = r["bedomning"]["resultat"]
        mal("Hela målramverket för ett år inom 3 gånger golvet (1 000 000 rader)",
            f"{_x(b['motor'] / b['golv'])} ({_s(b['motor'])} mot {_s(b['golv'])})", b["motor"] / b["golv"] <= 3)
        # De mindre storlekarna redovisas också: samma ramverk, men golvet blir billigt när deltagarna är få.
        for mindre in (k for k in storlekar if k != namn):
            bm = S[mindre]["bedomning"]["resultat"]
            mal(f"(Samma vid {_tal(int(mindre))} rader)",
                f"{_x(bm['motor'] / bm['golv'])} ({_s(bm['motor'])} mot {_s(bm['golv'])})",
                bm["motor"] / bm["golv"] <= 3)
        mal("Bedömningen snabbare än samma beräkning i pandas (1 000 000 rader)",
            f"pandas {_x(b['pandas'] / b['motor'])} långsammare", b["pandas"] > b["motor"])
        sidor = r["sidor"]["resultat"]
        sida, varst = _varst(sidor, "varm")
        mal("Varje sida efter filterbyte, varm cache, under 300 ms (1 000 000 rader)",
            f"högst {_s(varst)} ({sida})", varst < 0.3)
        sida, varst_kall = _varst(sidor, "kall")
        mal("(Samma med nytt filterval, sidans frågor körs)", f"högst {_s(varst_kall)} ({sida})", varst_kall < 0.3)
        minne = max(_hamta(r, f, "toppminne_mib") or 0 for f in ("csv", "xlsx", "bedomning", "sidor"))
        mal("Toppminne under 2 GiB (1 000 000 rader)", f"{_tal(minne)} MiB", minne < 2048)
    std = resultat["standard_sidor"]["resultat"]
    sida, varst = _varst(std, "varm")
    mal("Varje sida efter filterbyte på standarddata, varm cache, under 100 ms", f"högst {_s(varst)} ({sida})",
        varst < 0.1)
    sida, varst_kall = _varst(std, "kall")
    mal("(Samma med nytt filterval)", f"högst {_s(varst_kall)} ({sida})", varst_kall < 0.1)
    kall = sorted(k["vaggtid"] for k in resultat["kallstart"])
    median_kall = kall[len(kall) // 2]
    mal("Kallstart på standarddata till första renderade sida under 3 s (ny process, AppTest)",
        _s(median_kall), median_kall < 3)
    w("")

    # ---------------------------------------------------------------- tabellen
    w("## Per storlek")
    w("")
    rubrik = "| | " + " | ".join(_tal(int(k)) + " rader" for k in storlekar) + " | tillväxt 100 000 → 1 000 000 |"
    w(rubrik)
    w("|---|" + "---|" * len(storlekar) + "---|")

    def rad(text, varden, fmt=_s, tillvaxt=True):
        celler = [fmt(v) if v is not None else "–" for v in varden]
        tv = "–"
        if tillvaxt and "100000" in S and "1000000" in S:
            tv = "n^" + _tillvaxt(varden[storlekar.index("100000")], varden[storlekar.index("1000000")], 10)
        w(f"| {text} | " + " | ".join(celler) + f" | {tv} |")

    def v(*nycklar):
        return [_hamta(S[k], *nycklar) for k in storlekar]

    rad("CSV-fil", v("csv_mib"), lambda x: f"{x:.1f} MiB", False)
    rad("Inläsning CSV (kontroll + spara)", v("csv", "resultat", "totalt"))
    rad("&nbsp;&nbsp;varav kontroll (forbered), nyöppnad databas", v("csv", "resultat", "forbered"))
    rad("&nbsp;&nbsp;kontrollen en gång till på samma anslutning", v("csv", "resultat", "forbered_varm"))
    rad("&nbsp;&nbsp;varav spara (transaktion, härledda antal)", v("csv", "resultat", "spara"))
    rad("&nbsp;&nbsp;rader per sekund", [(_hamta(S[k], "csv", "resultat", "rader") or 0) /
                                         _hamta(S[k], "csv", "resultat", "totalt") for k in storlekar],
        lambda x: _tal(x), False)
    rad("Excel-fil", v("xlsx_mib"), lambda x: f"{x:.1f} MiB", False)
    rad("Inläsning Excel (xlsx)", v("xlsx", "resultat", "totalt"))
    rad("Pydantic rad för rad (bara validering)", v("pydantic", "resultat", "totalt"))
    rad("&nbsp;&nbsp;kvot pydantic / kontroll (forbered), nyöppnad databas", [
        _kvot_pydantic(S[k], "kall") if _hamta(S[k], "pydantic") else None for k in storlekar], _x, False)
    rad("&nbsp;&nbsp;kvot pydantic / kontroll (forbered), samma anslutning igen", [
        _kvot_pydantic(S[k], "varm") if _hamta(S[k], "pydantic") else None for k in storlekar], _x, False)
    rad("&nbsp;&nbsp;kvot pydantic / hela inläsningen", [
        (_hamta(S[k], "pydantic", "resultat", "totalt") / _hamta(S[k], "csv", "resultat", "totalt"))
        if _hamta(S[k], "pydantic") else None for k in storlekar], _x, False)
    rad("Databasens storlek", v("csv", "resultat", "databas_mib"), lambda x: f"{x:.1f} MiB")
    rad("Bedömning, hela ramverket, ett år", v("bedomning", "resultat", "motor"))
    rad("&nbsp;&nbsp;bedömningar (mål × omfattning) / indikatorresultat",
        [f"{_hamta(S[k], 'bedomning', 'resultat', 'bedomningar')} / "
         f"{_hamta(S[k], 'bedomning', 'resultat', 'indikatorresultat')}" for k in storlekar], str, False)
    rad("Golvet: en GROUP BY över deltagare, ett år", v("bedomning", "resultat", "golv"))
    rad("Golvet för båda åren som bedömningen visar", v("bedomning", "resultat", "golv_tva_ar"))
    rad("&nbsp;&nbsp;kvot bedömning / golv i varje varv, lägst–högst", [
        f"{_x(min(kv))}–{_x(max(kv))}" if (kv := _hamta(S[k], "bedomning", "resultat", "kvot_per_varv")) else None
        for k in storlekar], str, False)
    rad("&nbsp;&nbsp;kvot bedömning / golv (ett år)", [
        _hamta(S[k], "bedomning", "resultat", "motor") / _hamta(S[k], "bedomning", "resultat", "golv")
        for k in storlekar], _x, False)
    rad("Samma antal och andelar i pandas (groupby)", v("bedomning", "resultat", "pandas"))
    rad("&nbsp;&nbsp;kvot pandas / bedömning", [
        _hamta(S[k], "bedomning", "resultat", "pandas") / _hamta(S[k], "bedomning", "resultat", "motor")
        for k in storlekar], _x, False)
    rad("&nbsp;&nbsp;kontroll: förbundets positiva lösning, motor / pandas",
        [" / ".join(f"{x} %" for x in _hamta(S[k], "bedomning", "resultat", "kontroll")) for k in storlekar],
        str, False)
    sidor = list(next(iter(S.values()))["sidor"]["resultat"]) if S else []
    for sida in sidor:
        namn = sida.removeprefix("pages/").removesuffix(".py")
        filt = (_hamta(next(iter(S.values())), "sidor", "resultat", sida, "filter") or "omkörning").removeprefix(
            "url_")
        rad(f"Sidan {namn}, nytt filterval ({filt})", v("sidor", "resultat", sida, "kall"))
        rad("&nbsp;&nbsp;varav SQL", v("sidor", "resultat", sida, "kall_sql"))
        rad("&nbsp;&nbsp;samma filterbyte, varm cache", v("sidor", "resultat", sida, "varm"))
    for fas, text in (("csv", "inläsning CSV"), ("xlsx", "inläsning Excel"), ("bedomning", "bedömning"),
                      ("sidor", "sidorna")):
        rad(f"Toppminne, {text}", v(fas, "toppminne_mib"), lambda x: f"{x:,.0f} MiB".replace(",", " "))
    for fas, text in (("csv", "inläsning CSV"), ("bedomning", "bedömning"), ("sidor", "sidorna")):
        rad(f"Systemlast (1 min) före / efter fasen, {text}",
            [" / ".join(f"{x:.1f}" for x in (_hamta(S[k], fas, "last") or [])) or None for k in storlekar],
            str, False)
    w("")
    w("Systemlasten är lastmedelvärdet för hela maskinen (2 kärnor): över 2 betyder att andra processer "
      "konkurrerade om processorn under mätningen och att tiderna är för höga.")
    w("")
    w("Tillväxt: exponenten k i tid ∝ n^k mellan 100 000 och 1 000 000 rader (1,00 = linjärt, under 1 = "
      "bättre än linjärt, t.ex. när en fast kostnad dominerar).")
    w("")

    # ---------------------------------------------------------------- standarddata
    w("## Standarddata (Umeåregionen 2020, den inbäddade databasen)")
    w("")
    w(f"- Första start, bygga databasen från `datasets/`: {_s(resultat['standard_bygg']['resultat']['totalt'])}.")
    k = resultat["kallstart"]
    w(f"- Kallstart till första renderade sida (ny process: Python, importer, anslutning, ramverk, sidan "
      f"Måluppfyllelse): median {_s(median_kall)} (körningar: {', '.join(_s(x['vaggtid']) for x in k)}); "
      f"varav själva första körningen i AppTest "
      f"{_s(sorted(x['resultat']['forsta_rendering'] for x in k)[len(k) // 2])}.")
    w("")
    w("| Sida | filter | första visning | nytt filterval | varav SQL | varm cache |")
    w("|---|---|---|---|---|---|")
    for sida, s in std.items():
        w(f"| {sida.removeprefix('pages/').removesuffix('.py')} | {(s['filter'] or 'omkörning').removeprefix('url_')} "
          f"| {_s(s['forsta'])} | {_s(s['kall'])} | {_s(s['kall_sql'])} | {_s(s['varm'])} |")
    fel = {f"{namn}: {sida}": s["fel"] for namn, r in [("standarddata", {"sidor": resultat["standard_sidor"]})]
           + [(k, S[k]) for k in storlekar] for sida, s in r["sidor"]["resultat"].items() if s["fel"]}
    if fel:
        w("")
        w("Sidor som gav fel under mätningen:")
        for plats, f in fel.items():
            w(f"- {plats}: {f}")
    w("")
    if resultat.get("perioder"):
        w("## Perioder utöver kalenderåret (projektperiod och halvår)")
        w("")
        w("Samma syntetiska data med ett målramverk som också har en projektperiod (tre år och åtta månader) och "
          "ett halvår (`python -m bench.perioder`): deltagarnivån räknas för varje period i samma fråga, och "
          "bedömningen av hela ramverket körs för ett år, projektperioden och halvåret.")
        w("")
        w(resultat["perioder"])
        w("")
    if postgresql:
        w(postgresql)
        w("")
    ut.write_text("\n".join(rader) + "\n", encoding="utf-8")
