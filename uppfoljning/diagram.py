"""Gemensamt utseende för Plotly-diagram: svensk talformatering och en färgblindsäker palett."""

from __future__ import annotations

import plotly.graph_objects as go

# Okabe-Ito: skiljbara för de vanligaste formerna av färgblindhet.
PALETT = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
KON_FARGER = {"Kvinnor": "#E69F00", "Män": "#0072B2", "Annat/okänt": "#999999"}
# Toleransbanden bakom staplarna: ljusa toner av statusfärgerna.
BAND_GRONT = "rgba(0, 158, 115, 0.15)"
BAND_GULT = "rgba(240, 228, 66, 0.30)"


def som_text(text):
    """Text från data i ett diagram: Plotly tolkar <a href>, <b>, <br> med flera i etiketter och titlar, så < > &
    skrivs som entiteter (som Plotly visar som tecknen). Annat än text lämnas."""
    if not isinstance(text, str):
        return text
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _kategorier_som_text(fig: go.Figure) -> None:
    """Staplarnas och punkternas kategorier (plattformar, kommuner, poster) är data; de blir axeletiketter.
    Anteckningar och former som pekar på en kategori får samma text, så att de hamnar rätt."""
    for spar in fig.data:
        for axel in ("x", "y"):
            varden = getattr(spar, axel, None)
            if varden is not None and any(isinstance(v, str) for v in varden):
                spar.update({axel: [som_text(v) for v in varden]})
    for anteckning in fig.layout.annotations or ():
        anteckning.update(x=som_text(anteckning.x), y=som_text(anteckning.y))
    for form in fig.layout.shapes or ():
        form.update(x0=som_text(form.x0), x1=som_text(form.x1), y0=som_text(form.y0), y1=som_text(form.y1))


# En titelrad får så här många tecken: så ryms den i ett diagram på en telefon (390 px).
TITELRAD_TECKEN = 40


def radbruten(titel: str, bredd: int = TITELRAD_TECKEN) -> list[str]:
    """Titeln i rader om högst [bredd] tecken, brutna mellan ord (ett längre ord får en egen rad)."""
    rader: list[str] = []
    for ord_ in titel.split():
        if rader and len(rader[-1]) + 1 + len(ord_) <= bredd:
            rader[-1] += " " + ord_
        else:
            rader.append(ord_)
    return rader or [""]


def _teckenforklaringens_rader(fig: go.Figure) -> int:
    """Hur många rader teckenförklaringen tar på en telefon (ungefär): namnen plus symbolen, 40 tecken per rad."""
    namn = [spar.name for spar in fig.data if spar.name and spar.showlegend is not False]
    if not namn or fig.layout.showlegend is False:
        return 0
    return -(-sum(len(n) + 5 for n in namn) // TITELRAD_TECKEN)


def svensk_layout(fig: go.Figure, titel: str, y_titel: str | None = None, x_titel: str | None = None,
                  procent: bool = False) -> go.Figure:
    """Titel som säger vad och i vilken enhet, decimalkomma och mellanslag som tusentalsavgränsare.
    Titeln och kategorierna kommer från data och visas som text."""
    _kategorier_som_text(fig)
    rader = radbruten(titel)
    # Titeln överst och teckenförklaringen mellan den och diagrammet: marginalen rymmer båda även när
    # teckenförklaringen bryts i flera rader på en smal skärm.
    topp = 26 + 22 * len(rader) + 24 * max(_teckenforklaringens_rader(fig), 1)
    fig.update_layout(
        title={"text": "<br>".join(som_text(r) for r in rader), "x": 0, "xanchor": "left", "y": 1,
               "yanchor": "top", "yref": "container", "pad": {"t": 18}, "font": {"size": 16}},
        separators=", ",
        colorway=PALETT,
        font={"family": "Source Sans Pro, Arial, sans-serif", "size": 14},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        margin={"l": 10, "r": 10, "t": topp, "b": 10},
        plot_bgcolor="white",
        hoverlabel={"bgcolor": "white"},
    )
    # automargin: etiketterna får den plats de behöver också när Streamlits diagramtema (som saknar den) är
    # Plotlys standard, som i appen.
    fig.update_yaxes(title=y_titel, gridcolor="#e5e5e5", zerolinecolor="#999999",
                     ticksuffix=" %" if procent else None, rangemode="tozero", automargin=True)
    fig.update_xaxes(title=x_titel, automargin=True)
    return fig
