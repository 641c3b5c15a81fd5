"""Skyddslagret (uppfoljning.skydd): skyddet för små tal ligger mellan frågorna och presentationen, så att en
ny sida får det av konstruktion.

Angreppet: en ny sida som tar frågesvaren ur ui.kor och visar dem rakt av (st.dataframe), utan att veta något
om skydd. Det en läsare då ser prövas av det oberoende oraklet (tests/smatal_orakel.py): inget dolt tal får gå
att räkna fram, och skyddet måste faktiskt dölja något (annars prövar testet ingenting).
"""

from __future__ import annotations

import math

from streamlit.testing.v1 import AppTest

from uppfoljning import installningar

from . import smatal_orakel as orakel
from .conftest import las
from .test_smatal_orakel_sidor import Lasaren
from .test_smatal_sidor import GRANS

KON = ("kvinnor", "man", "annat", "totalt")

# En sida som någon skriver i morgon: frågorna rakt ut på skärmen, inget om skydd. ui.kor är det enda den vet.
NY_SIDA = """
import streamlit as st
from uppfoljning import ui

plattformar = ui.kor("plattformar")
alla = plattformar["plattform_id"].to_list()
forbundets = plattformar.filter(plattformar["ingar_i_forbundstotal"])["plattform_id"].to_list()
st.dataframe(ui.kor("plattformar_jamforelse", period=2020, plattformar=alla))
st.dataframe(ui.kor("kommuner_jamforelse", period=2020, plattformar=forbundets, kommun=None))
st.dataframe(ui.kor("utfall_tabell", period=2020, plattformar=forbundets))
for p in alla:
    st.dataframe(ui.kor("utfall_tabell", period=2020, plattformar=[p]))
    st.dataframe(ui.kor("kon_jamforelse", period=2020, plattformar=[p]))
st.dataframe(ui.kor("aktualiseringar", period=2020, kommun=None))
"""


def _ny_sida(roll: str, monkeypatch, tmp_path) -> AppTest:
    from uppfoljning.behorighet import Anvandare

    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_string(NY_SIDA, default_timeout=120)
    at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
    at.run()
    assert not at.exception, at.exception
    return at


