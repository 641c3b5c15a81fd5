"""Skyddet för små tal på sidorna Plattformar, Kommuner, Kvinnor och män, Över tid och Ekonomi (och Utfall och
Mål, som visar samma tal): vad en läsare (viewer) och en styrelseledamot (member) ser, att inget dolt tal går
att räkna fram ur det en läsare kan ladda ner, och att diagrammen inte visar dolda tal.

Siffrorna är handavskrivna ur styrelsehandlingen:
- Bjurholm 2020, Bilaga 3 rad 6892-6904: 15 deltagare (8 kvinnor, 7 män), 11 nya, 1 avslutad (en kvinna, till
  arbete: 100 %), 14 kvar (7 + 7).
- Vännäs 2020, Bilaga 3 rad 6834-6847: 78 deltagare, 34 avslutade (14 + 20), positiv lösning 16 (7 + 9) = 47 %,
  arbete 0 + 2 (källans Totalt säger 3), extratjänst 1, saknar arbetsförmåga 0 + 1 (källans Totalt 0).
- Förbundet totalt 2020, rad 5553-5568: 914 deltagare, 210 avslutade, positiv lösning 150 = 71 %.
- Aktualiseringar 2020, rad 6471-6530: 448 totalt; Socialtjänsten Bjurholm 3, varav 1 kvinna (33 %), 100 % ja.
- Budget 2020, Bilaga 4 rad 6920-6995: Bjurholm 376 tkr; kostnad per avslutad 376 000 kr för 1 avslutad.
"""

from __future__ import annotations

import io
import json
import re

import polars as pl
import pytest
import streamlit.testing.v1.app_test as app_test_modul
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from uppfoljning import export, fragor, installningar, jamforelse, malramverk, motesunderlag, skydd, smatal
from uppfoljning import kon_och_tid as kt
from uppfoljning.behorighet import Anvandare

from .conftest import DASHBOARD, skriv

GRANS = 5
DOLT = {"dold"}  # alla dolda antal har samma etikett; "<5" är ett fel

# Måttens namn (som de står i tabellerna, utan indrag, SUS-koder och ⚠) -> id. utfallsmatt.csv.
MATT = {
    "antal deltagare hela året": "deltagare",
    "varav nya för året": "nya",
    "totalt antal avslutade hela året": "avslutade",
    "avslutade till en för individen positiv lösning": "positiv_losning",
    "varav till arbete": "arbete",
    "varav till extratjänst": "extratjanst",
    "varav till studier": "studier",
    "varav fortsatt rehab och öppet arbetssökande": "fortsatt_rehab",
    "varav saknar arbetsförmåga": "saknar_arbetsformaga",
    "avbrott av hälsoskäl": "avbrott_halsa",
    "övriga avbrott": "ovriga_avbrott",
    "antal kvar i verksamheten vid årets slut": "kvar",
}
AVSLUTSORSAKER = ["arbete", "extratjanst", "studier", "fortsatt_rehab", "saknar_arbetsformaga", "avbrott_halsa",
                  "ovriga_avbrott"]
