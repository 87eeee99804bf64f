"""Plain records of what happened in the fake: bot messages, user messages, calls, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MessageKind = Literal["text", "photo", "document"]
BotEvent = Literal["sent", "edited", "deleted"]


@dataclass
class BotMessage:
    """A message the bot sent into a chat, kept current as the bot edits it."""

    message_id: int
    chat_id: int
    text: str  # text or caption exactly as the bot sent it (HTML source when parse_mode=HTML)
    parse_mode: str | None
    kind: MessageKind = "text"
    date: int = 0
    buttons: list[list[dict[str, str]]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    removed_keyboard: bool = False
    force_reply: bool = False
    file: bytes | None = None
    file_name: str | None = None
    edited: int = 0
    edit_date: int | None = None
    deleted: bool = False
    reply_to: int | None = None
    visible_text: str = ""  # what Telegram stores after entity parsing
    entities: list[dict[str, Any]] = field(default_factory=list)
    inline_markup: dict[str, Any] | None = None  # echoed back in message JSON, like Telegram
    media: dict[str, Any] = field(default_factory=dict)  # {"photo": [...]} / {"document": {...}}

    @property
    def html(self) -> str:
        """The raw text as sent (same as ``text``; named for HTML-mode readers)."""
        return self.text

    @property
    def plain(self) -> str:
        """What a person sees: tags stripped, entities unescaped, trimmed."""
        return self.visible_text

    def button_texts(self) -> list[str]:
        """Inline button labels, row by row, flattened."""
        return [button["text"] for row in self.buttons for button in row]

    def reply_keyboard_texts(self) -> list[str]:
        """Reply-keyboard button labels, flattened (empty when there is none)."""
        return [b["text"] for row in self.reply_keyboard or [] for b in row]

    def callback_data(self) -> list[str]:
        """All callback_data values of the inline keyboard, flattened."""
        return [b["callback_data"] for row in self.buttons for b in row if "callback_data" in b]


@dataclass
class UserMessage:
    """Something the simulated user sent; ``content`` holds the Message JSON fields."""

    message_id: int
    chat_id: int
    date: int
    content: dict[str, Any]
    edit_date: int | None = None
    reply_to: int | None = None

    @property
    def text(self) -> str | None:
        """Text or caption, if any."""
        return self.content.get("text", self.content.get("caption"))


@dataclass
class CallbackRecord:
    """One inline-button press and how (whether) the bot answered it."""

    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    update_id: int
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass
class RecordedRequest:
    """One Bot API call as the server saw it; ``status`` is filled in when it is answered."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival
    wall_time: float  # time.time() on arrival
    status: int | None = None
    chat_id: int | str | None = None


@dataclass
class StoredFile:
    """File bytes behind a file_id, downloadable at /file/bot<token>/<file_path>."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
