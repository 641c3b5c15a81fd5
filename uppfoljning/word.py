"""Mötesunderlaget som Word-dokument (.docx), för styrelsens sekreterare som klistrar in avsnitt i kallelsen.

Samma innehåll som PDF:en (uppfoljning.pdf) ur samma Motesunderlag: läsarnas version har alltså samma skydd för
små tal och samma utelämnade analysutkast, eftersom skyddet tillämpas när underlaget byggs, inte här. Rubrikerna
är Words egna rubrikformat (Rubrik 1-3), så att innehållsförteckning och navigering fungerar i Word; tabellerna
har statusen som symbol och ord i en ljust färgad cell (läsbar i svartvitt), diagrammet är en bild och varje sida
har sidnummer ("Sida 3 av 18").
"""

from __future__ import annotations

import io
import re

import polars as pl
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .motesunderlag import STATUSFORKLARING, Avsnittsdel, Dokumenttexter, Maldel, Motesunderlag, status_for_etikett
from .omfattning import FORBUNDET
from .pdf import FYLLNING, diagram_eller_fel, ordbredd_mm, ren_text
from .status import Status

GRA = RGBColor(60, 60, 60)
# En cell som är ett tal som underlaget visar det: "77 %", "-2 335 tkr", "12 ⚠", "dold", "–" eller tom.
_TAL = re.compile(r"[-−+]?[\d\s\u00a0,]+(?:[ \u00a0]?%|[ \u00a0]tkr| p\.e\.)?(?: ⚠)?|dold|–|")
TYPSNITT = "DejaVu Sans"
TABELLTEXT = Pt(8)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "{:02X}{:02X}{:02X}".format(*rgb)


def _fyll(cell, rgb: tuple[int, int, int]) -> None:
    egenskaper = cell._tc.get_or_add_tcPr()
    skugga = OxmlElement("w:shd")
    skugga.set(qn("w:val"), "clear")
    skugga.set(qn("w:color"), "auto")
    skugga.set(qn("w:fill"), _hex(rgb))
    egenskaper.append(skugga)


def _falt(stycke, instruktion: str) -> None:
    """Ett Word-fält (PAGE, NUMPAGES) som Word och LibreOffice räknar ut när dokumentet visas."""
    run = stycke.add_run()
    run.font.size = Pt(8)

    def tecken(typ: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), typ)
        run._r.append(el)

    tecken("begin")
    kod = OxmlElement("w:instrText")
    kod.set(qn("xml:space"), "preserve")
    kod.text = f" {instruktion} "
    run._r.append(kod)
    tecken("separate")
    visat = OxmlElement("w:t")
    visat.text = "1"
    run._r.append(visat)
    tecken("end")


def _hall_ihop(rad, med_nasta: bool = False) -> None:
    """Raden delas inte av en sidbrytning; med_nasta: den hamnar på samma sida som raden efter."""
    egenskaper = rad._tr.get_or_add_trPr()
    egenskaper.append(OxmlElement("w:cantSplit"))
    if med_nasta:
        for cell in rad.cells:
            for stycke in cell.paragraphs:
                stycke.paragraph_format.keep_with_next = True


def _bredder(t, bredder: list[float]) -> None:
    """Kolumnernas bredd i mm, både i tabellens rutnät (LibreOffice) och i varje cell (Word)."""
    t.autofit = False
    for kolumn, bredd in zip(t.columns, bredder):
        kolumn.width = Mm(bredd)
    for rad in t.rows:
        for cell, bredd in zip(rad.cells, bredder):
            cell.width = Mm(bredd)


