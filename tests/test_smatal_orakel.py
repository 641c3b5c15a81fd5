"""Oraklet (tests/smatal_orakel.py) mot skyddet för små tal: på standarddata alla år och på en genererad
nationell datamängd. Oraklet bygger relationerna själv och propagerar intervall över alla publicerade summor;
inget dolt tal får bli exakt bestämt, och ett dolt litet tal måste ha kvar minst gräns möjliga värden (alla dolda
antal visas som "dold", som läsaren bara vet är minst 0)."""

from __future__ import annotations


import pytest

from uppfoljning import fragor, smatal

from . import smatal_orakel as orakel

from .conftest import las, skriv, ny_databas

GRANS = 5
AR = [2019, 2020, 2021]


def _kor(con):
    return lambda namn, **p: fragor.kor(con, namn, **p)


def _beskriv(resultat: orakel.Resultat, kub: orakel.Kub) -> str:
    rader = [f"{c}: läsaren vet {lo}-{hi}, verkligt {v}" for c, ((lo, hi), v) in sorted(resultat.brott.items(),
                                                                                       key=str)[:30]]
    return (f"{len(resultat.brott)} av {resultat.dolda} dolda celler avslöjas för mycket "
            f"({len(resultat.exakta)} exakt):\n" + "\n".join(rader))


# ---------------------------------------------------------------- oraklet självt


def _prova_for_hand(varden: dict, relationer: list, syns: dict, dold_ar_stort: bool = False) -> orakel.Resultat:
    kub = orakel.Kub()
    kub.varden.update(varden)
    for s, d in relationer:
        kub.relation(s, d)
    return orakel.prova(kub, syns, GRANS, dold_ar_stort)


def test_oraklet_hittar_issuets_exempel():
    """HFE 2020: avslutade 27, positiv lösning 19, övriga avbrott 7, hälsoskäl dold -> hälsoskäl = 1, fast ingen
    enskild summa har bara en dold cell (positiv lösnings delar är också dolda)."""
    varden = {"avslutade": 27, "positiv": 19, "arbete": 8, "studier": 3, "rehab": 8, "halsa": 1, "ovriga": 7}
    relationer = [("avslutade", ("arbete", "studier", "rehab", "halsa", "ovriga")),
                  ("positiv", ("arbete", "studier", "rehab"))]
    syns = {**varden, "arbete": "dold", "studier": "dold", "rehab": "dold", "halsa": "dold"}
    r = _prova_for_hand(varden, relationer, syns)
    assert r.exakta == {"halsa"} and r.intervall["halsa"] == (1, 1)
    # Två dolda under en summa 5 och en synlig nolla: var och en 0-5, sex möjliga värden. Det är tillåtet.
    r = _prova_for_hand({"K": 2, "M": 3, "T": 5}, [("T", ("K", "M"))], {"K": "dold", "M": "dold", "T": 5})
    assert r.intervall["K"] == (0, 5) and not r.brott
    # Under summan 3 (som alltså visas) är var och en 0-3: fyra möjliga värden, för lite.
    r = _prova_for_hand({"K": 1, "M": 2, "T": 3}, [("T", ("K", "M"))], {"K": "dold", "M": "dold", "T": 3})
    assert r.intervall["K"] == (0, 3) and set(r.brott) == {"K", "M"} and not r.exakta
    # Ett stort tal bredvid: Totalt 9, Kvinnor 7 synlig, Män dold -> 2.
    r = _prova_for_hand({"K": 7, "M": 2, "T": 9}, [("T", ("K", "M"))], {"K": 7, "M": "dold", "T": 9})
    assert r.exakta == {"M"}


