"""Oraklet för skyddet av små tal: vad kan en läsare (roll viewer) räkna ut om ett dolt tal?

Oberoende av uppfoljning.smatal: relationerna byggs här ur databasens tabeller (v_utfall_antal, referensdata,
matt_definition, aktualisering, enkat_resultat) och domänens definitioner, inte ur skyddets kub. Bara
cellnamnen ("forbundet", "plattform:<id>", "kommun:<id>", kön kvinnor/man/annat/totalt) är desamma som
produktens, så att det läsaren ser går att slå upp.

Läsarens kunskap om en publicerad cell:
- ett synligt tal: exakt det talet;
- "dold": [0, ∞) (alla dolda antal har samma etikett, som inte säger om talet är litet);
- "<5" (visas inte längre, men läses ärligt om den skulle dyka upp): [0, gräns-1].
Opublicerade hjälpceller (deltagare per plattform och kommun, skillnaden deltagare - nya, nej i beredning,
svarande som inte är positiva) är [0, ∞).

Relationerna (alla linjära, och bara de som håller i sanningen används; en som inte gör det räknas i
Kub.ohallna): Totalt = Kvinnor + Män (+ annat kön där enheten har det), avslutade = avslutsorsakerna (mått av
typ 'avslut'), deltagare = avslutade + kvar, nya ≤ deltagare, varje summamått = sina delar enligt periodens
definition, förbundet = plattformarna som ingår i förbundstotalen = kommunerna (på deltagarnivå, där förbundet är
distinkta personer: förbundet = D + de sammanställda plattformarna, D ≤ summan av deltagarnivåns plattformar och för
deltagare och kvar D ≥ varje sådan plattform; se utfall), och plattform/kommun genom
opublicerade celler per (plattform, kommun) för de par som har deltagare (sidan Kommuner visar vilka
plattformar som ingår i varje kommun); aktualiseringar per rad och totalrad per urval; enkätsvar per kön och
förbundet = plattformarna, positiva ≤ svarande. Intervallen propageras över alla relationer till fixpunkt.

Kriteriet, för varje dold cell:
- ingen dold cell får bli exakt bestämd;
- en dold cell vars verkliga värde är under gränsen måste ha ett intervall med minst gräns heltal (t.ex. 0-4,
  eller 3-7 om läsaren vet att talet är minst 3): lika lite som om talet bara stått som "<5".
Två dolda tal under en synlig summa som är minst gränsen (Kvinnor "dold", Män "dold", Totalt 6) ger var och en
0-6, sju möjliga värden; under en summa under gränsen är summan själv dold.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from dataclasses import dataclass, field

import duckdb

INF = math.inf
FORBUNDET = "forbundet"
KONSKOLUMN = {"K": "kvinnor", "M": "man"}  # allt annat är "annat"


def plattform(p: str) -> str:
    return f"plattform:{p}"


def kommun(k: str) -> str:
    return f"kommun:{k}"


@dataclass
class Kub:
    """Publicerade celler med sina verkliga värden, opublicerade hjälpceller och relationerna summa = delar."""

    varden: dict = field(default_factory=dict)
    latenta: dict = field(default_factory=dict)  # hjälpcell -> verkligt värde (bara för kontrollen av oraklet)
    relationer: list = field(default_factory=list)
    ohallna: int = 0

    def relation(self, summa, delar) -> None:
        delar = tuple(delar)
        if not delar:
            return
        if self.varde(summa) == sum(self.varde(d) for d in delar):
            self.relation_hall(summa, delar)
        else:
            self.ohallna += 1

    def varde(self, cell) -> int:
        return self.varden[cell] if cell in self.varden else self.latenta[cell]

    def relation_hall(self, summa, delar) -> None:
        self.relationer.append((summa, tuple(delar)))

    def hogst(self, storre, mindre, hjalp) -> None:
        """mindre <= storre, som storre = mindre + hjälpcell (>= 0)."""
        skillnad = self.varde(storre) - self.varde(mindre)
        if skillnad < 0:
            self.ohallna += 1
            return
        self.latenta[hjalp] = skillnad
        self.relationer.append((storre, (mindre, hjalp)))


# ---------------------------------------------------------------- utfall


def _definitioner(con, period: int) -> dict[str, str | None]:
    """matt_id -> summamåttet det ingår i, enligt den definition som gäller perioden (matt_definition)."""
    rader = con.execute("""
        SELECT matt_id, ingar_i FROM matt_definition
        WHERE giltig_fran <= ? QUALIFY giltig_fran = max(giltig_fran) OVER (PARTITION BY matt_id)
    """, [period]).fetchall()
    return dict(rader)


def utfall(con: duckdb.DuckDBPyConnection, period: int) -> Kub:
    """Utfallskuben ett år ur v_utfall_antal (grunddata per plattform, kommun, mått och kön)."""
    typ = dict(con.execute("SELECT matt_id, typ FROM utfallsmatt").fetchall())
    ingar = _definitioner(con, period)
    plattformar = {p: (k, f) for p, k, f in con.execute(
        "SELECT plattform_id, kommun_id, ingar_i_forbundstotal FROM plattform").fetchall()}
    grund: dict = defaultdict(int)  # (plattform, kommun, matt, kön) -> antal
    for p, k, m, kon, antal in con.execute("""
            SELECT plattform_id, coalesce(kommun_id, 'okand'), matt_id, kon, sum(antal)
            FROM v_utfall_antal WHERE period = ? GROUP BY ALL""", [period]).fetchall():
        if typ[m] != "summa":
            grund[(p, k, m, KONSKOLUMN.get(kon, "annat"))] += int(antal)
    if not grund:
        return Kub()
    summor: dict[str, list[str]] = defaultdict(list)
    for m, s in ingar.items():
        if s is not None and typ.get(s) == "summa":
            summor[s].append(m)
    matt = {m for (_, _, m, _) in grund}
    matt |= {s for s, delar in summor.items() if matt & set(delar)}
    for (p, k, m, kon), antal in list(grund.items()):
        if ingar.get(m) in matt:
            grund[(p, k, ingar[m], kon)] += antal
    avslut = [m for m in matt if typ[m] == "avslut"]

    kub = Kub()
    # Block: en publicerad enhet eller ett opublicerat par (plattform, kommun). Ett block har alla mått och kön.
    block: dict[str, dict] = {}  # blocknamn -> {(m, kön): antal}
    medlemmar: dict[str, set] = defaultdict(set)  # enhet -> par (p, k) som ingår
    par = {(p, k) for (p, k, _, _) in grund}
    for p, k in par:
        medlemmar[plattform(p)].add((p, k))
        if plattformar[p][1]:
            medlemmar[FORBUNDET].add((p, k))
            medlemmar[kommun(k)].add((p, k))

    def blockvarden(parlista) -> dict:
        v: dict = defaultdict(int)
        for p, k in parlista:
            for m in matt:
                for kon in ("kvinnor", "man", "annat"):
                    v[(m, kon)] += grund.get((p, k, m, kon), 0)
        return v

    def lagg_block(namn, varden: dict, publicerad: bool) -> None:
        annat = any(varden[(m, "annat")] for m in matt)
        koner = ["kvinnor", "man"] + (["annat"] if annat else [])
        mal = kub.varden if publicerad else kub.latenta
        for m in matt:
            for kon in koner:
                mal[(namn, m, kon)] = varden[(m, kon)]
            mal[(namn, m, "totalt")] = sum(varden[(m, kon)] for kon in koner)
        block[namn] = {"koner": koner}
        for m in matt:
            kub.relation((namn, m, "totalt"), [(namn, m, kon) for kon in koner])
        for kon in (*koner, "totalt"):
            if "avslutade" in matt and avslut:
                kub.relation((namn, "avslutade", kon), [(namn, a, kon) for a in avslut])
            if {"deltagare", "avslutade", "kvar"} <= matt:
                kub.relation((namn, "deltagare", kon), [(namn, "avslutade", kon), (namn, "kvar", kon)])
            if {"deltagare", "nya"} <= matt:
                kub.hogst((namn, "deltagare", kon), (namn, "nya", kon), ("ej_ny", namn, kon))
            for s, delar in summor.items():
                if s in matt:
                    kub.relation((namn, s, kon), [(namn, d, kon) for d in delar if d in matt])

    # Förbundet totalt på deltagarnivå är distinkta personer (02_utfall_fran_deltagare.sql), inte summan av
    # plattformarna. Läsaren vet då: förbundet = D + plattformarna med sammanställda tabeller, där D (de distinkta
    # personerna på deltagarnivå, opublicerad) är högst summan av deltagarnivåns plattformar och för deltagare och
    # kvar minst varje sådan plattform. Är totalen ändå lika med summan överallt används likheten (mer än läsaren
    # vet, alltså strängare).
    fran_deltagare = {p for (p,) in con.execute(
        "SELECT DISTINCT plattform_id FROM utfall_fran_deltagare WHERE period = ?", [period]).fetchall()}
    distinkt: dict = defaultdict(int)
    for m, kon, antal in con.execute(
            "SELECT matt_id, kon, antal FROM utfall_fran_deltagare_totalt WHERE period = ?", [period]).fetchall():
        if typ[m] != "summa":
            distinkt[(m, KONSKOLUMN.get(kon, "annat"))] += int(antal)
    for (m, kon), antal in list(distinkt.items()):
        if ingar.get(m) in matt:
            distinkt[(ingar[m], kon)] += antal
    forbund_dn = {(p, k) for p, k in medlemmar[FORBUNDET] if p in fran_deltagare}
    summa_dn = blockvarden(forbund_dn)
    anvand_distinkt = bool(forbund_dn) and any(distinkt[n] != summa_dn[n] for n in summa_dn)
    # Kommunerna likadant (samma fil): en kommun på deltagarnivå är distinkta personer bland förbundets plattformar i
    # kommunen (utfall_fran_deltagare_kommun). Läsaren vet: kommunen = D_k + paren med sammanställda tabeller, D_k
    # högst summan av deltagarnivåns par i kommunen och för deltagare och kvar minst varje sådant par. I summor över
    # kommunerna (förbundet = kommunerna) står en sådan kommun för summan av sina par.
    kommun_distinkt: dict = defaultdict(lambda: defaultdict(int))
    for k, m, kon, antal in con.execute(
            "SELECT coalesce(kommun_id, 'okand'), matt_id, kon, antal FROM utfall_fran_deltagare_kommun "
            "WHERE period = ?", [period]).fetchall():
        if typ[m] != "summa":
            kommun_distinkt[k][(m, KONSKOLUMN.get(kon, "annat"))] += int(antal)
    for v in kommun_distinkt.values():
        for (m, kon), antal in list(v.items()):
            if ingar.get(m) in matt:
                v[(ingar[m], kon)] += antal
    distinkta_kommuner: dict[str, tuple] = {}  # kommun -> (deltagarnivåns par, övriga par)
    for enhet, parlista in medlemmar.items():
        if not enhet.startswith("kommun:"):
            continue
        dn = {(p, k) for p, k in parlista if p in fran_deltagare}
        d_k = kommun_distinkt[enhet.removeprefix("kommun:")]
        s_k = blockvarden(dn)
        if dn and any(d_k[n] != s_k[n] for n in set(s_k) | set(d_k)):
            distinkta_kommuner[enhet] = (dn, parlista - dn)
    for enhet, parlista in medlemmar.items():
        varden = blockvarden(parlista)
        if enhet == FORBUNDET and anvand_distinkt:
            ovriga = blockvarden(parlista - forbund_dn)
            varden = defaultdict(int, {n: distinkt[n] + ovriga[n] for n in set(distinkt) | set(ovriga)})
        if enhet in distinkta_kommuner:
            d_k = kommun_distinkt[enhet.removeprefix("kommun:")]
            ovriga = blockvarden(distinkta_kommuner[enhet][1])
            varden = defaultdict(int, {n: d_k[n] + ovriga[n] for n in set(d_k) | set(ovriga)})
        lagg_block(enhet, varden, True)
    if anvand_distinkt:
        lagg_block("distinkt", distinkt, False)
        lagg_block("summa_deltagarniva", summa_dn, False)
        lagg_block("summa_plattformar", blockvarden(medlemmar[FORBUNDET]), False)
    for enhet, (dn, ovriga) in distinkta_kommuner.items():
        lagg_block(f"distinkt:{enhet}", kommun_distinkt[enhet.removeprefix("kommun:")], False)
        lagg_block(f"summa_dn:{enhet}", blockvarden(dn), False)
        lagg_block(f"summa_par:{enhet}", blockvarden(medlemmar[enhet]), False)

    # Plattform och kommun genom paren: en plattform med en enda kommun är själv paret; annars ett
    # opublicerat block per par, och plattformen = dess par, kommunen = dess par.
    per_plattform: dict[str, list] = defaultdict(list)
    for p, k in par:
        per_plattform[p].append(k)
    parblock: dict = {}
    for p, k in par:
        if len(per_plattform[p]) == 1:
            parblock[(p, k)] = plattform(p)
        else:
            namn = f"par:{p}:{k}"
            lagg_block(namn, blockvarden([(p, k)]), False)
            parblock[(p, k)] = namn
    for p, kommuner in per_plattform.items():
        if len(kommuner) > 1:
            for (m, kon) in ((m, kon) for m in matt for kon in (*block[plattform(p)]["koner"], "totalt")):
                kub.relation((plattform(p), m, kon), [(parblock[(p, k)], m, kon) for k in kommuner
                                                      if kon != "annat" or "annat" in block[parblock[(p, k)]]["koner"]])
    def relationer(enhet, delar) -> None:
        for m in matt:
            for kon in (*block[enhet]["koner"], "totalt"):
                kub.relation((enhet, m, kon), [(d, m, kon) for d in delar
                                               if kon != "annat" or "annat" in block[d]["koner"]])

    if (anvand_distinkt or distinkta_kommuner) and FORBUNDET in block:
        # Förbundet mot de publicerade kommunerna: högst summan av dem, och för deltagare och kvar minst varje kommun.
        kommunblock = sorted({kommun(k) for _, k in medlemmar[FORBUNDET]})
        for m in matt:
            for kon in (*block[FORBUNDET]["koner"], "totalt"):
                delar = [(e, m, kon) for e in kommunblock if kon == "totalt" or kon in block[e]["koner"]]
                kub.latenta[("kommunsumma", m, kon)] = sum(kub.varden[d] for d in delar)
                kub.relation(("kommunsumma", m, kon), delar)
                kub.hogst(("kommunsumma", m, kon), (FORBUNDET, m, kon), ("kommun_overlapp", m, kon))
                if m in ("deltagare", "kvar"):
                    for d in delar:
                        kub.hogst((FORBUNDET, m, kon), d, ("forbund_over", *d))
    for enhet, parlista in medlemmar.items():
        if enhet == FORBUNDET:
            delar_p = sorted({plattform(p) for p, _ in parlista})
            delar_k = sorted({f"summa_par:{kommun(k)}" if kommun(k) in distinkta_kommuner else kommun(k)
                              for _, k in parlista})
            if anvand_distinkt:
                dn = sorted({plattform(p) for p, _ in forbund_dn})
                ovriga = [d for d in delar_p if d not in dn]
                relationer(FORBUNDET, ["distinkt", *ovriga])
                relationer("summa_deltagarniva", dn)
                relationer("summa_plattformar", ["summa_deltagarniva", *ovriga])
                relationer("summa_plattformar", delar_k)
                for m in matt:
                    for kon in (*block["distinkt"]["koner"], "totalt"):
                        if kon in block["summa_deltagarniva"]["koner"] or kon == "totalt":
                            kub.hogst(("summa_deltagarniva", m, kon), ("distinkt", m, kon),
                                      ("distinkt_skillnad", m, kon))
                        if m in ("deltagare", "kvar"):
                            for d in dn:
                                if kon == "totalt" or kon in block[d]["koner"]:
                                    kub.hogst(("distinkt", m, kon), (d, m, kon), ("distinkt_over", d, m, kon))
                continue
            listor = [delar_p, delar_k]
        elif enhet in distinkta_kommuner:
            dn, ovriga = distinkta_kommuner[enhet]
            d, s_, alla = f"distinkt:{enhet}", f"summa_dn:{enhet}", f"summa_par:{enhet}"
            dn_block = sorted(parblock[pk] for pk in dn)
            ovriga_block = sorted(parblock[pk] for pk in ovriga)
            relationer(enhet, [d, *ovriga_block])
            relationer(s_, dn_block)
            relationer(alla, [s_, *ovriga_block])
            for m in matt:
                for kon in (*block[d]["koner"], "totalt"):
                    if kon in block[s_]["koner"] or kon == "totalt":
                        kub.hogst((s_, m, kon), (d, m, kon), ("distinkt_skillnad", enhet, m, kon))
                    if m in ("deltagare", "kvar"):
                        for b in dn_block:
                            if kon == "totalt" or kon in block[b]["koner"]:
                                kub.hogst((d, m, kon), (b, m, kon), ("distinkt_over", enhet, b, m, kon))
            continue
        elif enhet.startswith("kommun:"):
            listor = [sorted(parblock[pk] for pk in parlista)]
        else:
            continue
        for delar in listor:
            relationer(enhet, delar)
    return kub


# ---------------------------------------------------------------- aktualiseringar


def aktualiseringar(con: duckdb.DuckDBPyConnection, period: int) -> Kub:
    """Aktualiseringarna ett år: raderna (part, kommun) och totalraderna för alla och för varje kommun."""
    rader: dict = defaultdict(lambda: defaultdict(int))
    for part, k, kon, antal in con.execute(
            "SELECT part_id, kommun_id, kon, sum(antal) FROM aktualisering WHERE period = ? GROUP BY ALL",
            [period]).fetchall():
        rader[(part, k or "")][KONSKOLUMN.get(kon, "annat")] += int(antal)
    ja = {(part, k or ""): j for part, k, j in con.execute(
        "SELECT part_id, kommun_id, sum(antal_ja) FROM aktualisering_beredning WHERE period = ? GROUP BY ALL",
        [period]).fetchall()}
    for nyckel in ja:
        rader[nyckel]  # en part med bara beredning är också en rad
    kub = Kub()
    if not rader:
        return kub
    annat = any(r["annat"] for r in rader.values())
    koner = ["kvinnor", "man"] + (["annat"] if annat else [])
    med_ja = all(ja.get(n) is not None for n in rader)

    def cell(part, k, kolumn):
        return ("aktualisering", part, k, kolumn)

    def lagg(namn, k, varden: dict, j) -> None:
        for kon in koner:
            kub.varden[cell(namn, k, kon)] = varden.get(kon, 0)
        kub.varden[cell(namn, k, "antal")] = sum(varden.get(kon, 0) for kon in koner)
        kub.relation(cell(namn, k, "antal"), [cell(namn, k, kon) for kon in koner])
        if j is not None:
            kub.varden[cell(namn, k, "antal_ja")] = int(j)
            kub.hogst(cell(namn, k, "antal"), cell(namn, k, "antal_ja"), ("nej", namn, k))

    for (part, k), v in rader.items():
        lagg(part, k, v, ja.get((part, k)))
    kolumner = [*koner, "antal"] + (["antal_ja"] if med_ja else [])
    urval = {"alla": list(rader)} | {k: [n for n in rader if n[1] == k] for k in sorted({n[1] for n in rader} - {""})}
    for namn, nycklar in urval.items():
        summa = {kon: sum(rader[n].get(kon, 0) for n in nycklar) for kon in koner}
        lagg("totalt", namn, summa, sum(ja[n] for n in nycklar) if med_ja else None)
        for kolumn in kolumner:
            kub.relation(cell("totalt", namn, kolumn), [cell(*n, kolumn) for n in nycklar])
    for kolumn in kolumner:
        kub.relation(cell("totalt", "alla", kolumn),
                     [cell("totalt", k, kolumn) for k in urval if k != "alla"]
                     + [cell(*n, kolumn) for n in rader if n[1] == ""])
    return kub


# ---------------------------------------------------------------- enkäter


def enkater(con: duckdb.DuckDBPyConnection, period: int) -> Kub:
    """Enkätsvar med antal ett år, per plattform och för förbundet (när alla förbundets plattformar som svarat
    på frågan har antal): alla svarande och varje kön, svarande och positiva."""
    rader = con.execute("""
        SELECT r.plattform_id, p.ingar_i_forbundstotal, r.respondentgrupp, r.fraga_id, r.kon,
               sum(r.antal_svar), sum(r.antal_positiva), bool_and(r.antal_svar IS NOT NULL)
        FROM enkat_resultat AS r JOIN plattform AS p USING (plattform_id)
        WHERE r.period = ? GROUP BY ALL""", [period]).fetchall()
    kub = Kub()
    varden: dict = {}
    alla_antal: dict = defaultdict(lambda: True)
    for p, forbund, grupp, fraga, kon, svar, positiva, har in rader:
        if forbund:
            alla_antal[(grupp, fraga)] &= bool(har)
        if har:
            varden[(plattform(p), grupp, fraga, kon)] = (int(svar), int(positiva))
    forbundets = {p for p, f, *_ in rader if f}
    for (e, grupp, fraga, kon), v in list(varden.items()):
        p = e.removeprefix("plattform:")
        if p in forbundets and alla_antal[(grupp, fraga)]:
            gammal = varden.get((FORBUNDET, grupp, fraga, kon), (0, 0))
            varden[(FORBUNDET, grupp, fraga, kon)] = (gammal[0] + v[0], gammal[1] + v[1])
    for (e, grupp, fraga, kon), (svar, positiva) in varden.items():
        kub.varden[(e, grupp, fraga, kon, "antal_svar")] = svar
        kub.varden[(e, grupp, fraga, kon, "antal_positiva")] = positiva
    for (e, grupp, fraga, kon) in varden:
        svar, pos = (e, grupp, fraga, kon, "antal_svar"), (e, grupp, fraga, kon, "antal_positiva")
        kub.hogst(svar, pos, ("ej_positiva", e, grupp, fraga, kon))
    grupper = defaultdict(list)
    for (e, grupp, fraga, kon) in varden:
        grupper[(e, grupp, fraga)].append(kon)
    for (e, grupp, fraga), koner in grupper.items():
        ovriga = [k for k in koner if k != "alla"]
        if "alla" in koner and ovriga:
            for kolumn in ("antal_svar", "antal_positiva"):
                summa = (e, grupp, fraga, "alla", kolumn)
                delar = [(e, grupp, fraga, k, kolumn) for k in ovriga]
                if kub.varden[summa] == sum(kub.varden[d] for d in delar):
                    kub.relation_hall(summa, delar)
                elif kub.varden[summa] > sum(kub.varden[d] for d in delar):
                    # Alla svarande är fler än de kön som redovisas: bara "minst summan av könen".
                    hjalp = ("ovriga_kon", e, grupp, fraga, kolumn)
                    kub.latenta[hjalp] = kub.varden[summa] - sum(kub.varden[d] for d in delar)
                    kub.relation_hall(summa, (*delar, hjalp))
                else:
                    kub.ohallna += 1
        if e == FORBUNDET:
            for kon in koner:
                for kolumn in ("antal_svar", "antal_positiva"):
                    kub.relation((e, grupp, fraga, kon, kolumn),
                                 [(plattform(p), grupp, fraga, kon, kolumn) for p in sorted(forbundets)
                                  if (plattform(p), grupp, fraga, kon) in varden])
    return kub


# ---------------------------------------------------------------- läsaren och propageringen


def las_intervall(syns, grans: int, dold_ar_stort: bool = False) -> tuple[float, float]:
    """Vad läsaren vet om en publicerad cell: tal -> [tal, tal], "dold" -> [0, ∞), "<5" -> [0, gräns-1]
    (med dold_ar_stort=True "dold" -> [gräns, ∞): som när "dold" bara användes för tal som inte är små)."""
    if isinstance(syns, str):
        text = syns.strip()
        if text == f"<{grans}":
            return (0, grans - 1)
        if text == "dold":
            return (grans if dold_ar_stort else 0, INF)
        return (int(text.replace(" ", "").replace("\u00a0", "")),) * 2
    return (syns, syns)


STORSTA_HARLEDDA = 40


def harledda(relationer: list, varv: int = 2) -> list:
    """Relationer som följer av två andra: är delarna i B en del av delarna i A gäller
    summa(A) = summa(B) + (delarna i A som inte är i B). Så ser läsaren t.ex. att avslutade = positiv lösning +
    avbrotten, eller att förbundet = Umeå + de andra kommunernas plattformar: en känd summa av flera dolda
    celler, som intervall cell för cell annars tappar. Bara härledda relationer med högst STORSTA_HARLEDDA delar
    (annars blir propageringen i nationell skala för långsam; de stora, förbundet minus en kommun, är oftast
    redan givna av förbundet = kommunerna och kommunen = dess plattformar)."""
    alla = list(relationer)
    mangder = [frozenset(d) for _, d in alla]
    sedda = {(s, m) for (s, _), m in zip(alla, mangder)}
    nya_fran = list(range(len(alla)))
    for _ in range(varv):
        per_del = defaultdict(list)
        for i, (_, delar) in enumerate(alla):
            for d in delar:
                per_del[d].append(i)
        nya = []
        for j in nya_fran:
            s2, d2 = alla[j]
            m2 = mangder[j]
            for i in min((per_del[d] for d in d2), key=len):
                s1, d1 = alla[i]
                if i == j or s1 == s2 or len(d1) < len(d2) or len(d1) - len(d2) + 1 > STORSTA_HARLEDDA:
                    continue
                m1 = mangder[i]
                if m2 <= m1 and s2 not in m1:
                    delar = (s2, *sorted(m1 - m2, key=str))
                    nyckel = (s1, frozenset(delar))
                    if nyckel not in sedda:
                        sedda.add(nyckel)
                        nya.append((s1, delar))
        if not nya:
            break
        nya_fran = list(range(len(alla), len(alla) + len(nya)))
        alla += nya
        mangder += [frozenset(d) for _, d in nya]
    return alla


def propagera(intervall: dict, relationer: list) -> dict:
    """Intervallen efter propagering över summa = delar till fixpunkt. Celler som inte finns i intervall
    (opublicerade) börjar som [0, ∞)."""
    iv = {c: list(v) for c, v in intervall.items()}
    for summa, delar in relationer:
        for c in (summa, *delar):
            iv.setdefault(c, [0, INF])
    per_cell = defaultdict(list)
    for i, (summa, delar) in enumerate(relationer):
        for c in (summa, *delar):
            per_cell[c].append(i)
    ko = deque(range(len(relationer)))
    i_ko = set(ko)
    while ko:
        i = ko.popleft()
        i_ko.discard(i)
        summa, delar = relationer[i]
        lo_d = sum(iv[d][0] for d in delar)
        oandliga = sum(1 for d in delar if iv[d][1] == INF)
        hi_fin = sum(iv[d][1] for d in delar if iv[d][1] != INF)
        hi_d = INF if oandliga else hi_fin
        andrade = []
        s = iv[summa]
        if lo_d > s[0]:
            s[0] = lo_d
            andrade.append(summa)
        if hi_d < s[1]:
            s[1] = hi_d
            andrade.append(summa)
        for d in delar:
            v = iv[d]
            if v[1] == INF:
                ovriga_hi = INF if oandliga > 1 else hi_fin
            else:
                ovriga_hi = INF if oandliga else hi_fin - v[1]
            ny_lo = s[0] - ovriga_hi
            ny_hi = s[1] - (lo_d - v[0])
            if ny_lo > v[0]:
                v[0] = ny_lo
                andrade.append(d)
            if ny_hi < v[1]:
                v[1] = ny_hi
                andrade.append(d)
        for c in andrade:
            for j in per_cell[c]:
                if j not in i_ko:
                    i_ko.add(j)
                    ko.append(j)
    return {c: tuple(v) for c, v in iv.items()}


@dataclass
class Resultat:
    dolda: int  # dolda publicerade celler
    brott: dict  # cell -> (intervall, verkligt värde)
    exakta: set  # dolda celler som blev exakt bestämda
    intervall: dict


def prova(kub: Kub, syns: dict, grans: int, dold_ar_stort: bool = False) -> Resultat:
    """syns: cell -> det läsaren ser (tal eller "dold") för kubens publicerade celler."""
    return prova_kunskap(kub, {c: las_intervall(syns[c], grans, dold_ar_stort) for c in kub.varden if c in syns},
                         grans)


def prova_kunskap(kub: Kub, kunskap: dict, grans: int) -> Resultat:
    """kunskap: cell -> intervallet läsaren har för cellen (för publicerade celler; en cell som inte finns med
    är okänd, >= 0). Dolda celler: de publicerade vars intervall inte är ett enda tal."""
    start = dict(kunskap)
    for c, v in kub.latenta.items():
        start.setdefault(c, (0, INF))
    iv = propagera(start, harledda(kub.relationer))
    alla = {**kub.latenta, **kub.varden}
    for c, (lo, hi) in iv.items():
        assert lo <= alla[c] <= hi, (f"läsaren får veta något som inte stämmer (eller oraklet är fel): {c} = "
                                     f"{alla[c]} utanför [{lo}, {hi}]")
    dolda = [c for c in kub.varden if c in kunskap and kunskap[c][0] != kunskap[c][1]]
    brott, exakta = {}, set()
    for c in dolda:
        lo, hi = iv[c]
        if lo == hi:
            exakta.add(c)
        if lo == hi or (kub.varden[c] < grans and hi - lo + 1 < grans):
            brott[c] = ((lo, hi), kub.varden[c])
    return Resultat(len(dolda), brott, exakta, iv)


def syns_med_skydd(kub: Kub, skydd) -> dict:
    """Det en läsare ser av kubens celler med produktens skydd (Skydd.tal, som sidorna och nedladdningarna)."""
    return {c: (v if skydd is None else skydd.tal(c, v)) for c, v in kub.varden.items()}
