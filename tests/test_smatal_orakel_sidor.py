"""Oraklet över det en läsare faktiskt ser 2020: nedladdningarna på sidorna Utfall (förbundet och varje
plattform), Plattformar, Kommuner (utfall och aktualiseringar för alla kommuner och varje kommun), Kvinnor och
män (förbundet och varje plattform), Över tid (varje indikator med ett utfallsmått, förbundet och varje
plattform: antalen bakom andelen), Mål (varje mål och omfattning: andelarna för alla, kvinnor och män, som ger
täljaren när basen syns någon annanstans) och läsarnas Excel-underlag. Allt samlas till celler; ett tal som visas på
en sida och döljs på en annan ger läsaren talet (intervallen skärs). Sedan propagerar oraklet intervallen över
alla relationer, så att också en sida som visar ett tal som skyddet döljer fångas. Enkätkuben prövas för sig
(standarddata har inga enkätantal): Kvinnor och mäns enkätsvar för förbundet och varje plattform, med antal
för tre plattformar."""

from __future__ import annotations

import io
import math
from fractions import Fraction

import openpyxl
import polars as pl

from uppfoljning import bedomning, installningar, malramverk, motesunderlag
from uppfoljning.status import Status

from . import smatal_orakel as orakel
from .test_smatal_sidor import GRANS, MATT, _app, _namn, _nedladdningar, _sida, lagrade  # noqa: F401

from .conftest import las, skriv, ny_databas

KON = {"Kvinnor": "kvinnor", "Män": "man", "Totalt": "totalt", "Annat/okänt kön": "annat"}
AKT_KON = {"Kvinnor": "kvinnor", "Män": "man", "Aktualiserade": "antal"}


class Lasaren:
    """Det läsaren vet: cell -> intervall, skuret över alla ställen där cellen visas."""

    def __init__(self):
        self.kunskap: dict = {}
        self.kallor: dict = {}
        self.andelar: list = []
        self.statusar: list = []

    def ser(self, cell, text, var: str) -> None:
        if text is None or str(text).strip() in ("", "–"):
            return
        lo, hi = orakel.las_intervall(text if isinstance(text, str) else int(text), GRANS)
        gammal = self.kunskap.get(cell, (0, orakel.INF))
        self.kunskap[cell] = (max(lo, gammal[0]), min(hi, gammal[1]))
        self.kallor.setdefault(cell, []).append(f"{var}: {text}")

    def andel(self, taljare, bas, text, var: str) -> None:
        """En andel i hel procent (avrundad halvt uppåt) av en bas: läsaren vet täljaren när basen är känd."""
        text = str(text or "").strip()
        if not text.endswith(" %"):
            return  # "dold", "–" eller inget
        self.andelar.append((taljare, bas, int(text.removesuffix(" %")), var))

    def status(self, taljare, bas, etikett, malniva, tolerans, var: str) -> None:
        """En synlig status (färg) för en andel mot målnivån enligt toleransregeln i goals.yaml: läsaren vet att
        täljaren ligger där andelen ger den färgen, när basen är känd (också när andelen själv är dold)."""
        status = next((s for s in Status if s.ar_fargad and str(etikett or "").startswith(s.visning.etikett)), None)
        niva = str(malniva or "").strip()
        if status is None or tolerans is None or not niva.endswith(" %"):
            return
        self.statusar.append((taljare, bas, status, float(niva.removesuffix(" %").replace(",", ".")), tolerans, var))

    def statusarnas_tal(self) -> None:
        """Täljaren ur varje synlig status vars bas läsaren vet exakt: de x i 0..b vars andel 100 x / b (exakt
        eller avrundad till hel procent, halvt uppåt) ger statusen enligt toleransregeln."""
        for taljare, bas, status, niva, tolerans, var in self.statusar:
            lo, hi = self.kunskap.get(bas, (0, orakel.INF))
            if lo != hi or lo == 0:
                continue
            b = int(lo)
            mojliga = [x for x in range(b + 1)
                       if any(bedomning.bedom_mot_tolerans(v, niva, tolerans)[0] == status
                              for v in (100 * x / b, math.floor(Fraction(100 * x, b) + Fraction(1, 2))))]
            if not mojliga:
                continue
            gammal = self.kunskap.get(taljare, (0, orakel.INF))
            self.kunskap[taljare] = (max(min(mojliga), gammal[0]), min(max(mojliga), gammal[1]))
            self.kallor.setdefault(taljare, []).append(f"{var}: {status.visning.ord} mot {niva:g} % av {b}")

    def andelarnas_tal(self) -> None:
        """Täljaren ur varje andel vars bas läsaren vet exakt: p = avrunda(100 x / b) ger
        x i [(p - 0,5) b / 100, (p + 0,5) b / 100)."""
        for taljare, bas, p, var in self.andelar:
            lo, hi = self.kunskap.get(bas, (0, orakel.INF))
            if lo != hi or lo == 0:
                continue
            b = int(lo)
            fran = math.ceil(Fraction(2 * p - 1, 200) * b)
            till = math.ceil(Fraction(2 * p + 1, 200) * b) - 1
            gammal = self.kunskap.get(taljare, (0, orakel.INF))
            self.kunskap[taljare] = (max(fran, gammal[0]), min(till, gammal[1]))
            self.kallor.setdefault(taljare, []).append(f"{var}: {p} % av {b}")

    def utfallstabell(self, df: pl.DataFrame, enhet, var: str) -> None:
        """En tabell med kolumnen Mått och kön; enhet: en enhet, eller (kolumn, namn -> enhet)."""
        for r in (df.iter_rows(named=True) if isinstance(df, pl.DataFrame) else df):
            e = enhet if isinstance(enhet, str) else enhet[1][r[enhet[0]]]
            m = MATT[_namn(str(r["Mått"])).lower()]
            for rubrik, kon in KON.items():
                if rubrik in r:
                    self.ser((e, m, kon), r[rubrik], var)


