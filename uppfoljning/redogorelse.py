"""Tillgänglighetsredogörelsen (lagen om tillgänglighet till digital offentlig service) i den form DIGG beskriver:
förenlighet, innehåll som inte är tillgängligt och varför, hur brister rapporteras, tillsynsmyndigheten, hur
tjänsten testats och när. Bristerna är de som tests/test_tillganglighet.py mäter och tillåter (KANDA)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import installningar
from .visning import som_text

# Senaste bedömning av följsamheten (testerna i tests/test_tillganglighet.py och genomgången i issue 19).
BEDOMD = "2026-11-27"
UPPDATERAD = "2026-11-27"
FORENLIGHET = "delvis förenlig"
DIGG_ANMALAN = "https://www.digg.se/tdosanmalan"


@dataclass(frozen=True)
class Brist:
    var: str
    vad: str
    varfor: str
    regler: tuple[str, ...] = ()  # axe-core-regler som mäter bristen (tests/test_tillganglighet.py)


BRISTER = [
    Brist("Menyn", "Sidomenyn är en lista som en skärmläsare inte kan räkna: grupprubrikerna ligger som andra "
          "element mellan listans punkter (WCAG 1.3.1 Information och relationer). Länkarna läses upp och går att "
          "välja.", "Menyn byggs av Streamlit, ramverket som appen är gjord i, och kan inte ändras av appen.",
          ("list", "listitem")),
    Brist("Menyn och sidhuvudet", "Länken \"Skip to main content\", knapparna som öppnar och stänger menyn och "
          "appens meny uppe till höger har engelska namn (WCAG 3.1.2 Språk för del av innehåll).",
          "De kommer från Streamlit och går inte att översätta från appen."),
    Brist("Tabeller med många rader (Data, Händelselogg, Mötesunderlagets datakvalitet)", "Tabellerna ritas på en "
          "canvas; en skärmläsare läser dem cell för cell med piltangenterna, men inte som en vanlig tabell. "
          "Samma data går att ladda ner som CSV och Excel.",
          "Tabellkomponenten kommer från Streamlit; en vanlig tabell med tusentals rader blir för långsam."),
    Brist("Diagrammen", "Värdena i diagrammen visas när man håller pekaren över en stapel; med tangentbord nås de "
          "inte i diagrammet. Varje diagram har samma tal i en tabell på sidan och status står med symbol och "
          "mönster, inte bara färg.", "Diagrammen ritas av Plotly, som inte har tangentbordsnavigering i staplar."),
]


def _kontakt_som_markdown(kontakt: str) -> str:
    """En e-postadress eller webbadress som länk; annat (ett telefonnummer) som text."""
    if re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", kontakt):
        return f"[{kontakt}](mailto:{kontakt})"
    if re.fullmatch(r"https://[^\s()\[\]<>]+", kontakt):
        return f"[{kontakt}]({kontakt})"
    return som_text(kontakt)


def kontakttext(kontakt: str | None) -> str:
    """Hur man rapporterar brister, med kontaktuppgiften ur inställningarna (installningar.tillganglighetskontakt)."""
    if kontakt:
        return ("Kontakta oss om du upptäcker brister som inte står här, eller om du behöver innehåll i ett annat "
                f"format: {_kontakt_som_markdown(kontakt)}.")
    return ("Kontakta förbundets processledare om du upptäcker brister som inte står här, eller om du behöver "
            "innehåll i ett annat format. (Administratören anger kontaktuppgiften med inställningen "
            "UPPFOLJNING_TILLGANGLIGHET_KONTAKT.)")


def visa(organisation: str) -> None:
    """Sidan: samma för alla roller och utan inloggning (ui._visa_inloggning visar den före inloggningen)."""
    import streamlit as st

    st.title("Tillgänglighetsredogörelse")
    st.markdown(
        f"{som_text(organisation)} står bakom den här tjänsten, uppföljningen av mål och utfall (dashboarden). Vi vill "
        "att alla ska kunna använda den, oavsett funktionsnedsättning och hjälpmedel. Här beskriver vi hur tjänsten "
        "uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, kända brister och hur du "
        "rapporterar brister till oss.")

    st.header("Hur tillgänglig är tjänsten?")
    st.markdown(f"Tjänsten är **{FORENLIGHET}** med lagkraven (WCAG 2.1 nivå AA, EN 301 549), på grund av "
                "bristerna nedan.")

    st.header("Innehåll som inte är tillgängligt")
    for brist in BRISTER:
        st.markdown(f"**{brist.var}.** {brist.vad} *Varför:* {brist.varfor}")

    st.header("Rapportera brister")
    st.markdown(kontakttext(installningar.tillganglighetskontakt()))

    st.header("Tillsyn")
    st.markdown("Myndigheten för digital förvaltning (DIGG) har tillsyn över lagen. Om du inte är nöjd med hur vi "
                f"hanterar dina synpunkter kan du anmäla det till DIGG: [{DIGG_ANMALAN}]"
                f"({DIGG_ANMALAN}).")

    st.header("Hur vi testat tjänsten")
    st.markdown(
        "Självskattning: vid varje ändring kör de automatiska testerna axe-core (WCAG 2.1 A och AA) på varje sida i en "
        "riktig webbläsare i datorbredd (1440 px) och telefonbredd (390 px), prövar att inga tabeller eller diagram är "
        "bredare än telefonens skärm och går igenom tjänsten med bara tangentbordet (byta år och ladda ner "
        "mötesunderlaget). Status visas alltid med symbol och ord, inte bara färg.")
    st.markdown(f"Bedömningen gjordes senast {BEDOMD}. Redogörelsen uppdaterades senast "
                f"{UPPDATERAD}.")
