"""Plain records of what happened in the fake: bot messages, user messages, calls, files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .html_check import strip_tags

MessageKind = Literal["text", "photo", "voice", "document"]
BotEvent = Literal["sent", "edited", "deleted"]


@dataclass
class BotMessage:
    """A message the bot sent into a chat, kept current as the bot edits it.

    The first thirteen fields keep the positional order the sandbox uses to rebuild saved
    history; ``text`` (a property) and ``html`` are the text or caption exactly as sent.
    """

    message_id: int
    chat_id: int
    date: int
    html: str  # text or caption as the bot sent it (HTML source when parse_mode=HTML)
    parse_mode: str | None = None
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    removed_keyboard: bool = False
    kind: MessageKind = "text"
    file: bytes | None = None
    file_name: str | None = None
    file_id: str | None = None
    edited: int = 0
    force_reply: bool = False
    edit_date: int | None = None
    deleted: bool = False
    reply_to: int | None = None
    visible_text: str | None = None  # what Telegram stores after entity parsing
    entities: list[dict[str, Any]] = field(default_factory=list)
    inline_markup: dict[str, Any] | None = None  # echoed back in message JSON, like Telegram
    media: dict[str, Any] = field(default_factory=dict)  # {"photo": [...]} / {"voice": {...}} / …

    @property
    def text(self) -> str:
        """Text or caption as sent (same as ``html``)."""
        return self.html

    @property
    def plain(self) -> str:
        """What a person sees: tags stripped, entities unescaped, trimmed."""
        if self.visible_text is not None:
            return self.visible_text
        # Rebuilt from saved history without parsing: derive it from the source.
        if self.parse_mode and self.parse_mode.upper() == "HTML":
            return strip_tags(self.html)
        return self.html.strip()

    def button_texts(self) -> list[str]:
        """Inline button labels, row by row, flattened."""
        return [button["text"] for row in self.buttons for button in row]

    def find_button(self, text_or_data: str) -> dict[str, Any] | None:
        """Inline button by exact label, then callback_data, then label substring."""
        flat = [b for row in self.buttons for b in row]
        tests: list[Callable[[dict[str, Any]], bool]] = [
            lambda b: b["text"] == text_or_data,
            lambda b: b.get("callback_data") == text_or_data,
            lambda b: text_or_data in b["text"],
        ]
        for test in tests:
            for button in flat:
                if test(button):
                    return button
        return None

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
    status: int | None = None  # stays None when a fault dropped the connection
    chat_id: int | str | None = None
    fault: str | None = None  # the injected fault kind ("429", "500", "drop_before", ...)


@dataclass
class StoredFile:
    """File bytes behind a file_id, downloadable at /file/bot<token>/<file_path>."""

    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    duration: int | None = None  # seconds, for a voice note
