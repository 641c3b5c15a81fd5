"""Skyddet för små tal: inget dolt tal kan räknas fram ur det som visas."""

from uppfoljning import smatal


def test_litet_tal_doljs_och_granne_i_summan_ocksa():
    antal = {"K": 1, "M": 14, "T": 15}
    relationer = [("T", ("K", "M"))]
    dolda = smatal.dolj(antal, relationer, 5)
    assert "K" in dolda and len(dolda) == 2
    assert smatal.framraknbara(antal, relationer, dolda) == set()


def test_stora_tal_visas():
    antal = {"K": 10, "M": 14, "T": 24}
    assert smatal.dolj(antal, [("T", ("K", "M"))], 5) == set()


def test_korsvisa_summor_loses_inte_upp():
    # Två mått (arbete, studier) x två kön, med radsummor och kolumnsummor.
    antal = {("a", "K"): 3, ("a", "M"): 9, ("a", "T"): 12, ("s", "K"): 8, ("s", "M"): 7, ("s", "T"): 15,
             ("p", "K"): 11, ("p", "M"): 16, ("p", "T"): 27}
    relationer = [((r, "T"), ((r, "K"), (r, "M"))) for r in "asp"]
    relationer += [(("p", k), (("a", k), ("s", k))) for k in "KMT"]
    dolda = smatal.dolj(antal, relationer, 5)
    assert ("a", "K") in dolda
    assert smatal.framraknbara(antal, relationer, dolda) == set()


def test_dolda_delar_som_tillsammans_ar_under_gransen_far_en_dold_granne():
    # Ungdomstorget 2020, positiv lösning: 43 = arbete 17 + extratjänst 0 + studier 11 + rehab 15 + saknar 0.
    # Nollorna är dolda var för sig, men 43 - 17 - 11 - 15 = 0 visar att båda är 0.
    antal = {"positiv": 43, "arbete": 17, "extratjanst": 0, "studier": 11, "rehab": 15, "saknar": 0}
    relationer = [("positiv", ("arbete", "extratjanst", "studier", "rehab", "saknar"))]
    bara_smatal = {"extratjanst", "saknar"}
    assert smatal.framraknbara(antal, relationer, bara_smatal) == set(), "en i taget går de inte att räkna fram"
    assert smatal.framraknbara(antal, relationer, bara_smatal, 5) == bara_smatal, "men tillsammans"
    dolda = smatal.dolj(antal, relationer, 5)
    assert dolda == {"extratjanst", "saknar", "studier"}, "den minsta synliga delen döljs också"
    assert smatal.framraknbara(antal, relationer, dolda, 5) == set()


def test_bjurholm_2020_for_lasare(con):
    """Bjurholm 2020 (Bilaga 3 rad 6893-6904): 15 deltagare, 1 avslutad. Inget dolt tal får gå att räkna fram."""
    import polars as pl

    from uppfoljning import fragor, skydd, visning

    def kor(namn, **p):
        return fragor.kor(con, namn, **p)

    parametrar = {"period": 2020, "plattformar": ["bjurholm"]}
    utfall = kor("utfall_tabell", **parametrar)
    fynd = smatal.fynd_for_lasare(kor("datakvalitet_utfall", forbund=False, **parametrar), 5)
    arets = smatal.utfallsskydd(kor, 2020, 5)
    forbundets = tuple(kor("plattformar").filter(pl.col("ingar_i_forbundstotal"))["plattform_id"])
    skyddad = skydd.skydda("utfall_tabell", utfall, parametrar, 5, lambda slag, period: arets, forbundets)
    tabell = {r["Mått"].strip(): r for r in visning.utfallstabell(skyddad, fynd).iter_rows(named=True)}
    assert tabell["Antal deltagare hela året"]["Totalt"] == "15"
    # Alla dolda antal visas som "dold", aldrig som talet eller "<5".
    assert all("<" not in str(v) for r in tabell.values() for v in r.values())
    assert tabell["Totalt antal avslutade hela året"]["Kvinnor"] == "dold"
    assert tabell["Avslutade till en för individen positiv lösning"]["Andel"] == "dold"
    assert tabell["varav till arbete (SUS 1)"]["Totalt"] == "dold"
    # Allt som visas som tal, i alla summor: inget dolt kan räknas fram.
    kolumner = ["kvinnor", "man", "totalt"]
    namn = {"Kvinnor": "kvinnor", "Män": "man", "Totalt": "totalt"}
    synligt = {}
    for r in utfall.iter_rows(named=True):
        rad = next(v for k, v in tabell.items() if k.startswith(r["namn"]))
        for rubrik, k in namn.items():
            synligt[(r["matt_id"], k)] = None if rad[rubrik] == "dold" else int(rad[rubrik])
    dolda = {c for c, v in synligt.items() if v is None}
    antal = {(r["matt_id"], k): r[k] for r in utfall.iter_rows(named=True) for k in kolumner}
    assert smatal.framraknbara(antal, _utfallsrelationer(utfall, kolumner), dolda) == set()
    assert ("deltagare", "totalt") not in dolda


def _utfallsrelationer(utfall, kolumner: list[str]) -> list:
    """Summorna i Bilaga 3:s tabell: kön till totalt, avslutsorsaker till avslutade, delar till positiv lösning,
    avslutade och kvar till deltagare."""
    matt = utfall["matt_id"].to_list()
    relationer = [((m, "totalt"), tuple((m, k) for k in kolumner if k != "totalt")) for m in matt]
    avslut = [r["matt_id"] for r in utfall.iter_rows(named=True) if r["typ"] == "avslut"]
    for k in kolumner:
        relationer.append((("avslutade", k), tuple((m, k) for m in avslut)))
        relationer.append((("deltagare", k), (("avslutade", k), ("kvar", k))))
        for summa in {r["ingar_i"] for r in utfall.iter_rows(named=True) if r["ingar_i"]}:
            delar = tuple((r["matt_id"], k) for r in utfall.iter_rows(named=True) if r["ingar_i"] == summa)
            relationer.append(((summa, k), delar))
    return relationer
