"""Referensdata: enheter, kommuner, utfallskategorier, remitterande parter och enkäternas respondentgrupper läggs
till, byter namn, avvecklas eller tas bort, och
källornas namn kopplas till enheter och kategorier. Ändringarna gäller genast; logiken finns i
uppfoljning/referensredigering.py."""

import pandas as pd
import streamlit as st

from uppfoljning import referensredigering as ref
from uppfoljning import ui
from uppfoljning.visning import som_text

ui.krav_roll("editor")
orden = ui.orden()
st.title("Referensdata")
MEDDELANDE = "_referensdata_meddelande"
if meddelande := st.session_state.pop(MEDDELANDE, None):
    st.success(meddelande)
st.markdown(f"Det organisationen har: {orden.enheter}, kommuner, utfallskategorier, remitterande parter och "
            "enkäternas respondentgrupper, och hur namnen i källornas filer (SUS, ekonomisystemet) läses. En ändring "
            f"gäller genast; inget som lästs in går förlorat. En {orden.enhet}, kommun, kategori eller respondentgrupp "
            "som har data kan avvecklas men inte tas bort.")


def utfor(funktion, *args, klart: str) -> None:
    try:
        with ui.skrivmarkor() as cur:
            funktion(cur, ui.anvandare(), *args)
    except ref.ReferensFel as fel:
        st.error(som_text(orden.i_text(str(fel))))
    else:
        st.session_state[MEDDELANDE] = klart
        st.rerun()


def tabell(kolumner: dict) -> None:
    """En tabell med första kolumnen som radrubrik."""
    ui.tabell(pd.DataFrame(kolumner).set_index(next(iter(kolumner))))


def status(avvecklad: bool) -> str:
    return "Avvecklad" if avvecklad else "Aktiv"


enheter = ui.kor("referens_enheter")
kommuner = ui.kor("referens_kommuner")
kategorier = ui.kor("referens_utfallsmatt")
enhetsnamn = dict(zip(enheter["plattform_id"], enheter["namn"]))
kommunnamn = dict(zip(kommuner["kommun_id"], kommuner["namn"]))
kategorinamn = dict(zip(kategorier["matt_id"], kategorier["namn"]))
parter = ui.kor("referens_parter")
partnamn = dict(zip(parter["part_id"], parter["namn"]))
grupper = ui.kor("referens_respondentgrupper")
gruppnamn = dict(zip(grupper["respondentgrupp"], grupper["namn"]))

flikar = st.tabs([orden.Enheter, "Kommuner", "Utfallskategorier", "Namn i källornas filer",
                  "Remitterande parter", "Respondentgrupper"])

with flikar[0]:
    tabell({"Namn": enheter["namn"].to_list(), "Kortnamn": enheter["kortnamn"].to_list(),
               "Kommun": enheter["kommun"].fill_null("–").to_list(), "Typ": enheter["typ"].to_list(),
               f"Ingår i {orden.total.lower()}": ["Ja" if x else "Nej" for x in enheter["ingar_i_forbundstotal"]],
               "Status": [status(x) for x in enheter["avvecklad"]],
               "Andra namn": enheter["andra_namn"].fill_null("").to_list()})
    with st.form("enhet_ny", clear_on_submit=False):
        st.markdown(f"**Lägg till {orden.enhet}**")
        k1, k2 = st.columns(2)
        id_ = k1.text_input("Id (kort, små bokstäver, t.ex. robertsfors)", key="enhet_ny_id")
        namn = k2.text_input("Namn", key="enhet_ny_namn")
        kort = k1.text_input("Kortnamn (i tabeller och menyer)", key="enhet_ny_kort")
        kommun = k2.selectbox("Kommun", [None, *kommunnamn], format_func=lambda k: "Ingen" if k is None else
                              kommunnamn[k], key="enhet_ny_kommun")
        typ = k1.text_input("Typ", value=orden.enhet, key="enhet_ny_typ")
        ingar = k2.checkbox(f"Ingår i {orden.total.lower()}", value=True, key="enhet_ny_ingar")
        if st.form_submit_button(f"Lägg till {orden.enhet}", type="primary"):
            utfor(ref.lagg_till_enhet, id_, namn, kort, kommun, typ, ingar, klart=f"{namn} är tillagd.")
    if enhetsnamn:
        with st.form("enhet_namn"):
            st.markdown("**Byt namn** (det gamla namnet läses fortfarande som samma enhet i äldre filer)")
            valt = st.selectbox(orden.Enhet, list(enhetsnamn), format_func=enhetsnamn.get, key="enhet_namn_val")
            k1, k2 = st.columns(2)
            nytt = k1.text_input("Nytt namn", key="enhet_namn_nytt")
            nytt_kort = k2.text_input("Nytt kortnamn (tomt = behåll)", key="enhet_namn_kort")
            if st.form_submit_button("Byt namn"):
                utfor(ref.byt_namn_enhet, valt, nytt, nytt_kort, klart=f"{enhetsnamn[valt]} heter nu {nytt}.")
        with st.form("enhet_avveckla"):
            st.markdown("**Avveckla, återaktivera eller ta bort**")
            valt = st.selectbox(orden.Enhet, list(enhetsnamn), format_func=enhetsnamn.get, key="enhet_avv_val")
            atgard = st.radio("Åtgärd", ["Avveckla (historiken finns kvar)", "Återaktivera",
                                         "Ta bort (bara utan data)"], key="enhet_avv_atgard")
            if st.form_submit_button("Utför"):
                if atgard.startswith("Avveckla"):
                    utfor(ref.avveckla, "plattform", valt, klart=f"{enhetsnamn[valt]} är avvecklad.")
                elif atgard == "Återaktivera":
                    utfor(ref.ateraktivera, "plattform", valt, klart=f"{enhetsnamn[valt]} är aktiv igen.")
                else:
                    utfor(ref.ta_bort, "plattform", valt, klart=f"{enhetsnamn[valt]} är borttagen.")

