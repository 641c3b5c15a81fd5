import pytest

from uppfoljning import format as fmt


@pytest.mark.parametrize(
    ("taljare", "namnare", "visat"),
    [(29, 40, "73 %"), (150, 210, "71 %"), (46, 150, "31 %"), (1, 8, "13 %"), (3, 8, "38 %"), (0, 5, "0 %"),
     (43, 56, "77 %"), (1, 1, "100 %")],
)
def test_andel_avrundas_halvt_uppat_i_sql_och_visas_svenskt(con, taljare, namnare, visat):
    procent = con.execute("SELECT andel_procent(?, ?)", [taljare, namnare]).fetchone()[0]
    assert fmt.procent(procent) == visat


def test_andel_av_noll_ar_tom(con):
    assert con.execute("SELECT andel_procent(3, 0)").fetchone()[0] is None
    assert fmt.procent(None) == "–"


@pytest.mark.parametrize(("rapporterat", "visat"), [(71.5, 72), (92.5, 93), (78.49, 78), (100, 100), (0.5, 1)])
def test_rapporterade_decimalprocent_avrundas_halvt_uppat(con, rapporterat, visat):
    assert con.execute("SELECT avrunda_procent(?)", [rapporterat]).fetchone()[0] == visat
    assert fmt.avrunda(rapporterat) == visat


@pytest.mark.parametrize(("varde", "visat"), [(11558, "11 558 tkr"), (-1020, "-1 020 tkr"), (0, "0 tkr"),
                                              (752, "752 tkr"), (1234567, "1 234 567 tkr")])
def test_tkr_med_mellanslag_som_tusentalsavgransare(varde, visat):
    assert fmt.tkr(varde) == visat


def test_procentenheter_med_tecken():
    assert fmt.procentenheter(-13) == "-13 procentenheter"
    assert fmt.procentenheter(2) == "+2 procentenheter"
    assert fmt.procentenheter(0) == "±0 procentenheter"
