"""Det som gör appen snabb i nationell skala får inte ändra en enda siffra:

- de samlade frågorna (queries/indikator_*_alla.sql), som bedömningen av hela ramverket använder, ger samma
  tal som frågorna för en indikator i taget;
- de härledda tabellerna utfall_fran_deltagare och utfall_per_omfattning följer varje inläsning och ångring;
- filläsningen ger samma tabell som förut för UTF-8, UTF-8 med BOM och Windows-1252, och bara filens
  första rader delas upp för att gissa avgränsaren.
"""

from pathlib import Path

import polars as pl
import pytest

from uppfoljning import fragor, inlasning, installningar, malramverk, uppladdning
from uppfoljning.filformat import _forsta_raderna, las_csv

from .conftest import las, skriv, ny_databas

ESF = Path(__file__).parent / "data" / "esf"


@pytest.fixture(scope="module")
def esf_databas(tmp_path_factory) -> Path:
    fil = ny_databas(tmp_path_factory.mktemp("esf_samlade") / "esf.duckdb", datasets=ESF / "datasets")
    return fil


def _jamfor_med_en_i_taget(con, ram: malramverk.Malramverk, perioder: list[int]) -> int:
    """Jämför de samlade frågorna med de enskilda för varje indikator och period. Returnerar antal jämförelser."""
    jamforda = 0
    andelar = list(dict.fromkeys((tuple(i.matt), i.andel_av) for i in ram.indikatorer.values()
                                 if i.typ in ("andel_utfall", "volym")))
    # Också en bas som anges i ramverket och ett mått som förekommer två gånger i listan.
    andelar += [(("avslutade",), "avslutade"), (("arbete", "arbete"), None)]
    ids = [str(n) for n in range(len(andelar))]
    alla = fragor.kor(con, "indikator_andel_utfall_alla", perioder=perioder, indikatorer=ids,
                      matt=[list(m) for m, _ in andelar], andel_av=[a for _, a in andelar])
    for period in perioder:
        for id_, (matt, andel_av) in zip(ids, andelar):
            en = fragor.kor(con, "indikator_andel_utfall", period=period, matt=list(matt), andel_av=andel_av)
            del_ = alla.filter((pl.col("period") == period) & (pl.col("indikator_id") == id_)).drop(
                "period", "indikator_id")
            # Den samlade frågan sorterar inte (bedömningen slår upp på nyckel): jämför raderna, inte ordningen.
            assert del_.sort("scope_id", "kon").equals(en.sort("scope_id", "kon")), (period, matt, andel_av)
            jamforda += 1
    enkater = list(dict.fromkeys((i.respondentgrupp, i.fraga) for i in ram.indikatorer.values() if i.typ == "enkat"))
    if enkater:
        alla = fragor.kor(con, "indikator_enkat_alla", perioder=perioder, respondentgrupper=[g for g, _ in enkater],
                          fragor=[f for _, f in enkater])
        for period in perioder:
            for grupp, fraga in enkater:
                en = fragor.kor(con, "indikator_enkat", period=period, respondentgrupp=grupp, fraga=fraga)
                del_ = alla.filter((pl.col("period") == period) & (pl.col("respondentgrupp") == grupp)
                                   & (pl.col("fraga_id") == fraga)).drop("period", "respondentgrupp", "fraga_id")
                assert del_.equals(en), (period, grupp, fraga)
                jamforda += 1
    alla = fragor.kor(con, "indikator_rapporterat_alla", perioder=perioder, indikatorer=list(ram.indikatorer))
    for period in perioder:
        for ind_id in ram.indikatorer:
            en = fragor.kor(con, "indikator_rapporterat", period=period, indikator=ind_id)
            del_ = alla.filter((pl.col("period") == period) & (pl.col("indikator_id") == ind_id)).drop(
                "period", "indikator_id")
            assert del_.equals(en), (period, ind_id)
            jamforda += 1
    return jamforda


