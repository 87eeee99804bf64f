"""What both Telegram adapters share: the command menu and how Telegram words its refusals."""

from __future__ import annotations

from i18n.render import Catalogue

CHANNEL = "telegram"

# Commands shown in Telegram's menu, in this order (descriptions from the catalogues).
MENU_COMMANDS = ("start", "report", "neighbour", "status", "cases", "case", "households",
                 "join", "channel", "invite", "stats", "lang", "help", "cancel")


def command_menu(catalogue: Catalogue, lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands in one language."""
    return [(name, catalogue.text(f"cmd.{name}", lang)) for name in MENU_COMMANDS]


def is_not_modified(description: str) -> bool:
    return "message is not modified" in description.lower()


def is_edit_impossible(description: str) -> bool:
    text = description.lower()
    return "message to edit not found" in text or "message can't be edited" in text

