"""PostgreSQL som lagring (UPPFOLJNING_DB=postgresql://…): samma siffror och sidor som den inbäddade
databasen, samma begränsningar i PostgreSQL själv, flera appinstanser och kommandoraden på samma data, en
dödad skrivare mitt i PostgreSQL-transaktionen, säkerhetskopia och återställning. Körs med make test-postgres
(och i .ci/run); en egen server startas av fixturen postgres_server i conftest.py."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import adbc_driver_postgresql.dbapi as pg
import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import databas, installningar, uppladdning
from uppfoljning.navigering import SIDOR

from .conftest import DASHBOARD
from .test_samtidighet import (  # noqa: F401 (_tomma_streamlits_cachar: samma autouse-fixtur här)
    EXEMPEL, PAUS, _cli, _tomma_streamlits_cachar, _inlasningar_pa_sidan, _klar, _vanta_pa_pausen, _visa_sidor)

pytestmark = pytest.mark.postgres


def _summa(adress: str) -> str:
    """Kontrollsumman över alla tabeller, läst ur PostgreSQL (en ny ögonblicksbild)."""
    con = databas.oppna_lasning(adress)
    try:
        return uppladdning.kontrollsumma(con)
    finally:
        con.close()


def _pg(adress: str, sql: str, parametrar=None):
    with pg.connect(adress, autocommit=True) as con, con.cursor() as cur:
        cur.execute(sql, parametrar)
        return cur.fetchall() if cur.description else None


def _innehall(con) -> dict[str, list]:
    """Varje tabells rader utan tidsstämplarna (när standarddatan lästes in skiljer sig mellan två byggen)."""
    ut = {}
    for (tabell,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall():
        kolumner = [f'"{k}"' for k, typ in con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? AND schema_name = 'main' "
            "ORDER BY column_index", [tabell]).fetchall() if typ != "TIMESTAMP"]
        ut[tabell] = con.execute(f'SELECT {", ".join(kolumner)} FROM "{tabell}" ORDER BY ALL').fetchall()
    return ut


def test_samma_data_och_siffror_som_den_inbaddade_databasen(pg_databas, standardfil, monkeypatch):
    with duckdb.connect(str(standardfil), read_only=True) as con:
        inbaddad = _innehall(con)
    fran_pg = databas.oppna_lasning(pg_databas)
    try:
        assert _innehall(fran_pg) == inbaddad
    finally:
        fran_pg.close()
    # Samma sidor, samma text och tabeller, ur de två lagringarna: styrelsens sidor och utfallssidorna (Data och
    # händelseloggen visar tidpunkter för inläsningen av standarddatan, som skiljer mellan två byggen).
    sidor = [s.fil for grupp in ("{Styrelsen}", "Utfall") for s in SIDOR[grupp]]
    texter = {}
    for lagring in (pg_databas, str(standardfil)):
        monkeypatch.setenv("UPPFOLJNING_DB", lagring)
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        at.query_params["ar"] = "2020"
        at.run()
        assert not at.exception
        for sida in sidor:
            at.switch_page(sida).run()
            assert not at.exception, (lagring, sida)
            texter[lagring, sida] = ([m.value for m in at.markdown] + [str(t.value) for t in at.table]
                                     + [str(d.value) for d in at.dataframe] + [m.value for m in at.metric])
    for sida in sidor:
        assert texter[pg_databas, sida] == texter[str(standardfil), sida], sida
        assert texter[pg_databas, sida], sida


def test_begransningarna_finns_i_postgresql(pg_databas):
    # Samma PRIMARY KEY, UNIQUE och CHECK som i schema.sql, i PostgreSQL själv: också den som skriver direkt i
    # servern (en annan integration, en handpåläggning) stoppas.
    antal = dict(_pg(pg_databas, "SELECT constraint_type, count(*) FROM information_schema.table_constraints "
                                 "WHERE table_schema = 'public' AND constraint_name NOT LIKE '%not_null' "
                                 "GROUP BY constraint_type"))
    assert antal["PRIMARY KEY"] >= 12 and antal["CHECK"] >= 15 and antal["FOREIGN KEY"] >= 15, antal
    with pytest.raises(pg.IntegrityError):
        _pg(pg_databas, "INSERT INTO utfall VALUES (2020, 'vannas', NULL, 'deltagare', 'K', -1, 1)")
    with pytest.raises(pg.IntegrityError):
        _pg(pg_databas, "INSERT INTO kommun VALUES ('umea', 'Umeå igen')")
    fore = _summa(pg_databas)
    with pytest.raises(duckdb.ConstraintException), databas.skrivning(pg_databas, "ett test") as con:
        con.execute("INSERT INTO kommun VALUES ('umea', 'Umeå igen')")
    assert _summa(pg_databas) == fore


def test_tva_appinstanser_och_kommandoraden_ser_varandras_andringar(pg_databas):
    """Instans A är AppTest här; instans B en annan process med en egen app (AppTest) som sparar en analys på
    sidan Mål; kommandoraden läser in en fil. A ser båda vid nästa sidvisning."""
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params.update({"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"})
    at.run()
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    assert "Skriven i instans B" not in " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.text)
    instans_b = textwrap.dedent(f"""
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({DASHBOARD!r}, default_timeout=120)
        at.query_params.update({{"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"}})
        at.run()
        at.switch_page("pages/mal.py").run()
        at.text_area(key="analys_text_1").set_value("Skriven i instans B.")
        at.button(key="analys_spara_1").click().run()
        assert not at.exception, at.exception
        print([t.value for t in at.text])
    """)
    b = subprocess.run([sys.executable, "-c", instans_b], capture_output=True, text=True, timeout=300,
                       cwd=installningar.ROT, env={**__import__("os").environ, "UPPFOLJNING_DB": pg_databas})
    assert b.returncode == 0, b.stderr[-3000:]
    assert "Skriven i instans B." in b.stdout, b.stdout
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    at.run()
    assert not at.exception
    assert "Skriven i instans B." in [t.value for t in at.text]
    assert "budget.csv" in _inlasningar_pa_sidan(at)


def test_tva_importer_samtidigt_mot_postgresql(pg_databas):
    miljo = {PAUS: "3"}
    a = _cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget", miljo=miljo)
    b = _cli(pg_databas, "import", EXEMPEL / "aktualiseringar.csv", "--datamangd", "aktualiseringar", miljo=miljo)
    resultat = [_klar(a), _klar(b)]
    for kod, ut, fel in resultat:
        assert kod == 0, (ut, fel)
        assert "Traceback" not in fel
    assert any("Väntar på" in fel and "importen av" in fel for _, _, fel in resultat), resultat
    filer = {r[0] for r in _pg(pg_databas, "SELECT filnamn FROM kalla")}
    assert {"budget.csv", "aktualiseringar.csv"} <= filer
    # Sekvenserna följer med: två inläsningar fick olika nummer, och händelseloggen har båda.
    assert len({r[0] for r in _pg(pg_databas, "SELECT kalla_id FROM kalla")}) == len(
        _pg(pg_databas, "SELECT kalla_id FROM kalla"))


def test_dodad_skrivare_mitt_i_postgresql_transaktionen(pg_databas, tmp_path):
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    assert not at.exception
    fore, version = _summa(pg_databas), _pg(pg_databas, "SELECT version FROM lagring_version")
    skrivare = _cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget",
                    miljo={"UPPFOLJNING_TEST_PAUS_FORE_PG_COMMIT": "120"})
    _vanta_pa_pausen(skrivare)
    backup = _cli(pg_databas, "backup", tmp_path / "kopia.duckdb")
    _visa_sidor(at)
    skrivare.send_signal(signal.SIGKILL)
    assert skrivare.wait(timeout=30) == -signal.SIGKILL
    kod, ut, fel = _klar(backup)
    assert kod == 0, fel
    _visa_sidor(at)
    assert _summa(pg_databas) == fore
    assert _pg(pg_databas, "SELECT version FROM lagring_version") == version
    with duckdb.connect(str(tmp_path / "kopia.duckdb"), read_only=True) as con:
        assert uppladdning.kontrollsumma(con) == fore
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0 and "Väntar" not in fel, fel
    assert "budget.csv" in _inlasningar_pa_sidan(at)


def test_sakerhetskopia_och_aterstallning_i_postgresql(pg_databas, tmp_path):
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    kopia = tmp_path / "kopia.duckdb"
    kod, ut, fel = _klar(_cli(pg_databas, "backup", kopia))
    assert kod == 0, fel
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    assert "budget.csv" in _inlasningar_pa_sidan(at)
    kod, ut, fel = _klar(_cli(pg_databas, "restore", kopia))
    assert kod == 0, fel
    assert _pg(pg_databas, "SELECT count(*) FROM kalla WHERE filnamn = 'budget.csv'")[0][0] == 0
    (typ, beskrivning), = _pg(pg_databas, "SELECT typ, beskrivning FROM handelse ORDER BY handelse_id DESC LIMIT 1")
    assert typ == "återställning" and "kopia.duckdb" in beskrivning
    assert "budget.csv" not in _inlasningar_pa_sidan(at)
    # Efter återställningen är datan kopians: samma källor och samma rader.
    with duckdb.connect(str(kopia), read_only=True) as con:
        for tabell in ("kalla", "deltagare", "utfall", "budget"):
            assert _pg(pg_databas, f"SELECT count(*) FROM {tabell}") == con.execute(
                f"SELECT count(*) FROM {tabell}").fetchall(), tabell


def test_en_liten_skrivning_skriver_bara_de_rader_som_andrats(pg_databas):
    """En skrivning rör i PostgreSQL bara de rader den ändrat (per primärnyckel, och i tabeller utan primärnyckel
    per inläsning, kalla_id): oförändrade rader behåller sin version (xmin). Förr skrevs en ändrad tabell om hel,
    vilket tar ~20 s vid en miljon deltagare."""
    def xmin(tabell: str, nyckel: str) -> dict:
        return {r[0]: r[1] for r in _pg(pg_databas, f"SELECT {nyckel}, xmin::text FROM {tabell}")}

    plattformar, utfall = xmin("plattform", "plattform_id"), xmin("utfall", "ctid::text || '/' || kalla_id")
    kalla = _pg(pg_databas, "SELECT min(kalla_id) FROM utfall")[0][0]
    namn = sorted(plattformar)[0]
    with databas.skrivning(pg_databas, "testet") as con:
        con.execute("UPDATE plattform SET namn = namn || ' (ny)' WHERE plattform_id = ?", [namn])
        ny = con.execute("INSERT INTO kalla (datamangd, filnamn, sha256, antal_rader, inlast, inlast_av) "
                         "SELECT datamangd, filnamn, sha256 || 'x', 2, inlast, 'testet' FROM kalla "
                         "WHERE kalla_id = ? RETURNING kalla_id", [kalla]).fetchall()[0][0]
        con.execute("INSERT INTO utfall SELECT period, plattform_id, kommun_id, matt_id, kon, antal + 1, ? "
                    "FROM utfall WHERE kalla_id = ? LIMIT 2", [ny, kalla])
    efter_p, efter_u = xmin("plattform", "plattform_id"), xmin("utfall", "ctid::text || '/' || kalla_id")
    assert {k for k in plattformar if efter_p.get(k) != plattformar[k]} == {namn}
    assert all(efter_u.get(k) == v for k, v in utfall.items()), "oförändrade utfallsrader skrevs om"
    assert sum(1 for k in efter_u if k.endswith(f"/{ny}")) == 2
    assert _pg(pg_databas, "SELECT namn FROM plattform WHERE plattform_id = $1", [namn])[0][0].endswith(" (ny)")
    # Och ögonblicksbilden ur PostgreSQL har samma innehåll som skrivningen lämnade.
    con = databas.oppna_lasning(pg_databas)
    try:
        assert con.execute("SELECT count(*) FROM utfall WHERE kalla_id = ?", [ny]).fetchall()[0][0] == 2
    finally:
        con.close()


def test_en_ny_ogonblicksbild_hamtar_bara_tabeller_som_skrivits(pg_databas):
    """Efter en skrivning hämtar processen bara de tabeller som skrivits sedan dess förra ögonblicksbild från
    PostgreSQL (de övriga tas ur processens cache), och ser ändringen."""
    from uppfoljning import lagring_pg

    databas.oppna_lasning(pg_databas).close()
    fore = dict(lagring_pg._CACHE[pg_databas])
    assert {"kommun", "plattform", "kalla"} <= set(fore)
    with databas.skrivning(pg_databas, "testet") as con:
        con.execute("UPDATE kommun SET namn = 'Ändrad kommun' WHERE kommun_id = (SELECT min(kommun_id) FROM kommun)")
    con = databas.oppna_lasning(pg_databas)
    try:
        assert con.execute("SELECT count(*) FROM kommun WHERE namn = 'Ändrad kommun'").fetchall()[0][0] == 1
    finally:
        con.close()
    efter = lagring_pg._CACHE[pg_databas]
    assert efter["kommun"][1] is not fore["kommun"][1]
    assert efter["plattform"][1] is fore["plattform"][1]
    assert efter["kalla"][1] is fore["kalla"][1]


def test_aterstallning_till_en_tom_postgresql_databas(postgres_server, tmp_path, standardfil):
    """Flytten från databasfil till PostgreSQL: restore mot en helt ny, tom databas (förut en traceback:
    lagring_version saknades)."""
    from .conftest import _pg_sql

    namn = f"tom_{__import__('os').getpid()}"
    _pg_sql(postgres_server.format("postgres"), f"CREATE DATABASE {namn}")
    adress = postgres_server.format(namn)
    kopia = tmp_path / "kopia.duckdb"
    kopia.write_bytes(standardfil.read_bytes())
    kod, ut, fel = _klar(_cli(adress, "restore", kopia))
    assert kod == 0, fel
    assert "Traceback" not in fel
    with duckdb.connect(str(standardfil), read_only=True) as con:
        for tabell in ("kalla", "utfall", "budget"):
            assert _pg(adress, f"SELECT count(*) FROM {tabell}") == con.execute(
                f"SELECT count(*) FROM {tabell}").fetchall(), tabell
    from uppfoljning import lagring_pg

    lagring_pg.stang_anslutningar()


def test_postgres_fran_schemaversion_2_migreras_och_tar_en_ny_respondentgrupp(pg_databas):
    """En PostgreSQL-databas som main 6a3ab15 lämnade den (schemaversion 2: CHECK på tre respondentgrupper, ingen
    tabell respondentgrupp) uppdateras när appen öppnar den: varje rad kvar, grupperna som referensdata, och en ny
    grupp med frågor går att spara (förut stoppade PostgreSQL:s CHECK den)."""
    from uppfoljning import lagring_pg, migrering
    from uppfoljning import referensredigering as ref

    con = databas.oppna_lasning(pg_databas)
    try:
        fore = _innehall(con)
    finally:
        con.close()
    for tabell in ("enkatfraga", "enkat_resultat", "enkat_svarsfrekvens"):
        for (namn,) in _pg(pg_databas, "SELECT conname FROM pg_constraint WHERE conrelid = to_regclass($1) AND "
                                       "contype = 'f' AND pg_get_constraintdef(oid) LIKE '%respondentgrupp(%'",
                           [tabell]):
            _pg(pg_databas, f'ALTER TABLE {tabell} DROP CONSTRAINT "{namn}"')
    _pg(pg_databas, "DROP TABLE respondentgrupp")
    _pg(pg_databas, "DELETE FROM lagring_tabell WHERE tabell = 'respondentgrupp'")
    _pg(pg_databas, "ALTER TABLE enkatfraga ADD CHECK (respondentgrupp IN ('deltagare', 'medarbetare', 'chefer'))")
    for (namn,) in _pg(pg_databas, "SELECT conname FROM pg_constraint WHERE conrelid = 'referens_avvecklad'::regclass "
                                   "AND contype = 'c'"):
        _pg(pg_databas, f'ALTER TABLE referens_avvecklad DROP CONSTRAINT "{namn}"')
    _pg(pg_databas, "ALTER TABLE referens_avvecklad ADD CHECK (tabell IN ('plattform', 'kommun', 'utfallsmatt'))")
    _pg(pg_databas, "UPDATE databas_info SET varde = '2' WHERE nyckel = 'schemaversion'")
    _pg(pg_databas, "UPDATE databas_info SET varde = 'main-6a3ab15' WHERE nyckel = 'kodversion'")
    # Som en databas som den här processen inte läst förut (annars används processens cache av tabellerna).
    _pg(pg_databas, "UPDATE lagring_version SET version = version + 100")
    _pg(pg_databas, "UPDATE lagring_tabell SET version = version + 100")
    lagring_pg.stang_anslutningar()
    con = databas.oppna_lasning(pg_databas)
    try:
        assert migrering.version(con) == migrering.SCHEMAVERSION
        assert con.execute("SELECT respondentgrupp, namn FROM respondentgrupp ORDER BY sortering").fetchall() == [
            ("deltagare", "Deltagare"), ("medarbetare", "Medarbetare"), ("chefer", "Chefer")]
        efter = _innehall(con)
    finally:
        con.close()
    assert {t: v for t, v in efter.items() if t not in ("respondentgrupp", "databas_info")} == \
        {t: v for t, v in fore.items() if t not in ("respondentgrupp", "databas_info")}
    with databas.skrivning(pg_databas, "prov") as skriv:
        ref.lagg_till_respondentgrupp(skriv, "anna", "arbetsgivare", "Arbetsgivare", "medarbetare")
    assert _pg(pg_databas, "SELECT count(*) FROM enkatfraga WHERE respondentgrupp = 'arbetsgivare'")[0][0] == 4
    with pytest.raises(Exception):
        _pg(pg_databas, "INSERT INTO enkatfraga VALUES ('okand', 'x', 'En fråga', 'ja_nej', 1)")


def test_full_disk_pa_postgresql_servern_ger_ett_svenskt_besked_och_andrar_ingenting(pg_databas):
    """Full disk på PostgreSQL-servern, som servern själv säger det (SQLSTATE 53100 disk_full, "could not extend
    file … No space left on device"), när en inläsning skriver sin rad i kalla: en utlöser i PostgreSQL ger felet
    just där, mitt i skrivningens transaktion. Kommandoraden och appens skrivväg ger ett svenskt besked utan
    traceback, och ingenting är ändrat."""
    _pg(pg_databas, """CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        RAISE EXCEPTION 'could not extend file "base/16384/16400": No space left on device'
            USING ERRCODE = 'disk_full', HINT = 'Check free disk space.'; END $$""")
    _pg(pg_databas, "CREATE TRIGGER full_disk BEFORE INSERT ON kalla FOR EACH ROW EXECUTE FUNCTION full_disk()")
    fore, version = _summa(pg_databas), _pg(pg_databas, "SELECT version FROM lagring_version")

    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod != 0, (ut, fel)
    assert "Traceback" not in fel + ut, fel
    assert "disken är full" in fel and "Inget har sparats" in fel, fel
    assert "could not extend" not in fel + ut

    with pytest.raises(databas.DatabasFel) as undantag:
        with databas.skrivning(pg_databas, "testets inläsning") as con:
            uppladdning.las_in(con, (EXEMPEL / "budget.csv").read_bytes(), "budget.csv", "budget", "test")
    assert "disken är full" in str(undantag.value) and "testets inläsning" in str(undantag.value)

    assert _summa(pg_databas) == fore
    assert _pg(pg_databas, "SELECT version FROM lagring_version") == version
    # Utrymmet frigjort (utlösaren borttagen): samma inläsning går igenom.
    _pg(pg_databas, "DROP TRIGGER full_disk ON kalla")
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    assert "budget.csv" in {r[0] for r in _pg(pg_databas, "SELECT filnamn FROM kalla")}


def test_skrivlaset_slapps_efter_varje_skrivning_fast_anslutningen_ateranvands(pg_databas):
    """Skrivlåsets anslutning lånas ur processens lediga (lagring_pg._lanad): efter en skrivning som gick igenom och
    efter en som fallerade mitt i blocket håller processen inget advisory-lås, och en annan process skriver genast
    utan att vänta."""
    def las_i_processen() -> int:
        return _pg(pg_databas, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                               "WHERE l.locktype = 'advisory' AND a.datname = current_database()")[0][0]

    with databas.skrivning(pg_databas, "testets första skrivning") as con:
        assert las_i_processen() == 1
        con.execute("UPDATE plattform SET namn = namn || ' ' WHERE plattform_id = 'vannas'")
    assert las_i_processen() == 0
    with pytest.raises(RuntimeError):
        with databas.skrivning(pg_databas, "testets andra skrivning"):
            raise RuntimeError("mitt i blocket")
    assert las_i_processen() == 0
    # Samma anslutning igen (den lediga), och låset tas och släpps som förut.
    with databas.skrivning(pg_databas, "testets tredje skrivning"):
        assert las_i_processen() == 1
    assert las_i_processen() == 0
    kod, ut, fel = _klar(_cli(pg_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0 and "Väntar" not in fel, fel