def test_inget_dolt_tal_kan_raknas_ut_ur_allt_en_lasare_ser_2020(app_databas, monkeypatch, tmp_path, lagrade):
    # En egen kopia för oraklet och underlaget: appen håller sin databasfil öppen.
    kopia = ny_databas(tmp_path / "kopia.duckdb", fran=app_databas)
    with las(kopia) as con:
        kub_utfall = orakel.utfall(con, 2020)
        kub_akt = orakel.aktualiseringar(con, 2020)
        plattformar = con.execute("SELECT plattform_id, kortnamn FROM plattform ORDER BY sortering").fetchall()
        kommuner = dict(con.execute("SELECT namn, kommun_id FROM kommun").fetchall())
        med_utfall = {p for (p,) in con.execute("SELECT DISTINCT plattform_id FROM v_utfall_antal "
                                                "WHERE period = 2020").fetchall()}
        andel_av_2020 = dict(con.execute("SELECT matt_id, andel_av FROM v_matt_definition WHERE period = 2020")
                             .fetchall())
        delar = {namn: k for (namn, k) in con.execute(
            "SELECT rp.namn || coalesce(' ' || k.namn, ''), (a.part_id, coalesce(a.kommun_id, '')) "
            "FROM (SELECT DISTINCT part_id, kommun_id FROM aktualisering WHERE period = 2020) AS a "
            "JOIN remitterande_part AS rp USING (part_id) LEFT JOIN kommun AS k USING (kommun_id)").fetchall()}
    kortnamn = {k: orakel.plattform(p) for p, k in plattformar}
    kommunenhet = {n: orakel.kommun(k) for n, k in kommuner.items()} | {"Kommun saknas": orakel.kommun("okand")}
    lasaren = Lasaren()
    at = _app("viewer", monkeypatch, tmp_path)

    # Utfall och Kvinnor och män för förbundet och varje plattform med utfall.
    for p in ["forbundet", *[p for p, _ in plattformar if p in med_utfall]]:
        enhet = orakel.FORBUNDET if p == "forbundet" else orakel.plattform(p)
        at = _sida(at, "pages/utfall.py", plattform=p)
        (ned,) = _nedladdningar(at, lagrade).values()
        lasaren.utfallstabell(ned, enhet, f"Utfall {p}")
        at = _sida(at, "pages/kvinnor_och_man.py", plattform=p)
        ned = next(df for f, df in _nedladdningar(at, lagrade).items() if f.startswith("Kvinnor och män"))
        lasaren.utfallstabell(ned, enhet, f"Kvinnor och män {p}")

    at = _sida(at, "pages/plattformar.py")
    lasaren.utfallstabell(_nedladdningar(at, lagrade)["Plattformar 2020"], ("Plattform", kortnamn), "Plattformar")

    # Kommuner: utfallen och aktualiseringarna för alla kommuner och för varje kommun.
    for kommun in ["alla", *kommuner.values()]:
        at = _sida(at, "pages/kommuner.py", kommun=kommun)
        filer = _nedladdningar(at, lagrade)
        if kommun == "alla":
            lasaren.utfallstabell(filer["Kommuner 2020"], ("Kommun", kommunenhet), "Kommuner")
        for r in filer["Aktualiseringar 2020"].iter_rows(named=True):
            if r["Remitterande part"] == "Totalt":
                nyckel = ("totalt", kommun)
            else:
                nyckel = delar[r["Remitterande part"]]
            for rubrik, kolumn in AKT_KON.items():
                lasaren.ser(("aktualisering", *nyckel, kolumn), r[rubrik], f"Aktualiseringar {kommun}")

    # Över tid: varje indikator med ett enda utfallsmått, för förbundet och varje plattform med utfall; 2020 års
    # antal (täljare) och bas (av) per kön ur nedladdningen. Ett dolt år har tomma antal och "dold".
    ram = malramverk.las(installningar.MALRAMVERK)
    tid_kon = {"Alla": "totalt", "Kvinnor": "kvinnor", "Män": "man"}
    over_tid = 0
    for ind_id, ind in ram.indikatorer.items():
        if ind.typ != "andel_utfall" or len(ind.matt) != 1:
            continue
        bas = ind.andel_av or andel_av_2020[ind.matt[0]]
        for p in ["forbundet", *[p for p, _ in plattformar if p in med_utfall]]:
            enhet = orakel.FORBUNDET if p == "forbundet" else orakel.plattform(p)
            at = _sida(at, "pages/over_tid.py", indikator=ind_id, plattform=p)
            # Filen heter efter indikatorns och enhetens namn (inga id:n); sidan har en nedladdning.
            (ned,) = [v for k, v in _nedladdningar(at, lagrade).items() if k.startswith("Över tid ")]
            ned = ned.filter(pl.col("År") == "2020")
            for r in ned.iter_rows(named=True):
                kon = tid_kon[r["Kön"]]
                lasaren.ser((enhet, ind.matt[0], kon), r["Antal"] or "dold", f"Över tid {ind_id} {p}")
                lasaren.ser((enhet, bas, kon), r["Av"] or "dold", f"Över tid {ind_id} {p}")
                over_tid += 1
    assert over_tid > 50

    # Mål: varje mål och omfattning; andelarna för alla, kvinnor och män för indikatorer med ett utfallsmått.
    # En andel ger täljaren när basen syns på en annan sida (andelarnas_tal, efter att allt är läst).
    mal_rader = 0
    for mal in ram.mal:
        for scope in mal.omfattning:
            enhet = orakel.FORBUNDET if scope == "forbundet" else orakel.plattform(scope)
            at = _sida(at, "pages/mal.py", mal=mal.id, plattform=scope)
            for tabell in at.table:
                df = tabell.value.reset_index()
                if "Indikator" not in df.columns:
                    continue
                for r in df.to_dict("records"):
                    ind_id = next((i for i, ind in ram.indikatorer.items()
                                   if str(r["Indikator"]).removesuffix(" ¹") == ind.namn), None)
                    ind = ram.indikatorer.get(ind_id)
                    if ind is None or ind.typ != "andel_utfall" or len(ind.matt) != 1:
                        continue
                    bas = ind.andel_av or andel_av_2020[ind.matt[0]]
                    for rubrik, kon in (("Utfall 2020", "totalt"), ("Kvinnor", "kvinnor"), ("Män", "man")):
                        lasaren.andel((enhet, ind.matt[0], kon), (enhet, bas, kon), r.get(rubrik),
                                      f"Mål {mal.id} {scope}")
                    lasaren.status((enhet, ind.matt[0], "totalt"), (enhet, bas, "totalt"), r.get("Status"),
                                   r.get("Målnivå"), ram.tolerans_for(ind), f"Mål {mal.id} {scope} status")
                    mal_rader += 1
    assert mal_rader > 5

    # Läsarnas Excel-underlag: utfallstabellerna per enhet.
    with las(kopia) as con:
        underlag = motesunderlag.bygg(con, malramverk.las(installningar.MALRAMVERK), 2020, smatalsgrans=GRANS)
    bok = openpyxl.load_workbook(io.BytesIO(motesunderlag.excel_bytes(underlag)), read_only=True)
    utfallsblad = 0
    for namn in bok.sheetnames:
        if not namn.startswith("Utfall "):
            continue
        rader = list(bok[namn].iter_rows(values_only=True))
        enhet = kortnamn.get(namn.removeprefix("Utfall "), orakel.FORBUNDET)
        lasaren.utfallstabell([dict(zip(rader[0], r)) for r in rader[1:] if r[0]], enhet, f"Excel {namn}")
        utfallsblad += 1
    assert utfallsblad >= len(med_utfall)

    lasaren.andelarnas_tal()
    lasaren.statusarnas_tal()
    assert lasaren.statusar, "läsaren ska se statusar på sidan Mål (annars prövas inget)"
    fel = []
    for namn, kub in (("utfall", kub_utfall), ("aktualiseringar", kub_akt)):
        sett = {c: lasaren.kunskap[c] for c in kub.varden if c in lasaren.kunskap}
        assert len(sett) > 0.5 * len(kub.varden), f"{namn}: läsaren ser för lite för att testet ska pröva något"
        resultat = orakel.prova_kunskap(kub, sett, GRANS)
        assert resultat.dolda > (100 if namn == "utfall" else 20)
        fel += [f"{c}: läsaren vet {lo}-{hi}, verkligt {v} (visas {lasaren.kallor[c]})"
                for c, ((lo, hi), v) in sorted(resultat.brott.items(), key=str)]
    assert not fel, f"{len(fel)} dolda tal avslöjas:\n" + "\n".join(fel[:30])