class _Word:
    def __init__(self, u: Motesunderlag):
        self.u = u
        self.doc = Document()
        stil = self.doc.styles["Normal"]
        stil.font.name = TYPSNITT
        stil.font.size = Pt(10)
        stil.element.rPr.rFonts.set(qn("w:eastAsia"), TYPSNITT)
        for namn in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            self.doc.styles[namn].font.name = TYPSNITT
            self.doc.styles[namn].font.color.rgb = RGBColor(0, 0, 0)
        self.doc.core_properties.title = u.titel
        self.doc.core_properties.author = u.organisation
        self.doc.core_properties.subject = u.texter.amne
        self.doc.core_properties.language = "sv-SE"
        sektion = self.doc.sections[0]
        sektion.page_width, sektion.page_height = Mm(210), Mm(297)
        for sida in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(sektion, sida, Mm(18))
        self._sidfot(sektion)

    def _sidfot(self, sektion) -> None:
        stycke = sektion.footer.paragraphs[0]
        stycke.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        text = stycke.add_run(ren_text(f"{self.u.organisation} · Mötesunderlag {self.u.period} · "
                                       f"{self.u.datum.isoformat()} · Sida "))
        text.font.size = Pt(8)
        _falt(stycke, "PAGE")
        stycke.add_run(" av ").font.size = Pt(8)
        _falt(stycke, "NUMPAGES")

    # ------------------------------------------------------------ byggstenar

    def rubrik(self, text: str, niva: int = 1) -> None:
        self.doc.add_heading(ren_text(text), level=niva)

    def stycke(self, text: str, storlek: float = 10, fet: bool = False, gra: bool = False):
        stycke = self.doc.add_paragraph()
        run = stycke.add_run(ren_text(text))
        run.font.size = Pt(storlek)
        run.bold = fet
        if gra:
            run.font.color.rgb = GRA
        stycke.paragraph_format.space_after = Pt(3)
        return stycke

    def anvandartext(self, rubrik: str, text: str) -> None:
        """Styrelsens text: rubrik i fetstil, texten ordagrant (ingen tolkning av tecken som < > * _)."""
        self.stycke(rubrik, fet=True)
        for rad in ren_text(text).split("\n"):
            self.stycke(rad)

    def etikett(self, status: Status) -> str:
        return status.visning.etikett  # symbol och ord: "◐ Delvis uppfyllt"

    def statusrad(self, ledtext: str, status: Status | None) -> None:
        """'Styrelsens beslut: ◐ Delvis uppfyllt' med statusen markerad i ljus färg."""
        stycke = self.doc.add_paragraph()
        stycke.add_run(ledtext + " ").bold = True
        if status is None:
            stycke.add_run("inte registrerat")
            return
        run = stycke.add_run(f" {self.etikett(status)} ")
        run.bold = True
        egenskaper = run._r.get_or_add_rPr()
        skugga = OxmlElement("w:shd")
        skugga.set(qn("w:val"), "clear")
        skugga.set(qn("w:color"), "auto")
        skugga.set(qn("w:fill"), _hex(FYLLNING[status]))
        egenskaper.append(skugga)

    def tabell(self, rubriker: list[str], rader: list[list[str]], statuskolumner: set[int] = frozenset(),
               hogerjustera: set[int] = frozenset(), fetstil_rader: set[int] = frozenset(), bredder=None):
        """En tabell med rubrikrad som upprepas på varje sida; statuskolumnernas celler färgas efter statusen."""
        t = self.doc.add_table(rows=1, cols=len(rubriker))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.LEFT
        huvud = t.rows[0]
        upprepa = OxmlElement("w:tblHeader")
        upprepa.set(qn("w:val"), "true")
        huvud._tr.get_or_add_trPr().append(upprepa)
        for cell, namn in zip(huvud.cells, rubriker):
            self._celltext(cell, namn, fet=True)
            _fyll(cell, (235, 235, 235))
        for nr, rad in enumerate(rader):
            celler = t.add_row().cells
            for i, (cell, varde) in enumerate(zip(celler, rad)):
                status = status_for_etikett(varde) if i in statuskolumner and varde else None
                self._celltext(cell, varde, fet=status is not None or nr in fetstil_rader,
                               hoger=i in hogerjustera)
                if status is not None:
                    _fyll(cell, FYLLNING[status])
        if bredder:
            _bredder(t, bredder)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)
        return t

    def _celltext(self, cell, text, fet: bool = False, hoger: bool = False, gra: bool = False) -> None:
        stycke = cell.paragraphs[0]
        run = stycke.add_run(ren_text("" if text is None else str(text)))
        run.font.size = TABELLTEXT
        run.bold = fet
        if gra:
            run.font.color.rgb = GRA
        if hoger:
            stycke.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def df_tabell(self, df: pl.DataFrame, statuskolumner: tuple[str, ...] = (), bredder=None):
        """En visningstabell; kolumner med tal (77 %, 11 558 tkr, dold) högerställs."""
        kolumner = df.columns
        rader = [["" if v is None else str(v) for v in r] for r in df.iter_rows()]
        hoger = {i for i, k in enumerate(kolumner) if k not in statuskolumner and rader
                 and all(_TAL.fullmatch(r[i]) for r in rader)}
        return self.tabell(kolumner, rader, statuskolumner={kolumner.index(k) for k in statuskolumner if k in kolumner},
                           hogerjustera=hoger, bredder=bredder)

    def sidbrytning(self) -> None:
        self.doc.add_page_break()


