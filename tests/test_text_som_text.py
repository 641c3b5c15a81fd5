"""Text från data och användare visas som text (issue 14): en budgetpost, en källkommentar, ett filnamn, ett fel med
filens innehåll och ett användarnamn med Markdown eller HTML blir aldrig bild, länk, fetstil, kod eller formel.

Streamlit tolkar Markdown i st.markdown, st.caption, st.info/warning/error/success, rubriker, etiketter och i
varje cell, rad- och kolumnrubrik i st.table (inte i st.text och st.dataframe). Testet går igenom varje sådant
element på sidorna och kräver att nyttolasten står kvar ordagrant som synlig text och att inget av dess
Markdown-tecken är verksamt (alltså föregås av ett omvänt snedstreck). Webbläsartestet
(test_webblasare_text.py) visar samma sak i DOM:en."""

from __future__ import annotations

import io
import re

import xlsxwriter
from streamlit.testing.v1 import AppTest

from uppfoljning import uppladdning
from uppfoljning.behorighet import Anvandare

from .conftest import DASHBOARD, skriv

BILD = "![x](http://127.0.0.1:9/p.png)"
# Den sista är för Plotly, som tolkar <a href> i axeletiketter och titlar.
NYTTOLASTER = [BILD, "[klick](http://evil)", "<img src=x onerror=alert(1)>", "**fet**", "`kod`", "$x^2$",
               '<a href="http://evil/a">länk</a>']
# Filnamn kan inte innehålla snedstreck.
FILNAMN = "![x](p.png) [klick](evil) <img src=x onerror=alert(1)> **fet** `kod` $x^2$.xlsx"
# Tecken som gör något i Streamlits Markdown; i en nyttolast ska vart och ett vara escapat.
VERKSAMMA = set("[]<>*`$_~#|&:")

# Elementtyper vars text Streamlit tolkar som Markdown.
MARKDOWN_TYPER = {"markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success",
                  "exception", "expander", "tab", "toast"}


def _budgetfil() -> bytes:
    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert, {"strings_to_formulas": False, "strings_to_urls": False}) as bok:
        ark = bok.add_worksheet("Budget")
        ark.write_row(0, 0, ["År", "Avsnitt", "Post", "Plattform", "Utfall", "Budget"])
        for i, post in enumerate(NYTTOLASTER, 1):
            ark.write_row(i, 0, [2020, "Insatser SAMO" if i > 1 else BILD, post, "Vännäs" if i == 2 else None,
                                 -100 - i, -120])
        ark.write_row(len(NYTTOLASTER) + 1, 0, [2020, "Intäkter SAMO", "Medlemsavgifter", None, 11380, 11380])
    return buffert.getvalue()


def _kommentarer(con) -> None:
    """Källans kommentar till rapporterade värden (sidan Över tid)."""
    text = "År;Plattform;Indikator;Kön;Procent;Svar;Kommentar\n" + "".join(
        f'{2011 + i};vannas;positiv_losning;alla;64;;"{p.replace(chr(34), chr(34) * 2)}"\n'
        for i, p in enumerate(NYTTOLASTER))
    uppladdning.las_in(con, text.encode(), "kommentarer.csv", "indikator_rapporterat", "test")


def _synlig(md: str) -> str:
    """Texten som Markdown visar när varje escapat tecken visas som sig självt (och det osynliga
    ordfogningstecknet U+2060, som hindrar att adresser blir länkar, inte syns)."""
    return re.sub(r"\\(.)", r"\1", md.replace("\u2060", ""), flags=re.S)


def _verksamma_tecken(md: str, nyttolast: str) -> list[str]:
    """De Markdown-tecken i nyttolastens förekomster i md som inte är escapade."""
    fel = []
    md = md.replace("\u2060", "")
    # Varje tecken i nyttolasten, eventuellt föregånget av \, i följd.
    monster = "".join(rf"(\\?){re.escape(c)}" for c in nyttolast)
    for traff in re.finditer(monster, md):
        for c, escape in zip(nyttolast, traff.groups()):
            if c in VERKSAMMA and not escape:
                fel.append(c)
    return fel


