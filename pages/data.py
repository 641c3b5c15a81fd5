"""Data: läs in årets filer, se vad som är lagrat, och ångra en inläsning."""

import polars as pl
import streamlit as st

from uppfoljning import perioder as periodmodul
from uppfoljning import format as fmt
from uppfoljning import fullstandighet, rimlighet, ui, uppladdning
from uppfoljning.datamangder import DATAMANGDER
from uppfoljning.fel import InlasningsFel
from uppfoljning.visning import som_text

ui.krav_roll("member")

st.title("Data")
ui.visa_bekraftelse()
st.markdown(
    "Läs in årets filer (CSV eller Excel). Filen kontrolleras först; ingenting sparas förrän du "
    "bekräftat, och en fil med fel ändrar ingenting. Personnummer får aldrig finnas i en fil."
)

st.header("Läs in en fil")
if not ui.far_redigera():
    st.info("Bara processledare kan läsa in filer. Du kan se vad som är lagrat nedan.")
datamangd_id = st.selectbox("Vad innehåller filen?", list(DATAMANGDER),
                            format_func=lambda d: ui.orden().i_text(DATAMANGDER[d].namn), key="data_datamangd")
datamangd = DATAMANGDER[datamangd_id]
with st.expander("Filens format"):
    st.markdown(ui.orden().i_text(datamangd.beskrivning))
    st.markdown("Godtagna kolumner: " + ", ".join(f"`{k}`" for k in datamangd.rubriker))
    st.markdown(f"Exempelfil: `datasets/examples/{datamangd.exempelfil}`")

vanster, hoger = st.columns(2)
perioder = ui.perioder()
forsta_ar, sista_ar, valt_ar = rimlighet.formularets_ar(perioder)
period = vanster.number_input("År (om filen inte har en kolumn för år)", min_value=forsta_ar, max_value=sista_ar,
                              value=valt_ar, step=1, key="data_period")
# Målramverkets namngivna perioder (lägesrapport, projektperiod, delår): en fil kan gälla en sådan i stället för ett år.
ram = ui.ramverk()
namngivna = [p for p in (ram.perioder_i_ordning() if ram else []) if not periodmodul.ar_kalenderar(p)]
if namngivna:
    vald = vanster.selectbox("Eller en period ur målramverket", [None] + [int(p) for p in namngivna],
                             format_func=lambda p: "Ingen: året ovan gäller" if p is None else
                             next(n.namn for n in namngivna if int(n) == p), key="data_namngiven_period")
    if vald is not None:
        period = vald
alla = [o for o in ui.valbara_omfattningar(med_avvecklade=False) if not o.ar_forbundet]
namn = ui.scopenamn()
plattform = hoger.selectbox(f"{ui.orden().Enhet} (om filen inte anger den)", [None] + [o.id for o in alla],
                            format_func=lambda p: "Står i filen" if p is None else namn[p],
                            key="data_plattform")
fil = st.file_uploader("Fil", type=["csv", "txt", "xlsx", "xlsm"], key="data_fil",
                       disabled=not ui.far_redigera())

if fil is not None and ui.far_redigera():
    innehall = fil.getvalue()
    try:
        with ui.provmarkor() as cur:  # kontrollen provar ändringen i en kopia som kastas
            forb = uppladdning.forbered(cur, innehall, fil.name, datamangd_id, int(period), plattform)
    except InlasningsFel as fel:
        st.error(f"**Filen kan inte läsas in.** Inget har sparats. {len(fel.fynd)} "
                 f"{'fel' if len(fel.fynd) == 1 else 'fel'}:\n\n" + "\n".join(f"- {ui.felet(f)}" for f in fel.fynd))
        ui.erbjud_mappning(fel)
        st.stop()

    st.success(f"Filen klarade kontrollen: {forb.antal_rader} rader till "
               + ", ".join(f"{uppladdning.tabellnamn(t).lower()} ({df.height})" for t, df in forb.tabeller.items())
               + ".")
    for varning in forb.varningar:
        st.warning(som_text(ui.orden().i_text(str(varning))))
    if forb.dubblett:
        st.info(f"Samma fil lästes redan in {str(forb.dubblett['inlast'])[:16]} av {som_text(forb.dubblett['inlast_av'])}. "
                "Det finns inget nytt att spara.")
        st.stop()
    bekraftat = True
    if forb.ersatter_data:
        st.markdown(f"**Det finns redan data för samma år och {ui.orden().enhet}.** Det här ändras:")
        if forb.andringar is not None:
            st.dataframe(forb.andringar, hide_index=True, width="stretch")
        else:
            st.caption("Inga värden ändras; raderna ersätts med likadana.")
        befintliga = sum(e.befintliga_rader for e in forb.ersattningar)
        if befintliga:
            fraga = (f"Ersätt {befintliga} befintliga rader. Den tidigare versionen sparas och kan återställas under "
                     "Historik.")
        else:
            fraga = (f"Räkna antalen ur deltagarfilen. Den sammanställda tabellen för samma {ui.orden().enhet} och år finns "
                     "kvar men används inte så länge det finns deltagare för dem.")
        bekraftat = st.checkbox(fraga, key="data_bekrafta")
    if st.button("Spara", type="primary", disabled=not bekraftat, key="data_spara") and ui.far_redigera():
        try:
            with ui.skrivmarkor(f"inläsningen av {fil.name}") as cur:
                kalla_id = uppladdning.spara(cur, forb, ui.anvandare(), ersatt=forb.ersatter_data)
        except InlasningsFel as fel:
            st.error("\n".join(f"- {ui.felet(f)}" for f in fel.fynd))
        else:
            st.success(f"Sparat som inläsning {kalla_id}. Alla sidor visar nu de nya uppgifterna.")