with flikar[1]:
    tabell({"Kommun": kommuner["namn"].to_list(), "Status": [status(x) for x in kommuner["avvecklad"]]})
    with st.form("kommun_ny"):
        st.markdown("**Lägg till kommun**")
        k1, k2 = st.columns(2)
        id_ = k1.text_input("Id (t.ex. lycksele)", key="kommun_ny_id")
        namn = k2.text_input("Namn", key="kommun_ny_namn")
        if st.form_submit_button("Lägg till kommun", type="primary"):
            utfor(ref.lagg_till_kommun, id_, namn, klart=f"{namn} är tillagd.")
    if kommunnamn:
        with st.form("kommun_andra"):
            st.markdown("**Byt namn, avveckla eller ta bort**")
            valt = st.selectbox("Kommun", list(kommunnamn), format_func=kommunnamn.get, key="kommun_val")
            nytt = st.text_input("Nytt namn (för Byt namn)", key="kommun_nytt")
            atgard = st.radio("Åtgärd", ["Byt namn", "Avveckla", "Återaktivera", "Ta bort (bara utan data)"],
                              key="kommun_atgard")
            if st.form_submit_button("Utför"):
                if atgard == "Byt namn":
                    utfor(ref.byt_namn_kommun, valt, nytt, klart=f"{kommunnamn[valt]} heter nu {nytt}.")
                elif atgard == "Avveckla":
                    utfor(ref.avveckla, "kommun", valt, klart=f"{kommunnamn[valt]} är avvecklad.")
                elif atgard == "Återaktivera":
                    utfor(ref.ateraktivera, "kommun", valt, klart=f"{kommunnamn[valt]} är aktiv igen.")
                else:
                    utfor(ref.ta_bort, "kommun", valt, klart=f"{kommunnamn[valt]} är borttagen.")

with flikar[2]:
    tabell({"Kategori": kategorier["namn"].to_list(), "Typ": [ref.MATTYPER[t] for t in kategorier["typ"]],
               "SUS-koder": kategorier["sus_koder"].fill_null("").to_list(),
               "Status": [status(x) for x in kategorier["avvecklad"]]})
    summor = {m: n for m, n, t in zip(kategorier["matt_id"], kategorier["namn"], kategorier["typ"]) if t == "summa"}
    with st.form("kategori_ny"):
        st.markdown("**Lägg till kategori**")
        k1, k2 = st.columns(2)
        id_ = k1.text_input("Id (t.ex. eget_foretag)", key="kategori_ny_id")
        namn = k2.text_input("Namn", key="kategori_ny_namn")
        typ = k1.selectbox("Typ", list(ref.MATTYPER), index=1, format_func=ref.MATTYPER.get, key="kategori_ny_typ")
        sus = k2.text_input("SUS-koder (kommaseparerade)", key="kategori_ny_sus")
        ingar = k1.selectbox("Ingår i (för en avslutsorsak)", [None, *summor],
                             format_func=lambda m: "Ingen summa" if m is None else summor[m], key="kategori_ny_ingar")
        if st.form_submit_button("Lägg till kategori", type="primary"):
            utfor(ref.lagg_till_kategori, id_, namn, typ, sus, ingar, klart=f"{namn} är tillagd.")
    with st.form("kategori_andra"):
        st.markdown("**Byt namn, avveckla eller ta bort**")
        valt = st.selectbox("Kategori", list(kategorinamn), format_func=kategorinamn.get, key="kategori_val")
        nytt = st.text_input("Nytt namn (för Byt namn)", key="kategori_nytt")
        atgard = st.radio("Åtgärd", ["Byt namn", "Avveckla", "Återaktivera", "Ta bort (bara utan data)"],
                          key="kategori_atgard")
        if st.form_submit_button("Utför"):
            if atgard == "Byt namn":
                utfor(ref.byt_namn_kategori, valt, nytt, klart=f"{kategorinamn[valt]} heter nu {nytt}.")
            elif atgard == "Avveckla":
                utfor(ref.avveckla, "utfallsmatt", valt, klart=f"{kategorinamn[valt]} är avvecklad.")
            elif atgard == "Återaktivera":
                utfor(ref.ateraktivera, "utfallsmatt", valt, klart=f"{kategorinamn[valt]} är aktiv igen.")
            else:
                utfor(ref.ta_bort, "utfallsmatt", valt, klart=f"{kategorinamn[valt]} är borttagen.")