ENKAT_MED_ANTAL = ("ungdomstorget", "vannas", "robertsfors")


def test_inget_dolt_enkattal_kan_raknas_ut_pa_kvinnor_och_man(standarddatabas, monkeypatch, tmp_path, lagrade):
    """Enkätkuben: standarddata har bara rapporterade andelar, så tre plattformar får antal (några få svar per
    kön, som i test_smatal_orakel). Läsaren läser nedladdningen Enkätsvar per kön på Kvinnor och män för
    förbundet och varje plattform; oraklet prövar att inget dolt antal svar eller antal positiva kan räknas fram."""
    from uppfoljning import fragor
    from uppfoljning.kon_och_tid import _gruppnamn

    fil = ny_databas(tmp_path / "app.duckdb", fran=standarddatabas)
    monkeypatch.setenv("UPPFOLJNING_DB", str(fil))
    plattformar = ", ".join(f"'{p}'" for p in ENKAT_MED_ANTAL)
    with skriv(fil) as con:
        con.execute(f"""
            UPDATE enkat_resultat SET
                antal_svar = CASE kon WHEN 'K' THEN 9 WHEN 'M' THEN 3 ELSE 1 END
                             + (hash(plattform_id || fraga_id) % 3)::INTEGER,
                antal_positiva = CASE kon WHEN 'K' THEN 7 WHEN 'M' THEN 2 ELSE 1 END
            WHERE period = 2020 AND plattform_id IN ({plattformar}) AND kon <> 'alla';
            UPDATE enkat_resultat AS a SET
                antal_svar = (SELECT sum(antal_svar) FROM enkat_resultat AS k WHERE k.period = a.period
                              AND k.plattform_id = a.plattform_id AND k.respondentgrupp = a.respondentgrupp
                              AND k.fraga_id = a.fraga_id AND k.kon <> 'alla'),
                antal_positiva = (SELECT sum(antal_positiva) FROM enkat_resultat AS k WHERE k.period = a.period
                                  AND k.plattform_id = a.plattform_id AND k.respondentgrupp = a.respondentgrupp
                                  AND k.fraga_id = a.fraga_id AND k.kon <> 'alla')
            WHERE period = 2020 AND plattform_id IN ({plattformar}) AND kon = 'alla';
        """)
        kub = orakel.enkater(con, 2020)
        alla = [p for (p,) in con.execute("SELECT plattform_id FROM plattform ORDER BY sortering").fetchall()]
        forbundets = [p for (p,) in con.execute(
            "SELECT plattform_id FROM plattform WHERE ingar_i_forbundstotal").fetchall()]
        # Nedladdningens rader (grupp, fråga, kön i ord) till frågans nycklar, ur den oskyddade frågan.
        nycklar = {}
        for valda in [forbundets, *[[p] for p in alla]]:
            for r in fragor.kor(con, "kon_enkat", period=2020, plattformar=valda).iter_rows(named=True):
                nycklar[(_gruppnamn(r["respondentgrupp"]), r["fraga"], r["kon_namn"])] = (
                    r["respondentgrupp"], r["fraga_id"], r["kon"])
    lasaren = Lasaren()
    at = _app("viewer", monkeypatch, tmp_path)
    lasta = 0
    for p in ["forbundet", *alla]:
        enhet = orakel.FORBUNDET if p == "forbundet" else orakel.plattform(p)
        at = _sida(at, "pages/kvinnor_och_man.py", plattform=p)
        for namn, df in _nedladdningar(at, lagrade).items():
            if not namn.startswith("Enkätsvar per kön"):
                continue
            for r in df.iter_rows(named=True):
                grupp, fraga, kon = nycklar[(r["Respondentgrupp"], r["Fråga"], r["Svarande"])]
                for rubrik, kolumn in (("Antal svar", "antal_svar"), ("Antal positiva", "antal_positiva")):
                    lasaren.ser((enhet, grupp, fraga, kon, kolumn), r[rubrik], f"Enkät {p}")
                lasta += 1
    assert lasta > 20
    sett = {c: lasaren.kunskap[c] for c in kub.varden if c in lasaren.kunskap}
    assert len(sett) > 0.5 * len(kub.varden), "läsaren ser för lite för att testet ska pröva något"
    resultat = orakel.prova_kunskap(kub, sett, GRANS)
    assert resultat.dolda > 10
    fel = [f"{c}: läsaren vet {lo}-{hi}, verkligt {v} (visas {lasaren.kallor[c]})"
           for c, ((lo, hi), v) in sorted(resultat.brott.items(), key=str)]
    assert not fel, f"{len(fel)} dolda enkättal avslöjas:\n" + "\n".join(fel[:30])
