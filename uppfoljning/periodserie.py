"""Över tid för namngivna perioder: lägesrapporterna i ordning, delåren år för år, bara perioder av samma slag.

Kalenderåren visas som förut (kon_och_tid.tidsdiagram, med år på en talaxel). En serie namngivna perioder har
inga jämnt fördelade år att stå på: perioderna står i ordning efter slutdatum med sina namn, och målnivån är
den som bedömningen använder (för en lägesrapport takten mot planen).
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from . import bedomning, smatal
from . import diagram as diagram_
from . import format as fmt
from .malramverk import Indikator, Malramverk
from .perioder import Period

# Perioder av samma typ visas tillsammans; så heter typen i väljaren.
TYPNAMN = {"ar": "Kalenderår", "lagesrapport": "Lägesrapporter", "delar": "Delår", "projektperiod": "Projektperioden",
           "halvar": "Halvår", "tertial": "Tertial", "kvartal": "Kvartal"}
_KON = {"alla": "Alla", "K": "Kvinnor", "M": "Män"}
_FARG = {"alla": "#1f4e79", "K": "#b8860b", "M": "#2e8b57"}


def typer(perioder: list[Period]) -> list[str]:
    """Periodtyperna som har data, kalenderår först."""
    finns = {p.typ for p in perioder}
    return [t for t in TYPNAMN if t in finns] + sorted(finns - set(TYPNAMN))


def i_ordning(perioder: list[Period], typ: str) -> list[Period]:
    return sorted((p for p in perioder if p.typ == typ), key=lambda p: (p.slut, p.start))


def malnivaer(ram: Malramverk, ind_id: str, scope_id: str, perioder: list[Period]) -> dict[int, float | None]:
    return {int(p): bedomning.malniva_for_period(ram, ind_id, scope_id, p) for p in perioder}


def _text(r: dict | None, ind: Indikator) -> str:
    if r is None or r["varde"] is None:
        return "–"
    if r.get("dold"):
        return smatal.DOLD_ANDEL
    return fmt.procent(r["varde"]) if ind.typ != "volym" else f"{fmt.heltal(r['varde'])} st"


def tabell(varden: pl.DataFrame, ind: Indikator, perioder: list[Period], nivaer: dict[int, float | None]) -> pl.DataFrame:
    """En rad per period i ordning: värdet för alla, kvinnor och män och målnivån."""
    per = {(r["period"], r["kon"]): r for r in varden.iter_rows(named=True)}
    rader = []
    for p in perioder:
        niva = nivaer.get(int(p))
        rader.append({
            "Period": str(p),
            **{_KON[k]: _text(per.get((int(p), k)), ind) for k in _KON},
            "Målnivå": "–" if niva is None else (fmt.procent(niva) if ind.typ != "volym" else f"{fmt.heltal(niva)} st"),
        })
    return pl.DataFrame(rader, schema={"Period": pl.String, **{v: pl.String for v in _KON.values()},
                                       "Målnivå": pl.String})


def diagram(varden: pl.DataFrame, ind: Indikator, perioder: list[Period], nivaer: dict[int, float | None],
            titel: str) -> go.Figure:
    """Perioderna i ordning på en kategoriaxel med sina namn; linjer för alla, kvinnor och män, och målnivån
    som streck. Dolda värden (små tal) ritas inte."""
    namn = [str(p) for p in perioder]
    per = {(r["period"], r["kon"]): r for r in varden.iter_rows(named=True)}
    fig = go.Figure()
    for kon, etikett in _KON.items():
        y = []
        for p in perioder:
            r = per.get((int(p), kon))
            y.append(None if r is None or r.get("dold") else r["varde"])
        fig.add_trace(go.Scatter(x=namn, y=y, name=etikett, mode="lines+markers", line={"color": _FARG[kon]}))
    fig.add_trace(go.Scatter(x=namn, y=[nivaer.get(int(p)) for p in perioder], name="Målnivå", mode="markers",
                             marker={"symbol": "line-ew-open", "size": 28, "color": "#555555", "line": {"width": 3}}))
    rader = diagram_.radbruten(titel)
    fig.update_layout(title={"text": "<br>".join(diagram_.som_text(r) for r in rader), "x": 0, "xanchor": "left"},
                      xaxis={"type": "category"}, yaxis={"rangemode": "tozero"},
                      legend={"orientation": "h"}, margin={"t": 40 + 22 * len(rader)})
    return fig
