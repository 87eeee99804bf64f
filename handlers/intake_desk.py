"""The intake desk every reporting journey hands its reports to (cases/intake.py)."""

from __future__ import annotations

from cases.intake import Desk
from handlers.services import Services


def desk_of(services: Services) -> Desk:
    """Intake's collaborators, with vocabulary labels rendered from the catalogue."""
    catalogue = services.catalogue
    return Desk(store=services.cases, programme=services.programme, register=services.divisions,
                labels=lambda key, lang: catalogue.text(key, lang),
                default_lang=services.default_lang)
