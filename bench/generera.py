"""Syntetiska deltagardata i nationell skala, med fast frö.

80 samordningsförbund med sammanlagt 290 kommuner; varje förbund har ett samordningsteam per kommun,
ett ungdomstorg i sin största kommun, ett vuxentorg om förbundet har minst fyra kommuner och var femte
förbund ett särredovisat projekt. Deltagarna fördelas över tio år (2016-2025) med en realistisk
blandning av kön (53 % kvinnor, 45 % män, 2 % annat) och avslutsorsaker, och skrivs i det format som
användarna laddar upp (datamängden deltagare, med namn och olika stavningar, som
datasets/examples/deltagare.csv).

Referensdata och målramverk skrivs som en egen datamapp (innehall.csv + referens/) som byggs med
uppfoljning.databas.bygg_databas, precis som standarddata.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from uppfoljning import installningar
from uppfoljning.filformat import normalisera_rubrik

FRO = 20240801
FORSTA_AR, SISTA_AR = 2016, 2025
ANTAL_FORBUND = 80
ANTAL_KOMMUNER = 290
DATA = Path(__file__).resolve().parent / "data"

_FORLEDER = ["Norr", "Sör", "Väster", "Öster", "Berg", "Sjö", "Lund", "Strand", "Håll", "Kvarn", "Ljung",
             "Björk", "Ek", "Gran", "Hög", "Lång", "Mål", "Ås", "Älv", "Fjäll"]
_EFTERLEDER = ["by", "sjö", "ås", "vik", "ö", "berga", "hamn", "näs", "dal", "fors", "torp", "holm", "å",
               "köping", "stad"]

# Avslutsorsakernas fördelning bland de avslutade, och stavningarna i filerna (ur kategorimappningen).
_ORSAKER = {"arbete": 0.20, "extratjanst": 0.05, "studier": 0.12, "fortsatt_rehab": 0.25,
            "saknar_arbetsformaga": 0.08, "avbrott_halsa": 0.15, "ovriga_avbrott": 0.15}
_KON = {"K": (0.53, ["Kvinna", "Kvinna", "Kvinna", "K", "kvinna"]),
        "M": (0.45, ["Man", "Man", "Man", "M", "man"]),
        "annat": (0.02, ["Annat", "Annat/okänt"])}
_KOPIERAS = ["kon", "utfallsmatt", "kategorimappning", "matt_definitioner", "respondentgrupper", "enkatfragor",
             "enkat_kon", "remitterande_parter"]
_TABELL = {"kommuner": "kommun", "plattformar": "plattform", "kon": "kon", "utfallsmatt": "utfallsmatt",
           "kategorimappning": "kategorimappning", "matt_definitioner": "matt_definition",
           "respondentgrupper": "respondentgrupp", "enkatfragor": "enkatfraga", "enkat_kon": "enkat_kon",
           "remitterande_parter": "remitterande_part"}


@dataclass
class Referens:
    kommuner: pl.DataFrame  # kommun_id, namn, vikt
    plattformar: pl.DataFrame  # plattform_id, namn, kortnamn, kommun_id, typ, ingar_i_forbundstotal, sortering
    # förbund per plattform och plattformens andel av alla deltagare
    plattform_forbund: np.ndarray
    plattform_sannolikhet: np.ndarray
    forbund_kommuner: list[list[int]]  # index i kommuner per förbund


def referens() -> Referens:
    rng = np.random.default_rng(FRO)
    namn = []
    sedda = set()
    for f in _FORLEDER:
        for e in _EFTERLEDER:
            n = f + e
            if normalisera_rubrik(n) not in sedda:
                sedda.add(normalisera_rubrik(n))
                namn.append(n)
    valda = sorted(rng.choice(len(namn), ANTAL_KOMMUNER, replace=False))
    kommunnamn = [namn[i] for i in valda]
    ordning = rng.permutation(ANTAL_KOMMUNER)
    kommunvikt = rng.lognormal(0.0, 0.8, ANTAL_KOMMUNER)
    kommuner = pl.DataFrame({"kommun_id": [normalisera_rubrik(n) for n in kommunnamn], "namn": kommunnamn,
                             "vikt": kommunvikt})

    # Antal kommuner per förbund: 1-8, summa 290.
    storlek = rng.choice(np.arange(1, 9), ANTAL_FORBUND, p=[0.16, 0.16, 0.16, 0.14, 0.12, 0.1, 0.08, 0.08])
    while storlek.sum() != ANTAL_KOMMUNER:
        i = rng.integers(ANTAL_FORBUND)
        if storlek.sum() < ANTAL_KOMMUNER and storlek[i] < 9:
            storlek[i] += 1
        elif storlek.sum() > ANTAL_KOMMUNER and storlek[i] > 1:
            storlek[i] -= 1
    forbund_kommuner = []
    start = 0
    for s in storlek:
        forbund_kommuner.append([int(k) for k in ordning[start:start + s]])
        start += s
    # Förbundens storlek i deltagare: kring 1 000 per år, större ju fler och större kommunerna är.
    forbund_vikt = np.array([kommunvikt[k].sum() ** 0.5 for k in forbund_kommuner]) * rng.lognormal(0, 0.3,
                                                                                                     ANTAL_FORBUND)
    forbund_vikt = forbund_vikt / forbund_vikt.sum()

    rader, forbund_index, sannolikhet = [], [], []
    for f, kommunlista in enumerate(forbund_kommuner):
        storst = max(kommunlista, key=lambda k: kommunvikt[k])
        k_vikt = kommunvikt[kommunlista] / kommunvikt[kommunlista].sum()
        andel_team = 0.55 if len(kommunlista) >= 4 else 0.75
        insatser = [("team", k, v * andel_team) for k, v in zip(kommunlista, k_vikt)]
        insatser.append(("ung", storst, 0.2))
        if len(kommunlista) >= 4:
            insatser.append(("vux", storst, 0.2))
        if f % 5 == 0:
            insatser.append(("steget", storst, 0.05))
        summa = sum(v for *_, v in insatser)
        for typ, k, v in insatser:
            kid, knamn = kommuner["kommun_id"][k], kommuner["namn"][k]
            namn_, kort, typnamn, ingar = {
                "team": (f"Samordningsteamet i {knamn}", knamn, "samordningsteam", True),
                "ung": (f"Ungdomstorget i {knamn}", f"Ungdomstorget {knamn}", "plattform", True),
                "vux": (f"Vuxentorget i {knamn}", f"Vuxentorget {knamn}", "plattform", True),
                "steget": (f"Steget, projekt i {knamn}", f"Steget {knamn}", "projekt", False),
            }[typ]
            rader.append({"plattform_id": f"{typ}_{kid}", "namn": namn_, "kortnamn": kort, "kommun_id": kid,
                          "typ": typnamn, "ingar_i_forbundstotal": ingar, "sortering": len(rader) + 1})
            forbund_index.append(f)
            sannolikhet.append(forbund_vikt[f] * v / summa)
    sannolikhet = np.array(sannolikhet)
    return Referens(kommuner, pl.DataFrame(rader), np.array(forbund_index), sannolikhet / sannolikhet.sum(),
                    forbund_kommuner)


def skriv_datamapp(ref: Referens, mapp: Path) -> Path:
    """Datamappen för bygg_databas: innehall.csv och referens/ (inga deltagare; de läses in som fil)."""
    (mapp / "referens").mkdir(parents=True, exist_ok=True)
    ref.kommuner.select("kommun_id", "namn").write_csv(mapp / "referens" / "kommuner.csv", separator=";")
    ref.plattformar.with_columns(pl.col("ingar_i_forbundstotal").cast(pl.String).str.to_lowercase()).write_csv(
        mapp / "referens" / "plattformar.csv", separator=";")
    for namn in _KOPIERAS:
        shutil.copy(installningar.DATASETS / "referens" / f"{namn}.csv", mapp / "referens" / f"{namn}.csv")
    ordning = ["kommuner", "plattformar", *_KOPIERAS]
    (mapp / "innehall.csv").write_text(
        "fil;tabell\n" + "".join(f"referens/{n}.csv;{_TABELL[n]}\n" for n in ordning), encoding="utf-8")
    return mapp


def deltagare(ref: Referens, antal: int) -> pl.DataFrame:
    """En rad per deltagare i uppladdningsformatet (rubriker och värden som användarna skriver dem)."""
    rng = np.random.default_rng(FRO + antal)
    p = ref.plattformar
    plattform = rng.choice(p.height, antal, p=ref.plattform_sannolikhet)
    forbund = ref.plattform_forbund[plattform]

    kommun_index = {k: i for i, k in enumerate(ref.kommuner["kommun_id"].to_list())}
    plattform_kommun = np.array([kommun_index[k] for k in p["kommun_id"].to_list()])
    kommun = plattform_kommun[plattform].copy()
    # 5 % bor i en annan kommun i samma förbund; 3 % saknar kommun (plattformens kommun gäller då).
    slump = rng.random(antal)
    annan = slump < 0.05
    starter = np.cumsum([0] + [len(k) for k in ref.forbund_kommuner])
    platt = np.concatenate([np.array(k) for k in ref.forbund_kommuner])
    val = starter[forbund[annan]] + (rng.random(annan.sum()) * np.diff(starter)[forbund[annan]]).astype(int)
    kommun[annan] = platt[val]
    kommunnamn = np.array(ref.kommuner["namn"].to_list() + [""], dtype=object)
    kommun = np.where((slump >= 0.05) & (slump < 0.08), len(kommunnamn) - 1, kommun)

    koder = list(_KON)
    kon = rng.choice(len(koder), antal, p=[_KON[k][0] for k in koder])
    stavningar = np.array([s for k in koder for s in _KON[k][1]], dtype=object)
    forsta = np.cumsum([0] + [len(_KON[k][1]) for k in koder])
    kon_text = stavningar[forsta[kon] + (rng.random(antal) * np.diff(forsta)[kon]).astype(int)]

    dagar = (date(SISTA_AR, 12, 20) - date(FORSTA_AR, 1, 1)).days
    start = np.datetime64(f"{FORSTA_AR}-01-01") + rng.integers(0, dagar, antal).astype("timedelta64[D]")
    langd = (rng.gamma(2.0, 120.0, antal) + 1).astype(int).astype("timedelta64[D]")
    slut = start + langd
    oppen = slut > np.datetime64(f"{SISTA_AR}-12-31")

    mappning = pl.read_csv(installningar.DATASETS / "referens" / "kategorimappning.csv", separator=";")
    orsaker = list(_ORSAKER)
    orsak = rng.choice(len(orsaker), antal, p=list(_ORSAKER.values()))
    varianter = [mappning.filter(pl.col("matt_id") == o)["varde"].to_list() for o in orsaker]
    alla_varianter = np.array([v for vs in varianter for v in vs] + [""], dtype=object)
    o_forsta = np.cumsum([0] + [len(v) for v in varianter])
    orsak_text = alla_varianter[o_forsta[orsak] + (rng.random(antal) * np.diff(o_forsta)[orsak]).astype(int)]
    orsak_text[oppen] = ""

    # Plattformen anges oftast med namn, ibland med id.
    plattform_text = np.where(rng.random(antal) < 0.9, np.array(p["namn"].to_list(), dtype=object)[plattform],
                              np.array(p["plattform_id"].to_list(), dtype=object)[plattform])
    df = pl.DataFrame({
        "Deltagar-id": pl.Series(forbund + 1).cast(pl.String).str.zfill(2),
        "Plattform": pl.Series(plattform_text, dtype=pl.String),
        "Kommun": pl.Series(kommunnamn[kommun], dtype=pl.String),
        "Kön": pl.Series(kon_text, dtype=pl.String),
        "Startdatum": pl.Series(start).cast(pl.Date).dt.strftime("%Y-%m-%d"),
        "Slutdatum": pl.Series(np.where(oppen, np.datetime64("NaT"), slut)).cast(pl.Date).dt.strftime("%Y-%m-%d"),
        "Avslutsorsak": pl.Series(orsak_text, dtype=pl.String),
    })
    lopnummer = pl.Series(np.arange(1, antal + 1)).cast(pl.String).str.zfill(7)
    return df.with_columns(pl.concat_str([pl.lit("F"), pl.col("Deltagar-id"), pl.lit("-"), lopnummer])
                           .alias("Deltagar-id"))


def skriv_csv(df: pl.DataFrame, fil: Path) -> None:
    df.write_csv(fil, separator=";", null_value="")


def skriv_xlsx(df: pl.DataFrame, fil: Path) -> None:
    """Ett blad med en rad per deltagare; datumen som riktiga Excel-datum, som när en handläggare sparar."""
    import xlsxwriter

    tillfallig = fil.with_suffix(".tmp.xlsx")
    with xlsxwriter.Workbook(str(tillfallig), {"constant_memory": True}) as bok:
        ark = bok.add_worksheet("Deltagare")
        datumformat = bok.add_format({"num_format": "yyyy-mm-dd"})
        ark.write_row(0, 0, df.columns)
        start = df["Startdatum"].str.to_date().to_list()
        slut = df["Slutdatum"].str.to_date().to_list()
        ovriga = [df[c].to_list() for c in ("Deltagar-id", "Plattform", "Kommun", "Kön", "Avslutsorsak")]
        for i, (d_id, plattform, kommun, kon, orsak) in enumerate(zip(*ovriga), start=1):
            ark.write_string(i, 0, d_id)
            ark.write_string(i, 1, plattform)
            if kommun:
                ark.write_string(i, 2, kommun)
            ark.write_string(i, 3, kon)
            ark.write_datetime(i, 4, start[i - 1], datumformat)
            if slut[i - 1] is not None:
                ark.write_datetime(i, 5, slut[i - 1], datumformat)
            if orsak:
                ark.write_string(i, 6, orsak)
    tillfallig.replace(fil)


def malramverk(ref: Referens, antal: int) -> str:
    """Samma form som förbundets goals.yaml: mål per slags insats, andelar och volym, toleranser, sammanvägning.
    Volymmålet per insats följer den förväntade volymen vid den här storleken."""
    p = ref.plattformar.with_columns(pl.Series("andel", ref.plattform_sannolikhet))
    per_ar = antal / (SISTA_AR - FORSTA_AR + 1)
    ar = list(range(FORSTA_AR, SISTA_AR + 1))

    def volym(typ: str) -> dict:
        medel = float(p.filter(pl.col("typ") == typ)["andel"].mean()) * per_ar * 1.3
        return {a: max(1, round(medel)) for a in ar}

    def omfattning(typ: str) -> list[str]:
        return p.filter(pl.col("typ") == typ)["plattform_id"].to_list()

    indikatorer = {
        "positiv_losning": {"namn": "Deltagaren har avslutats till en för individen positiv lösning",
                            "typ": "andel_utfall", "matt": ["positiv_losning"], "avsnitt": 1,
                            "tolerans": "positiv_losning", "malniva": {a: {"alla": 75, "K": 75, "M": 75} for a in ar}},
        "varav_arbete": {"namn": "varav till arbete", "typ": "andel_utfall", "matt": ["arbete"], "avsnitt": 1,
                         "tolerans": "varav", "malniva": {a: 30 for a in ar}},
        "varav_studier": {"namn": "varav till studier", "typ": "andel_utfall", "matt": ["studier"], "avsnitt": 1,
                          "tolerans": "varav", "malniva": {a: 18 for a in ar}},
        "avbrott": {"namn": "Andel avbrott av de avslutade", "typ": "andel_utfall",
                    "matt": ["avbrott_halsa", "ovriga_avbrott"], "andel_av": "avslutade", "avsnitt": 1,
                    "tolerans": "avbrott", "malniva": {a: 28 for a in ar}},
        "deltagarvolym": {"namn": "Antal deltagare mot planerad volym", "typ": "volym", "matt": ["deltagare"],
                          "avsnitt": 2, "tolerans": "volym", "malniva": {a: 100 for a in ar}},
    }
    ramverk = {
        "organisation": "Syntetiska data: 80 samordningsförbund (prestandamätning)",
        "perioder": ar,
        "avsnitt": [{"nummer": 1, "namn": "Resultat för deltagarna"}, {"nummer": 2, "namn": "Volym"}],
        "toleranser": {"positiv_losning": {"gron": 10, "gul": 15}, "varav": {"gron": 2, "gul": 4},
                       "avbrott": {"gron": 3, "gul": 6, "riktning": "lagre_ar_battre"},
                       "volym": {"gron": 10, "gul": 20, "satt": "procent"}},
        "minsta_underlag": {"avslutade": 5, "svarande": 5},
        "sammanvagning": {"beskrivning": "Grönt 2, gult 1, rött 0 poäng; resultat väger dubbelt mot volym.",
                          "gron_fran": 1.5, "gul_fran": 0.75, "avsnittsvikter": {1: 2, 2: 1}},
        "indikatorer": indikatorer,
        "mal": [
            {"id": "plattformar", "titel": "Hållbara samverkansplattformar för unga och vuxna",
             "kort_titel": "Mål 1: Plattformar", "omfattning": omfattning("plattform"),
             "indikatorer": ["positiv_losning", "varav_arbete", "varav_studier", "avbrott",
                             {"id": "deltagarvolym", "malniva": volym("plattform")}]},
            {"id": "samordningsteam", "titel": "Ett samordningsteam i varje kommun",
             "kort_titel": "Mål 2: Samordningsteam", "omfattning": omfattning("samordningsteam"),
             "indikatorer": ["positiv_losning", "varav_arbete", "varav_studier", "avbrott",
                             {"id": "deltagarvolym", "malniva": volym("samordningsteam")}]},
            {"id": "projekt", "titel": "Särredovisade projekt når sina deltagare",
             "kort_titel": "Mål 3: Projekt", "omfattning": omfattning("projekt"),
             "indikatorer": ["positiv_losning", "avbrott"]},
            {"id": "totalt", "titel": "Förbunden tillsammans", "kort_titel": "Mål 4: Totalt",
             "omfattning": ["forbundet"],
             "indikatorer": ["positiv_losning", "varav_arbete", "varav_studier", "avbrott"]},
        ],
    }
    return yaml.safe_dump(ramverk, allow_unicode=True, sort_keys=False, width=120)


def forbered_storlek(antal: int, xlsx: bool = True) -> dict[str, Path]:
    """Skriver (om de saknas) datamappen, målramverket och deltagarfilerna för en storlek."""
    ref = referens()
    datamapp = DATA / "datasets"
    if not (datamapp / "innehall.csv").exists():
        skriv_datamapp(ref, datamapp)
    mapp = DATA / str(antal)
    mapp.mkdir(parents=True, exist_ok=True)
    filer = {"datasets": datamapp, "goals": mapp / "goals.yaml", "csv": mapp / f"deltagare_{antal}.csv",
             "xlsx": mapp / f"deltagare_{antal}.xlsx"}
    filer["goals"].write_text(malramverk(ref, antal), encoding="utf-8")
    df = None
    if not filer["csv"].exists():
        df = deltagare(ref, antal)
        tillfallig = filer["csv"].with_suffix(".tmp")
        skriv_csv(df, tillfallig)
        tillfallig.replace(filer["csv"])
    if xlsx and not filer["xlsx"].exists():
        df = df if df is not None else deltagare(ref, antal)
        skriv_xlsx(df, filer["xlsx"])
    if not xlsx:
        filer.pop("xlsx")
    return filer