# ---------------------------------------------------------------- delarna (samma ordning som PDF:en)


def _forsattsblad(w: _Word, u: Motesunderlag) -> None:
    w.stycke(u.organisation, storlek=13)
    w.doc.add_heading("Mötesunderlag", level=0)
    w.stycke(f"Uppföljning av mål och utfall {u.period}", storlek=16)
    w.stycke(f"{u.texter.mottagare}, framtaget "
             f"{u.datum.isoformat()}")
    w.stycke(f"Samlad måluppfyllelse {u.period}: {u.summering}", storlek=12, fet=True)
    w.stycke(u.texter.om_bedomningarna, storlek=9)
    if u.lasarversion:
        w.stycke(u.lasarversion, storlek=9, fet=True)


def _forklaring(w: _Word, u: Motesunderlag) -> None:
    w.stycke("Förklaring", fet=True)
    w.tabell(["Status", "Betyder"], [[w.etikett(s), text] for s, text in STATUSFORKLARING], statuskolumner={0},
             bredder=[45, 129])
    w.stycke(f"Sammanvägningsregeln: {u.sammanvagning}", storlek=8, gra=True)


def _matris(w: _Word, u: Motesunderlag) -> None:
    w.sidbrytning()
    w.rubrik(f"{u.samlad_rubrik} {u.period}", 1)
    w.stycke(f"{u.period}: {u.summering}.", fet=True)
    if u.matris.height == 0:
        w.stycke(f"Målramverket har inga mål att bedöma för {u.period}.")
        return
    enhet = u.matris.columns[1]  # organisationens ord: Plattform, Delprojekt ...
    df = u.matris.select("Mål", enhet, "Måluppfyllelse", "Grund", "Förslag enligt reglerna")
    t = w.df_tabell(df, statuskolumner=("Måluppfyllelse", "Förslag enligt reglerna"), bredder=[50, 40, 32, 22, 32])
    # Målet står en gång för alla dess rader, som i PDF:en.
    mal = df["Mål"].to_list()
    start = 0
    for i in range(1, len(mal) + 1):
        if i == len(mal) or mal[i] != mal[start]:
            if i - start > 1:
                forsta, sista = t.cell(start + 1, 0), t.cell(i, 0)
                for cell in (t.cell(r + 1, 0) for r in range(start + 1, i)):
                    for stycke in cell.paragraphs:
                        for run in stycke.runs:
                            run.text = ""
                forsta.merge(sista)
            start = i
    # Skälet bakom varje cell i en rad, och celler vars data saknas eller är ofullständig.
    if "Skäl" in u.matris.columns:
        w.stycke("Skälen", fet=True)
        for r in u.matris.iter_rows(named=True):
            underlag = f" {r['Underlag']}" if r.get("Underlag", "Komplett") != "Komplett" else ""
            w.stycke(f"• {r['Mål']}, {r[enhet]}: {r['Skäl']}{underlag}", storlek=8.5)
    for text in u.forbehall:
        w.stycke(f"⚠ Ofullständigt underlag: {text}", storlek=9)
    if u.avvikande_beslut:
        w.stycke(u.texter.avvikande_beslut, fet=True)
        for text in u.avvikande_beslut:
            w.stycke(f"• {text}", storlek=9)
    _forklaring(w, u)