def test_samlad_fraga_ger_samma_tal_som_en_indikator_i_taget(con):
    ram = malramverk.las(installningar.MALRAMVERK)
    assert _jamfor_med_en_i_taget(con, ram, [2021, 2020, 2019]) > 100
    # Handräknat: Vuxentorget 2020, positiv lösning 29 av 40 avslutade = 72,5 -> 73 % (Bilaga 3, rad 6825).
    alla = fragor.kor(con, "indikator_andel_utfall_alla", perioder=[2020], indikatorer=["p"],
                      matt=[["positiv_losning"]], andel_av=[None])
    rad = alla.filter((pl.col("scope_id") == "vuxentorget") & (pl.col("kon") == "alla")).row(0, named=True)
    assert (rad["taljare"], rad["namnare"], rad["procent"], rad["andel_av"]) == (29, 40, 73, "avslutade")


def test_samlad_fraga_pa_deltagarniva(esf_databas):
    ram = malramverk.las(ESF / "goals.yaml")
    with las(esf_databas) as con:
        assert _jamfor_med_en_i_taget(con, ram, [2024, 2023]) > 10
        # Handräknat (tests/data/esf/datasets/deltagare.csv): 9 av 20 avslutade till arbete eller studier = 45 %.
        alla = fragor.kor(con, "indikator_andel_utfall_alla", perioder=[2024], indikatorer=["a"],
                          matt=[["arbete_eller_studier"]], andel_av=["avslutade"])
    rad = alla.filter((pl.col("scope_id") == "jobbsteget") & (pl.col("kon") == "alla")).row(0, named=True)
    assert (rad["taljare"], rad["namnare"], rad["procent"]) == (9, 20, 45)


DELTAGARE = (
    "Deltagar-id;Plattform;Kommun;Kön;Startdatum;Slutdatum;Avslutsorsak\n"
    "VN-0001;Vännäs;Vännäs;Kvinna;2021-02-01;2021-05-29;Studier\n"
    "VN-0002;Vännäs;Vännäs;Man;2021-01-13;2021-11-30;Arbete\n"
    "VN-0003;vannas;;man;2021-02-03;;\n"
)


def _harledd(con) -> list[tuple]:
    return con.execute("SELECT * FROM utfall_fran_deltagare ORDER BY ALL").fetchall()


def _ombyggd(con) -> list[tuple]:
    """Tabellen byggd om från grunden, i en transaktion som rullas tillbaka."""
    con.execute("BEGIN TRANSACTION")
    try:
        inlasning.harled(con, ["deltagare"])
        return _harledd(con)
    finally:
        con.execute("ROLLBACK")


