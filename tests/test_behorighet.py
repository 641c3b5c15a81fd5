"""Roller och lokala användare med saltade lösenordshashar."""

import json

import pytest

from uppfoljning import behorighet
from uppfoljning.behorighet import Anvandare, BehorighetsFel


@pytest.fixture
def fil(tmp_path, monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    return tmp_path / "anvandare.json"


def test_losenord_sparas_bara_som_saltad_hash(fil):
    behorighet.satt_anvandare("anna", "editor", "ett långt lösenord", fil)
    behorighet.satt_anvandare("bo", "viewer", "ett långt lösenord", fil)
    innehall = fil.read_text(encoding="utf-8")
    assert "ett långt lösenord" not in innehall
    data = json.loads(innehall)
    assert data["anna"]["salt"] != data["bo"]["salt"], "samma lösenord ska ge olika hash"
    assert data["anna"]["hash"] != data["bo"]["hash"]
    assert oct(fil.stat().st_mode)[-3:] == "600"


def test_ratt_losenord_slapper_in_fel_gor_det_inte(fil):
    behorighet.satt_anvandare("anna", "editor", "ett långt lösenord", fil)
    assert behorighet.logga_in("anna", "ett långt lösenord", fil) == Anvandare("anna", "editor")
    assert behorighet.logga_in("anna", "fel lösenord!!", fil) is None
    assert behorighet.logga_in("okänd", "ett långt lösenord", fil) is None


def test_kort_losenord_och_okand_roll_avvisas(fil):
    with pytest.raises(BehorighetsFel, match="minst 10 tecken"):
        behorighet.satt_anvandare("anna", "editor", "kort", fil)
    with pytest.raises(BehorighetsFel, match="Rollen ska vara en av"):
        behorighet.satt_anvandare("anna", "superuser", "ett långt lösenord", fil)


def test_rollernas_ordning():
    assert Anvandare("a", "admin").minst("editor")
    assert Anvandare("a", "editor").minst("member")
    assert not Anvandare("a", "member").minst("editor")
    assert not Anvandare("a", "viewer").minst("member")


def test_oidc_roll_slas_upp_pa_epost_annars_viewer(fil):
    behorighet.satt_anvandare("ordforande@forbund.se", "member", "ett långt lösenord", fil)
    assert behorighet.roll_for_epost("Ordforande@forbund.se", fil) == "member"
    assert behorighet.roll_for_epost("okand@exempel.se", fil) == "viewer"
    assert behorighet.roll_for_epost(None, fil) == "viewer"


def test_okant_lage_ger_tydligt_fel(monkeypatch):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "ja")
    with pytest.raises(BehorighetsFel, match="UPPFOLJNING_INLOGGNING ska vara en av av, losenord, oidc"):
        behorighet.lage()


def test_forsta_administratoren_fran_kommandoraden(tmp_path):
    import os
    import subprocess
    import sys

    from uppfoljning import installningar

    fil = tmp_path / "anvandare.json"
    miljo = {**os.environ, "UPPFOLJNING_ANVANDARE": str(fil), "UPPFOLJNING_INLOGGNING": "losenord"}
    kort = subprocess.run([sys.executable, "-m", "uppfoljning", "anvandare", "anna", "--roll", "admin",
                           "--losenord-fran-stdin"], input="kort\n", text=True, capture_output=True, env=miljo,
                          cwd=installningar.ROT, timeout=60)
    assert kort.returncode == 1 and "minst 10 tecken" in kort.stderr
    ok = subprocess.run([sys.executable, "-m", "uppfoljning", "anvandare", "anna", "--roll", "admin",
                         "--losenord-fran-stdin"], input="ett långt lösenord\n", text=True, capture_output=True,
                        env=miljo, cwd=installningar.ROT, timeout=60)
    assert ok.returncode == 0, ok.stderr
    assert behorighet.logga_in("anna", "ett långt lösenord", fil) == Anvandare("anna", "admin")