def test_dold_etikett_sager_ingenting_om_talet():
    """"dold" = [0, ∞): Totalt 9 och Kvinnor "dold", Män "dold" ger var och en 0-9 (tio värden), också när det ena
    talet är stort. Med den gamla läsningen ("<5" för små, "dold" = minst gränsen) vore Män 0-4 och Kvinnor 5-9,
    och två "<5" under Totalt 6 gav var och en 2-4: för få värden med det skärpta kriteriet."""
    r = _prova_for_hand({"K": 7, "M": 2, "T": 9}, [("T", ("K", "M"))], {"K": "dold", "M": "dold", "T": 9})
    assert r.intervall["M"] == (0, 9) and r.intervall["K"] == (0, 9) and not r.brott
    r = _prova_for_hand({"K": 7, "M": 2, "T": 9}, [("T", ("K", "M"))], {"K": "dold", "M": "<5", "T": 9},
                        dold_ar_stort=True)
    assert r.intervall["M"] == (0, 4) and r.intervall["K"] == (5, 9)
    r = _prova_for_hand({"K": 2, "M": 4, "T": 6}, [("T", ("K", "M"))], {"K": "<5", "M": "<5", "T": 6})
    assert r.intervall["K"] == (2, 4) and set(r.brott) == {"K", "M"}


# ---------------------------------------------------------------- standarddata


@pytest.mark.parametrize("ar", AR)
def test_utfallsskyddet_haller_for_oraklet(con, ar):
    kub = orakel.utfall(con, ar)
    skydd = smatal.utfallsskydd(_kor(con), ar, GRANS)
    assert kub.ohallna == 0, "standarddata håller alla summor"
    resultat = orakel.prova(kub, orakel.syns_med_skydd(kub, skydd), GRANS)
    assert not resultat.brott, _beskriv(resultat, kub)
    if ar == 2020:
        assert resultat.dolda > 150  # annars prövar testet ingenting


@pytest.mark.parametrize("ar", AR)
def test_aktualiseringsskyddet_haller_for_oraklet(con, ar):
    kub = orakel.aktualiseringar(con, ar)
    skydd = smatal.aktualiseringsskydd(_kor(con), ar, GRANS)
    resultat = orakel.prova(kub, orakel.syns_med_skydd(kub, skydd), GRANS)
    assert not resultat.brott, _beskriv(resultat, kub)
    if ar == 2020:
        assert resultat.dolda > 20


@pytest.mark.parametrize("ar", AR)
def test_enkatskyddet_haller_for_oraklet(con, ar):
    kub = orakel.enkater(con, ar)
    skydd = smatal.enkatskydd(_kor(con), ar, GRANS)
    resultat = orakel.prova(kub, orakel.syns_med_skydd(kub, skydd), GRANS)
    assert not resultat.brott, _beskriv(resultat, kub)


def test_enkatskyddet_med_antal_haller_for_oraklet(standarddatabas, tmp_path):
    """Standarddata har bara rapporterade andelar; här får tre plattformar antal (några få svar per kön)."""
    fil = ny_databas(tmp_path / "enkat.duckdb", fran=standarddatabas)
    with skriv(fil) as con:
        con.execute("""
            UPDATE enkat_resultat SET
                antal_svar = CASE kon WHEN 'K' THEN 9 WHEN 'M' THEN 3 ELSE 1 END
                             + (hash(plattform_id || fraga_id) % 3)::INTEGER,
                antal_positiva = CASE kon WHEN 'K' THEN 7 WHEN 'M' THEN 2 ELSE 1 END
            WHERE period = 2020 AND plattform_id IN ('ungdomstorget', 'vannas', 'robertsfors') AND kon <> 'alla';
            UPDATE enkat_resultat AS a SET
                antal_svar = (SELECT sum(antal_svar) FROM enkat_resultat AS k WHERE k.period = a.period
                              AND k.plattform_id = a.plattform_id AND k.respondentgrupp = a.respondentgrupp
                              AND k.fraga_id = a.fraga_id AND k.kon <> 'alla'),
                antal_positiva = (SELECT sum(antal_positiva) FROM enkat_resultat AS k WHERE k.period = a.period
                                  AND k.plattform_id = a.plattform_id AND k.respondentgrupp = a.respondentgrupp
                                  AND k.fraga_id = a.fraga_id AND k.kon <> 'alla')
            WHERE period = 2020 AND plattform_id IN ('ungdomstorget', 'vannas', 'robertsfors') AND kon = 'alla';
        """)
        kub = orakel.enkater(con, 2020)
        skydd = smatal.enkatskydd(_kor(con), 2020, GRANS)
        resultat = orakel.prova(kub, orakel.syns_med_skydd(kub, skydd), GRANS)
    assert resultat.dolda > 10
    assert not resultat.brott, _beskriv(resultat, kub)


