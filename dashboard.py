"""Startpunkt: navigering och gemensam sidopanel. Kör med `make run`."""

import streamlit as st

st.set_page_config(page_title="Uppföljning av mål", page_icon="📊", layout="wide")

sidor = {
    "Styrelsen": [
        st.Page("pages/maluppfyllelse.py", title="Måluppfyllelse", url_path="maluppfyllelse", default=True),
        st.Page("pages/mal.py", title="Mål", url_path="mal"),
    ],
    "Utfall": [
        st.Page("pages/utfall.py", title="Utfall", url_path="utfall"),
    ],
}

navigering = st.navigation(sidor)
navigering.run()