def _texter(at: AppTest) -> list[tuple[str, str]]:
    """(typ, Markdown-text) för varje element som Streamlit tolkar som Markdown, också tabellceller och rubriker
    (cellernas visade värden när tabellen är en Styler) och etiketter på flikar och expandrar."""
    ut = []

    def besok(nod) -> None:
        typ = getattr(nod, "type", "")
        proto = getattr(nod, "proto", None)
        if typ == "table":
            import pyarrow as pa

            from streamlit import dataframe_util
            data = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
            ut.extend(("tabellrubrik", str(v)) for v in list(data.columns) + list(data.index.names))
            for v in data.index:
                ut.extend(("radrubrik", str(x)) for x in (v if isinstance(v, tuple) else (v,)))
            if proto.arrow_data.styler.display_values:
                visat = pa.ipc.open_stream(proto.arrow_data.styler.display_values).read_pandas()
            else:
                visat = data
            ut.extend(("tabellcell", str(v)) for v in visat.to_numpy().ravel())
        elif typ in MARKDOWN_TYPER or (typ == "alert"):
            if proto is not None and hasattr(proto, "body") and proto.body:
                ut.append((typ, proto.body))
            if proto is not None and hasattr(proto, "label") and proto.label:
                ut.append((typ, proto.label))
        elif proto is not None and hasattr(proto, "label") and typ not in {"text"}:
            ut.append((typ + "-etikett", proto.label))  # widgetetiketter tolkar Markdown
        for barn in getattr(nod, "children", {}).values():
            besok(barn)

    besok(at._tree)
    return ut


def _kontrollera(at: AppTest, nyttolaster: list[str], sida: str) -> list[str]:
    """Fynd: nyttolaster som visas med verksamma Markdown-tecken. Returnerar nyttolasterna som syns."""
    texter = _texter(at)
    fynd, synliga = [], []
    for typ, md in texter:
        for p in nyttolaster:
            tecken = _verksamma_tecken(md, p)
            if tecken:
                fynd.append(f"{sida}: {typ} tolkar {''.join(sorted(set(tecken)))} i {p!r}: {md[:160]!r}")
            if p in _synlig(md):
                synliga.append(p)
    assert not fynd, "\n".join(fynd)
    return synliga


def _app(monkeypatch, tmp_path, anvandare: Anvandare) -> AppTest:
    monkeypatch.setenv("UPPFOLJNING_INLOGGNING", "losenord")
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    at = AppTest.from_file(DASHBOARD, default_timeout=120)
    at.session_state["inloggad"] = anvandare
    return at.run()


def _sida(monkeypatch, tmp_path, anvandare: Anvandare, sida: str, **parametrar) -> AppTest:
    at = _app(monkeypatch, tmp_path, anvandare)
    at.switch_page(sida)
    at.query_params.update({"ar": "2020", **parametrar})
    at.run()
    assert not at.exception, at.exception
    return at


def test_budgetposter_och_kommentarer_visas_som_text_for_en_lasare(app_databas, monkeypatch, tmp_path):
    with skriv(app_databas) as con:
        uppladdning.las_in(con, _budgetfil(), "budget.xlsx", "budget", "test", ersatt=True)
        _kommentarer(con)
    lasare = Anvandare("test-viewer", "viewer")
    at = _sida(monkeypatch, tmp_path, lasare, "pages/ekonomi.py")
    assert set(_kontrollera(at, NYTTOLASTER, "Ekonomi")) == set(NYTTOLASTER)

    at = _sida(monkeypatch, tmp_path, lasare, "pages/over_tid.py", indikator="positiv_losning", plattform="vannas")
    assert set(_kontrollera(at, NYTTOLASTER, "Över tid")) == set(NYTTOLASTER)

    at = _sida(monkeypatch, tmp_path, lasare, "pages/motesunderlag.py")
    _kontrollera(at, NYTTOLASTER, "Mötesunderlag")


