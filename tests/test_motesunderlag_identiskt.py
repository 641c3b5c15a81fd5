"""Ett mötesunderlag, identiskt var det än görs: PDF:en som laddas ner i appen ska ha samma nyckeldiagram som
kommandoradens. Appen importerar Streamlit, som gör sitt eget diagramtema till Plotlys standard; det temat får
inte läcka in i bildexporten (där stod "0" på varje y-tick och plattformarnas namn och statusord klipptes)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from uppfoljning import installningar, malramverk, motesunderlag, pdf

from .conftest import DASHBOARD, las, ny_databas

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and os.environ.get("CI") != "true",
                                reason="chromium saknas: diagrammet kan inte ritas här")


def _diagrambild(innehall: bytes) -> Image.Image:
    lasare = PdfReader(io.BytesIO(innehall))
    for sida in lasare.pages:
        if "Nyckeldiagram" in sida.extract_text() and sida.images:
            return sida.images[0].image.convert("RGB")
    raise AssertionError("ingen sida med nyckeldiagrammet och en bild")


def _skillnad(a: Image.Image, b: Image.Image) -> float:
    """Andelen bildpunkter som skiljer sig."""
    assert a.size == b.size
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    return sum(diff.histogram()[255:]) / (a.size[0] * a.size[1])


def test_pdf_en_i_appen_har_samma_diagram_som_kommandoradens(standarddatabas, app_databas, tmp_path):
    # Appens sammanhang: sidan körs (Streamlit har satt sitt diagramtema), och PDF:en byggs i samma process.
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.query_params["ar"] = "2020"
    at.run()
    at.switch_page("pages/motesunderlag.py").run()
    assert not at.exception
    import plotly.io as pio

    assert pio.templates.default == "streamlit"  # förutsättningen: appens tema är Plotlys standard här
    ram = malramverk.las(installningar.MALRAMVERK)
    with las(standarddatabas) as con:
        i_appen = _diagrambild(pdf.pdf_bytes(motesunderlag.bygg(con, ram, 2020)))

    ut = tmp_path / "underlag.pdf"
    kopia = ny_databas(tmp_path / "kommandoraden.duckdb", fran=standarddatabas)
    svar = subprocess.run([sys.executable, "-m", "uppfoljning", "report", "--period", "2020", "--out", str(ut)],
                          env={**os.environ, "UPPFOLJNING_DB": str(kopia)}, capture_output=True, text=True,
                          cwd=installningar.ROT, timeout=300)
    assert svar.returncode == 0, svar.stderr
    fran_kommandoraden = _diagrambild(ut.read_bytes())
    assert _skillnad(i_appen, fran_kommandoraden) < 0.002


def test_diagrammets_kategorier_statusord_och_siffror_hamnar_ratt(standarddatabas):
    """Plattformens namn och statusordet står under stapeln på två rader (inte "&lt;br&gt;" som text), och
    siffrorna ovanför varje stapel hör till just den stapeln."""
    ram = malramverk.las(installningar.MALRAMVERK)
    with las(standarddatabas) as con:
        u = motesunderlag.bygg(con, ram, 2020)
    fig = pdf.diagram_for_bild(u).to_plotly_json()
    staplar = fig["data"][0]
    kategorier = list(staplar["x"])
    axel = fig["layout"]["xaxis"]
    assert list(axel["tickvals"]) == kategorier
    assert "Vännäs<br>Inte uppfyllt" in axel["ticktext"]
    assert not any("&lt;" in t for t in axel["ticktext"])
    assert [a["x"] for a in fig["layout"]["annotations"]] == kategorier
    # Axlarna får den marginal etiketterna behöver, oavsett vilket tema som är standard i processen.
    assert axel["automargin"] is True and fig["layout"]["yaxis"]["automargin"] is True
    assert fig["layout"]["template"] == pdf.BILDTEMA.to_plotly_json()
