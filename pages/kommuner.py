"""Kommuner: utfallen summerade per kommun och aktualiseringarna per remitterande part."""

import streamlit as st

from uppfoljning import jamforelse, smatal, ui
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

st.title("Jämförelse av kommuner")

period = ui.valj_period()
if period is None:
    st.info("Det finns inga utfall lagrade ännu. Läs in årets filer på sidan Data.")
    st.stop()

plattformar = ui.kor("plattformar")
i_forbundet = plattformar.filter(plattformar["ingar_i_forbundstotal"])
plattformens_kommun = dict(zip(plattformar["plattform_id"], plattformar["kommun_id"]))
sarredovisade = plattformar.filter(~plattformar["ingar_i_forbundstotal"])["kortnamn"].to_list()
forbundets = i_forbundet["plattform_id"].to_list()

alla_utfall = ui.kor("kommuner_jamforelse", period=period, plattformar=forbundets, kommun=None)
alla_aktualiseringar = ui.kor("aktualiseringar", period=period, kommun=None)
kommuner = jamforelse.kommunalternativ(alla_utfall, alla_aktualiseringar)
kommun = ui.urlval("Kommun", list(kommuner), "kommun", format_func=kommuner.get)
vald = None if kommun == jamforelse.ALLA else kommun

utfall = alla_utfall if vald is None else ui.kor("kommuner_jamforelse", period=period, plattformar=forbundets,
                                                 kommun=vald)
aktualiseringar = (alla_aktualiseringar if vald is None
                   else ui.kor("aktualiseringar", period=period, kommun=vald))
grans = ui.smatalsgrans()

# ---------------------------------------------------------------- utfall per kommun
st.header(f"Utfall för deltagare per kommun {period}")
ui.visa_forbehall(period)
orden = ui.orden()
st.caption(
    (orden.distinkta_kommuner + "Samma regel" if ui.distinkta_deltagare(period)
     else f"En kommuns utfall är summan av {orden.enheterna} i kommunen, med samma regel")
    + f" som {orden.organisationens} total: bara {orden.enheter} som ingår i {orden.organisationens} total räknas"
    + (f" ({som_text(', '.join(sarredovisade))} redovisas separat och ingår inte)" if sarredovisade else "")
    + ". Andelar i hel procent, avrundat halvt uppåt."
)
if utfall.height == 0:
    st.info(f"Det finns inga utfall för {som_text(kommuner[kommun]) if vald else 'någon kommun'} {period}.")
else:
    st.markdown(f"**{orden.Enheter} som ingår:** {som_text(jamforelse.kommunernas_plattformar(utfall))}")

    fynd = smatal.fynd_for_lasare(ui.kor("datakvalitet_utfall", period=period, plattformar=forbundets, forbund=False),
                                  grans)
    ram = ui.ramverk()
    matt_alternativ = jamforelse.andelsmatt(utfall)
    matt = ui.urlval("Mått i diagrammet", list(matt_alternativ), "matt", format_func=matt_alternativ.get,
                     i_sidopanelen=False)
    if matt is None:
        st.info(f"Det finns inga andelar att jämföra {period}, bara antal (se tabellen).")
    else:
        andel_av, bas = jamforelse.andelens_bas(utfall, matt)
        mal = jamforelse.malinfo(ram, matt, period, andel_av)
        minsta = mal.minsta_underlag if mal else jamforelse.minsta_underlag(ram)
        titel = f"{matt_alternativ[matt]} per kommun {period}, andel av {bas} (%)"
        figur = ui.harlett("kommuner_diagram", (period, vald, matt), lambda: jamforelse.diagram_om_synligt(
            jamforelse.staplar(utfall, matt, mal, minsta, fynd, plattformens_kommun), titel, bas, mal))
        if figur is None:
            st.info(f"Andelen {som_text(matt_alternativ[matt].lower())} bygger på färre än {grans} personer eller på tal som är "
                    "dolda för att skydda sådana, så diagrammet visas inte.")
        else:
            ui.diagram(figur, width="stretch")
            st.caption(som_text(jamforelse.forklaring(mal, minsta, matt_alternativ[matt], period))
                       + (f" Målnivån är {orden.enheterna}s; kommunens staplar läses mot samma nivå." if mal else ""))

    st.markdown("**Alla mått**: antal och, inom parentes, andelen av det som kolumnen *Andelen räknas av* anger.")
    tabeller = ui.harlett("kommuner_tabeller", (period, vald), lambda: jamforelse.tabeller(
        utfall, fynd, "Kommun", plattformens_kommun))
    ui.tabell(lambda: tabeller.matt, nyckel=("kommuner_matt", period, vald))
    st.markdown("**Andel kvinnor i varje mått** (kvinnor av måttets totalt)")
    ui.tabell(lambda: tabeller.kvinnor, nyckel=("kommuner_kvinnor", period, vald))
    ui.nedladdningar(tabeller.nedladdning, f"Kommuner {period}", "kommuner")
    if grans is not None:
        st.caption(smatal.skaltext(grans))
    texter = jamforelse.fyndtexter(fynd, plattformens_kommun, vald)
    if texter:
        st.warning("**Datakvalitet:** källan motsäger sig själv (markerat med ⚠). Tabellen och diagrammet visar "
                   "värden beräknade ur de lagrade antalen per kön.")
        for text in texter:
            st.markdown(f"- ⚠ {som_text(text)}")

# ---------------------------------------------------------------- aktualiseringar
st.header(f"Aktualiseringar per remitterande part {period}")
if aktualiseringar.height == 0:
    st.info(f"Det finns inga aktualiseringar lagrade för {period}"
            + (f" i {som_text(kommuner[kommun])}." if vald else "."))
    st.stop()

utan_kommun = jamforelse.forbundsgemensamma_parter(alla_aktualiseringar)
st.markdown(f"**{som_text(jamforelse.aktualiseringar_totalt(aktualiseringar))}**")
ui.tabell(lambda: jamforelse.aktualiseringstabell(aktualiseringar).to_pandas().set_index("Remitterande part"),
          nyckel=("kommuner_aktualiseringstabell", period, vald))
st.caption(
    "¹ Andelen som fått ja i beredning är källans rapporterade procent; källan anger inga antal. "
    "Den visas avrundad till hel procent halvt uppåt (71,5 % blir 72 %), och källans uppgift med decimal "
    "står bredvid. Rapporterade procent går inte att summera, därför har totalraden ingen andel ja."
    + (f" {som_text(', '.join(utan_kommun))} redovisas inte per kommun och syns bara under Alla kommuner."
       if vald and utan_kommun else "")
)
if jamforelse.aktualiseringar_synliga(aktualiseringar):
    ui.diagram(ui.harlett("kommuner_aktualiseringar", (period, vald), lambda: jamforelse.aktualiseringsdiagram(
        aktualiseringar, f"Aktualiserade per remitterande part {period}, antal kvinnor och män")), width="stretch")
else:
    st.info(f"Alla antal kvinnor och män per part är färre än {grans} eller dolda för att skydda sådana, så "
            "diagrammet visas inte.")
ui.nedladdningar(ui.harlett("kommuner_aktualiseringar_nedladdning", (period, vald),
                            lambda: jamforelse.aktualiseringar_nedladdning(aktualiseringar)),
                 f"Aktualiseringar {period}", "aktualiseringar")
if grans is not None:
    st.caption(smatal.skaltext(grans) + " En dold stapel ritas inte.")
