"""Skydd för små tal i det som en läsare (viewer) ser.

Ett antal under gränsen (standard 5) visas som "dold", och en andel som räknas från färre än gränsen döljs med
skälet. Sekundärt (komplementärt) skydd: ett tal som skulle göra det möjligt att räkna fram ett litet tal visas
också som "dold", med samma etikett (som SCB:s ".."), så läsaren vet om en dold cell bara att den är minst 0.
dolj propagerar läsarens intervall över alla summor mellan cellerna (Kvinnor + Män = Totalt, avslutsorsakerna =
avslutade, plattformarna = förbundet ..., och summor som följer av två av dem) och döljer fler celler tills inget
dolt tal blir exakt bestämt och varje dolt litet tal har kvar minst gräns möjliga värden. Oraklet i tests/smatal_orakel.py prövar samma kriterium oberoende av den här modulen.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from . import format as fmt

Cell = Hashable
Relation = tuple[Cell, tuple[Cell, ...]]  # (summa, delar)

DOLT = "dold"  # alla dolda antal, små och de som döljs för att skydda ett annat
DOLD_ANDEL = "dold"


INF = float("inf")
# Härledda summor (se _harledda) med fler delar än så tas inte med: de stora (förbundet minus en kommun) följer
# redan av förbundet = kommunerna och kommunen = dess plattformar, och de gör propageringen långsam.
STORSTA_HARLEDDA = 40


def dolj(antal: dict[Cell, int | None], relationer: Iterable[Relation], grans: int,
         redan: Iterable[Cell] = (), foredra: Iterable[Cell] = ()) -> set[Cell]:
    """Cellerna som ska döljas: små tal först, sedan det som behövs för att inget dolt tal ska kunna räknas fram.

    Läsaren vet om en synlig cell dess tal och om en dold cell bara att talet är minst 0 (alla dolda antal har
    samma etikett, "dold"); celler i relationerna som inte finns i antal (eller har värdet None) publiceras inte
    och är också bara >= 0. Intervallen propageras över alla summor (och summor som följer av två andra) till
    fixpunkt. Kriteriet: ingen dold cell blir exakt bestämd, och en dold cell under gränsen har kvar minst gräns
    möjliga värden (lika många som 0-4). Så länge någon cell bryter mot det döljs i varje relation som smalnade
    av den den minsta synliga cellen (föredragna först) och allt räknas om; att dölja mer vidgar bara
    intervallen, så det tar slut.
    redan: celler som redan är dolda av ett annat skäl och ska förbli dolda.
    foredra: celler som hellre döljs än andra (t.ex. en delsumma som är mindre viktig än delarna)."""
    foredra = set(foredra)
    dolda = {c for c, v in antal.items() if v is not None and v < grans} | {c for c in redan if c in antal}
    relationer = _harledda([(s, tuple(d)) for s, d in relationer if d])
    if not relationer:
        return dolda
    system = _System(antal, relationer)
    while True:
        lo, hi, orsak_lo, orsak_hi = system.propagera(dolda)
        brott = system.brott(lo, hi, dolda, grans)
        if not brott:
            return dolda

        def orsak(c, _lo=orsak_lo, _hi=orsak_hi):
            i = system.index.get(c)
            return () if i is None else (int(_lo[i]), int(_hi[i]))
        nya: set[Cell] = set()
        for c in brott:
            kandidat = _att_dolja(c, antal, dolda, relationer, orsak, foredra)
            if kandidat is not None:
                nya.add(kandidat)
        if not nya:
            return dolda
        dolda |= nya


class _System:
    """Relationerna som index-arrayer, för propagering med numpy. Varje relation är summa - delar = 0: en
    post (cell, tecken +1 eller -1, relation) per cell i relationen, ordnade efter relation."""

    def __init__(self, antal: dict, relationer: list[Relation]):
        celler: list = list(antal)
        self.index: dict = {c: i for i, c in enumerate(celler)}
        cell, tecken, rel = [], [], []
        for r, (s, d) in enumerate(relationer):
            for c, t in ((s, 1.0), *((x, -1.0) for x in d)):
                i = self.index.get(c)
                if i is None:
                    i = self.index[c] = len(celler)
                    celler.append(c)
                cell.append(i)
                tecken.append(t)
                rel.append(r)
        self.celler = celler
        self.cell = np.array(cell, dtype=np.int64)
        self.tecken = np.array(tecken)
        self.rel = np.array(rel, dtype=np.int64)
        # Okända celler (opublicerade) har inget värde; NaN markerar dem.
        self.varde = np.array([np.nan if antal.get(c) is None else float(antal[c]) for c in celler])

    def okanda(self, dolda: set) -> np.ndarray:
        mask = np.isnan(self.varde)
        idx = [self.index[c] for c in dolda if c in self.index]
        mask[idx] = True
        return mask

    def brott(self, lo: np.ndarray, hi: np.ndarray, dolda: set, grans: int) -> list:
        """Dolda publicerade celler som läsaren vet för mycket om."""
        idx = np.array([self.index[c] for c in dolda if c in self.index], dtype=np.int64)
        if idx.size == 0:
            return []
        v, l, h = self.varde[idx], lo[idx], hi[idx]
        fel = ~np.isnan(v) & ((l == h) | ((v < grans) & (h - l + 1 < grans)))
        return [self.celler[i] for i in idx[fel]]

    def propagera(self, dolda: set):
        """Läsarens intervall [lo, hi] för varje cell efter propagering till fixpunkt (synliga celler: talet), och
        för varje cell den relation som senast höjde den undre och sänkte den övre gränsen (-1: ingen)."""
        n = len(self.celler)
        okand = self.okanda(dolda)
        lo = np.where(okand, 0.0, self.varde)
        hi = np.where(okand, np.inf, self.varde)
        orsak_lo = np.full(n, -1, dtype=np.int64)
        orsak_hi = np.full(n, -1, dtype=np.int64)
        # Bara poster för okända celler; de synliga blir en konstant per relation (summan av tecken * tal).
        post_okand = okand[self.cell]
        synlig = ~post_okand
        nrel = int(self.rel[-1]) + 1 if self.rel.size else 0
        konstant = np.bincount(self.rel[synlig], weights=self.tecken[synlig] * self.varde[self.cell[synlig]],
                               minlength=nrel)
        cell, tecken, rel = self.cell[post_okand], self.tecken[post_okand], self.rel[post_okand]
        if cell.size == 0:
            return lo, hi, orsak_lo, orsak_hi
        # Relationernas segment (posterna är ordnade efter relation).
        seg = np.cumsum(np.r_[0, rel[1:] != rel[:-1]])
        k_post = konstant[rel]
        aktiv = np.ones(int(seg[-1]) + 1, dtype=bool)
        while True:
            # Bara relationer där någon cell ändrades i förra varvet kan ge nya gränser.
            valda = aktiv[seg]
            c, t, s, r = cell[valda], tecken[valda], seg[valda], rel[valda]
            start = np.flatnonzero(np.r_[True, s[1:] != s[:-1]])
            positiv = t > 0
            l, h = lo[c], hi[c]
            # Postens bidrag tecken * x ligger i [bmin, bmax]; oändliga gränser räknas för sig.
            bmin = np.where(positiv, l, -h)
            bmax = np.where(positiv, h, -l)
            inf_min, inf_max = np.isinf(bmin), np.isinf(bmax)
            fmin, fmax = np.where(inf_min, 0.0, bmin), np.where(inf_max, 0.0, bmax)
            antal_post = np.diff(np.r_[start, s.size])
            k = k_post[valda][start]
            smin = np.repeat(np.add.reduceat(fmin, start) + k, antal_post)
            smax = np.repeat(np.add.reduceat(fmax, start) + k, antal_post)
            nmin = np.repeat(np.add.reduceat(inf_min.astype(np.int64), start), antal_post)
            nmax = np.repeat(np.add.reduceat(inf_max.astype(np.int64), start), antal_post)
            # De andras summa (med konstanten) ligger i [omin, omax]; tecken * x = -(de andras summa).
            omin = np.where(nmin - inf_min > 0, -np.inf, smin - fmin)
            omax = np.where(nmax - inf_max > 0, np.inf, smax - fmax)
            ny_lo = np.where(positiv, -omax, omin)
            ny_hi = np.where(positiv, -omin, omax)
            basta_lo, basta_hi = lo.copy(), hi.copy()
            np.maximum.at(basta_lo, c, ny_lo)
            np.minimum.at(basta_hi, c, ny_hi)
            hojd, sankt = basta_lo > lo, basta_hi < hi
            if not hojd.any() and not sankt.any():
                return lo, hi, orsak_lo, orsak_hi
            traff = hojd[c] & (ny_lo == basta_lo[c])
            orsak_lo[c[traff]] = r[traff]
            traff = sankt[c] & (ny_hi == basta_hi[c])
            orsak_hi[c[traff]] = r[traff]
            lo, hi = basta_lo, basta_hi
            andrad = hojd | sankt
            aktiv[:] = False
            aktiv[seg[andrad[cell]]] = True


def _harledda(relationer: list[Relation]) -> list[Relation]:
    """Relationerna och de summor som följer av två av dem: är delarna i B en del av delarna i A gäller
    summa(A) = summa(B) + resten av A (t.ex. avslutade = positiv lösning + avbrotten). Cell för cell tappar
    intervallen annars att summan av flera dolda celler är känd."""
    alla = list(relationer)
    mangder = [frozenset(d) for _, d in alla]
    sedda = {(s, m) for (s, _), m in zip(alla, mangder)}
    nya_fran = range(len(alla))
    per_del: dict[Cell, list[int]] = {}
    for _ in range(2):
        # Relationerna som varje cell är en del i; i andra varvet läggs bara de nya till (samma ordning).
        for i in nya_fran:
            for d in mangder[i]:
                per_del.setdefault(d, []).append(i)
        nya = []
        for j in nya_fran:
            s2, m2 = alla[j][0], mangder[j]
            for i in min((per_del[d] for d in m2), key=len):
                s1, m1 = alla[i][0], mangder[i]
                if (i != j and s1 != s2 and len(m2) <= len(m1) <= len(m2) + STORSTA_HARLEDDA - 1
                        and s2 not in m1 and m2 <= m1):
                    delar = (s2, *(d for d in alla[i][1] if d not in m2))
                    nyckel = (s1, frozenset(delar))
                    if nyckel not in sedda:
                        sedda.add(nyckel)
                        nya.append((s1, delar))
        if not nya:
            break
        nya_fran = range(len(alla), len(alla) + len(nya))
        alla += nya
        mangder += [frozenset(d) for _, d in nya]
    return alla


def _att_dolja(cell, antal, dolda, relationer, orsak, foredra):
    """En synlig cell att dölja för att vidga cellens intervall: i relationerna som smalnade av den (och, om de
    saknar synliga celler, i relationerna som smalnade av deras dolda celler) den minsta föredragna, annars den
    minsta synliga delen, annars summan. orsak: cell -> (relationen som höjde den undre gränsen, relationen som
    sänkte den övre), -1 för ingen."""
    sedda_celler, sedda_rel = {cell}, set()
    nivå = [cell]
    for _ in range(20):
        rel = {i for c in nivå for i in orsak(c) if i >= 0 and i not in sedda_rel}
        if not rel:
            return None
        sedda_rel |= rel
        synliga, nasta = [], []
        for i in sorted(rel):
            s, d = relationer[i]
            for c in (s, *d):
                if antal.get(c) is not None and c not in dolda:
                    synliga.append((c, c != s))
                elif c not in sedda_celler:
                    sedda_celler.add(c)
                    nasta.append(c)
        if synliga:
            forst = [c for c, _ in synliga if c in foredra]
            if forst:
                return min(forst, key=lambda c: antal[c])
            delar = [c for c, del_ in synliga if del_]
            return min(delar or [c for c, _ in synliga], key=lambda c: antal[c])
        nivå = nasta
    return None


def framraknbara(antal: dict[Cell, int | None], relationer: Iterable[Relation], dolda: set[Cell],
                 grans: int | None = None) -> set[Cell]:
    """Dolda celler som någon kan räkna fram ur det synliga genom att lösa summorna en i taget. Med grans
    också dolda delar under en känd summa vars sammanlagda antal r (summan minus de kända delarna) ger var och en
    färre än gräns möjliga värden (0-r, r < gräns-1), t.ex. två dolda nollor. Används i testerna för att visa att
    skyddet håller."""
    kanda = {c for c in antal if c not in dolda}
    framraknade: set[Cell] = set()
    andrat = True
    relationer = list(relationer)
    while andrat:
        andrat = False
        for summa, delar in relationer:
            celler = (summa, *delar)
            if not all(c in antal for c in celler):
                continue
            okanda = [c for c in celler if c not in kanda]
            if len(okanda) == 1:
                kanda.add(okanda[0])
                framraknade.add(okanda[0])
                andrat = True
    if grans is not None:
        for summa, delar in relationer:
            if summa not in kanda or not all(c in antal for c in (summa, *delar)):
                continue
            okanda = [d for d in delar if d not in kanda]
            rest = (antal[summa] or 0) - sum(antal[d] or 0 for d in delar if d in kanda)
            if len(okanda) >= 2 and rest + 1 < grans:
                framraknade.update(okanda)
    return framraknade & dolda


# ---------------------------------------------------------------- skyddet som sidorna använder
#
# Samma tal visas på flera sidor (en plattform på Utfall, Plattformar, Kvinnor och män och Ekonomi; förbundet
# på Utfall och Kvinnor och män; kommunerna på Kommuner). Om varje sida dolde för sig kunde ett tal som är
# dolt på en sida räknas fram med ett tal som visas på en annan. Därför räknas skyddet för ett år en gång över
# alla summor mellan alla enheter (en "kub"), och varje sida visar sin del av samma dolda mängd.

FORBUNDET = "forbundet"
KONSKOLUMNER = ("kvinnor", "man", "annat")


def plattformsenhet(plattform_id: str) -> str:
    return f"plattform:{plattform_id}"


def kommunenhet(kommun_id: str) -> str:
    return f"kommun:{kommun_id}"


def omfattningsenhet(omfattning_id: str) -> str:
    """Enheten för en omfattning (uppfoljning.omfattning): förbundet eller en plattform."""
    return FORBUNDET if omfattning_id == FORBUNDET else plattformsenhet(omfattning_id)


def skaltext(grans: int) -> str:
    """Skälet, som det står under en tabell eller ett diagram för en läsare."""
    return (f"\"dold\" betyder färre än {grans} personer, eller ett tal som skulle göra det möjligt att räkna fram "
            f"ett sådant (till exempel ur en summa). Andelar som bygger på färre än {grans} personer är också dolda. Samma tal "
            "är dolda på alla sidor, så att ingen enskild person ska gå att känna igen.")


@dataclass(frozen=True)
class Skydd:
    """Vad en läsare inte får se. varden: cellernas värden (antal); dolda: cellerna som visas som "dold" (ett
    litet tal, eller ett tal som döljs för att skydda ett annat: samma etikett för båda). Byggs av utfallsskydd, aktualiseringsskydd och
    enkatskydd; None i stället för ett Skydd betyder att användaren får se allt."""

    grans: int
    dolda: frozenset
    varden: dict = field(default_factory=dict)
    # För utfallskuben: måttet som varje måtts andel räknas mot (periodens definition).
    andel_av: dict = field(default_factory=dict)

    @property
    def dolt(self) -> str:
        return DOLT.format(grans=self.grans)

    def dold(self, cell: Cell, varde: int | None = None) -> bool:
        """Är cellen dold? En cell utanför kuben (t.ex. ett kön som inte finns i enheten) döljs om den är liten."""
        if cell in self.dolda:
            return True
        if cell not in self.varden:
            return varde is not None and varde < self.grans
        return False

    def etikett(self, cell: Cell, varde: int | None) -> str:
        """Hur en dold cell visas: alltid "dold", så att etiketten inte säger om talet är litet."""
        return DOLT

    def antal(self, cell: Cell, varde: int | None) -> str:
        """Antalet som det visas: "11 558" eller "dold"."""
        return self.etikett(cell, varde) if self.dold(cell, varde) else fmt.heltal(varde)

    def tal(self, cell: Cell, varde: int | None):
        """Antalet i en nedladdning: talet eller "dold"."""
        return self.etikett(cell, varde) if self.dold(cell, varde) else varde

    def andel_dold(self, taljare: Cell, bas: Cell, taljarvarde: int | None = None,
                   basvarde: int | None = None) -> bool:
        """En andel döljs när täljaren eller basen är dold, eller när basen är färre än gränsen."""
        if self.dold(taljare, taljarvarde) or self.dold(bas, basvarde):
            return True
        varde = self.varden.get(bas, basvarde)
        return varde is not None and varde < self.grans

    def for_enhet(self, enhet: str) -> set[tuple[str, str]]:
        """De dolda cellerna för en enhet som (matt_id, kön), i den form visning.utfallstabell tar."""
        return {(c[1], c[2]) for c in self.dolda if isinstance(c, tuple) and len(c) == 3 and c[0] == enhet}


def tal_eller_dolt(skydd: Skydd | None, varde, cell: Cell):
    """Talet i en nedladdning: som det är utan skydd, annars talet eller "dold"."""
    return varde if skydd is None else skydd.tal(cell, varde)


def skyddad_tabell(rader: list[dict], skydd: Skydd | None, heltal: Iterable[str] = (),
                   schema_overrides: dict | None = None) -> pl.DataFrame:
    """En nedladdningstabell. Utan skydd: tal som tal (heltalskolumnerna som Int32 där de anges).
    Med skydd (läsare) är kolumnerna som kan innehålla "dold" text, med talet som siffror."""
    if not rader:
        return pl.DataFrame()
    if skydd is None:
        return pl.DataFrame(rader, schema_overrides=schema_overrides)
    heltal = set(heltal)
    def text(v):
        if v is None:
            return None
        if isinstance(v, float):  # ur ett skyddat frågesvar (skyddslagret ger talkolumnerna som flyttal)
            return fmt.DOLD if v != v else str(int(v)) if v.is_integer() else str(v)
        return str(v)
    textrader = [{k: text(v) if k in heltal else v for k, v in r.items()} for r in rader]
    return pl.DataFrame(textrader, schema_overrides={k: pl.String for k in heltal if k in rader[0]})


# ---------------------------------------------------------------- utfallskuben


def _mattrelationer(enhet: str, matt: list[dict], koner: Iterable[str]) -> list[Relation]:
    """Summorna mellan måtten i en enhet (som i Bilaga 3): avslutsorsakerna till avslutade, avslutade och kvar
    till deltagare, delarna till sin summa (t.ex. positiv lösning), och nya högst deltagare (deltagare = nya +
    en opublicerad cell för de som började tidigare)."""
    relationer: list[Relation] = []
    finns = {m["matt_id"] for m in matt}
    avslut = [m["matt_id"] for m in matt if m["typ"] == "avslut"]
    summor: dict[str, list[str]] = {}
    for m in matt:
        if m["ingar_i"]:
            summor.setdefault(m["ingar_i"], []).append(m["matt_id"])
    for k in koner:
        if avslut:
            relationer.append(((enhet, "avslutade", k), tuple((enhet, a, k) for a in avslut)))
        relationer.append(((enhet, "deltagare", k), ((enhet, "avslutade", k), (enhet, "kvar", k))))
        if {"deltagare", "nya"} <= finns:
            relationer.append(((enhet, "deltagare", k), ((enhet, "nya", k), ("ej_ny", enhet, k))))
        for summa, delar in summor.items():
            relationer.append(((enhet, summa, k), tuple((enhet, d, k) for d in delar)))
    return relationer


def parenhet(plattform_id: str, kommun_id: str) -> str:
    """En opublicerad enhet: en plattforms deltagare i en kommun."""
    return f"par:{plattform_id}:{kommun_id}"


def utfallskub(matt: pl.DataFrame, per_plattform: pl.DataFrame, forbund: pl.DataFrame, per_kommun: pl.DataFrame,
               plattformar: pl.DataFrame, par: pl.DataFrame | None = None) -> tuple[dict[Cell, int], list[Relation]]:
    """Alla utfallsantal en läsare kan se ett år, och alla summor mellan dem.

    matt: frågan utfall_tabell för alla plattformar (måttens typ och vad de ingår i); per_plattform: frågan
    plattformar_jamforelse för alla plattformar; forbund: utfall_tabell för förbundets plattformar; per_kommun:
    kommuner_jamforelse för förbundets plattformar och alla kommuner; plattformar: frågan plattformar; par: frågan
    utfall_plattform_kommun för förbundets plattformar.
    Cellerna är (enhet, matt_id, kön) med kön kvinnor, man, annat (bara i enheter där någon har annat kön)
    och totalt. Summorna: kön till totalt, måtten inom enheten, plattformarna och kommunerna till förbundet, och
    plattformar och kommuner genom opublicerade celler per (plattform, kommun) (parenhet): en plattform med en enda
    kommun är själv paret. Utan par: förbundets plattformar i en kommun till kommunen (exakt när data är
    sammanställd per plattform). En summa som inte håller i data (källan motsäger sig själv) tas inte med."""
    varden: dict[Cell, int] = {}
    relationer: list[Relation] = []
    mattlista = matt.select("matt_id", "typ", "ingar_i").to_dicts() if matt.height else []
    enheter: dict[str, list[str]] = {}  # enhet -> kön som finns

    def lagg_till(enhet: str, df: pl.DataFrame, id_kolumn: str = "matt_id") -> None:
        if df.height == 0:
            return
        koner = ["kvinnor", "man"] + (["annat"] if df["annat"].sum() > 0 else [])
        enheter[enhet] = koner
        for r in df.iter_rows(named=True):
            for k in (*koner, "totalt"):
                varden[(enhet, r[id_kolumn], k)] = r[k] or 0
            relationer.append(((enhet, r[id_kolumn], "totalt"), tuple((enhet, r[id_kolumn], k) for k in koner)))
        relationer.extend(_mattrelationer(enhet, mattlista, (*koner, "totalt")))

    lagg_till(FORBUNDET, forbund)
    for pid in (per_plattform["enhet_id"].unique(maintain_order=True).to_list() if per_plattform.height else []):
        lagg_till(plattformsenhet(pid), per_plattform.filter(pl.col("enhet_id") == pid))
    for kid in (per_kommun["enhet_id"].unique(maintain_order=True).to_list() if per_kommun.height else []):
        lagg_till(kommunenhet(kid), per_kommun.filter(pl.col("enhet_id") == kid))

    forbundets = [plattformsenhet(p) for p in
                  plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()]
    kommunens: dict[str, list[str]] = {}  # kommun -> enheterna (plattformar eller par) som summerar till den
    delens_plattform: dict[str, str] = {}  # enhet i kommunens -> plattformen den hör till
    if par is not None:
        per_p: dict[str, list[str]] = {}
        for r in par.iter_rows(named=True):
            per_p.setdefault(r["plattform_id"], []).append(r["kommun_id"])
        for p, kommuner_p in per_p.items():
            pe = plattformsenhet(p)
            if pe not in enheter:
                continue
            for k in kommuner_p:
                if len(kommuner_p) == 1:
                    kommunens.setdefault(kommunenhet(k), []).append(pe)
                    delens_plattform[pe] = pe
                    continue
                namn = parenhet(p, k)
                delens_plattform[namn] = pe
                kommunens.setdefault(kommunenhet(k), []).append(namn)
                enheter[namn] = enheter[pe]
                for m in mattlista:
                    relationer.append(((namn, m["matt_id"], "totalt"),
                                       tuple((namn, m["matt_id"], kon) for kon in enheter[pe])))
                relationer.extend(_mattrelationer(namn, mattlista, (*enheter[pe], "totalt")))
            if len(kommuner_p) > 1:
                for m in mattlista:
                    for kon in (*enheter[pe], "totalt"):
                        relationer.append(((pe, m["matt_id"], kon),
                                           tuple((parenhet(p, k), m["matt_id"], kon) for k in kommuner_p)))
    else:
        for r in plattformar.filter(pl.col("ingar_i_forbundstotal")).iter_rows(named=True):
            if r["kommun_id"]:
                kommunens.setdefault(kommunenhet(r["kommun_id"]), []).append(plattformsenhet(r["plattform_id"]))
    kommuner = [e for e in enheter if e.startswith("kommun:")]
    fran_deltagare = ({plattformsenhet(p) for p in par.filter(pl.col("fran_deltagare"))["plattform_id"].to_list()}
                      if par is not None and "fran_deltagare" in par.columns else set())
    kommun_distinkt = ({kommunenhet(k) for k in par.filter(pl.col("kommun_distinkt"))["kommun_id"].to_list()}
                       if par is not None and "kommun_distinkt" in par.columns else set())
    ersatta = _distinkta_kommuner(varden, enheter, kommunens, delens_plattform, fran_deltagare, kommun_distinkt,
                                  mattlista, relationer)
    # I summor över kommunerna står en distinkt kommun för summan av sina par (se _distinkta_kommuner).
    kommuner_i_summor = [ersatta.get(e, e) for e in kommuner]
    distinkt = _distinkt_forbund(varden, enheter, forbundets, fran_deltagare, kommuner_i_summor, mattlista)
    relationer.extend(distinkt)
    if (distinkt or ersatta) and FORBUNDET in enheter:
        # Förbundet och de publicerade kommunerna direkt: förbundet högst summan av kommunerna (en person i två
        # kommuner räknas i båda), och för deltagare och kvar minst varje kommun.
        for m in [m["matt_id"] for m in mattlista]:
            for k in (*enheter[FORBUNDET], "totalt"):
                if (FORBUNDET, m, k) not in varden:
                    continue
                komm = tuple((e, m, k) for e in kommuner if (e, m, k) in varden)
                if not komm:
                    continue
                relationer.append((("kommunsumma", m, k), komm))
                relationer.append((("kommunsumma", m, k), ((FORBUNDET, m, k), ("kommun_overlapp", m, k))))
                if m in ("deltagare", "kvar"):
                    relationer.extend(((FORBUNDET, m, k), (c, ("forbund_over", *c))) for c in komm)
    for m in [m["matt_id"] for m in mattlista]:
        for k in (*KONSKOLUMNER, "totalt"):
            def delar(lista):
                return tuple((e, m, k) for e in lista
                             if (e, m, k) in varden or (_opublicerad(e) and k in (*enheter[e], "totalt")))
            if (FORBUNDET, m, k) in varden and not distinkt:
                relationer.append(((FORBUNDET, m, k), delar(e for e in forbundets if e in enheter)))
                relationer.append(((FORBUNDET, m, k), delar(kommuner_i_summor)))
            for kommun, dess in kommunens.items():
                if kommun not in ersatta and (kommun, m, k) in varden and delar(dess):
                    relationer.append(((kommun, m, k), delar(dess)))

    def haller(relation: Relation) -> bool:
        celler = (relation[0], *relation[1])
        if not all(c in varden for c in celler):
            return True  # med en opublicerad cell: gäller per konstruktion
        return varden[relation[0]] == sum(varden[d] for d in relation[1])
    return varden, [r for r in relationer if r[1] and haller(r)]


def _opublicerad(enhet: str) -> bool:
    """En enhet som läsaren inte ser men vars celler är summor av det den ser (par, en kommuns summor)."""
    return enhet.startswith(("par:", "summa_par:", "summa_dn:", "distinkt:"))


def _distinkta_kommuner(varden: dict, enheter: dict, kommunens: dict[str, list[str]],
                        delens_plattform: dict[str, str], fran_deltagare: set[str], kommun_distinkt: set[str],
                        mattlista: list[dict], relationer: list[Relation]) -> dict[str, str]:
    """En kommun på deltagarnivå är distinkta personer (queries/vyer/02_utfall_fran_deltagare.sql), inte summan av
    sina par (plattform, kommun). För en kommun där det skiljer (kommun_distinkt, ur frågan utfall_plattform_kommun)
    läggs det läsaren vet till i relationer, som för förbundet: kommunen = D + paren med sammanställda tabeller, där D
    (opublicerad) är högst summan av deltagarnivåns par och för deltagare och kvar minst varje sådant par. Ger
    {kommun: enheten summa_par:<kommun>}, summan av kommunens alla par, som står för kommunen i summor över
    kommunerna (förbundet = kommunerna)."""
    matt = [m["matt_id"] for m in mattlista]
    ersatta: dict[str, str] = {}
    for kommun in sorted(kommun_distinkt & set(kommunens)):
        if kommun not in enheter:
            continue
        dess = kommunens[kommun]
        dn = [e for e in dess if delens_plattform.get(e) in fran_deltagare]
        ovriga = [e for e in dess if e not in dn]
        if not dn:
            continue
        d, s, alla = f"distinkt:{kommun}", f"summa_dn:{kommun}", f"summa_par:{kommun}"
        koner = enheter[kommun]
        for namn in (d, s, alla):
            enheter[namn] = koner
        ersatta[kommun] = alla
        for m in matt:
            for k in (*koner, "totalt"):
                if (kommun, m, k) not in varden:
                    continue

                def delar(lista, m=m, k=k):
                    return tuple((e, m, k) for e in lista
                                 if (e, m, k) in varden or (_opublicerad(e) and k in (*enheter[e], "totalt")))
                relationer.append(((kommun, m, k), ((d, m, k), *delar(ovriga))))
                relationer.append(((s, m, k), delar(dn)))
                relationer.append(((s, m, k), ((d, m, k), ("distinkt_skillnad", kommun, m, k))))
                relationer.append(((alla, m, k), ((s, m, k), *delar(ovriga))))
                if m in ("deltagare", "kvar"):
                    relationer.extend(((d, m, k), (c, ("distinkt_over", kommun, *c))) for c in delar(dn))
        relationer.extend(_mattrelationer(d, mattlista, (*koner, "totalt")))
        relationer.extend(((d, m, "totalt"), tuple((d, m, k) for k in koner)) for m in matt)
    return ersatta


def _distinkt_forbund(varden: dict, enheter: dict, forbundets: list[str], fran_deltagare: set[str],
                      kommuner: list[str], mattlista: list[dict]) -> list[Relation]:
    """Förbundet totalt på deltagarnivå är distinkta personer (queries/vyer/02_utfall_fran_deltagare.sql), inte
    summan av plattformarna. Är totalen inte lika med summan ger det här vad läsaren vet i stället (tom lista annars,
    och då gäller summan): förbundet = D + plattformarna med sammanställda tabeller, där D (opublicerad) är högst
    summan av deltagarnivåns plattformar och för deltagare och kvar minst varje sådan plattform; plattformarnas
    summa = kommunernas. Olikheterna skrivs som summor med en opublicerad cell (>= 0)."""
    dn = [e for e in forbundets if e in enheter and e in fran_deltagare]
    ovriga = [e for e in forbundets if e in enheter and e not in fran_deltagare]
    if not dn or FORBUNDET not in enheter:
        return []
    koner = (*enheter[FORBUNDET], "totalt")
    matt = [m["matt_id"] for m in mattlista]

    def summa(lista, m, k):
        return sum(varden.get((e, m, k), 0) for e in lista)
    if all(varden.get((FORBUNDET, m, k)) == summa(dn, m, k) + summa(ovriga, m, k) for m in matt for k in koner
           if (FORBUNDET, m, k) in varden):
        return []
    relationer: list[Relation] = []
    for m in matt:
        for k in koner:
            if (FORBUNDET, m, k) not in varden:
                continue
            def delar(lista, m=m, k=k):
                return tuple((e, m, k) for e in lista
                             if (e, m, k) in varden or (_opublicerad(e) and k in (*enheter[e], "totalt")))
            d, s, alla = ("distinkt", m, k), ("summa_deltagarniva", m, k), ("summa_plattformar", m, k)
            relationer.append(((FORBUNDET, m, k), (d, *delar(ovriga))))
            relationer.append((s, delar(dn)))
            relationer.append((s, (d, ("distinkt_skillnad", m, k))))
            relationer.append((alla, (s, *delar(ovriga))))
            if delar(kommuner):
                relationer.append((alla, delar(kommuner)))
            if m in ("deltagare", "kvar"):
                relationer.extend((d, (c, ("distinkt_over", *c))) for c in delar(dn))
    relationer.extend(_mattrelationer("distinkt", mattlista, koner))
    relationer.extend((("distinkt", m, "totalt"), tuple(("distinkt", m, k) for k in enheter[FORBUNDET]))
                      for m in matt)
    return relationer


def utfallsskydd(kor, period: int | None, grans: int | None) -> Skydd | None:
    """Skyddet för alla utfallsantal ett år (None när gränsen är None, alltså för den som får se allt).
    kor: ui.kor på sidorna, eller en funktion (namn, **parametrar) -> DataFrame i testerna."""
    if grans is None or period is None:
        return None
    plattformar = kor("plattformar")
    alla = plattformar["plattform_id"].to_list()
    forbundets = plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()
    matt = kor("utfall_tabell", period=period, plattformar=alla)
    varden, relationer = utfallskub(
        matt,
        kor("plattformar_jamforelse", period=period, plattformar=alla),
        kor("utfall_tabell", period=period, plattformar=forbundets),
        kor("kommuner_jamforelse", period=period, plattformar=forbundets, kommun=None),
        plattformar,
        kor("utfall_plattform_kommun", period=period, plattformar=forbundets),
    )
    andel_av = dict(zip(matt["matt_id"].to_list(), matt["andel_av"].to_list())) if matt.height else {}
    return Skydd(grans, frozenset(dolj(varden, relationer, grans)), varden, andel_av)


# ---------------------------------------------------------------- aktualiseringar


def aktualiseringscell(rad: dict, kolumn: str, kommun: str | None = None) -> Cell:
    """Cellen för en rad ur frågan aktualiseringar. kolumn: kvinnor, man, annat, antal eller antal_ja.
    Totalraden är en egen cell per urval: alla kommuner, eller den valda kommunen."""
    if rad["totalrad"]:
        return ("aktualisering", "totalt", kommun or "alla", kolumn)
    return ("aktualisering", rad["part_id"], rad["kommun_id"] or "", kolumn)


def aktualiseringskub(alla: pl.DataFrame,
                      per_kommun: dict[str, pl.DataFrame]) -> tuple[dict[Cell, int], list[Relation]]:
    """Aktualiseringarna som celler med sina summor: kvinnor + män (+ annat) = antal på varje rad, raderna till
    totalraden för alla kommuner och för varje kommun, och kommunernas totaler plus parterna utan kommun till
    totalen. alla: frågan aktualiseringar med kommun NULL; per_kommun: samma fråga för varje kommun."""
    varden: dict[Cell, int] = {}
    relationer: list[Relation] = []
    if alla.height == 0:
        return varden, relationer
    koner = ["kvinnor", "man"] + (["annat"] if alla["annat"].sum() > 0 else [])
    kolumner = [*koner, "antal"]
    rader = alla.filter(~pl.col("totalrad")).to_dicts()
    med_ja = all(r["antal_ja"] is not None for r in rader)

    def celler(df: pl.DataFrame, kommun: str | None) -> None:
        for r in df.iter_rows(named=True):
            for k in kolumner:
                varden[aktualiseringscell(r, k, kommun)] = r[k] or 0
            if r["antal_ja"] is not None:
                varden[aktualiseringscell(r, "antal_ja", kommun)] = r["antal_ja"]
                # Fått ja är högst antalet: antal = ja + en opublicerad cell för nej.
                relationer.append((aktualiseringscell(r, "antal", kommun),
                                   (aktualiseringscell(r, "antal_ja", kommun),
                                    ("nej", *aktualiseringscell(r, "antal", kommun)[1:3]))))
            relationer.append((aktualiseringscell(r, "antal", kommun),
                               tuple(aktualiseringscell(r, k, kommun) for k in koner)))

    def summa(total: Cell, delar: list[dict], kommun: str | None, kolumn: str) -> None:
        relationer.append((total, tuple(aktualiseringscell(r, kolumn, kommun) for r in delar)))

    celler(alla, None)
    totalrad = {"totalrad": True}
    for kommun, df in per_kommun.items():
        celler(df.filter(pl.col("totalrad")), kommun)
    for k in kolumner + (["antal_ja"] if med_ja else []):
        summa(aktualiseringscell(totalrad, k), rader, None, k)
        for kommun in per_kommun:
            summa(aktualiseringscell(totalrad, k, kommun), [r for r in rader if r["kommun_id"] == kommun], None, k)
        # Totalen = kommunernas totaler + parterna som inte är fördelade på kommun.
        relationer.append((aktualiseringscell(totalrad, k),
                           tuple(aktualiseringscell(totalrad, k, kommun) for kommun in per_kommun)
                           + tuple(aktualiseringscell(r, k) for r in rader if r["kommun_id"] is None)))
    return varden, [r for r in relationer if r[1] and all(c in varden or c[0] == "nej" for c in (r[0], *r[1]))]


def aktualiseringsskydd(kor, period: int | None, grans: int | None) -> Skydd | None:
    """Skyddet för aktualiseringarna ett år, för alla kommunurval samtidigt (None för den som får se allt)."""
    if grans is None or period is None:
        return None
    alla = kor("aktualiseringar", period=period, kommun=None)
    kommuner = [k for k in (alla["kommun_id"].unique(maintain_order=True).to_list() if alla.height else []) if k]
    varden, relationer = aktualiseringskub(
        alla, {k: kor("aktualiseringar", period=period, kommun=k) for k in kommuner})
    # En kommuns totalrad döljs hellre än en part: parterna är det tabellen handlar om.
    kommuntotaler = [c for c in varden if c[1] == "totalt" and c[2] != "alla"]
    return Skydd(grans, frozenset(dolj(varden, relationer, grans, foredra=kommuntotaler)), varden)


# ---------------------------------------------------------------- enkäter


def enkatcell(enhet: str, rad: dict, kolumn: str) -> Cell:
    """Cellen för en rad ur frågan kon_enkat: (enhet, respondentgrupp, fråga, kön, antal_svar/antal_positiva)."""
    return (enhet, rad["respondentgrupp"], rad["fraga_id"], rad["kon"], kolumn)


def enkatkub(per_enhet: dict[str, pl.DataFrame], forbundets: list[str]) -> tuple[dict[Cell, int], list[Relation]]:
    """Enkätsvar med antal: alla svarande = summan av svarsgrupperna per kön, och förbundet = summan av
    förbundets plattformar. Andelar utan antal (källans rapporterade procent) finns inte med: de går inte att
    pröva. per_enhet: frågan kon_enkat per enhet (förbundet och varje plattform)."""
    varden: dict[Cell, int] = {}
    relationer: list[Relation] = []
    for enhet, df in per_enhet.items():
        if df.height == 0:
            continue
        med_antal = df.filter(pl.col("antal_svar").is_not_null())
        for r in med_antal.iter_rows(named=True):
            for k in ("antal_svar", "antal_positiva"):
                varden[enkatcell(enhet, r, k)] = r[k] or 0
        for (grupp, fraga), del_df in med_antal.group_by(["respondentgrupp", "fraga_id"], maintain_order=True):
            rader = del_df.to_dicts()
            alla = [r for r in rader if r["kon"] == "alla"]
            ovriga = [r for r in rader if r["kon"] != "alla"]
            for r in rader:
                # Positiva är högst svarande: svarande = positiva + en opublicerad cell.
                relationer.append((enkatcell(enhet, r, "antal_svar"),
                                   (enkatcell(enhet, r, "antal_positiva"), ("ej_positiva", *enkatcell(enhet, r, "")))))
            if alla and ovriga:
                for k in ("antal_svar", "antal_positiva"):
                    summa = enkatcell(enhet, alla[0], k)
                    delar = tuple(enkatcell(enhet, r, k) for r in ovriga)
                    skillnad = varden[summa] - sum(varden[d] for d in delar)
                    if skillnad == 0:
                        relationer.append((summa, delar))
                    elif skillnad > 0:
                        # Alla svarande är fler än könen som redovisas: bara "minst summan av könen".
                        relationer.append((summa, (*delar, ("ovriga_kon", *summa))))
    forbund = [c for c in varden if c[0] == FORBUNDET]
    for c in forbund:
        delar = tuple((plattformsenhet(p), *c[1:]) for p in forbundets if (plattformsenhet(p), *c[1:]) in varden)
        if delar:
            relationer.append((c, delar))
    return varden, relationer


def enkatskydd(kor, period: int | None, grans: int | None) -> Skydd | None:
    """Skyddet för enkätsvar med antal ett år, för förbundet och varje plattform (None för den som får se allt)."""
    if grans is None or period is None:
        return None
    plattformar = kor("plattformar")
    forbundets = plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()
    per_enhet = {FORBUNDET: kor("kon_enkat", period=period, plattformar=forbundets)}
    for p in plattformar["plattform_id"].to_list():
        per_enhet[plattformsenhet(p)] = kor("kon_enkat", period=period, plattformar=[p])
    varden, relationer = enkatkub(per_enhet, forbundets)
    return Skydd(grans, frozenset(dolj(varden, relationer, grans)), varden)


# ---------------------------------------------------------------- datakvalitet

FYND_FOR_LASARE = ("källans egna siffror motsäger varandra här. Siffrorna visas inte för läsare, eftersom de "
                   "kan avslöja små tal.")


def fynd_for_lasare(fynd: pl.DataFrame, grans: int | None) -> pl.DataFrame:
    """Datakvalitetsfynd (frågan datakvalitet_utfall) som en läsare får se dem: samma fynd, men meningen utan
    källans och de beräknade talen, som kan vara små eller räkna fram ett dolt tal."""
    if grans is None or fynd.height == 0:
        return fynd
    return fynd.with_columns(
        pl.lit(FYND_FOR_LASARE[:1].upper() + FYND_FOR_LASARE[1:]).alias("beskrivning"),
        pl.lit(None, dtype=pl.Int32).alias("kallans_varde"),
        pl.lit(None, dtype=pl.Int32).alias("beraknat_varde"),
    )


# ---------------------------------------------------------------- indikatorer (sidan Mål)

_KON_TILL_KOLUMN = {"alla": "totalt", "K": "kvinnor", "M": "man"}


def dolda_indikatorvarden(indikatorer, ram, utfall: Skydd | None, enkat: Skydd | None) -> set[tuple[str, str, str]]:
    """(indikator_id, scope_id, kön) för indikatorvärden som räknas ur antal som är dolda i skyddet för året,
    så att sidan Mål inte visar en andel vars täljare eller bas är dold på en annan sida. kön: alla, K eller M.
    indikatorer: bedomning.Indikatorresultat; ram: malramverket. Rapporterade värden utan antal prövas inte."""
    dolda: set[tuple[str, str, str]] = set()
    for i in indikatorer:
        ind = ram.indikatorer.get(i.indikator_id)
        if ind is None or i.rapporterat or ind.typ == "ja_nej":
            continue
        for kon, kolumn in _KON_TILL_KOLUMN.items():
            if ind.typ == "enkat":
                if enkat is None:
                    continue
                enhet = (plattformsenhet(ind.underlag_plattform) if ind.underlag_plattform
                         else omfattningsenhet(i.scope_id))
                cell = {"respondentgrupp": ind.respondentgrupp, "fraga_id": ind.fraga, "kon": kon}
                positiva, svar = enkatcell(enhet, cell, "antal_positiva"), enkatcell(enhet, cell, "antal_svar")
                if svar in enkat.varden and enkat.andel_dold(positiva, svar):
                    dolda.add((i.indikator_id, i.scope_id, kon))
                continue
            if utfall is None:
                continue
            enhet = omfattningsenhet(i.scope_id)
            taljare = [(enhet, m, kolumn) for m in ind.matt]
            if not all(c in utfall.varden for c in taljare):
                continue
            dold = any(utfall.dold(c) for c in taljare)
            bas = ind.andel_av or (utfall.andel_av.get(ind.matt[0]) if ind.matt else None)
            if ind.typ == "andel_utfall" and bas is not None:
                bascell = (enhet, bas, kolumn)
                dold = dold or utfall.dold(bascell) or utfall.varden.get(bascell, 0) < utfall.grans
            if dold:
                dolda.add((i.indikator_id, i.scope_id, kon))
    return dolda
