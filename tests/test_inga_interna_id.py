"""Inga interna id:n når en användare: varje sida för varje roll, nedladdningarnas rubriker och innehåll,
mötesunderlagets PDF, Word och Excel. Id:n är lagringsmodellens och målramverkets nycklar (positiv_losning,
varav_arbete_studier, enkat, mal2, vannas, utfall_tabell …); användaren ser namnen ur referensdatan och
konfigurationen. (I adressen står id:t, ?mal=mal2&plattform=vannas, som README säger; den räknas inte.)"""

from __future__ import annotations

import io
import json
import re

import openpyxl
import polars as pl
import pytest
import yaml
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, malramverk, motesunderlag, pdf, ui
from uppfoljning.behorighet import Anvandare
from uppfoljning.navigering import SIDOR

from .conftest import DASHBOARD, las

# Sidor där id:n hör till uppgiften: målramverkets redigering visar goals.yaml som den är skriven.
UNDANTAG: set[str] = set()
ROLLER = ["viewer", "member", "editor", "admin"]


def kanda_id(con) -> set[str]:
    """Id:n som inte också är vanliga svenska ord: målramverkets nycklar och referensdatans id med understreck
    eller utan å, ä, ö där namnet har dem (vannas för Vännäs)."""
    ram = yaml.safe_load(installningar.MALRAMVERK.read_text(encoding="utf-8"))
    ider = set(ram["toleranser"]) | set(ram["indikatorer"]) | {m["id"] for m in ram["mal"]}
    for tabell, kolumn in (("plattform", "plattform_id"), ("kommun", "kommun_id"), ("utfallsmatt", "matt_id"),
                           ("enkatfraga", "fraga_id"), ("remitterande_part", "part_id"), ("enkat_kon", "kon")):
        ider |= {r[0] for r in con.execute(f"SELECT {kolumn} FROM {tabell}").fetchall()}
    from uppfoljning.datamangder import DATAMANGDER, ERSATTNINGSNYCKEL

    ider |= set(DATAMANGDER) | set(ERSATTNINGSNYCKEL)
    # Ett id som också är ett vanligt ord eller ett namn med versal ("deltagare", "arbete", "studier", "K", "M")
    # går inte att skilja från text; de med understreck, siffra eller utan sina å, ä, ö gör det.
    vanliga = {r[0].lower() for r in con.execute("SELECT namn FROM plattform UNION SELECT namn FROM kommun "
                                                  "UNION SELECT kortnamn FROM plattform").fetchall()}
    return {i for i in ider if len(i) > 2 and (("_" in i) or re.search(r"\d", i) or i not in _SVENSKA_ORD)
            and i.lower() not in vanliga}


# Id:n som också är ord i svensk text (och därför inte kan sökas efter).
_SVENSKA_ORD = {"deltagare", "nya", "avslutade", "arbete", "studier", "extratjanst", "kvar", "alla", "annat",
                "umea", "chefer", "medarbetare", "budget", "aktualisering", "osaker", "nafs", "regionen", "utfall",
                "bakgrundsdata", "aktualiseringar"}


def hitta(text: str, ider: set[str]) -> set[str]:
    """Id:n i texten. Filnamn (datasets/enkat_resultat.csv) är proveniens: filen heter så och visas som den heter."""
    text = re.sub(r"\S+\.(?:csv|xlsx|xlsm|txt|yaml)\b", " ", text.replace("\\_", "_"))
    return {t for t in re.findall(r"[A-Za-z0-9_]+", text) if t in ider}


def _texter(at: AppTest) -> list[str]:
    """Allt en människa läser på sidan."""
    ut = []
    for typ in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "error",
                "success", "toast", "code", "latex", "json"):
        for el in getattr(at, typ, []):
            ut.append(str(el.value))
    for el in at.get("metric"):
        ut += [el.proto.label, el.proto.body]
    for el in at.expander:
        ut.append(el.label)
    for el in at.tabs:
        ut.append(el.label)
    for typ in ("selectbox", "multiselect", "radio", "select_slider"):
        for el in getattr(at, typ, []):
            ut.append(el.label)
            ut += [str(o) for o in el.options]
    for el in list(at.button) + list(at.checkbox) + list(at.toggle) + list(at.text_input) + list(at.number_input):
        ut.append(el.label)
    for el in at.get("download_button"):
        ut += [el.proto.label]
    for el in list(at.dataframe) + list(at.table):
        df = el.value
        ut += [str(c) for c in df.columns] + [str(i) for i in df.index]
        ut += [str(v) for v in df.astype(str).to_numpy().ravel()]
    for el in at.get("plotly_chart"):
        figur = json.loads(el.proto.spec)
        for spar in figur.get("data", []):
            for nyckel in ("x", "y", "text", "name", "customdata", "hovertemplate", "labels"):
                if nyckel in spar:
                    ut.append(json.dumps(spar[nyckel], ensure_ascii=False))
        layout = figur.get("layout", {})
        ut.append(json.dumps([layout.get("title"), [a.get("text") for a in layout.get("annotations", [])],
                              {k: v.get("title") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))
                               and isinstance(v, dict)},
                              {k: v.get("ticktext") for k, v in layout.items() if k.startswith(("xaxis", "yaxis"))
                               and isinstance(v, dict)}], ensure_ascii=False))
    return ut


