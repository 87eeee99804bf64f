"""The web channel's side of the protocol: what a page in a phone's browser sends, as a neutral
Event, and what the channel can do.

A web visitor has no account: the chat id is a random visitor id carried in a signed cookie
(channel "web" and that id together name the chat, "web:<visitor>"). The page posts small
JSON updates, each with a key the page made, so a retried post is the same update. The page
never shares a contact: a phone number arrives as typed text and the flows check it, as they
check everything else from a page.
"""

from __future__ import annotations

import re
from typing import Any

from chat.events import Event, Sender
from chat.telegram import parse_command
from chat.transport import Capabilities

CHANNEL = "web"

# No push: a notice waits on the page until it is shown. Edits replace a message in place.
WEB = Capabilities(can_edit=True, buttons_per_message=100, max_text=4096, max_caption=4096,
                   voice_format="audio/*", toasts=False, push=False)

VISITOR = re.compile(r"[A-Za-z0-9_-]{16,40}")
UPDATE_KEY = re.compile(r"[A-Za-z0-9_-]{8,40}")
UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{16,40}")
VILLAGE = re.compile(r"\d{6,16}")
KINDS = ("text", "button", "location", "photo", "voice")
MAX_TEXT = 10_000  # the flows refuse long answers themselves; this only bounds what is kept


def chat_of(raw: dict[str, Any]) -> str | None:
    visitor = raw.get("visitor")
    return visitor if isinstance(visitor, str) and VISITOR.fullmatch(visitor) else None


def event_from_web(raw: dict[str, Any]) -> Event | None:
    """The neutral event for one posted update; None for anything malformed."""
    visitor, key, kind = chat_of(raw), raw.get("update_id"), raw.get("kind")
    if visitor is None or not isinstance(key, str) or not UPDATE_KEY.fullmatch(key) \
            or kind not in KINDS:
        return None
    lang = raw.get("lang") if isinstance(raw.get("lang"), str) else None
    village = raw.get("village")
    base: dict[str, Any] = {
        "channel": CHANNEL, "chat_id": visitor, "update_key": key,
        "sender": Sender(visitor, "", None, (lang or "")[:16] or None),
        "place_hint": village if isinstance(village, str) and VILLAGE.fullmatch(village) else None,
    }
    if kind == "text":
        text = raw.get("text")
        if not isinstance(text, str):
            return None
        text = text[:MAX_TEXT]
        parsed = parse_command(text)
        if parsed:
            return Event(kind="command", text=text, command=parsed.command, args=parsed.args, **base)
        return Event(kind="text", text=text, **base)
    if kind == "button":
        data, message_id = raw.get("data"), raw.get("message_id")
        if not isinstance(data, str) or not isinstance(message_id, int) or message_id < 1:
            return None
        return Event(kind="button", data=data[:256], message_id=message_id, **base)
    if kind == "location":
        lat, lon = raw.get("latitude"), raw.get("longitude")
        if not all(isinstance(v, (int, float)) for v in (lat, lon)):
            return None
        return Event(kind="location", latitude=float(lat), longitude=float(lon), **base)  # type: ignore[arg-type]
    media = raw.get("media")
    if not isinstance(media, str) or not UPLOAD_ID.fullmatch(media):
        return None
    return Event(kind=kind, media=f"{CHANNEL}:{media}", **base)
