"""Toleransreglerna och bedömningen av 2020 mot Bilaga 5 (rad 6997-8887)."""

from pathlib import Path

import pytest

from uppfoljning import bedomning, installningar, malramverk
from uppfoljning.bedomning import bedom_mot_tolerans
from uppfoljning.malramverk import Tolerans
from uppfoljning.status import Status

from .conftest import las, skriv

POSITIV = Tolerans(namn="positiv_losning", rubrik="positiv lösning", gron=10, gul=15)
VARAV = Tolerans(gron=2, gul=4)


# ---------------------------------------------------------------- gränserna


@pytest.mark.parametrize(
    ("varde", "status"),
    [(100, Status.GRON), (90, Status.GRON), (80, Status.GRON), (79, Status.GUL), (75, Status.GUL),
     (74, Status.ROD), (0, Status.ROD)],
)
def test_positiv_losning_gron_ned_till_minus_10_gul_till_minus_15(varde, status):
    assert bedom_mot_tolerans(varde, 90, POSITIV)[0] == status


@pytest.mark.parametrize(("varde", "status"), [(33, Status.GRON), (32, Status.GUL), (31, Status.GUL),
                                                (30, Status.ROD)])
def test_varav_arbete_gron_minus_2_gul_minus_4(varde, status):
    assert bedom_mot_tolerans(varde, 35, VARAV)[0] == status


def test_hogre_ar_samre_vander_riktningen():
    avbrott = Tolerans(gron=2, gul=5, riktning="lagre_ar_battre")
    assert bedom_mot_tolerans(12, 10, avbrott)[0] == Status.GRON
    assert bedom_mot_tolerans(15, 10, avbrott)[0] == Status.GUL
    assert bedom_mot_tolerans(16, 10, avbrott)[0] == Status.ROD
    assert bedom_mot_tolerans(3, 10, avbrott)[0] == Status.GRON
    assert "över målnivån" in bedom_mot_tolerans(16, 10, avbrott)[2]


def test_relativ_tolerans_i_procent_av_malnivan():
    volym = Tolerans(gron=10, gul=20, satt="procent")
    assert bedom_mot_tolerans(90, 100, volym, enhet="st")[0] == Status.GRON
    assert bedom_mot_tolerans(36, 40, volym, enhet="st")[0] == Status.GRON  # exakt 10 % under
    assert bedom_mot_tolerans(35, 40, volym, enhet="st")[0] == Status.GUL
    assert bedom_mot_tolerans(32, 40, volym, enhet="st")[0] == Status.GUL  # exakt 20 % under
    assert bedom_mot_tolerans(31, 40, volym, enhet="st")[0] == Status.ROD


def test_meningen_bar_siffrorna_och_regeln():
    status, avvikelse, text = bedom_mot_tolerans(77, 90, POSITIV)
    assert (status, avvikelse) == (Status.GUL, -13)
    assert text == ("Utfall 77 %, 13 procentenheter under målnivån 90 %. Regel: grönt högst 10, gult högst 15 "
                    "procentenheter under målnivån (regeln för positiv lösning). Alltså gult.")


# ---------------------------------------------------------------- 2020 med standarddata

# Status per indikator i ramverkets ordning: beskrivning, bakgrundsdata, resultat, positiv lösning,
# arbete, studier, fyra deltagarfrågor, fyra medarbetarfrågor, två chefsfrågor.
# G grönt, Y gult, R rött, E ej bedömd (accepterad avvikelse), F för få. Handräknat ur Bilaga 3 och 5.
FORVANTAT_2020 = {
    "ungdomstorget": "GEGYGG GGGR RYGR GG",
    "vuxentorget": "GEGRGG GGGR RRRR GG",
    "vannas": "GEGRRG GGRR GGRR RR",
    "vindeln": "GEGRRG RGRR RGGG RR",
    "robertsfors": "GEGYRR GGGG GGGG RR",
    "nordmaling": "GEGGRR RGRR GGGG RR",
    "bjurholm": "GEGFFF FFFF YGGG RR",
}
KOD = {"G": Status.GRON, "Y": Status.GUL, "R": Status.ROD, "E": Status.EJ_BEDOMD, "F": Status.FOR_FA}


@pytest.fixture(scope="module")
def ramverk():
    return malramverk.las(installningar.MALRAMVERK)


@pytest.fixture(scope="module")
def resultat_2020(standarddatabas, ramverk):

    with las(standarddatabas) as con:
        return bedomning.bedom(con, ramverk, 2020)


def _hitta(resultat, scope_id, mal_id=None):
    return next(r for r in resultat if r.scope_id == scope_id and (mal_id is None or r.mal_id == mal_id))