def _diagram(w: _Word, u: Motesunderlag, png: bytes | None, fel: str | None) -> None:
    if u.diagram is None:
        return
    w.rubrik("Nyckeldiagram", 2)
    if png is None:
        w.stycke(f"Diagram kunde inte skapas: {fel or 'okänt fel'}. Siffrorna finns i målens tabeller nedan.",
                 gra=True)
        return
    w.doc.add_picture(io.BytesIO(png), width=Mm(174))
    w.stycke(u.texter.om_diagrammet, storlek=8, gra=True)


def _indikatortabell(w: _Word, df: pl.DataFrame, texter: Dokumenttexter) -> None:
    """Indikatorerna: en rad med värdena och status, och under den en rad med skälet."""
    kolumner, rubriker = texter.indikatorkolumner()
    t = w.tabell(rubriker, [])
    for r in df.iter_rows(named=True):
        celler = t.add_row().cells
        for i, k in enumerate(kolumner):
            w._celltext(celler[i], r[k], fet=k == "Indikator", hoger=k != "Indikator")
        status = status_for_etikett(r["Status"] or "")
        w._celltext(celler[-1], r["Status"], fet=True)
        if status is not None:
            _fyll(celler[-1], FYLLNING[status])
        # Raden och dess skäl hålls ihop över en sidbrytning (som i PDF:en).
        _hall_ihop(t.rows[-1], med_nasta=True)
        skal = t.add_row().cells
        _hall_ihop(t.rows[-1])
        sammanslagen = skal[0].merge(skal[-1])
        w._celltext(sammanslagen, "Varför: " + ren_text(r["Varför"]), gra=True)
    # Utfallskolumnerna rymmer periodens längsta ord (Words cellmarginaler är bredare än PDF:ens); Indikator tar
    # resten, och Status och Svarsfrekvens krymper när perioden har långa namn.
    utfall = min(27.0, max(14.0, max(ordbredd_mm(o, TABELLTEXT.pt) for o in texter.utfallsrubrikernas_ord) + 5.0))
    ovriga = [17, 18, 14, 20, 35] if utfall == 14.0 else [17, 18, 13, 18, 25]
    _bredder(t, [172 - 2 * utfall - sum(ovriga), ovriga[0], utfall, utfall, *ovriga[1:]])


def _avsnitt(w: _Word, a: Avsnittsdel, texter: Dokumenttexter) -> None:
    w.rubrik(f"{a.nummer}. {a.namn}", 3)
    w.statusrad("Förslag för avsnittet:", a.forslag)
    w.stycke(a.motivering, storlek=8.5, gra=True)
    if a.beslut:
        w.statusrad(texter.avsnittets_beslut, a.beslut)
    _indikatortabell(w, a.indikatorer, texter)
    for rad in a.ovriga_svar:
        w.stycke(rad, storlek=8, gra=True)
    if a.analys:
        w.anvandartext(texter.analys, a.analys)


def _mal(w: _Word, m: Maldel, texter: Dokumenttexter, ny_sida: bool = True) -> None:
    if ny_sida:
        w.sidbrytning()
    w.rubrik(f"{m.rubrik}: {m.plattform}", 2)
    w.stycke(m.titel, storlek=9, gra=True)
    w.statusrad(texter.beslut, m.beslut)
    w.statusrad("Förslag enligt reglerna:", m.forslag)
    w.stycke(m.forslag_motivering, storlek=8.5, gra=True)
    if m.beslut_avviker:
        w.stycke(texter.beslutet_avviker(m), fet=True, storlek=9)
    if m.beslut_text:
        w.anvandartext(texter.samlad_bedomning, m.beslut_text)
    if m.svarsfrekvens:
        w.stycke(f"Svarsfrekvens {texter.u.period}: {m.svarsfrekvens}.", storlek=9)
    for a in m.avsnitt:
        _avsnitt(w, a, texter)
    for rad in m.fotnoter:
        w.stycke(rad, storlek=8, gra=True)


