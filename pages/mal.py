"""Mål: ett mål för en plattform, indikator för indikator, med skälet bakom varje färg."""

import streamlit as st

from uppfoljning import ui, visning

ram = ui.ramverk()
st.title("Mål och indikatorer")
if ram is None:
    st.stop()

period = ui.urlval("År", sorted(ram.perioder, reverse=True), "ar")
malnamn = {m.id: m.kort_titel or m.titel for m in ram.mal}
mal_id = ui.urlval("Mål", list(malnamn), "mal", format_func=malnamn.get)
mal = ram.mal_med_id(mal_id)
namn = ui.scopenamn()
scope_id = ui.urlval("Plattform", mal.omfattning, "plattform", format_func=lambda s: namn.get(s, s))

resultat = next(r for r in ui.bedom(ram, period) if r.mal_id == mal_id and r.scope_id == scope_id)

st.subheader(f"{mal.titel}")
st.markdown(f"**{namn.get(scope_id, scope_id)}, {period}**")

vanster, hoger = st.columns(2)
with vanster:
    if resultat.beslut:
        st.markdown(f"**Styrelsens bedömning:** {resultat.beslut.visning.etikett}")
    else:
        st.markdown("**Styrelsens bedömning:** inte registrerad")
with hoger:
    st.markdown(f"**Förslag enligt reglerna:** {resultat.forslag.visning.etikett}")
st.caption(resultat.forslag_motivering)
if resultat.beslut_avviker:
    st.warning(f"Styrelsens beslut ({resultat.beslut.visning.kort}) skiljer sig från regelns förslag "
               f"({resultat.forslag.visning.kort}).")
if resultat.beslut_motivering:
    st.markdown("**Styrelsens samlade bedömning**")
    st.text(resultat.beslut_motivering)

for avsnitt in resultat.avsnitt:
    st.divider()
    st.markdown(f"### {avsnitt.nummer}. {avsnitt.namn}")
    beslutad = resultat.beslut_avsnitt.get(avsnitt.nummer)
    st.markdown(
        f"Förslag för avsnittet: **{avsnitt.status.visning.etikett}**. {avsnitt.motivering}"
        + (f" Styrelsens bedömning av avsnittet: **{beslutad.visning.etikett}**." if beslutad else "")
    )
    indikatorer = [i for i in resultat.indikatorer if i.avsnitt == avsnitt.nummer]
    st.table(visning.med_statusfarg(visning.indikatortabell(indikatorer, period), ["Status"]))
    for rad in visning.ovriga_svarsalternativ(indikatorer):
        st.caption(rad)
    if avsnitt.nummer in resultat.analys:
        st.markdown("**Styrelsens analys**")
        st.text(resultat.analys[avsnitt.nummer])

fotnoter = [f"{ram.indikatorer[i.indikator_id].namn}: {ram.indikatorer[i.indikator_id].forklaring}"
            for i in resultat.indikatorer if ram.indikatorer[i.indikator_id].forklaring]
if any(i.rapporterat and i.typ != "ja_nej" for i in resultat.indikatorer):
    fotnoter.insert(0, "¹ Rapporterat värde: källan anger bara procent, antalen bakom finns inte lagrade.")
if fotnoter:
    st.divider()
    for rad in dict.fromkeys(fotnoter):
        st.caption(rad)
