"""Frågorna bakom sidan Utfall mot Bilaga 3 i styrelsehandlingen (rad 5555-5571 och 6793-6919)."""

import pytest

from uppfoljning import fragor

from .conftest import forbundets_plattformar

# (mått, kvinnor, män, totalt, andel i procent eller None) ur Bilaga 3, handavskrivet.
BILAGA_3 = {
    "ungdomstorget": [("deltagare", 131, 113, 244, None), ("nya", 38, 39, 77, None), ("avslutade", 36, 20, 56, None),
                      ("positiv_losning", 28, 15, 43, 77), ("arbete", 12, 5, 17, 40), ("studier", 7, 4, 11, 26),
                      ("fortsatt_rehab", 9, 6, 15, 35), ("avbrott_halsa", 5, 4, 9, 16),
                      ("ovriga_avbrott", 3, 1, 4, 7), ("kvar", 95, 93, 188, None)],
    "vuxentorget": [("deltagare", 185, 249, 434, None), ("nya", 57, 65, 122, None), ("avslutade", 17, 23, 40, None),
                    ("positiv_losning", 12, 17, 29, 73), ("arbete", 3, 9, 12, 41), ("studier", 4, 3, 7, 24),
                    ("saknar_arbetsformaga", 1, 1, 2, 7), ("avbrott_halsa", 2, 5, 7, 18),
                    ("ovriga_avbrott", 3, 1, 4, 10), ("kvar", 168, 226, 394, None)],
    "vannas": [("deltagare", 38, 40, 78, None), ("avslutade", 14, 20, 34, None), ("positiv_losning", 7, 9, 16, 47),
               ("extratjanst", 1, 0, 1, 6), ("studier", 3, 3, 6, 38), ("avbrott_halsa", 6, 3, 9, 26),
               ("ovriga_avbrott", 1, 8, 9, 26), ("kvar", 24, 20, 44, None)],
    "nordmaling": [("deltagare", 19, 34, 53, None), ("avslutade", 10, 16, 26, None), ("positiv_losning", 7, 14, 21, 81),
                   ("arbete", 1, 2, 3, 14), ("extratjanst", 1, 2, 3, 14), ("studier", 2, 2, 4, 19),
                   ("saknar_arbetsformaga", 2, 4, 6, 29), ("avbrott_halsa", 1, 0, 1, 4), ("kvar", 9, 18, 27, None)],
    "robertsfors": [("deltagare", 20, 37, 57, None), ("avslutade", 13, 21, 34, None),
                    ("positiv_losning", 12, 15, 27, 79), ("arbete", 3, 5, 8, 30), ("extratjanst", 5, 4, 9, 33),
                    ("studier", 1, 2, 3, 11), ("ovriga_avbrott", 0, 4, 4, 12), ("kvar", 7, 16, 23, None)],
    "vindeln": [("deltagare", 14, 19, 33, None), ("avslutade", 8, 11, 19, None), ("positiv_losning", 4, 9, 13, 68),
                ("arbete", 0, 3, 3, 23), ("studier", 1, 2, 3, 23), ("fortsatt_rehab", 2, 3, 5, 38),
                ("ovriga_avbrott", 4, 2, 6, 32), ("kvar", 6, 8, 14, None)],
    "bjurholm": [("deltagare", 8, 7, 15, None), ("nya", 5, 6, 11, None), ("avslutade", 1, 0, 1, None),
                 ("positiv_losning", 1, 0, 1, 100), ("arbete", 1, 0, 1, 100), ("studier", 0, 0, 0, 0),
                 ("kvar", 7, 7, 14, None)],
    "hfe": [("deltagare", 77, 23, 100, None), ("nya", 33, 8, 41, None), ("avslutade", 21, 6, 27, None),
            ("positiv_losning", 15, 4, 19, 70), ("arbete", 3, 2, 5, 26), ("extratjanst", 10, 2, 12, 63),
            ("avbrott_halsa", 1, 0, 1, 4), ("ovriga_avbrott", 5, 2, 7, 26), ("kvar", 56, 17, 73, None)],
}

