"""Uppföljningsperioder: ett kalenderår eller en namngiven period med start- och slutdatum.

En period är alltid ett heltal i tabellerna och frågorna. Ett kalenderår är sitt år (2020). En namngiven period
i goals.yaml (en projektperiod, en lägesrapport, ett delår) får ett stabilt heltal ur sitt id (heltal("lr4")),
alltid från och med FORSTA_NAMNGIVNA, så att data kan lagras med det utan uppslag och aldrig krockar med ett år.

Period är ett heltal som bär sitt namn: f"{period}" och str(period) ger "Lägesrapport 4" (eller "2020"), så att
varje sida, rubrik och filnamn som skriver ut perioden visar namnet utan att behöva veta om perioder.
Tabellen uppfoljningsperiod är ramverkets perioder i databasen (synka); frågorna räknar deltagarnivån ur den.
"""

from __future__ import annotations

import datetime as dt
import zlib

import duckdb

# Samma gräns som makrot ar_kalenderar i queries/vyer/01_makron.sql.
FORSTA_NAMNGIVNA = 10_000_000


def heltal(id: str) -> int:
    """Det stabila heltalet för en namngiven periods id: samma id ger alltid samma tal (crc32), i
    intervallet 10 000 000 – 2 010 000 000 (ryms i INTEGER och är aldrig ett årtal)."""
    return FORSTA_NAMNGIVNA + zlib.crc32(id.encode("utf-8")) % 2_000_000_000


def ar_kalenderar(period: int) -> bool:
    return int(period) < FORSTA_NAMNGIVNA


class Period(int):
    """Ett periodheltal med namn, id, datum, typ och perioden det jämförs med (förra året för ett kalenderår)."""

    def __new__(cls, varde: int, namn: str | None = None, id: str | None = None, start: dt.date | None = None,
                slut: dt.date | None = None, typ: str | None = None, forra: int | None = None):
        p = super().__new__(cls, int(varde))
        ar = ar_kalenderar(varde)
        p.namn = namn or str(int(varde))
        p.id = id or str(int(varde))
        p.start = start or (dt.date(int(varde), 1, 1) if ar else None)
        p.slut = slut or (dt.date(int(varde), 12, 31) if ar else None)
        p.typ = typ or ("ar" if ar else "period")
        p.forra = forra if forra is not None or not ar else int(varde) - 1
        # Jämförelseperioden med namn, när den är känd (fran_tabell, Malramverk.period).
        p.forra_period = None
        return p

    def __str__(self) -> str:
        return self.namn

    __repr__ = int.__repr__

    def __format__(self, spec: str) -> str:
        return format(self.namn, spec) if not spec or spec[-1:] not in "dxXobneEfFgG%" else int.__format__(self, spec)

    # En period ändras inte efter att den byggts: en kopia är perioden själv. Streamlit kopierar (deepcopy) det
    # valda värdet i en väljare vid varje körning, och en djup kopia följde jämförelseperiodernas kedja.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        # Jämförelseperiodens namn följer med när Streamlit kopierar ett val (copy och pickle går hit).
        return (Period, (int(self), self.namn, self.id, self.start, self.slut, self.typ, self.forra),
                {"forra_period": self.forra_period})

    @property
    def url(self) -> str:
        """Så står perioden i en adress (?ar=lr4, ?ar=2020)."""
        return self.id

    @property
    def kalenderar(self) -> bool:
        return ar_kalenderar(self)


def forra(period: int) -> int | None:
    """Perioden som perioden jämförs med: jamfor_med för en namngiven period, året innan för ett kalenderår."""
    if isinstance(period, Period):
        return period.forra
    return int(period) - 1 if ar_kalenderar(period) else None


def forra_namn(period: int) -> str:
    """Rubriken för kolumnen med jämförelseperiodens utfall ('2019', 'Delår jan–aug 2020')."""
    f = forra(period)
    if f is None:
        return "föregående period"
    if isinstance(period, Period) and isinstance(period.forra_period, Period):
        return str(period.forra_period)
    return str(f)


def _rad(p: Period) -> tuple:
    return (int(p), p.id, p.namn, p.start, p.slut, p.typ, p.forra)


def fran_tabell(con: duckdb.DuckDBPyConnection) -> dict[int, Period]:
    """Perioderna i tabellen uppfoljningsperiod (ramverkets perioder när det senast lästes)."""
    rader = con.execute("SELECT period, id, namn, startdatum, slutdatum, typ, jamfor_med FROM uppfoljningsperiod"
                        ).fetchall()
    perioder = {r[0]: Period(*r) for r in rader}
    for p in perioder.values():
        p.forra_period = perioder.get(p.forra, Period(p.forra) if p.forra is not None and ar_kalenderar(p.forra)
                                      else None)
    return perioder


def med_namn(con: duckdb.DuckDBPyConnection, period: int) -> Period:
    """Perioden med namn ur tabellen; ett kalenderår som inte står där får sitt årtal som namn."""
    if isinstance(period, Period):
        return period
    return fran_tabell(con).get(int(period)) or Period(int(period))


