"""Händelselogg: varje inläsning, återställning, analys, beslut, inloggning och användarändring.
Loggen kan bara läsas här; appen har ingen funktion för att ändra den."""

import polars as pl
import streamlit as st

from uppfoljning import ui

ui.krav_roll("admin")
st.title("Händelselogg")
st.caption("Varje ändring som görs i appen, med tid och användare. Loggen går inte att ändra från appen.")
logg = ui.kor("handelser")
if logg.height == 0:
    st.info("Inga händelser ännu.")
    st.stop()
tabell = logg.select(
    pl.col("tid").dt.strftime("%Y-%m-%d %H:%M:%S").alias("Tid"), pl.col("anvandare").alias("Användare"),
    pl.col("typ").alias("Händelse"), pl.col("beskrivning").alias("Beskrivning"),
)
st.dataframe(tabell, hide_index=True, width="stretch")
ui.nedladdningar(tabell, "Händelselogg", "handelselogg")
