"""Det som alla sidor delar: databasanslutning, cachade frågor och filter som lever i URL:en.

Sidorna i pages/ anropar härifrån och från domänmodulerna; de innehåller ingen SQL.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TypeVar

import duckdb
import polars as pl
import streamlit as st

from . import behorighet, bedomning, databas, fragor, handelse, installningar, malramverk, navigering, omfattning

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _anslutning(sokvag: str) -> duckdb.DuckDBPyConnection:
    return databas.oppna(Path(sokvag))


def anslutning() -> duckdb.DuckDBPyConnection:
    """En delad anslutning per databasfil och process; varje anrop tar en egen cursor (DuckDB är inte
    trådsäkert)."""
    return _anslutning(str(installningar.databasfil()))


def dataversion() -> tuple[int, int, int]:
    """Ändras vid varje inläsning, så att cachade frågesvar aldrig blir inaktuella."""
    with anslutning().cursor() as cur:
        # Inläsningar skapar en källa; återställningar och bedömningar en händelse eller ny version.
        return cur.execute(
            "SELECT (SELECT coalesce(max(kalla_id), 0) FROM kalla), (SELECT coalesce(max(handelse_id), 0) "
            "FROM handelse), (SELECT count(*) FROM styrelsens_bedomning)").fetchall()[0]


@st.cache_data(show_spinner=False, max_entries=512)
def _kor_cachad(namn: str, version: tuple, parametrar: tuple, databasfil: str) -> pl.DataFrame:
    with anslutning().cursor() as cur:
        return fragor.kor(cur, namn, **dict(parametrar))


def kor(namn: str, **parametrar) -> pl.DataFrame:
    """Kör queries/<namn>.sql, cachat tills data ändras."""
    fryst = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in parametrar.items()))
    resultat = _kor_cachad(namn, dataversion(), fryst, str(installningar.databasfil()))
    return resultat


@st.cache_data(show_spinner=False, max_entries=128)
def _harlett_cachad(namn: str, nyckel: tuple, version: tuple, grans: int | None, malfil: tuple, databasfil: str,
                    _bygg: Callable[[], T]) -> T:
    return _bygg()


def harlett(namn: str, nyckel: tuple, bygg: Callable[[], T]) -> T:
    """Det som en sida bygger av frågesvaren (tabeller, diagram), cachat som frågorna: tills data eller
    målramverket ändras. [nyckel] är sidans filterval, och det [bygg] läser ska bara bero på dem. Läsarens
    gräns för små tal ingår alltid i nyckeln, så att en skyddad tabell aldrig visas för någon annan roll
    och en oskyddad aldrig för en läsare."""
    malfil = installningar.malramverksfil()
    andrad = (str(malfil), malfil.stat().st_mtime_ns if malfil.exists() else 0)
    return _harlett_cachad(namn, nyckel, dataversion(), smatalsgrans(), andrad, str(installningar.databasfil()),
                           bygg)


def omfattningar() -> list[omfattning.Omfattning]:
    return omfattning.alla(kor("plattformar"))


def perioder() -> list[int]:
    return kor("perioder")["period"].to_list()


def urlval(etikett: str, alternativ: Sequence, nyckel: str, format_func=str, standard=None,
           i_sidopanelen: bool = True):
    """En selectbox vars val står i URL:en (?nyckel=värde), så att en länk visar exakt samma vy."""
    alternativ = list(alternativ)
    if not alternativ:
        return None
    som_text = {str(a): a for a in alternativ}
    fran_url = st.query_params.get(nyckel)
    if fran_url in som_text:
        forvalt = som_text[fran_url]
    elif standard in alternativ:
        forvalt = standard
    else:
        forvalt = alternativ[0]
    yta = st.sidebar if i_sidopanelen else st
    val = yta.selectbox(etikett, alternativ, index=alternativ.index(forvalt), format_func=format_func,
                        key=f"url_{nyckel}")
    st.query_params[nyckel] = str(val)
    return val


def valj_period() -> int | None:
    return urlval("År", perioder(), "ar")


def valj_omfattning(standard: str = omfattning.FORBUNDET) -> omfattning.Omfattning:
    alla = omfattningar()
    valt_id = urlval("Plattform", [o.id for o in alla], "plattform",
                     format_func=lambda i: omfattning.hitta(alla, i).namn, standard=standard)
    return omfattning.hitta(alla, valt_id)


# ---------------------------------------------------------------- målramverk och bedömning


@st.cache_resource(show_spinner=False)
def _las_ramverk(sokvag: str, andrad: int, databasfil: str) -> malramverk.Inlast:
    with anslutning().cursor() as cur:
        return malramverk.las_med_reserv(cur, Path(sokvag))


def ramverk() -> malramverk.Malramverk | None:
    """Gällande målramverk. Är goals.yaml ogiltig visas felet och det senast giltiga används."""
    sokvag = installningar.malramverksfil()
    andrad = sokvag.stat().st_mtime_ns if sokvag.exists() else 0
    inlast = _las_ramverk(str(sokvag), andrad, str(installningar.databasfil()))
    if inlast.fel:
        if inlast.ramverk is not None:
            st.error(f"{inlast.fel}\n\nAppen använder det senast giltiga målramverket (sparat {inlast.reserv_fran}) "
                     "tills filen är rättad.")
        else:
            st.error(inlast.fel)
    return inlast.ramverk


@st.cache_resource(show_spinner=False, max_entries=64)
def _bedom(period: int, version: tuple, ramverk_json: str, databasfil: str) -> list[bedomning.Malresultat]:
    ram = malramverk.Malramverk.model_validate_json(ramverk_json)
    with anslutning().cursor() as cur:
        return bedomning.bedom(cur, ram, period)


def bedom(ram: malramverk.Malramverk, period: int) -> list[bedomning.Malresultat]:
    """Hela ramverkets bedömning för perioden, cachad tills data eller ramverk ändras."""
    return _bedom(period, dataversion(), ram.model_dump_json(), str(installningar.databasfil()))


def scopenamn() -> dict[str, str]:
    return {o.id: o.namn for o in omfattningar()}


# ---------------------------------------------------------------- nedladdning


def nedladdningar(tabell: pl.DataFrame, filnamn: str, nyckel: str) -> None:
    """CSV (semikolon, UTF-8 med BOM så att Excel visar å, ä, ö) och Excel, med tabellens svenska rubriker."""
    from . import export

    vanster, hoger = st.columns(2)
    vanster.download_button("Ladda ner CSV", export.csv_bytes(tabell), file_name=f"{filnamn}.csv",
                            mime="text/csv", key=f"csv_{nyckel}", icon=":material/download:")
    # Excel byggs först när någon klickar: att skriva arbetsboken vid varje omkörning kostar mest på stora sidor.
    hoger.download_button("Ladda ner Excel", lambda: export.excel_bytes({filnamn: tabell}), file_name=f"{filnamn}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{nyckel}", icon=":material/download:")


# ---------------------------------------------------------------- skrivningar


def anvandare() -> str:
    """Vem som gör ändringen, för proveniens och händelselogg."""
    return nuvarande().namn


def skrivmarkor():
    """En egen cursor för en skrivning; DuckDB tar en transaktion per cursor."""
    return anslutning().cursor()


def far_redigera() -> bool:
    """Får användaren skriva analys, läsa in och återställa? Bara processledare (editor) och admin."""
    return nuvarande().minst("editor")


# ---------------------------------------------------------------- inloggning och roller


def inloggad() -> behorighet.Anvandare:
    """Den inloggade användaren. Är inloggning påslagen och ingen inloggad visas inloggningen och
    sidan stoppas, så att ingenting annat visas före inloggning."""
    lage = behorighet.lage()
    if lage == "av":
        return behorighet.LOKAL_ANVANDARE
    if lage == "oidc":
        # .get: utan inloggningsuppgifter (t.ex. innan [auth] är konfigurerad) saknar st.user attributet.
        if not st.user.get("is_logged_in", False):
            _visa_inloggning(_oidc_inloggning)
        epost = (st.user.get("email") or "").lower()
        return behorighet.Anvandare(epost or "inloggad", behorighet.roll_for_epost(epost))
    anvandaren = st.session_state.get("inloggad")
    if anvandaren is None:
        _visa_inloggning(_losenordsinloggning)
    return anvandaren


def _visa_inloggning(inloggning: Callable[[], None]) -> NoReturn:
    """Bara inloggningen, på varje sidas adress: en sparad länk (/plattformar?ar=2019) visar inloggningen,
    och adressen står kvar så att sidan öppnas när inloggningen kör om appen. Navigeringen måste anges:
    utan den visar Streamlit en egen meny över alla filer i pages/."""
    sidor = [st.Page(inloggning, title="Logga in", url_path="logga-in", default=True)]
    sidor += [st.Page(inloggning, title="Logga in", url_path=adress) for adress in navigering.adresser()]
    st.navigation(sidor, position="hidden").run()
    st.stop()


def _oidc_inloggning() -> None:
    st.title("Logga in")
    st.markdown("Den här dashboarden kräver inloggning via förbundets konto.")
    if st.button("Logga in", type="primary", key="oidc_logga_in"):
        st.login()


def _losenordsinloggning() -> None:
    st.title("Logga in")
    with st.form("inloggning"):
        namn = st.text_input("Användarnamn", key="inloggning_namn")
        losenord = st.text_input("Lösenord", type="password", key="inloggning_losenord")
        skicka = st.form_submit_button("Logga in", type="primary")
    if skicka:
        anvandaren = behorighet.logga_in(namn, losenord)
        if anvandaren is None:
            st.error("Fel användarnamn eller lösenord.")
            return
        st.session_state["inloggad"] = anvandaren
        with skrivmarkor() as cur:
            handelse.logga(cur, anvandaren.namn, "inloggning",
                           f"Inloggad som {behorighet.ROLLNAMN[anvandaren.roll].lower()}")
        st.rerun()


def logga_ut() -> None:
    if behorighet.lage() == "oidc":
        st.logout()
    st.session_state.pop("inloggad", None)
    st.rerun()


def sidopanel_anvandare(anvandaren: behorighet.Anvandare) -> None:
    with st.sidebar:
        if behorighet.lage() == "av":
            st.caption("Lokal installation utan inloggning: du är processledare och kan läsa in data och skriva "
                       "analys. Slå på inloggning med UPPFOLJNING_INLOGGNING=losenord eller oidc.")
        else:
            st.caption(f"Inloggad som **{anvandaren.namn}** ({behorighet.ROLLNAMN[anvandaren.roll].lower()}).")
            if st.button("Logga ut", key="logga_ut"):
                logga_ut()


def nuvarande() -> behorighet.Anvandare:
    """Användaren för den här körningen. Frågar inloggningen själv i stället för att lita på att
    dashboard.py har körts först, så att en sida aldrig visas för någon som inte loggat in."""
    return inloggad()


def smatalsgrans() -> int | None:
    """Gränsen för små tal om användaren är läsare (viewer), annars None: styrelse och processledare ser allt."""
    return None if nuvarande().minst("member") else behorighet.smatalsgrans()


# Sätts av dashboard.py i varje körning genom startpunkten.
GENOM_STARTPUNKTEN = "_genom_startpunkten"
# Sidan (filnamnet) och filtren som en djuplänk pekade på, medan appen körs om genom startpunkten.
DJUPLANK = "_djuplank"


def krav_roll(roll: str) -> None:
    """Stoppar sidan för den som inte har rollen (även om sidan nås via URL eller en sparad widget).
    Varje sida börjar här."""
    if not nuvarande().minst(roll):
        st.error(f"Den här sidan kräver rollen {behorighet.ROLLNAMN[roll].lower()}.")
        st.stop()
    if not st.session_state.get(GENOM_STARTPUNKTEN):
        # Är första besöket efter en omstart en djuplänk (/data) kör Streamlit sidans fil direkt, som i en
        # äldre flersidig app med mappen pages/: menyn visar filnamnen och sidopanelen saknas. Sidan körs då
        # om genom dashboard.py, som går vidare till samma sida med länkens filter (?plattform=bjurholm&ar=2019).
        st.session_state[DJUPLANK] = (Path(inspect.stack(context=0)[1].filename).name,
                                      {k: st.query_params.get_all(k) for k in st.query_params})
        st.switch_page("dashboard.py")


def visa_datakvalitet(fynd: pl.DataFrame, vad: str = "Tabellen") -> None:
    """Fynden från frågan datakvalitet_utfall under en tabell: var källan motsäger sig själv och vad som visas."""
    if not fynd.height:
        return
    st.warning(
        f"**Datakvalitet:** källan motsäger sig själv på {fynd.height} "
        f"{'punkt' if fynd.height == 1 else 'punkter'} (markerade med ⚠). "
        f"{vad} visar värden beräknade ur de lagrade antalen per kön."
    )
    for rad in fynd.iter_rows(named=True):
        st.markdown(f"- ⚠ **{rad['enhet']}, {rad['matt']}** ({rad['kon']}): {rad['beskrivning']}")
