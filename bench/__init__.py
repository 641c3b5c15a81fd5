"""Prestandamätning i nationell skala: syntetiska deltagardata (10 000, 100 000 och 1 000 000 rader),
inläsning, målbedömning, sidornas rendering, kallstart och minne. Körs med `make bench`
(eller `python -m bench --storlekar 10000` för en snabb körning); ingår inte i testsviten."""