# Förbundets summatabell (Tabell 1, rad 5555-5571).
FORBUNDET = [("deltagare", 415, 499, 914, None), ("nya", 150, 177, 327, None), ("avslutade", 99, 111, 210, None),
             ("positiv_losning", 71, 79, 150, 71), ("arbete", 20, 26, 46, 31), ("extratjanst", 7, 7, 14, 9),
             ("studier", 18, 16, 34, 23), ("fortsatt_rehab", 21, 24, 45, 30), ("saknar_arbetsformaga", 5, 6, 11, 7),
             ("avbrott_halsa", 15, 14, 29, 14), ("ovriga_avbrott", 13, 18, 31, 15), ("kvar", 316, 388, 704, None)]


def _rader(con, plattformar):
    df = fragor.kor(con, "utfall_tabell", period=2020, plattformar=plattformar)
    return {r["matt_id"]: r for r in df.iter_rows(named=True)}


@pytest.mark.parametrize("plattform", sorted(BILAGA_3))
def test_utfall_per_plattform_som_i_bilaga_3(con, plattform):
    rader = _rader(con, [plattform])
    for matt, kvinnor, man, totalt, andel in BILAGA_3[plattform]:
        rad = rader[matt]
        assert (rad["kvinnor"], rad["man"], rad["totalt"]) == (kvinnor, man, totalt), matt
        assert rad["andel_procent"] == andel, matt


def test_tabellen_per_plattform_i_en_fraga_ar_samma_som_en_fraga_per_plattform(con):
    """Mötesunderlaget hämtar alla plattformars tabeller i en fråga; varje del ska vara plattformens egen tabell."""
    alla, period = sorted(BILAGA_3), 2020
    per_plattform = fragor.kor(con, "utfall_tabell_per_plattform", period=period, plattformar=alla)
    assert per_plattform.height > 0
    for plattform in alla:
        var_for_sig = fragor.kor(con, "utfall_tabell", period=period, plattformar=[plattform])
        del_ = per_plattform.filter(per_plattform["plattform_id"] == plattform).drop("plattform_id")
        assert del_.equals(var_for_sig), plattform
    bjurholm = per_plattform.filter(per_plattform["plattform_id"] == "bjurholm")
    assert bjurholm.filter(bjurholm["matt_id"] == "positiv_losning")["andel_procent"].to_list() == [100]


def test_forbundet_summerar_plattformarna_utom_sarredovisade(con):
    plattformar = forbundets_plattformar(con)
    assert "hfe" not in plattformar and "ungdomstorget" in plattformar
    rader = _rader(con, plattformar)
    for matt, kvinnor, man, totalt, andel in FORBUNDET:
        rad = rader[matt]
        assert (rad["kvinnor"], rad["man"], rad["totalt"], rad["andel_procent"]) == (kvinnor, man, totalt, andel), matt


def test_vannas_visar_beraknat_varde_dar_kallans_totalt_motsager_sig(con):
    """Källan: arbete 0 + 2 men Totalt 3 (19 %), saknar arbetsförmåga 0 + 1 men Totalt 0."""
    rader = _rader(con, ["vannas"])
    assert (rader["arbete"]["totalt"], rader["arbete"]["andel_procent"]) == (2, 13)
    assert rader["saknar_arbetsformaga"]["totalt"] == 1
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=["vannas"], forbund=False)
    assert sorted(zip(fynd["matt_id"], fynd["kallans_varde"], fynd["beraknat_varde"])) == [
        ("arbete", 3, 2), ("saknar_arbetsformaga", 0, 1)]
    assert "Totalt anger 3 men Kvinnor + Män = 2" in fynd.filter(fynd["matt_id"] == "arbete")["beskrivning"][0]


def test_forbundets_summatabell_stammer_med_plattformarna(con):
    fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=forbundets_plattformar(con), forbund=True)
    assert fynd.filter(fynd["enhet_id"] == "forbundet").height == 0
    assert set(fynd["enhet_id"]) == {"vannas"}


def test_plattform_utan_motsagelser_har_inga_fynd(con):
    for plattform in ["ungdomstorget", "vuxentorget", "bjurholm", "hfe"]:
        fynd = fragor.kor(con, "datakvalitet_utfall", period=2020, plattformar=[plattform], forbund=False)
        assert fynd.height == 0, plattform


def test_period_utan_data_ger_tom_tabell(con):
    assert fragor.kor(con, "utfall_tabell", period=1999, plattformar=["vannas"]).height == 0


def test_utfallsmatt_utan_rapporterade_rader_visas_inte(con):
    """Ungdomstorget redovisar ingen rad för extratjänst, precis som i Bilaga 3."""
    assert "extratjanst" not in _rader(con, ["ungdomstorget"])