def synka(con: duckdb.DuckDBPyConnection, perioder: list[Period]) -> bool:
    """Skriver ramverkets perioder till tabellen uppfoljningsperiod och bygger om de härledda tabellerna när de
    ändrats (deltagarnivån räknas per period). Returnerar True om något ändrades."""
    from . import handelse
    from .inlasning import harled

    nya = sorted(_rad(p) for p in perioder)
    gamla = sorted(tuple(r) for r in con.execute(
        "SELECT period, id, namn, startdatum, slutdatum, typ, jamfor_med FROM uppfoljningsperiod").fetchall())
    if nya == gamla:
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM uppfoljningsperiod")
        if nya:
            con.executemany("INSERT INTO uppfoljningsperiod (period, id, namn, startdatum, slutdatum, typ, jamfor_med) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)", nya)
        harled(con, {"uppfoljningsperiod"})
        # I händelseloggen: antalen per period har räknats om (och appens cachade frågesvar blir inaktuella).
        handelse.logga(con, "målramverket", "perioder", "Målramverkets perioder ändrades; antalen per period "
                       "räknades om: " + ", ".join(r[2] for r in nya))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return True


# ---------------------------------------------------------------- inläsning


def tolka(con: duckdb.DuckDBPyConnection, text: str | int) -> int:
    """Ett år (2020) eller en namngiven periods id i målramverket (lr4) som periodens heltal. Kastar ValueError
    med ett svenskt meddelande när id:t inte är en period."""
    text = str(text).strip()
    if text.lstrip("-").isdigit():
        return int(text)
    rad = con.execute("SELECT period FROM uppfoljningsperiod WHERE id = ?", [text]).fetchall()
    if not rad:
        ider = [r[0] for r in con.execute("SELECT id FROM uppfoljningsperiod ORDER BY slutdatum DESC").fetchall()]
        raise ValueError(f"Perioden {text} finns inte bland målramverkets perioder ({', '.join(ider) or 'inga'}).")
    return rad[0][0]


def id_till_heltal(con: duckdb.DuckDBPyConnection, df, fil: str = "", blad: str | None = None):
    """En kolumn period i en fil får ange en namngiven period med dess id (lr4): id:t byts mot periodens heltal
    innan kolumnen typas. Ett id som inte är en period i ramverket är ett fel som namnger det och raden."""
    import polars as pl

    from .fel import Fynd, InlasningsFel

    if "period" not in df.columns or df.schema["period"] != pl.String:
        return df
    ider = dict(con.execute("SELECT id, period::VARCHAR FROM uppfoljningsperiod WHERE NOT ar_kalenderar(period) "
                            "ORDER BY slutdatum, startdatum DESC, id")
                .fetchall())
    text = pl.col("period").str.strip_chars()
    # Ett tal (också negativt, "-5") är ett år och prövas som år av kontrollen; annan text ska vara ett id.
    okanda = df.with_row_index("_index").filter(~text.str.contains(r"^-?[\d\s.,]*$") & ~text.is_in(list(ider)))
    if okanda.height:
        rad = okanda["_rad"] if "_rad" in okanda.columns else okanda["_index"] + 2
        raise InlasningsFel([
            Fynd(fil, f"Perioden {v.strip()} är varken ett år eller en period i målramverket "
                      f"({', '.join(ider) or 'ramverket har inga namngivna perioder'}).", rad=int(r), kolumn="period",
                 blad=blad)
            for r, v in zip(rad.head(5).to_list(), okanda["period"].head(5).to_list())])
    if not ider:
        return df
    return df.with_columns(text.replace(ider))


def kontrollera(con: duckdb.DuckDBPyConnection, tabell: str, df, fil: str, blad: str | None = None) -> None:
    """Perioderna i en fil mot målramverkets perioder (tabellen uppfoljningsperiod): en namngiven period som inte
    finns i ramverket, och en deltagare vars datum ligger utanför alla ramverkets perioder (när ramverket har
    namngivna perioder, t.ex. en projektperiod). Kastar InlasningsFel med rad och kolumn; inget sparas."""
    import polars as pl

    from .fel import Fynd, InlasningsFel

    rader = con.execute("SELECT period, id, startdatum, slutdatum FROM uppfoljningsperiod ORDER BY startdatum"
                        ).fetchall()
    fynd: list[Fynd] = []
    if "period" in df.columns:
        kanda = [r[0] for r in rader]
        okanda = df.filter((pl.col("period") >= FORSTA_NAMNGIVNA) & ~pl.col("period").is_in(kanda))
        for rad, period in okanda.select("_rad", "period").head(5).iter_rows():
            fynd.append(Fynd(fil, f"Perioden {period} finns inte bland målramverkets perioder "
                                  f"({', '.join(r[1] for r in rader) or 'inga'}). Ange ett år eller id för en period "
                                  "i goals.yaml.", rad=rad, kolumn="period", blad=blad))
    if tabell == "deltagare" and any(not ar_kalenderar(r[0]) for r in rader) and df.height:
        slut = pl.coalesce(pl.col("slutdatum"), pl.col("startdatum"))
        inom = pl.lit(False)
        for _, _, start, s in rader:
            inom = inom | ((pl.col("startdatum") <= s) & (slut >= start))
        utanfor = df.filter(~inom).select("_rad", "startdatum", "slutdatum")
        forsta, sista = min(r[2] for r in rader), max(r[3] for r in rader)
        for rad, start, s in utanfor.head(5).iter_rows():
            fynd.append(Fynd(fil, f"Deltagarens datum ({start} – {s or 'pågår'}) ligger utanför alla målramverkets "
                                  f"perioder ({forsta} – {sista}). Rätta datumen eller lägg till perioden i goals.yaml.",
                             rad=rad, kolumn="startdatum, slutdatum", blad=blad))
        if utanfor.height > 5:
            fynd.append(Fynd(fil, f"Ytterligare {utanfor.height - 5} deltagare har datum utanför alla perioder.",
                             kolumn="startdatum, slutdatum", blad=blad))
    if fynd:
        raise InlasningsFel(fynd)
