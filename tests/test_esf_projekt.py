"""ESF-exemplet i appen (issue 15): tests/data/esf_projekt, ett projekt sep 2019 – aug 2022 med två delprojekt
(Lycksele, Storuman), mål för projektperioden och halvårsvisa lägesrapporter från projektstart.

Varje siffra och färg är räknad för hand ur tests/data/esf_projekt/datasets/deltagare.csv (22 deltagare, VV-01 …
VV-22, på 25 rader: VV-02 skrevs in på nytt i Lycksele 2022-03-14 – 2022-06-10, VV-14 är i Storuman
2021-04-19 – 2022-02-28 och samtidigt i Lycksele 2021-11-01 – 2022-04-29, och VV-08, som bor i Lycksele, är i
Lycksele 2020-09-01 – 2021-08-31 och samtidigt i Storuman 2021-01-18 – 2021-05-28 med kommunen Lycksele). Projektets antal är distinkta
deltagare: varje person räknas en gång (test_projektets_total_ar_distinkta_deltagare). Planen: 24 deltagare (12 kvinnor, 12 män) på projektperioden, 1 096 dagar. En linjär plan vid en
lägesrapport = planen × dagar från projektstart till rapportens slut / 1 096, avrundat halvt uppåt:
  LR1 (t.o.m. 2020-02-29) 182 dagar: 24 → 3,99 = 4; 12 → 1,99 = 2
  LR2 (2020-08-31) 366: 8,01 = 8; 4          LR3 (2021-02-28) 547: 11,98 = 12; 5,99 = 6
  LR4 (2021-08-31) 731: 16,01 = 16; 8,00 = 8  LR5 (2022-02-28) 912: 19,97 = 20; 9,99 = 10
  LR6 (2022-08-31) 1 096: 24; 12
Deltagare från projektstart (startdatum till och med rapportens slut), kvinnor + män = totalt:
  LR1 2+1=3, LR2 4+3=7, LR3 7+5=12, LR4 9+7=16, LR5 11+8=19, LR6 13+9=22.
Toleransen för volym: grönt högst 10 %, gult högst 20 % under (procent av den förväntade nivån).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import bedomning, malramverk, perioder
from uppfoljning.status import Status

from .conftest import DASHBOARD, TESTDATA, las, ny_databas, skriv

ESF = TESTDATA / "esf_projekt"

# (period-id, kön) -> (förväntat enligt takten, utfall, status, takt)
TAKT = {
    ("lr1", "alla"): (4, 3, Status.ROD, "efter_takten"),   # 25 % under
    ("lr1", "K"): (2, 2, Status.GRON, "i_takt"),
    ("lr1", "M"): (2, 1, Status.ROD, "efter_takten"),      # 50 % under
    ("lr2", "alla"): (8, 7, Status.GUL, "efter_takten"),   # 12,5 % under
    ("lr2", "K"): (4, 4, Status.GRON, "i_takt"),
    ("lr2", "M"): (4, 3, Status.ROD, "efter_takten"),      # 25 % under
    ("lr3", "alla"): (12, 12, Status.GRON, "i_takt"),
    ("lr3", "K"): (6, 7, Status.GRON, "i_takt"),
    ("lr3", "M"): (6, 5, Status.GUL, "efter_takten"),      # 16,7 % under
    ("lr4", "alla"): (16, 16, Status.GRON, "i_takt"),
    ("lr4", "K"): (8, 9, Status.GRON, "i_takt"),
    ("lr4", "M"): (8, 7, Status.GUL, "efter_takten"),      # 12,5 % under
    ("lr5", "alla"): (20, 19, Status.GRON, "i_takt"),      # 5 % under
    ("lr5", "K"): (10, 11, Status.GRON, "i_takt"),
    ("lr5", "M"): (10, 8, Status.GUL, "efter_takten"),     # 20 % under: gult (gränsen ingår)
    ("lr6", "alla"): (24, 22, Status.GRON, "i_takt"),      # 8,3 % under
    ("lr6", "K"): (12, 13, Status.GRON, "planen_nadd"),    # 13 av planens 12
    ("lr6", "M"): (12, 9, Status.ROD, "efter_takten"),     # 25 % under
}


@pytest.fixture(scope="module")
def esf_databas(tmp_path_factory) -> Path:
    fil = ny_databas(tmp_path_factory.mktemp("esf_projekt_app") / "esf.duckdb", datasets=ESF / "datasets")
    return fil


@pytest.fixture(scope="module")
def bedomt(esf_databas, tmp_path_factory):
    kopia = ny_databas(tmp_path_factory.mktemp("esf_projekt_bedomt") / "esf.duckdb", fran=esf_databas)
    with skriv(kopia) as con:  # las_med_reserv synkar perioderna, som appen
        inlast = malramverk.las_med_reserv(con, ESF / "goals.yaml")
        ram = inlast.ramverk
        return {p.id: bedomning.bedom(con, ram, p) for p in ram.perioder_i_ordning()}


def _indikator(resultat, mal_id, scope_id, indikator_id, kon):
    r = next(r for r in resultat if r.mal_id == mal_id and r.scope_id == scope_id)
    return next(i for i in r.indikatorer if i.indikator_id == indikator_id and i.kon == kon)


@pytest.mark.parametrize(("nyckel", "vantat"), list(TAKT.items()), ids=[f"{p}-{k}" for p, k in TAKT])
def test_varje_lagesrapport_med_takt_mot_planen(bedomt, nyckel, vantat):
    period_id, kon = nyckel
    i = _indikator(bedomt[period_id], "volym", "forbundet", "deltagarvolym", kon)
    assert (i.malniva, i.varde, i.status, i.takt) == vantat
    if i.takt == "planen_nadd":
        assert "är nådd" in i.motivering
    else:
        assert "borde ha kommit till" in i.motivering
        assert ("Projektet ligger i takt med planen." if i.takt == "i_takt" else "Projektet ligger efter takten.") \
            in i.motivering


def test_forra_perioden_ar_forra_lagesrapporten(bedomt):
    i = _indikator(bedomt["lr4"], "volym", "forbundet", "deltagarvolym", "alla")
    assert i.varde_forra_aret == 12  # LR3
    assert _indikator(bedomt["lr1"], "volym", "forbundet", "deltagarvolym", "alla").varde_forra_aret is None


def test_projektperioden_mot_planen(bedomt):
    pp = bedomt["projektperioden"]
    # Volym: 22 unika deltagare mot planen 24 (8,3 % under: grönt); kvinnor 13 mot 12; män 9 mot 12 (25 %: rött).
    assert [(_indikator(pp, "volym", "forbundet", "deltagarvolym", k).varde,
             _indikator(pp, "volym", "forbundet", "deltagarvolym", k).status) for k in ("alla", "K", "M")] == [
        (22, Status.GRON), (13, Status.GRON), (9, Status.ROD)]
    # Andel av de avslutade till arbete eller studier, mål 50 % för alla, kvinnor och män:
    # totalt 13 av 20 = 65 %, kvinnor 8 av 12 = 67 %, män 5 av 8 = 62,5 → 63 %.
    andel = [_indikator(pp, "resultat", "forbundet", "arbete_eller_studier", k) for k in ("alla", "K", "M")]
    assert [(i.varde, i.bas, i.status) for i in andel] == [(65, 20, Status.GRON), (67, 12, Status.GRON),
                                                            (63, 8, Status.GRON)]


def test_varje_delprojekt(bedomt):
    pp = bedomt["projektperioden"]
    # Lycksele: 8 av 13 avslutade = 61,5 → 62 %; kvinnor 4 av 7 = 57 %; män 4 av 6 = 67 % (VV-02 en gång, med
    # orsaken arbete från sin sista inskrivning; VV-14 studier).
    ly = [_indikator(pp, "resultat", "lycksele", "arbete_eller_studier", k) for k in ("alla", "K", "M")]
    assert [(i.varde, i.bas, i.status) for i in ly] == [(62, 13, Status.GRON), (57, 7, Status.GRON),
                                                         (67, 6, Status.GRON)]
    # Storuman: 7 av 9 = 77,8 → 78 %; kvinnor 5 av 6 = 83 % (VV-08 från Lycksele, arbete); män 2 av 3 = 67 % men
    # bara 3 avslutade: för få (minst 5).
    st_ = [_indikator(pp, "resultat", "storuman", "arbete_eller_studier", k) for k in ("alla", "K", "M")]
    assert [(i.varde, i.bas, i.status) for i in st_] == [(78, 9, Status.GRON), (83, 6, Status.GRON),
                                                          (67, 3, Status.FOR_FA)]
    # Lägesrapport 5: Lycksele 4 av 8 = 50 % (grönt, på målet); kvinnor 2 av 5 = 40 % (10 under: gult). VV-14 är
    # kvar i Lycksele vid rapportens slut och VV-02:s andra inskrivning har inte börjat.
    lr5 = [_indikator(bedomt["lr5"], "resultat", "lycksele", "arbete_eller_studier", k) for k in ("alla", "K")]
    assert [(i.varde, i.status) for i in lr5] == [(50, Status.GRON), (40, Status.GUL)]


# ---------------------------------------------------------------- projektets total: distinkta deltagare

DELPROJEKT = ["lycksele", "storuman"]


def _tabell(con, period, plattformar=DELPROJEKT) -> dict[str, tuple[int, int, int]]:
    from uppfoljning import fragor

    df = fragor.kor(con, "utfall_tabell", period=period, plattformar=plattformar)
    return {r["matt_id"]: (r["kvinnor"], r["man"], r["totalt"]) for r in df.iter_rows(named=True)}


def _summa(*tabeller) -> dict[str, tuple[int, int, int]]:
    matt = {m for t in tabeller for m in t}
    return {m: tuple(sum(t.get(m, (0, 0, 0))[i] for t in tabeller) for i in range(3)) for m in matt}


def test_projektets_total_ar_distinkta_deltagare(esf_databas, tmp_path):
    """Projektets total räknad för hand ur deltagarraderna: varje person en gång. VV-14 och VV-08 är i båda
    delprojekten och VV-02 har två inskrivningar i Lycksele, så summan av delprojekten är större än totalen."""
    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    with skriv(kopia) as con:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk  # synkar perioderna, som appen
        pp = ram.period("projektperioden")
        total, ly, st_ = _tabell(con, pp), _tabell(con, pp, ["lycksele"]), _tabell(con, pp, ["storuman"])
        summa = _summa(ly, st_)
        # Projektperioden: 22 personer (kvinnor 01, 03, 05, 06, 08, 10, 12, 13, 15, 17, 19, 20, 22; män 02, 04, 07,
        # 09, 11, 14, 16, 18, 21), alla nya; inte avslutade 19 (K) och 21 (M).
        assert total["deltagare"] == (13, 9, 22) and summa["deltagare"] == (14, 10, 24)
        assert total["nya"] == (13, 9, 22) and summa["nya"] == (14, 10, 24)
        assert total["kvar"] == (1, 1, 2) and summa["kvar"] == (1, 1, 2)
        assert total["avslutade"] == (12, 8, 20) and summa["avslutade"] == (13, 9, 22)
        # Orsaken från den sist avslutade inskrivningen: VV-02 arbete (2022-06-10, inte studier 2020), VV-14
        # studier (Lycksele 2022-04-29, inte arbete i Storuman 2022-02-28).
        # Arbete: K 01, 08, 10, 13, 17, 20; M 02, 04. Studier: K 06, 22; M 11, 14, 16.
        # Arbetssökande: K 05, 15; M 09. Avbrott: K 03, 12; M 07, 18.
        assert total["arbete"] == (6, 2, 8)
        assert total["studier"] == (2, 3, 5)
        assert total["arbetssokande"] == (2, 1, 3)
        assert total["avbrott"] == (2, 2, 4)
        assert total["arbete_eller_studier"] == (8, 5, 13) and summa["arbete_eller_studier"] == (9, 6, 15)

        # Lägesrapport 5 (t.o.m. 2022-02-28): VV-14 avslutas i Storuman på rapportens sista dag men är kvar i
        # Lycksele: avslutad i Storuman, kvar i Lycksele och kvar i projektet (har inte lämnat det).
        lr5 = ram.period("lr5")
        total, ly, st_ = _tabell(con, lr5), _tabell(con, lr5, ["lycksele"]), _tabell(con, lr5, ["storuman"])
        # 19 personer (inte 20, 21, 22 och inte VV-02:s andra inskrivning, som börjar 2022-03-14).
        assert total["deltagare"] == (11, 8, 19) and _summa(ly, st_)["deltagare"] == (12, 9, 21)
        # Kvar vid 2022-02-28: 14 (Lycksele), 16, 17, 18, 19.
        assert total["kvar"] == (2, 3, 5) and st_["kvar"] == (2, 0, 2) and ly["kvar"] == (0, 3, 3)
        assert total["avslutade"] == (9, 5, 14) and st_["avslutade"] == (5, 3, 8) and ly["avslutade"] == (5, 3, 8)

        # Kalenderåret 2022: VV-02 skrevs in på nytt men är inte ny (första inskrivningen 2019). Nya: 19, 20, 22
        # (K) och 21 (M). Deltagare: K 12, 17, 19, 20, 22; M 02, 14, 16, 18, 21.
        total = _tabell(con, 2022)
        assert total["nya"] == (3, 1, 4)
        assert total["deltagare"] == (5, 5, 10)
        assert _tabell(con, 2022, ["lycksele"])["nya"] == (2, 0, 2)  # 20, 22; VV-02 var i Lycksele redan 2019


def _app(esf_databas, tmp_path, monkeypatch, sida: str, ar: str | None) -> AppTest:
    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    monkeypatch.setenv("UPPFOLJNING_DB", str(kopia))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    if ar:
        at.query_params["ar"] = ar
    at.run()
    if sida != "pages/maluppfyllelse.py":
        at.switch_page(sida).run()
    assert not at.exception, at.exception
    return at


def test_maluppfyllelse_visar_lagesrapporten_med_namn(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/maluppfyllelse.py", "lr4")
    valjare = at.selectbox(key="url_ar")
    assert valjare.label == "Period"
    assert valjare.options[:3] == ["Projektperioden sep 2019 – aug 2022", "Lägesrapport 6", "Lägesrapport 5"]
    assert valjare.value == perioder.heltal("lr4") and str(valjare.value) == "Lägesrapport 4"
    assert at.header[0].value.startswith("Lägesrapport 4: ")
    assert at.query_params["ar"] == "lr4"


def test_utfall_for_projektperioden_och_ett_delprojekt(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/utfall.py", "projektperioden")
    assert any(s.value.endswith("Projektperioden sep 2019 – aug 2022") for s in at.header)
    tabell = at.table[0].value if at.table else at.dataframe[0].value
    # Projektets total är distinkta deltagare (22, inte delprojektens 13 + 10), och sidan säger varför.
    assert tabell.loc["Deltagare under perioden", "Totalt"] == "22"
    assert tabell.loc["Till arbete eller studier", "Totalt"] == "13"
    text = " ".join(c.value for c in at.caption)
    assert "Projektet totalt är distinkta deltagare; en person i två delprojekt räknas en gång" in text
    assert "summerar" not in text


def test_mal_visar_forra_lagesrapporten_som_jamforelse(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/mal.py", "lr4")
    kolumner = [c for t in at.table for c in t.value.columns]
    assert "Utfall Lägesrapport 3" in kolumner and "Utfall Lägesrapport 4" in kolumner
    assert not any(k.startswith("Utfall ") and k.split()[-1].isdigit() and int(k.split()[-1]) > 9999 for k in kolumner)


def test_statusen_sager_takten(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/mal.py", "lr4")
    at.selectbox(key="url_mal").set_value("volym").run()
    status = [v for t in at.table if "Status" in t.value.columns for v in t.value["Status"]]
    # LR4: totalt 16 mot takten 16 och kvinnor 9 mot 8 (i takt), män 7 mot 8 (12,5 % under: gult, efter takten).
    assert status == ["✔ Uppfyllt – i takt", "✔ Uppfyllt – i takt", "◐ Delvis uppfyllt – efter takten"]


def test_over_tid_visar_lagesrapporterna_i_ordning(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/over_tid.py", None)
    at.selectbox(key="url_indikator").set_value("deltagarvolym").run()
    at.selectbox(key="url_perioder").set_value("lagesrapport").run()
    assert not at.exception
    tabell = at.table[0].value
    # Lägesrapporterna från projektstart i ordning, med takten som målnivå (se modulens docstring).
    assert list(tabell.index) == [f"Lägesrapport {n}" for n in range(1, 7)]
    assert list(tabell["Alla"]) == ["3 st", "7 st", "12 st", "16 st", "19 st", "22 st"]
    assert list(tabell["Kvinnor"]) == ["2 st", "4 st", "7 st", "9 st", "11 st", "13 st"]
    assert list(tabell["Målnivå"]) == ["4 st", "8 st", "12 st", "16 st", "20 st", "24 st"]
    # Kalenderåren för sig: aldrig en lägesrapport bredvid ett år.
    at.selectbox(key="url_perioder").set_value("ar").run()
    assert not at.exception
    assert not any("Lägesrapport" in str(i) for t in at.table for i in t.value.index)


def test_lasaren_ser_sma_tal_skyddade_ocksa_i_en_lagesrapport(esf_databas, tmp_path, monkeypatch):
    from uppfoljning.behorighet import Anvandare

    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    monkeypatch.setenv("UPPFOLJNING_DB", str(kopia))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["inloggad"] = Anvandare("test-viewer", "viewer")
    at.run()
    at.switch_page("pages/utfall.py")
    at.query_params.update({"ar": "lr2", "plattform": "storuman"})
    at.run()
    assert not at.exception, at.exception
    text = at.table[0].value.to_string()
    # Storuman t.o.m. lägesrapport 2: 3 deltagare (VV-03, 04, 06; 2 kvinnor, 1 man): under gränsen 5 visas "dold".
    assert "dold" in text and "<5" not in text
    assert not any(c.strip() in ("1", "2", "3") for c in text.split())


def test_motesunderlaget_for_en_lagesrapport(esf_databas, tmp_path):
    from uppfoljning import motesunderlag

    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    with skriv(kopia) as con:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        u = motesunderlag.bygg(con, ram, perioder.heltal("lr4"))
    assert str(u.period) == "Lägesrapport 4" and u.titel.endswith("Lägesrapport 4")
    # Projektets utfallstabell är distinkta deltagare (16 t.o.m. lägesrapport 4) och underlaget säger det.
    projektet = next(d for d in u.utfall if d.scope_id == "forbundet")
    assert projektet.siffror.filter(pl.col("Mått") == "Deltagare under perioden")["Totalt"].item() == 16
    assert "en person i två delprojekt räknas en gång" in u.om_totalen
    assert u.om_totalen in motesunderlag.excel_tabeller(u)["Om underlaget"]["Om underlaget"].to_list()
    assert motesunderlag.filnamn(u, "pdf") == "motesunderlag-lr4.pdf"
    kolumner = [c for t in motesunderlag.excel_tabeller(u).values() for c in t.columns]
    assert "Utfall Lägesrapport 3" in kolumner and "Utfall Lägesrapport 4" in kolumner


def test_sidan_data_med_namngivna_perioder(esf_databas, tmp_path, monkeypatch):
    # Förut: årsfältets standardvärde blev den största perioden, en lägesrapports nummer, och sidan föll.
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/data.py", None)
    assert at.number_input(key="data_period").value == 2022


@pytest.mark.parametrize("sida", ["pages/maluppfyllelse.py", "pages/mal.py", "pages/motesunderlag.py", "pages/utfall.py",
                                  "pages/plattformar.py", "pages/kommuner.py", "pages/kvinnor_och_man.py",
                                  "pages/over_tid.py", "pages/ekonomi.py", "pages/data.py"])
def test_varje_sida_tar_en_lagesrapport(esf_databas, tmp_path, monkeypatch, sida):
    at = _app(esf_databas, tmp_path, monkeypatch, sida, "lr4")
    assert not at.exception
    text = " ".join(str(e.value) for e in [*at.header, *at.caption, *at.markdown, *at.info])
    # Ett periodnummer (från 10 000 000) visas aldrig i stället för periodens namn.
    assert str(perioder.heltal("lr4")) not in text


# ---------------------------------------------------------------- organisationens ord (issue 16)

FORBUNDETS_ORD = ("Samordningsförbund", "Förbundet totalt", "förbundet totalt", "Plattform", "plattform", "Styrelse",
                  "styrelse")


def _texter(at: AppTest) -> list[str]:
    texter = [e.value for typ in ("title", "subheader", "header", "caption", "markdown", "info") for e in at.get(typ)]
    texter += [str(o) for s in at.selectbox for o in [s.label, *s.options]]
    texter += [str(o) for s in at.selectbox for o in [s.label, *s.options]]
    texter += [str(s.label) for s in at.multiselect]
    texter += [t.value.to_string() for t in at.table]
    return texter


@pytest.mark.parametrize("sida", ["pages/maluppfyllelse.py", "pages/utfall.py", "pages/plattformar.py",
                                  "pages/mal.py", "pages/motesunderlag.py", "pages/kommuner.py",
                                  "pages/kvinnor_och_man.py", "pages/over_tid.py", "pages/ekonomi.py",
                                  "pages/data.py", "pages/malramverk.py", "pages/referensdata.py"])
def test_projektets_ord_inte_forbundets(esf_databas, tmp_path, monkeypatch, sida):
    """goals.yaml `ord: {slag: esf_projekt}`: delprojekt och Projektet totalt, aldrig ett förbunds ord."""
    at = _app(esf_databas, tmp_path, monkeypatch, sida, "projektperioden")
    # Filformatets kolumnnamn (`plattform_id`) är filens, inte sidans ord; vilket organ som antog målramverket
    # (styrelsen eller styrgruppen) är ett val bland båda.
    valen = {str(o) for s in at.selectbox if s.label == "Beslutat av" for o in s.options}
    texter = [re.sub(r"`[^`]*`", "", t) for t in _texter(at) if t not in valen]
    for ord_ in FORBUNDETS_ORD:
        traffar = [t for t in texter if ord_ in t]
        assert not traffar, f"{ord_!r} på {sida}: {traffar[:3]}"
    if sida == "pages/maluppfyllelse.py":
        assert at.title[0].value == "Projektets samlade måluppfyllelse"
    if sida == "pages/utfall.py":
        assert "Projektet totalt" in at.selectbox(key="url_plattform").options
        assert at.selectbox(key="url_plattform").label == "Delprojekt"
    if sida == "pages/plattformar.py":
        assert at.title[0].value == "Jämförelse av delprojekt"


def test_motesunderlaget_har_projektets_rubrik(esf_databas):
    from uppfoljning import motesunderlag

    ram = malramverk.las(ESF / "goals.yaml")
    with las(esf_databas) as con:
        u = motesunderlag.bygg(con, ram, perioder.heltal("projektperioden"))
    assert u.samlad_rubrik == "Projektets samlade måluppfyllelse"
    assert "Förbundet totalt" not in u.matris.to_pandas().to_string()


def test_sidan_data_laser_in_for_en_namngiven_period(esf_databas, tmp_path, monkeypatch):
    """Formuläret på sidan Data tar en period ur målramverket (Lägesrapport 4), inte bara ett årtal: en
    sammanställd utfallstabell för ett delprojekt lagras med lägesrapportens period."""
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/data.py", None)
    val = at.selectbox(key="data_namngiven_period")
    assert "Lägesrapport 4" in [str(o) for o in val.options]
    at.selectbox(key="data_datamangd").set_value("utfall_tabell")
    val.set_value(perioder.heltal("lr4"))
    at.selectbox(key="data_plattform").set_value("storuman").run()
    tabell = "Mått;Kvinnor;Män;Totalt\nDeltagare under perioden;3;2;5\n"
    at.file_uploader(key="data_fil").set_value(("storuman_lr4.csv", tabell.encode(), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="data_spara").click().run()
    assert any(s.value.startswith("Sparat som inläsning") for s in at.success)
    with las(os.environ["UPPFOLJNING_DB"]) as con:
        rader = con.execute("SELECT period, plattform_id, kon, antal FROM utfall ORDER BY kon").fetchall()
    assert rader == [(perioder.heltal("lr4"), "storuman", "K", 3), (perioder.heltal("lr4"), "storuman", "M", 2)]


# ---------------------------------------------------------------- kommunerna: distinkta deltagare


def _kommuner(con, period) -> dict[tuple[str, str], tuple[int, int, int]]:
    from uppfoljning import fragor

    df = fragor.kor(con, "kommuner_jamforelse", period=period, plattformar=DELPROJEKT, kommun=None)
    return {(r["enhet_id"], r["matt_id"]): (r["kvinnor"], r["man"], r["totalt"]) for r in df.iter_rows(named=True)}


def test_kommunen_ar_distinkta_deltagare(esf_databas, tmp_path):
    """VV-08 bor i Lycksele och är med i båda delprojekten: Lycksele 2020-09-01 – 2021-08-31 (arbete) och
    Storuman 2021-01-18 – 2021-05-28 (arbete), båda med kommunen Lycksele. Kommunen Lycksele räknar henne en gång,
    som projektets total, fast summan av delprojektens deltagare i Lycksele räknar henne två gånger."""
    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    with skriv(kopia) as con:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        pp = _kommuner(con, ram.period("projektperioden"))
        # Lycksele: delprojektet Lycksele har kvinnor 01, 05, 08, 12, 15, 20, 22 och män 02, 07, 11, 14, 16, 18,
        # alla avslutade senast 2022-08-31 och alla nya; VV-08 i Storuman tillför ingen ny person.
        assert pp[("lycksele", "deltagare")] == (7, 6, 13)
        assert pp[("lycksele", "nya")] == (7, 6, 13)
        assert pp[("lycksele", "avslutade")] == (7, 6, 13)
        # Arbete: kvinnor 01, 08, 20; män 02 (sista inskrivningen). VV-08 en gång (orsaken från Lycksele, som
        # slutade sist; arbete i båda).
        assert pp[("lycksele", "arbete")] == (3, 1, 4)
        assert pp[("lycksele", "arbete_eller_studier")] == (4, 4, 8)
        # Storuman: kvinnor 03, 06, 10, 13, 17, 19; män 04, 09, 14, 21 (VV-08 räknas i Lycksele).
        assert pp[("storuman", "deltagare")] == (6, 4, 10)
        # Lägesrapport 4 (t.o.m. 2021-08-31): VV-08 avslutad i Storuman 2021-05-28 och i Lycksele 2021-08-31,
        # alltså avslutad i kommunen, en gång.
        # Kvinnor 01, 05, 08, 12, 15; män 02, 07, 11, 16 (VV-14 börjar i Lycksele först 2021-11-01). Kvar vid
        # rapportens slut: 12, 15 och 16.
        lr4 = _kommuner(con, ram.period("lr4"))
        assert lr4[("lycksele", "deltagare")] == (5, 4, 9)
        assert lr4[("lycksele", "kvar")] == (2, 1, 3)
        assert lr4[("lycksele", "avslutade")] == (3, 3, 6)


# ---------------------------------------------------------------- en deltagare med två kön i två filer


def _storuman_med_vv14_som_kvinna() -> bytes:
    rader = (ESF / "datasets" / "deltagare.csv").read_text(encoding="utf-8").splitlines()
    storuman = [r for r in rader[1:] if r.split(";")[1] == "storuman"]
    return "\n".join([rader[0], *(r.replace(";M;", ";K;") if r.startswith("VV-14;") else r
                                  for r in storuman)]).encode() + b"\n"


@pytest.fixture
def motsagd_databas(esf_databas, tmp_path) -> Path:
    """ESF-exemplet där delprojekt Storumans fil lästs in på nytt med VV-14 som kvinna; i Lycksele är VV-14 man.
    Varje fil är hel för sig (VV-14 har ett kön i varje), så båda går igenom inläsningen."""
    from uppfoljning import uppladdning

    kopia = ny_databas(tmp_path / "esf.duckdb", fran=esf_databas)
    with skriv(kopia) as con:
        forb = uppladdning.forbered(con, _storuman_med_vv14_som_kvinna(), "storuman.csv", "deltagare")
        uppladdning.spara(con, forb, "test", ersatt=True)
    return kopia


def test_motsagelsefull_deltagare_flaggas_dar_siffran_visas(motsagd_databas):
    """VV-14 räknas under ett kön (det på den senast påbörjade inskrivningen), så antalen per kön i båda
    delprojekten och i projektet kan vara fel: datakvalitetsfynden säger det för varje enhet där VV-14 räknas
    perioden, och inte där VV-14 inte finns (lägesrapport 2, före VV-14:s första inskrivning)."""
    from uppfoljning import fragor

    with skriv(motsagd_databas) as con:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        fynd = fragor.kor(con, "datakvalitet_utfall", period=ram.period("projektperioden"), plattformar=DELPROJEKT,
                          forbund=True)
        deltagare = fynd.filter(pl.col("matt_id") == "deltagare")
        assert sorted(deltagare["enhet_id"].to_list()) == ["forbundet", "lycksele", "storuman"]
        texter = deltagare["beskrivning"].to_list()
        assert all(t.startswith("1 deltagare har olika kön på olika rader") for t in texter), texter
        assert all("kan vara fel" in t for t in texter)
        assert deltagare["kallans_varde"].to_list() == [1, 1, 1]
        # Lägesrapport 5 (t.o.m. 2022-02-28): VV-14 i båda. Lägesrapport 2: ingen flagga.
        lr5 = fragor.kor(con, "datakvalitet_utfall", period=ram.period("lr5"), plattformar=["storuman"],
                         forbund=False)
        assert lr5.filter(pl.col("matt_id") == "deltagare")["enhet_id"].to_list() == ["storuman"]
        lr2 = fragor.kor(con, "datakvalitet_utfall", period=ram.period("lr2"), plattformar=DELPROJEKT, forbund=True)
        assert lr2.filter(pl.col("matt_id") == "deltagare").height == 0


def test_motsagelsefull_deltagare_syns_pa_sidan_utfall(motsagd_databas, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_DB", str(motsagd_databas))
    monkeypatch.setenv("UPPFOLJNING_MAL", str(ESF / "goals.yaml"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["ar"] = "2021"
    at.run()
    at.switch_page("pages/utfall.py").run()
    assert not at.exception, at.exception
    text = " ".join(str(m.value) for m in at.markdown) + " ".join(str(w.value) for w in at.warning)
    assert "olika kön på olika rader" in text
    tabell = at.table[0].value
    assert any("⚠" in str(v) and "Deltagare" in str(v) for v in tabell.index.to_list()), tabell


def test_sidan_kommuner_sager_att_kommunen_ar_distinkta_deltagare(esf_databas, tmp_path, monkeypatch):
    at = _app(esf_databas, tmp_path, monkeypatch, "pages/kommuner.py", "projektperioden")
    text = " ".join(str(c.value) for c in at.caption)
    assert ("en person i två delprojekt i samma kommun räknas en gång, så summan av delprojekten i kommunen kan vara "
            "större än kommunens siffra") in text, text
    assert "En kommuns utfall är summan av" not in text


def test_motsagelsefull_deltagare_markeras_i_matrisen(motsagd_databas):
    """Målet volym (deltagare per kön) räknas ur antal där VV-14 kan stå under fel kön: matrisens cell för projektet
    och för båda delprojekten säger det, som när utfallen är ofullständiga."""
    from uppfoljning import fragor, fullstandighet, ord

    with skriv(motsagd_databas) as con:
        ram = malramverk.las_med_reserv(con, ESF / "goals.yaml").ramverk
        pp = ram.period("projektperioden")
        resultat = bedomning.bedom(con, ram, pp)
        df = fragor.kor(con, "fullstandighet", period=pp)
    markeringar = fullstandighet.markeringar(resultat, df, ord.STANDARD, "Projektperioden")
    volym = markeringar[("volym", "forbundet")]
    assert volym.startswith("⚠ Deltagare med olika kön på olika rader räknas under ett av dem"), volym
    assert "antalen per kön kan vara fel" in markeringar[("resultat", "storuman")]
    assert not any(c.isdigit() for c in volym.removesuffix("Projektperioden.")), "inget antal personer för läsare"