def _utfall(w: _Word, u: Motesunderlag) -> None:
    w.sidbrytning()
    w.rubrik(f"Utfall för deltagare {u.period}", 1)
    w.stycke(u.texter.om_utfallen, storlek=8.5, gra=True)
    for d in u.utfall:
        w.rubrik(d.namn, 2)
        if d.forbehall:
            w.stycke(f"⚠ Ofullständig total: {d.forbehall}", storlek=9)
        smala = [c for c in d.tabell.columns if c not in ("Mått", "Andelen räknas")]
        w.df_tabell(d.tabell, bredder=[174 - 17 * len(smala) - 32] + [17] * len(smala) + [32])
        if d.scope_id == FORBUNDET and u.om_totalen:
            w.stycke(u.om_totalen, storlek=8.5, gra=True)
    if u.utan_utfall:
        w.stycke(f"Inga utfall {u.period}: {', '.join(u.utan_utfall)}.", storlek=8.5, gra=True)


def _budget(w: _Word, u: Motesunderlag) -> None:
    w.sidbrytning()
    w.rubrik(f"Budget och utfall {u.period}", 1)
    if u.budget.height == 0:
        w.stycke(f"Det finns ingen budget lagrad för {u.period}.")
        return
    w.stycke(u.texter.om_budgeten, storlek=8.5, gra=True)
    rader, fetstil = [], set()
    forra_avsnitt = None
    for r, radtyp in zip(u.budget.iter_rows(named=True), u.budget_radtyp):
        if radtyp == "post" and r["Avsnitt"] != forra_avsnitt:
            fetstil.add(len(rader))
            rader.append([r["Avsnitt"], "", "", ""])
            forra_avsnitt = r["Avsnitt"]
        if radtyp != "post":
            fetstil.add(len(rader))
        rader.append([("" if radtyp != "post" else "    ") + ren_text(r["Rad"]),
                      *(ren_text(r[k]) for k in ("Utfall", "Budget", "Avvikelse"))])
    w.tabell(["Rad", "Utfall", "Budget", "Avvikelse"], rader, hogerjustera={1, 2, 3}, fetstil_rader=fetstil,
             bredder=[99, 25, 25, 25])
    for rad in u.fotnoter:
        w.stycke(rad, storlek=8, gra=True)


def _datakvalitet(w: _Word, u: Motesunderlag) -> None:
    w.sidbrytning()
    w.rubrik(f"Datakvalitet {u.period}", 1)
    if u.datakvalitet.height == 0:
        w.stycke(u.texter.inga_fynd)
    else:
        w.stycke(u.texter.om_fynden, storlek=8.5, gra=True)
        w.df_tabell(u.datakvalitet, bredder=[26, 60, 88])


def _avvikelser(w: _Word, u: Motesunderlag) -> None:
    w.rubrik(f"Accepterade avvikelser {u.period}", 1)
    if u.accepterade.height == 0:
        w.stycke(u.texter.inga_accepterade)
    else:
        w.stycke(u.texter.om_accepterade, storlek=8.5, gra=True)
        w.df_tabell(u.accepterade, bredder=[42, 56, 76])
    if u.ej_bedomda.height:
        w.rubrik(f"Mål som inte bedöms {u.period}", 2)
        w.df_tabell(u.ej_bedomda, bredder=[42, 56, 76])


def docx_bytes(u: Motesunderlag, diagram: bool = True, png: bytes | None = None) -> bytes:
    """Hela mötesunderlaget som Word-dokument, i PDF:ens ordning och med PDF:ens innehåll. diagram=False eller ett
    misslyckat diagram ger ett dokument utan bild, med en mening om varför. png: ett färdigt diagram."""
    w = _Word(u)
    png, fel = diagram_eller_fel(u, diagram, png)
    _forsattsblad(w, u)
    _matris(w, u)
    _diagram(w, u, png, fel)
    if u.mal:
        w.sidbrytning()
        w.rubrik(f"Målen ett och ett {u.period}", 1)
        w.stycke(u.texter.om_malen, storlek=9, gra=True)
        if u.indikatorforklaringar:
            w.stycke("Om indikatorerna", fet=True, storlek=9)
            for rad in u.indikatorforklaringar:
                w.stycke(f"• {rad}", storlek=8, gra=True)
        for nr, m in enumerate(u.mal):
            _mal(w, m, u.texter, ny_sida=nr > 0)
    _utfall(w, u)
    _budget(w, u)
    _datakvalitet(w, u)
    _avvikelser(w, u)
    ut = io.BytesIO()
    w.doc.save(ut)
    return ut.getvalue()