def _syns(v):
    """Ett värde ur en tabell som läsaren ser det: NaN och None är inget tal."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "dold"
    return int(v)


def test_en_ny_sida_som_inte_vet_om_skyddet_avslojar_inget_dolt_tal(app_databas, monkeypatch, tmp_path):
    with las(app_databas) as con:
        kub_utfall = orakel.utfall(con, 2020)
        kub_akt = orakel.aktualiseringar(con, 2020)
        alla = [p for (p,) in con.execute("SELECT plattform_id FROM plattform ORDER BY sortering").fetchall()]
    at = _ny_sida("viewer", monkeypatch, tmp_path)
    tabeller = [d.value for d in at.dataframe]
    lasaren = Lasaren()

    def utfall(df, enhet):
        for r in df.to_dict("records"):
            e = enhet(r)
            for kon in KON:
                if kon in r:
                    lasaren.ser((e, r["matt_id"], kon), _syns(r[kon]), "ny sida")

    utfall(tabeller[0], lambda r: orakel.plattform(r["enhet_id"]))
    utfall(tabeller[1], lambda r: orakel.kommun(r["enhet_id"]))
    utfall(tabeller[2], lambda r: orakel.FORBUNDET)
    for i, p in enumerate(alla):
        utfall(tabeller[3 + 2 * i], lambda r, p=p: orakel.plattform(p))
        utfall(tabeller[4 + 2 * i], lambda r, p=p: orakel.plattform(p))
    for r in tabeller[-1].to_dict("records"):
        nyckel = ("totalt", "alla") if r["totalrad"] else (r["part_id"], r["kommun_id"] or "")
        for kolumn in ("kvinnor", "man", "antal"):
            lasaren.ser(("aktualisering", *nyckel, kolumn), _syns(r[kolumn]), "ny sida")

    fel = []
    for namn, kub in (("utfall", kub_utfall), ("aktualiseringar", kub_akt)):
        sett = {c: lasaren.kunskap[c] for c in kub.varden if c in lasaren.kunskap}
        resultat = orakel.prova_kunskap(kub, sett, GRANS)
        # Utan skydd ser läsaren varje tal: då är inget dolt, och det är felet.
        assert resultat.dolda > (100 if namn == "utfall" else 20), f"{namn}: läsaren ser dolda tal rakt av"
        fel += [f"{c}: läsaren vet {lo}-{hi}, verkligt {v}" for c, ((lo, hi), v) in resultat.brott.items()]
    assert not fel, f"{len(fel)} dolda tal avslöjas:\n" + "\n".join(fel[:30])


def test_en_ledamot_ser_samma_sida_utan_skydd(app_databas, monkeypatch, tmp_path):
    at = _ny_sida("member", monkeypatch, tmp_path)
    df = at.dataframe[0].value
    assert df["totalt"].notna().all() and df["kvinnor"].dtype.kind == "i"


def test_varje_fraga_ar_klassad_for_skyddet():
    """En ny fråga i queries/ måste sägas antingen skyddas av lagret (vilka kolumner som är antal och andelar)
    eller inte bära antal personer som en läsare kan se: annars kunde en ny sida visa dess tal oskyddade."""
    from uppfoljning import skydd

    fragor = {f.stem for f in installningar.FRAGOR.glob("*.sql")}
    oklassade = fragor - set(skydd.FRAGOR) - set(skydd.UTAN_PERSONANTAL)
    assert not oklassade, f"frågor som skyddslagret inte känner: {sorted(oklassade)}"
    assert not (set(skydd.FRAGOR) & set(skydd.UTAN_PERSONANTAL))
    assert not (set(skydd.FRAGOR) | set(skydd.UTAN_PERSONANTAL)) - fragor, "klassning för frågor som inte finns"


# Bara de här får hämta årets skydd eller oskyddade frågesvar (allt annat tar emot skyddade tabeller):
UNDANTAG = {
    "uppfoljning/smatal.py": "räknar årets skydd",
    "uppfoljning/skydd.py": "skyddslagret",
    "uppfoljning/ui.py": "ui.kor lägger på lagret; årets skydd cachas här",
    "uppfoljning/motesunderlag.py": "läsarnas mötesunderlag anropar lagret med årets skydd (Lasarskydd.skydda)",
}


def test_presentationen_vet_inget_om_skydd():
    """Sidorna och presentationsmodulerna hämtar inte årets skydd och inga oskyddade frågesvar: skyddet ligger i
    lagret, inte i ett argument som varje presentationsfunktion måste komma ihåg."""
    import re

    monster = re.compile(r"utfallsskydd\(|enkatskydd\(|aktualiseringsskydd\(|smatal\.Skydd\b|kor_oskyddad\("
                         r"|dolda_indikatorvarden\(")
    fel = []
    for fil in [*installningar.ROT.glob("pages/*.py"), *installningar.ROT.glob("uppfoljning/*.py")]:
        namn = fil.relative_to(installningar.ROT).as_posix()
        if namn in UNDANTAG:
            continue
        for nr, rad in enumerate(fil.read_text(encoding="utf-8").splitlines(), 1):
            if monster.search(rad):
                fel.append(f"{namn}:{nr}: {rad.strip()}")
    assert not fel, "presentation som hämtar skyddet själv:\n" + "\n".join(fel)


def test_indikatorerna_skyddas_i_lagret_inte_i_presentationen():
    """Indikatortabellen (sidan Mål, mötesunderlaget i PDF, Excel och Word) tar emot skyddade indikatorresultat
    och vet inget om gränsen eller vilka värden som är dolda; inget utanför lagret räknar de dolda
    indikatorvärdena (smatal.dolda_indikatorvarden)."""
    import inspect
    import re

    from uppfoljning import visning

    assert list(inspect.signature(visning.indikatortabell).parameters) == ["indikatorer", "period"]
    fel = []
    for fil in [*installningar.ROT.glob("pages/*.py"), *installningar.ROT.glob("uppfoljning/*.py")]:
        namn = fil.relative_to(installningar.ROT).as_posix()
        if namn in ("uppfoljning/smatal.py", "uppfoljning/skydd.py"):
            continue
        fel += [f"{namn}:{nr}" for nr, rad in enumerate(fil.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"dolda_indikatorvarden\(", rad)]
    assert not fel, f"dolda indikatorvärden räknas utanför lagret: {fel}"


def test_lagret_ger_lasaren_skyddade_indikatorresultat(con):
    """Bjurholms positiva lösning 2020 bygger på färre än 5 personer: lagret ger läsaren värdet som dolt (NaN)
    och skälet i motiveringen utan något annat tal än gränsen; den som ser allt får resultatet orört."""
    import re

    from uppfoljning import bedomning, malramverk, skydd
    from uppfoljning.motesunderlag import lasarskydd

    ram = malramverk.las(installningar.MALRAMVERK)
    resultat = bedomning.bedom(con, ram, 2020)
    lasare = lasarskydd(con, 2020, 5)
    skyddat = skydd.skydda_bedomning(resultat, ram, lasare.utfall, lasare.enkat, 5)
    orort = bedomning.hitta_indikator(resultat, "positiv_losning", "bjurholm")
    i = bedomning.hitta_indikator(skyddat, "positiv_losning", "bjurholm")
    assert orort is not None and not skydd.ar_dold(orort.varde)
    assert skydd.ar_dold(i.varde) and all(skydd.ar_dold(v) for k, v in i.kon_varden.items() if k in "KM")
    assert i.avvikelse is None and i.bas is None and not i.kon_bas
    assert not re.search(r"\d", i.motivering.replace("färre än 5", "")), i.motivering
    assert skydd.skydda_bedomning(skyddat, ram, lasare.utfall, lasare.enkat, 5) == skyddat  # idempotent
    assert skydd.skydda_bedomning(resultat, ram, None, None, None) is resultat


def test_en_stapel_vars_antal_avslutade_ar_dolt_bedoms_inte(con):
    """Staplarna får skyddade tal: en andel som syns men vars antal avslutade är dolt (NaN) kan inte prövas mot
    minsta underlaget, så den bedöms inte (För få för bedömning) och inget antal står i texten."""
    import polars as pl

    from uppfoljning import fragor, jamforelse
    from uppfoljning.status import Status

    df = fragor.kor(con, "plattformar_jamforelse", period=2020, plattformar=["ungdomstorget", "vuxentorget"])
    dold = df.with_columns(pl.when(pl.col("enhet_id") == "vuxentorget").then(float("nan"))
                           .otherwise(pl.col("avslutade").cast(pl.Float64)).alias("avslutade"))
    mal = jamforelse.Malinfo("positiv_losning", "Positiv lösning", 90, jamforelse.Tolerans(gron=10, gul=15), 5)
    staplar = {s.enhet_id: s for s in jamforelse.staplar(dold, "positiv_losning", mal, 5)}
    assert staplar["ungdomstorget"].status == Status.GUL
    vuxen = staplar["vuxentorget"]
    assert vuxen.status == Status.FOR_FA and vuxen.avslutade is None and not vuxen.dold
    assert "dolt" in vuxen.statustext and "5" in vuxen.statustext


def _svarsfrekvens():
    import polars as pl

    return pl.DataFrame({"plattform_id": ["p"] * 3, "scope_id": ["p"] * 3, "plattform": ["P"] * 3,
                         "respondentgrupp": ["deltagare", "medarbetare", "chefer"], "svarsfrekvens": [48, 75, 91],
                         "antal_svar": [12, 3, None], "antal_inbjudna": [25, 4, None],
                         "redovisas_ej": [False, False, False]})


def test_svarsfrekvensen_skyddas_i_lagret_inte_i_presentationen():
    """Tre av fyra inbjudna svarade: lagret döljer svarsfrekvensen och antalen (NaN) för läsaren, och
    presentationen (sidan Kvinnor och män, mötesunderlaget) tar emot det skyddade svaret utan någon gräns."""
    import inspect

    from uppfoljning import kon_och_tid as kt
    from uppfoljning import motesunderlag, skydd

    svar = _svarsfrekvens()
    for namn in ("enkat_svarsfrekvens", "kon_enkat_svarsfrekvens"):
        assert namn in skydd.FRAGOR and namn not in skydd.UTAN_PERSONANTAL
        s = skydd.skydda(namn, svar, {"period": 2020}, 5, lambda slag, period: None, ())
        assert [skydd.ar_dold(v) for v in s["svarsfrekvens"]] == [False, True, False]
        assert [skydd.ar_dold(v) for v in s["antal_svar"]] == [False, True, False]
        assert [skydd.ar_dold(v) for v in s["antal_inbjudna"]] == [False, True, False]
        assert s["svarsfrekvens"][0] == 48 and s["antal_svar"][2] is None
        assert skydd.skydda(namn, svar, {"period": 2020}, None, lambda slag, period: None, ()) is svar
    for f in (kt.svarsfrekvenstabell, motesunderlag._svarsfrekvenstext, motesunderlag._svarsfrekvens_siffror):
        assert not {"grans", "smatalsgrans"} & set(inspect.signature(f).parameters), f.__name__
    assert kt.svarsfrekvenstabell(s, False)["Svarsfrekvens"].to_list() == ["48 % (12 av 25)", "dold", "91 %"]
    assert motesunderlag._svarsfrekvenstext(s, "p") == "deltagare 48 % (12 av 25), medarbetare: dold, chefer 91 %"


def test_lagret_doljer_indikatorns_svarsfrekvens_under_gransen(con):
    """Indikatorns svarsfrekvens (indikatortabellen på sidan Mål och i mötesunderlaget) döljs i
    skydda_bedomning när färre än gränsen svarat, och antalet svarande följer inte med till läsaren."""
    from dataclasses import replace

    from uppfoljning import bedomning, malramverk, skydd

    ram = malramverk.las(installningar.MALRAMVERK)
    resultat = bedomning.bedom(con, ram, 2020)
    r = next(r for r in resultat if any(i.svarsfrekvens is not None for i in r.indikatorer))
    i = next(i for i in r.indikatorer if i.svarsfrekvens is not None)
    fa, manga = replace(i, svarsfrekvens_bas=3), replace(i, svarsfrekvens_bas=12)
    skyddat = skydd.skydda_bedomning([replace(r, indikatorer=[fa, manga])], ram, None, None, 5)
    sf, sm = skyddat[0].indikatorer
    assert skydd.ar_dold(sf.svarsfrekvens) and sm.svarsfrekvens == i.svarsfrekvens
    assert sf.svarsfrekvens_bas is None and sm.svarsfrekvens_bas is None
    assert skydd.skydda_bedomning(skyddat, ram, None, None, 5) == skyddat  # idempotent


def _dolda_former(orort, skyddat) -> dict[tuple[str, str], set[str]]:
    """Varje dolt indikatorvärde (värdet, ett köns värde) som text, som det skulle stå i en motivering eller i
    tabellen: "45 %", "45 st" och bedömningens egen talform. {(mål, omfattning): {form: tabellens form}}."""
    from uppfoljning import bedomning, skydd, visning

    former: dict[tuple[str, str], dict[str, str]] = {}
    for ro, rs in zip(orort, skyddat, strict=True):
        for io, i_s in zip(ro.indikatorer, rs.indikatorer, strict=True):
            dolda = [io.varde] if skydd.ar_dold(i_s.varde) else []
            dolda += [io.kon_varden[k] for k, v in i_s.kon_varden.items() if skydd.ar_dold(v)]
            for v in dolda:
                if v is None or isinstance(v, str) or skydd.ar_dold(v):
                    continue
                f = former.setdefault((ro.mal_id, ro.scope_id), {})
                tabellens = visning._varde_text(v, io.enhet)
                for form in (tabellens, f"{bedomning._tal(v)} {io.enhet}".strip()):
                    f[form] = tabellens
    return former


def test_ingen_motivering_visar_ett_dolt_varde(con):
    """Allt en läsare läser som skäl: matrisens Skäl, målets och avsnittens motivering (sidan Mål och
    mötesunderlaget), indikatortabellens Varför och de avvikande besluten. Inget dolt indikatorvärde får stå i
    texten (talen i motiveringen räknas ur samma värden som tabellen, t.ex. "Utfall 45 st" mot takten, eller
    "Publicerat 40 %, beräknat 43 %"). Ett tal som också syns som ett annat, synligt värde för samma mål och
    omfattning räknas inte (en tillfällighet säger inget)."""
    import re

    from uppfoljning import bedomning, malramverk, motesunderlag, skydd

    ram = malramverk.las(installningar.MALRAMVERK)
    orort = bedomning.bedom(con, ram, 2020)
    lasare = motesunderlag.lasarskydd(con, 2020, 5)
    skyddat = skydd.skydda_bedomning(orort, ram, lasare.utfall, lasare.enkat, 5)
    former = _dolda_former(orort, skyddat)
    assert sum(map(len, former.values())) > 10, "inget dolt värde att pröva"

    u = motesunderlag.bygg(con, ram, 2020, smatalsgrans=5, resultat=skyddat)
    skal = dict(zip(zip(u.matris["Mål"], u.matris[u.matris.columns[1]]), u.matris["Skäl"]))
    fel = []
    for m, r in zip(u.mal, skyddat, strict=True):
        dolda = former.get((r.mal_id, r.scope_id), {})
        synliga = {str(v).split(" ⚠")[0] for a in m.avsnitt for c in a.indikatorer.columns
                   if c.startswith("Utfall") or c in ("Kvinnor", "Män", "Målnivå") for v in a.indikatorer[c]}
        texter = [m.forslag_motivering, skal[(m.rubrik, m.plattform)], r.forslag_motivering,
                  *(a.motivering for a in m.avsnitt), *(a.motivering for a in r.avsnitt),
                  *(t for a in m.avsnitt for t in a.indikatorer["Varför"]),
                  *(t for t in u.avvikande_beslut if t.startswith(f"{m.rubrik}, {m.plattform}:"))]
        for form, tabellens in dolda.items():
            if tabellens in synliga:
                continue
            monster = re.compile(rf"(?<![\d,]){re.escape(form)}(?![\d,])")
            fel += [f"{m.rubrik}, {m.plattform}: {form!r} i {t!r}" for t in texter if monster.search(t)]
    assert not fel, "\n".join(fel[:20])


def test_en_dold_indikators_status_kan_inte_anas_av_lasaren(con):
    """issue 14: en synlig status (färg) för en indikator vars värde är dolt ger ett intervall för det dolda talet
    (basen 8 syns, målet 50 %, "Inte uppfyllt" → täljaren är 0–3). Läsaren får status Dold med skälet, och allt
    läsaren ser av avsnitten och målet (status, poäng, motiveringar, matrisens skäl) beror bara på de synliga
    statusarna: sätts de dolda indikatorernas status i källan om till grönt eller rött blir läsarens bild
    densamma. Styrelsen ser allt som förut."""
    from dataclasses import replace

    from uppfoljning import bedomning, malramverk, skydd
    from uppfoljning.motesunderlag import lasarskydd
    from uppfoljning.status import Status

    ram = malramverk.las(installningar.MALRAMVERK)
    resultat = bedomning.bedom(con, ram, 2020)
    lasare = lasarskydd(con, 2020, 5)
    skyddat = skydd.skydda_bedomning(resultat, ram, lasare.utfall, lasare.enkat, 5)
    dolda = {(r.mal_id, r.scope_id, i.indikator_id, i.kon)
             for r in skyddat for i in r.indikatorer if skydd.ar_dold(i.varde)}
    # Bara de dolda som har en färg i källan sätts om (För få för bedömning säger inget mer än "färre än 5").
    dolda = {n for n in dolda if n in {(r.mal_id, r.scope_id, i.indikator_id, i.kon) for r in resultat
                                       for i in r.indikatorer if i.status.ar_fargad}} | {
        (r.mal_id, r.scope_id, i.indikator_id, i.kon) for r in skyddat for i in r.indikatorer
        if i.status == Status.DOLD}
    fargade_i_kallan = [i for r in resultat for i in r.indikatorer
                        if (r.mal_id, r.scope_id, i.indikator_id, i.kon) in dolda and i.status.ar_fargad]
    assert fargade_i_kallan, "standarddatan 2020 ska ha dolda värden med färgad status (annars prövas inget)"
    for r in skyddat:
        for i in r.indikatorer:
            if (r.mal_id, r.scope_id, i.indikator_id, i.kon) in dolda:
                assert not i.status.ar_fargad, (r.scope_id, i.indikator_id, i.status)
                if i.status == Status.DOLD:
                    assert "statusen visas inte" in i.motivering, i.motivering

    vagning = bedomning._Vagning.av(ram)

    def med_status(s: Status) -> list:
        ut = []
        for r in resultat:
            inds = [replace(i, status=s) if (r.mal_id, r.scope_id, i.indikator_id, i.kon) in dolda else i
                    for i in r.indikatorer]
            avsnitt = [bedomning.vag_samman_avsnitt(vagning, a.nummer, a.namn,
                                                    [i for i in inds if i.avsnitt == a.nummer]) for a in r.avsnitt]
            forslag, mot = ((r.forslag, r.forslag_motivering) if r.forslag_motivering.startswith("Målet bedöms inte")
                            else bedomning.vag_samman_mal(vagning, avsnitt, inds))
            ut.append(replace(r, indikatorer=inds, avsnitt=avsnitt, forslag=forslag, forslag_motivering=mot))
        return skydd.skydda_bedomning(ut, ram, lasare.utfall, lasare.enkat, 5)

    def bild(res: list) -> list:
        return [(r.forslag, r.forslag_motivering, bedomning.kort_skal(r), [(a.status, a.poang, a.motivering)
                for a in r.avsnitt], [i.status for i in r.indikatorer]) for r in res]

    gron, rod = med_status(Status.GRON), med_status(Status.ROD)
    assert bild(gron) == bild(rod)
    # Läsarens skäl säger hur många som är dolda, med ord som går att förstå.
    skal = [bedomning.kort_skal(r) for r in skyddat if any(i.status == Status.DOLD for i in r.indikatorer)]
    assert skal and all("dold" in s for s in skal), skal[:3]
    assert skydd.skydda_bedomning(skyddat, ram, lasare.utfall, lasare.enkat, 5) == skyddat  # idempotent
    # Styrelsen: orört.
    assert all(i.status != Status.DOLD for r in resultat for i in r.indikatorer)
