"""Det gemensamma utseendet som gör appen läsbar på en telefon och med tangentbord eller skärmläsare (issue 19).

Streamlit ger inga inställningar för det här, så dashboard.py lägger ett stilblad och ett litet skript på varje
sida. Stilbladet: kontrast minst 4,5:1 för text som projektet stylar, synligt fokus, sidtitlar som inte bryts
mitt i ordet, och under 600 px tabeller som staplade kort (varje rad ett kort, varje cell med sin kolumnrubrik).
Skriptet: anger sidans språk (svenska), sätter hårda mellanslag i tal och enheter i användarnas egen text
("77 %" i en analys; det projektet skriver har dem redan från uppfoljning/format.py), ger varje tabellcell sin kolumnrubrik (för korten), gör en tabell som
rullar i sidled nåbar med tangentbordet, och stänger menyn efter ett val på en smal skärm. Inget av det ändrar vad som visas, bara hur.
"""

from __future__ import annotations

import streamlit as st

# Smalare än så här är en telefon: tabellerna blir kort.
SMAL_PX = 600

# Bildtexter (st.caption) och kod i löptext: Streamlits gråa #828180 har kontrasten 3,88:1 mot vitt; #595959 har
# 7:1 mot vitt och 6,6:1 mot sidopanelens #f8f8f7.
TEXT_GRA = "#595959"
FOKUS = "#0b5cad"

STIL = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{ color: {TEXT_GRA} !important;
    opacity: 1 !important; }}
