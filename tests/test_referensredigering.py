"""Referensdata redigerad i appen (uppfoljning/referensredigering.py): en ny enhet, en ny mappning av ett okänt
namn (och uppladdningen går sedan igenom, med alla tidigare inläsningar kvar), avveckling med historiken kvar, och
en korpus av dåliga ändringar som var och en vägras med ett svenskt fel som namnger fältet utan att något ändras."""

from __future__ import annotations

import re

import pytest

from uppfoljning import installningar, malramverk, uppladdning
from uppfoljning import ramverksredigering as rr
from uppfoljning import referensredigering as ref
from uppfoljning.fel import InlasningsFel

from .conftest import skriv
from .test_ramverksredigering import kontrollsumma

ANNA = "anna"
EXEMPEL = installningar.DATASETS / "examples"


@pytest.fixture
def db(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        malramverk.las_med_reserv(con, installningar.MALRAMVERK)
        yield con


def _las_in(con, text: str, datamangd: str, period: int = 2020, plattform: str | None = None) -> int:
    forb = uppladdning.forbered(con, text.encode("utf-8"), "fil.csv", datamangd, period, plattform)
    return uppladdning.spara(con, forb, ANNA, ersatt=forb.ersatter_data)


def _utfall_med_okand_rad(rubrik: str) -> str:
    return (EXEMPEL / "utfall_tabell.csv").read_text(encoding="utf-8").replace("Antal deltagare hela året", rubrik)


def test_ny_enhet_far_data_och_ett_mal(db):
    ref.lagg_till_kommun(db, ANNA, "hortlax", "Hortlax")
    ref.lagg_till_enhet(db, ANNA, "hortlax_team", "Samordningsteamet i Hortlax", "Hortlax", "hortlax",
                        "samordningsteam")
    assert db.execute("SELECT beskrivning FROM handelse WHERE typ = 'referensdata'").fetchall() == [
        ("Kommun tillagd: Hortlax",), ("Enhet tillagd: Samordningsteamet i Hortlax",)]
    inlasningar = db.execute("SELECT count(*) FROM kalla WHERE aktiv").fetchall()[0][0]
    _las_in(db, (EXEMPEL / "utfall_tabell.csv").read_text(encoding="utf-8"), "utfall_tabell", 2020, "Hortlax")
    assert db.execute("SELECT sum(antal) FROM utfall WHERE plattform_id = 'hortlax_team' AND matt_id = "
                      "'deltagare'").fetchall()[0][0] == 78
    assert db.execute("SELECT count(*) FROM kalla WHERE aktiv").fetchall()[0][0] == inlasningar + 1
    u = rr.utkast(malramverk.senast_sparade(db)[0])
    u = rr.satt_mal(u, "hortlax", titel="Hortlax når resultat", kort_titel=None,
                    omfattning=["hortlax_team"], indikatorer=["positiv_losning"], nytt=True)
    rr.spara(db, rr.till_text(u), ANNA, "nytt team")


def test_okant_kategorinamn_mappas_och_filen_gar_igenom(db):
    text = _utfall_med_okand_rad("Deltagare totalt (SUS)")
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.forbered(db, text.encode(), "fil.csv", "utfall_tabell", 2020, "vannas")
    assert ref.okanda(fel.value) == [("utfallsmatt", "Deltagare totalt (SUS)")]
    assert "Referensdata" in str(fel.value) and "kategorimappning.csv" not in str(fel.value)
    assert ref.forslag(db, "utfallsmatt", "Deltagare totalt (SUS)")[0][0] == "deltagare"
    fore = db.execute("SELECT count(*) FROM kalla").fetchall()[0][0]
    ref.lagg_till_kategorinamn(db, ANNA, "Deltagare totalt (SUS)", "deltagare")
    _las_in(db, text, "utfall_tabell", 2020, "vannas")
    assert db.execute("SELECT count(*) FROM kalla").fetchall()[0][0] == fore + 1


def test_okant_enhetsnamn_mappas_och_filen_gar_igenom(db):
    text = (EXEMPEL / "deltagare.csv").read_text(encoding="utf-8").replace(";Vännäs;Vännäs;", ";ST Vännäs;Vännäs;")
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.forbered(db, text.encode(), "fil.csv", "deltagare", 2020)
    assert ref.okanda(fel.value) == [("plattform", "ST Vännäs")]
    assert ref.forslag(db, "plattform", "ST Vännäs")[0][0] == "vannas"
    ref.lagg_till_enhetsnamn(db, ANNA, "ST Vännäs", "vannas")
    _las_in(db, text, "deltagare")
    assert db.execute("SELECT count(*) FROM deltagare WHERE plattform_id = 'vannas'").fetchall()[0][0] > 0


def test_nytt_namn_och_avveckling_behaller_historiken(db):
    fore = db.execute("SELECT count(*) FROM utfall WHERE plattform_id = 'vindeln'").fetchall()[0][0]
    assert fore > 0
    ref.byt_namn_enhet(db, ANNA, "vindeln", "Samverkansteamet i Vindeln", "Vindeln")
    # Det gamla namnet läses fortfarande som enheten.
    assert ("Samordningsteamet i Vindeln", "vindeln") in ref.enhetsnamn(db)
    # Målramverket bedömer Vindeln: avvecklingen vägras tills målen inte längre gör det.
    with pytest.raises(ref.ReferensFel, match="Samverkansteamet i Vindeln kan inte avvecklas: målramverket bedömer"):
        ref.avveckla(db, ANNA, "plattform", "vindeln")
    u = rr.utkast(malramverk.senast_sparade(db)[0])
    for m in u["mal"]:
        m["omfattning"] = [o for o in m["omfattning"] if o != "vindeln"] or ["forbundet"]
    rr.spara(db, rr.till_text(u), ANNA, "Vindeln läggs ner")
    ref.avveckla(db, ANNA, "plattform", "vindeln")
    assert db.execute("SELECT count(*) FROM utfall WHERE plattform_id = 'vindeln'").fetchall()[0][0] == fore
    with pytest.raises(InlasningsFel, match="avvecklad"):
        uppladdning.forbered(db, (EXEMPEL / "utfall_tabell.csv").read_bytes(), "fil.csv", "utfall_tabell", 2021,
                             "vindeln")
    ref.ateraktivera(db, ANNA, "plattform", "vindeln")
    uppladdning.forbered(db, (EXEMPEL / "utfall_tabell.csv").read_bytes(), "fil.csv", "utfall_tabell", 2021,
                         "vindeln")


# (namn, ändring, ord som felet ska innehålla)
DALIGA = [
    ("dubbelt enhets-id", lambda c: ref.lagg_till_enhet(c, ANNA, "vannas", "Nytt team"), ["Id", "används redan"]),
    ("dubbelt enhetsnamn", lambda c: ref.lagg_till_enhet(c, ANNA, "nytt", "Samordningsteamet i Vännäs"),
     ["Namn", "används redan"]),
    ("kortnamn som en annan enhet har", lambda c: ref.lagg_till_enhet(c, ANNA, "nytt", "Nytt team", "Vännäs"),
     ["Kortnamn", "används redan"]),
    ("okänd kommun", lambda c: ref.lagg_till_enhet(c, ANNA, "nytt", "Nytt team", None, "atlantis"),
     ["Kommun", "atlantis", "finns inte"]),
    ("ogiltigt id", lambda c: ref.lagg_till_enhet(c, ANNA, "Nytt Team!", "Nytt team"), ["Id", "små bokstäver"]),
    ("tomt namn", lambda c: ref.lagg_till_enhet(c, ANNA, "nytt", "  "), ["Namn", "tomt"]),
    ("avveckla en enhet som ett mål använder", lambda c: ref.avveckla(c, ANNA, "plattform", "vannas"),
     ["Samordningsteamet i Vännäs", "kan inte avvecklas", "Målramverk"]),
    ("ta bort en enhet som har data", lambda c: ref.ta_bort(c, ANNA, "plattform", "vannas"),
     ["Samordningsteamet i Vännäs", "har data (utfall, enkätresultat", "avveckla"]),
    ("ta bort en kommun som har data", lambda c: ref.ta_bort(c, ANNA, "kommun", "umea"), ["Umeå", "har data"]),
    ("ta bort en kategori som har data", lambda c: ref.ta_bort(c, ANNA, "utfallsmatt", "arbete"),
     ["varav till arbete", "har data"]),
    ("avveckla en kategori som en indikator räknar", lambda c: ref.avveckla(c, ANNA, "utfallsmatt", "arbete"),
     ["varav till arbete", "kan inte avvecklas", "indikator"]),
    ("nytt namn som en annan enhet har", lambda c: ref.byt_namn_enhet(c, ANNA, "vannas", "Vuxentorget i Umeå"),
     ["Nytt namn", "används redan"]),
    ("dubbel kommun", lambda c: ref.lagg_till_kommun(c, ANNA, "umea2", "Umeå"), ["Namn", "Umeå"]),
    ("dubbel kategori", lambda c: ref.lagg_till_kategori(c, ANNA, "arbete", "Arbete igen", "avslut"),
     ["Id", "används redan"]),
    ("kategori i en summa som inte är en summa",
     lambda c: ref.lagg_till_kategori(c, ANNA, "eget_foretag", "Eget företag", "avslut", ingar_i="arbete"),
     ["Ingår i", "ingen summa"]),
    ("mappning som redan finns", lambda c: ref.lagg_till_kategorinamn(c, ANNA, "Antal deltagare", "nya"),
     ["Namn i filen", "läses redan"]),
    ("enhetsnamn som en enhet redan har", lambda c: ref.lagg_till_enhetsnamn(c, ANNA, "Vindeln", "vannas"),
     ["Namn i filen", "används redan"]),
    ("återaktivera en enhet som inte är avvecklad", lambda c: ref.ateraktivera(c, ANNA, "plattform", "vannas"),
     ["Samordningsteamet i Vännäs", "inte avvecklad"]),
    ("kategori med okänd typ", lambda c: ref.lagg_till_kategori(c, ANNA, "ny", "Ny kategori", "procent"),
     ["Typ", "en avslutsorsak"]),
    ("ta bort ett enhetsnamn som inte finns", lambda c: ref.ta_bort_enhetsnamn(c, ANNA, "ST Okänd"),
     ["Namn i filen", "finns inte"]),
    ("dubbel remitterande part", lambda c: ref.lagg_till_part(c, ANNA, "af", "arbetsförmedlingen"),
     ["Namn", "Arbetsförmedlingen", "finns redan"]),
    ("ta bort en remitterande part som har data", lambda c: ref.ta_bort(c, ANNA, "remitterande_part", "regionen"),
     ["Regionen", "har data", "aktualiseringar"]),
    ("mappning till okänd kategori", lambda c: ref.lagg_till_kategorinamn(c, ANNA, "Eget företag", "foretag"),
     ["Kategori", "foretag", "finns inte"]),
    ("dubbelt id för respondentgrupp", lambda c: ref.lagg_till_respondentgrupp(c, ANNA, "chefer", "Ledning"),
     ["Id", "används redan", "Chefer"]),
    ("dubbelt namn för respondentgrupp", lambda c: ref.lagg_till_respondentgrupp(c, ANNA, "ledning", "chefer"),
     ["Namn", "Chefer", "finns redan"]),
    ("ogiltigt id för respondentgrupp", lambda c: ref.lagg_till_respondentgrupp(c, ANNA, "Led ning", "Ledning"),
     ["Id", "små bokstäver"]),
    ("tomt namn för respondentgrupp", lambda c: ref.lagg_till_respondentgrupp(c, ANNA, "ledning", " "),
     ["Namn", "tomt"]),
    ("frågor från okänd respondentgrupp",
     lambda c: ref.lagg_till_respondentgrupp(c, ANNA, "ledning", "Ledning", "styrelsen"),
     ["Samma frågor som", "styrelsen", "finns inte"]),
    ("respondentgrupp byter till ett namn som finns",
     lambda c: ref.byt_namn_respondentgrupp(c, ANNA, "chefer", "Medarbetare"),
     ["Nytt namn", "Medarbetare", "finns redan"]),
    ("avveckla en respondentgrupp som en indikator räknar",
     lambda c: ref.avveckla(c, ANNA, "respondentgrupp", "chefer"),
     ["Chefer", "kan inte avvecklas", "indikator", "Målramverk"]),
    ("ta bort en respondentgrupp som har data", lambda c: ref.ta_bort(c, ANNA, "respondentgrupp", "deltagare"),
     ["Deltagare", "har data", "enkätresultat", "avveckla"]),
    ("återaktivera en respondentgrupp som inte är avvecklad",
     lambda c: ref.ateraktivera(c, ANNA, "respondentgrupp", "medarbetare"), ["Medarbetare", "inte avvecklad"]),
    ("fråga med ett id som gruppen redan har",
     lambda c: ref.lagg_till_enkatfraga(c, ANNA, "deltagare", "tagit_tillvara", "En fråga", "sexgradig"),
     ["Id", "tagit_tillvara", "Deltagare", "finns redan"]),
    ("fråga med okänd svarstyp",
     lambda c: ref.lagg_till_enkatfraga(c, ANNA, "deltagare", "ny_fraga", "En fråga", "femgradig"),
     ["Svarstyp", "sexgradig", "ja eller nej"]),
    ("fråga utan text", lambda c: ref.lagg_till_enkatfraga(c, ANNA, "deltagare", "ny_fraga", " ", "ja_nej"),
     ["Frågans text", "tomt"]),
    ("fråga för okänd grupp",
     lambda c: ref.lagg_till_enkatfraga(c, ANNA, "styrelsen", "ny_fraga", "En fråga", "ja_nej"),
     ["Respondentgrupp", "styrelsen", "finns inte"]),
    ("ta bort en fråga som en indikator räknar",
     lambda c: ref.ta_bort_enkatfraga(c, ANNA, "deltagare", "tagit_tillvara"),
     ["målramverket", "indikatorn", "Målramverk", "kan inte tas bort"]),
]



@pytest.mark.parametrize("namn,andring,ord_", DALIGA, ids=[d[0] for d in DALIGA])
def test_dalig_andring_vagras_och_inget_andras(db, namn, andring, ord_):
    fore = kontrollsumma(db)
    with pytest.raises(ref.ReferensFel) as fel:
        andring(db)
    for o in ord_:
        assert o in str(fel.value), (namn, str(fel.value))
    assert kontrollsumma(db) == fore, namn
    # Inga interna id:n i felet: bara det användaren själv skrev i fältet får stå kvar.
    skrivet = {a for a in _argument(andring) if isinstance(a, str)}
    for id_ in interna_id(db) - skrivet:
        assert not re.search(rf"(?<![\w]){re.escape(id_)}(?![\w])", str(fel.value)), (namn, id_, str(fel.value))


def interna_id(con) -> set[str]:
    """Referensdatans och målramverkets id:n som inte också är ord i ett namn (vannas, positiv_losning, mal2)."""
    ider = set()
    for tabell, kolumn in (("plattform", "plattform_id"), ("kommun", "kommun_id"), ("utfallsmatt", "matt_id")):
        for id_, namn in con.execute(f"SELECT {kolumn}, namn FROM {tabell}").fetchall():
            # Ett id som också är ett ord i namnet ("kvar" i "Kvar vid periodens slut") är ett vanligt ord.
            if id_.lower() not in namn.lower().split():
                ider.add(id_)
    ram = malramverk.tolka(malramverk.senast_sparade(con)[0], "test")
    return ider | {m.id for m in ram.mal} | set(ram.indikatorer) | {"forbundet"}


def _argument(andring) -> list:
    """Argumenten en ändring i korpusen anropas med (det användaren skrev), ur lambdans kod och konstanter."""
    return list(andring.__code__.co_consts)


def test_ny_kategori_i_summan_raknas(db):
    ref.lagg_till_kategori(db, ANNA, "eget_foretag", "varav eget företag", "avslut", "", "positiv_losning")
    assert db.execute("SELECT count(*) FROM matt_definition WHERE matt_id = 'eget_foretag' AND ingar_i = "
                      "'positiv_losning'").fetchall()[0][0] == 2
    ref.lagg_till_kategorinamn(db, ANNA, "Eget företag", "eget_foretag")
    text = (EXEMPEL / "deltagare.csv").read_text(encoding="utf-8").replace(";Studier", ";Eget företag", 1)
    _las_in(db, text, "deltagare")


def test_remitterande_part_laggs_till_byter_namn_och_tas_bort(db):
    ref.lagg_till_part(db, ANNA, "kriminalvarden", "Kriminalvården")
    assert ("kriminalvarden", "Kriminalvården") in db.execute("SELECT part_id, namn FROM remitterande_part").fetchall()
    ref.byt_namn_part(db, ANNA, "kriminalvarden", "Frivården")
    assert db.execute("SELECT namn FROM remitterande_part WHERE part_id = 'kriminalvarden'").fetchall() == [
        ("Frivården",)]
    ref.ta_bort(db, ANNA, "remitterande_part", "kriminalvarden")
    assert not db.execute("SELECT count(*) FROM remitterande_part WHERE part_id = 'kriminalvarden'").fetchall()[0][0]
    assert [r[0] for r in db.execute("SELECT beskrivning FROM handelse WHERE typ = 'referensdata' ORDER BY 1")
            .fetchall()] == ["Borttagen: den remitterande parten Frivården",
                             "Remitterande part bytt namn: Kriminalvården heter nu Frivården",
                             "Remitterande part tillagd: Kriminalvården"]


def test_respondentgrupp_laggs_till_och_enkaten_tar_den(db):
    """En ny respondentgrupp (med samma frågor som medarbetarna) tar emot enkätsvar och svarsfrekvens; alla
    tidigare inläsningar finns kvar, och ändringen står i händelseloggen."""
    inlasningar = db.execute("SELECT count(*) FROM kalla WHERE aktiv").fetchall()[0][0]
    enkater = db.execute("SELECT count(*) FROM enkat_resultat").fetchall()[0][0]
    ref.lagg_till_respondentgrupp(db, ANNA, "arbetsgivare", "Arbetsgivare", "medarbetare")
    assert db.execute("SELECT namn FROM respondentgrupp WHERE respondentgrupp = 'arbetsgivare'").fetchall() == [
        ("Arbetsgivare",)]
    assert db.execute("SELECT count(*) FROM enkatfraga WHERE respondentgrupp = 'arbetsgivare'").fetchall() == \
        db.execute("SELECT count(*) FROM enkatfraga WHERE respondentgrupp = 'medarbetare'").fetchall()
    frekvens = (EXEMPEL / "enkat_svarsfrekvens.csv").read_text(encoding="utf-8").replace(";medarbetare;",
                                                                                          ";Arbetsgivare;")
    _las_in(db, frekvens, "enkat_svarsfrekvens", 2021)
    fraga = db.execute("SELECT fraga_id FROM enkatfraga WHERE respondentgrupp = 'medarbetare' ORDER BY sortering "
                       "LIMIT 1").fetchall()[0][0]
    andelar = f"År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n" \
              f"2021;Vännäs;arbetsgivare;{fraga};Alla;8;6;\n"
    _las_in(db, andelar, "enkat_andelar", 2021)
    assert db.execute("SELECT antal_svar, antal_positiva FROM enkat_resultat WHERE respondentgrupp = "
                      "'arbetsgivare'").fetchall() == [(8, 6)]
    assert db.execute("SELECT count(*) FROM enkat_svarsfrekvens WHERE respondentgrupp = 'arbetsgivare'"
                      ).fetchall()[0][0] == 1
    assert db.execute("SELECT count(*) FROM kalla WHERE aktiv").fetchall()[0][0] == inlasningar + 2
    assert db.execute("SELECT count(*) FROM enkat_resultat").fetchall()[0][0] == enkater + 1
    ref.byt_namn_respondentgrupp(db, ANNA, "arbetsgivare", "Arbetsgivarna")
    ref.avveckla(db, ANNA, "respondentgrupp", "arbetsgivare")
    # En avvecklad grupp behåller sin historik men tar inte emot nya svar.
    assert db.execute("SELECT count(*) FROM enkat_resultat WHERE respondentgrupp = 'arbetsgivare'").fetchall()[0][0]
    with pytest.raises(InlasningsFel) as fel:
        _las_in(db, andelar.replace("2021;", "2020;"), "enkat_andelar", 2020)
    assert "avvecklad" in str(fel.value) and "Arbetsgivarna" in str(fel.value)
    assert [r[0] for r in db.execute("SELECT beskrivning FROM handelse WHERE typ = 'referensdata' ORDER BY "
                                     "handelse_id").fetchall()] == [
        "Respondentgrupp tillagd: Arbetsgivare", "Respondentgrupp bytt namn: Arbetsgivare heter nu Arbetsgivarna",
        "Avvecklad: respondentgruppen Arbetsgivarna"]


@pytest.mark.parametrize("datamangd,text", [
    ("enkat_svarsfrekvens", "År;Plattform;Respondentgrupp;Antal inbjudna;Antal svar;Svarsfrekvens;Redovisas ej\n"
                            "2021;Vännäs;deltagare;40;12;;Nej\n2021;Vännäs;ledningen;10;5;;Nej\n"),
    ("enkat_andelar", "År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n"
                      "2021;Vännäs;deltagare;tagit_tillvara;Alla;12;10;\n2021;Vännäs;ledningen;tagit_tillvara;Alla;12;10;\n"),
], ids=["svarsfrekvens", "andelar"])
def test_okand_respondentgrupp_ger_svenskt_fel_med_fil_rad_och_kolumn(db, datamangd, text):
    fore = kontrollsumma(db)
    with pytest.raises(InlasningsFel) as fel:
        uppladdning.forbered(db, text.encode(), "enkat.csv", datamangd, 2021)
    meddelande = str(fel.value)
    assert "fil enkat.csv" in meddelande and "rad 3" in meddelande and "kolumn Respondentgrupp" in meddelande, \
        meddelande
    assert "ledningen" in meddelande and "Referensdata" in meddelande and "Deltagare" in meddelande, meddelande
    assert "(respondentgrupp)" not in meddelande and "(enkatfraga)" not in meddelande, meddelande
    assert kontrollsumma(db) == fore


def test_fragan_referens_respondentgrupper(db):
    """En rad per grupp i referensdatans ordning: standarddatan har 4 frågor för deltagarna och medarbetarna och 2
    för cheferna (datasets/referens/enkatfragor.csv); raderna är enkätresultat plus svarsfrekvenser."""
    from uppfoljning import fragor

    df = fragor.kor(db, "referens_respondentgrupper")
    assert df.select("respondentgrupp", "namn", "fragor", "avvecklad").rows() == [
        ("deltagare", "Deltagare", 4, False), ("medarbetare", "Medarbetare", 4, False), ("chefer", "Chefer", 2, False)]
    for grupp, rader in df.select("respondentgrupp", "rader").rows():
        assert rader == db.execute("SELECT (SELECT count(*) FROM enkat_resultat WHERE respondentgrupp = ?) + "
                                   "(SELECT count(*) FROM enkat_svarsfrekvens WHERE respondentgrupp = ?)",
                                   [grupp, grupp]).fetchall()[0][0]


def test_fraga_laggs_till_for_en_ny_grupp_och_tar_emot_svar(db):
    ref.lagg_till_respondentgrupp(db, ANNA, "arbetsgivare", "Arbetsgivare")
    ref.lagg_till_enkatfraga(db, ANNA, "arbetsgivare", "nojd_med_samarbetet", "Är du nöjd med samarbetet?", "ja_nej")
    andelar = ("År;Plattform;Respondentgrupp;Fråga;Kön;Antal svar;Antal positiva;Andel\n"
               "2021;Vännäs;Arbetsgivare;nojd_med_samarbetet;Alla;6;5;\n")
    _las_in(db, andelar, "enkat_andelar", 2021)
    assert db.execute("SELECT antal_positiva FROM enkat_resultat WHERE respondentgrupp = 'arbetsgivare'").fetchall() \
        == [(5,)]
    with pytest.raises(ref.ReferensFel, match="har svar"):
        ref.ta_bort_enkatfraga(db, ANNA, "arbetsgivare", "nojd_med_samarbetet")
    ref.lagg_till_enkatfraga(db, ANNA, "arbetsgivare", "rekommendera", "Skulle du rekommendera oss?", "sexgradig")
    ref.ta_bort_enkatfraga(db, ANNA, "arbetsgivare", "rekommendera")
    assert [r[0] for r in db.execute("SELECT beskrivning FROM handelse WHERE typ = 'referensdata' ORDER BY "
                                     "handelse_id").fetchall()][1:] == [
        "Enkätfråga tillagd för Arbetsgivare: Är du nöjd med samarbetet?",
        "Enkätfråga tillagd för Arbetsgivare: Skulle du rekommendera oss?",
        "Enkätfråga borttagen för Arbetsgivare: Skulle du rekommendera oss?"]
