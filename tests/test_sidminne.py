"""Sidornas diagram och färgade tabeller byggs en gång per filterval och dataversion (ui.harlett, ui.tabell med
nyckel), inte vid varje visning: under last (bench/last.py --sidor blandat) kostade Plotlys layout och Streamlits
stilberäkning mest CPU per visning på Ekonomi, Över tid, Kvinnor och män och Kommuner. Ett annat filterval ger
ett nytt diagram, och sidan visar detsamma ur minnet som utan det."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from uppfoljning import ekonomi, jamforelse, visning
from uppfoljning import kon_och_tid as kt

from .conftest import DASHBOARD
from .test_lasare import _rakna
from .test_samtidighet import _tomma_streamlits_cachar  # noqa: F401 (autouse: tomma cachar före och efter)


def _sidan(fil: str, **params) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    for nyckel, varde in params.items():
        at.query_params[nyckel] = varde
    at.switch_page(fil).run()
    assert not at.exception, at.exception
    return at


def _visat(at: AppTest) -> tuple:
    """Sidans diagram (Plotlys JSON) och tabeller (data, visningsvärden; Stylers slumpade id utbytt)."""
    diagram = tuple(e.proto.spec for e in at.get("plotly_chart"))
    tabeller = tuple((t.proto.arrow_data.data, t.proto.arrow_data.styler.display_values,
                      t.proto.arrow_data.styler.styles.replace(t.proto.arrow_data.styler.uuid, "ID"))
                     for t in at.table)
    return diagram, tabeller


@pytest.mark.parametrize(("fil", "modul", "funktioner", "params"), [
    ("pages/ekonomi.py", ekonomi, ["insatsdiagram", "budgettabell_med_stil", "kostnadstabell_med_stil",
                                   "budgettabell", "kostnadstabell", "fynd"], {"ar": "2020"}),
    ("pages/over_tid.py", kt, ["tidsdiagram", "tidstabell", "tid_nedladdning"], {}),
    ("pages/kvinnor_och_man.py", kt, ["kondiagram", "konstabell", "konstabell_nedladdning", "konsfordelning"],
     {"ar": "2020"}),
    ("pages/kommuner.py", jamforelse, ["aktualiseringsdiagram", "aktualiseringar_nedladdning"], {"ar": "2020"}),
    ("pages/utfall.py", visning, ["utfallstabell"], {"ar": "2020"}),
])
def test_byggs_en_gang_per_filterval(app_databas, monkeypatch, fil, modul, funktioner, params):
    anrop = {f: _rakna(monkeypatch, modul, f) for f in funktioner}
    at = _sidan(fil, **params)
    forsta = _visat(at)
    assert all(len(a) == 1 for a in anrop.values()), {f: len(a) for f, a in anrop.items()}
    at.run()
    at.run()
    assert {f: len(a) for f, a in anrop.items()} == {f: 1 for f in funktioner}, "byggdes vid varje visning"
    assert _visat(at) == forsta


def test_annat_filterval_ger_nytt_diagram(app_databas, monkeypatch):
    anrop = _rakna(monkeypatch, kt, "kondiagram")
    _sidan("pages/kvinnor_och_man.py", ar="2020")
    _sidan("pages/kvinnor_och_man.py", ar="2020")
    _sidan("pages/kvinnor_och_man.py", ar="2020", plattform="vannas")
    _sidan("pages/kvinnor_och_man.py", ar="2020", grans="5")
    assert [(a[1], a[2]) for a in anrop] == [
        (10, "Andel per kön och mått, Förbundet totalt 2020 (%)"),
        (10, "Andel per kön och mått, Samordningsteamet i Vännäs 2020 (%)"),
        (5, "Andel per kön och mått, Förbundet totalt 2020 (%)")]


def test_samma_som_utan_minnet(app_databas, monkeypatch):
    """Sidan ur minnet (andra visningen i processen) är densamma som sidan byggd från början (tomma cachar)."""
    from uppfoljning import ui

    for fil, params in [("pages/ekonomi.py", {"ar": "2020"}), ("pages/over_tid.py", {}),
                        ("pages/kvinnor_och_man.py", {"ar": "2020"}), ("pages/kommuner.py", {"ar": "2020"}),
                        ("pages/kommuner.py", {"ar": "2020", "kommun": "vannas"}),
                        ("pages/plattformar.py", {"ar": "2020"}), ("pages/utfall.py", {"ar": "2020"}),
                        ("pages/kvinnor_och_man.py", {"ar": "2020", "plattform": "vannas"})]:
        ui.glom_minnet()
        forsta = _visat(_sidan(fil, **params))
        assert _visat(_sidan(fil, **params)) == forsta, fil


@pytest.mark.parametrize(("fil", "params"), [
    ("pages/kvinnor_och_man.py", {"ar": "2020", "plattform": "vannas"}),
    ("pages/kommuner.py", {"ar": "2020"}),
    ("pages/plattformar.py", {"ar": "2020"}),
    ("pages/utfall.py", {"ar": "2020"}),
    ("pages/over_tid.py", {}),
])
def test_tabeller_utan_farg_gors_i_ordning_en_gang(app_databas, monkeypatch, fil, params):
    """Texten i tabellerna (ui._som_visas) och Streamlits Arrow-kodning görs en gång per tabell och filterval."""
    from streamlit import dataframe_util

    from uppfoljning import ui

    som_visas = _rakna(monkeypatch, ui, "_som_visas")
    kodning = _rakna(monkeypatch, dataframe_util, "convert_anything_to_arrow_bytes")
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()  # förstasidan först, som _sidan
    for nyckel, varde in params.items():
        at.query_params[nyckel] = varde
    som_visas.clear()
    kodning.clear()
    at.switch_page(fil).run()
    assert not at.exception, at.exception
    tabeller = len(at.table)
    assert tabeller >= 1 and len(som_visas) == tabeller and len(kodning) == tabeller
    at.run()
    at.run()
    assert len(at.table) == tabeller
    assert (len(som_visas), len(kodning)) == (tabeller, tabeller), "gjordes vid varje visning"


def test_minnet_for_en_pandas_tabell():
    """En färdig pandas-tabell kodas en gång per plats; en annan tabell med samma innehåll kodas för sig, och minnet
    släpps när tabellen försvinner."""
    import gc

    import pandas as pd
    from streamlit.elements import table as st_table
    from streamlit.proto.Table_pb2 import Table

    from uppfoljning import ui

    anrop = []
    original = st_table.marshall_table.__wrapped__

    def raknad(proto, data, default_uuid=None):
        anrop.append(id(data))
        return original(proto, data, default_uuid)

    marshall = ui._marshall_med_minne(raknad)
    df = pd.DataFrame({"Mått": ["Deltagare"], "Antal": [12]}).set_index("Mått")
    ui._minns_tabell(df)
    protos = []
    for _ in range(3):
        proto = Table()
        marshall(proto.arrow_data, df, "plats")
        protos.append(proto.SerializeToString())
    assert len(anrop) == 1 and protos[0] == protos[1] == protos[2]
    kopia = df.copy()
    marshall(Table().arrow_data, kopia, "plats")
    marshall(Table().arrow_data, kopia, "plats")
    assert len(anrop) == 3, "en tabell som inte är färdig går direkt till Streamlit"
    nyckel = id(df)
    del df
    gc.collect()
    assert nyckel not in ui._FARDIGA_RAMAR


@pytest.mark.parametrize(("fil", "params"), [
    ("pages/kvinnor_och_man.py", {"ar": "2020"}),
    ("pages/kommuner.py", {"ar": "2020"}),
    ("pages/plattformar.py", {"ar": "2020"}),
    ("pages/ekonomi.py", {"ar": "2020"}),
    ("pages/over_tid.py", {}),
])
def test_diagrammens_json_gors_en_gang(app_databas, monkeypatch, fil, params):
    """Ett färdigt diagram (ur ui.harlett) görs om till Plotlys JSON en gång, inte vid varje visning (st.plotly_chart
    gör figure.to_dict() och plotly.io.to_json), och sidan skickar samma JSON ur minnet."""
    from plotly.basedatatypes import BaseFigure

    at = _sidan(fil, **params)
    forsta = _visat(at)
    assert forsta[0], "sidan har inget diagram"
    till_dict = _rakna(monkeypatch, BaseFigure, "to_dict")
    at.run()
    at.run()
    assert not till_dict, "diagrammet gjordes om till JSON vid varje visning"
    assert _visat(at) == forsta
    # Utan minnet (Streamlit gör JSON:en själv vid varje visning) blir den densamma.
    from uppfoljning import ui

    ui.glom_minnet()
    monkeypatch.setattr(ui, "_minns_figur", lambda varde: None)
    utan = _sidan(fil, **params)
    assert till_dict, "visades inte utan minnet"
    assert _visat(utan) == forsta


def test_minnet_for_ett_diagram():
    """En färdig figur görs om till dict och JSON en gång, och minnet släpps när figuren försvinner; en annan figur
    (som inte kommer ur harlett) går direkt till Plotly, också när den har samma innehåll."""
    import gc

    import plotly.graph_objects as go
    import plotly.io
    import plotly.tools

    from uppfoljning import ui

    figur = go.Figure(go.Bar(x=["Vännäs"], y=[47]))
    ui._minns_figur(figur)
    forsta = plotly.tools.return_figure_from_figure_or_data(figur, validate_figure=True)
    assert plotly.tools.return_figure_from_figure_or_data(figur, validate_figure=True) is forsta
    kopia = go.Figure(figur)
    annan = plotly.tools.return_figure_from_figure_or_data(kopia, validate_figure=True)
    assert type(annan) is dict and annan == forsta
    assert plotly.io.to_json(forsta, validate=False) == plotly.io.to_json(annan, validate=False)
    nyckel = id(figur)
    del figur, forsta
    gc.collect()
    assert nyckel not in ui._FARDIGA_FIGURER


def test_en_fardig_tabell_provas_inte_som_databasmarkor(monkeypatch):
    """st.table prövar varje tabell mot Streamlits lata datatyper (bland dem en DB-API-markör, som för en pandas-tabell
    letar bland kolumnerna); en färdig tabell (ui.tabell med nyckel) är redan i minnet och prövas inte. Andra objekt
    prövas som förut."""
    import pandas as pd
    import polars as pl
    from streamlit import dataframe_util

    from uppfoljning import ui

    provade = _rakna(monkeypatch, dataframe_util, "is_dbapi_cursor")
    df = pd.DataFrame({"Mått": ["Deltagare"], "Antal": [12]}).set_index("Mått")
    ui._minns_tabell(df)
    assert dataframe_util.is_unevaluated_data_object(df) is False
    assert not provade
    assert dataframe_util.is_unevaluated_data_object(df.copy()) is False and provade
    assert dataframe_util.is_unevaluated_data_object(pl.LazyFrame({"a": [1]})) is True
