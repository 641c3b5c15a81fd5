"""Mötesunderlag: allt styrelsen behöver inför mötet, som PDF, Word och Excel, med en förhandsvisning.
En läsare (politiker, allmänheten) får läsarnas version: små tal skyddade som på sidorna, utan analysutkast."""

import streamlit as st

from uppfoljning import malramverk, motesunderlag, pdf, ui, visning, word
from uppfoljning.visning import som_text

ui.krav_roll("viewer")


# Gränsen för små tal ingår i varje nyckel: läsarnas version och styrelsens cachas var för sig.
@st.cache_resource(show_spinner="Samlar mötesunderlaget …", max_entries=16)
def _underlag(period: int, version: tuple, ramverk_json: str, grans: int | None) -> motesunderlag.Motesunderlag:
    ram = malramverk.Malramverk.model_validate_json(ramverk_json)
    resultat = ui.bedom(ram, period)
    with ui.anslutning().cursor() as cur:
        return motesunderlag.bygg(cur, ram, period, resultat=resultat, smatalsgrans=grans)


@st.cache_data(show_spinner=False, max_entries=8)
def _pdf(period: int, version: tuple, ramverk_json: str, grans: int | None) -> bytes:
    return pdf.pdf_bytes(_underlag(period, version, ramverk_json, grans))


@st.cache_data(show_spinner=False, max_entries=8)
def _word(period: int, version: tuple, ramverk_json: str, grans: int | None) -> bytes:
    return word.docx_bytes(_underlag(period, version, ramverk_json, grans))


@st.cache_data(show_spinner=False, max_entries=8)
def _excel(period: int, version: tuple, ramverk_json: str, grans: int | None) -> bytes:
    return motesunderlag.excel_bytes(_underlag(period, version, ramverk_json, grans))


st.title("Mötesunderlag")
ram = ui.ramverk()
if ram is None:
    st.stop()
period = ui.valj_ramverksperiod(ram)
nyckel = (period, ui.dataversion(), ram.model_dump_json(), ui.smatalsgrans())
u = _underlag(*nyckel)
if u.lasarversion:
    st.info(u.lasarversion)

st.caption(
    f"{som_text(u.organisation)}. Underlaget till {u.ord.styrelsen}s möte för {period}: samlad måluppfyllelse, varje "
    f"mål och {u.ord.enhet} med indikatorer, skäl, {u.ord.styrelsen}s analys, förslag och beslut, utfall per "
    f"{u.ord.enhet}, budget, datakvalitet och accepterade avvikelser. PDF:en är gjord för att gå att läsa utskriven i svartvitt; Word-dokumentet har samma "
    "innehåll, med rubriker och tabeller att klistra in i kallelsen; Excel-filen har ett blad per tabell."
)
if ui.far_redigera():
    # Kommandoraden är processledarnas och administratörernas verktyg (schemalagd körning på servern).
    st.caption("Samma underlag kan tas fram schemalagt: "
               f"`python -m uppfoljning report --period {getattr(period, 'url', period)} --out underlag.pdf "
               f"--word underlag.docx" + (" --for-lasare" if u.lasarversion else "") + "`.")
# Etiketterna säger vad som laddas ner (en skärmläsare läser knapparna utan sammanhang); i en rad som bryts
# på en smal skärm.
knappar = st.container(horizontal=True, gap="small")
knappar.download_button(f"Ladda ner mötesunderlaget {period} (PDF)", lambda: _pdf(*nyckel),
                        file_name=motesunderlag.filnamn(u, "pdf"),
                        mime="application/pdf", key="motesunderlag_pdf", icon=":material/picture_as_pdf:",
                        type="primary", on_click="ignore")
knappar.download_button(f"Ladda ner mötesunderlaget {period} (Word)", lambda: _word(*nyckel),
                        file_name=motesunderlag.filnamn(u, "docx"),
                        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        key="motesunderlag_docx", icon=":material/description:", on_click="ignore")
knappar.download_button(f"Ladda ner mötesunderlaget {period} (Excel)", lambda: _excel(*nyckel),
                        file_name=motesunderlag.filnamn(u, "xlsx"),
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key="motesunderlag_xlsx", icon=":material/table:", on_click="ignore")

if not u.mal:
    st.info(f"Målramverket har inga mål att bedöma för {period}.")
    st.stop()

st.header(f"{period}: {u.summering}")
for text in u.forbehall:
    st.warning(f"**Ofullständigt underlag:** {som_text(text)}", icon=":material/warning:")
# Som på Måluppfyllelse: skälet i en rad och underlaget per cell (grund och kommentar står i nedladdningen).
ui.tabell(visning.med_statusfarg(visning.utan_upprepningar(u.matris.select(
    "Mål", u.matris.columns[1], "Måluppfyllelse", "Förslag enligt reglerna", "Skäl", "Underlag"), "Mål"),
    ["Måluppfyllelse", "Förslag enligt reglerna"]))
ui.nedladdningar(u.matris, f"Måluppfyllelse {period}", "motesunderlag_matris")
if u.avvikande_beslut:
    st.markdown(f"**{u.texter.avvikande_beslut}**")
    for text in u.avvikande_beslut:
        st.text(f"• {text}")

if u.diagram is not None:
    ui.diagram(motesunderlag.diagram_figur(u.diagram), width="stretch")

st.header(f"{u.ord.Styrelsens} bedömningar")
for m in u.mal:
    with st.expander(f"{som_text(m.rubrik)}, {som_text(m.plattform)}: {m.galler.visning.etikett}"):
        st.markdown(f"**{u.texter.beslut}** {m.beslut.visning.etikett if m.beslut else 'inte registrerat'}  \n"
                    f"**Förslag enligt reglerna:** {m.forslag.visning.etikett}")
        st.caption(som_text(m.forslag_motivering))
        if m.beslut_text:
            st.markdown(f"**{u.texter.samlad_bedomning}**")
            st.text(m.beslut_text)
        if m.svarsfrekvens:
            st.caption(f"Svarsfrekvens {period}: {som_text(m.svarsfrekvens)}.")

st.header(f"Datakvalitet {period}")
if u.datakvalitet.height == 0:
    st.info(u.texter.inga_fynd)
else:
    st.caption(f"{u.datakvalitet.height} ställen där källan motsäger sig själv. Underlaget visar värden beräknade "
               "ur de lagrade antalen per kön och ur budgetens poster.")
    st.dataframe(u.datakvalitet, hide_index=True, width="stretch")
    ui.nedladdningar(u.datakvalitet, f"Datakvalitet {period}", "motesunderlag_datakvalitet")

st.header(f"Accepterade avvikelser {period}")
if u.accepterade.height == 0:
    st.info(u.texter.inga_accepterade)
else:
    ui.tabell(u.accepterade.to_pandas().style.hide(axis="index"))
    ui.nedladdningar(u.accepterade, f"Accepterade avvikelser {period}", "motesunderlag_avvikelser")
if u.ej_bedomda.height:
    st.markdown(f"**Mål som inte bedöms {period}**")
    ui.tabell(u.ej_bedomda.to_pandas().style.hide(axis="index"))
    ui.nedladdningar(u.ej_bedomda, f"Mål som inte bedöms {period}", "motesunderlag_ej_bedomda")
