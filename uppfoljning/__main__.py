"""Kommandoraden: `python -m uppfoljning <underkommando> ...`.

Underkommandon:
  import   läs in en fil med samma kontroller som sidan Data, t.ex.
           python -m uppfoljning import budget.csv --datamangd budget
  report   mötesunderlaget för en period som PDF, Word och/eller Excel, t.ex. schemalagt:
           python -m uppfoljning report --period 2020 --out pack.pdf --word pack.docx --excel pack.xlsx
           (--for-lasare ger läsarnas version med små tal skyddade och utan analysutkast)
  backup   en säkerhetskopia av databasen, också medan appen kör, t.ex. varje natt:
           python -m uppfoljning backup /backup/uppfoljning.duckdb
  restore  återställ databasen från en säkerhetskopia (den ersatta sparas bredvid):
           python -m uppfoljning restore /backup/uppfoljning.duckdb
  anvandare  lägg till eller ändra en lokal användare, t.ex. den första administratören:
           python -m uppfoljning anvandare anna --roll admin
  ny-organisation  en ny organisation från en mall i en tom installation, t.ex.
           python -m uppfoljning ny-organisation --mall esf_projekt --namn "Projektet" --enhet "Delprojekt A" ...

Databasen öppnas som i appen (UPPFOLJNING_DB, annars ./data/uppfoljning.duckdb; byggs från
standarddata om den saknas) och målramverket läses från UPPFOLJNING_MAL (annars ./goals.yaml).

Ett nytt underkommando: skriv en funktion `_lagg_till_<namn>(underparsers)` som skapar sin parser med
`_ny_parser(underparsers, "<namn>", help=...)` (svensk hjälp), registrerar sina argument och sätter
`func` (med `parser.set_defaults(func=...)`) till en funktion som tar de tolkade argumenten och
returnerar slutkoden, och lägg den i UNDERKOMMANDON.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


class _Hjalp(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Användning: " if prefix is None else prefix)


_ARGPARSE_SVENSKA = {
    "the following arguments are required": "dessa argument saknas",
    "unrecognized arguments": "okända argument",
    "invalid choice": "ogiltigt val",
    "choose from": "välj bland",
    "invalid int value": "inte ett heltal",
    "expected one argument": "ett värde krävs",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        from .personnummer import maskera

        message = maskera(message)  # argparse upprepar ett ogiltigt värde
        if message.startswith("argument "):
            message = "argumentet " + message.removeprefix("argument ")
        for engelska, svenska in _ARGPARSE_SVENSKA.items():
            message = message.replace(engelska, svenska)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fel: {message}\n")


def _ny_parser(underparsers, namn: str, **kw) -> argparse.ArgumentParser:
    """Ett underkommando med svensk hjälptext."""
    p = underparsers.add_parser(namn, add_help=False, formatter_class=_Hjalp, **kw)
    p._positionals.title = "argument"
    p._optionals.title = "flaggor"
    p.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return p


class _Avbryt(Exception):
    """Ett fel som avbryter en skrivning (inget sparas) och skrivs ut som det är."""


def _meddela(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _fel(text: str) -> int:
    from .personnummer import maskera

    print(f"Fel: {maskera(text)}", file=sys.stderr)
    return 1


# ---------------------------------------------------------------- import


def _kor_import(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from . import databas, perioder, rimlighet, uppladdning
    from .fel import InlasningsFel
    from .ord import STANDARD

    from .personnummer import maskera

    fil = Path(args.fil)
    try:
        innehall = fil.read_bytes()
    except OSError as e:
        return _fel(f"filen {fil} gick inte att läsa: {e.strerror or e}.")
    # Ett personnummer i filnamnet: filen läses in, men namnet lagras och skrivs ut med numret maskerat.
    namn = maskera(fil.name)
    orden = STANDARD
    # Kontrollen och sparandet sker i samma skrivning (skrivlåset hålls), så att filen kontrolleras mot precis
    # den data den sparas i; en annan skrivning som pågår väntas ut med ett meddelande.
    try:
        with databas.skrivning(vad=f"importen av {namn} ({args.anvandare}, kommandoraden)",
                               meddela=_meddela) as con:
            # Organisationens ord i felen, som på sidan Data ("delprojekt" i stället för "plattform").
            ram, _ = rimlighet.ramverk(con)
            orden = ram.ord if ram is not None else STANDARD
            try:
                period = perioder.tolka(con, args.period) if args.period is not None else None
            except ValueError as e:
                raise _Avbryt(str(e)) from None
            forb = uppladdning.forbered(con, innehall, namn, args.datamangd, period, args.plattform)
            if forb.ersatter_data and not args.ersatt and forb.andringar is not None and not forb.dubblett:
                # Samma fråga som sidan Data ställer: vad ändras, och ett uttryckligt ja (--ersatt).
                print("Filen ändrar data som redan finns:", file=sys.stderr)
                for r in forb.andringar.head(20).iter_rows(named=True):
                    print(f"- {r['Gäller']} {r['År']}, {r['Plattform']}, {r['Rad']}, {r['Uppgift']}: {r['Nu']} → "
                          f"{r['Efter inläsningen']}", file=sys.stderr)
                if forb.andringar.height > 20:
                    print(f"  … och {forb.andringar.height - 20} ändringar till.", file=sys.stderr)
            kalla_id = uppladdning.spara(con, forb, args.anvandare, ersatt=args.ersatt)
    except _Avbryt as e:
        return _fel(orden.i_text(str(e)))
    except InlasningsFel as fel:
        print("Filen lästes inte in; inget har sparats.", file=sys.stderr)
        for fynd in fel.fynd:
            print(f"- {replace(fynd, meddelande=orden.i_text(fynd.meddelande))}", file=sys.stderr)
        return 1
    for varning in forb.varningar:
        print(f"Varning: {orden.i_text(str(varning))}")
    print(f"Inläst som nummer {kalla_id}: {forb.antal_rader} rader ({forb.datamangd.namn}) från {namn}.")
    return 0


def _lagg_till_import(underparsers) -> None:
    from .datamangder import DATAMANGDER

    p = _ny_parser(
        underparsers, "import", help="läs in en fil (samma kontroller som sidan Data)",
        description="Läser in en CSV- eller Excel-fil i databasen med samma kontroller som sidan Data. Ett fel "
                    "ger alla fynd med fil, rad och kolumn, och inget sparas.",
    )
    p.add_argument("fil", help="filen som ska läsas in (CSV eller Excel)")
    p.add_argument("--datamangd", required=True, choices=sorted(DATAMANGDER), help="vad filen innehåller")
    p.add_argument("--period", help="året (eller en namngiven periods id i goals.yaml), om filen inte har en kolumn "
                                    "för år")
    p.add_argument("--plattform", help="plattformen (id eller namn), om filen inte anger den")
    p.add_argument("--ersatt", action="store_true",
                   help="ersätt befintliga data för samma period och plattform (de gamla raderna arkiveras)")
    p.add_argument("--anvandare", default=os.environ.get("USER") or "kommandoraden",
                   help="vem som läser in (sparas som proveniens)")
    p.set_defaults(func=_kor_import)


# ---------------------------------------------------------------- report


def _kor_report(args: argparse.Namespace) -> int:
    from . import behorighet, databas, installningar, malramverk, motesunderlag, pdf

    if not args.out and not args.excel and not args.word:
        return _fel("ange --out för PDF, --word för Word och/eller --excel för Excel.")
    start = time.monotonic()
    # Samma ramverk som i appen: versionen som sparats i appen, annars goals.yaml (utan reserv: ett fel i filen
    # stoppar underlaget). Att läsa det synkar dess perioder till databasen: en skrivning bara om något ändrats.
    # Underlaget byggs sedan ur en ögonblicksbild, som inte stör appen eller en import som pågår.
    inlast = databas.las_eller_skriv(None, lambda c: malramverk.las_med_reserv(c, installningar.malramverksfil()),
                                     "sparandet av målramverket (rapporten)", meddela=_meddela)
    if inlast.fel and inlast.version is None or inlast.ramverk is None:
        return _fel(inlast.fel or "målramverket kunde inte läsas.")
    ram = inlast.ramverk
    con = databas.oppna_lasning()
    try:
        try:
            period = ram.period(args.period)
        except KeyError:
            return _fel(f"perioden {args.period} finns inte bland målramverkets perioder "
                        f"({', '.join(p.id for p in ram.perioder_i_ordning())}).")
        if int(period) not in ram.period_ider:
            print(f"Obs: {args.period} finns inte bland målramverkets perioder "
                  f"({', '.join(p.id for p in ram.perioder_i_ordning())}); underlaget byggs ändå.", file=sys.stderr)
        underlag = motesunderlag.bygg(con, ram, period,
                                      smatalsgrans=behorighet.smatalsgrans() if args.for_lasare else None)
    finally:
        con.close()
    from . import word

    for fil, skapa in ((args.out, lambda: pdf.pdf_bytes(underlag, diagram=not args.utan_diagram)),
                       (args.word, lambda: word.docx_bytes(underlag, diagram=not args.utan_diagram)),
                       (args.excel, lambda: motesunderlag.excel_bytes(underlag))):
        if not fil:
            continue
        try:
            innehall = skapa()
        except pdf.TypsnittSaknas as e:
            return _fel(str(e))
        Path(fil).write_bytes(innehall)
        print(f"Skrev {fil} ({len(innehall) // 1024} kB).")
    print(f"Mötesunderlag {underlag.period}: {underlag.summering} ({time.monotonic() - start:.1f} s).")
    return 0


def _lagg_till_report(underparsers) -> None:
    p = _ny_parser(
        underparsers, "report", help="skapa mötesunderlaget för en period (PDF, Word och/eller Excel)",
        description="Skapar mötesunderlaget inför styrelsemötet: måluppfyllelsen, varje mål med indikatorer, "
                    "skäl, analys och beslut, utfall per plattform, budget, datakvalitet och accepterade "
                    "avvikelser.",
    )
    p.add_argument("--period", required=True,
                   help="året som underlaget gäller (2020), eller en namngiven periods id i goals.yaml (lr4)")
    p.add_argument("--out", metavar="FIL.pdf", help="skriv underlaget som PDF hit")
    p.add_argument("--excel", metavar="FIL.xlsx", help="skriv tabellerna som Excel-arbetsbok hit")
    p.add_argument("--word", metavar="FIL.docx", help="skriv underlaget som Word-dokument hit (samma innehåll som PDF:en)")
    p.add_argument("--utan-diagram", action="store_true",
                   help="hoppa över diagrammet (som kräver kaleido och chromium)")
    p.add_argument("--for-lasare", action="store_true",
                   help="läsarnas version (politiker, allmänheten): små tal skyddade som i appen "
                        "(UPPFOLJNING_SMATALSGRANS, standard 5), utan analysutkast")
    p.set_defaults(func=_kor_report)


# ---------------------------------------------------------------- säkerhetskopia och återställning


def _kor_backup(args: argparse.Namespace) -> int:
    from . import databas

    start = time.monotonic()
    storlek = databas.sakerhetskopiera(Path(args.fil))
    mib, sek = f"{storlek / (1 << 20):.1f}".replace(".", ","), f"{time.monotonic() - start:.1f}".replace(".", ",")
    print(f"Säkerhetskopian är skriven till {Path(args.fil).resolve()} ({mib} MiB, {sek} s).")
    return 0


def _lagg_till_backup(underparsers) -> None:
    p = _ny_parser(
        underparsers, "backup", help="skriv en säkerhetskopia av databasen (går medan appen kör)",
        description="Skriver en konsistent kopia av databasen till FIL, också medan appen, en import eller en "
                    "rapport kör. Kopian kontrolleras (den öppnas som databas) innan den läggs på plats.",
    )
    p.add_argument("fil", help="filen som kopian skrivs till (t.ex. /backup/uppfoljning-2026-11-27.duckdb)")
    p.set_defaults(func=_kor_backup)


def _kor_restore(args: argparse.Namespace) -> int:
    from . import databas

    sparad = databas.aterstall(Path(args.fil), args.anvandare, meddela=_meddela)
    print(f"Återställd från {Path(args.fil).resolve()}. Den ersatta databasen finns kvar som {sparad}. Appen visar "
          "den återställda datan vid nästa sidvisning.")
    return 0


def _lagg_till_restore(underparsers) -> None:
    p = _ny_parser(
        underparsers, "restore", help="återställ databasen från en säkerhetskopia (går medan appen kör)",
        description="Ersätter databasen med säkerhetskopian FIL. Kopian kontrolleras först; den ersatta databasen "
                    "sparas bredvid (uppfoljning.fore-aterstallning-<tid>.duckdb) och återställningen skrivs i "
                    "händelseloggen. En pågående skrivning väntas ut.",
    )
    p.add_argument("fil", help="säkerhetskopian (skriven av backup)")
    p.add_argument("--anvandare", default=os.environ.get("USER") or "kommandoraden",
                   help="vem som återställer (står i händelseloggen)")
    p.set_defaults(func=_kor_restore)


# ---------------------------------------------------------------- registret

def _kor_anvandare(args: argparse.Namespace) -> int:
    import getpass

    from . import behorighet

    losenord = sys.stdin.readline().rstrip("\n") if args.losenord_fran_stdin else None
    if losenord is None and not args.behall_losenord:
        losenord = getpass.getpass("Lösenord (minst 10 tecken): ")
    try:
        behorighet.satt_anvandare(args.namn, args.roll, losenord)
    except behorighet.BehorighetsFel as fel:
        return _fel(str(fel))
    print(f"{args.namn} är sparad som {behorighet.ROLLNAMN[args.roll].lower()} i {behorighet.anvandarfil()}.")
    return 0


def _lagg_till_anvandare(underparsers) -> None:
    from .behorighet import ROLLER

    p = _ny_parser(underparsers, "anvandare", help="lägg till eller ändra en lokal användare (lösenordsinloggning)")
    p.add_argument("namn", help="användarnamn (e-postadress vid OIDC)")
    p.add_argument("--roll", required=True, choices=ROLLER, help="viewer, member, editor eller admin")
    p.add_argument("--losenord-fran-stdin", action="store_true", help="läs lösenordet från standard in")
    p.add_argument("--behall-losenord", action="store_true", help="ändra bara rollen")
    p.set_defaults(func=_kor_anvandare)


# ---------------------------------------------------------------- ny-organisation


def _kor_ny_organisation(args: argparse.Namespace) -> int:
    import datetime as dt

    from . import databas, installningar, lagring_pg, malramverk
    from . import ny_organisation as ny

    try:
        start = dt.date.fromisoformat(args.start) if args.start else None
        slut = dt.date.fromisoformat(args.slut) if args.slut else None
    except ValueError:
        return _fel("--start och --slut skrivs som ÅÅÅÅ-MM-DD (t.ex. 2025-01-01).")
    uppgifter = ny.Uppgifter(
        mall=args.mall, namn=args.namn, enheter=ny.tolka_rader("\n".join(args.enhet or [])),
        kommuner=[k.strip() for k in args.kommun or [] if k.strip()], ar=args.ar or [], start=start, slut=slut,
        plan_deltagare=args.plan, plan_kvinnor=args.plan_kvinnor, plan_man=args.plan_man,
        malniva_arbete_eller_studier=args.malniva, ord_enhet=args.ord_enhet, ord_enheter=args.ord_enheter,
        ord_total=args.ord_total)
    fil = installningar.databasadress()
    # En tom installation (inte standarddatan) att skapa organisationen i: en databasfil, eller en tom
    # PostgreSQL-databas som får schemat och mallens referensdata.
    if lagring_pg.ar_adress(fil):
        lagring_pg.sakerstall(fil, databas.vantetid_s(), datasets=ny.TOM)
    elif not Path(fil).exists():
        databas.bygg_databas(Path(fil), ny.TOM)
    try:
        # En skrivning som andra: appen kan vara igång på den tomma installationen.
        with databas.skrivning(fil, f"skapandet av organisationen ({args.anvandare}, kommandoraden)",
                               meddela=_meddela) as con:
            version = ny.skapa(con, uppgifter, args.anvandare)
    except (ny.NyOrganisationFel, malramverk.MalramverksFel) as e:
        return _fel(str(e))
    orden = uppgifter.orden
    # En PostgreSQL-adress kan bära ett lösenord: den skrivs inte ut.
    pg = lagring_pg.ar_adress(fil)
    plats = "PostgreSQL-databasen i UPPFOLJNING_DB" if pg else fil
    starta = "med samma UPPFOLJNING_DB" if pg else f"med UPPFOLJNING_DB={fil}"
    print(f"{uppgifter.namn.strip()} är skapad i {plats} ({ny.MALLNAMN[args.mall]}): {len(uppgifter.enheter)} "
          f"{orden.enheter if len(uppgifter.enheter) != 1 else orden.enhet}, {len(uppgifter.kommuner)} kommuner, "
          f"målramverket version {version}. Starta appen {starta}.")
    return 0


def _lagg_till_ny_organisation(underparsers) -> None:
    from .ny_organisation import MALLNAMN

    p = _ny_parser(
        underparsers, "ny-organisation", help="skapa en ny organisation från en mall i en tom installation",
        description="Skapar en ny organisation i databasen UPPFOLJNING_DB (en tom installation skapas om filen inte "
                    "finns): referensdata och ett målramverk från mallen, som sedan redigeras på sidorna "
                    "Målramverk och Referensdata. T.ex. python -m uppfoljning ny-organisation --mall esf_projekt "
                    "--namn \"ESF-projektet Vägen vidare\" --enhet \"Delprojekt Lycksele; Lycksele\" --kommun Lycksele "
                    "--start 2025-01-01 --slut 2027-12-31 --plan 60 --plan-kvinnor 30 --plan-man 30 --malniva 50",
    )
    p.add_argument("--mall", required=True, choices=sorted(MALLNAMN), help="; ".join(f"{k}: {v}" for k, v in
                                                                                     MALLNAMN.items()))
    p.add_argument("--namn", required=True, help="organisationens namn")
    p.add_argument("--enhet", action="append", help="en enhet (plattform, delprojekt), som \"Namn\" eller "
                                                    "\"Namn; Kommun\"; upprepa för flera")
    p.add_argument("--kommun", action="append", help="en kommun; upprepa för flera")
    p.add_argument("--ar", action="append", type=int, help="samordningsförbund: ett uppföljningsår; upprepa för flera")
    p.add_argument("--start", help="ESF-projekt: projektstart (ÅÅÅÅ-MM-DD)")
    p.add_argument("--slut", help="ESF-projekt: projektslut (ÅÅÅÅ-MM-DD)")
    p.add_argument("--plan", type=int, help="ESF-projekt: planerade deltagare under projektperioden")
    p.add_argument("--plan-kvinnor", type=int, help="ESF-projekt: varav kvinnor")
    p.add_argument("--plan-man", type=int, help="ESF-projekt: varav män")
    p.add_argument("--malniva", type=float, help="ESF-projekt: målnivå för andelen till arbete eller studier (%%)")
    p.add_argument("--ord-enhet", help="eget ord för en enhet, t.ex. insats (annars mallens: plattform, delprojekt, "
                                       "enhet)")
    p.add_argument("--ord-enheter", help="eget ord för flera enheter, t.ex. insatser (krävs med --ord-enhet)")
    p.add_argument("--ord-total", help="eget ord för totalen, t.ex. \"Verksamheten totalt\"")
    p.add_argument("--anvandare", default=os.environ.get("USER") or "kommandoraden",
                   help="vem som skapar organisationen (sparas i händelseloggen)")
    p.set_defaults(func=_kor_ny_organisation)


UNDERKOMMANDON: list[Callable] = [_lagg_till_import, _lagg_till_report, _lagg_till_backup, _lagg_till_restore,
                                  _lagg_till_anvandare, _lagg_till_ny_organisation]


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m uppfoljning", add_help=False, formatter_class=_Hjalp,
                                description="Uppföljning av mål för samordningsförbund: kommandoraden.")
    p._positionals.title = "underkommandon"
    p._optionals.title = "flaggor"
    p.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    underparsers = p.add_subparsers(dest="underkommando", metavar="UNDERKOMMANDO", required=True,
                                    parser_class=_Parser)
    for lagg_till in UNDERKOMMANDON:
        lagg_till(underparsers)
    return p


def _personnummer_i_argument(args: argparse.Namespace) -> str | None:
    """Det första argumentet (utom filen som läses in, vars namn maskeras) som innehåller ett personnummer."""
    from .personnummer import innehaller

    for namn, varde in vars(args).items():
        if namn not in ("fil", "func") and isinstance(varde, str | int) and innehaller(str(varde)):
            return namn
    return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if namn := _personnummer_i_argument(args):
        return _fel(f"argumentet {namn} ser ut att innehålla ett personnummer. Personnummer får inte lagras eller "
                    "skrivas ut; inget har gjorts.")
    from .databas import DatabasFel

    try:
        return args.func(args)
    except DatabasFel as fel:
        # Upptagen databas, full disk, en fil som inte är en säkerhetskopia: svenska, aldrig en traceback.
        return _fel(str(fel))


if __name__ == "__main__":
    sys.exit(main())
