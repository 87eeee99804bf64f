"""Replies: a small closed set of things a flow can show, each a short translation per channel.

Text is Telegram-style HTML, already escaped. `Reply` is the union an adapter must handle;
`to_json`/`from_json` store replies (sealed) with the update that produced them, so they can be
delivered again after a failed send, a crash, or a redelivered update.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: a label and a payload (see chat.payloads for its codec)."""

    text: str
    data: str


@dataclass(frozen=True, slots=True)
class RequestKeyboard:
    """A reply keyboard asking for the user's contact or location, or removing one."""

    kind: Literal["contact", "location", "remove"]
    label: str = ""
    cancel_label: str = ""


Rows = list[list[Button]]


@dataclass(slots=True)
class Text:
    """A new message with optional inline buttons or a request keyboard.

    live: {"key": ..., "params": {...}} when the message is a live message (a case card) shown
    as a reply: once delivered it is remembered like one the outbox sent, so it is edited as
    the case changes. short: what to send instead when this text replaces an earlier message
    on a channel that cannot edit (a short line, not the whole card again)."""

    text: str
    buttons: Rows = field(default_factory=list)
    keyboard: RequestKeyboard | None = None
    live: dict[str, Any] | None = None
    short: str | None = None
    kind: ClassVar[str] = "text"


@dataclass(slots=True)
class Edit:
    """Replace an earlier message's text and buttons (a channel that cannot edit sends anew:
    `short` when given, else the whole text)."""

    message_id: int
    text: str
    buttons: Rows = field(default_factory=list)
    short: str | None = None
    kind: ClassVar[str] = "edit"


@dataclass(slots=True)
class Photo:
    """An image, from bytes made here (a chart) or a media reference (a resident's photo)."""

    text: str  # the caption
    image: bytes | None = None
    media: str | None = None
    filename: str = "image.png"
    buttons: Rows = field(default_factory=list)
    kind: ClassVar[str] = "photo"


@dataclass(slots=True)
class Voice:
    """A voice note passed on by media reference, with a caption."""

    text: str
    media: str
    buttons: Rows = field(default_factory=list)
    kind: ClassVar[str] = "voice"


@dataclass(slots=True)
class Document:
    """A file made here (a workbook), with a caption."""

    text: str
    data: bytes
    filename: str = "file.bin"
    buttons: Rows = field(default_factory=list)
    kind: ClassVar[str] = "document"


@dataclass(slots=True)
class Toast:
    """The short notice on a pressed button (Telegram's answerCallbackQuery). It repeats what
    the chat also shows: a toast can be lost after about 15 seconds, a message cannot."""

    text: str
    buttons: Rows = field(default_factory=list)  # always empty: lets readers treat replies alike
    kind: ClassVar[str] = "toast"


Reply = Text | Edit | Photo | Voice | Document | Toast
Message = Text | Edit | Photo | Voice | Document  # what goes into the chat itself


def digest(text: str, buttons: Rows) -> str:
    """What a message shows, in 32 hex digits: equal digests, nothing to edit."""
    shown = json.dumps([text, _rows_json(buttons)], ensure_ascii=False)
    return hashlib.sha256(shown.encode()).hexdigest()[:32]


def shows_something(reply: Reply) -> bool:
    """A message worth sending (an empty text is not)."""
    return not isinstance(reply, Toast) and (bool(reply.text) or not isinstance(reply, (Text, Edit)))


# --- storage ---------------------------------------------------------------------------------

def _rows_json(rows: Rows) -> list[list[list[str]]]:
    return [[[b.text, b.data] for b in row] for row in rows]


def _rows(raw: Any) -> Rows:
    return [[Button(t, d) for t, d in row] for row in raw or []]


def to_json(reply: Reply) -> dict[str, Any]:
    """A reply as JSON (files as base64) for the sealed replies log."""
    out: dict[str, Any] = {"t": reply.kind, "text": reply.text}
    if reply.buttons:
        out["buttons"] = _rows_json(reply.buttons)
    if isinstance(reply, Text) and reply.keyboard:
        k = reply.keyboard
        out["keyboard"] = [k.kind, k.label, k.cancel_label]
    if isinstance(reply, Text) and reply.live:
        out["live"] = reply.live
    if isinstance(reply, (Text, Edit)) and reply.short:
        out["short"] = reply.short
    if isinstance(reply, Edit):
        out["edit"] = reply.message_id
    elif isinstance(reply, Photo):
        out.update(media=reply.media, filename=reply.filename)
        if reply.image is not None:
            out["bytes"] = base64.b64encode(reply.image).decode()
    elif isinstance(reply, Voice):
        out["media"] = reply.media
    elif isinstance(reply, Document):
        out.update(filename=reply.filename, bytes=base64.b64encode(reply.data).decode())
    return out


def from_json(raw: dict[str, Any]) -> Reply:
    """Rebuild a stored reply; rows stored before the reply types existed have no "t"."""
    kind = raw.get("t") or _legacy_kind(raw)
    text, buttons = raw.get("text", ""), _rows(raw.get("buttons"))
    if kind == "edit":
        return Edit(int(raw["edit"]), text, buttons, raw.get("short"))
    if kind == "photo":
        image = base64.b64decode(raw["bytes"]) if raw.get("bytes") else None
        media = raw.get("media") or (raw.get("photo") if isinstance(raw.get("photo"), str) else None)
        if image is None and media is None:
            return Text(text, buttons)  # a file made here, stored before files were kept
        return Photo(text, image, media, raw.get("filename") or "image.png", buttons)
    if kind == "voice":
        return Voice(text, raw.get("media") or raw["voice"], buttons)
    if kind == "document":
        return Document(text, base64.b64decode(raw["bytes"]), raw.get("filename") or "file.bin", buttons)
    if kind == "toast":
        return Toast(text)
    keyboard = raw.get("keyboard")
    return Text(text, buttons, RequestKeyboard(*keyboard) if keyboard else None,
                raw.get("live"), raw.get("short"))


def _legacy_kind(raw: dict[str, Any]) -> str:
    if raw.get("edit"):
        return "edit"
    if raw.get("photo"):
        return "photo"
    if raw.get("voice"):
        return "voice"
    return "text"


def legacy_toast(raw: dict[str, Any]) -> Toast | None:
    """Rows stored before the reply types carried the toast on a reply."""
    return Toast(raw["toast"]) if raw.get("toast") and "t" not in raw else None