st.header("Fullständighet")
lagrade_perioder = ui.perioder()
if not lagrade_perioder:
    st.info("Inga data är lagrade ännu.")
else:
    oversiktsperiod = ui.urlval("Period", lagrade_perioder, "ar", i_sidopanelen=False)
    st.markdown(f"Vad som finns för {som_text(oversiktsperiod)}, per {ui.orden().enhet} och datamängd: "
                "✔ finns, ◐ delvis (det som fattas står i cellen) och ? saknas. "
                f"{ui.orden().total} summerar {ui.orden().enheterna} som ingår i totalen.")
    ui.visa_forbehall(oversiktsperiod)
    ui.visa_forbehall(oversiktsperiod, datamangd="enkat")
    fullst = ui.fullstandighetsfragan(oversiktsperiod)
    oversikt = fullstandighet.oversikt(fullst, ui.orden())
    ui.tabell(oversikt.to_pandas().set_index(ui.orden().Enhet).style.map(fullstandighet.statusstil))
    with st.expander("Varifrån data kommer (inläsningarna)"):
        ui.tabell(fullstandighet.proveniens(fullst, ui.orden()).to_pandas().set_index(ui.orden().Enhet))

st.header("Lagrade inläsningar")
inlasningar = ui.kor("inlasningar")
visning = inlasningar.select(
    pl.col("kalla_id").alias("Nr"),
    fmt.per_rad(inlasningar, uppladdning.datamangdsnamn, "datamangd", namn="Datamängd"),
    pl.col("filnamn").alias("Fil"), pl.col("period_text").fill_null("–").alias("År"),
    pl.col("omfattning").fill_null("flera eller alla").alias("Plattform"), pl.col("antal_rader").alias("Rader"),
    pl.col("inlast").dt.strftime("%Y-%m-%d %H:%M").alias("Inläst"), pl.col("inlast_av").alias("Av"),
    pl.when(pl.col("aktiv")).then(pl.lit("Gäller")).otherwise(pl.lit("Ersatt")).alias("Status"),
    pl.col("varningar").alias("Varningar"), pl.col("sha256").str.slice(0, 12).alias("Kontrollsumma"),
)
st.dataframe(visning, hide_index=True, width="stretch")

st.header("Historik")
handelser = ui.kor("inlasningshistorik")
if handelser.height == 0:
    st.caption("Inga inläsningar har gjorts i appen ännu; allt som visas kommer från standarddata.")
for rad in handelser.iter_rows(named=True):
    with ui.anslutning().cursor() as cur:
        kan_angras = uppladdning.arkiverade_rader(cur, rad["handelse_id"])
    text = (f"**{rad['tid']:%Y-%m-%d %H:%M}**, {som_text(rad['anvandare'])}: {som_text(rad['typ'])}. "
            f"{som_text(rad['beskrivning'])}")
    kol_text, kol_knapp = st.columns([4, 1])
    kol_text.markdown(text)
    if kan_angras and ui.far_redigera() and kol_knapp.button(f"Återställ {kan_angras} rader",
                                                             key=f"angra_{rad['handelse_id']}"):
        with ui.skrivmarkor("återställningen av en inläsning") as cur:
            uppladdning.angra(cur, rad["handelse_id"], ui.anvandare())
        ui.bekrafta_och_kor_om(f"Återställde {kan_angras} rader som de var före händelsen. Alla sidor visar nu de "
                               "återställda uppgifterna.")
