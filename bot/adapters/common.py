"""What both Telegram adapters share: command parsing, the command menu, reply classification."""

from __future__ import annotations

from dataclasses import dataclass

from i18n.render import Catalogue

CHANNEL = "telegram"

# Commands shown in Telegram's menu, in this order (descriptions from the catalogues).
MENU_COMMANDS = ("start", "report", "neighbour", "status", "cases", "case", "join", "invite",
                 "stats", "lang", "help", "cancel")


@dataclass(frozen=True, slots=True)
class ParsedCommand:
    command: str
    args: str


def parse_command(text: str | None, bot_username: str = "") -> ParsedCommand | None:
    """"/start@safety_net_bot abc" -> ("start", "abc"); None when the text is no command."""
    if not text or not text.startswith("/") or len(text) < 2:
        return None
    head, _, args = text[1:].partition(" ")
    name, _, target = head.partition("@")
    if target and bot_username and target.lower() != bot_username.lower():
        return None  # addressed to another bot in a group
    if not name or not name.replace("_", "").isalnum():
        return None
    return ParsedCommand(name.lower(), args.strip())


def command_menu(catalogue: Catalogue, lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for setMyCommands in one language."""
    return [(name, catalogue.text(f"cmd.{name}", lang)) for name in MENU_COMMANDS]


def is_not_modified(description: str) -> bool:
    return "message is not modified" in description.lower()


def is_edit_impossible(description: str) -> bool:
    text = description.lower()
    return "message to edit not found" in text or "message can't be edited" in text
