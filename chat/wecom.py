"""The WeCom (企业微信) channel's side of the protocol: a decrypted callback as a neutral Event,
a reply as WeCom's text message or template card, and what the channel can do.

Officials use WeCom through the organisation's self-built application. A WeCom user is
known by their userid (FromUserName), which is both the chat and the sender. A callback's
plain XML arrives here as a flat dict (chat.wecom_crypto.parse_xml); the same dict is what
the inbox keeps, so a recorded update is translated again after a restart.
"""

from __future__ import annotations

import hashlib
import html
import re
from typing import Any

from chat.events import Event, Sender
from chat.media import qualify
from chat.replies import Button, Rows
from chat.telegram import parse_command
from chat.transport import Capabilities

CHANNEL = "wecom"

CARD_BUTTONS = 6  # a button_interaction card holds at most 6 buttons; the transport pages the rest
TITLE_CHARS = 26  # WeCom shows about this much of a card's main title
CARD_TEXT = 400  # a longer text goes first as a text message, the card then holds its first line
BUTTON_CHARS = 10  # WeCom's advice for a button's label
TEXT_BYTES = 2048  # a text message's content limit

# Cards change in place only once per response code (see bot/wecom/transport.py); the
# transport falls back to a short new message itself. Send limits: WeCom drops messages past
# 30 a minute from one application to one member ("每应用对同一个成员不可超过30次/分"), so one
# message per 2 s per member; 20 a second in all is far under the per-company API quota
# (10,000 calls a minute) and leaves room for token and upload calls.
WECOM = Capabilities(can_edit=True, buttons_per_message=5 * CARD_BUTTONS, max_text=TEXT_BYTES,
                     max_caption=TEXT_BYTES, voice_format="amr", toasts=False, push=True,
                     send_spacing=2.0, sends_per_second=20)

# The sender's name, added to the callback by the channel (WeCom sends only the userid).
NAME_FIELD = "SenderName"
USER_ID = re.compile(r"[A-Za-z0-9_.@\-]{1,64}")
TASK_ID = re.compile(r"sn(\d{1,18})-[A-Za-z0-9]{1,16}")
_TAG = re.compile(r"<[^>]+>")


def chat_of(raw: dict[str, Any]) -> str | None:
    user = raw.get("FromUserName")
    return user if isinstance(user, str) and USER_ID.fullmatch(user) else None


def update_key(raw: dict[str, Any]) -> str | None:
    """A message's MsgId; an event has none, so its sender's CreateTime and key stand in
    (a chat's updates are keyed per user: the sender is already part of the inbox key)."""
    msg_id = raw.get("MsgId")
    if isinstance(msg_id, str) and msg_id.isdigit():
        return msg_id
    if raw.get("MsgType") != "event":
        return None
    seed = f"{raw.get('Event')}|{raw.get('EventKey')}|{raw.get('TaskId')}|{raw.get('ResponseCode')}"
    return f"e{raw.get('CreateTime', '')}-{hashlib.sha256(seed.encode()).hexdigest()[:24]}"


def event_from_wecom(raw: dict[str, Any]) -> Event | None:
    """The neutral event for a text, an image, a voice note, a file, a location or a button
    pressed on a template card; None for anything else (entering the app, menu views)."""
    user, key, kind = chat_of(raw), update_key(raw), raw.get("MsgType")
    if user is None or key is None:
        return None
    name = raw.get(NAME_FIELD)
    base: dict[str, Any] = {"channel": CHANNEL, "chat_id": user, "update_key": key,
                            "sender": Sender(user, name[:64] if isinstance(name, str) else "")}
    if kind == "text":
        text = str(raw.get("Content") or "")
        parsed = parse_command(text.strip())
        if parsed:
            return Event(kind="command", text=text, command=parsed.command, args=parsed.args, **base)
        return Event(kind="text", text=text, **base)
    if kind in ("image", "voice", "file") and raw.get("MediaId"):
        mapped = {"image": "photo", "voice": "voice", "file": "document"}[kind]
        return Event(kind=mapped, media=qualify(CHANNEL, str(raw["MediaId"])), **base)  # type: ignore[arg-type]
    if kind == "location":
        try:
            lat, lon = float(raw.get("Location_X", "")), float(raw.get("Location_Y", ""))
        except ValueError:
            return None
        return Event(kind="location", latitude=lat, longitude=lon, **base)
    if kind == "event" and raw.get("Event") == "template_card_event":
        match = TASK_ID.fullmatch(str(raw.get("TaskId") or ""))
        data = raw.get("EventKey")
        if match is None or not isinstance(data, str) or not data:
            return None
        return Event(kind="button", data=data[:256], message_id=int(match.group(1)), **base)
    return None


def card_of(raw: dict[str, Any]) -> tuple[int, str] | None:
    """(our message id, the fresh response code) of a pressed card: each press gives a new
    code, so the card can be changed once more."""
    if raw.get("MsgType") != "event" or raw.get("Event") != "template_card_event":
        return None
    match = TASK_ID.fullmatch(str(raw.get("TaskId") or ""))
    code = raw.get("ResponseCode")
    if match is None or not isinstance(code, str) or not code:
        return None
    return int(match.group(1)), code


# --- outgoing ----------------------------------------------------------------------------------

def plain(text: str) -> str:
    """The flows' Telegram-style HTML as the plain text WeCom shows."""
    return html.unescape(_TAG.sub("", text)).strip()


def cut_bytes(text: str, limit: int) -> str:
    data = text.encode()
    if len(data) <= limit:
        return text
    return data[:limit - 3].decode(errors="ignore") + "…"


def pages(buttons: Rows) -> list[list[Button]]:
    """The buttons, in order, in cards of at most six."""
    flat = [b for row in buttons for b in row]
    return [flat[i:i + CARD_BUTTONS] for i in range(0, len(flat), CARD_BUTTONS)] or [[]]


def card(task_id: str, text: str, buttons: list[Button]) -> dict[str, Any]:
    """A button_interaction template card: the first line as its title, the rest below."""
    head, _, rest = plain(text).partition("\n")
    title = head if len(head) <= TITLE_CHARS else head[:TITLE_CHARS - 1] + "…"
    body = rest.strip() if head == title else plain(text)
    out: dict[str, Any] = {
        "card_type": "button_interaction",
        "main_title": {"title": title},
        "task_id": task_id,
        "button_list": [{"text": b.text[:BUTTON_CHARS * 2], "style": 1, "key": b.data}
                        for b in buttons],
    }
    if body:
        out["sub_title_text"] = body[:CARD_TEXT]
    return out


def task_id(message_id: int, salt: str) -> str:
    """WeCom wants task ids unique per application for ever; the salt keeps them so when a
    database is started afresh."""
    return f"sn{message_id}-{salt}"
