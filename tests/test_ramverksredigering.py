"""Målramverket redigerat i appen (uppfoljning/ramverksredigering.py): versioner med vem, när och varför,
skillnaden i klar svenska, återställning, antagande, import, och en korpus av dåliga redigeringar som var och en
vägras med ett svenskt fel som namnger fältet, utan att något i databasen ändras."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from uppfoljning import installningar, malramverk
from uppfoljning import ramverksredigering as rr

from .conftest import skriv

ANNA = "anna"


@pytest.fixture
def db(skrivbar_databas):
    with skriv(skrivbar_databas) as con:
        # Som vid appens första start: goals.yaml läses och sparas som version 1.
        malramverk.las_med_reserv(con, installningar.MALRAMVERK)
        yield con


def kontrollsumma(con) -> dict[str, str]:
    """En kontrollsumma per tabell över alla rader: före och efter ett vägrat försök ska vara lika."""
    tabeller = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                          "ORDER BY 1").fetchall()]
    return {t: hashlib.sha256(repr(con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall()).encode())
            .hexdigest() for t in tabeller}


def gallande(con) -> malramverk.Malramverk:
    return malramverk.las_med_reserv(con, installningar.MALRAMVERK).ramverk


def standardutkast() -> dict:
    return rr.utkast(installningar.MALRAMVERK.read_text(encoding="utf-8"))


def test_ny_version_galler_med_vem_nar_varfor_och_handelse(db):
    u = rr.satt_malnivaer(standardutkast(), "positiv_losning", [{"period": 2020, "alla": "85"}])
    version = rr.spara(db, rr.till_text(u), ANNA, "styrelsens beslut 2021-03-12 § 7")
    inlast = malramverk.las_med_reserv(db, installningar.MALRAMVERK)
    assert inlast.version == version and inlast.fel is None
    assert inlast.ramverk.indikatorer["positiv_losning"].malniva == {2020: 85}
    senaste = rr.versioner(db)[0]
    assert (senaste.version, senaste.sparad_av, senaste.kommentar, senaste.ursprung) == (
        version, ANNA, "styrelsens beslut 2021-03-12 § 7", "redigerad")
    handelser = db.execute("SELECT anvandare, typ, beskrivning FROM handelse WHERE typ = 'målramverk'").fetchall()
    assert handelser == [(ANNA, "målramverk", f"Målramverket version {version} sparad (redigerad i appen): "
                                               "styrelsens beslut 2021-03-12 § 7")]


def test_skillnad_i_klar_svenska(db):
    fore = gallande(db)
    u = rr.satt_malnivaer(standardutkast(), "positiv_losning", [{"period": 2020, "alla": "85"}])
    u = rr.satt_toleranser(u, [{"namn": n, "gron": t["gron"] if n != "enkat" else 4, "gul": t["gul"]}
                               for n, t in u["toleranser"].items()])
    mal = next(m for m in u["mal"] if m["id"] == u["mal"][0]["id"])
    u = rr.satt_mal(u, mal["id"], titel=mal["titel"] + " (reviderat)", kort_titel=mal.get("kort_titel"),
                    omfattning=[o for o in mal["omfattning"] if o != "vindeln"],
                    indikatorer=[i if isinstance(i, str) else i["id"] for i in mal["indikatorer"]])
    efter = malramverk.tolka(rr.till_text(u))
    rader = rr.skillnad(fore, efter, {"vindeln": "Vindeln"})
    assert ("Indikatorn \"Deltagaren har avslutats till en för individen positiv lösning\": målnivån för 2020 ändrad "
            "från 90 % till 85 %.") in rader
    assert "Toleransen enkat: grönt högst ändrat från 5 till 4." in rader
    assert any("har fått titeln" in r and "(reviderat)" in r for r in rader)
    if "vindeln" in mal["omfattning"]:
        assert any(r.endswith("bedöms inte längre för Vindeln.") for r in rader)
    assert rr.skillnad(fore, fore) == []


def test_aterstall_och_anta(db):
    forsta = rr.versioner(db)[0].version
    u = rr.satt_malnivaer(standardutkast(), "positiv_losning", [{"period": 2020, "alla": 80}])
    rr.spara(db, rr.till_text(u), ANNA, "prov")
    assert gallande(db).indikatorer["positiv_losning"].malniva == {2020: 80}
    ny = rr.aterstall(db, forsta, ANNA, "provet var fel")
    assert gallande(db).indikatorer["positiv_losning"].malniva == {2020: 90}
    assert rr.versioner(db)[0].ursprung == "aterstalld"
    rr.anta(db, ny, "styrelsen", dt.date(2021, 3, 12), "§ 7", ANNA)
    assert rr.versioner(db)[0].antagen == "styrelsen 2021-03-12 § 7"
    assert db.execute("SELECT count(*) FROM handelse WHERE typ = 'målramverk' AND beskrivning LIKE '%antaget av%'"
                      ).fetchall()[0][0] == 1


def test_import_och_export_ger_samma_ramverk(db):
    text = rr.till_text(rr.satt_malnivaer(standardutkast(), "varav_arbete", [{"period": 2020, "alla": 40}]))
    version = rr.importera(db, text.encode("utf-8"), "goals.yaml", ANNA, "från versionshanteringen")
    assert rr.text_for(db, version) == text
    assert gallande(db).indikatorer["varav_arbete"].malniva == {2020: 40}
    assert rr.versioner(db)[0].ursprung == "importerad"


def test_goals_yaml_som_andrats_efter_appens_version_namns(db, tmp_path):
    rr.spara(db, rr.till_text(rr.satt_malnivaer(standardutkast(), "varav_arbete", [{"period": 2020, "alla": 40}])),
             ANNA, "ändrat")
    fil = tmp_path / "goals.yaml"
    fil.write_text(installningar.MALRAMVERK.read_text(encoding="utf-8") + "\n# ändrad\n", encoding="utf-8")
    inlast = malramverk.las_med_reserv(db, fil)
    assert inlast.ramverk.indikatorer["varav_arbete"].malniva == {2020: 40}
    assert "har ändrats sedan målramverket sparades i appen" in inlast.notis


def _perioder_med_overlapp(u):
    return rr.satt_perioder(u, [{"typ": "kalenderar", "id": 2019}, {"typ": "kalenderar", "id": 2020},
                                {"id": "h1", "namn": "Halvår 1", "start": "2021-01-01", "slut": "2021-06-30",
                                 "typ": "halvar"},
                                {"id": "h2", "namn": "Halvår 2", "start": "2021-06-01", "slut": "2021-12-31",
                                 "typ": "halvar"}])


def _mal0(u, **andrat):
    m = u["mal"][0]
    falt = {"titel": m["titel"], "kort_titel": m.get("kort_titel"), "omfattning": m["omfattning"],
            "indikatorer": [i if isinstance(i, str) else i["id"] for i in m["indikatorer"]], **andrat}
    return rr.satt_mal(u, m["id"], **falt)


# (namn, redigering av standardutkastet, ord som felet ska innehålla: fältet och det som är fel)
DALIGA = [
    ("mål för odefinierad period",
     lambda u: rr.satt_malnivaer(u, "positiv_losning", [{"period": 2031, "alla": 90}]), ["malniva", "2031"]),
    ("överlappande perioder", _perioder_med_overlapp, ["h1", "h2", "överlappar"]),
    ("okänd enhet", lambda u: _mal0(u, omfattning=["forbundet", "atlantis"]), ["omfattning", "atlantis"]),
    ("negativ målnivå", lambda u: rr.satt_malnivaer(u, "positiv_losning", [{"period": 2020, "alla": -5}]),
     ["positiv_losning", "målnivån för 2020", "inte -5"]),
    ("målnivå över 100 procent", lambda u: rr.satt_malnivaer(u, "positiv_losning", [{"period": 2020, "alla": 140}]),
     ["positiv_losning", "mellan 0 och 100"]),
    ("målnivå som inte är ett tal", lambda u: rr.satt_malnivaer(u, "positiv_losning", [{"period": 2020,
                                                                                       "alla": "nittio"}]),
     ["Målnivå", "nittio"]),
    ("grönt vidare än gult", lambda u: rr.satt_toleranser(u, [{"namn": "positiv_losning", "gron": 15, "gul": 10},
                                                              {"namn": "varav_arbete_studier", "gron": 2, "gul": 4},
                                                              {"namn": "enkat", "gron": 5, "gul": 10}]),
     ["positiv_losning", "gul"]),
    ("tolerans som inte finns", lambda u: rr.satt_toleranser(u, [{"namn": "enkat", "gron": 5, "gul": 10}]),
     ["toleransen positiv_losning finns inte"]),
    ("dubbla mål-id", lambda u: rr.satt_mal(u, u["mal"][0]["id"], titel="Kopia", kort_titel=None,
                                            omfattning=["forbundet"], indikatorer=["positiv_losning"], nytt=True),
     ["Id", "finns redan"]),
    ("dubbla toleransnamn", lambda u: rr.satt_toleranser(u, [{"namn": "enkat", "gron": 5, "gul": 10},
                                                             {"namn": "enkat", "gron": 5, "gul": 10}]),
     ["Namn", "två gånger"]),
    ("vikt 0", lambda u: {**u, "sammanvagning": {**u["sammanvagning"], "avsnittsvikter": {1: 3, 2: 0, 3: 1}}},
     ["avsnitt 2", "större än 0"]),
    ("okänt utfallsmått", lambda u: rr.satt_indikator(u, "varav_arbete", {**u["indikatorer"]["varav_arbete"],
                                                                           "matt": ["arbte"]}),
     ["varav_arbete", "matt", "arbte"]),
    ("mål utan enhet", lambda u: _mal0(u, omfattning=[]), ["Bedöms för"]),
    ("borttagen period med data", lambda u: {**u, "perioder": [2020]}, ["Perioder", "2019", "har data (enkätresultat, rapporterade indikatorvärden)"]),
    ("indikator som ett mål använder tas bort", lambda u: rr.ta_bort_indikator(u, "positiv_losning"),
     ["Deltagaren har avslutats till en för individen positiv lösning", "används av målen", "Mål 1: Samverkansplattformar i Umeå"]),
    ("negativt minsta underlag", lambda u: rr.satt_indikator(u, "positiv_losning", {
        **u["indikatorer"]["positiv_losning"], "minsta_underlag": "-3"}), ["Minsta underlag", "heltal"]),
    ("minsta underlag som inte är ett tal", lambda u: rr.satt_indikator(u, "positiv_losning", {
        **u["indikatorer"]["positiv_losning"], "minsta_underlag": "tio"}), ["Minsta underlag", "tal"]),
    ("accepterad avvikelse utan motiv",
     lambda u: rr.satt_avvikelser(u, "positiv_losning", [{"period": 2020, "motiv": " "}]),
     ["Accepterade avvikelser, rad 1", "Motiv"]),
    ("accepterad avvikelse för odefinierad period",
     lambda u: rr.satt_avvikelser(u, "positiv_losning", [{"period": 2031, "motiv": "Styrelsen § 4"}]),
     ["accepterade_avvikelser", "2031"]),
    ("samma period två gånger bland avvikelserna",
     lambda u: rr.satt_avvikelser(u, "positiv_losning", [{"period": 2020, "motiv": "a"}, {"period": 2020, "motiv": "b"}]),
     ["Accepterade avvikelser, rad 2", "två gånger"]),
    ("ogiltigt id", lambda u: rr.satt_indikator(u, "Ny indikator!", {"namn": "x", "typ": "volym"}, nytt=True),
     ["Id", "små bokstäver"]),
    # Sammanvägning, avsnitt och ej bedömd (formulären på sidan Målramverk)
    ("vikt 0 i formuläret", lambda u: rr.satt_sammanvagning(u, vikter={1: 3, 2: 0, 3: 1}),
     ["Avsnittens vikter", "Medarbetares och chefers svar", "större än 0"]),
    ("vikt som inte är ett tal", lambda u: rr.satt_sammanvagning(u, vikter={1: "tre", 2: 2, 3: 1}),
     ["Vikt", "Resultat på individnivå", "tre"]),
    ("gult från över grönt från", lambda u: rr.satt_sammanvagning(u, gron_fran=1, gul_fran="1,2"),
     ["Gult från", "Grönt från"]),
    ("sammanvägning utan beskrivning", lambda u: rr.satt_sammanvagning(u, beskrivning="  "),
     ["Beskrivning", "tomt"]),
    ("poäng för rött över gult", lambda u: rr.satt_sammanvagning(u, poang={"gron": 2, "gul": 1, "rod": 3}),
     ["Poäng", "rött", "gult"]),
    ("vikt för ett avsnitt som inte finns", lambda u: rr.satt_sammanvagning(u, vikter={1: 3, 2: 2, 3: 1, 7: 1}),
     ["Avsnittens vikter", "avsnitt 7", "finns inte"]),
    ("avsnitt som indikatorer använder tas bort",
     lambda u: rr.satt_avsnitt(u, [{"nummer": 1, "namn": "Resultat"}, {"nummer": 2, "namn": "Svar"}]),
     ["Avsnitt", "3", "används av", "Beskrivning"]),
    ("två avsnitt med samma nummer",
     lambda u: rr.satt_avsnitt(u, [{"nummer": 1, "namn": "A"}, {"nummer": 1, "namn": "B"}, {"nummer": 3, "namn": "C"}]),
     ["Avsnitt, rad 2", "Nummer", "två gånger"]),
    ("avsnitt utan namn",
     lambda u: rr.satt_avsnitt(u, [{"nummer": 1, "namn": "A"}, {"nummer": 2, "namn": " "}, {"nummer": 3, "namn": "C"}]),
     ["Avsnitt, rad 2", "Namn", "tomt"]),
    ("avsnitt med nummer 0",
     lambda u: rr.satt_avsnitt(u, [{"nummer": 0, "namn": "A"}, {"nummer": 2, "namn": "B"}, {"nummer": 3, "namn": "C"}]),
     ["Avsnitt, rad 1", "Nummer", "1 eller mer"]),
    ("ej bedömd utan motiv", lambda u: rr.satt_ej_bedomd(u, u["mal"][0]["id"], [{"period": 2020, "motiv": " "}]),
     ["Ej bedömd", "rad 1", "Motiv", "I Umeå finns hållbara samverkansplattformar"]),
    ("ej bedömd för odefinierad period",
     lambda u: rr.satt_ej_bedomd(u, u["mal"][0]["id"], [{"period": 2031, "motiv": "Styrelsen § 4"}]),
     ["ej_bedomd", "2031"]),
    ("ej bedömd samma period två gånger",
     lambda u: rr.satt_ej_bedomd(u, u["mal"][0]["id"], [{"period": 2020, "motiv": "a"}, {"period": 2020, "motiv": "b"}]),
     ["Ej bedömd", "rad 2", "två gånger"]),
]


@pytest.mark.parametrize("namn,redigering,ord_", DALIGA, ids=[d[0] for d in DALIGA])
def test_dalig_redigering_vagras_med_svenskt_fel_och_inget_andras(db, namn, redigering, ord_):
    fore = kontrollsumma(db)
    with pytest.raises((rr.RedigeringsFel, malramverk.MalramverksFel)) as fel:
        rr.spara(db, rr.till_text(redigering(standardutkast())), ANNA, "prov")
    text = str(fel.value)
    for o in ord_:
        assert o in text, (namn, text)
    for engelska in ("Input should", "Value error", "Traceback", "field required"):
        assert engelska not in text
    if namn in ("borttagen period med data", "indikator som ett mål använder tas bort"):
        # Felen från formulären (inte från goals.yaml-kontrollen) nämner inga id:n eller tabellnamn.
        for id_ in ("positiv_losning", "mal1", "mal2", "enkat_resultat", "enkat_svarsfrekvens", "indikator_rapporterat"):
            assert id_ not in text, (namn, text)
    assert kontrollsumma(db) == fore, namn


def test_tom_kommentar_och_ingen_andring_vagras(db):
    fore = kontrollsumma(db)
    text = rr.till_text(rr.satt_malnivaer(standardutkast(), "positiv_losning", [{"period": 2020, "alla": 85}]))
    with pytest.raises(rr.RedigeringsFel, match="Fältet Varför är tomt"):
        rr.spara(db, text, ANNA, "  ")
    assert kontrollsumma(db) == fore
    rr.spara(db, text, ANNA, "första")
    with pytest.raises(rr.RedigeringsFel, match="Inget har ändrats"):
        rr.spara(db, text, ANNA, "igen")


def test_antagande_i_framtiden_eller_utan_paragraf_vagras(db):
    version = rr.versioner(db)[0].version
    fore = kontrollsumma(db)
    with pytest.raises(rr.RedigeringsFel, match="Protokollparagraf"):
        rr.anta(db, version, "styrelsen", dt.date(2021, 3, 12), " ", ANNA)
    with pytest.raises(rr.RedigeringsFel, match="Mötesdatum.*framtiden"):
        rr.anta(db, version, "styrelsen", dt.date.today() + dt.timedelta(days=3), "§ 7", ANNA)
    with pytest.raises(rr.RedigeringsFel, match="version 999 finns inte"):
        rr.anta(db, 999, "styrelsen", dt.date(2021, 3, 12), "§ 7", ANNA)
    assert kontrollsumma(db) == fore


def test_minsta_underlag_och_accepterade_avvikelser_sparas_i_formularen(db):
    u = standardutkast()
    u = rr.satt_indikator(u, "positiv_losning", {**u["indikatorer"]["positiv_losning"], "minsta_underlag": "12"})
    u = rr.satt_avvikelser(u, "positiv_losning", [{"period": "2020", "motiv": "Pandemin; styrelsen § 12"},
                                                  {"period": None, "motiv": None},
                                                  {"period": float("nan"), "motiv": float("nan")}])
    rr.spara(db, rr.till_text(u), ANNA, "styrelsens beslut")
    ind = malramverk.tolka(malramverk.senast_sparade(db)[0], "test").indikatorer["positiv_losning"]
    assert ind.minsta_underlag == 12
    assert ind.accepterade_avvikelser == {2020: "Pandemin; styrelsen § 12"}
    # Tomt tar bort båda.
    u = rr.satt_indikator(u, "positiv_losning", {**u["indikatorer"]["positiv_losning"], "minsta_underlag": ""})
    u = rr.satt_avvikelser(u, "positiv_losning", [])
    assert "minsta_underlag" not in u["indikatorer"]["positiv_losning"]
    assert "accepterade_avvikelser" not in u["indikatorer"]["positiv_losning"]


@pytest.mark.parametrize("namn,redigering,ord_", DALIGA, ids=[d[0] for d in DALIGA])
def test_felet_i_appen_namnger_mal_indikator_och_falt_utan_id(db, namn, redigering, ord_):
    """Samma korpus som appen visar den (malramverk.i_appen): mål, indikatorer, enheter, utfallsmått och avsnitt
    med namn och fälten med svenska ord; inga id:n utom det användaren själv skrev."""
    from .test_referensredigering import interna_id

    utkast = standardutkast()
    with pytest.raises((rr.RedigeringsFel, malramverk.MalramverksFel)) as fel:
        ny = redigering(utkast)
        rr.spara(db, rr.till_text(ny), ANNA, "prov")
    text = malramverk.i_appen(str(fel.value), db, (locals().get("ny"), utkast))
    skrivet = {str(a) for a in redigering.__code__.co_consts if isinstance(a, str)}
    skrivet |= {"atlantis", "arbte", "h1", "h2"}  # värden som redigeringen skrev in (felstavade, nya)
    if namn == "dubbla mål-id":
        skrivet.add(utkast["mal"][0]["id"])  # id:t som skrevs i fältet Id
    # Ett id som också är ett ord i ett avsnitts namn ("bakgrundsdata") är ett vanligt ord.
    ord_i_namn = {o.lower() for a in utkast["avsnitt"] for o in re.findall(r"\w+", a["namn"])}
    ider = (interna_id(db) | set(utkast.get("toleranser") or {})) - skrivet - ord_i_namn
    hittade = sorted(i for i in ider if re.search(rf"(?<![\w]){re.escape(i)}(?![\w])", text))
    assert not hittade, (namn, hittade, text)
    # Goals.yaml:s fältnamn blir formulärens ord.
    for yamlfalt in ("omfattning", "malniva", "accepterade_avvikelser", "ej_bedomd", "avsnittsvikter", "matt"):
        assert f"fält {yamlfalt}" not in text, (namn, text)


def test_sammanvagning_avsnitt_och_ej_bedomd_sparas_i_formularen(db):
    u = rr.satt_sammanvagning(standardutkast(), beskrivning="Poäng per indikator, viktat per avsnitt.",
                              gron_fran="1,6", gul_fran=0.8, poang={"gron": 2, "gul": 1, "rod": 0},
                              vikter={1: 2, 2: 2, 3: ""})
    u = rr.satt_avsnitt(u, [{"nummer": 1, "namn": "Resultat för deltagarna"}, {"nummer": 2, "namn": "Svar"},
                            {"nummer": 3, "namn": "Verksamheten"}, {"nummer": 4, "namn": "Nytt avsnitt"}])
    mal_id = u["mal"][1]["id"]
    u = rr.satt_ej_bedomd(u, mal_id, [{"period": 2020, "motiv": "Verksamheten startade i december"}])
    rr.spara(db, rr.till_text(u), ANNA, "ny sammanvägning")
    ram = gallande(db)
    assert ram.sammanvagning.gron_fran == 1.6 and ram.sammanvagning.gul_fran == 0.8
    assert ram.sammanvagning.avsnittsvikter == {1: 2, 2: 2}
    assert ram.sammanvagning.beskrivning == "Poäng per indikator, viktat per avsnitt."
    assert [(a.nummer, a.namn) for a in ram.avsnitt][-1] == (4, "Nytt avsnitt")
    assert ram.mal_med_id(mal_id).ej_bedomd == {2020: "Verksamheten startade i december"}
    rader = rr.skillnad(malramverk.tolka(rr.text_for(db, 1)), ram)
    assert any("Sammanvägning" in r or "sammanvägning" in r for r in rader), rader
