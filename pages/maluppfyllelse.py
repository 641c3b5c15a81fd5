"""Måluppfyllelse: matrisen mål x plattform med styrelsens beslut eller regelns förslag."""

import streamlit as st

from uppfoljning import bedomning, ui, visning
from uppfoljning.status import Status
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

ram = ui.ramverk()
st.title(ui.orden().samlad_rubrik)
if ram is None:
    st.stop()
period = ui.valj_ramverksperiod(ram)
st.caption(som_text(ram.organisation))

resultat = ui.bedom(ram, period)
if not resultat:
    st.info(f"Målramverket har inga mål att bedöma för {period}.")
    st.stop()

st.header(f"{period}: {bedomning.summering(resultat)}")
nar = "i år" if period.kalenderar else "för perioden"
st.markdown(
    f"Varje mål bedöms för varje {ui.orden().enhet} det gäller, {len(resultat)} bedömningar {nar}. "
    f"Färgen är {ui.orden().styrelsen}s beslut där det finns, annars förslaget enligt toleransreglerna i målramverket."
)

malnamn = {m.id: m.kort_titel or m.titel for m in ram.mal}
ui.tabell(visning.med_statusfarg(visning.matris(resultat, malnamn, ui.scopenamn(), ui.orden().Enhet, ui.orden().styrelsen),
                           ["Måluppfyllelse", "Förslag enligt reglerna"]))

avvikande = [r for r in resultat if r.beslut_avviker]
if avvikande:
    st.markdown(f"**Där {ui.orden().styrelsen}s beslut skiljer sig från regelns förslag**")
    for r in avvikande:
        st.markdown(
            f"- {som_text(malnamn[r.mal_id])}, {som_text(ui.scopenamn().get(r.scope_id, r.scope_id))}: styrelsen "
            f"beslutade {r.beslut.visning.etikett.lower()}, reglerna ger {r.forslag.visning.etikett.lower()}. "
            f"Regelns skäl: {som_text(r.forslag_motivering)}"
        )

st.markdown("**Förklaring**")
for status, text in [
    (Status.GRON, "alla beslutade indikatorer finns redovisade och når sitt målvärde eller nära det"),
    (Status.GUL, "alla beslutade indikatorer finns redovisade och når i varierande grad sina målvärden"),
    (Status.ROD, "indikatorer saknas, och få eller inga når sitt målvärde"),
    (Status.EJ_BEDOMD, f"{ui.orden().styrelsen} bedömer inte målet för perioden, se motivet under Mål"),
]:
    st.markdown(f"- **{status.visning.etikett}**: {text}")
st.caption(f"Sammanvägningsregeln: {som_text(ram.sammanvagning.beskrivning)}")
st.page_link("pages/mal.py", label="Se varje mål med indikatorer och skäl →")
