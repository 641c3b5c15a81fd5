"""Flera processer på samma databas: appen (AppTest i den här processen), kommandoradens import, rapport,
säkerhetskopia och återställning samtidigt. Ingen väntan slutar i en engelsk traceback, en dödad skrivare lämnar
inget halvskrivet, och appen ser en annan process inläsning vid nästa sidvisning."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, uppladdning

from .conftest import DASHBOARD, PG_LAGE, las

EXEMPEL = installningar.DATASETS / "examples"
SIDOR = ("pages/maluppfyllelse.py", "pages/data.py", "pages/plattformar.py", "pages/handelselogg.py")
# Felinjektion (uppladdning.py): inläsningen stannar mitt i transaktionen, efter att raderna skrivits men före
# COMMIT, och skriver en rad på standard fel när den står där.
PAUS = "UPPFOLJNING_TEST_PAUS_FORE_COMMIT"


@pytest.fixture(autouse=True)
def _tomma_streamlits_cachar():
    from uppfoljning import ui

    ui.glom_minnet()
    yield
    ui.glom_minnet()


def _cli(db: Path, *argument, miljo: dict | None = None, **kw) -> subprocess.Popen:
    env = {**os.environ, "UPPFOLJNING_DB": str(db), **(miljo or {})}
    return subprocess.Popen([sys.executable, "-m", "uppfoljning", *map(str, argument)], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=installningar.ROT, **kw)


def _klar(p: subprocess.Popen, timeout: float = 180) -> tuple[int, str, str]:
    ut, fel = p.communicate(timeout=timeout)
    return p.returncode, ut, fel


def _summa(db: Path | str) -> str:
    with las(db) as con:
        return uppladdning.kontrollsumma(con)


def _rader(db: Path | str, sql: str):
    with las(db) as con:
        return con.execute(sql).fetchall()


def _vanta_pa_pausen(p: subprocess.Popen) -> str:
    """Läser skrivarens standard fel tills den står mitt i transaktionen (eller har avslutats)."""
    lasta = ""
    while rad := p.stderr.readline():
        lasta += rad
        if "pausar före COMMIT" in rad:
            return lasta
    raise AssertionError(f"skrivaren kom aldrig fram till transaktionen: {lasta}{p.stdout.read()}")


def _visa_sidor(at: AppTest, varv: int = 1) -> int:
    visade = 0
    for _ in range(varv):
        for sida in SIDOR:
            at.switch_page(sida).run()
            assert not at.exception, (sida, at.exception)
            visade += 1
    return visade


def _app() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    assert not at.exception
    return at


def _inlasningar_pa_sidan(at: AppTest) -> list[str]:
    at.switch_page("pages/data.py").run()
    assert not at.exception
    return at.dataframe[0].value["Fil"].to_list()


def test_import_rapport_och_sakerhetskopia_medan_sidor_visas(app_databas, tmp_path):
    at = _app()
    _visa_sidor(at)  # appen har databasen öppen
    fore = _inlasningar_pa_sidan(at)
    assert "budget.csv" not in fore
    processer = {
        "import": _cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"),
        "report": _cli(app_databas, "report", "--period", "2020", "--excel", tmp_path / "pack.xlsx",
                       "--utan-diagram"),
        "backup": _cli(app_databas, "backup", tmp_path / "kopia.duckdb"),
    }
    visade = 0
    while any(p.poll() is None for p in processer.values()):
        visade += _visa_sidor(at)
    assert visade >= len(SIDOR), "sidorna visades medan kommandona körde"
    for namn, p in processer.items():
        kod, ut, fel = _klar(p)
        assert kod == 0, (namn, ut, fel)
        assert "Traceback" not in fel and "Error" not in fel, (namn, fel)
    assert (tmp_path / "pack.xlsx").stat().st_size > 0
    # Appen ser den andra processens inläsning vid nästa sidvisning, utan omstart.
    assert "budget.csv" in _inlasningar_pa_sidan(at)
    # Säkerhetskopian är en hel databas som går att öppna och fråga.
    assert _rader(tmp_path / "kopia.duckdb", "SELECT count(*) FROM plattform")[0][0] > 0


def test_tva_importer_samtidigt_vantar_pa_varandra_och_bada_sparas(app_databas):
    at = _app()
    miljo = {PAUS: "3"}
    a = _cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget", miljo=miljo)
    b = _cli(app_databas, "import", EXEMPEL / "aktualiseringar.csv", "--datamangd", "aktualiseringar",
             miljo=miljo)
    resultat = [_klar(a), _klar(b)]
    for kod, ut, fel in resultat:
        assert kod == 0, (ut, fel)
        assert "Inläst som nummer" in ut
        assert "Traceback" not in fel
    # Den som kom sist fick veta på svenska vad den väntade på, i stället för att dö.
    assert any("Väntar på" in fel for _, _, fel in resultat), [fel for _, _, fel in resultat]
    filer = {r[0] for r in _rader(app_databas, "SELECT filnamn FROM kalla")}
    assert {"budget.csv", "aktualiseringar.csv"} <= filer
    assert {"budget.csv", "aktualiseringar.csv"} <= set(_inlasningar_pa_sidan(at))


def test_dodad_skrivare_mitt_i_transaktionen_lamnar_datan_hel_och_lasbar(app_databas, tmp_path):
    at = _app()
    fore = _summa(app_databas)
    skrivare = _cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget", miljo={PAUS: "120"})
    _vanta_pa_pausen(skrivare)
    # Medan skrivaren står mitt i transaktionen läser andra: appens sidor, en rapport och en säkerhetskopia.
    lasare = [_cli(app_databas, "report", "--period", "2020", "--excel", tmp_path / "pack.xlsx", "--utan-diagram"),
              _cli(app_databas, "backup", tmp_path / "kopia.duckdb")]
    _visa_sidor(at)
    skrivare.send_signal(signal.SIGKILL)
    assert skrivare.wait(timeout=30) == -signal.SIGKILL
    _visa_sidor(at)
    for p in lasare:
        kod, ut, fel = _klar(p)
        assert kod == 0, (ut, fel)
    assert _summa(app_databas) == fore, "den dödade inläsningen har inte ändrat något"
    assert _summa(tmp_path / "kopia.duckdb") == fore, "säkerhetskopian är databasen före inläsningen"
    assert "budget.csv" not in _inlasningar_pa_sidan(at)
    # Skrivlåset släpptes när processen dog: nästa inläsning går igenom direkt, och inget skräp ligger kvar.
    kod, ut, fel = _klar(_cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    assert "Väntar" not in fel
    assert "budget.csv" in _inlasningar_pa_sidan(at)
    if not PG_LAGE:  # arbetsfilerna bredvid databasfilen (PostgreSQL har inga)
        kvar = sorted(p.name for p in app_databas.parent.iterdir() if p.name.startswith(f".{app_databas.name}"))
        assert kvar == [], kvar


def test_skrivning_som_vantar_for_lange_ger_svenskt_meddelande_pa_sidan(app_databas, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_SKRIVLAS_S", "1")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params.update({"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"})
    at.run()
    at.switch_page("pages/mal.py").run()
    assert not at.exception
    skrivare = _cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget", miljo={PAUS: "60"})
    try:
        _vanta_pa_pausen(skrivare)
        at.text_area(key="analys_text_1").set_value("Vuxentorget nådde nästan målet.")
        at.button(key="analys_spara_1").click().run()
        assert not at.exception, at.exception
        fel = " ".join(e.value for e in at.error)
        assert "Databasen är upptagen" in fel, fel
        assert "import" in fel and "Inget har sparats" in fel, fel
        assert "Traceback" not in fel and "Could not set lock" not in fel and "Conflicting" not in fel
    finally:
        skrivare.kill()
        skrivare.wait()


def _liten_fil():
    # Filer som processen skriver får vara högst 1 MiB: kopian av databasen får inte plats ("full disk").
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))


@pytest.mark.endast_fil("processens gräns för filstorlek är den inbäddade lagringens full disk; med PostgreSQL skriver "
                        "servern, inte processen")
def test_full_disk_ger_svenskt_meddelande_i_terminalen_och_andrar_inget(app_databas):
    fore = _summa(app_databas)
    kod, ut, fel = _klar(_cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget",
                              preexec_fn=_liten_fil))
    assert kod == 1, (ut, fel)
    assert "Traceback" not in fel and "Error" not in fel, fel
    assert "Databasen kunde inte skrivas" in fel and "disken" in fel and "Inget har sparats" in fel, fel
    assert _summa(app_databas) == fore
    assert not [p for p in app_databas.parent.iterdir() if p.name.startswith(f".{app_databas.name}")]


@pytest.mark.endast_fil("full disk simuleras i kopieringen av databasfilen (databas._kopiera), som PostgreSQL inte gör")
def test_full_disk_ger_svenskt_meddelande_pa_sidan(app_databas, monkeypatch):
    import errno

    from uppfoljning import databas

    def full(*_):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params.update({"ar": "2020", "mal": "mal1", "plattform": "vuxentorget"})
    at.run()
    at.switch_page("pages/mal.py").run()
    fore = _summa(app_databas)
    monkeypatch.setattr(databas, "_kopiera", full)
    at.text_area(key="analys_text_1").set_value("Vuxentorget nådde nästan målet.")
    at.button(key="analys_spara_1").click().run()
    assert not at.exception, at.exception
    fel = " ".join(e.value for e in at.error)
    assert "Databasen kunde inte skrivas" in fel and "disken" in fel, fel
    assert _summa(app_databas) == fore


def test_sakerhetskopia_och_aterstallning_medan_appen_kor(app_databas, tmp_path):
    at = _app()
    fore = _summa(app_databas)
    kopia = tmp_path / "natt" / "kopia.duckdb"
    kod, ut, fel = _klar(_cli(app_databas, "backup", kopia))
    assert kod == 0, fel
    assert "Säkerhetskopian" in ut and str(kopia) in ut
    assert _summa(kopia) == fore
    kod, ut, fel = _klar(_cli(app_databas, "import", EXEMPEL / "budget.csv", "--datamangd", "budget"))
    assert kod == 0, fel
    assert "budget.csv" in _inlasningar_pa_sidan(at)

    # En fil som inte är en databas återställs inte; databasen lämnas orörd.
    trasig = tmp_path / "trasig.duckdb"
    trasig.write_bytes(b"inte en databas" * 100)
    efter_import = _summa(app_databas)
    kod, ut, fel = _klar(_cli(app_databas, "restore", trasig))
    assert kod == 1 and "Traceback" not in fel and "Error" not in fel, fel
    assert "inte en säkerhetskopia" in fel, fel
    assert _summa(app_databas) == efter_import

    kod, ut, fel = _klar(_cli(app_databas, "restore", kopia))
    assert kod == 0, fel
    assert "Återställd" in ut
    # Datan är säkerhetskopians, återställningen står i händelseloggen, och den ersatta databasen finns kvar.
    assert _rader(app_databas, "SELECT count(*) FROM kalla WHERE filnamn = 'budget.csv'")[0][0] == 0
    (typ, beskrivning), = _rader(app_databas, "SELECT typ, beskrivning FROM handelse ORDER BY handelse_id DESC LIMIT 1")
    assert typ == "återställning" and "kopia.duckdb" in beskrivning
    # Den ersatta sparas bredvid databasfilen, eller med PostgreSQL som en säkerhetskopia bredvid den återställda.
    sparade = [p for p in (kopia.parent if PG_LAGE else app_databas.parent).iterdir() if "fore-aterstallning-" in p.name]
    assert len(sparade) == 1 and _summa(sparade[0]) == efter_import
    assert "budget.csv" not in _inlasningar_pa_sidan(at)
