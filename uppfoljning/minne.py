"""Processens minne för det som räknats ur en ögonblicksbild (frågesvar, skydd för små tal, bedömningar, sidornas
färdiga tabeller och diagram), delat av alla sessioner.

I stället för Streamlits st.cache_data och st.cache_resource: de läser funktionens signatur och hashar argumenten vid
varje anrop, och st.cache_data packar dessutom upp en kopia av svaret vid varje träff. Det kostade omkring en sjättedel
av serverns tid per sidvisning under lasttestet (bench/last.py). Här är nyckeln en tupel som anroparen redan byggt
(namn, dataversion, parametrar, gräns för små tal, databasfil), och samma objekt ges till alla: den som får ett värde
härifrån ändrar det aldrig (polars-tabeller ändras inte på plats; sidornas tabeller görs om i en kopia).

Varje nyckel byggs en gång åt gången: kommer 50 sessioner samtidigt efter en ny inläsning väntar de på den som
bygger, i stället för att bygga samma sak 50 gånger. Ett undantag i bygget (t.ex. st.stop efter ett felmeddelande)
sparas inte, och nästa anrop bygger igen.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")

_ALLA: list[Minne] = []


class Minne(Generic[T]):
    """Ett minne med högst [storlek] poster; den som använts längst sedan glöms först (LRU). Trådsäkert."""

    def __init__(self, namn: str, storlek: int):
        self.namn = namn
        self.storlek = storlek
        self._poster: OrderedDict[Hashable, T] = OrderedDict()
        self._las = threading.Lock()
        # Nycklar som byggs just nu: {nyckel: låset som den som bygger håller}.
        self._bygger: dict[Hashable, threading.Lock] = {}
        _ALLA.append(self)

    def hamta(self, nyckel: Hashable, bygg: Callable[[], T]) -> T:
        """Värdet för [nyckel]; byggs med [bygg] om det inte finns (en tråd åt gången per nyckel)."""
        with self._las:
            if nyckel in self._poster:
                self._poster.move_to_end(nyckel)
                return self._poster[nyckel]
            nyckellas = self._bygger.get(nyckel)
            if nyckellas is None:
                nyckellas = self._bygger[nyckel] = threading.Lock()
        with nyckellas:
            with self._las:
                if nyckel in self._poster:  # byggt av en annan tråd medan den här väntade
                    self._poster.move_to_end(nyckel)
                    return self._poster[nyckel]
            try:
                varde = bygg()
            except BaseException:
                with self._las:
                    if self._bygger.get(nyckel) is nyckellas:
                        del self._bygger[nyckel]
                raise
            with self._las:
                self._poster[nyckel] = varde
                self._poster.move_to_end(nyckel)
                while len(self._poster) > self.storlek:
                    self._poster.popitem(last=False)
                if self._bygger.get(nyckel) is nyckellas:
                    del self._bygger[nyckel]
            return varde

    def __len__(self) -> int:
        return len(self._poster)

    def glom(self) -> None:
        with self._las:
            self._poster.clear()


def glom_allt() -> None:
    """Tömmer alla minnen i processen (tester som byter databas eller formatering mellan visningar)."""
    for minne in _ALLA:
        minne.glom()