with flikar[3]:
    st.markdown("Radrubriker, fritext och SUS-formuleringar i filerna läses som en kategori, och andra källors "
                f"namn som en {orden.enhet}. Ett okänt namn i en uppladdning kan också läggas till direkt på sidan Data.")
    mappning = ui.kor("referens_kategorimappning")
    tabell({"Namn i filen": mappning["varde"].to_list(), "Läses som kategori": mappning["kategori"].to_list()})
    with st.form("kategorinamn"):
        k1, k2 = st.columns(2)
        varde = k1.text_input("Namn i filen", key="kategorinamn_varde")
        matt = k2.selectbox("Läses som kategori", list(kategorinamn), format_func=kategorinamn.get,
                            key="kategorinamn_matt")
        lagg, bort = st.columns(2)
        if lagg.form_submit_button("Lägg till", type="primary"):
            utfor(ref.lagg_till_kategorinamn, varde, matt, klart=f"\"{varde}\" läses nu som {kategorinamn[matt]}.")
        if bort.form_submit_button("Ta bort namnet"):
            utfor(ref.ta_bort_kategorinamn, varde, klart=f"\"{varde}\" är borttaget ur mappningen.")
    andra = ui.kor("referens_enhetsnamn")
    st.markdown(f"**Andra namn för {orden.enheterna}**")
    if andra.height:
        tabell({"Namn i filen": andra["namn"].to_list(), f"Läses som {orden.enhet}": andra["enhet"].to_list()})
    else:
        st.caption("Inga andra namn ännu.")
    with st.form("enhetsnamn_form"):
        k1, k2 = st.columns(2)
        varde = k1.text_input("Namn i filen", key="enhetsnamn_varde")
        enhet = k2.selectbox(f"Läses som {orden.enhet}", list(enhetsnamn), format_func=enhetsnamn.get,
                             key="enhetsnamn_enhet")
        lagg, bort = st.columns(2)
        if lagg.form_submit_button("Lägg till", type="primary"):
            utfor(ref.lagg_till_enhetsnamn, varde, enhet, klart=f"\"{varde}\" läses nu som {enhetsnamn.get(enhet)}.")
        if bort.form_submit_button("Ta bort namnet"):
            utfor(ref.ta_bort_enhetsnamn, varde, klart=f"\"{varde}\" är borttaget.")

with flikar[4]:
    tabell({"Remitterande part": parter["namn"].to_list()})
    with st.form("part_ny"):
        st.markdown("**Lägg till remitterande part**")
        k1, k2 = st.columns(2)
        id_ = k1.text_input("Id (t.ex. kriminalvarden)", key="part_ny_id")
        namn = k2.text_input("Namn", key="part_ny_namn")
        if st.form_submit_button("Lägg till remitterande part", type="primary"):
            utfor(ref.lagg_till_part, id_, namn, klart=f"{namn} är tillagd.")
    if partnamn:
        with st.form("part_andra"):
            st.markdown("**Byt namn eller ta bort**")
            valt = st.selectbox("Remitterande part", list(partnamn), format_func=partnamn.get, key="part_val")
            nytt = st.text_input("Nytt namn (för Byt namn)", key="part_nytt")
            atgard = st.radio("Åtgärd", ["Byt namn", "Ta bort (bara utan aktualiseringar)"], key="part_atgard")
            if st.form_submit_button("Utför"):
                if atgard == "Byt namn":
                    utfor(ref.byt_namn_part, valt, nytt, klart=f"{partnamn[valt]} heter nu {nytt}.")
                else:
                    utfor(ref.ta_bort, "remitterande_part", valt, klart=f"{partnamn[valt]} är borttagen.")

