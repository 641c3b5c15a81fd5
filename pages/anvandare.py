"""Användare: lägg till, ändra roll och ta bort lokala användare (lösenord sparas bara som saltad hash)."""

import pandas as pd
import streamlit as st

from uppfoljning import behorighet, handelse, ui
from uppfoljning.visning import som_text

ui.krav_roll("admin")
st.title("Användare")
lage = behorighet.lage()
if lage == "av":
    st.info("Inloggningen är avslagen (lokal installation). Slå på den med UPPFOLJNING_INLOGGNING=losenord "
            "eller oidc för att använda roller.")
st.markdown("Roller: " + "; ".join(f"**{behorighet.ROLLNAMN[r]}**: {behorighet.ROLLBESKRIVNING[r]}"
                                   for r in behorighet.ROLLER) + ".")
if lage == "oidc":
    st.caption("Med inloggning via identitetsleverantör anges användaren som e-postadress; lösenordet används inte.")

anvandare = behorighet.anvandare_i_fil()
if anvandare:
    # Användarnamnet som radrubrik (på en telefon kortets rubrik), inte ett radnummer.
    ui.tabell(pd.DataFrame({"Roll": [behorighet.ROLLNAMN[a.roll] for a in anvandare]},
                           index=pd.Index([a.namn for a in anvandare], name="Användare")))
else:
    st.caption("Inga användare finns ännu.")


def logga(beskrivning: str) -> None:
    with ui.skrivmarkor("händelseloggen (användare)") as cur:
        handelse.logga(cur, ui.anvandare(), "användare", beskrivning)


with st.form("ny_anvandare", clear_on_submit=True):
    st.markdown("**Lägg till eller ändra**")
    namn = st.text_input("Användarnamn (eller e-post vid OIDC)")
    roll = st.selectbox("Roll", behorighet.ROLLER, format_func=behorighet.ROLLNAMN.get, index=1)
    losenord = st.text_input("Nytt lösenord (minst 10 tecken; tomt = behåll)", type="password")
    if st.form_submit_button("Spara"):
        try:
            behorighet.satt_anvandare(namn.lower() if lage == "oidc" else namn, roll, losenord or None)
        except behorighet.BehorighetsFel as fel:
            st.error(som_text(fel))
        else:
            logga(f"{namn}: roll {behorighet.ROLLNAMN[roll].lower()}" + (", nytt lösenord" if losenord else ""))
            st.success(f"{som_text(namn)} sparad som {behorighet.ROLLNAMN[roll].lower()}.")

if anvandare:
    with st.form("ta_bort"):
        st.markdown("**Ta bort**")
        bort = st.selectbox("Användare", [a.namn for a in anvandare])
        if st.form_submit_button("Ta bort"):
            if bort == ui.anvandare():
                st.error("Du kan inte ta bort dig själv.")
            else:
                behorighet.ta_bort_anvandare(bort)
                logga(f"{bort}: borttagen")
                st.success(f"{som_text(bort)} är borttagen.")
