"""Ekonomi: Bilaga 4:s budget mot utfall per insats, och förbundets kostnad per deltagare."""

import streamlit as st

from uppfoljning import ekonomi, smatal, ui
from uppfoljning.malramverk import MinstaUnderlag
from uppfoljning.visning import som_text

ui.krav_roll("viewer")

st.title("Ekonomi: budget och utfall")

period = ui.valj_period()
if period is None:
    st.info("Det finns inga år med data lagrade ännu. Läs in årets filer på sidan Data.")
    st.stop()

budget = ui.kor("ekonomi_budget", period=period)
if budget.height == 0:
    st.info(f"Det finns ingen budget lagrad för {period}. Välj ett annat år eller läs in årets budget och "
            "utfall (Budget och utfall per post) på sidan Data.")
    st.stop()

st.header(f"Utfall och budget {period}")
st.markdown(
    "Belopp i tusentals kronor (tkr). Kostnader redovisas som negativa belopp, som i källan. "
    "**Avvikelsen är utfall minus budget.** För en kostnad betyder en positiv avvikelse att kostnaden blev "
    "lägre än budgeterat och en negativ att den blev högre; för intäkter och resultat betyder en positiv "
    "avvikelse mer än budgeterat. Kolumnen *Innebär* säger detsamma i ord."
)
st.markdown(
    "Summorna räknas fram ur posterna och jämförs med källans egna summor. "
    f"*{ekonomi.EJ_BUDGETERAT.capitalize()}* betyder att källan inte har någon budget för raden, vilket inte är "
    "samma sak som budget 0 tkr. Särredovisade projekt kan vara enbart nettobudgeterade: då finns bara en "
    "budget för projektets resultat."
)

# Tabellerna räknas en gång per år och dataversion (ui.harlett), inte vid varje visning.
tabell = ui.harlett("ekonomi_budgettabell", (period,), lambda: ekonomi.budgettabell(budget, period))
ui.tabell(lambda: ekonomi.budgettabell_med_stil(tabell), nyckel=("ekonomi_budget", period))
ui.nedladdningar(ekonomi.budgettabell_for_nedladdning(tabell), f"Budget och utfall {period}", "budget")

fynd = ui.harlett("ekonomi_fynd", (period,), lambda: ekonomi.fynd(budget))
if fynd.height:
    st.warning(
        f"**Datakvalitet:** källans egna summor stämmer inte med summan av posterna på {fynd.height} "
        f"{'rad' if fynd.height == 1 else 'rader'} (markerade med {ekonomi.VARNING}). Tabellen visar summorna "
        "räknade ur posterna. Skillnader på 1 tkr beror troligen på att källan avrundar varje belopp till hela "
        "tkr för sig."
    )
    for rad in fynd.iter_rows(named=True):
        st.markdown(f"- {ekonomi.VARNING} **{som_text(rad['Rad'])}:** {som_text(rad['Beskrivning'])}")

insatser = ui.kor("ekonomi_insatser", period=period)
if insatser.height:
    ui.diagram(ui.harlett("ekonomi_insatser", (period,), lambda: ekonomi.insatsdiagram(insatser, period)),
               width="stretch")
    st.caption("Kostnaderna visas som positiva belopp i diagrammet. Håll pekaren över en stapel för att se "
               "avvikelsen utfall minus budget. En insats utan budgetstapel är inte budgeterad.")
else:
    st.info(f"Budgeten för {period} har inga poster knutna till en insats, så det finns inget att jämföra per insats.")

st.header(f"Kostnad per deltagare {period}")
st.markdown(
    f"**Beloppen är bara {ui.orden().organisationens} andel av kostnaden.** Parternas egna resurser i insatserna "
    "ingår inte, "
    "så den samlade kostnaden per deltagare är högre. Kostnaden är insatsens utfall i budgeten; deltagare "
    "och avslutade är antal under året. Beloppen är avrundade till hela kronor (halvt uppåt)."
)
ram = ui.ramverk()
minsta_avslutade = (ram.minsta_underlag if ram else MinstaUnderlag()).avslutade
kostnad = ui.kor("ekonomi_kostnad_per_deltagare", period=period, minsta_avslutade=minsta_avslutade)
if kostnad.height == 0:
    st.info(f"Budgeten för {period} har inga kostnader knutna till en {ui.orden().enhet}, så kostnad per deltagare kan "
            "inte räknas.")
else:
    grans = ui.smatalsgrans()
    kostnadstabell = ui.harlett("ekonomi_kostnadstabell", (period, minsta_avslutade),
                                lambda: ekonomi.kostnadstabell(kostnad, minsta_avslutade))
    ui.tabell(lambda: ekonomi.kostnadstabell_med_stil(kostnadstabell),
              nyckel=("ekonomi_kostnad", period, minsta_avslutade))
    ui.nedladdningar(kostnadstabell, f"Kostnad per deltagare {period}", "kostnad")
    if grans is not None:
        st.caption(smatal.skaltext(grans) + " Där antalet deltagare eller avslutade är dolt visas inte "
                   "heller kostnaden per person, eftersom kostnaden är känd och kvoten skulle avslöja antalet. "
                   "Budgetbeloppen handlar inte om personer och visas alltid.")
