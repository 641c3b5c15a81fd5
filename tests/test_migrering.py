"""En databas gjord av en tidigare version av produkten uppdateras på plats (efter en säkerhetskopia), aldrig byggs
om: varje tabell och siffra finns kvar.

tests/data/databas_schema1.duckdb.gz är gjord med main 86b3cc5 (före schemaversionerna): standarddata plus en
budgetfil inläst som "budget_750505-1115.csv" av användaren anna. Den versionen lagrade filnamnet med
personnumret; migreringen maskerar det.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from uppfoljning import bedomning, databas, installningar, malramverk, migrering

from .conftest import TESTDATA

GAMMAL = TESTDATA / "databas_schema1.duckdb.gz"
PNR = ("750505", "1115")


@pytest.fixture
def gammal_databas(tmp_path) -> Path:
    fil = tmp_path / "uppfoljning.duckdb"
    with gzip.open(GAMMAL) as inn, open(fil, "wb") as ut:
        shutil.copyfileobj(inn, ut)
    return fil


def _innehall(con, utom: set[str] = frozenset()) -> dict[str, list]:
    tabeller = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                          "ORDER BY 1").fetchall() if t not in utom]
    return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tabeller}



@pytest.mark.endast_fil("migrering av en databasfil från en tidigare version (tests/data/databas_schema1.duckdb.gz)")
def test_gammal_databas_migreras_pa_plats_med_allt_kvar(gammal_databas, standardfil):
    with duckdb.connect(str(gammal_databas), read_only=True) as c:
        fore = _innehall(c)
        assert migrering.version(c) == 1
        assert any("750505-1115" in r[0] for r in c.execute("SELECT filnamn FROM kalla").fetchall())
    con = databas.oppna(gammal_databas)
    try:
        assert migrering.version(con) == migrering.SCHEMAVERSION
        efter = _innehall(con)
        # Varje tabell och rad finns kvar; bara fritexten med personnumret och versionsraden har ändrats.
        assert set(fore) <= set(efter)
        for tabell, rader in fore.items():
            if tabell == "databas_info":
                assert [r for r in efter[tabell] if r[0] not in ("schemaversion", "kodversion")] == rader
            elif tabell in ("kalla", "handelse"):
                assert len(efter[tabell]) == len(rader), tabell
            else:
                assert efter[tabell] == rader, tabell
        text = repr(efter["kalla"]) + repr(efter["handelse"])
        assert PNR[0] not in text and PNR[1] not in text
        assert "budget_" in text and "anna" in text
        # Siffrorna: samma bedömning som en nybyggd databas från samma standarddata.
        ram = malramverk.las(installningar.MALRAMVERK)
        with duckdb.connect(str(standardfil), read_only=True) as ny:
            vantat = [(r.mal_id, r.scope_id, [(i.indikator_id, i.varde, i.status) for i in r.indikatorer])
                      for r in bedomning.bedom(ny, ram, 2020)]
        fatt = [(r.mal_id, r.scope_id, [(i.indikator_id, i.varde, i.status) for i in r.indikatorer])
                for r in bedomning.bedom(con, ram, 2020)]
        assert fatt == vantat and len(fatt) >= 10
    finally:
        con.close()
    kopior = list(gammal_databas.parent.glob("uppfoljning.fore-schema-1-*.duckdb"))
    assert len(kopior) == 1
    with duckdb.connect(str(kopior[0]), read_only=True) as c:
        assert _innehall(c) == fore, "säkerhetskopian är databasen som den var före migreringen"
    # En andra öppning gör ingenting (ingen ny kopia).
    databas.oppna(gammal_databas).close()
    assert len(list(gammal_databas.parent.glob("uppfoljning.fore-schema-*"))) == 1


def test_ny_databas_far_aktuell_version(con):
    assert migrering.version(con) == migrering.SCHEMAVERSION


@pytest.mark.endast_fil("migrering av en databasfil från en tidigare version (tests/data/databas_schema1.duckdb.gz)")
def test_migrering_som_fallerar_andrar_ingenting(gammal_databas, monkeypatch):
    """Ett steg som går fel halvvägs (efter att ha ändrat rader): transaktionen rullas tillbaka."""
    def trasig(con):
        con.execute("UPDATE kalla SET filnamn = 'ändrad'")
        raise RuntimeError("avbrott mitt i migreringen")

    with duckdb.connect(str(gammal_databas), read_only=True) as c:
        fore = _innehall(c)
    monkeypatch.setattr(migrering, "MIGRERINGAR", [*migrering.MIGRERINGAR, ("trasig", trasig)])
    monkeypatch.setattr(migrering, "SCHEMAVERSION", len(migrering.MIGRERINGAR) + 1)
    with pytest.raises(RuntimeError):
        databas.oppna(gammal_databas)
    with duckdb.connect(str(gammal_databas), read_only=True) as c:
        assert migrering.version(c) == 1
        assert _innehall(c, utom=set()) == fore


@pytest.mark.endast_fil("migrering av en databasfil från en tidigare version (tests/data/databas_schema1.duckdb.gz)")
def test_databas_fran_nyare_version_vagras(gammal_databas):
    with duckdb.connect(str(gammal_databas)) as c:
        migrering.satt_version(c, migrering.SCHEMAVERSION + 5)
        fore = _innehall(c)
    with pytest.raises(migrering.MigreringsFel) as fel:
        databas.oppna(gammal_databas)
    assert "nyare version av produkten" in str(fel.value)
    with duckdb.connect(str(gammal_databas), read_only=True) as c:
        assert _innehall(c) == fore


# tests/data/databas_schema2.duckdb.gz är gjord med main 6a3ab15 (schemaversion 2, respondentgruppen ett CHECK-villkor
# i enkatfraga): standarddata, enkätsvar för 2021 inlästa av anna (enkat_svar.csv), kommunen Lycksele tillagd och
# avvecklad.
SCHEMA2 = TESTDATA / "databas_schema2.duckdb.gz"


@pytest.fixture
def databas_schema2(tmp_path) -> Path:
    fil = tmp_path / "uppfoljning.duckdb"
    with gzip.open(SCHEMA2) as inn, open(fil, "wb") as ut:
        shutil.copyfileobj(inn, ut)
    return fil


@pytest.mark.endast_fil("migrering av en databasfil från en tidigare version (tests/data/databas_schema2.duckdb.gz); "
                        "samma migrering i PostgreSQL prövas i tests/test_postgres.py")
def test_databas_fran_schemaversion_2_far_respondentgrupper_som_referensdata(databas_schema2, standarddatabas):
    """Respondentgruppen blir referensdata (tabellen respondentgrupp, främmande nyckel i stället för CHECK); varje
    tabell, rad och siffra finns kvar, och en ny grupp kan sedan få frågor och svar."""
    with duckdb.connect(str(databas_schema2), read_only=True) as c:
        fore = _innehall(c)
        assert migrering.version(c) == 2
    con = databas.oppna(databas_schema2)
    try:
        assert migrering.version(con) == migrering.SCHEMAVERSION
        efter = _innehall(con)
        assert set(fore) <= set(efter)
        for tabell, rader in fore.items():
            if tabell == "databas_info":
                assert [r for r in efter[tabell] if r[0] not in ("schemaversion", "kodversion")] == \
                    [r for r in rader if r[0] not in ("schemaversion", "kodversion")]
            else:
                assert efter[tabell] == rader, tabell
        assert efter["respondentgrupp"] == [("chefer", "Chefer", 3), ("deltagare", "Deltagare", 1),
                                            ("medarbetare", "Medarbetare", 2)]
        # Villkoren: gruppen pekar på referensdatan, inget CHECK på de tre namnen finns kvar.
        villkor = con.execute("SELECT table_name, constraint_type, expression FROM duckdb_constraints() WHERE "
                              "table_name IN ('enkatfraga', 'enkat_resultat', 'enkat_svarsfrekvens', "
                              "'referens_avvecklad')").fetchall()
        assert not [v for v in villkor if v[1] == "CHECK" and "chefer" in (v[2] or "")], villkor
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO enkatfraga VALUES ('ledning', 'x', 'En fråga', 'ja_nej', 1)")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO enkat_svarsfrekvens VALUES (2021, 'vannas', 'ledning', 1, 1, NULL, false, 1)")
        con.execute("INSERT INTO respondentgrupp VALUES ('ledning', 'Ledning', 4)")
        con.execute("INSERT INTO enkatfraga VALUES ('ledning', 'x', 'En fråga', 'ja_nej', 1)")
        con.execute("DELETE FROM enkatfraga WHERE respondentgrupp = 'ledning'")
        con.execute("DELETE FROM respondentgrupp WHERE respondentgrupp = 'ledning'")
        # Siffrorna: samma bedömning som en nybyggd databas för standarddatans år.
        ram = malramverk.las(installningar.MALRAMVERK)
        with duckdb.connect(str(standarddatabas), read_only=True) as ny:
            vantat = [(r.mal_id, r.scope_id, [(i.indikator_id, i.varde, i.status) for i in r.indikatorer])
                      for r in bedomning.bedom(ny, ram, 2020)]
        fatt = [(r.mal_id, r.scope_id, [(i.indikator_id, i.varde, i.status) for i in r.indikatorer])
                for r in bedomning.bedom(con, ram, 2020)]
        assert fatt == vantat and len(fatt) >= 10
    finally:
        con.close()
    kopior = list(databas_schema2.parent.glob("uppfoljning.fore-schema-2-*.duckdb"))
    assert len(kopior) == 1
    with duckdb.connect(str(kopior[0]), read_only=True) as c:
        assert _innehall(c) == fore