def test_harledda_antal_foljer_inlasning_och_angring(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        assert _harledd(con) == []  # standarddata har ingen deltagarnivå
        uppladdning.las_in(con, DELTAGARE.encode(), "vannas.csv", "deltagare", "test")
        assert _harledd(con) == _ombyggd(con)
        utfall = fragor.kor(con, "utfall_tabell", period=2021, plattformar=["vannas"])
        rader = {r["matt_id"]: (r["kvinnor"], r["man"]) for r in utfall.iter_rows(named=True)}
        # Tre deltagare 2021: en kvinna till studier, en man till arbete, en man kvar.
        assert rader["deltagare"] == (1, 2) and rader["avslutade"] == (1, 1) and rader["kvar"] == (0, 1)
        assert rader["studier"] == (1, 0) and rader["arbete"] == (0, 1) and rader["positiv_losning"] == (1, 1)

        # En ny fil för samma plattform ersätter den förra; en ångring tar tillbaka den förra.
        ny = DELTAGARE.replace("VN-0003;vannas;;man;2021-02-03;;", "VN-0003;vannas;;man;2021-02-03;2021-06-01;Arbete")
        uppladdning.las_in(con, ny.encode(), "vannas2.csv", "deltagare", "test", ersatt=True)
        assert _harledd(con) == _ombyggd(con)
        arbete = fragor.kor(con, "utfall_tabell", period=2021, plattformar=["vannas"]).filter(
            pl.col("matt_id") == "arbete")
        assert arbete["man"][0] == 2
        handelse = con.execute("SELECT max(handelse_id) FROM handelse").fetchall()[0][0]
        uppladdning.angra(con, handelse, "test")
        assert _harledd(con) == _ombyggd(con)
        arbete = fragor.kor(con, "utfall_tabell", period=2021, plattformar=["vannas"]).filter(
            pl.col("matt_id") == "arbete")
        assert arbete["man"][0] == 1


def _per_omfattning(con) -> list[tuple]:
    return con.execute("SELECT * FROM utfall_per_omfattning ORDER BY ALL").fetchall()


def _per_omfattning_ombyggd(con) -> list[tuple]:
    con.execute("BEGIN TRANSACTION")
    try:
        inlasning.harled(con, ["deltagare"])  # bygger om båda tabellerna från grunden
        return _per_omfattning(con)
    finally:
        con.execute("ROLLBACK")


def test_antal_per_omfattning_foljer_varje_inlasning_och_angring(skrivbar_databas):
    """Tabellen som indikatorfrågorna läser räknas ur utfallstabeller och deltagare: varje ändring av någon
    av dem ger samma tabell som en ombyggnad från grunden, och förbundets antal är plattformarnas summa."""
    utfall = (installningar.DATASETS / "examples" / "utfall_tabell.csv").read_text(encoding="utf-8")
    with skriv(skrivbar_databas) as con:
        assert _per_omfattning(con) == _per_omfattning_ombyggd(con) != []
        steg = [
            lambda: uppladdning.las_in(con, DELTAGARE.encode(), "vannas.csv", "deltagare", "test"),
            lambda: uppladdning.las_in(con, utfall.encode(), "vindeln.csv", "utfall_tabell", "test", period=2020,
                                       plattform="vindeln", ersatt=True),
            lambda: uppladdning.angra(con, con.execute("SELECT max(handelse_id) FROM handelse").fetchall()[0][0],
                                      "test"),
        ]
        tillstand = []
        for andra in steg:
            fore = _per_omfattning(con)
            andra()
            efter = _per_omfattning(con)
            assert efter != fore
            assert efter == _per_omfattning_ombyggd(con)
            tillstand.append(efter)
        assert tillstand[2] == tillstand[0]  # ångringen tog tillbaka Vindelns utfall 2020
        # Vännäs deltagare 2021: tre personer, i plattformens och förbundets antal.
        rader = dict(con.execute("SELECT scope_id, sum(antal) FROM utfall_per_omfattning WHERE period = 2021 "
                                 "AND matt_id = 'deltagare' GROUP BY scope_id").fetchall())
        assert rader == {"vannas": 3, "forbundet": 3}


def test_harledda_antal_byggs_vid_start(skrivbar_databas):
    """En databas som öppnas (eller från en äldre version) får tabellen byggd från deltagarna."""
    with skriv(skrivbar_databas) as con:
        uppladdning.las_in(con, DELTAGARE.encode(), "vannas.csv", "deltagare", "test")
        facit = _harledd(con)
        con.execute("DROP TABLE utfall_fran_deltagare CASCADE")
        # Som en databas från en äldre version: en annan kodversion, så att den uppdateras när den öppnas.
        con.execute("DELETE FROM databas_info WHERE nyckel = 'kodversion'")
    with las(skrivbar_databas) as con:  # öppnad som appen öppnar den: tabellen byggs
        assert _harledd(con) == facit


@pytest.mark.parametrize("kodning", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_lases_likadant_i_alla_kodningar(kodning):
    df = las_csv(DELTAGARE.encode(kodning), "deltagare.csv")[0].tabell
    assert df.columns[3] == "Kön"
    assert df["Plattform"].to_list() == ["Vännäs", "Vännäs", "vannas"]
    assert df["Slutdatum"].to_list() == ["2021-05-29", "2021-11-30", None]


def test_bara_de_forsta_raderna_delas_upp():
    for radslut in ("\n", "\r\n", "\r"):
        text = radslut.join(f"rad {i};" + "x" * (i % 7000) for i in range(3000))
        assert _forsta_raderna(text, 20) == text.splitlines()[:20]
        assert _forsta_raderna(text, 1) == text.splitlines()[:1]
    assert _forsta_raderna("en rad", 20) == ["en rad"]
