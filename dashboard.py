"""Startpunkt: inloggning, navigering efter roll och gemensam sidopanel. Kör med `make run`."""

import streamlit as st

from uppfoljning import ui

st.set_page_config(page_title="Uppföljning av mål", page_icon="📊", layout="wide")

anvandaren = ui.inloggad()
st.session_state["_anvandare"] = anvandaren

# Sidor per lägsta roll. En sida som inte finns i navigeringen går inte heller att nå via URL.
sidor = {
    "Styrelsen": [
        (st.Page("pages/maluppfyllelse.py", title="Måluppfyllelse", url_path="maluppfyllelse", default=True),
         "viewer"),
        (st.Page("pages/mal.py", title="Mål", url_path="mal"), "viewer"),
        (st.Page("pages/motesunderlag.py", title="Mötesunderlag", url_path="motesunderlag"), "viewer"),
    ],
    "Utfall": [
        (st.Page("pages/utfall.py", title="Utfall", url_path="utfall"), "viewer"),
        (st.Page("pages/plattformar.py", title="Plattformar", url_path="plattformar"), "viewer"),
        (st.Page("pages/kommuner.py", title="Kommuner", url_path="kommuner"), "viewer"),
        (st.Page("pages/kvinnor_och_man.py", title="Kvinnor och män", url_path="kvinnor-och-man"), "viewer"),
        (st.Page("pages/over_tid.py", title="Över tid", url_path="over-tid"), "viewer"),
        (st.Page("pages/ekonomi.py", title="Ekonomi", url_path="ekonomi"), "viewer"),
    ],
    "Processledare": [
        (st.Page("pages/data.py", title="Data", url_path="data"), "member"),
    ],
    "Administration": [
        (st.Page("pages/anvandare.py", title="Användare", url_path="anvandare"), "admin"),
        (st.Page("pages/handelselogg.py", title="Händelselogg", url_path="handelselogg"), "admin"),
    ],
}
tillgangliga = {grupp: [sida for sida, roll in lista if anvandaren.minst(roll)] for grupp, lista in sidor.items()}
navigering = st.navigation({grupp: lista for grupp, lista in tillgangliga.items() if lista})
ui.sidopanel_anvandare(anvandaren)
navigering.run()