# Positiv lösning 2020 (fotnot rad 5553): arbete, extratjänst, studier, fortsatt rehab, saknar arbetsförmåga.
POSITIV = AVSLUTSORSAKER[:5]
PLATTFORMAR = ["Ungdomstorget", "Vuxentorget", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling", "Bjurholm"]
KOMMUNER = ["Umeå", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling", "Bjurholm"]
KON = {"Kvinnor": "kvinnor", "Män": "man", "Totalt": "totalt"}


# ---------------------------------------------------------------- hjälpare


@pytest.fixture
def lagrade(monkeypatch) -> tuple[list[MemoryMediaFileStorage], list[MediaFileManager]]:
    """Filerna bakom nedladdningsknapparna: AppTest lägger dem i ett minneslager per körning; spara lagret och
    hanteraren (som bygger en fil som byggs först vid klick)."""
    lager: list[MemoryMediaFileStorage] = []
    hanterare: list[MediaFileManager] = []

    class Sparande(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            lager.append(self)

    class Hanterare(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            hanterare.append(self)

    monkeypatch.setattr(app_test_modul, "MemoryMediaFileStorage", Sparande)
    monkeypatch.setattr(app_test_modul, "MediaFileManager", Hanterare)
    return lager, hanterare


def _app(roll: str, monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
    return at.run()


def _sida(at: AppTest, sida: str, **parametrar) -> AppTest:
    """Sidan med filtren i URL:en, i en ny session för samma användare (filtrens widgetar minns annars förra
    valet, som i en webbläsare där man byter URL)."""
    ny = AppTest.from_file(DASHBOARD, default_timeout=60)
    ny.session_state["inloggad"] = at.session_state["inloggad"]
    ny.run()
    ny.switch_page(sida)
    ny.query_params.update({"ar": "2020", **parametrar})
    ny.run()
    assert not ny.exception, ny.exception
    return ny


def _nedladdningar(at: AppTest, lagrade) -> dict[str, pl.DataFrame]:
    """CSV-filerna som sidan erbjuder, som text (precis det en läsare får), efter filnamn utan ändelse. Filerna som
    byggs först vid klick byggs här, som när läsaren klickar. Excel-filen bredvid en CSV-fil ska visa samma
    celler (samma dolda tal), och prövas här."""
    lager, hanterare = lagrade
    filer, excel = {}, {}
    for knapp in at.get("download_button"):
        url = knapp.proto.url or hanterare[-1].execute_deferred(knapp.proto.deferred_file_id)
        fil = lager[-1].get_file(url.rsplit("/", 1)[-1].split("?")[0].rsplit(".", 1)[0])
        if fil.filename.endswith(".csv"):
            filer[fil.filename.removesuffix(".csv")] = pl.read_csv(io.BytesIO(fil.content), separator=";",
                                                                    infer_schema=False)
        elif fil.filename.endswith(".xlsx"):
            excel[fil.filename.removesuffix(".xlsx")] = _excel_som_text(fil.content)
    assert set(excel) == set(filer), (sorted(excel), sorted(filer))
    for namn, tabell in filer.items():
        assert excel[namn] == _csv_som_celler(tabell), f"Excel-filen {namn} visar inte samma celler som CSV-filen"
    return filer


def _cell(v) -> str | None:
    """En cell jämförbar mellan CSV (text, decimalkomma) och Excel (tal): tal som tal, text som text."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, int | float):
        return repr(float(v))
    try:
        return repr(float(v.replace(",", ".")))
    except ValueError:
        return v.removeprefix("'")  # CSV: ett inledande ' framför text som Excel skulle tolka som formel


def _excel_som_text(innehall: bytes) -> list[tuple]:
    import openpyxl

    (ark,) = openpyxl.load_workbook(io.BytesIO(innehall)).worksheets
    return [tuple(_cell(c) for c in rad) for rad in ark.iter_rows(values_only=True)]


def _csv_som_celler(tabell: pl.DataFrame) -> list[tuple]:
    return [tuple(_cell(c) for c in tabell.columns)] + [tuple(_cell(v) for v in rad) for rad in tabell.rows()]


def _diagram(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("plotly_chart")]


def _tabell(at: AppTest, nr: int):
    return at.table[nr].value


def _rader(tabell, index: str | None = None) -> dict:
    """Tabellens rader efter det första (eller index-)värdet, utan indrag och ⚠."""
    df = tabell.reset_index()
    nyckel = index or df.columns[0]
    return {_namn(str(r[nyckel])): r for _, r in df.iterrows()}


def _namn(text: str) -> str:
    text = text.replace("\u00a0", " ").replace("⚠", "").strip()
    return re.sub(r" \(SUS [^)]*\)$", "", text).strip()


def _tal(text) -> int | None:
    """Ett synligt antal som heltal, None för dolt ("dold", "dold"). Allt annat är ett fel i testet."""
    text = str(text).replace("\u00a0", " ").replace("⚠", "").strip()
    if text in DOLT:
        return None
    assert re.fullmatch(r"-?\d[\d ]*", text), f"varken tal eller dolt: {text!r}"
    return int(text.replace(" ", ""))


def _synlig(text) -> bool:
    return text is not None and str(text).strip() not in DOLT and str(text).strip() != ""


def _inga_siffror(text: str) -> bool:
    """Inga siffror utom gränsen i skälet ("färre än 5 personer")."""
    return not re.search(r"\d", str(text).replace(f"färre än {GRANS}", ""))


def _punkter(spec: dict, kategori: str) -> list[tuple[dict, int]]:
    """(spår, index) för alla punkter i diagrammet vars kategori (x, eller y för liggande staplar) är kategori."""
    traffar = []
    for spar in spec["data"]:
        kategorier = spar.get("y") if spar.get("orientation") == "h" else spar.get("x")
        for i, k in enumerate(kategorier or []):
            if k == kategori:
                traffar.append((spar, i))
    return traffar


def _diagrammet_visar_inte(spec: dict, kategori: str) -> None:
    """En dold kategori: inget värde (bara den grå markeringen "dold" vid noll) och inga tal i hovring eller text."""
    punkter = _punkter(spec, kategori)
    assert punkter, f"{kategori} saknas i diagrammet"
    for spar, i in punkter:
        varden = spar.get("x") if spar.get("orientation") == "h" else spar.get("y")
        if spar.get("name", "").startswith("Dold"):
            assert varden[i] == 0 and spar["text"][i] == "dold"
        else:
            assert varden[i] is None, (spar.get("name"), varden[i])
        for falt in ("customdata", "text", "hovertext"):
            if spar.get(falt):
                assert _inga_siffror(spar[falt][i]), spar[falt][i]


# ---------------------------------------------------------------- Plattformar


def test_plattformar_lasare_ser_skyddade_tal_och_ledamot_ser_allt(app_databas, monkeypatch, tmp_path, lagrade):
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/plattformar.py")
    rader = _rader(_tabell(at, 0))
    bjurholm, vannas = (lambda m: rader[m]["Bjurholm"]), (lambda m: rader[m]["Vännäs"])
    assert bjurholm("Antal deltagare hela året") == "15"
    assert bjurholm("Totalt antal avslutade hela året") == "dold"
    assert bjurholm("Avslutade till en för individen positiv lösning") == "dold"
    # Bjurholms enda avslutade skulle gå att räkna fram ur förbundets 210: en annan plattform döljs också.
    assert sum(rader["Totalt antal avslutade hela året"][p] in DOLT for p in PLATTFORMAR) >= 2
    assert vannas("Avslutade till en för individen positiv lösning") == "16 (47 %)"
    assert vannas("Varav till arbete").removesuffix(" ⚠") == "dold"
    kvinnor = _rader(_tabell(at, 1))
    # Kvinnor (8) och män (7) bland Bjurholms deltagare visas: de avslutade kvinnorna och männen är dolda, och
    # "dold" säger bara att de är minst 0, alltså 0-8 och 0-7. (När ett dolt tal kunde vara "<5" eller "dold",
    # minst 5, sade män 7 att högst 2 män avslutats, och kvinnor och män måste döljas.)
    assert kvinnor["Antal deltagare hela året"]["Bjurholm"] == "53 % (8 av 15)"
    assert kvinnor["Totalt antal avslutade hela året"]["Bjurholm"] == "dold"
    assert any("\"dold\" betyder färre än 5 personer, eller ett tal som skulle" in c.value for c in at.caption)
    # Datakvalitetsfynden nämner inte källans tal (Vännäs arbete: källan säger 3, könen ger 2).
    assert not any("anger 3" in m.value for m in at.markdown)

    ned = _nedladdningar(at, lagrade)["Plattformar 2020"]
    rad = ned.filter((pl.col("Plattform") == "Bjurholm") & (pl.col("Mått") == "Totalt antal avslutade hela året"))
    assert rad.row(0, named=True) | {} and rad["Totalt"][0] == "dold" and rad["Kvinnor"][0] == "dold"
    assert "Annat/okänt kön" not in ned.columns  # ingen har annat kön; en kolumn med nollor vore ett litet tal

    (spec,) = _diagram(at)
    _diagrammet_visar_inte(spec, "Bjurholm")
    assert "1 av 1" not in json.dumps(spec, ensure_ascii=False)

    at = _sida(_app("member", monkeypatch, tmp_path), "pages/plattformar.py")
    rader = _rader(_tabell(at, 0))
    assert rader["Totalt antal avslutade hela året"]["Bjurholm"] == "1"
    assert rader["Avslutade till en för individen positiv lösning"]["Bjurholm"] == "1 (100 %)"
    assert rader["Varav till arbete"]["Vännäs"] == "2 (13 %) ⚠"
    assert any("anger 3" in m.value for m in at.markdown)
    ned = _nedladdningar(at, lagrade)["Plattformar 2020"]
    rad = ned.filter((pl.col("Plattform") == "Bjurholm") & (pl.col("Mått") == "Totalt antal avslutade hela året"))
    assert rad["Totalt"][0] == "1"
    (spec,) = _diagram(at)
    ((spar, i),) = [(s, i) for s, i in _punkter(spec, "Bjurholm")]
    assert spar["y"][i] == 100 and "1 av 1 avslutade" in spar["customdata"][i][0]


@pytest.mark.parametrize("sida", ["pages/plattformar.py", "pages/kommuner.py"])
def test_tabellerna_som_ledamoten_fatt_ur_cachen_visas_aldrig_for_en_lasare(app_databas, monkeypatch, tmp_path,
                                                                               lagrade, sida):
    """Sidorna cachar sina färdiga tabeller per filterval; ledamoten först och läsaren sedan, samma filter."""
    ledamot = _sida(_app("member", monkeypatch, tmp_path), sida)
    assert "Bjurholm" in json.dumps(_diagram(ledamot), ensure_ascii=False)
    lasare = _sida(_app("viewer", monkeypatch, tmp_path), sida)
    rader = _rader(_tabell(lasare, 0))
    assert rader["Totalt antal avslutade hela året"]["Bjurholm"] == "dold"
    assert _rader(_tabell(ledamot, 0))["Totalt antal avslutade hela året"]["Bjurholm"] == "1"
    _diagrammet_visar_inte(_diagram(lasare)[0], "Bjurholm")
    ned = next(df for namn, df in _nedladdningar(lasare, lagrade).items() if namn.endswith(" 2020")
               and not namn.startswith("Aktualiseringar"))
    assert "dold" in ned["Totalt"].to_list() and "1" not in ned["Totalt"].to_list()


def test_plattformar_bara_vannas_och_bjurholm(app_databas, monkeypatch, tmp_path, lagrade):
    """Ett urval av plattformar visar samma skydd som hela förbundet: skyddet gäller året, inte urvalet."""
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/plattformar.py", plattformar="vannas,bjurholm")
    rader = _rader(_tabell(at, 0))
    assert list(rader["Antal deltagare hela året"].index[1:3]) == ["Vännäs", "Bjurholm"]
    assert rader["Totalt antal avslutade hela året"]["Bjurholm"] == "dold"
    assert rader["Totalt antal avslutade hela året"]["Vännäs"] == "34"
    ned = _nedladdningar(at, lagrade)["Plattformar 2020"]
    assert set(ned["Plattform"].to_list()) == {"Vännäs", "Bjurholm"}
    _ingen_kan_raknas_fram({**_utfallsceller(ned, "Plattform", "plattform")}, tabell="Plattformar (urval)")


# ---------------------------------------------------------------- Kommuner


def test_kommuner_lasare_och_ledamot(app_databas, monkeypatch, tmp_path, lagrade):
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/kommuner.py")
    rader = _rader(_tabell(at, 0))
    assert rader["Totalt antal avslutade hela året"]["Bjurholm"] == "dold"
    assert rader["Antal deltagare hela året"]["Umeå"] == "678"  # 244 + 434
    akt = _rader(_tabell(at, 2), "Remitterande part")
    assert akt["Socialtjänsten Bjurholm"]["Aktualiserade"] == "dold"
    assert akt["Socialtjänsten Bjurholm"]["Varav kvinnor"] == "dold"
    assert akt["Socialtjänsten Bjurholm"]["Fått ja i beredning"] == "dold"
    assert akt["Arbetsförmedlingen"]["Varav kvinnor"] == "47 % (51)"
    assert akt["Totalt"]["Aktualiserade"] == "448"
    specs = _diagram(at)
    _diagrammet_visar_inte(specs[0], "Bjurholm")
    _diagrammet_visar_inte(specs[1], "Socialtjänsten Bjurholm")

    at = _sida(at, "pages/kommuner.py", kommun="bjurholm")
    akt = _rader(_tabell(at, 2), "Remitterande part")
    # Bjurholms totalrad (3 + 7 = 10) skulle avslöja Socialtjänstens 3: totalraden döljs hellre än en part.
    assert akt["Totalt"]["Aktualiserade"] == "dold"
    # Annan kommunal verksamhet Bjurholm (7: 3 kvinnor, 4 män) visas: kvinnorna och männen är dolda, och med
    # samma etikett för alla dolda tal säger 7 bara att var och en är 0-7 (åtta möjliga värden).
    assert akt["Annan kommunal verksamhet Bjurholm"]["Aktualiserade"] == "7"
    assert akt["Annan kommunal verksamhet Bjurholm"]["Varav kvinnor"] == "dold"
    assert any("diagrammet visas inte" in i.value for i in at.info)  # varken kvinnor eller män kan visas

    at = _sida(_app("member", monkeypatch, tmp_path), "pages/kommuner.py")
    rader = _rader(_tabell(at, 0))
    assert rader["Totalt antal avslutade hela året"]["Bjurholm"] == "1"
    akt = _rader(_tabell(at, 2), "Remitterande part")
    assert akt["Socialtjänsten Bjurholm"]["Aktualiserade"] == "3"
    assert akt["Socialtjänsten Bjurholm"]["Varav kvinnor"] == "33 % (1)"
    assert akt["Socialtjänsten Bjurholm"]["Fått ja i beredning"] == "100 % ¹"
    ned = _nedladdningar(at, lagrade)["Aktualiseringar 2020"]
    assert ned.filter(pl.col("Remitterande part") == "Socialtjänsten Bjurholm")["Aktualiserade"][0] == "3"


# ---------------------------------------------------------------- Kvinnor och män


def test_kvinnor_och_man_lasare_och_ledamot(app_databas, monkeypatch, tmp_path, lagrade):
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/kvinnor_och_man.py", plattform="bjurholm")
    rader = _rader(_tabell(at, 0))
    # Kvinnor 8 visas, de avslutade kvinnorna inte (se test_plattformar_lasare_ser_skyddade_tal_och_ledamot_ser_allt).
    assert rader["Antal deltagare hela året"]["Kvinnor"].startswith("8")
    assert rader["Totalt antal avslutade hela året"]["Kvinnor"] == "dold"
    positiv = rader["Avslutade till en för individen positiv lösning"]
    assert (positiv["Andel kvinnor"], positiv["Andel män"]) == ("dold", "dold")
    assert positiv["Skillnad kvinnor–män (procentenheter)"] == "dold"
    assert not at.get("plotly_chart"), "alla andelar är dolda: inget diagram med tomma staplar"
    assert any("diagrammet visas inte" in i.value for i in at.info)
    # Enkätsvaren finns bara som källans procent: läsaren får veta att de inte kan prövas.
    assert any("skyddet för små tal" in c.value and "inte prövas" in c.value for c in at.caption)

    at = _sida(at, "pages/kvinnor_och_man.py", plattform="vannas")
    rader = _rader(_tabell(at, 0))
    positiv = rader["Avslutade till en för individen positiv lösning"]
    # Positiv lösning per kön (7 och 9) döljs sedan skyddet propagerar intervall över summor som följer av två
    # andra: avslutade kvinnor 14 = positiv lösning 7 + hälsoskäl 6 + övriga avbrott 1, och positiv lösnings delar
    # (arbete 0, extratjänst, saknar arbetsförmåga 0 ...) är för små för att visas. Totalt (16) visas.
    assert (positiv["Kvinnor"], positiv["Andel kvinnor"], positiv["Män"], positiv["Andel män"]) == \
        ("dold", "dold", "dold", "dold")
    assert (rader["Antal deltagare hela året"]["Kvinnor"], rader["Antal deltagare hela året"]["Män"]) == ("38", "40")
    for spec in _diagram(at):
        _diagrammet_visar_inte(spec, "Varav till arbete")
        assert "50 %" not in json.dumps(spec, ensure_ascii=False)

    at = _sida(_app("member", monkeypatch, tmp_path), "pages/kvinnor_och_man.py", plattform="bjurholm")
    positiv = _rader(_tabell(at, 0))["Avslutade till en för individen positiv lösning"]
    assert (positiv["Kvinnor"], positiv["Andel kvinnor"]) == ("1", "100 %")
    assert at.get("plotly_chart")
    assert not any("inte prövas" in c.value for c in at.caption)


# ---------------------------------------------------------------- Över tid


def test_over_tid_lasare_och_ledamot(app_databas, monkeypatch, tmp_path, lagrade):
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/over_tid.py", plattform="bjurholm",
               indikator="positiv_losning")
    ar_2020 = _rader(_tabell(at, 0), "År")["2020"]
    assert (ar_2020["Alla"], ar_2020["Kvinnor"], ar_2020["Män"]) == ("dold", "dold", "dold")
    (spec,) = _diagram(at)
    for spar in spec["data"]:
        if spar.get("name") not in ("Målnivå",) and not spar["name"].startswith("Dold"):
            assert all(y is None for y in spar.get("y") or []), spar["name"]
        for h in spar.get("customdata") or []:
            assert "1 av 1" not in h[0] and "100 %" not in h[0]
    # Filen heter efter indikatorns och plattformens namn, inte deras id:n.
    (ned,) = [v for k, v in _nedladdningar(at, lagrade).items() if k.startswith("Över tid ") and "Bjurholm" in k]
    assert "positiv_losning" not in " ".join(_nedladdningar(at, lagrade))
    rad = ned.filter((pl.col("År") == "2020") & (pl.col("Kön") == "Alla"))
    assert (rad["Värde"][0], rad["Antal"][0], rad["Av"][0]) == ("dold", "dold", "dold")

    at = _sida(at, "pages/over_tid.py", plattform="forbundet", indikator="positiv_losning")
    ar_2020 = _rader(_tabell(at, 0), "År")["2020"]
    assert (ar_2020["Alla"], ar_2020["Underlag"]) == ("71 %", "150 av 210 avslutade")

    at = _sida(_app("member", monkeypatch, tmp_path), "pages/over_tid.py", plattform="bjurholm",
               indikator="positiv_losning")
    ar_2020 = _rader(_tabell(at, 0), "År")["2020"]
    assert (ar_2020["Alla"], ar_2020["Underlag"]) == ("100 %", "1 av 1 avslutade")


# ---------------------------------------------------------------- Ekonomi


def test_ekonomi_lasare_och_ledamot(app_databas, monkeypatch, tmp_path, lagrade):
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/ekonomi.py")
    budget_lasare = _tabell(at, 0)
    kostnad = _rader(_tabell(at, 1), "Plattform")["Bjurholm"]
    assert kostnad["Kostnad"].replace("\u00a0", " ") == "376 tkr"
    assert kostnad["Deltagare under året"] == "15"
    assert kostnad["Kostnad per deltagare"].replace("\u00a0", " ") == "25 067 kr"
    assert (kostnad["Avslutade under året"], kostnad["Kostnad per avslutad"]) == ("dold", "dold")
    assert "dolt" in kostnad["Anmärkning"]
    ned = _nedladdningar(at, lagrade)
    rad = ned["Kostnad per deltagare 2020"].filter(pl.col("Plattform") == "Bjurholm")
    assert (rad["Avslutade under året"][0], rad["Kostnad per avslutad"][0]) == ("dold", "dold")
    for r in ned["Kostnad per deltagare 2020"].iter_rows(named=True):
        # En synlig kostnad per person kräver ett synligt antal (kostnaden är känd: kvoten ger antalet).
        if _synlig(r["Kostnad per avslutad"]) and r["Kostnad per avslutad"] != "–":
            assert _synlig(r["Avslutade under året"])
        if _synlig(r["Kostnad per deltagare"]) and r["Kostnad per deltagare"] != "–":
            assert _synlig(r["Deltagare under året"])

    at = _sida(_app("member", monkeypatch, tmp_path), "pages/ekonomi.py")
    kostnad = _rader(_tabell(at, 1), "Plattform")["Bjurholm"]
    assert (kostnad["Avslutade under året"], kostnad["Kostnad per avslutad"].replace("\u00a0", " ")) == \
        ("1", "376 000 kr")
    # Budgeten handlar inte om personer: samma för båda rollerna.
    assert _tabell(at, 0).equals(budget_lasare)


# ---------------------------------------------------------------- ingenting går att räkna fram


def _utfallsceller(df: pl.DataFrame, enhetskolumn: str | None, typ: str, enhet: str | None = None) -> dict:
    """Cellerna (enhet, matt_id, kön) -> synligt tal eller None (dolt) i en nedladdad tabell med måtten."""
    celler = {}
    for r in df.iter_rows(named=True):
        e = (typ, r[enhetskolumn]) if enhetskolumn else (typ, enhet)
        m = MATT[_namn(r["Mått"]).lower()]
        for rubrik, kon in KON.items():
            celler[(e, m, kon)] = _tal(r[rubrik])
    return celler


def _utfallsrelationer(celler: dict) -> list:
    """Alla summor mellan cellerna: kön, måtten inom en enhet, plattformarna och kommunerna till förbundet,
    Umeå = Ungdomstorget + Vuxentorget och de andra kommunerna = sin plattform."""
    enheter = {c[0] for c in celler}
    relationer = []
    for e in enheter:
        for m in MATT.values():
            relationer.append(((e, m, "totalt"), ((e, m, "kvinnor"), (e, m, "man"))))
        for k in KON.values():
            relationer.append(((e, "avslutade", k), tuple((e, a, k) for a in AVSLUTSORSAKER)))
            relationer.append(((e, "deltagare", k), ((e, "avslutade", k), (e, "kvar", k))))
            relationer.append(((e, "positiv_losning", k), tuple((e, a, k) for a in POSITIV)))
    for m in MATT.values():
        for k in KON.values():
            forbund = (("forbund", "Förbundet"), m, k)
            relationer.append((forbund, tuple((("plattform", p), m, k) for p in PLATTFORMAR)))
            relationer.append((forbund, tuple((("kommun", n), m, k) for n in KOMMUNER)))
            relationer.append(((("kommun", "Umeå"), m, k),
                               ((("plattform", "Ungdomstorget"), m, k), (("plattform", "Vuxentorget"), m, k))))
            for n in KOMMUNER[1:]:
                relationer.append(((("kommun", n), m, k), ((("plattform", n), m, k),)))
    return relationer


def _ingen_kan_raknas_fram(celler: dict, relationer: list | None = None, tabell: str = "",
                           kanda: dict | None = None) -> None:
    """smatal.framraknbara över tabellens summor (rad- och kolumnsummor): inget dolt tal går att räkna fram.
    kanda: tal som visas på andra sidor och som en läsare därför känner till (t.ex. förbundets total)."""
    alla = {**(kanda or {}), **celler}
    dolda = {c for c, v in alla.items() if v is None}
    antal = {c: (v or 0) for c, v in alla.items()}
    relationer = relationer if relationer is not None else _utfallsrelationer(alla)
    assert smatal.framraknbara(antal, relationer, dolda, GRANS) == set(), tabell


def _andelar_kraver_synliga_antal(df: pl.DataFrame, par: list[tuple[str, list[str]]]) -> None:
    """En synlig andel avslöjar täljare och bas: båda måste vara synliga (och basen minst gränsen)."""
    for r in df.iter_rows(named=True):
        for andel, antal in par:
            if andel in r and _synlig(r[andel]):
                for a in antal:
                    assert _synlig(r[a]), (andel, a, r)


def _forbund_for_lasare(at: AppTest, lagrade) -> dict:
    """Förbundets totaler som en läsare ser dem på sidan Utfall."""
    at = _sida(at, "pages/utfall.py", plattform="forbundet")
    (ned,) = _nedladdningar(at, lagrade).values()
    return _utfallsceller(ned, None, "forbund", "Förbundet")


def test_ingen_dold_siffra_kan_raknas_fram_ur_lasarens_nedladdningar(app_databas, monkeypatch, tmp_path, lagrade):
    """Varje tabell en läsare kan ladda ner, för sig och alla tillsammans (samma tal på flera sidor), med
    förbundets totaler som kända: inget dolt tal kan räknas fram ur summorna, och ingen synlig andel har en
    dold täljare eller bas."""
    at = _app("viewer", monkeypatch, tmp_path)
    forbund = _forbund_for_lasare(at, lagrade)
    assert forbund[(("forbund", "Förbundet"), "deltagare", "totalt")] == 914
    assert forbund[(("forbund", "Förbundet"), "avslutade", "totalt")] == 210
    # Förbundets totaler visas (utom extratjänst och saknar arbetsförmåga, som är små).
    assert all(v is not None for c, v in forbund.items() if c[2] == "totalt" and c[1] != "extratjanst"
               and c[1] != "saknar_arbetsformaga"), "förbundets totaler är stora nog att visas"
    kunskap: dict = dict(forbund)

    def lagg_till(celler: dict, tabell: str) -> None:
        for c, v in celler.items():
            tidigare = kunskap.get(c, v)
            assert (tidigare is None) == (v is None), f"{c} är dolt på en sida men visas på en annan ({tabell})"
            kunskap[c] = v

    # Utfall för Bjurholm, Vännäs och Ungdomstorget (där två dolda nollor ingår i positiv lösning).
    for plattform, namn in (("bjurholm", "Bjurholm"), ("vannas", "Vännäs"), ("ungdomstorget", "Ungdomstorget")):
        at = _sida(at, "pages/utfall.py", plattform=plattform)
        (ned,) = _nedladdningar(at, lagrade).values()
        celler = _utfallsceller(ned, None, "plattform", namn)
        _ingen_kan_raknas_fram(celler, tabell=f"Utfall {namn}", kanda=forbund)
        lagg_till(celler, f"Utfall {namn}")
    assert kunskap[(("plattform", "Bjurholm"), "avslutade", "totalt")] is None
    assert kunskap[(("plattform", "Bjurholm"), "deltagare", "totalt")] == 15

    # Plattformar och Kommuner.
    at = _sida(at, "pages/plattformar.py")
    ned = _nedladdningar(at, lagrade)["Plattformar 2020"]
    celler = _utfallsceller(ned, "Plattform", "plattform")
    _ingen_kan_raknas_fram(celler, tabell="Plattformar", kanda=forbund)
    _andelar_kraver_synliga_antal(ned, [("Andel (%)", ["Totalt", "Bas för andelen"]),
                                        ("Andel kvinnor (%)", ["Kvinnor", "Totalt"])])
    lagg_till(celler, "Plattformar")
    at = _sida(at, "pages/kommuner.py")
    filer = _nedladdningar(at, lagrade)
    ned = filer["Kommuner 2020"]
    celler = _utfallsceller(ned, "Kommun", "kommun")
    _ingen_kan_raknas_fram(celler, tabell="Kommuner", kanda=forbund)
    _andelar_kraver_synliga_antal(ned, [("Andel (%)", ["Totalt", "Bas för andelen"]),
                                        ("Andel kvinnor (%)", ["Kvinnor", "Totalt"])])
    lagg_till(celler, "Kommuner")

    # Kvinnor och män för förbundet, Bjurholm och Vännäs.
    for plattform, typ, namn in (("forbundet", "forbund", "Förbundet"), ("bjurholm", "plattform", "Bjurholm"),
                                 ("vannas", "plattform", "Vännäs")):
        at = _sida(at, "pages/kvinnor_och_man.py", plattform=plattform)
        ned = next(df for f, df in _nedladdningar(at, lagrade).items() if f.startswith("Kvinnor och män"))
        celler = _utfallsceller(ned, None, typ, namn)
        _ingen_kan_raknas_fram(celler, tabell=f"Kvinnor och män {namn}", kanda=forbund)
        _andelar_kraver_synliga_antal(ned, [("Andel kvinnor (%)", ["Kvinnor", "Bas kvinnor"]),
                                            ("Andel män (%)", ["Män", "Bas män"]),
                                            ("Skillnad kvinnor–män (procentenheter)",
                                             ["Andel kvinnor (%)", "Andel män (%)"]),
                                            ("Kvinnor av totalt (%)", ["Kvinnor", "Totalt"])])
        lagg_till(celler, f"Kvinnor och män {namn}")

    # Ekonomi: deltagare och avslutade per plattform är samma tal som på de andra sidorna.
    at = _sida(at, "pages/ekonomi.py")
    kostnad = _nedladdningar(at, lagrade)["Kostnad per deltagare 2020"]
    for r in kostnad.filter(pl.col("Plattform").is_in(PLATTFORMAR)).iter_rows(named=True):
        e = ("plattform", r["Plattform"])
        lagg_till({(e, "deltagare", "totalt"): _tal(r["Deltagare under året"]),
                   (e, "avslutade", "totalt"): _tal(r["Avslutade under året"])}, "Ekonomi")

    # Läsarnas mötesunderlag: utfallstabellerna för förbundet och varje plattform (PDF:en och Excel-bladen).
    with skriv(app_databas) as con:
        underlag = motesunderlag.bygg(con, malramverk.las(installningar.MALRAMVERK), 2020, smatalsgrans=GRANS)
    assert underlag.lasarversion and len(underlag.utfall) >= len(PLATTFORMAR) + 1
    for d in underlag.utfall:
        e = ("forbund", "Förbundet") if d.scope_id == "forbundet" else ("plattform", d.kortnamn)
        celler = _utfallsceller(d.siffror, None, *e)
        _ingen_kan_raknas_fram(celler, tabell=f"Mötesunderlag {e[1]}", kanda=forbund)
        lagg_till(celler, f"Mötesunderlag {e[1]}")

    # Allt tillsammans: inget dolt tal kan räknas fram ur det en läsare kan samla från alla sidor.
    _ingen_kan_raknas_fram(kunskap, tabell="alla sidor tillsammans")
    assert sum(v is None for v in kunskap.values()) > 50


def test_aktualiseringar_ingen_dold_siffra_kan_raknas_fram(app_databas, monkeypatch, tmp_path, lagrade):
    """Aktualiseringarna för alla kommuner och för Bjurholm och Vännäs: rad (kvinnor + män = aktualiserade) och
    totalrad (summan av raderna, per urval), var för sig och tillsammans."""
    at = _app("viewer", monkeypatch, tmp_path)
    kunskap: dict = {}
    relationer: list = []
    for kommun in ("alla", "bjurholm", "vannas"):
        at = _sida(at, "pages/kommuner.py", kommun=kommun)
        ned = _nedladdningar(at, lagrade)["Aktualiseringar 2020"]
        _andelar_kraver_synliga_antal(ned, [("Andel kvinnor (%)", ["Kvinnor", "Aktualiserade"]),
                                            ("Fått ja i beredning (%)", ["Aktualiserade"])])
        celler, egna = {}, []
        rader = [r for r in ned.iter_rows(named=True) if r["Remitterande part"] != "Totalt"]
        total = next(r for r in ned.iter_rows(named=True) if r["Remitterande part"] == "Totalt")
        for r in [*rader, total]:
            nyckel = ("Totalt", kommun) if r is total else (r["Remitterande part"],)
            for kolumn in ("Kvinnor", "Män", "Aktualiserade"):
                celler[(nyckel, kolumn)] = _tal(r[kolumn])
            egna.append(((nyckel, "Aktualiserade"), ((nyckel, "Kvinnor"), (nyckel, "Män"))))
            if _synlig(r["Fått ja i beredning (%)"]):
                assert _tal(r["Aktualiserade"]) >= GRANS
        for kolumn in ("Kvinnor", "Män", "Aktualiserade"):
            egna.append(((("Totalt", kommun), kolumn), tuple(((r["Remitterande part"],), kolumn) for r in rader)))
        _ingen_kan_raknas_fram(celler, egna, tabell=f"Aktualiseringar {kommun}")
        for c, v in celler.items():
            assert (kunskap.get(c, v) is None) == (v is None), c
            kunskap[c] = v
        relationer += egna
    assert kunskap[(("Socialtjänsten Bjurholm",), "Aktualiserade")] is None
    assert kunskap[(("Totalt", "bjurholm"), "Aktualiserade")] is None
    # Visas, med kvinnor och män dolda (se test_kommuner_lasare_och_ledamot).
    assert kunskap[(("Annan kommunal verksamhet Bjurholm",), "Aktualiserade")] == 7
    assert kunskap[(("Annan kommunal verksamhet Bjurholm",), "Kvinnor")] is None
    assert kunskap[(("Totalt", "alla"), "Aktualiserade")] == 448
    _ingen_kan_raknas_fram(kunskap, relationer, tabell="aktualiseringar, alla urval tillsammans")


def test_mal_visar_inte_en_andel_vars_bas_ar_dold_pa_en_annan_sida(app_databas, monkeypatch, tmp_path, lagrade):
    """Vindelns 19 avslutade döljs för att skydda Bjurholms enda avslutade i förbundets summa. Då får sidan Mål
    inte visa Vindelns 68 % (13 av 19): med de 13 på sidan Utfall skulle den avslöja de 19."""
    at = _sida(_app("viewer", monkeypatch, tmp_path), "pages/plattformar.py")
    vindeln = _rader(_tabell(at, 0))["Totalt antal avslutade hela året"]["Vindeln"]
    at = _sida(at, "pages/mal.py", mal="mal2", plattform="vindeln")
    forsta = at.table[0].value
    positiv = forsta[forsta["Indikator"].str.startswith("Deltagaren har avslutats")].iloc[0]
    if vindeln in DOLT:
        assert positiv["Utfall 2020"] == "dold" and "68" not in positiv["Varför"]
    at = _sida(_app("member", monkeypatch, tmp_path), "pages/mal.py", mal="mal2", plattform="vindeln")
    forsta = at.table[0].value
    positiv = forsta[forsta["Indikator"].str.startswith("Deltagaren har avslutats")].iloc[0]
    assert positiv["Utfall 2020"] == "68 %"


# ---------------------------------------------------------------- funktionerna direkt


def _kor(con):
    return lambda namn, **p: fragor.kor(con, namn, **p)


def test_arets_skydd_haller_over_alla_summor(con):
    """Skyddet för 2020 över plattformar, kommuner och förbundet: alla små tal dolda, inget går att räkna fram,
    förbundets totaler visas, och en läsare får "dold" (inte "<5") för ett tal som döljs för att skydda ett annat."""
    skydd = smatal.utfallsskydd(_kor(con), 2020, GRANS)
    assert smatal.utfallsskydd(_kor(con), 2020, None) is None
    varden = skydd.varden
    assert all(c in skydd.dolda for c, v in varden.items() if v < GRANS)
    plattformar = fragor.kor(con, "plattformar")
    _, relationer = smatal.utfallskub(
        fragor.kor(con, "utfall_tabell", period=2020, plattformar=plattformar["plattform_id"].to_list()),
        fragor.kor(con, "plattformar_jamforelse", period=2020, plattformar=plattformar["plattform_id"].to_list()),
        fragor.kor(con, "utfall_tabell", period=2020,
                   plattformar=plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list()),
        fragor.kor(con, "kommuner_jamforelse", period=2020,
                   plattformar=plattformar.filter(pl.col("ingar_i_forbundstotal"))["plattform_id"].to_list(),
                   kommun=None),
        plattformar)
    # Summorna stämmer i standarddata (annars vore testet nedan meningslöst). Relationer med en opublicerad cell
    # (deltagare = nya + de som började tidigare) gäller per konstruktion och prövas inte här.
    publicerade = [(s, delar) for s, delar in relationer if all(c in varden for c in (s, *delar))]
    assert len(publicerade) > 300
    assert all(varden[s] == sum(varden[d] for d in delar) for s, delar in publicerade)
    assert smatal.framraknbara(varden, relationer, set(skydd.dolda), GRANS) == set()
    # Förbundets huvudtal visas. Några av förbundets delsummor per kön döljs sedan skyddet propagerar intervall:
    # t.ex. extratjänst kvinnor 7 = Robertsfors "dold" (minst 5) + fem små, som då vore högst 2 tillsammans.
    for m in ("deltagare", "avslutade", "kvar", "positiv_losning"):
        assert not skydd.dold((smatal.FORBUNDET, m, "totalt"))
    assert not skydd.dold((smatal.FORBUNDET, "deltagare", "kvinnor"))
    bjurholm = smatal.plattformsenhet("bjurholm")
    assert skydd.antal((bjurholm, "avslutade", "totalt"), 1) == "dold"
    assert skydd.antal((bjurholm, "kvar", "totalt"), 14) == "dold"  # 15 = 1 + 14
    assert skydd.antal((bjurholm, "deltagare", "totalt"), 15) == "15"


def test_aktualiseringarnas_skydd(con):
    skydd = smatal.aktualiseringsskydd(_kor(con), 2020, GRANS)
    alla = fragor.kor(con, "aktualiseringar", period=2020, kommun=None)
    kommuner = [k for k in alla["kommun_id"].unique().to_list() if k]
    varden, relationer = smatal.aktualiseringskub(
        alla, {k: fragor.kor(con, "aktualiseringar", period=2020, kommun=k) for k in kommuner})
    assert varden == skydd.varden
    assert smatal.framraknbara(varden, relationer, set(skydd.dolda), GRANS) == set()
    rad = alla.filter(pl.col("remitterande") == "Socialtjänsten Bjurholm").row(0, named=True)
    assert skydd.dold(smatal.aktualiseringscell(rad, "antal"), 3)


def _enkatrader(enhet_rader: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        [{"respondentgrupp": "deltagare", "fraga_id": "f1", "fraga": "Fråga", "svarstyp": "sexgradig",
          "fraga_sortering": 1, "kon": kon, "kon_namn": namn, "kon_sortering": s, "procent": procent,
          "antal_svar": svar, "antal_positiva": positiva, "rapporterad": False, "ej_summerbar": False}
         for kon, namn, s, svar, positiva, procent in enhet_rader])


def test_enkatsvar_med_antal_skyddas():
    """Tolv svar, nio kvinnor och tre män: männens svar döljs, och kvinnornas också (annars 12 - 9 = 3)."""
    df = _enkatrader([("alla", "Alla svarande", 0, 12, 10, 83), ("K", "Kvinnor", 1, 9, 8, 89),
                      ("M", "Män", 2, 3, 2, 67)])
    enhet = smatal.plattformsenhet("x")
    varden, relationer = smatal.enkatkub({enhet: df}, [])
    arets = smatal.Skydd(GRANS, frozenset(smatal.dolj(varden, relationer, GRANS)), varden)
    skyddad = skydd.skydda("kon_enkat", df, {"period": 2020, "plattformar": ["x"]}, GRANS,
                           lambda slag, period: arets, ())
    tabell = kt.enkattabell(skyddad).row(0, named=True)
    assert tabell["Alla svarande"] == "83 % (10 av 12)"
    assert tabell["Män"] == "dold"
    assert tabell["Kvinnor"].startswith("dold")
    ned = export.med_dolda(kt.enkat_nedladdning(skyddad))
    assert ned.filter(pl.col("Svarande") == "Män")["Antal svar"][0] == "dold"
    assert smatal.framraknbara(varden, relationer, set(arets.dolda), GRANS) == set()
    # Utan skydd (styrelse, processledare) är allt som förut.
    assert kt.enkattabell(df).row(0, named=True)["Män"] == "67 % (2 av 3)"


def test_svarsfrekvens_med_fa_svar_doljs():
    from uppfoljning import skydd

    df = pl.DataFrame([{"plattform_id": "x", "plattform": "X", "respondentgrupp": "deltagare", "svarsfrekvens": 30,
                        "antal_svar": 3, "antal_inbjudna": 10, "redovisas_ej": False}])
    lasarens = skydd.skydda("kon_enkat_svarsfrekvens", df, {"period": 2020, "plattformar": ["x"]}, GRANS,
                            lambda slag, period: None, ())
    assert kt.svarsfrekvenstabell(lasarens, False)["Svarsfrekvens"][0] == "dold"
    assert kt.svarsfrekvenstabell(df, False)["Svarsfrekvens"][0] == "30 % (3 av 10)"


def test_utan_skydd_ar_nedladdningarna_som_forut(con):
    """För styrelse och processledare (inget skydd) är talen tal, som innan skyddet fanns."""
    parametrar = {"period": 2020, "plattformar": ["bjurholm"]}
    df = fragor.kor(con, "plattformar_jamforelse", **parametrar)
    ned = jamforelse.nedladdningstabell(df)
    # Kolumnen för annat kön finns bara när någon har annat kön (i Bjurholm ingen), för alla roller.
    assert ned.schema["Totalt"].is_integer() and "Annat/okänt kön" not in ned.columns
    forbundets = tuple(fragor.kor(con, "plattformar").filter(pl.col("ingar_i_forbundstotal"))["plattform_id"])
    arets = smatal.utfallsskydd(_kor(con), 2020, GRANS)
    skyddad = jamforelse.nedladdningstabell(
        skydd.skydda("plattformar_jamforelse", df, parametrar, GRANS, lambda slag, period: arets, forbundets))
    i_filen = export.med_dolda(skyddad)
    assert i_filen.filter(pl.col("Mått") == "Totalt antal avslutade hela året")["Totalt"][0] == "dold"
