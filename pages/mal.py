"""Mål: ett mål för en plattform, indikator för indikator, med skälet bakom varje färg,
processledarens analys per avsnitt och styrelsens beslut med historik."""

import polars as pl
import streamlit as st

from uppfoljning import analys, fullstandighet, ui, visning
from uppfoljning.status import Status
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

ram = ui.ramverk()
st.title("Mål och indikatorer")
ui.visa_bekraftelse()
if ram is None:
    st.stop()

period = ui.valj_ramverksperiod(ram)
malnamn = {m.id: m.kort_titel or m.titel for m in ram.mal}
mal_id = ui.urlval("Mål", list(malnamn), "mal", format_func=malnamn.get)
mal = ram.mal_med_id(mal_id)
namn = ui.scopenamn()
scope_id = ui.urlval(ui.orden().Enhet, mal.omfattning, "plattform", format_func=lambda s: namn.get(s, s))
far_redigera = ui.far_redigera()
# Läsare ser styrelsens beslut men inte processledarens analysutkast.
ser_utkast = ui.nuvarande().minst("member")

resultat = next(r for r in ui.bedom(ram, period) if r.mal_id == mal_id and r.scope_id == scope_id)
historik = ui.kor("styrelsens_bedomning_historik", period=period, mal_id=mal_id, scope_id=scope_id)
BESLUT = [None, Status.GRON, Status.GUL, Status.ROD, Status.EJ_BEDOMD]


def analysfalt(avsnitt: int, rubrik: str, med_beslut: bool = False) -> None:
    """Gällande text, redigering för den som får ändra, och tidigare versioner."""
    if not ser_utkast and (avsnitt != 0 or resultat.beslut is None):
        return
    nuvarande = resultat.analys.get(avsnitt, "")
    if nuvarande:
        st.markdown(f"**{rubrik}**")
        st.text(nuvarande)
    versioner = historik.filter(pl.col("avsnitt") == avsnitt)
    if far_redigera:
        with st.expander(f"Skriv {rubrik.lower()}" if not nuvarande else f"Ändra {rubrik.lower()}"):
            text = st.text_area("Text (vanlig text)", value=nuvarande, key=f"analys_text_{avsnitt}", height=150)
            farg = resultat.beslut if avsnitt == 0 else resultat.beslut_avsnitt.get(avsnitt)
            valt = st.selectbox(f"{ui.orden().Styrelsens} bedömning", BESLUT, index=BESLUT.index(farg),
                                format_func=lambda s: "Inte beslutad" if s is None else s.visning.etikett,
                                key=f"analys_farg_{avsnitt}") if med_beslut or avsnitt else farg
            if st.button("Spara ny version", key=f"analys_spara_{avsnitt}"):
                try:
                    with ui.skrivmarkor("sparandet av en analys") as cur:
                        version = analys.spara(cur, period, mal_id, scope_id, avsnitt, text, valt, ui.anvandare())
                except analys.AnalysFel as fel:
                    st.error(som_text(fel))
                else:
                    ui.bekrafta_och_kor_om(f"{rubrik} sparad som version {version}.")
    if versioner.height > 1 and ser_utkast:
        with st.expander(f"Historik ({versioner.height} versioner)"):
            for v in versioner.iter_rows(named=True):
                farg = Status(v["farg"]).visning.etikett if v["farg"] else "inget beslut"
                st.markdown(f"**Version {v['version']}**, {v['sparad']:%Y-%m-%d %H:%M} av "
                            f"{som_text(v['sparad_av'])}: {farg}")
                if v["text"]:
                    st.text(v["text"])


st.header(som_text(mal.titel))
st.markdown(f"**{som_text(namn.get(scope_id, scope_id))}, {period}**")

vanster, hoger = st.columns(2)
with vanster:
    if resultat.beslut:
        st.markdown(f"**{ui.orden().Styrelsens} bedömning:** {resultat.beslut.visning.etikett}")
    else:
        st.markdown(f"**{ui.orden().Styrelsens} bedömning:** inte registrerad")
with hoger:
    st.markdown(f"**Förslag enligt reglerna:** {resultat.forslag.visning.etikett}")
st.caption(som_text(resultat.forslag_motivering))
# Samma markering som cellen i matrisen: data som saknas eller är ofullständig för målet och enheten.
if underlag := fullstandighet.cellmarkering(resultat, ui.fullstandighetsfragan(period), ui.orden(), period):
    st.warning(f"**Underlag:** {som_text(underlag)}")
if resultat.beslut_avviker:
    st.warning(f"{ui.orden().Styrelsens} beslut ({resultat.beslut.visning.kort}) skiljer sig från regelns förslag "
               f"({resultat.forslag.visning.kort}).")
analysfalt(0, f"{ui.orden().Styrelsens} samlade bedömning", med_beslut=True)

for avsnitt in resultat.avsnitt:
    st.divider()
    st.markdown(f"### {avsnitt.nummer}. {som_text(avsnitt.namn)}")
    beslutad = resultat.beslut_avsnitt.get(avsnitt.nummer)
    st.markdown(
        f"Förslag för avsnittet: **{avsnitt.status.visning.etikett}**. {som_text(avsnitt.motivering)}"
        + (f" {ui.orden().Styrelsens} bedömning av avsnittet: **{beslutad.visning.etikett}**." if beslutad else "")
    )
    indikatorer = [i for i in resultat.indikatorer if i.avsnitt == avsnitt.nummer]
    # Byggs en gång per period, mål, enhet och avsnitt (och dataversion, ramverk, roll), inte vid varje visning.
    ui.tabell(lambda: visning.med_statusfarg(visning.indikatortabell(indikatorer, period), ["Status"]),
              nyckel=("mal", period.url, mal_id, scope_id, avsnitt.nummer))
    for rad in visning.ovriga_svarsalternativ(indikatorer):
        st.caption(som_text(rad))
    analysfalt(avsnitt.nummer, "Analys")

fotnoter = [f"{ram.indikatorer[i.indikator_id].namn}: {ram.indikatorer[i.indikator_id].forklaring}"
            for i in resultat.indikatorer if ram.indikatorer[i.indikator_id].forklaring]
if any(i.rapporterat and i.typ != "ja_nej" for i in resultat.indikatorer):
    fotnoter.insert(0, "¹ Rapporterat värde: källan anger bara procent, antalen bakom finns inte lagrade.")
if fotnoter:
    st.divider()
    for rad in dict.fromkeys(fotnoter):
        st.caption(som_text(rad))
