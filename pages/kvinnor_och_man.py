"""Kvinnor och män: varje utfallsmått och enkätfråga per kön för ett år och en plattform eller förbundet."""

import streamlit as st

from uppfoljning import format as fmt
from uppfoljning import kon_och_tid as kt
from uppfoljning import smatal, ui
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

st.title("Kvinnor och män")

period = ui.valj_period()
valt = ui.valj_omfattning(period=period)
grans = kt.urlgrans()
plattformar = list(valt.plattformar)
smatalsgrans = ui.smatalsgrans()

st.caption(
    "Andelar i hel procent, avrundade halvt uppåt; kvinnornas andel räknas av kvinnornas bas och männens av "
    "männens. Skillnaden i procentenheter är kvinnornas andel minus männens, räknad på de avrundade andelar "
    f"som visas. {kt.STOR_SKILLNAD} markerar en skillnad på minst {fmt.med_enhet(grans, 'procentenheter')} åt något håll "
    "(gränsen väljs överst på sidan)."
    + (f" {d}" if valt.ar_forbundet and (d := ui.distinkta_deltagare(period)) else "")
)

if period is None:
    st.info("Det finns inga utfall lagrade ännu. Läs in årets filer på sidan Data.")
    st.stop()

# ---------------------------------------------------------------- utfall per kön
st.header(f"Utfall per kön: {som_text(valt.namn)} {period}")
ui.visa_forbehall(period, valt)
utfall = ui.kor("kon_jamforelse", period=period, plattformar=plattformar)
if utfall.height == 0:
    st.info(f"Det finns inga utfall för {som_text(valt.namn)} {period}.")
else:
    fynd = smatal.fynd_for_lasare(
        ui.kor("datakvalitet_utfall", period=period, plattformar=plattformar, forbund=valt.ar_forbundet), smatalsgrans)
    # Tabellerna räknas en gång per filterval och dataversion (ui.harlett), inte vid varje visning.
    tabell = ui.harlett("kon_konstabell", (period, valt.id, grans), lambda: kt.konstabell(utfall, grans, fynd))
    ui.tabell(lambda: tabell.to_pandas().set_index("Mått"), nyckel=("kon_tabell", period, valt.id, grans))
    ui.nedladdningar(ui.harlett("kon_nedladdning", (period, valt.id, grans),
                                lambda: kt.konstabell_nedladdning(utfall, grans, fynd)),
                     f"Kvinnor och män {valt.namn} {period}", "kon_utfall")
    if smatalsgrans is not None:
        st.caption(smatal.skaltext(smatalsgrans) + " Skillnaden visas bara när båda andelarna visas.")

    stora = kt.stora_skillnader(utfall, grans)
    if stora:
        st.markdown(f"**{kt.STOR_SKILLNAD}: minst {fmt.med_enhet(grans, 'procentenheter')} mellan kvinnor och män.** "
                    "När basen är liten flyttar en enda person andelen många procentenheter; se antalen.")
        for mening in stora:
            st.markdown(f"- {mening}")
    elif kt.andelsrader(utfall).height and kt.dolda_skillnader(utfall):
        st.markdown(f"Ingen av de skillnader mellan kvinnors och mäns andelar som visas är {fmt.med_enhet(grans, 'procentenheter')} "
                    f"eller större. Skillnaden visas inte för {kt.dolda_skillnader(utfall)} av "
                    f"{kt.andelsrader(utfall).height} mått, eftersom den bygger på dolda tal.")
    elif kt.andelsrader(utfall).height:
        st.markdown(f"Ingen skillnad mellan kvinnors och mäns andelar är {fmt.med_enhet(grans, 'procentenheter')} eller större.")

    if kt.andelsrader(utfall).height and not kt.synliga_andelar(utfall):
        st.info(f"Alla andelar per kön för {som_text(valt.namn)} {period} bygger på färre än {smatalsgrans} personer eller på "
                "tal som är dolda för att skydda sådana, så diagrammet visas inte.")
    elif kt.andelsrader(utfall).height:
        ui.diagram(ui.harlett("kon_diagram", (period, valt.id, grans), lambda: kt.kondiagram(
            utfall, grans, f"Andel per kön och mått, {valt.namn} {period} (%)")), width="stretch")

    ui.visa_datakvalitet(fynd, "Tabellen")

    # ------------------------------------------------------------ könsfördelning bland deltagarna
    st.header("Könsfördelning bland deltagarna")
    st.markdown(som_text(kt.deltagarmening(utfall, valt.namn, period)))
    fordelning = ui.harlett("kon_konsfordelning", (period, valt.id), lambda: kt.konsfordelning(utfall))
    if fordelning.height:
        ui.tabell(lambda: fordelning.to_pandas().set_index("Mått"), nyckel=("kon_fordelning", period, valt.id))
    st.info(kt.BEFOLKNING_SAKNAS)

# ---------------------------------------------------------------- enkätsvar per kön
st.header(f"Enkätsvar per kön: {som_text(valt.namn)} {period}")
ui.visa_forbehall(period, valt, datamangd="enkat")
st.caption("Andel som svarat något av de positiva alternativen (ja på ja/nej-frågor), per svarandes kön. "
           "Annat alternativ, Osäker och Vill ej svara visas när någon svarat så.")

svarsfrekvens = ui.kor("kon_enkat_svarsfrekvens", period=period, plattformar=plattformar)
st.markdown("**Svarsfrekvens per respondentgrupp**")
if svarsfrekvens.height == 0:
    st.info(f"Ingen svarsfrekvens är lagrad för {som_text(valt.namn)} {period}.")
else:
    ui.tabell(lambda: kt.svarsfrekvenstabell(svarsfrekvens, per_plattform=len(plattformar) > 1,
                                            enhetsrubrik=ui.orden().Enhet).to_pandas()
              .set_index(ui.orden().Enhet if len(plattformar) > 1 else "Respondentgrupp"),
              nyckel=("kon_svarsfrekvens", period, valt.id))

enkat = ui.kor("kon_enkat", period=period, plattformar=plattformar)
if enkat.height == 0:
    st.info(f"Det finns inga enkätsvar för {som_text(valt.namn)} {period}.")
elif kt.enkat_ej_summerbar(enkat):
    st.info(f"Enkätsvaren finns bara som andelar per {ui.orden().enhet} och kan inte summeras till "
            f"{som_text(valt.namn.lower() if valt.ar_forbundet else valt.namn)}. Välj en {ui.orden().enhet} i "
            "filtret överst på sidan för att se svaren per kön.")
else:
    st.markdown("**Andel positiva svar**")
    ui.tabell(lambda: kt.enkattabell(enkat).to_pandas().set_index(["Respondentgrupp", "Fråga"]),
              nyckel=("kon_enkat", period, valt.id))
    if kt.enkat_ar_rapporterad(enkat):
        st.caption("Andelarna är källans rapporterade värden; antalen svarande bakom finns inte lagrade."
                   + (f" Därför kan skyddet för små tal (färre än {smatalsgrans} personer) inte prövas för dem: "
                      "hur många som svarat i varje grupp framgår inte av källan." if smatalsgrans is not None else ""))
    ui.nedladdningar(kt.enkat_nedladdning(enkat), f"Enkätsvar per kön {valt.namn} {period}",
                     "kon_enkat")
