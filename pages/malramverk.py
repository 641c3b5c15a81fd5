"""Målramverk: mål, indikatorer, målnivåer, toleranser och perioder ändras i formulär; varje sparande blir en ny
version (vem, när, varför) som prövas mot referensdatan först. Versioner, skillnad, återställning, styrelsens
antagande, och import och export av goals.yaml. Logiken finns i uppfoljning/ramverksredigering.py."""

import datetime as dt

import pandas as pd
import streamlit as st

from uppfoljning import malramverk, ui
from uppfoljning import ramverksredigering as rr
from uppfoljning.malramverk import PERIODTYPER, NamngivenPeriod
from uppfoljning.visning import som_text

ui.krav_roll("editor")
orden = ui.orden()
st.title("Målramverk")
MEDDELANDE = "_malramverk_meddelande"
if meddelande := st.session_state.pop(MEDDELANDE, None):
    st.success(meddelande)

inlast = ui.inlast_ramverk()
if inlast.notis:
    st.info(inlast.notis)
if inlast.fel:
    st.error(som_text(inlast.fel_i_appen or inlast.fel))
ram = inlast.ramverk
with ui.anslutning().cursor() as cur:
    versioner = rr.versioner(cur)
    # Det gällande ramverkets text: den senast sparade versionen (goals.yaml sparas när den läses, och en version
    # från appen gäller före filen).
    sparat = malramverk.senast_sparade(cur)
if inlast.version is not None:
    gallande = next(v for v in versioner if v.version == inlast.version)
    st.markdown(f"**Gäller:** {som_text(gallande.beskrivning)}."
                + (f" Antagen av {som_text(gallande.antagen)}." if gallande.antagen else " Inte antagen ännu."))
else:
    st.markdown("**Gäller:** målramverket i goals.yaml (inte ändrat i appen). Det du sparar här blir en ny version "
                "som gäller i appen från och med nu.")
st.caption("Varje ändring prövas mot reglerna och referensdatan (utfallsmått, enkätfrågor, "
           f"{orden.enheter}, perioder) innan den sparas; ett fel ändrar ingenting.")


def visa_fel(fel: Exception, *data) -> None:
    """Felet med mål, indikatorer, enheter och fält som appen namnger dem (inga id:n ur goals.yaml)."""
    with ui.anslutning().cursor() as cur:
        st.error(som_text(malramverk.i_appen(str(fel), cur, [d for d in (*data, utkast) if d is not None])))


def spara(ny: dict | None, kommentar: str, ursprung: str = "redigerad") -> None:
    """Sparar utkastet som en ny version, eller visar felet (som namnger fältet)."""
    if ny is None:
        return
    try:
        with ui.skrivmarkor() as cur:
            version = rr.spara(cur, rr.till_text(ny), ui.anvandare(), kommentar, ursprung)
    except (rr.RedigeringsFel, malramverk.MalramverksFel) as fel:
        visa_fel(fel, ny)
        return
    st.session_state[MEDDELANDE] = f"Version {version} sparad och gäller från nu."
    st.rerun()


def andra(funktion, *args, **kw) -> dict | None:
    try:
        return funktion(*args, **kw)
    except rr.RedigeringsFel as fel:
        visa_fel(fel)
        return None


def varfor(nyckel: str) -> str:
    return st.text_input("Varför (sparas med versionen)", key=f"varfor_{nyckel}",
                         placeholder="t.ex. styrelsens beslut 2021-03-12 § 7")


if ram is None:
    st.warning("Det finns inget giltigt målramverk att redigera. Importera ett under Import och export.")
    utkast = None
else:
    text = sparat[0]
    utkast = rr.utkast(text)

enheter = {o.id: o.namn for o in ui.omfattningar()}
matt = ui.kor("referens_utfallsmatt")
mattnamn = dict(zip(matt["matt_id"].to_list(), matt["namn"].to_list()))
fragor = ui.kor("referens_enkatfragor")
v = inlast.version or 0

flikar = st.tabs(["Mål", "Indikatorer och målnivåer", "Toleranser", "Perioder", "Sammanvägning och avsnitt",
                  "Versioner", "Import och export"])

