"""Startpunkt: inloggning, navigering efter roll och gemensam sidopanel. Kör med `make run`."""

import streamlit as st

from uppfoljning import databas, ui
from uppfoljning.navigering import NY_ORGANISATION, SIDOR

st.set_page_config(page_title="Uppföljning av mål", page_icon="📊", layout="wide")

try:
    anvandaren = ui.inloggad()
    st.session_state["_anvandare"] = anvandaren
    st.session_state[ui.GENOM_STARTPUNKTEN] = True

    # Sidorna användarens roll når, per grupp i menyn (uppfoljning/navigering.py), med organisationens ord.
    orden = ui.orden()
    tillgangliga = {
        grupp.format(Styrelsen=orden.Styrelsen): [
            st.Page(s.fil, title=s.titel.format(Enheter=orden.Enheter), url_path=s.adress, default=s.forstasida)
            for s in sidor if anvandaren.minst(s.roll)]
        for grupp, sidor in SIDOR.items()
    }
    if ui.tom_installation():
        # En tom installation (ingen organisation ännu): bara sidan som skapar en från en mall.
        ny = NY_ORGANISATION
        tillgangliga = {"Kom igång": [st.Page(ny.fil, title=ny.titel, url_path=ny.adress, default=True)]}
    navigering = st.navigation({grupp: sidor for grupp, sidor in tillgangliga.items() if sidor})
    if djuplank := st.session_state.pop(ui.DJUPLANK, None):
        # En sida som nåddes förbi startpunkten (ui.krav_roll): samma sida och filter, med navigering och sidopanel.
        fil, filter_ = djuplank
        st.switch_page(f"pages/{fil}", query_params=filter_)
    ui.sidopanel_anvandare(anvandaren)
    navigering.run()
except databas.DatabasFel as fel:
    # En skrivning (en inläsning, en analys, inloggningens händelse, målramverkets perioder) som väntade för länge
    # på en annan, eller en full disk: ett svenskt besked, aldrig en traceback. Inget har sparats:
    # databas.skrivning byter in en ändring först när den gått igenom.
    st.error(str(fel))