with flikar[5]:
    st.markdown("Grupperna som svarar på enkäterna (deltagare, medarbetare, chefer …). En fil med enkätsvar anger "
                "gruppen med dess namn eller id; en ny grupp kan få samma frågor som en befintlig.")
    if grupper.height:
        tabell({"Respondentgrupp": grupper["namn"].to_list(), "Frågor": grupper["fragor"].to_list(),
                "Lagrade enkätrader": grupper["rader"].to_list(), "Status": [status(x) for x in grupper["avvecklad"]]})
    else:
        st.caption("Inga respondentgrupper ännu.")
    with st.form("grupp_ny"):
        st.markdown("**Lägg till respondentgrupp**")
        k1, k2 = st.columns(2)
        id_ = k1.text_input("Id (t.ex. arbetsgivare)", key="grupp_ny_id")
        namn = k2.text_input("Namn", key="grupp_ny_namn")
        som = k1.selectbox("Samma frågor som", [None, *gruppnamn], key="grupp_ny_fragor",
                           format_func=lambda g: "Inga frågor" if g is None else gruppnamn[g])
        if st.form_submit_button("Lägg till respondentgrupp", type="primary"):
            utfor(ref.lagg_till_respondentgrupp, id_, namn, som, klart=f"{namn} är tillagd.")
    if gruppnamn:
        with st.form("grupp_andra"):
            st.markdown("**Byt namn, avveckla eller ta bort**")
            valt = st.selectbox("Respondentgrupp", list(gruppnamn), format_func=gruppnamn.get, key="grupp_val")
            nytt = st.text_input("Nytt namn (för Byt namn)", key="grupp_nytt")
            atgard = st.radio("Åtgärd", ["Byt namn", "Avveckla (historiken finns kvar)", "Återaktivera",
                                         "Ta bort (bara utan enkätsvar)"], key="grupp_atgard")
            if st.form_submit_button("Utför"):
                if atgard == "Byt namn":
                    utfor(ref.byt_namn_respondentgrupp, valt, nytt, klart=f"{gruppnamn[valt]} heter nu {nytt}.")
                elif atgard.startswith("Avveckla"):
                    utfor(ref.avveckla, "respondentgrupp", valt, klart=f"{gruppnamn[valt]} är avvecklad.")
                elif atgard == "Återaktivera":
                    utfor(ref.ateraktivera, "respondentgrupp", valt, klart=f"{gruppnamn[valt]} är aktiv igen.")
                else:
                    utfor(ref.ta_bort, "respondentgrupp", valt, klart=f"{gruppnamn[valt]} är borttagen.")
        st.markdown("**Enkätfrågor**")
        enkatfragor = ui.kor("referens_enkatfragor")
        tabell({"Fråga": enkatfragor["text"].to_list(),
                "Respondentgrupp": [gruppnamn.get(g, g) for g in enkatfragor["respondentgrupp"]],
                "Svarstyp": [ref.SVARSTYPER.get(t, t) for t in enkatfragor["svarstyp"]]})
        with st.form("fraga_ny"):
            st.markdown("**Lägg till enkätfråga**")
            k1, k2 = st.columns(2)
            grupp = k1.selectbox("Respondentgrupp", list(gruppnamn), format_func=gruppnamn.get, key="fraga_ny_grupp")
            fraga_id = k2.text_input("Id (som i filerna med enkätsvar, t.ex. nojd_med_samarbetet)", key="fraga_ny_id")
            text = st.text_input("Frågans text", key="fraga_ny_text")
            svarstyp = k1.selectbox("Svarstyp", list(ref.SVARSTYPER), format_func=ref.SVARSTYPER.get,
                                    key="fraga_ny_svarstyp")
            if st.form_submit_button("Lägg till enkätfråga", type="primary"):
                utfor(ref.lagg_till_enkatfraga, grupp, fraga_id, text, svarstyp, klart=f"Frågan \"{text}\" är tillagd.")
        if enkatfragor.height:
            with st.form("fraga_bort"):
                st.markdown("**Ta bort enkätfråga** (bara en fråga utan svar som ingen indikator räknar)")
                val = list(zip(enkatfragor["respondentgrupp"], enkatfragor["fraga_id"]))
                texter = {v: f"{gruppnamn.get(v[0], v[0])}: {t}" for v, t in zip(val, enkatfragor["text"])}
                bort = st.selectbox("Fråga", val, format_func=texter.get, key="fraga_bort_val")
                if st.form_submit_button("Ta bort frågan"):
                    utfor(ref.ta_bort_enkatfraga, *bort, klart=f"Frågan {texter[bort]} är borttagen.")
