"""Det som alla sidor delar: databasanslutning, cachade frågor och filter som lever i URL:en.

Sidorna i pages/ anropar härifrån och från domänmodulerna; de innehåller ingen SQL.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl
import streamlit as st

from . import databas, fragor, omfattning


@st.cache_resource(show_spinner=False)
def anslutning() -> duckdb.DuckDBPyConnection:
    """En delad anslutning per process; varje anrop tar en egen cursor (DuckDB är inte trådsäkert)."""
    return databas.oppna()


def dataversion() -> tuple[int, int]:
    """Ändras vid varje inläsning, så att cachade frågesvar aldrig blir inaktuella."""
    with anslutning().cursor() as cur:
        return cur.execute("SELECT coalesce(max(kalla_id), 0), count(*) FROM kalla").fetchone()


@st.cache_data(show_spinner=False, max_entries=512)
def _kor_cachad(namn: str, version: tuple[int, int], parametrar: tuple) -> pl.DataFrame:
    with anslutning().cursor() as cur:
        return fragor.kor(cur, namn, **dict(parametrar))


def kor(namn: str, **parametrar) -> pl.DataFrame:
    """Kör queries/<namn>.sql, cachat tills data ändras."""
    fryst = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in parametrar.items()))
    resultat = _kor_cachad(namn, dataversion(), fryst)
    return resultat


def omfattningar() -> list[omfattning.Omfattning]:
    return omfattning.alla(kor("plattformar"))


def perioder() -> list[int]:
    return kor("perioder")["period"].to_list()


def urlval(etikett: str, alternativ: Sequence, nyckel: str, format_func=str, standard=None,
           i_sidopanelen: bool = True):
    """En selectbox vars val står i URL:en (?nyckel=värde), så att en länk visar exakt samma vy."""
    alternativ = list(alternativ)
    if not alternativ:
        return None
    som_text = {str(a): a for a in alternativ}
    fran_url = st.query_params.get(nyckel)
    if fran_url in som_text:
        forvalt = som_text[fran_url]
    elif standard in alternativ:
        forvalt = standard
    else:
        forvalt = alternativ[0]
    yta = st.sidebar if i_sidopanelen else st
    val = yta.selectbox(etikett, alternativ, index=alternativ.index(forvalt), format_func=format_func,
                        key=f"url_{nyckel}")
    st.query_params[nyckel] = str(val)
    return val


def valj_period() -> int | None:
    return urlval("År", perioder(), "ar")


def valj_omfattning(standard: str = omfattning.FORBUNDET) -> omfattning.Omfattning:
    alla = omfattningar()
    valt_id = urlval("Plattform", [o.id for o in alla], "plattform",
                     format_func=lambda i: omfattning.hitta(alla, i).namn, standard=standard)
    return omfattning.hitta(alla, valt_id)
