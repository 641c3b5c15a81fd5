"""Över tid: en indikator för en plattform eller förbundet varje lagrat år, mot målnivån per år."""

import streamlit as st

from uppfoljning import kon_och_tid as kt
from uppfoljning import bedomning, periodserie, smatal, ui
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

st.title("Över tid")

ram = ui.ramverk()
alternativ = kt.indikatoralternativ(ram)
indikator_id = ui.urlval("Indikator", list(alternativ), "indikator", format_func=lambda i: kt.mattnamn(alternativ[i]))
valt = ui.valj_omfattning()
# Lika med lika: kalenderår, eller en typ av namngivna perioder (lägesrapporterna i ordning, delåren år för år).
alla_perioder = ui.perioder()
periodtyper = periodserie.typer(alla_perioder)
periodtyp = (ui.urlval("Perioder", periodtyper, "perioder", format_func=lambda t: periodserie.TYPNAMN.get(t, t))
             if len(periodtyper) > 1 else "ar")

if ram is None:
    st.stop()
if indikator_id is None:
    st.info("Målramverket har inga indikatorer med sifferutfall att följa över tid.")
    st.stop()

ind = ram.indikatorer[indikator_id]
st.caption(
    ("Varje lagrat år" if periodtyp == "ar" else "Varje lagrad period")
    + ": beräknat ur lagrade antal där de finns, annars det rapporterade värdet (till exempel en procentsats "
    "ur en tidigare rapport). Andelar i hel procent, avrundade halvt uppåt."
)

# För en läsare går värdena genom skyddslagret (ui.kor): ett dolt års värde är tomt och har dold sann.
varden = ui.kor("over_tid", **kt.fragparametrar(indikator_id, ind, valt, periodtyp))
smatalsgrans = ui.smatalsgrans()

if periodtyp != "ar":
    serie = periodserie.i_ordning(alla_perioder, periodtyp)
    nivaer = periodserie.malnivaer(ram, indikator_id, valt.id, serie)
    typnamn = periodserie.TYPNAMN.get(periodtyp, periodtyp)
    st.header(f"{kt.mattnamn(ind.namn)}: {valt.namn}, {typnamn.lower()}")
    st.caption(f"{typnamn} i ordning efter slutdatum, var och en jämförd bara med perioder av samma slag. "
               "Målnivån är den som bedömningen använder (för en lägesrapport: takten mot planen).")
    ui.diagram(periodserie.diagram(varden, ind, serie, nivaer, f"{kt.mattnamn(ind.namn)}, {valt.namn}"),
                    width="stretch")
    tabell = periodserie.tabell(varden, ind, serie, nivaer)
    ui.tabell(lambda: tabell.to_pandas().set_index("Period"),
              nyckel=("over_tid_serie", indikator_id, valt.id, periodtyp))
    ui.nedladdningar(tabell, f"Över tid {kt.mattnamn(ind.namn)} {valt.namn} {typnamn.lower()}", "over_tid")
    st.stop()
perioder = sorted(set(varden["period"].to_list()))
nivaer = kt.malnivaer(ram, indikator_id, valt.id, perioder)
byten = kt.definitionsbyten(ui.kor("over_tid_definitionsbyte", matt=list(ind.matt), andel_av=ind.andel_av)) \
    if ind.matt else []

st.header(f"{som_text(kt.mattnamn(ind.namn))}: {som_text(valt.namn)}")
if not kt.har_varden(varden):
    st.info(f"Det finns inga värden för indikatorn för {som_text(valt.namn)} under något år "
            f"({', '.join(str(p) for p in perioder) or 'inga år lagrade'}).")
    if ind.typ == "enkat" and valt.ar_forbundet:
        st.markdown("Enkätsvaren finns bara som andelar per plattform och kan inte summeras till förbundet. "
                    "Välj en plattform överst på sidan.")
    st.stop()

enhet = "%" if kt.enhet(ind) == "%" else "antal"
ui.diagram(ui.harlett("over_tid_diagram", (indikator_id, valt.id), lambda: kt.tidsdiagram(
    varden, ind, nivaer, byten, f"{kt.mattnamn(ind.namn)}, {valt.namn}, per år ({enhet})")), width="stretch")
st.caption(som_text(kt.tidsforklaring(ind, nivaer, byten)))
if valt.ar_forbundet:
    # En total som ett år räknats ur färre enheter än väntat säger det, år för år (inte ett rapporterat värde).
    for p in kt.beraknade_perioder(varden):
        ui.visa_forbehall(p, valt, datamangd="enkat" if ind.typ == "enkat" else "utfall")
saknas = kt.ar_utan_varde(varden, valt.namn)
if saknas:
    st.info(som_text(saknas))
if ind.typ == "enkat" and ind.underlag_plattform:
    st.caption(f"Svaren kommer från den gemensamma enkäten, redovisad under "
               f"{som_text(ui.scopenamn().get(ind.underlag_plattform, ind.underlag_plattform))}.")

# Där organisationen publicerade ett annat värde än det beräknade: båda, med skälet (samma som på Mål).
avvikande = {p: i for p in perioder if p in ram.perioder_i_ordning()
             and (i := bedomning.hitta_indikator(ui.bedom(ram, p), indikator_id, valt.id)) is not None
             and i.publicerat is not None}
# Tabellerna räknas en gång per filterval, dataversion och målramverk (ui.harlett), inte vid varje visning.
tabell = ui.harlett("over_tid_tidstabell", (indikator_id, valt.id), lambda: kt.tidstabell(
    varden, ind, nivaer, byten, {p: i.publicerat for p, i in avvikande.items()}))
for p, i in avvikande.items():
    st.warning(f"**{p}:** {som_text(i.publicerat_skal_lasare if smatalsgrans is not None else i.publicerat_skal)}")
ui.tabell(lambda: tabell.to_pandas().set_index("År"), nyckel=("over_tid_tabell", indikator_id, valt.id))
for kommentar in kt.kommentarer(varden):
    st.markdown(f"- Källans kommentar {som_text(kommentar)}")
ui.nedladdningar(ui.harlett("over_tid_nedladdning", (indikator_id, valt.id),
                            lambda: kt.tid_nedladdning(varden, nivaer)),
                 f"Över tid {kt.mattnamn(ind.namn)} {valt.namn}", "over_tid")
if smatalsgrans is not None:
    st.caption(smatal.skaltext(smatalsgrans) + " Rapporterade värden (ofyllda punkter) anger bara procent: hur många "
               "personer de bygger på framgår inte av källan, så skyddet kan inte prövas för dem.")