@pytest.mark.parametrize("plattform", sorted(FORVANTAT_2020))
def test_varje_indikator_2020_far_regelns_status(resultat_2020, plattform):
    forvantat = [KOD[k] for k in FORVANTAT_2020[plattform].replace(" ", "")]
    faktiskt = [i.status for i in _hitta(resultat_2020, plattform).indikatorer]
    assert faktiskt == forvantat


def test_matrisen_visar_styrelsens_beslut_2020(resultat_2020):
    galler = {(r.mal_id, r.scope_id): r.galler for r in resultat_2020}
    assert galler == {
        ("mal1", "ungdomstorget"): Status.GRON, ("mal1", "vuxentorget"): Status.GUL,
        ("mal2", "vannas"): Status.GUL, ("mal2", "vindeln"): Status.GUL, ("mal2", "robertsfors"): Status.GRON,
        ("mal2", "nordmaling"): Status.GUL, ("mal2", "bjurholm"): Status.GUL, ("mal3", "nafs"): Status.EJ_BEDOMD,
        ("mal4", "forbundet"): Status.GRON, ("mal5", "forbundet"): Status.GRON,
    }
    assert bedomning.summering(resultat_2020) == "4 uppfyllda, 5 delvis uppfyllda, 1 ej bedömt"


def test_beslut_som_avviker_fran_regeln_markeras(resultat_2020):
    avviker = {r.scope_id: (r.beslut, r.forslag) for r in resultat_2020 if r.beslut_avviker}
    assert avviker == {"robertsfors": (Status.GRON, Status.GUL), "bjurholm": (Status.GUL, Status.GRON)}


def test_status_bedoms_pa_det_avrundade_vardet(resultat_2020):
    """Vindeln studier 3 av 13 = 23,08 % visas 23 %, exakt 2 under 25: grönt, inte gult."""
    studier = next(i for i in _hitta(resultat_2020, "vindeln").indikatorer if i.indikator_id == "varav_studier")
    assert (studier.varde, studier.avvikelse, studier.status) == (23, -2, Status.GRON)
    assert "3 av 13" in studier.motivering


def test_precis_pa_gransen_for_gult_ar_gult(resultat_2020):
    """Bjurholm medarbetare 'mer redo' 70 %, exakt 10 under 80."""
    ind = next(i for i in _hitta(resultat_2020, "bjurholm").indikatorer
               if i.indikator_id == "medarbetare_deltagare_mer_redo")
    assert (ind.varde, ind.status) == (70, Status.GUL)


def test_for_fa_avslutade_bedoms_inte(resultat_2020):
    positiv = next(i for i in _hitta(resultat_2020, "bjurholm").indikatorer if i.indikator_id == "positiv_losning")
    assert positiv.status == Status.FOR_FA
    assert positiv.varde == 100
    assert positiv.motivering.startswith("Bara 1 avslutad deltagare; minst 5 krävs")


def test_for_fa_svarande_nar_kallan_inte_redovisar(resultat_2020):
    ind = next(i for i in _hitta(resultat_2020, "bjurholm").indikatorer if i.indikator_id == "deltagare_mer_redo")
    assert (ind.status, ind.varde) == (Status.FOR_FA, None)
    assert "För få har svarat" in ind.motivering


def test_accepterad_avvikelse_bar_styrelsens_motiv(resultat_2020):
    ind = next(i for i in _hitta(resultat_2020, "vannas").indikatorer if i.indikator_id == "bakgrundsdata")
    assert ind.status == Status.EJ_BEDOMD
    assert "accepterat avvikelsen 2020" in ind.motivering and "SUS" in ind.motivering


def test_svarsfrekvens_och_kon_foljer_med(resultat_2020):
    ind = next(i for i in _hitta(resultat_2020, "ungdomstorget").indikatorer
               if i.indikator_id == "deltagare_tagit_tillvara")
    assert (ind.varde, ind.svarsfrekvens, ind.varde_forra_aret) == (93, 48, 88)
    assert ind.kon_varden == {"K": 94, "M": 89, "vill_ej_svara": 100}
    assert ind.rapporterat


def test_ej_bedomt_mal_bar_motivet(resultat_2020):
    nafs = _hitta(resultat_2020, "nafs")
    assert nafs.forslag == Status.EJ_BEDOMD
    assert "pandemin" in nafs.forslag_motivering


def test_ar_utan_malnivaer_bedoms_inte(con, ramverk):
    """2019 har inga målnivåer i ramverket (de ändrades 2020): inget får färg av misstag."""
    for r in bedomning.bedom(con, ramverk, 2019):
        for i in r.indikatorer:
            if i.indikator_id in ("positiv_losning", "varav_arbete"):
                assert i.status == Status.EJ_BEDOMD


