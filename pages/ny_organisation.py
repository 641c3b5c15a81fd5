"""Ny organisation: en tom installation får organisation, enheter, kommuner, perioder och ett målramverk från en
mall, utan att någon fil redigeras. Logiken finns i uppfoljning/ny_organisation.py."""

import datetime as dt

import streamlit as st

from uppfoljning import malramverk, ui
from uppfoljning import ny_organisation as ny
from uppfoljning.ord import Ord
from uppfoljning.visning import som_text

ui.krav_roll("editor")
st.title("Ny organisation")
with ui.anslutning().cursor() as cur:
    tom = ny.ar_tom(cur)
if not tom:
    st.info("Installationen har redan en organisation. Ändra den på sidorna Målramverk och Referensdata.")
    st.stop()
st.markdown("Installationen är tom. Välj en mall och fyll i uppgifterna; mallen ger kön, utfallskategorier, "
            "kategorimappning och ett målramverk som du sedan ändrar på sidan Målramverk. Ingen fil behöver "
            "redigeras.")

mall = st.radio("Slag av organisation", list(ny.MALLNAMN), format_func=ny.MALLNAMN.get, key="ny_mall")
st.markdown("**Organisationens egna ord** (valfria; tomma fält ger mallens ord)")
standard = Ord(slag=mall)
o1, o2, o3 = st.columns(3)
ord_enhet = o1.text_input("Ordet för en enhet", key="ny_ord_enhet", placeholder=standard.enhet,
                          help="T.ex. insats, plattform, delprojekt")
ord_enheter = o2.text_input("Ordet för flera enheter", key="ny_ord_enheter", placeholder=standard.enheter,
                            help="Plural, t.ex. insatser")
ord_total = o3.text_input("Ordet för totalen", key="ny_ord_total", placeholder=standard.total,
                          help="T.ex. Verksamheten totalt")
try:
    orden = ny.Uppgifter(mall=mall, namn="", enheter=[], ord_enhet=ord_enhet, ord_enheter=ord_enheter).orden
except ValueError:
    orden = standard
with st.form("ny_organisation"):
    namn = st.text_input("Organisationens namn", key="ny_namn",
                         placeholder="ESF-projektet Vägen vidare" if mall == "esf_projekt" else
                         "Samordningsförbundet ...")
    k1, k2 = st.columns(2)
    esf = mall == "esf_projekt"
    enheter = k1.text_area(f"{orden.Enheter}, en per rad (\"Namn\" eller \"Namn; Kommun\")", key="ny_enheter",
                           placeholder="Delprojekt Lycksele; Lycksele\nDelprojekt Storuman; Storuman" if esf else
                           "Samordningsteamet i Vännäs; Vännäs\nUngdomstorget; Umeå")
    kommuner = k2.text_area("Kommuner, en per rad", key="ny_kommuner",
                            placeholder="Lycksele\nStoruman" if esf else "Umeå\nVännäs")
    if mall == "esf_projekt":
        k1, k2 = st.columns(2)
        start = k1.date_input("Projektstart", value=None, format="YYYY-MM-DD", key="ny_start")
        slut = k2.date_input("Projektslut", value=None, format="YYYY-MM-DD", key="ny_slut")
        st.caption("Lägesrapporterna blir halvårsvisa från projektstart (kumulativa), den sista vid projektets slut.")
        k1, k2, k3 = st.columns(3)
        plan = k1.number_input("Planerade deltagare", min_value=0, value=None, step=1, key="ny_plan")
        plan_k = k2.number_input("varav kvinnor", min_value=0, value=None, step=1, key="ny_plan_k")
        plan_m = k3.number_input("varav män", min_value=0, value=None, step=1, key="ny_plan_m")
        malniva = st.number_input("Målnivå: andel av de avslutade till arbete eller studier (%)", min_value=0.0,
                                  max_value=100.0, value=None, key="ny_malniva")
        ar = []
    else:
        ar_text = st.text_input("Uppföljningsår (kommaseparerade)", value=str(dt.date.today().year), key="ny_ar")
        start = slut = plan = plan_k = plan_m = malniva = None
    skapa = st.form_submit_button("Skapa organisationen", type="primary")

if skapa:
    try:
        if mall != "esf_projekt":
            ar = [int(a) for a in ar_text.replace(" ", "").split(",") if a]
        uppgifter = ny.Uppgifter(mall=mall, namn=namn, enheter=ny.tolka_rader(enheter),
                                 kommuner=[k.strip() for k in kommuner.splitlines() if k.strip()], ar=ar, start=start,
                                 slut=slut, plan_deltagare=plan, plan_kvinnor=plan_k, plan_man=plan_m,
                                 malniva_arbete_eller_studier=malniva, ord_enhet=ord_enhet,
                                 ord_enheter=ord_enheter, ord_total=ord_total)
        with ui.skrivmarkor() as cur:
            ny.skapa(cur, uppgifter, ui.anvandare())
    except (ValueError, malramverk.MalramverksFel) as fel:
        meddelande = str(fel) if isinstance(fel, ny.NyOrganisationFel) else \
            malramverk.i_appen(str(fel)) if isinstance(fel, malramverk.MalramverksFel) else \
            "Fältet Uppföljningsår ska vara årtal åtskilda med komma (t.ex. 2025, 2026)."
        st.error(som_text(meddelande))
    else:
        # Appen körs om med alla sidor; Måluppfyllelse visar målen från mallen.
        st.rerun()
