"""Startpunkt: inloggning, navigering efter roll och gemensam sidopanel. Kör med `make run`."""

import streamlit as st

from uppfoljning import ui, utseende
from uppfoljning.navigering import NY_ORGANISATION, REDOGORELSE, SIDOR

st.set_page_config(page_title="Uppföljning av mål", page_icon="📊", layout="wide")
# Telefon, tangentbord och skärmläsare (uppfoljning/utseende.py): på varje sida, även inloggningen.
utseende.lagg_pa()

# Körningens ögonblicksbild av databasen släpps när körningen slutar, också när den stoppas (ui.korningen_klar).
try:
    # Före inloggningen: sidan som inloggningen visar utan inloggning (tillgänglighetsredogörelsen) körs också
    # härifrån.
    st.session_state[ui.GENOM_STARTPUNKTEN] = True
    anvandaren = ui.inloggad()
    st.session_state["_anvandare"] = anvandaren
    ui.ny_korning()

    # Sidorna användarens roll når, per grupp i menyn (uppfoljning/navigering.py), med organisationens ord. Byggs en
    # gång per roll, ord och installation och delas av körningarna (ui.navigeringens_sidor ger varje körning kopior).
    orden = ui.orden()
    tom = ui.tom_installation()

    def bygg_sidor():
        tillgangliga = {
            grupp.format(Styrelsen=orden.Styrelsen): [
                # Förstasidan visas på "/"; dess egen adress (/maluppfyllelse) är en dold kopia nedan.
                st.Page(s.fil, title=s.titel.format(Enheter=orden.Enheter),
                        url_path="start" if s.forstasida else s.adress, default=s.forstasida)
                for s in sidor if anvandaren.minst(s.roll)]
            for grupp, sidor in SIDOR.items()
        }
        # Adresser som inte står i menyn: förstasidans egen adress (/maluppfyllelse; i menyn är den "/") och sidor
        # som rollen inte når. Utan dem visar Streamlit en engelsk "Page not found" för en sparad länk.
        dolda = [st.Page(s.fil, title=s.titel.format(Enheter=orden.Enheter), url_path=s.adress, visibility="hidden")
                 for sidor in SIDOR.values() for s in sidor if s.forstasida and anvandaren.minst(s.roll)]
        dolda += [st.Page(lambda roll=s.roll: ui.saknar_roll(roll), title=s.titel.format(Enheter=orden.Enheter),
                          url_path=s.adress, visibility="hidden")
                  for sidor in SIDOR.values() for s in sidor if not anvandaren.minst(s.roll)]
        if tom:
            # En tom installation (ingen organisation ännu): sidan som skapar en från en mall, och redogörelsen.
            ny, om = NY_ORGANISATION, REDOGORELSE
            tillgangliga = {"Kom igång": [st.Page(ny.fil, title=ny.titel, url_path=ny.adress, default=True)],
                            "Om tjänsten": [st.Page(om.fil, title=om.titel, url_path=om.adress)]}
            dolda = []
        return {grupp: sidor for grupp, sidor in tillgangliga.items() if sidor} | {"": dolda}

    # expanded: alla sidor syns i menyn (annars döljer Streamlit dem efter tio bakom engelska "View more").
    navigering = st.navigation(ui.navigeringens_sidor((anvandaren.roll, orden, tom), bygg_sidor), expanded=True)
    if djuplank := st.session_state.pop(ui.DJUPLANK, None):
        # En sida som nåddes förbi startpunkten (ui.krav_roll): samma sida och filter, nu med navigering och
        # sidopanel.
        fil, filter_ = djuplank
        st.switch_page(f"pages/{fil}", query_params=filter_)
    ui.sidopanel_anvandare(anvandaren)
    navigering.run()
finally:
    ui.korningen_klar()
