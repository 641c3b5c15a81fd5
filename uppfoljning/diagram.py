"""Gemensamt utseende för Plotly-diagram: svensk talformatering och en färgblindsäker palett."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: skiljbara för de vanligaste formerna av färgblindhet.
PALETT = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KON_FARGER = {"Kvinnor": "#E69F00", "Män": "#0072B2", "Annat/okänt": "#999999"}
# Toleransbanden bakom staplarna: ljusa toner av statusfärgerna.
BAND_GRONT = "rgba(0, 158, 115, 0.15)"
BAND_GULT = "rgba(240, 228, 66, 0.30)"


def svensk_layout(fig: go.Figure, titel: str, y_titel: str | None = None, x_titel: str | None = None,
                  procent: bool = False) -> go.Figure:
    """Titel som säger vad och i vilken enhet, decimalkomma och mellanslag som tusentalsavgränsare."""
    fig.update_layout(
        title={"text": titel, "x": 0, "xanchor": "left"},
        separators=", ",
        colorway=PALETT,
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        margin={"l": 10, "r": 10, "t": 80, "b": 10},
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
    )
    fig.update_yaxes(title=y_titel, gridcolor="#e5e5e5", zerolinecolor="#999999",
                     ticksuffix=" %" if procent else None, rangemode="tozero")
    fig.update_xaxes(title=x_titel)
    return fig
