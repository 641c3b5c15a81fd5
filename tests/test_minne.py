"""Processens minne (uppfoljning/minne.py): varje nyckel byggs en gång åt gången, ett misslyckat bygge sparas inte,
den som använts längst sedan glöms först, och alla får samma objekt."""

from __future__ import annotations

import threading
import time

import pytest

from uppfoljning import minne


def test_manga_tradar_samma_nyckel_byggs_en_gang():
    m = minne.Minne("test", 8)
    byggen = []
    start = threading.Barrier(20)

    def bygg():
        byggen.append(threading.get_ident())
        time.sleep(0.2)  # de andra hinner fråga medan den här bygger
        return object()

    svar = []

    def fraga():
        start.wait()
        svar.append(m.hamta(("a", 1), bygg))

    tradar = [threading.Thread(target=fraga) for _ in range(20)]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join()
    assert len(byggen) == 1
    assert len(svar) == 20 and all(s is svar[0] for s in svar)


def test_olika_nycklar_byggs_samtidigt():
    """Låset gäller en nyckel: en långsam nyckel hindrar inte en annan."""
    m = minne.Minne("test", 8)
    langsam_startad, slappt = threading.Event(), threading.Event()

    def langsam():
        langsam_startad.set()
        slappt.wait(5)
        return "långsam"

    t = threading.Thread(target=lambda: m.hamta("långsam", langsam))
    t.start()
    assert langsam_startad.wait(5)
    assert m.hamta("snabb", lambda: "snabb") == "snabb"
    slappt.set()
    t.join()
    assert m.hamta("långsam", lambda: "annat") == "långsam"


def test_undantag_sparas_inte_och_slapper_laset():
    m = minne.Minne("test", 8)

    def fel():
        raise RuntimeError("bygget misslyckades")

    with pytest.raises(RuntimeError):
        m.hamta("k", fel)
    # Nästa anrop bygger igen (i en annan tråd: låset är släppt, inget väntar för evigt).
    svar = []
    t = threading.Thread(target=lambda: svar.append(m.hamta("k", lambda: 42)))
    t.start()
    t.join(5)
    assert svar == [42]


def test_den_som_anvants_langst_sedan_glooms_forst():
    m = minne.Minne("test", 2)
    m.hamta("a", lambda: 1)
    m.hamta("b", lambda: 2)
    m.hamta("a", lambda: 99)  # a används: b är nu äldst
    m.hamta("c", lambda: 3)
    assert len(m) == 2
    assert m.hamta("a", lambda: 99) == 1
    assert m.hamta("b", lambda: 22) == 22


def test_glom_allt():
    m = minne.Minne("test", 8)
    m.hamta("a", lambda: 1)
    minne.glom_allt()
    assert m.hamta("a", lambda: 2) == 2
