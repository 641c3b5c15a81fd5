"""Måluppfyllelse: matrisen mål x plattform med styrelsens beslut eller regelns förslag."""

import streamlit as st

from uppfoljning import bedomning, fullstandighet, ui, visning
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
orden = ui.orden()


def _matrisen():
    underlag = fullstandighet.markeringar(resultat, ui.fullstandighetsfragan(period), orden, period)
    # Korta namn och målets namn en gång per mål, så att skälen får plats: alla celler läsbara på en skärm.
    matris = visning.matris(resultat, malnamn, ui.kortnamn(), orden.Enhet, orden.styrelsen, underlag)
    return visning.med_statusfarg(visning.utan_upprepningar(
        matris.select("Mål", orden.Enhet, "Måluppfyllelse", "Förslag enligt reglerna", "Skäl", "Underlag"), "Mål"),
        ["Måluppfyllelse", "Förslag enligt reglerna"])


# Byggs en gång per period (och dataversion, ramverk, roll), inte vid varje visning.
ui.tabell(_matrisen, nyckel=("maluppfyllelse", period.url))
ui.visa_forbehall(period)

# Ett klick från varje cell till målet och enheten på sidan Mål (indikatorerna, skälen och analysen).
st.markdown(f"**Till varje mål och {orden.enhet}:** indikatorerna, skälet bakom varje färg och analysen.")
namn = ui.kortnamn()
for mal in ram.mal:
    celler = [r for r in resultat if r.mal_id == mal.id]
    if not celler:
        continue
    with st.container(horizontal=True, vertical_alignment="center"):
        st.markdown(f"{som_text(malnamn[mal.id])}:")
        for r in celler:
            st.page_link("pages/mal.py", label=som_text(namn.get(r.scope_id, r.scope_id)), icon=":material/arrow_forward:",
                         query_params={"ar": getattr(period, "url", str(period)), "mal": r.mal_id,
                                       "plattform": r.scope_id})

avvikande = [r for r in resultat if r.beslut_avviker]
if avvikande:
    st.markdown(f"**Där {ui.orden().styrelsen}s beslut skiljer sig från regelns förslag**")
    for r in avvikande:
        st.markdown(
            f"- {som_text(malnamn[r.mal_id])}, {som_text(ui.scopenamn().get(r.scope_id, r.scope_id))}: {ui.orden().styrelsen} "
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
st.markdown("- **Underlag**: Komplett, eller ⚠ och vad som saknas eller är ofullständigt i cellen "
            "(indikatorer utan värde, utfall som bara delvis finns).")
st.caption(f"Sammanvägningsregeln: {som_text(ram.sammanvagning.beskrivning)}")
st.page_link("pages/mal.py", label="Se varje mål med indikatorer och skäl →")
