"""Mötesunderlaget som PDF (fpdf2): försättsblad med innehåll, matrisen, nyckeldiagrammet, varje mål
med indikatorer, skäl, analys, förslag och beslut, utfallen per plattform, budget, datakvalitet och
accepterade avvikelser. Sidnummer "Sida N av M" i sidfoten.

Utskrift i svartvitt: status står alltid i ord (och symbol om typsnittet har den) i en ljus ruta, så
att svart text går att läsa även när färgen blir grå.

Text som användare skrivit (styrelsens analys) skrivs som ren text: ingen markdown eller HTML tolkas.
"""

from __future__ import annotations

import io
import os
import re
from functools import cache, lru_cache
from pathlib import Path

import polars as pl
import plotly.graph_objects as go
import plotly.io as pio
from fpdf import FPDF, FontFace
from fpdf.enums import TableBordersLayout, XPos, YPos

from .motesunderlag import Avsnittsdel, Dokumenttexter, Maldel, Motesunderlag, diagram_figur, status_for_etikett
from .omfattning import FORBUNDET
from .status import Status

# Typsnitt med svenska tecken och statussymbolerna. Debians fonts-dejavu-core installerar dem här;
# UPPFOLJNING_TYPSNITT kan peka på en annan mapp med DejaVuSans.ttf och DejaVuSans-Bold.ttf.
TYPSNITTSMAPPAR = [Path("/usr/share/fonts/truetype/dejavu")]
TYPSNITT = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FAMILJ = "DejaVu"

# Ljusa toner av statusfärgerna: svart text syns, och i gråskala blir de ljusgrå. Ordet bär statusen.
FYLLNING: dict[Status, tuple[int, int, int]] = {
    Status.GRON: (191, 230, 216),
    Status.GUL: (250, 243, 170),
    Status.ROD: (244, 196, 166),
    Status.EJ_BEDOMD: (221, 221, 221),
    Status.SAKNAS: (255, 255, 255),
    Status.FOR_FA: (238, 238, 238),
    Status.DOLD: (238, 238, 238),
}
RUBRIKFARG = (235, 235, 235)
GRA_TEXT = (60, 60, 60)
TABELLTEXT = 7.5
BRODTEXT = 9.5


class TypsnittSaknas(RuntimeError):
    """Typsnittet med svenska tecken finns inte; meddelandet säger hur det installeras."""


def _typsnittsfiler() -> dict[str, Path]:
    mappar = ([Path(os.environ["UPPFOLJNING_TYPSNITT"])] if os.environ.get("UPPFOLJNING_TYPSNITT") else []) \
        + TYPSNITTSMAPPAR
    for mapp in mappar:
        filer = {stil: mapp / namn for stil, namn in TYPSNITT.items()}
        if all(f.exists() for f in filer.values()):
            return filer
    sokta = ", ".join(str(m / TYPSNITT[""]) for m in mappar)
    raise TypsnittSaknas(
        "PDF:en kan inte skapas: typsnittet DejaVu Sans (med å, ä, ö) saknas. Sökte: "
        f"{sokta}. Installera Debians paket fonts-dejavu-core (apt-get install fonts-dejavu-core) "
        "eller sätt UPPFOLJNING_TYPSNITT till en mapp med DejaVuSans.ttf och DejaVuSans-Bold.ttf."
    )


@cache
def _har_tecken(fil: str, tecken: str) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(fil, lazy=True) as f:
        tabell = f.getBestCmap()
    return all(ord(t) in tabell for t in tecken)


_STYRTECKEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def ren_text(text: str | None) -> str:
    """Användartext som den ska skrivas: styrtecken bort, tabb blir mellanslag. Inget tolkas som HTML."""
    if not text:
        return ""
    return _STYRTECKEN.sub("", str(text).replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n"))


@lru_cache(maxsize=512)
def ordbredd_mm(ord_: str, storlek_pt: float) -> float:
    """Ett ords bredd i mm i tabellrubrikernas stil (DejaVu fetstil), för kolumnbredder i PDF:en och Word."""
    matare = FPDF(unit="mm")
    matare.add_font(FAMILJ, "B", str(_typsnittsfiler()["B"]))
    matare.set_font(FAMILJ, "B", storlek_pt)
    return matare.get_string_width(ord_)


class _Pdf(FPDF):
    def __init__(self, u: Motesunderlag):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.u = u
        filer = _typsnittsfiler()
        for stil, fil in filer.items():
            self.add_font(FAMILJ, stil, str(fil))
        symboler = "".join(s.visning.symbol for s in Status)
        self.symboler = _har_tecken(str(filer[""]), symboler) and _har_tecken(str(filer["B"]), symboler)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(u.titel)
        self.set_author(u.organisation)
        self.set_subject(u.texter.amne)
        self.set_creator("uppfoljning")
        self.set_lang("sv-SE")
        self.set_font(FAMILJ, "", BRODTEXT)

    # ------------------------------------------------------------ sidhuvud och sidfot

    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILJ, "", 7.5)
        self.set_text_color(*GRA_TEXT)
        self.cell(0, 5, ren_text(f"{self.u.organisation} · Mötesunderlag {self.u.period} · {self.u.datum.isoformat()}"),
                  align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"Sida {self.page_no()} av {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # ------------------------------------------------------------ byggstenar

    def ny_sida(self):
        """Ny sida, utom när vi redan står överst på en tom sida."""
        if self.page == 0 or self.y > self.t_margin + 1:
            self.add_page()

    def etikett(self, status: Status) -> str:
        v = status.visning
        return f"{v.symbol} {v.ord}" if self.symboler else v.ord

    def rubrik(self, text: str, niva: int = 0, avsnitt: bool = True):
        storlek = {0: 15, 1: 12.5, 2: 10.5}[niva]
        behov = {0: 40, 1: 35, 2: 30}[niva]
        if self.will_page_break(behov):
            self.add_page()
        if niva < 2 and avsnitt:
            self.start_section(ren_text(text), level=niva)
        self.set_font(FAMILJ, "B", storlek)
        self.multi_cell(0, storlek * 0.5, ren_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font(FAMILJ, "", BRODTEXT)

    def stycke(self, text: str, storlek: float = BRODTEXT, fet: bool = False, farg=(0, 0, 0), efter: float = 1.5):
        self.set_font(FAMILJ, "B" if fet else "", storlek)
        self.set_text_color(*farg)
        self.multi_cell(0, storlek * 0.48, ren_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font(FAMILJ, "", BRODTEXT)
        self.ln(efter)

    def anvandartext(self, rubrik: str, text: str):
        """Styrelsens text: rubrik i fetstil, texten ordagrant (ingen tolkning av tecken som < > * _)."""
        if self.will_page_break(15):
            self.add_page()
        self.stycke(rubrik, fet=True, efter=0.5)
        self.stycke(text)

    def statusrad(self, ledtext: str, status: Status | None, efter: str = ""):
        """'Styrelsens beslut: [◐ Delvis uppfyllt]' med statusrutan i ljus färg."""
        self.set_font(FAMILJ, "B", BRODTEXT)
        self.cell(self.get_string_width(ledtext) + 2, 6, ledtext)
        if status is None:
            self.set_font(FAMILJ, "", BRODTEXT)
            self.cell(0, 6, "inte registrerat", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            return
        text = self.etikett(status)
        self.set_fill_color(*FYLLNING[status])
        self.set_draw_color(90, 90, 90)
        self.cell(self.get_string_width(text) + 5, 6, text, border=1, fill=True, align="C")
        self.set_font(FAMILJ, "", BRODTEXT)
        if efter:
            self.cell(0, 6, "  " + ren_text(efter))
        self.ln(7)

    def ny_tabell(self, bredder: list[float], **kw):
        """fpdf2-tabell med husets utseende. Fyllfärgen nollställs: tabellen ärver annars den senast
        använda fyllningen (t.ex. en statusruta) som bakgrund i alla celler."""
        self.set_font(FAMILJ, "", TABELLTEXT)
        self.set_draw_color(120, 120, 120)
        self.set_fill_color(255, 255, 255)
        self.set_text_color(0, 0, 0)
        self.set_line_width(0.2)
        installningar = dict(
            col_widths=bredder, width=sum(bredder), align="LEFT", text_align="LEFT",
            line_height=TABELLTEXT * 0.48, padding=(0.9, 1.2), v_align="TOP",
            headings_style=FontFace(family=FAMILJ, emphasis="BOLD", size_pt=TABELLTEXT, fill_color=RUBRIKFARG),
        )
        installningar.update(kw)
        return self.table(**installningar)

    def _stil(self, status: Status | None, fet: bool = True) -> FontFace:
        return FontFace(family=FAMILJ, emphasis="BOLD" if fet else None, size_pt=TABELLTEXT,
                        fill_color=FYLLNING[status] if status else None)

    def statuscell(self, rad, text: str, **kw):
        status = status_for_etikett(text)
        rad.cell(self.etikett(status) if status else ren_text(text), style=self._stil(status), align="C", **kw)

    def tabell(self, df: pl.DataFrame, bredder: list[float], justering: list[str] | None = None,
               statuskolumner: tuple[str, ...] = (), rubriker: list[str] | None = None,
               fetstil_rader: set[int] = frozenset()):
        """En tabell ur en visningstabell: rubrikrad som upprepas på varje sida, rader som inte delas."""
        with self.ny_tabell(bredder, text_align=justering or "LEFT") as t:
            huvud = t.row()
            for namn in rubriker or df.columns:
                huvud.cell(ren_text(namn))
            for nr, r in enumerate(df.iter_rows()):
                rad = t.row()
                for kolumn, varde in zip(df.columns, r):
                    if kolumn in statuskolumner:
                        self.statuscell(rad, varde or "")
                    elif nr in fetstil_rader:
                        rad.cell(ren_text(varde), style=FontFace(emphasis="BOLD", size_pt=TABELLTEXT))
                    else:
                        rad.cell(ren_text(varde))
        self.set_font(FAMILJ, "", BRODTEXT)
        self.ln(3)


# ---------------------------------------------------------------- delarna


def _innehall(pdf: _Pdf, avsnitt) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.set_font(FAMILJ, "B", 12)
    pdf.cell(0, 8, "Innehåll", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for s in avsnitt:
        pdf.set_font(FAMILJ, "B" if s.level == 0 else "", 9.5 if s.level == 0 else 8.5)
        lank = pdf.add_link(page=s.page_number)
        indrag = 0 if s.level == 0 else 6
        pdf.set_x(pdf.l_margin + indrag)
        pdf.cell(pdf.epw - indrag - 15, 5.2, s.name, link=lank)
        pdf.cell(15, 5.2, str(s.page_number), align="R", link=lank, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _forsattsblad(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.add_page()
    pdf.set_y(28)
    pdf.set_font(FAMILJ, "", 13)
    pdf.multi_cell(0, 7, ren_text(u.organisation), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FAMILJ, "B", 26)
    pdf.cell(0, 13, "Mötesunderlag", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILJ, "", 17)
    pdf.cell(0, 10, f"Uppföljning av mål och utfall {u.period}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(FAMILJ, "", 10.5)
    pdf.cell(0, 6, f"{u.texter.mottagare}, framtaget "
                   f"{u.datum.isoformat()}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(6)
    pdf.set_fill_color(*RUBRIKFARG)
    pdf.set_font(FAMILJ, "B", 11.5)
    pdf.multi_cell(0, 7, f"Samlad måluppfyllelse {u.period}: {u.summering}", fill=True, padding=(3, 4),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.stycke(u.texter.om_bedomningarna, storlek=9)
    pdf.ln(4)
    pdf.insert_toc_placeholder(_innehall, pages=1)


def _forklaring(pdf: _Pdf, u: Motesunderlag) -> None:
    from .motesunderlag import STATUSFORKLARING

    pdf.stycke("Förklaring", fet=True, efter=0.5)
    for status, text in STATUSFORKLARING:
        etikett = pdf.etikett(status)
        pdf.set_font(FAMILJ, "B", 8)
        pdf.set_fill_color(*FYLLNING[status])
        pdf.set_draw_color(90, 90, 90)
        pdf.cell(46, 5.5, etikett, border=1, fill=True, align="C")
        pdf.set_font(FAMILJ, "", 8.5)
        pdf.cell(0, 5.5, "  " + text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.ln(1.5)
    pdf.stycke(f"Sammanvägningsregeln: {u.sammanvagning}", storlek=8, farg=GRA_TEXT)
    if u.lasarversion:
        pdf.stycke(u.lasarversion, storlek=8.5, fet=True)


def _matris(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.ny_sida()
    pdf.rubrik(f"{u.samlad_rubrik} {u.period}")
    pdf.stycke(f"{u.period}: {u.summering}.", fet=True)
    if u.matris.height == 0:
        pdf.stycke(f"Målramverket har inga mål att bedöma för {u.period}.")
        return
    enhet = u.matris.columns[1]  # organisationens ord: Plattform, Delprojekt ...
    df = u.matris.select("Mål", enhet, "Måluppfyllelse", "Grund", "Förslag enligt reglerna")
    bredder = [52, 44, 29, 26, 29]
    with pdf.ny_tabell(bredder, line_height=TABELLTEXT * 0.5, padding=(1.2, 1.2), v_align="MIDDLE") as t:
        huvud = t.row()
        for namn in df.columns:
            huvud.cell(namn)
        rader = list(df.iter_rows(named=True))
        for i, r in enumerate(rader):
            rad = t.row()
            if i == 0 or rader[i - 1]["Mål"] != r["Mål"]:
                antal = 1
                while i + antal < len(rader) and rader[i + antal]["Mål"] == r["Mål"]:
                    antal += 1
                rad.cell(ren_text(r["Mål"]), rowspan=antal, style=FontFace(emphasis="BOLD", size_pt=TABELLTEXT))
            rad.cell(ren_text(r[enhet]))
            pdf.statuscell(rad, r["Måluppfyllelse"])
            rad.cell(r["Grund"])
            pdf.statuscell(rad, r["Förslag enligt reglerna"])
    pdf.ln(3)
    # Skälet bakom varje cell i en rad, och celler vars data saknas eller är ofullständig.
    pdf.stycke("Skälen", fet=True, efter=0.5)
    for r in u.matris.iter_rows(named=True):
        underlag = f" {r['Underlag']}" if r.get("Underlag", "Komplett") != "Komplett" else ""
        pdf.stycke(f"• {ren_text(r['Mål'])}, {ren_text(r[enhet])}: {ren_text(r['Skäl'])}{ren_text(underlag)}",
                   storlek=8.5, efter=0.8)
    pdf.ln(1)
    for text in u.forbehall:
        pdf.stycke(f"⚠ Ofullständigt underlag: {text}", storlek=8.5, efter=1)
    if u.avvikande_beslut:
        pdf.stycke(u.texter.avvikande_beslut, fet=True, efter=0.5)
        for text in u.avvikande_beslut:
            pdf.stycke(f"• {text}", storlek=8.5, efter=1)
        pdf.ln(1)
    _forklaring(pdf, u)


# Bildens tema är fast: Streamlit gör sitt eget tema till Plotlys standard när det importeras (i appen, inte på
# kommandoraden), och det temat saknar bland annat axlarnas automatiska marginal. Med ett fast tema blir
# diagrammet i underlaget detsamma var det än görs.
BILDTEMA = pio.templates["plotly"]


def diagram_for_bild(u: Motesunderlag) -> go.Figure:
    """Nyckeldiagrammet som det ritas i underlaget (PDF och Word): fast tema, svart text, DejaVu."""
    if u.diagram is None:
        raise ValueError("det finns ingen andelsindikator med målnivå att visa")
    fig = diagram_figur(u.diagram)
    fig.update_layout(template=BILDTEMA,
                      font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#000000"},
                      title={"font": {"size": 15}})
    fig.update_yaxes(ticksuffix=" %")
    return fig


def diagram_png(u: Motesunderlag) -> bytes:
    """Nyckeldiagrammet som PNG (Plotly + kaleido, som använder Debians chromium)."""
    fig = diagram_for_bild(u)
    if not os.environ.get("BROWSER_PATH") and Path("/usr/bin/chromium").exists():
        os.environ["BROWSER_PATH"] = "/usr/bin/chromium"
    return fig.to_image(format="png", width=1000, height=560, scale=2)


def diagram_eller_fel(u: Motesunderlag, diagram: bool, png: bytes | None) -> tuple[bytes | None, str | None]:
    """Nyckeldiagrammet som bild till PDF:en och Word (png: ett färdigt, t.ex. cachat), eller varför det saknas.
    Ett diagram som inte går att rita (kaleido eller chromium saknas eller fallerar) stoppar inte underlaget."""
    if not diagram:
        return None, "diagram avstängda"
    if png is not None or u.diagram is None:
        return png, None
    try:
        return diagram_png(u), None
    except Exception as e:
        return None, f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}".rstrip(": ")


def _diagram(pdf: _Pdf, u: Motesunderlag, png: bytes | None, fel: str | None) -> None:
    if u.diagram is None:
        return
    if pdf.will_page_break(120):
        pdf.add_page()
    pdf.rubrik("Nyckeldiagram", niva=1)
    if png is None:
        pdf.stycke(f"Diagram kunde inte skapas: {fel or 'okänt fel'}. Siffrorna finns i målens tabeller nedan.",
                   farg=GRA_TEXT)
        return
    pdf.image(io.BytesIO(png), w=pdf.epw)
    pdf.ln(2)
    pdf.stycke(u.texter.om_diagrammet, storlek=8, farg=GRA_TEXT)


def _indikatortabell(pdf: _Pdf, df: pl.DataFrame, texter: Dokumenttexter) -> None:
    """Indikatorerna: en rad med värdena och en rad med skälet; statusrutan spänner över båda."""
    kolumner, rubriker = texter.indikatorkolumner()
    # Utfallskolumnerna rymmer periodens längsta ord ("Lägesrapport", "Projektperioden"); Indikator tar resten.
    utfall = min(29.0, max(15.0, max(ordbredd_mm(o, TABELLTEXT) for o in texter.utfallsrubrikernas_ord) + 3.4))
    bredder = [93 - 2 * utfall, 15, utfall, utfall, 15, 15, 16, 26]
    justering = ["LEFT"] + ["RIGHT"] * 6 + ["CENTER"]
    with pdf.ny_tabell(bredder, text_align=justering) as t:
        huvud = t.row()
        for namn in rubriker:
            huvud.cell(namn)
        for r in df.iter_rows(named=True):
            rad = t.row()
            for k in kolumner:
                rad.cell(ren_text(r[k]), style=FontFace(emphasis="BOLD", size_pt=TABELLTEXT) if k == "Indikator"
                         else None)
            pdf.statuscell(rad, r["Status"], rowspan=2, v_align="MIDDLE")
            skal = t.row()
            skal.cell("Varför: " + ren_text(r["Varför"]), colspan=len(kolumner), align="LEFT",
                      style=FontFace(size_pt=TABELLTEXT - 0.5, color=GRA_TEXT))
    pdf.set_font(FAMILJ, "", BRODTEXT)
    pdf.ln(2)


def _avsnitt(pdf: _Pdf, a: Avsnittsdel, texter: Dokumenttexter) -> None:
    pdf.rubrik(f"{a.nummer}. {a.namn}", niva=2, avsnitt=False)
    pdf.statusrad("Förslag för avsnittet:", a.forslag)
    pdf.stycke(a.motivering, storlek=8.5, farg=GRA_TEXT, efter=0.5)
    if a.beslut:
        pdf.statusrad(texter.avsnittets_beslut, a.beslut)
    pdf.ln(1)
    _indikatortabell(pdf, a.indikatorer, texter)
    for rad in a.ovriga_svar:
        pdf.stycke(rad, storlek=7.5, farg=GRA_TEXT, efter=0.5)
    if a.analys:
        pdf.anvandartext(texter.analys, a.analys)
    pdf.ln(2)


def _mal(pdf: _Pdf, m: Maldel, texter: Dokumenttexter, ny_sida: bool = True) -> None:
    if ny_sida:
        pdf.add_page()
    pdf.rubrik(f"{m.rubrik}: {m.plattform}", niva=1)
    pdf.stycke(m.titel, storlek=9, farg=GRA_TEXT)
    pdf.statusrad(texter.beslut, m.beslut)
    pdf.statusrad("Förslag enligt reglerna:", m.forslag)
    pdf.stycke(m.forslag_motivering, storlek=8.5, farg=GRA_TEXT, efter=1)
    if m.beslut_avviker:
        pdf.stycke(texter.beslutet_avviker(m), fet=True, storlek=9)
    if m.beslut_text:
        pdf.anvandartext(texter.samlad_bedomning, m.beslut_text)
    if m.svarsfrekvens:
        pdf.stycke(f"Svarsfrekvens {texter.u.period}: {m.svarsfrekvens}.", storlek=9)
    pdf.ln(1)
    for a in m.avsnitt:
        _avsnitt(pdf, a, texter)
    for rad in m.fotnoter:
        pdf.stycke(rad, storlek=7.5, farg=GRA_TEXT, efter=0.5)


def _utfall(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.add_page()
    pdf.rubrik(f"Utfall för deltagare {u.period}")
    pdf.stycke(u.texter.om_utfallen, storlek=8.5, farg=GRA_TEXT)
    for d in u.utfall:
        hojd = 14 + d.tabell.height * 4.2
        if pdf.will_page_break(min(hojd, 120)):
            pdf.add_page()
        pdf.rubrik(d.namn, niva=1)
        if d.forbehall:
            pdf.stycke(f"⚠ Ofullständig total: {d.forbehall}", storlek=8.5, efter=1)
        df = d.tabell
        smala = [c for c in df.columns if c not in ("Mått", "Andelen räknas")]
        bredder = [180 - 16 * len(smala) - 30] + [16] * len(smala) + [30]
        justering = ["LEFT"] + ["RIGHT"] * len(smala) + ["LEFT"]
        pdf.tabell(df, bredder, justering)
        if d.scope_id == FORBUNDET and u.om_totalen:
            pdf.stycke(u.om_totalen, storlek=8.5, farg=GRA_TEXT)
    if u.utan_utfall:
        pdf.stycke(f"Inga utfall {u.period}: {', '.join(u.utan_utfall)}.", storlek=8.5, farg=GRA_TEXT)


def _budget(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.add_page()
    pdf.rubrik(f"Budget och utfall {u.period}")
    if u.budget.height == 0:
        pdf.stycke(f"Det finns ingen budget lagrad för {u.period}.")
        return
    pdf.stycke(u.texter.om_budgeten, storlek=8.5, farg=GRA_TEXT)
    bredder = [99, 27, 27, 27]
    with pdf.ny_tabell(bredder, text_align=["LEFT", "RIGHT", "RIGHT", "RIGHT"], padding=(0.45, 1.2),
                       borders_layout=TableBordersLayout.HORIZONTAL_LINES) as t:
        huvud = t.row()
        for namn in ("Rad", "Utfall", "Budget", "Avvikelse"):
            huvud.cell(namn)
        forra_avsnitt = None
        for r, radtyp in zip(u.budget.iter_rows(named=True), u.budget_radtyp):
            if radtyp == "post" and r["Avsnitt"] != forra_avsnitt:
                rubrikrad = t.row()
                rubrikrad.cell(ren_text(r["Avsnitt"]), colspan=4,
                               style=FontFace(emphasis="BOLD", size_pt=TABELLTEXT, fill_color=(245, 245, 245)))
                forra_avsnitt = r["Avsnitt"]
            fet = radtyp != "post"
            stil = FontFace(emphasis="BOLD" if fet else None, size_pt=TABELLTEXT,
                            fill_color=(245, 245, 245) if radtyp in ("resultat", "arets_resultat") else None)
            rad = t.row(style=stil)
            rad.cell(("" if fet else "    ") + ren_text(r["Rad"]))
            for k in ("Utfall", "Budget", "Avvikelse"):
                rad.cell(ren_text(r[k]))
    pdf.ln(2)
    for rad in u.fotnoter:
        pdf.stycke(rad, storlek=7.5, farg=GRA_TEXT, efter=0.5)


def _datakvalitet(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.add_page()
    pdf.rubrik(f"Datakvalitet {u.period}")
    if u.datakvalitet.height == 0:
        pdf.stycke(u.texter.inga_fynd)
    else:
        pdf.stycke(u.texter.om_fynden, storlek=8.5, farg=GRA_TEXT)
        pdf.tabell(u.datakvalitet, [26, 62, 92])


def _avvikelser(pdf: _Pdf, u: Motesunderlag) -> None:
    pdf.rubrik(f"Accepterade avvikelser {u.period}")
    if u.accepterade.height == 0:
        pdf.stycke(u.texter.inga_accepterade)
    else:
        pdf.stycke(u.texter.om_accepterade, storlek=8.5, farg=GRA_TEXT)
        pdf.tabell(u.accepterade, [42, 58, 80])
    if u.ej_bedomda.height:
        pdf.rubrik(f"Mål som inte bedöms {u.period}", niva=1)
        pdf.tabell(u.ej_bedomda, [42, 58, 80])


def pdf_bytes(u: Motesunderlag, diagram: bool = True, png: bytes | None = None) -> bytes:
    """Hela mötesunderlaget som PDF. diagram=False eller ett misslyckat diagram ger en PDF utan bild,
    med en mening om varför. png: ett färdigt diagram (t.ex. cachat) i stället för att rita om."""
    pdf = _Pdf(u)
    png, fel = diagram_eller_fel(u, diagram, png)
    _forsattsblad(pdf, u)
    _matris(pdf, u)
    _diagram(pdf, u, png, fel)
    if u.mal:
        pdf.add_page()
        pdf.rubrik(f"Målen ett och ett {u.period}")
        pdf.stycke(u.texter.om_malen, storlek=9, farg=GRA_TEXT)
        if u.indikatorforklaringar:
            pdf.stycke("Om indikatorerna", fet=True, storlek=9, efter=0.5)
            for rad in u.indikatorforklaringar:
                pdf.stycke(f"• {rad}", storlek=8, farg=GRA_TEXT, efter=0.5)
            pdf.ln(2)
        for nr, m in enumerate(u.mal):
            _mal(pdf, m, u.texter, ny_sida=nr > 0)
    _utfall(pdf, u)
    _budget(pdf, u)
    _datakvalitet(pdf, u)
    _avvikelser(pdf, u)
    return bytes(pdf.output())