[data-testid="stMain"] code, [data-testid="stSidebar"] code {{ color: #1f2328 !important; }}
:focus-visible {{ outline: 3px solid {FOKUS} !important; outline-offset: 2px; }}
[data-testid="stMain"] h1, [data-testid="stMain"] h2 {{ overflow-wrap: normal; word-break: normal;
    hyphens: manual; }}
/* Sidornas avsnitt är h2 (st.header, så att rubrikerna inte hoppar från h1 till h3) i underrubrikens storlek. */
[data-testid="stMain"] h2 {{ font-size: 1.6rem; }}
/* Den infällda menyn ligger utanför skärmen: inte heller i tabbordningen. */
[data-testid="stSidebar"][data-collapsed="true"] [data-testid="stSidebarContent"] {{ visibility: hidden; }}
[data-testid="stTable"] [tabindex="0"]:focus-visible {{ outline-offset: -3px; }}
@media (max-width: {SMAL_PX}px) {{
  [data-testid="stMain"] h1 {{ font-size: 1.8rem; }}
  [data-testid="stMain"] h2 {{ font-size: 1.35rem; }}
  [data-testid="stMain"] [data-testid="stTable"] td[data-tom] {{ display: none; }}
  [data-testid="stMain"] [data-testid="stTable"] td *, [data-testid="stMain"] [data-testid="stTable"] th * {{
      text-align: left !important; }}
  [data-testid="stMain"] [data-testid="stTable"] > div {{ overflow: visible !important; }}
  [data-testid="stMain"] [data-testid="stTable"] table,
  [data-testid="stMain"] [data-testid="stTable"] tbody,
  [data-testid="stMain"] [data-testid="stTable"] tr,
  [data-testid="stMain"] [data-testid="stTable"] td,
  [data-testid="stMain"] [data-testid="stTable"] tbody th {{ display: block; width: auto !important;
      min-width: 0 !important; max-width: none !important; }}
  [data-testid="stMain"] [data-testid="stTable"] table {{ border: none; }}
  [data-testid="stMain"] [data-testid="stTable"] thead {{ position: absolute; width: 1px; height: 1px;
      overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }}
  [data-testid="stMain"] [data-testid="stTable"] tr {{ border: 1px solid #d0d0d0; border-radius: 0.4rem;
      margin: 0 0 0.6rem 0; padding: 0.3rem 0.6rem; }}
  [data-testid="stMain"] [data-testid="stTable"] td,
  [data-testid="stMain"] [data-testid="stTable"] tbody th {{ border: none !important; padding: 0.2rem 0.3rem !important;
      text-align: left !important; white-space: normal !important; }}
  [data-testid="stMain"] [data-testid="stTable"] td[data-etikett]::before,
  [data-testid="stMain"] [data-testid="stTable"] tbody th[data-etikett]::before {{ content: attr(data-etikett);
      display: block; font-size: 0.8rem; font-weight: 600; color: inherit; opacity: 0.85; }}
}}
</style>"""

SKRIPT = rf"""<script>
(() => {{
  const w = window, d = document;
  if (w.__uppfoljningUtseende) return;
  w.__uppfoljningUtseende = true;
  // Sidans språk är svenska (Streamlit anger engelska): skärmläsaren läser med svensk röst (WCAG 3.1.1).
  d.documentElement.lang = 'sv';

  // Varje cell får sin kolumnrubrik (flera rubrikrader blir "Rubrik, underrubrik"), för korten på en smal skärm.
  const etiketter = (tabell) => {{
    const rubriker = [];
    for (const rad of tabell.querySelectorAll('thead tr')) {{
      let kol = 0;
      for (const cell of rad.children) {{
        const text = cell.textContent.trim(), spann = cell.colSpan || 1;
        for (let i = 0; i < spann; i++, kol++) {{
          if (text && !(rubriker[kol] || []).includes(text)) (rubriker[kol] = rubriker[kol] || []).push(text);
        }}
      }}
    }}
    for (const rad of tabell.querySelectorAll('tbody tr')) {{
      let kol = 0;
      for (const cell of rad.children) {{
        const etikett = (rubriker[kol] || []).join(', ');
        if (etikett && cell.getAttribute('data-etikett') !== etikett) cell.setAttribute('data-etikett', etikett);
        // En tom cell blir ingen rad i kortet.
        const tom = cell.tagName === 'TD' && cell.textContent.trim() === '';
        if (tom !== cell.hasAttribute('data-tom')) tom ? cell.setAttribute('data-tom', '') : cell.removeAttribute('data-tom');
        kol += cell.colSpan || 1;
      }}
    }}
  }};

  // En tabell som rullar i sidled ska gå att nå och rulla med tangentbordet (WCAG 2.1.1).
  const rullbar = (behallare, tabell) => {{
    const rullar = behallare.scrollWidth > behallare.clientWidth + 1;
    if (rullar && behallare.getAttribute('tabindex') !== '0') {{
      behallare.setAttribute('tabindex', '0');
      behallare.setAttribute('role', 'region');
      const forsta = tabell.querySelector('thead th:not(:empty), thead td:not(:empty)');
      behallare.setAttribute('aria-label', 'Tabell' + (forsta ? ': ' + forsta.textContent.trim() : '')
        + ' (rulla i sidled med piltangenterna)');
    }} else if (!rullar && behallare.getAttribute('tabindex') === '0') {{
      behallare.removeAttribute('tabindex'); behallare.removeAttribute('role'); behallare.removeAttribute('aria-label');
    }}
  }};

  // Tal och enheter bryts aldrig isär. Det projektet skriver har redan hårda mellanslag (uppfoljning/format.py,
  // också i PDF, Word och Excel); det här tar det som användare skrivit (styrelsens analys: "77 % av de
  // avslutade") och "1 av 1", och bara på skärmen.
  const HART = /(\d) (?=\d{{3}}(?!\d)|%|tkr\b|kr\b|procentenheter\b|av \d)/g;
  const hardaMellanslag = (rot) => {{
    // Talet kan stå i en nod och enheten i nästa (**11 558** tkr): då räknas förra nodens sista tecken.
    const gang = d.createTreeWalker(rot, NodeFilter.SHOW_TEXT);
    let forra = '';
    for (let n = gang.nextNode(); n; n = gang.nextNode()) {{
      const v = n.nodeValue || '';
      if (v.indexOf(' ') >= 0) {{
        const ny = ((forra + v).replace(HART, '$1\u00a0')).slice(forra.length);
        if (ny !== v) n.nodeValue = ny;
      }}
      if (v) forra = v.slice(-1);
    }}
  }};

  const gaIgenom = () => {{
    const main = d.querySelector('[data-testid="stMain"]');
    if (main) hardaMellanslag(main);
    for (const t of d.querySelectorAll('[data-testid="stTable"]')) {{
      const tabell = t.querySelector('table');
      if (!tabell) continue;
      etiketter(tabell);
      const behallare = tabell.parentElement;
      if (behallare && behallare !== t.parentElement) rullbar(behallare, tabell);
    }}
  }};
  let planerad = false;
  const planera = () => {{ if (!planerad) {{ planerad = true; w.requestAnimationFrame(() => {{ planerad = false; gaIgenom(); }}); }} }};
  new MutationObserver(planera).observe(d.body, {{childList: true, subtree: true, characterData: true}});
  w.addEventListener('resize', planera);
  planera();

  // På en smal skärm ligger menyn över innehållet: stäng den när en sida valts.
  d.addEventListener('click', (e) => {{
    const lank = e.target.closest && e.target.closest('[data-testid="stSidebarNav"] a');
    if (!lank || w.innerWidth > 768) return;
    w.setTimeout(() => {{
      const meny = d.querySelector('[data-testid="stSidebar"]');
      const stang = d.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (meny && meny.getAttribute('data-collapsed') === 'false' && stang) stang.click();
    }}, 50);
  }}, true);
}})();
</script>"""


def lagg_pa() -> None:
    """Stilbladet och skriptet på sidan; anropas av dashboard.py (och inloggningen) i varje körning."""
    st.html(STIL)
    with st.sidebar:
        st.html(SKRIPT, unsafe_allow_javascript=True, width="content")