def test_saknat_utfall_och_kravd_indikator_ger_rott(skrivbar_databas, ramverk):

    with skriv(skrivbar_databas) as con:
        con.execute("DELETE FROM indikator_rapporterat WHERE period = 2020 AND scope_id = 'vindeln' "
                    "AND indikator_id = 'beskrivning_verksamhet'")
        con.execute("DELETE FROM enkat_resultat WHERE period = 2020 AND plattform_id = 'vindeln' "
                    "AND fraga_id = 'lyckas_uppdrag'")
        vindeln = _hitta(bedomning.bedom(con, ramverk, 2020), "vindeln")
    beskrivning = next(i for i in vindeln.indikatorer if i.indikator_id == "beskrivning_verksamhet")
    assert beskrivning.status == Status.SAKNAS and beskrivning.kravs_och_saknas
    lyckas = next(i for i in vindeln.indikatorer if i.indikator_id == "medarbetare_lyckas_uppdrag")
    assert lyckas.status == Status.SAKNAS and not lyckas.kravs_och_saknas
    assert vindeln.forslag == Status.ROD
    assert vindeln.forslag_motivering.startswith("Beskrivning av verksamheten måste finnas")


def test_fa_svarande_i_antal_ger_for_fa(skrivbar_databas, ramverk):

    with skriv(skrivbar_databas) as con:
        con.execute("UPDATE enkat_resultat SET antal_svar = 4, antal_positiva = 4, andel_rapporterad = NULL "
                    "WHERE period = 2020 AND plattform_id = 'robertsfors' AND fraga_id = 'lokal_samverkan' "
                    "AND kon = 'alla'")
        robertsfors = _hitta(bedomning.bedom(con, ramverk, 2020), "robertsfors")
    ind = next(i for i in robertsfors.indikatorer if i.indikator_id == "medarbetare_lokal_samverkan")
    assert ind.status == Status.FOR_FA
    assert ind.motivering.startswith("Bara 4 svarande; minst 5 krävs")


def test_malnivaer_i_goals_yaml_stammer_med_bilaga_5(ramverk):
    import csv

    with open(Path(__file__).parent / "data" / "bilaga5_malnivaer.csv", encoding="utf-8") as f:
        for rad in csv.DictReader(f, delimiter=";"):
            mal = ramverk.mal_med_id(rad["mal_id"])
            ids = {mi.id for mi in mal.indikatorer}
            indikator_id = {"chefer_regional_samverkan_kransen": "chefer_regional_kransen"}.get(
                rad["indikator_id"], rad["indikator_id"])
            assert indikator_id in ids or rad["mal_id"] == "mal3", rad
            if indikator_id in ids:
                niva = ramverk.indikatorer[indikator_id].malniva[2020]
                forvantad = rad["malniva_svar"] or float(rad["malniva_procent"])
                assert niva == forvantad, rad


# ---------------------------------------------------------------- samma svar oavsett hur mycket som bedöms


def test_en_omfattning_ensam_ger_samma_resultat_som_i_hela_bedomningen(standarddatabas, ramverk, resultat_2020):
    """Bedömningen tar fram det som är lika för alla omfattningar en gång per indikator; ett urval får inte
    ändra något i resultaten."""

    with las(standarddatabas) as con:
        for scope_id in ("forbundet", "bjurholm", "ungdomstorget"):
            ensam = bedomning.bedom(con, ramverk, 2020, scope_id=scope_id)
            assert ensam == [r for r in resultat_2020 if r.scope_id == scope_id]
        mal = resultat_2020[-1].mal_id
        assert bedomning.bedom(con, ramverk, 2020, mal_id=mal) == [r for r in resultat_2020 if r.mal_id == mal]


def test_forra_arets_varde_ar_det_som_bedomdes_forra_aret(standarddatabas, ramverk, resultat_2020):
    """Rapporterade värden och enkäter (förra årets bas ur antal: test_annan_organisation)."""

    with las(standarddatabas) as con:
        forra = {(r.mal_id, r.scope_id, i.indikator_id, i.kon): i.varde
                 for r in bedomning.bedom(con, ramverk, 2019) for i in r.indikatorer}
    jamforda = 0
    for r in resultat_2020:
        for i in r.indikatorer:
            nyckel = (r.mal_id, r.scope_id, i.indikator_id, i.kon)
            if nyckel in forra:
                assert i.varde_forra_aret == forra[nyckel], nyckel
                jamforda += i.varde_forra_aret is not None
    assert jamforda > 50
