"""JSON builders for the Bot API objects the fake server hands out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.fake_telegram.html_check import strip_html


@dataclass
class BotMessage:
    """A message the bot sent to a chat, as the person sees it (edits update it in place)."""

    message_id: int
    chat_id: int
    date: int
    html: str
    parse_mode: str | None = None
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    removed_keyboard: bool = False
    kind: str = "text"  # text | photo | document
    file: bytes | None = None
    file_name: str | None = None
    file_id: str | None = None
    edited: int = 0

    @property
    def text(self) -> str:
        return self.html

    @property
    def plain(self) -> str:
        return strip_html(self.html) if self.parse_mode and self.parse_mode.upper() == "HTML" \
            else self.html

    def button_texts(self) -> list[str]:
        return [b["text"] for row in self.buttons for b in row]

    def find_button(self, text_or_data: str) -> dict[str, Any] | None:
        flat = [b for row in self.buttons for b in row]
        for test in (lambda b: b["text"] == text_or_data,
                     lambda b: b.get("callback_data") == text_or_data,
                     lambda b: text_or_data in b["text"]):
            for button in flat:
                if test(button):
                    return button
        return None


def user_json(user_id: int, first_name: str, last_name: str | None, username: str | None,
              language_code: str | None, is_bot: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name:
        out["last_name"] = last_name
    if username:
        out["username"] = username
    if language_code:
        out["language_code"] = language_code
    return out


def chat_json(chat_id: int, first_name: str, username: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": chat_id, "type": "private", "first_name": first_name}
    if username:
        out["username"] = username
    return out


def bot_message_json(message: BotMessage, chat: dict[str, Any], bot: dict[str, Any]) -> dict[str, Any]:
    """A bot message as Telegram echoes it (only inline keyboards are echoed)."""
    out: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat,
                           "from": bot}
    if message.kind == "photo":
        out["photo"] = [photo_size(message.file_id or "", len(message.file or b""))]
        if message.html:
            out["caption"] = strip_html(message.html)
    elif message.kind == "document":
        out["document"] = {"file_id": message.file_id, "file_unique_id": f"u{message.file_id}",
                           "file_name": message.file_name or "file", "file_size": len(message.file or b"")}
        if message.html:
            out["caption"] = strip_html(message.html)
    else:
        out["text"] = message.plain
    if message.buttons:
        out["reply_markup"] = {"inline_keyboard": message.buttons}
    if message.edited:
        out["edit_date"] = message.date
    return out


def photo_size(file_id: str, size: int) -> dict[str, Any]:
    return {"file_id": file_id, "file_unique_id": f"u{file_id}", "width": 640, "height": 480,
            "file_size": size}
