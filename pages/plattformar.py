"""Plattformar: plattformarna sida vid sida för ett år, med ett mått i taget mot målnivån."""

import streamlit as st

from uppfoljning import jamforelse, smatal, ui
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

orden = ui.orden()
st.title(f"Jämförelse av {orden.enheter}")

period = ui.valj_period()
plattformar = ui.kor("plattformar")
kortnamn = dict(zip(plattformar["plattform_id"], plattformar["kortnamn"]))
i_forbundet = plattformar.filter(plattformar["ingar_i_forbundstotal"])["plattform_id"].to_list()
# En avvecklad enhet erbjuds bara för perioder där den har data.
valbara = [o.id for o in ui.valbara_omfattningar(period) if not o.ar_forbundet]
valda = jamforelse.urlflerval(orden.Enheter, valbara, "plattformar", standard=[p for p in i_forbundet if p in valbara],
                              format_func=kortnamn.get)
sarredovisade = [kortnamn[p] for p in valbara if p not in i_forbundet]

st.caption(
    f"Antal och andelar per {orden.enhet}, beräknade ur de lagrade antalen per kön; andelar i hel procent "
    f"avrundat halvt uppåt. Förvalda är {orden.enheterna} som ingår i {orden.total.lower()}"
    + (f"; {som_text(', '.join(sarredovisade))} redovisas separat och visas bara om du väljer dem." if sarredovisade else ".")
    + (f" {d}" if (d := ui.distinkta_deltagare(period)) else "")
)

if period is None:
    st.info("Det finns inga utfall lagrade ännu. Läs in årets filer på sidan Data.")
    st.stop()
if not valda:
    st.info(f"Välj minst en {orden.enhet} överst på sidan.")
    st.stop()

utfall = ui.kor("plattformar_jamforelse", period=period, plattformar=valda)
if utfall.height == 0:
    st.info(f"Det finns inga utfall för de valda {orden.enheterna} {period}.")
    st.stop()
utan_data = jamforelse.saknar_utfall(valda, utfall)
if utan_data:
    st.info(f"Inga utfall {period} för {som_text(', '.join(kortnamn[p] for p in utan_data))}.")
grans = ui.smatalsgrans()
fynd = smatal.fynd_for_lasare(ui.kor("datakvalitet_utfall", period=period, plattformar=valda, forbund=False), grans)
ram = ui.ramverk()

# ---------------------------------------------------------------- diagram: ett mått i taget
matt_alternativ = jamforelse.andelsmatt(utfall)
matt = ui.urlval("Mått i diagrammet", list(matt_alternativ), "matt", format_func=matt_alternativ.get,
                 i_sidopanelen=False)
if matt is None:
    st.info(f"De valda {orden.enheterna} har inga andelar att jämföra {period}, bara antal (se tabellen).")
else:
    andel_av, bas = jamforelse.andelens_bas(utfall, matt)
    mal = jamforelse.malinfo(ram, matt, period, andel_av)
    minsta = mal.minsta_underlag if mal else jamforelse.minsta_underlag(ram)
    titel = f"{matt_alternativ[matt]} per {orden.enhet} {period}, andel av {bas} (%)"
    figur = ui.harlett("plattformar_diagram", (period, tuple(valda), matt), lambda: jamforelse.diagram_om_synligt(
        jamforelse.staplar(utfall, matt, mal, minsta, fynd), titel, bas, mal))
    if figur is None:
        st.info(f"Andelen {som_text(matt_alternativ[matt].lower())} bygger för alla valda {orden.enheterna} på färre än {grans} "
                "personer eller på tal som är dolda för att skydda sådana, så diagrammet visas inte.")
    else:
        ui.diagram(figur, width="stretch")
        st.caption(som_text(jamforelse.forklaring(mal, minsta, matt_alternativ[matt], period)))

# ---------------------------------------------------------------- tabeller
st.header(f"Alla mått {period}")
st.markdown("Antal och, inom parentes, andelen av det som kolumnen *Andelen räknas av* anger.")
tabeller = ui.harlett("plattformar_tabeller", (period, tuple(valda)),
                      lambda: jamforelse.tabeller(utfall, fynd, orden.Enhet))
ui.tabell(lambda: tabeller.matt, nyckel=("plattformar_matt", period, tuple(valda)))

st.markdown("**Andel kvinnor i varje mått** (kvinnor av måttets totalt)")
ui.tabell(lambda: tabeller.kvinnor, nyckel=("plattformar_kvinnor", period, tuple(valda)))

ui.nedladdningar(tabeller.nedladdning, f"{orden.Enheter} {period}", "plattformar")
if grans is not None:
    st.caption(smatal.skaltext(grans))

ui.visa_datakvalitet(fynd, "Tabellen och diagrammet")