def test_filnamn_fel_och_historik_visas_som_text(app_databas, monkeypatch, tmp_path):
    redaktor = Anvandare("test-editor", "editor")
    at = _sida(monkeypatch, tmp_path, redaktor, "pages/data.py")
    at.selectbox(key="data_datamangd").set_value("budget").run()
    # En fil med fel: felet upprepar filnamnet och cellens innehåll (okänd plattform).
    trasig = io.BytesIO()
    with xlsxwriter.Workbook(trasig, {"strings_to_formulas": False, "strings_to_urls": False}) as bok:
        ark = bok.add_worksheet("Budget")
        ark.write_row(0, 0, ["År", "Avsnitt", "Post", "Plattform", "Utfall", "Budget"])
        for i, p in enumerate(NYTTOLASTER, 1):
            ark.write_row(i, 0, [2020, "Insatser SAMO", "Post", p, -100, -120])
    at.file_uploader(key="data_fil").set_value((FILNAMN, trasig.getvalue(), "application/octet-stream")).run()
    assert at.error, "filen borde ha avvisats"
    synliga = _kontrollera(at, NYTTOLASTER + [FILNAMN], "Data, fel")
    assert FILNAMN in synliga and set(NYTTOLASTER) <= set(synliga)

    # En fil som läses in: filnamnet i beskedet, i historiken och i händelseloggen.
    at.file_uploader(key="data_fil").set_value((FILNAMN, _budgetfil(), "application/octet-stream")).run()
    assert not at.error, [e.value for e in at.error]
    if at.checkbox:
        at.checkbox(key="data_bekrafta").check().run()
    at.button(key="data_spara").click().run()
    assert not at.exception, at.exception
    at = _sida(monkeypatch, tmp_path, redaktor, "pages/data.py")
    assert FILNAMN in _kontrollera(at, [FILNAMN], "Data, historik")


def test_anvandarnamn_visas_som_text(app_databas, monkeypatch, tmp_path):
    namn = "**fet** [klick](http://evil) ![x](http://127.0.0.1:9/p.png) <img src=x onerror=alert(1)> `kod` $x^2$"
    monkeypatch.setenv("UPPFOLJNING_ANVANDARE", str(tmp_path / "anvandare.json"))
    from uppfoljning import behorighet
    behorighet.satt_anvandare(namn, "admin", "ett långt lösenord")
    with skriv(app_databas) as con:
        for version in (8, 9):
            con.execute("INSERT INTO styrelsens_bedomning (period, mal_id, scope_id, avsnitt, farg, text, version, "
                        "sparad_av) VALUES (2020, 'mal2', 'bjurholm', 0, NULL, 'Text', ?, ?)", [version, namn])
    admin = Anvandare(namn, "admin")
    # Sidopanelen säger vem som är inloggad (AppTest visar sidopanelen bara på startsidan).
    assert namn in _kontrollera(_app(monkeypatch, tmp_path, admin), [namn], "startsidan")
    assert namn in _kontrollera(_sida(monkeypatch, tmp_path, admin, "pages/anvandare.py"), [namn], "Användare")
    # Historiken över styrelsens bedömning: "Version 9, ... av <namn>".
    at = _sida(monkeypatch, tmp_path, admin, "pages/mal.py", mal="mal2", plattform="bjurholm")
    assert namn in _kontrollera(at, [namn], "Mål")


def test_som_text_lamnar_produktens_text_och_vanlig_text_orord():
    from uppfoljning.visning import som_text

    # Det produkten själv skriver i tabeller och meningar ändras inte (inget att escapa).
    for text in ["<5", "dold", "-1 020 tkr", "+13 procentenheter", "73 %", "Regelns skäl: 29 av 40",
                 "Annat/okänt kön", "Vännäs (SUS 1,2) ⚠", "Värdet visas inte.", "2020-01-13"]:
        assert som_text(text) == text
    assert som_text(None) == ""
    # Varje Markdown-konstruktion blir text.
    assert som_text("**fet** _kursiv_ `kod` $x$ ~s~") == r"\*\*fet\*\* \_kursiv\_ \`kod\` \$x\$ \~s\~"
    assert som_text("- punkt") == r"\- punkt" and som_text("1. lista") == r"1\. lista"
    assert som_text("# rubrik") == r"\# rubrik" and som_text("> citat") == r"\> citat"
    assert som_text(":red[röd] :material/home:") == r"\:red\[röd\] \:material/home:"
    assert som_text("<b>x</b>") == r"\<b\>x\</b\>"
    # Adresser: ett osynligt ordfogningstecken hindrar att de blir länkar.
    assert som_text("http://evil www.evil.se a@b.se") == "http\u2060\\://evil www\u2060\\.evil.se a\u2060\\@b.se"
    assert som_text("rad 1\nrad 2") == "rad 1  \nrad 2"
