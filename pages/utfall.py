"""Utfall: Bilaga 3:s tabell för en plattform eller hela förbundet."""

import streamlit as st

from uppfoljning import fullstandighet, smatal, ui, visning
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

st.title("Utfall för deltagare")

period = ui.valj_period()
valt = ui.valj_omfattning(period=period)

namn = ui.scopenamn()
distinkta = ui.distinkta_deltagare(period) if valt.ar_forbundet else None
ofullstandig = ui.forbehall(period) if valt.ar_forbundet else None
plattformsnamn = ", ".join(som_text(namn[p]) for p in valt.plattformar)
st.caption(
    "Antal per kön och totalt, med andel i hel procent (avrundat halvt uppåt). "
    + (f"{ui.orden().total} {'omfattar' if distinkta else 'summerar'} "
       + (", ".join(som_text(n) for n in fullstandighet.med_data(ui.fullstandighetsfragan(period),
                                                                  list(valt.plattformar)))
          + f" (de {ui.orden().enheter} som har data)" if ofullstandig else plattformsnamn)
       + "; särredovisade insatser ingår inte." if valt.ar_forbundet else "")
    + (f" {distinkta}" if distinkta else "")
)

if period is None:
    st.info("Det finns inga utfall lagrade ännu. Läs in årets filer på sidan Data.")
    st.stop()

utfall = ui.kor("utfall_tabell", period=period, plattformar=list(valt.plattformar))
grans = ui.smatalsgrans()
fynd = smatal.fynd_for_lasare(ui.kor("datakvalitet_utfall", period=period, plattformar=list(valt.plattformar),
                                     forbund=valt.ar_forbundet), grans)

st.header(f"{som_text(valt.namn)} {period}")
ui.visa_forbehall(period, valt)
if utfall.height == 0:
    st.info(f"Det finns inga utfall för {som_text(valt.namn)} {period}.")
    st.stop()

tabell = ui.harlett("utfall_utfallstabell", (period, valt.id), lambda: visning.utfallstabell(utfall, fynd))
ui.tabell(lambda: tabell.to_pandas().set_index("Mått"), nyckel=("utfall", period, valt.id))
ui.nedladdningar(tabell, f"Utfall {valt.namn} {period}", "utfall")
if grans is not None:
    st.caption(smatal.skaltext(grans))

ui.visa_datakvalitet(fynd, "Tabellen")