@pytest.fixture(scope="module")
def ider(standarddatabas) -> set[str]:
    with las(standarddatabas) as con:
        return kanda_id(con)


def test_kanda_id_ar_med(ider):
    assert {"positiv_losning", "varav_arbete_studier", "mal2", "vannas", "utfall_tabell", "enkat_svarsfrekvens"} <= ider
    assert "enkat" in ider


@pytest.mark.parametrize("roll", ROLLER)
def test_inga_id_pa_nagon_sida(roll, ider, app_databas, monkeypatch, tmp_path):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    nedladdat: list[tuple[str, pl.DataFrame]] = []
    original = ui.nedladdningar

    def spela_in(tabell, filnamn, nyckel):
        nedladdat.append((filnamn, tabell))
        return original(tabell, filnamn, nyckel)

    monkeypatch.setattr(ui, "nedladdningar", spela_in)
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
    at.query_params["ar"] = "2020"
    at.run()
    fynd = {}
    rang = {r: i for i, r in enumerate(ROLLER)}
    for sidor in SIDOR.values():
        for sida in sidor:
            if rang[sida.roll] > rang[roll] or sida.fil in UNDANTAG:
                continue
            nedladdat.clear()
            at.switch_page(sida.fil).run()
            assert not at.exception, (sida.fil, at.exception)
            texter = _texter(at)
            for filnamn, tabell in nedladdat:
                texter += [filnamn, *tabell.columns, *(str(v) for r in tabell.rows() for v in r)]
            if hittade := hitta("\n".join(texter), ider):
                fynd[sida.fil] = sorted(hittade)
    assert not fynd, "\n".join(f"{k}: {v}" for k, v in fynd.items())


@pytest.mark.parametrize("grans", [None, 5], ids=["styrelsen", "lasare"])
def test_inga_id_i_motesunderlaget(grans, ider, standarddatabas):
    ram = malramverk.las(installningar.MALRAMVERK)
    with las(standarddatabas) as con:
        u = motesunderlag.bygg(con, ram, 2020, smatalsgrans=grans)
    text = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf.pdf_bytes(u, diagram=False))).pages)
    assert not hitta(text, ider), ("PDF", sorted(hitta(text, ider)))
    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(u)))
    celler = [bok.sheetnames] + [str(c.value) for ark in bok for rad in ark.iter_rows() for c in rad
                                  if c.value is not None]
    assert not hitta("\n".join(map(str, celler)), ider), ("Excel", sorted(hitta("\n".join(map(str, celler)), ider)))
    from uppfoljning import word
    import docx

    dok = docx.Document(io.BytesIO(word.docx_bytes(u, diagram=False)))
    text = "\n".join([p.text for p in dok.paragraphs] + [c.text for t in dok.tables for r in t.rows for c in r.cells])
    assert not hitta(text, ider), ("Word", sorted(hitta(text, ider)))


def test_kommandoraden_visas_bara_for_processledare_och_admin(app_databas, monkeypatch, tmp_path):
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    for roll, ser in (("viewer", False), ("member", False), ("editor", True), ("admin", True)):
        at = AppTest.from_file(DASHBOARD, default_timeout=120)
        at.session_state["inloggad"] = Anvandare(f"test-{roll}", roll)
        at.query_params["ar"] = "2020"
        at.run()
        at.switch_page("pages/motesunderlag.py").run()
        assert not at.exception
        text = "\n".join(c.value for c in at.caption)
        assert ("python -m uppfoljning" in text) is ser, roll
        assert any(b.proto.label.startswith("Ladda ner mötesunderlaget") and b.proto.label.endswith("(Word)")
                   for b in at.get("download_button"))
