"""One translator from a Bot API update (the JSON dict Telegram sends) to a neutral Event.

Both Telegram adapters receive raw updates through the project's own getUpdates loop or the
webhook and hand them here: no framework object is built for an incoming update.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chat.events import Event, Sender
from chat.media import qualify

CHANNEL = "telegram"


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


def chat_of(raw: dict[str, Any]) -> str | None:
    """The chat an update belongs to, as the channel-neutral string id (None for kinds the
    bot does not handle)."""
    message = raw.get("message")
    if isinstance(message, dict):
        return _id(message.get("chat", {}).get("id"))
    query = raw.get("callback_query")
    if isinstance(query, dict):
        inner = query.get("message")
        if isinstance(inner, dict) and isinstance(inner.get("chat"), dict):
            return _id(inner["chat"].get("id"))
        return _id(query.get("from", {}).get("id"))
    return None


def event_from_update(raw: dict[str, Any], bot_username: str = "") -> Event | None:
    """The neutral event for a message or a button press; None for anything else (edits,
    channel posts, a message without a sender)."""
    number = _int(raw.get("update_id"))
    update_key = None if number is None else str(number)
    query = raw.get("callback_query")
    if isinstance(query, dict):
        return _button_event(query, update_key)
    message = raw.get("message")
    if isinstance(message, dict) and isinstance(message.get("from"), dict):
        return _message_event(message, update_key, bot_username)
    return None


def _sender(user: dict[str, Any]) -> Sender:
    return Sender(str(user["id"]), user.get("first_name") or "", user.get("username"),
                  user.get("language_code"))


def _button_event(query: dict[str, Any], update_key: str | None) -> Event | None:
    chat_id = chat_of({"callback_query": query})
    if chat_id is None:
        return None
    message = query.get("message") if isinstance(query.get("message"), dict) else None
    return Event(channel=CHANNEL, chat_id=chat_id, sender=_sender(query["from"]), kind="button",
                 update_key=update_key, data=str(query.get("data") or ""),
                 message_id=_int(message.get("message_id")) if message else None,
                 callback_id=str(query.get("id") or ""))


def _message_event(message: dict[str, Any], update_key: str | None, bot_username: str) -> Event:
    base: dict[str, Any] = {
        "channel": CHANNEL, "chat_id": str(message["chat"]["id"]), "sender": _sender(message["from"]),
        "update_key": update_key, "message_id": _int(message.get("message_id")),
    }
    text = message.get("text")
    if isinstance(text, str):
        parsed = parse_command(text, bot_username)
        if parsed:
            return Event(kind="command", text=text, command=parsed.command, args=parsed.args, **base)
        return Event(kind="text", text=text, **base)
    caption = message.get("caption")
    if isinstance(message.get("contact"), dict):
        contact = message["contact"]
        return Event(kind="contact", phone=contact.get("phone_number"),
                     contact_user_id=_id(contact.get("user_id")), **base)
    if isinstance(message.get("location"), dict):
        where = message["location"]
        return Event(kind="location", latitude=where.get("latitude"), longitude=where.get("longitude"),
                     **base)
    photos = message.get("photo")
    if isinstance(photos, list) and photos:
        return Event(kind="photo", media=qualify(CHANNEL, photos[-1]["file_id"]), text=caption, **base)
    for kind in ("voice", "document"):
        item = message.get(kind)
        if isinstance(item, dict) and item.get("file_id"):
            return Event(kind=kind, media=qualify(CHANNEL, item["file_id"]),
                         text=caption if kind == "document" else None, **base)
    return Event(kind="other", **base)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def _id(value: Any) -> str | None:
    """Telegram's integer ids as the strings every channel uses."""
    return str(value) if isinstance(value, int) else None
