"""Databasen byggs från datasets/ vid första start, återanvänds sedan, och byggs aldrig till hälften."""

import shutil
from pathlib import Path

import duckdb
import pytest

from uppfoljning import databas, installningar
from uppfoljning.fel import InlasningsFel


@pytest.fixture
def datamapp(tmp_path) -> Path:
    kopia = tmp_path / "datasets"
    shutil.copytree(installningar.DATASETS, kopia)
    return kopia


def _andra_rad(fil: Path, radnummer: int, kolumn: str, nytt: str) -> None:
    """Byter ett värde; radnummer räknas som i ett kalkylprogram (rubriken är rad 1)."""
    rader = fil.read_text(encoding="utf-8").splitlines()
    rubriker = rader[0].split(";")
    falt = rader[radnummer - 1].split(";")
    falt[rubriker.index(kolumn)] = nytt
    rader[radnummer - 1] = ";".join(falt)
    fil.write_text("\n".join(rader) + "\n", encoding="utf-8")


def _bygg_misslyckas(datamapp: Path, tmp_path: Path) -> InlasningsFel:
    mal = tmp_path / "ut" / "uppfoljning.duckdb"
    with pytest.raises(InlasningsFel) as fel:
        databas.bygg_databas(mal, datamapp)
    assert not mal.exists(), "en halvbyggd databas får inte lämnas kvar"
    assert list(mal.parent.iterdir()) == [], "inga temporära filer får lämnas kvar"
    return fel.value


def test_saknad_fil_ger_tydligt_fel_och_ingen_databas(datamapp, tmp_path):
    (datamapp / "utfall.csv").unlink()
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "datasets/utfall.csv" in str(fel)
    assert "Filen finns inte" in str(fel)


def test_text_i_antalskolumn_pekar_ut_fil_rad_och_kolumn(datamapp, tmp_path):
    _andra_rad(datamapp / "utfall.csv", 5, "antal", "tolv")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert str(fel) == "fil datasets/utfall.csv, rad 5, kolumn antal: Värdet ska vara ett heltal."


def test_decimaltal_i_antalskolumn_avvisas(datamapp, tmp_path):
    _andra_rad(datamapp / "utfall.csv", 3, "antal", "2,5")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "rad 3, kolumn antal" in str(fel)


def test_negativt_antal_avvisas(datamapp, tmp_path):
    _andra_rad(datamapp / "utfall.csv", 7, "antal", "-3")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "rad 7, kolumn antal: Antalet får inte vara negativt." in str(fel)


def test_okand_plattform_avvisas(datamapp, tmp_path):
    _andra_rad(datamapp / "utfall.csv", 2, "plattform_id", "ungdomstorgett")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "rad 2, kolumn plattform_id: Värdet ungdomstorgett finns inte i referensdata (plattform)." in str(fel)


def test_saknad_kolumn_avvisas(datamapp, tmp_path):
    fil = datamapp / "budget.csv"
    fil.write_text(fil.read_text(encoding="utf-8").replace("utfall_tkr", "utfall"), encoding="utf-8")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "kolumn utfall_tkr: Kolumnen utfall_tkr saknas" in str(fel)


def test_tom_fil_avvisas(datamapp, tmp_path):
    (datamapp / "enkat_resultat.csv").write_bytes(b"")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert "datasets/enkat_resultat.csv: Filen är tom." in str(fel)


@pytest.mark.endast_fil("databasfilens plats (UPPFOLJNING_DB som sökväg); första starten mot en tom PostgreSQL-databas "
                        "prövas av postgres_mall och test_postgres")
def test_forsta_start_bygger_och_senare_start_ateranvander(tmp_path, monkeypatch):
    fil = tmp_path / "egen" / "plats.duckdb"
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    assert installningar.databasfil() == fil
    con = databas.oppna()
    assert con.execute("SELECT count(*) FROM utfall").fetchone()[0] > 0
    con.execute("DELETE FROM utfall WHERE plattform_id = 'hfe'")
    kvar = con.execute("SELECT count(*) FROM utfall").fetchone()[0]
    con.close()
    con = databas.oppna()
    assert con.execute("SELECT count(*) FROM utfall").fetchone()[0] == kvar, "databasen ska återanvändas"
    con.close()


def test_standarddata_har_proveniens_per_fil(con):
    rader = con.execute("SELECT filnamn, sha256, antal_rader, inlast_av FROM kalla ORDER BY kalla_id").fetchall()
    filer = {r[0]: r for r in rader}
    assert filer["datasets/utfall.csv"][2] == con.execute("SELECT count(*) FROM utfall").fetchone()[0]
    assert all(len(r[1]) == 64 and r[3] == "standarddata" for r in rader)
    saknar_kalla = con.execute(
        "SELECT count(*) FROM utfall WHERE kalla_id NOT IN (SELECT kalla_id FROM kalla)").fetchone()[0]
    assert saknar_kalla == 0


@pytest.mark.endast_fil("att databasfilen är en vanlig DuckDB-fil som andra verktyg kan öppna")
def test_databasen_kan_oppnas_av_duckdb_direkt(standarddatabas):
    with duckdb.connect(str(standarddatabas), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM plattform").fetchone()[0] == 9


def test_okand_kombination_i_nyckel_med_tva_kolumner_avvisas(datamapp, tmp_path):
    # Frågan finns, men inte för den respondentgruppen: nyckeln (respondentgrupp, fraga_id) prövas som helhet.
    # (Gruppen chefer finns sedan respondentgrupperna blev referensdata; en okänd grupp får ett eget fel.)
    _andra_rad(datamapp / "enkat_resultat.csv", 3, "respondentgrupp", "chefer")
    fel = _bygg_misslyckas(datamapp, tmp_path)
    assert str(fel) == ("fil datasets/enkat_resultat.csv, rad 3, kolumn respondentgrupp, fraga_id: Värdet chefer, "
                        "tagit_tillvara finns inte i referensdata (enkatfraga).")
