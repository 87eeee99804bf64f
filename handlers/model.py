"""The neutral chat model: what any channel (Telegram via aiogram or PTB, a future WeCom or SMS
adapter) turns an incoming update into, and the replies a flow returns.

Adapters translate framework objects into these and back; nothing in handlers/ ever
sees a framework type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal[
    "text", "command", "button", "contact", "location", "photo", "voice", "document", "other"
]


@dataclass(frozen=True, slots=True)
class Sender:
    """The person behind an event, as the channel knows them."""

    user_id: int
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One incoming update, reduced to what the flows need."""

    channel: str
    chat_id: int
    sender: Sender
    kind: EventKind
    update_id: int | None = None
    text: str | None = None  # message text or caption
    command: str | None = None  # "start" for "/start abc"
    args: str = ""  # "abc"
    data: str | None = None  # button payload
    message_id: int | None = None  # the message a button sits on
    callback_id: str | None = None
    phone: str | None = None  # shared contact
    contact_user_id: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    file_id: str | None = None  # photo (largest size), voice or document


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: a label and a payload of at most 64 bytes."""

    text: str
    data: str


@dataclass(frozen=True, slots=True)
class RequestKeyboard:
    """A reply keyboard asking for the user's contact or location, or removing one."""

    kind: Literal["contact", "location", "remove"]
    label: str = ""
    cancel_label: str = ""


@dataclass(slots=True)
class Reply:
    """One thing to show the user. Text is Telegram HTML, already escaped."""

    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    keyboard: RequestKeyboard | None = None
    edit_message_id: int | None = None  # edit this message instead of sending a new one
    photo: bytes | str | None = None  # bytes to upload or a file id
    voice: str | None = None  # a voice note's file id (the text is its caption)
    document: bytes | None = None
    filename: str | None = None
    toast: str | None = None  # shown on a button press (answerCallbackQuery)

    def to_json(self) -> dict[str, Any]:
        """Serialise for the processed-updates log (files are not replayed, only their text)."""
        out: dict[str, Any] = {"text": self.text}
        if self.buttons:
            out["buttons"] = [[[b.text, b.data] for b in row] for row in self.buttons]
        if self.keyboard:
            out["keyboard"] = [self.keyboard.kind, self.keyboard.label, self.keyboard.cancel_label]
        if self.edit_message_id:
            out["edit"] = self.edit_message_id
        if isinstance(self.photo, str):
            out["photo"] = self.photo
        if self.voice:
            out["voice"] = self.voice
        if self.toast:
            out["toast"] = self.toast
        return out

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Reply:
        """Rebuild a stored reply so a redelivered update gets the same answer."""
        keyboard = raw.get("keyboard")
        return cls(
            text=raw["text"],
            buttons=[[Button(t, d) for t, d in row] for row in raw.get("buttons", [])],
            keyboard=RequestKeyboard(*keyboard) if keyboard else None,
            edit_message_id=raw.get("edit"),
            photo=raw.get("photo"),
            voice=raw.get("voice"),
            toast=raw.get("toast"),
        )


@dataclass(slots=True)
class Deferred:
    """A message drawn at send time whose heavy part (a large file) is built after the
    dispatcher's database transaction, so a long build never holds the database."""

    build: Callable[[], Awaitable[Reply]]
