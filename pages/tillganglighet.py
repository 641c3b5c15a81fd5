"""Tillgänglighetsredogörelse: för alla, även utan inloggning (uppfoljning/redogorelse.py)."""

from uppfoljning import redogorelse, ui

ui.via_startpunkten()
redogorelse.visa(ui.organisationens_namn())