if utkast is not None:
    katalog = utkast.get("indikatorer") or {}
    indnamn = {i: d.get("namn", i) for i, d in katalog.items()}

    # ------------------------------------------------------------ mål
    with flikar[0]:
        malen = utkast.get("mal") or []
        if nasta := st.session_state.pop("_mal_val_nasta", None):
            st.session_state["mal_val"] = nasta
        valt = st.selectbox("Mål", [m["id"] for m in malen] + ["+ nytt mål"], key="mal_val",
                            format_func=lambda i: next((m["titel"] for m in malen if m["id"] == i), i))
        nytt = valt == "+ nytt mål"
        mal = {} if nytt else next(m for m in malen if m["id"] == valt)
        with st.form(f"mal_{valt}"):
            mal_id = st.text_input("Id (kort, små bokstäver, används i adresser och goals.yaml)", key=f"mal_id_{valt}",
                                   placeholder="t.ex. resultat_lycksele") if nytt else valt
            titel = st.text_input("Titel", value=mal.get("titel", ""), key=f"mal_titel_{valt}")
            kort = st.text_input("Kort titel (i matrisen)", value=mal.get("kort_titel") or "", key=f"mal_kort_{valt}")
            omf = st.multiselect(f"Bedöms för ({orden.enheter} och totalen)", list(enheter),
                                 default=[o for o in mal.get("omfattning", []) if o in enheter],
                                 format_func=lambda i: enheter.get(i, i), key=f"mal_omfattning_{valt}",
                                 placeholder=f"Välj {orden.enheter} eller totalen")
            inds = st.multiselect("Indikatorer", list(katalog), format_func=lambda i: indnamn.get(i, i),
                                  key=f"mal_indikatorer_{valt}", placeholder="Välj indikatorer",
                                  default=[i if isinstance(i, str) else i["id"] for i in mal.get("indikatorer", [])
                                           if (i if isinstance(i, str) else i["id"]) in katalog])
            kommentar = varfor(f"mal_{valt}")
            if st.form_submit_button("Spara målet som ny version", type="primary"):
                if nytt:
                    st.session_state["_mal_val_nasta"] = (mal_id or "").strip()
                spara(andra(rr.satt_mal, utkast, mal_id if nytt else valt, titel=titel, kort_titel=kort,
                            omfattning=omf, indikatorer=inds, nytt=nytt), kommentar)
        if not nytt:
            st.header("Ej bedömd")
            with st.form(f"ej_bedomd_{valt}_{v}"):
                st.markdown("Perioder då målet inte bedöms (t.ex. när verksamheten inte fanns), med motivet. Målet "
                            "står då som ej bedömt i matrisen. Töm en rad för att ta bort den.")
                perioder_mal = rr.periodval(ram)
                namn_for_mal = dict(perioder_mal)
                period_id_mal = {namn: p for p, namn in perioder_mal}
                ej_rader = [{"Period": namn_for_mal.get(p, str(p)), "Motiv": m}
                            for p, m in (mal.get("ej_bedomd") or {}).items()]
                ej_tabell = st.data_editor(pd.DataFrame(ej_rader, columns=["Period", "Motiv"]), num_rows="dynamic",
                                           hide_index=True, key=f"ej_bedomd_tabell_{valt}_{v}", column_config={
                    "Period": st.column_config.SelectboxColumn("Period", options=[n for _, n in perioder_mal]),
                    "Motiv": st.column_config.TextColumn("Motiv", width="large")})
                kommentar = varfor(f"ej_bedomd_{valt}")
                if st.form_submit_button("Spara ej bedömd som ny version", type="primary"):
                    spara(andra(rr.satt_ej_bedomd, utkast, valt, [
                        {"period": period_id_mal.get(r.get("Period"), r.get("Period")), "motiv": r.get("Motiv")}
                        for r in ej_tabell.to_dict("records")]), kommentar)
            with st.form(f"ta_bort_mal_{valt}_{v}"):
                kommentar = varfor(f"bort_mal_{valt}")
                if st.form_submit_button(f"Ta bort målet \"{mal['titel']}\""):
                    spara(andra(rr.ta_bort_mal, utkast, valt), kommentar)

    # ------------------------------------------------------------ indikatorer
    with flikar[1]:
        if nasta := st.session_state.pop("_ind_val_nasta", None):
            st.session_state["ind_val"] = nasta
        valt = st.selectbox("Indikator", list(katalog) + ["+ ny indikator"], key="ind_val",
                            format_func=lambda i: indnamn.get(i, i))
        nytt = valt == "+ ny indikator"
        ind = {} if nytt else katalog[valt]
        avsnitt = {a["nummer"]: a["namn"] for a in utkast.get("avsnitt") or []}
        toleranser = list(utkast.get("toleranser") or {})
        perioder_ = rr.periodval(ram)
        with st.form(f"ind_{valt}"):
            ind_id = st.text_input("Id (kort, små bokstäver, används i goals.yaml)", key=f"ind_id_{valt}",
                                   placeholder="t.ex. andel_till_arbete") if nytt else valt
            namn = st.text_input("Namn", value=ind.get("namn", ""), key=f"ind_namn_{valt}")
            typer = list(rr.INDIKATORTYPER)
            typ = st.selectbox("Typ", typer, index=typer.index(ind.get("typ", "andel_utfall")),
                               format_func=rr.INDIKATORTYPER.get, key=f"ind_typ_{valt}")
            avs = st.selectbox("Avsnitt", list(avsnitt), format_func=lambda n: f"{n}. {avsnitt[n]}",
                               index=list(avsnitt).index(ind["avsnitt"]) if ind.get("avsnitt") in avsnitt else 0)
            tol_alt = ["(ingen)"] + toleranser
            tolrubrik = {t: (d or {}).get("rubrik") or f"tolerans nr {n}"
                         for n, (t, d) in enumerate((utkast.get("toleranser") or {}).items(), start=1)}
            tol = st.selectbox("Tolerans", tol_alt, key=f"ind_tolerans_{valt}", index=tol_alt.index(ind["tolerans"])
                               if isinstance(ind.get("tolerans"), str) and ind["tolerans"] in tol_alt else 0,
                               format_func=lambda t: tolrubrik.get(t, t))
            valda_matt = st.multiselect("Utfallsmått (andel eller antal)", list(mattnamn),
                                        default=[m for m in ind.get("matt", []) if m in mattnamn],
                                        format_func=lambda m: mattnamn.get(m, m), key=f"ind_matt_{valt}",
                                        placeholder="Välj utfallsmått")
            andel_alt = ["(periodens definition)"] + list(mattnamn)
            andel_av = st.selectbox("Andel av", andel_alt, format_func=lambda m: mattnamn.get(m, m),
                                    index=andel_alt.index(ind["andel_av"]) if ind.get("andel_av") in andel_alt else 0)
            fragealt = ["(ingen)"] + [f"{g}/{f}" for g, f in zip(fragor["respondentgrupp"], fragor["fraga_id"])]
            fragetext = dict(zip(fragealt[1:], fragor["text"].to_list()))
            fraga_nu = f"{ind.get('respondentgrupp')}/{ind.get('fraga')}"
            fraga = st.selectbox("Enkätfråga (för typen enkätfråga)", fragealt,
                                 index=fragealt.index(fraga_nu) if fraga_nu in fragealt else 0,
                                 format_func=lambda f: fragetext.get(f, f))
            kravs = st.checkbox("Måste finnas (saknas den blir målet rött)", value=bool(ind.get("kravs")))
            minsta = st.text_input("Minsta underlag (antal personer; tomt = inget krav)",
                                   value="" if ind.get("minsta_underlag") is None else str(ind["minsta_underlag"]),
                                   key=f"ind_minsta_{valt}")
            plan_alt = ["(ingen)"] + [p.id for p in ram.perioder if isinstance(p, NamngivenPeriod)]
            plan = st.selectbox("Plan för hela perioden (takten i delrapporterna)", plan_alt,
                                index=plan_alt.index(ind["plan"]) if ind.get("plan") in plan_alt else 0)
            forklaring = st.text_area("Förklaring", value=ind.get("forklaring", ""))
            kommentar = varfor(f"ind_{valt}")
            if st.form_submit_button("Spara indikatorn som ny version", type="primary"):
                grupp, _, fraga_id = fraga.partition("/") if fraga != "(ingen)" else (None, "", None)
                falt = {"namn": namn, "typ": typ, "avsnitt": avs, "tolerans": None if tol == "(ingen)" else tol,
                        "kravs": kravs, "matt": valda_matt,
                        "andel_av": None if andel_av == "(periodens definition)" else andel_av,
                        "respondentgrupp": grupp if typ == "enkat" else None,
                        "fraga": fraga_id if typ == "enkat" else None,
                        "minsta_underlag": minsta, "underlag_plattform": ind.get("underlag_plattform"),
                        "plan": None if plan == "(ingen)" else plan, "forklaring": forklaring}
                if nytt:
                    st.session_state["_ind_val_nasta"] = (ind_id or "").strip()
                spara(andra(rr.satt_indikator, utkast, ind_id if nytt else valt, falt, nytt=nytt), kommentar)
        if not nytt:
            st.header("Målnivåer")
            namn_for = dict(perioder_)
            nivaer = ind.get("malniva") or {}
            if nivaer:
                ui.tabell(pd.DataFrame({"Period": [namn_for.get(p, str(p)) for p in nivaer],
                                        "Målnivå": [rr._niva_text(n, ind.get("typ")) for n in nivaer.values()]})
                          .set_index("Period"))
            else:
                st.caption("Indikatorn har ingen målnivå ännu.")
            with st.form(f"niva_{valt}"):
                st.markdown("Procent för andelar, antal för volym, Ja/Delvis/Nej för ja eller nej. Fyll i kvinnor och "
                            "män bara om målet skiljer sig per kön; töm alla fält för att ta bort periodens målnivå.")
                period = st.selectbox("Period", [p for p, _ in perioder_], format_func=lambda p: namn_for[p],
                                      key=f"niva_period_{valt}")
                k1, k2, k3 = st.columns(3)
                alla = k1.text_input("Alla", key=f"niva_alla_{valt}")
                kvinnor = k2.text_input("Kvinnor", key=f"niva_k_{valt}")
                man = k3.text_input("Män", key=f"niva_m_{valt}")
                kommentar = varfor(f"niva_{valt}")
                if st.form_submit_button("Spara målnivån som ny version", type="primary"):
                    spara(andra(rr.satt_malniva, utkast, valt, period, alla, kvinnor, man), kommentar)
            st.header("Accepterade avvikelser")
            with st.form(f"avvikelser_{valt}_{v}"):
                st.markdown(f"En avvikelse som {orden.styrelsen} har accepterat för en period, med beslutet och "
                            "motivet. Töm en rad för att ta bort den.")
                rader = [{"Period": namn_for.get(p, str(p)), "Motiv": m}
                         for p, m in (ind.get("accepterade_avvikelser") or {}).items()]
                period_id = {namn: p for p, namn in perioder_}
                # En tom tabell behåller sina rubriker (Period, Motiv) som en DataFrame med kolumner.
                tabell = st.data_editor(pd.DataFrame(rader, columns=["Period", "Motiv"]), num_rows="dynamic",
                                        hide_index=True, key=f"avvikelsetabell_{valt}_{v}", column_config={
                    "Period": st.column_config.SelectboxColumn("Period", options=[n for _, n in perioder_]),
                    "Motiv": st.column_config.TextColumn("Motiv", width="large")})
                kommentar = varfor(f"avvikelser_{valt}")
                if st.form_submit_button("Spara avvikelserna som ny version", type="primary"):
                    spara(andra(rr.satt_avvikelser, utkast, valt, [
                        {"period": period_id.get(r.get("Period"), r.get("Period")), "motiv": r.get("Motiv")}
                        for r in tabell.to_dict("records")]), kommentar)
        if not nytt:
            with st.form(f"ta_bort_ind_{valt}_{v}"):
                kommentar = varfor(f"bort_ind_{valt}")
                if st.form_submit_button(f"Ta bort indikatorn \"{indnamn[valt]}\""):
                    spara(andra(rr.ta_bort_indikator, utkast, valt), kommentar)

    # ------------------------------------------------------------ toleranser
    with flikar[2]:
        st.markdown("Hur långt från målnivån ett utfall får ligga och ändå bli grönt respektive gult. Gult ska "
                    "tillåta minst lika stor avvikelse som grönt.")
        with st.form(f"toleranser_{v}"):
            # Toleransens nyckel i goals.yaml står inte i tabellen: en befintlig rad behåller sitt radnummer (det
            # dolda indexet) när tabellen redigeras, och en ny rad får en nyckel ur rubriken.
            toleranser_nu = utkast.get("toleranser") or {}
            nycklar = list(toleranser_nu)
            rader = pd.DataFrame([{"Rubrik": t.get("rubrik") or "", "Grönt högst": t.get("gron"),
                                   "Gult högst": t.get("gul"), "Räknas i": t.get("satt", "procentenheter"),
                                   "Riktning": rr.RIKTNINGAR[t.get("riktning", "hogre_ar_battre")]}
                                  for t in toleranser_nu.values()],
                                 columns=["Rubrik", "Grönt högst", "Gult högst", "Räknas i", "Riktning"])
            tabell = st.data_editor(rader, num_rows="dynamic", hide_index=True, key=f"toleranstabell_{v}",
                                    column_config={
                "Rubrik": st.column_config.TextColumn("Rubrik", help="Vad regeln heter för användaren"),
                "Grönt högst": st.column_config.NumberColumn("Grönt högst", min_value=0),
                "Gult högst": st.column_config.NumberColumn("Gult högst", min_value=0),
                "Räknas i": st.column_config.SelectboxColumn("Räknas i", options=["procentenheter", "procent"]),
                "Riktning": st.column_config.SelectboxColumn("Riktning", options=list(rr.RIKTNINGAR.values()))})
            kommentar = varfor("toleranser")
            if st.form_submit_button("Spara toleranserna som ny version", type="primary"):
                spara(andra(rr.satt_toleranser, utkast, [
                    {"namn": nycklar[i] if isinstance(i, int) and 0 <= i < len(nycklar) else None,
                     "rubrik": r.get("Rubrik"),
                     "gron": r.get("Grönt högst"), "gul": r.get("Gult högst"), "satt": r.get("Räknas i"),
                     "riktning": r.get("Riktning")} for i, r in zip(tabell.index, tabell.to_dict("records"))]), kommentar)

    # ------------------------------------------------------------ perioder
    with flikar[3]:
        st.markdown("Kalenderår (typ kalenderar, id = årtalet) och namngivna perioder med datum: projektperiod, "
                    "lägesrapporter (från projektstart), delår. Start och slut ingår båda.")
        with st.form(f"perioder_{v}"):
            rader = []
            for p in utkast.get("perioder") or []:
                if isinstance(p, int):
                    rader.append({"Id": str(p), "Namn": str(p), "Start": dt.date(p, 1, 1), "Slut": dt.date(p, 12, 31),
                                  "Typ": "kalenderar", "Jämför med": ""})
                else:
                    rader.append({"Id": p.get("id"), "Namn": p.get("namn"), "Start": p.get("start"),
                                  "Slut": p.get("slut"), "Typ": p.get("typ"), "Jämför med": p.get("jamfor_med") or ""})
            tabell = st.data_editor(rader, num_rows="dynamic", key=f"periodtabell_{v}", column_config={
                "Start": st.column_config.DateColumn("Start", format="YYYY-MM-DD"),
                "Slut": st.column_config.DateColumn("Slut", format="YYYY-MM-DD"),
                "Typ": st.column_config.SelectboxColumn("Typ", options=["kalenderar", *PERIODTYPER])})
            kommentar = varfor("perioder")
            if st.form_submit_button("Spara perioderna som ny version", type="primary"):
                spara(andra(rr.satt_perioder, utkast, [
                    {"id": r.get("Id"), "namn": r.get("Namn"), "start": r.get("Start"), "slut": r.get("Slut"),
                     "typ": r.get("Typ"), "jamfor_med": r.get("Jämför med")} for r in tabell]), kommentar)

    # ------------------------------------------------------------ sammanvägning och avsnitt
    with flikar[4]:
        sv = utkast.get("sammanvagning") or {}
        avsnitten = {a["nummer"]: a["namn"] for a in utkast.get("avsnitt") or []}
        st.markdown("Hur indikatorernas status vägs till förslaget för avsnittet och målet: varje bedömd indikator "
                    "ger poäng, ett avsnitt får medelvärdet av sina indikatorers poäng och målet det viktade "
                    "medelvärdet av avsnitten. Förslaget blir grönt eller gult från gränserna nedan, annars rött.")
        with st.form(f"sammanvagning_{v}"):
            st.markdown("**Sammanvägning**")
            poang = sv.get("poang") or {"gron": 2, "gul": 1, "rod": 0}

            def tal(v) -> str:
                return "" if v is None else f"{v:g}".replace(".", ",")

            # Textfält (inte sifferfält): talen skrivs och visas med decimalkomma.
            k1, k2, k3 = st.columns(3)
            p_gron = k1.text_input("Poäng för grönt", value=tal(poang.get("gron", 2)), key=f"sv_poang_gron_{v}")
            p_gul = k2.text_input("Poäng för gult", value=tal(poang.get("gul", 1)), key=f"sv_poang_gul_{v}")
            p_rod = k3.text_input("Poäng för rött", value=tal(poang.get("rod", 0)), key=f"sv_poang_rod_{v}")
            k1, k2 = st.columns(2)
            gron_fran = k1.text_input("Grönt från (poäng)", value=tal(sv.get("gron_fran")), key=f"sv_gron_fran_{v}")
            gul_fran = k2.text_input("Gult från (poäng)", value=tal(sv.get("gul_fran")), key=f"sv_gul_fran_{v}")
            st.markdown("Avsnittens vikter (lämna tomt för ett avsnitt som inte vägs in)")
            vikter_nu = sv.get("avsnittsvikter") or {}
            vikter = {}
            kolumner = st.columns(min(3, max(1, len(avsnitten))))
            for i, (nummer, namn) in enumerate(avsnitten.items()):
                vikter[nummer] = kolumner[i % len(kolumner)].text_input(
                    f"Vikt för avsnitt {nummer}: {namn}", key=f"sv_vikt_{nummer}_{v}",
                    value=tal(vikter_nu.get(nummer)))
            beskrivning = st.text_area("Beskrivning (visas för läsaren av matrisen)", value=sv.get("beskrivning", ""),
                                       key=f"sv_beskrivning_{v}")
            kommentar = varfor("sammanvagning")
            if st.form_submit_button("Spara sammanvägningen som ny version", type="primary"):
                spara(andra(rr.satt_sammanvagning, utkast, beskrivning=beskrivning, gron_fran=gron_fran,
                            gul_fran=gul_fran, poang={"gron": p_gron, "gul": p_gul, "rod": p_rod}, vikter=vikter),
                      kommentar)
        with st.form(f"avsnitt_{v}"):
            st.markdown("**Avsnitt** (indikatorerna grupperas i avsnitt; ett avsnitt som används kan inte tas bort)")
            avsnittstabell = st.data_editor(
                pd.DataFrame([{"Nummer": n, "Namn": namn} for n, namn in avsnitten.items()],
                             columns=["Nummer", "Namn"]),
                num_rows="dynamic", hide_index=True, key=f"avsnittstabell_{v}", column_config={
                    "Nummer": st.column_config.NumberColumn("Nummer", min_value=1, step=1, format="%d"),
                    "Namn": st.column_config.TextColumn("Namn", width="large")})
            kommentar = varfor("avsnitt")
            if st.form_submit_button("Spara avsnitten som ny version", type="primary"):
                spara(andra(rr.satt_avsnitt, utkast, [{"nummer": r.get("Nummer"), "namn": r.get("Namn")}
                                                      for r in avsnittstabell.to_dict("records")]), kommentar)