# ---------------------------------------------------------------- en genererad nationell datamängd


@pytest.fixture(scope="module")
def nationell(tmp_path_factory):
    """10 000 deltagare i 80 förbund (drygt 400 plattformar, 290 kommuner) med bench/generera.py, inlästa
    med produktens väg."""
    from bench import generera
    from uppfoljning import uppladdning

    mapp = tmp_path_factory.mktemp("nationell")
    ref = generera.referens()
    generera.skriv_datamapp(ref, mapp / "datasets")
    fil = ny_databas(mapp / "nationell.duckdb", datasets=mapp / "datasets")
    csv = mapp / "deltagare.csv"
    generera.skriv_csv(generera.deltagare(ref, 10_000), csv)
    with skriv(fil) as con:
        uppladdning.spara(con, uppladdning.forbered(con, csv.read_bytes(), csv.name, "deltagare"), "test")
    return fil


def test_utfallsskyddet_haller_for_oraklet_nationellt(nationell):
    """Ett år med drygt 1 600 deltagare på drygt 400 plattformar: nästan allt är litet och döljs. Inget dolt tal
    blir exakt, och varje dolt litet tal har kvar minst gräns möjliga värden: inga brott alls."""
    with las(nationell) as con:
        kub = orakel.utfall(con, 2020)
        skydd = smatal.utfallsskydd(_kor(con), 2020, GRANS)
    assert kub.ohallna == 0
    assert len({c[0] for c in kub.varden}) > 600, "förbundet, drygt 400 plattformar och kommunerna"
    syns = orakel.syns_med_skydd(kub, skydd)
    assert any(not isinstance(v, str) for v in syns.values()), "förbundets totaler går att visa"
    assert {v for v in syns.values() if isinstance(v, str)} == {"dold"}
    resultat = orakel.prova(kub, syns, GRANS)
    assert resultat.dolda > 20_000
    assert not resultat.brott, _beskriv(resultat, kub)


# ---------------------------------------------------------------- ESF-exemplet: projektets total är distinkta deltagare


@pytest.fixture(scope="module")
def esf(tmp_path_factory):
    """ESF-exemplet (tests/data/esf_projekt) med ramverkets perioder: VV-14 i två delprojekt och VV-02 inskriven på
    nytt, så projektets total är mindre än summan av delprojekten; VV-08 i båda delprojekten med kommunen Lycksele,
    så kommunen Lycksele är mindre än summan av sina par."""
    from uppfoljning import malramverk

    from .conftest import TESTDATA

    fil = ny_databas(tmp_path_factory.mktemp("esf_orakel") / "esf.duckdb", datasets=TESTDATA / "esf_projekt" / "datasets")
    with skriv(fil) as con:
        ram = malramverk.las_med_reserv(con, TESTDATA / "esf_projekt" / "goals.yaml").ramverk
    return fil, [2019, 2020, 2021, 2022] + [int(p) for p in ram.perioder_i_ordning()]


def test_utfallsskyddet_haller_nar_totalen_ar_distinkta_deltagare(esf):
    """Totalen är inte summan av delprojekten: oraklet vet bara total <= summan, och för deltagare och kvar total >=
    varje delprojekt. Likadant för kommunen mot sina par (plattform, kommun). Ingen dold cell får bli bestämd i någon
    period."""
    fil, perioder = esf
    distinkta = kommuner = 0
    with las(fil) as con:
        for period in perioder:
            kub = orakel.utfall(con, period)
            skydd = smatal.utfallsskydd(_kor(con), period, GRANS)
            assert kub.ohallna == 0, period
            distinkta += any(c[0] == "distinkt" for c in kub.latenta)
            kommuner += any(c[0] == "distinkt:kommun:lycksele" for c in kub.latenta)
            resultat = orakel.prova(kub, orakel.syns_med_skydd(kub, skydd), GRANS)
            assert not resultat.brott, f"{period}: " + _beskriv(resultat, kub)
    assert distinkta >= 5, "perioder där totalen är mindre än summan prövas"
    assert kommuner >= 5, "perioder där kommunen är mindre än summan av sina par prövas"