# ------------------------------------------------------------ versioner
with flikar[5]:
    if not versioner:
        st.caption("Inga versioner sparade ännu.")
    else:
        ui.tabell(pd.DataFrame({"Version": [x.version for x in versioner], "Sparad": [x.sparad for x in versioner],
                                "Hur": [rr.URSPRUNG.get(x.ursprung, x.ursprung) for x in versioner],
                                "Av": [x.sparad_av or "" for x in versioner],
                                "Varför": [x.kommentar or "" for x in versioner],
                                "Antagen": [x.antagen or "" for x in versioner]}).set_index("Version"))
        nummer = [x.version for x in versioner]
        st.header("Skillnad mellan två versioner")
        k1, k2 = st.columns(2)
        fran = k1.selectbox("Från version", nummer, index=min(1, len(nummer) - 1), key=f"skillnad_fran_{nummer[0]}")
        till = k2.selectbox("Till version", nummer, index=0, key=f"skillnad_till_{nummer[0]}")
        with ui.anslutning().cursor() as cur:
            try:
                rader = rr.skillnad(malramverk.tolka(rr.text_for(cur, fran)), malramverk.tolka(rr.text_for(cur, till)),
                                    enheter)
            except malramverk.MalramverksFel as fel:
                rader = [f"En av versionerna går inte att läsa: {malramverk.i_appen(str(fel), cur)}"]
        if rader:
            st.markdown("\n".join(f"- {som_text(r)}" for r in rader))
        else:
            st.caption("Versionerna har samma mål, indikatorer, målnivåer, toleranser och perioder.")

        st.header("Återställ en äldre version")
        with st.form(f"aterstall_{v}"):
            aldre = st.selectbox("Version", nummer, index=min(1, len(nummer) - 1))
            kommentar = varfor("aterstall")
            if st.form_submit_button("Återställ som ny version"):
                try:
                    with ui.skrivmarkor() as cur:
                        ny = rr.aterstall(cur, aldre, ui.anvandare(), kommentar)
                except (rr.RedigeringsFel, malramverk.MalramverksFel) as fel:
                    with ui.anslutning().cursor() as cur:
                        visa_fel(fel, rr.utkast(rr.text_for(cur, aldre)))
                else:
                    st.session_state[MEDDELANDE] = f"Version {aldre} återställd som version {ny}."
                    st.rerun()

        st.header(f"{orden.Styrelsens} beslut")
        with st.form(f"anta_{v}"):
            version = st.selectbox("Version som antagits", nummer, index=0)
            organ = st.selectbox("Beslutat av", rr.ORGAN, index=rr.ORGAN.index(orden.styrelsen)
                                 if orden.styrelsen in rr.ORGAN else 0)
            datum = st.date_input("Mötesdatum", value=None, format="YYYY-MM-DD")
            paragraf = st.text_input("Protokollparagraf", placeholder="§ 7")
            if st.form_submit_button("Registrera beslutet"):
                try:
                    with ui.skrivmarkor() as cur:
                        rr.anta(cur, version, organ, datum, paragraf, ui.anvandare())
                except rr.RedigeringsFel as fel:
                    st.error(som_text(fel))
                else:
                    st.session_state[MEDDELANDE] = f"Version {version} registrerad som antagen av {organ} {datum}."
                    st.rerun()

# ------------------------------------------------------------ import och export
with flikar[6]:
    if utkast is not None:
        st.download_button("Ladda ner gällande målramverk (goals.yaml)", text.encode("utf-8"), file_name="goals.yaml",
                           mime="application/x-yaml")
    with st.form("import_ramverk"):
        fil = st.file_uploader("Importera goals.yaml (prövas som vid start; blir en ny version)", type=["yaml", "yml"])
        kommentar = varfor("import")
        if st.form_submit_button("Importera") and fil is not None:
            try:
                with ui.skrivmarkor() as cur:
                    ny = rr.importera(cur, fil.getvalue(), fil.name, ui.anvandare(), kommentar)
            except (rr.RedigeringsFel, malramverk.MalramverksFel) as fel:
                try:
                    importerad = rr.utkast(fil.getvalue().decode("utf-8", errors="replace"))
                except Exception:  # noqa: BLE001 - en fil som inte är YAML: felet säger det
                    importerad = None
                visa_fel(fel, importerad if isinstance(importerad, dict) else None)
            else:
                st.session_state[MEDDELANDE] = f"{fil.name} importerad som version {ny}."
                st.rerun()
