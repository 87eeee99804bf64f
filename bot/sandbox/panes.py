"""What each pane shows: the chat as the fake server keeps it (the person's messages and the
bot's, in order, edits in place, the reply keyboard in force, the answer to a button press).

The board adds a version number the page long-polls on, and keeps the chats in a file so a
restarted sandbox shows (and can still press) what it showed before.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.fake_telegram import BotMessage, CallbackRecord, FakeTelegram
from bot.fake_telegram.models import UserMessage
from bot.fake_telegram.objects import photo_sizes
from bot.fake_telegram.state import ChatState
from bot.sandbox.personas import PERSONAS, Persona

log = logging.getLogger(__name__)

MAX_SHOWN = 300  # messages per pane sent to the page
MAX_KEPT_FILE = 2 * 1024 * 1024  # larger files are not kept in the history file


@dataclass
class Pane:
    persona: Persona
    chat: ChatState
    bot_events: int = 0  # sends and edits so far (tests wait on it)
    toast: dict[str, Any] | None = None  # the bot's latest answer to a button press


@dataclass
class Board:
    """The panes (one per persona), change notification for the page, and their history on disk."""

    fake: FakeTelegram
    timezone: ZoneInfo
    history: Path | None = None
    panes: dict[str, Pane] = field(init=False)
    version: int = 0

    def __post_init__(self) -> None:
        self.panes = {p.key: Pane(p, self.fake.state.chats[p.user_id]) for p in PERSONAS}
        self._by_chat = {p.user_id: self.panes[p.key] for p in PERSONAS}
        self._changed = asyncio.Event()
        self._save_task: asyncio.Task[None] | None = None
        self.fake.on_bot_message(self._on_bot_message)
        self.fake.on_callback_answered(self._on_answer)

    # --- changes --------------------------------------------------------------------------

    def _on_bot_message(self, message: BotMessage, _event: str) -> None:
        pane = self._by_chat.get(message.chat_id)
        if pane is not None:
            pane.bot_events += 1
            self.touch()

    def _on_answer(self, record: CallbackRecord) -> None:
        pane = self._by_chat.get(record.chat_id)
        if pane is not None and record.answer_text:
            pane.toast = {"id": record.query_id, "text": record.answer_text,
                          "alert": record.show_alert}
            self.touch()

    def touch(self) -> None:
        """Something changed: wake the page's long polls and save the history soon."""
        self.version += 1
        self._changed.set()
        if self.history is not None and (self._save_task is None or self._save_task.done()):
            self._save_task = asyncio.get_running_loop().create_task(self._save_soon())

    async def wait_change(self, since: int, wait: float) -> int:
        """Wait until the version passes `since` (or `wait` seconds); returns the version."""
        await self.wait_until(lambda: self.version > since, wait)
        return self.version

    async def wait_until(self, condition: Callable[[], bool], wait: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not condition():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                return condition()
        return True

    def set_language(self, key: str, lang: str) -> None:
        """What the pane's Telegram app reports as its language from now on."""
        self.panes[key].chat.user["language_code"] = "en" if lang == "en" else "zh-hans"

    # --- what the page gets --------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {"version": self.version, "panes": [self.pane_json(p) for p in self.panes.values()]}

    def pane_json(self, pane: Pane) -> dict[str, Any]:
        shown: list[dict[str, Any]] = []
        for entry in pane.chat.log:
            if isinstance(entry, UserMessage):
                shown.append(self._user_json(pane, entry))
            elif isinstance(entry, BotMessage) and not entry.deleted:
                shown.append(self._bot_json(pane, entry))
        p = pane.persona
        lang = str(pane.chat.user.get("language_code") or "")
        return {"key": p.key, "name": p.first_name, "title_zh": p.title_zh,
                "title_en": p.title_en, "lang": "en" if lang.startswith("en") else "zh",
                "messages": shown[-MAX_SHOWN:], "keyboard": pane.chat.keyboard,
                "toast": pane.toast}

    def _stamp(self, unix: int) -> dict[str, str]:
        local = datetime.fromtimestamp(unix, UTC).astimezone(self.timezone)
        return {"day": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M")}

    def _user_json(self, pane: Pane, msg: UserMessage) -> dict[str, Any]:
        content = msg.content
        kind, text = "text", str(content.get("text") or content.get("caption") or "")
        if "contact" in content:
            kind, text = "contact", f"📱 {content['contact'].get('phone_number', '')}"
        elif "location" in content:
            loc = content["location"]
            kind, text = "location", f"📍 {loc['latitude']:.4f}, {loc['longitude']:.4f}"
        elif "photo" in content:
            kind = "photo"
        elif "voice" in content:
            kind, text = "voice", "🎤"
        elif "sticker" in content:
            kind, text = "sticker", content["sticker"].get("emoji") or "🙂"
        elif "document" in content:
            kind, text = "document", f"📄 {content['document'].get('file_name') or ''}"
        out: dict[str, Any] = {"id": f"u{msg.message_id}", "from": "me", "kind": kind,
                               "message_id": msg.message_id, "html": html.escape(text),
                               "edited": 1 if msg.edit_date else 0, **self._stamp(msg.date)}
        if kind == "photo":
            out["file_url"] = f"/api/file/{pane.persona.key}/u{msg.message_id}"
        return out

    def _bot_json(self, pane: Pane, msg: BotMessage) -> dict[str, Any]:
        is_html = bool(msg.parse_mode and msg.parse_mode.upper() == "HTML")
        out: dict[str, Any] = {
            "id": f"b{msg.message_id}", "from": "bot", "message_id": msg.message_id,
            "kind": msg.kind, "html": msg.text if is_html else html.escape(msg.text),
            "buttons": msg.buttons, "edited": msg.edited, **self._stamp(msg.date),
        }
        if msg.file is not None:
            out["file_url"] = f"/api/file/{pane.persona.key}/b{msg.message_id}"
            out["file_name"] = msg.file_name or ""
        return out

    def file(self, key: str, ref: str) -> tuple[bytes, str] | None:
        """The bytes behind a photo or document shown in a pane, and a content type."""
        pane = self.panes.get(key)
        if pane is None or len(ref) < 2 or not ref[1:].isdigit():
            return None
        message_id = int(ref[1:])
        for entry in pane.chat.log:
            if ref[0] == "b" and isinstance(entry, BotMessage) and entry.message_id == message_id \
                    and entry.file is not None:
                return entry.file, _content_type(entry)
            if ref[0] == "u" and isinstance(entry, UserMessage) and entry.message_id == message_id \
                    and "photo" in entry.content:
                stored = self.fake.state.files.get(entry.content["photo"][-1]["file_id"])
                return (stored.data, "image/jpeg") if stored else None
        return None

    # --- history across restarts ---------------------------------------------------------

    async def _save_soon(self) -> None:
        await asyncio.sleep(0.5)  # one write for a burst of messages
        self.save()

    def save(self) -> None:
        if self.history is None:
            return
        doc = {"panes": {key: self._chat_doc(pane) for key, pane in self.panes.items()}}
        tmp = self.history.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.history)

    def _chat_doc(self, pane: Pane) -> dict[str, Any]:
        entries = []
        for entry in pane.chat.log:
            if isinstance(entry, BotMessage):
                doc = asdict(entry)
                doc["file"] = _b64(entry.file)
                entries.append({"t": "bot", **doc})
            elif isinstance(entry, UserMessage):
                doc = asdict(entry)
                if "photo" in entry.content:
                    stored = self.fake.state.files.get(entry.content["photo"][-1]["file_id"])
                    doc["photo_data"] = _b64(stored.data if stored else None)
                entries.append({"t": "me", **doc})
        return {"next_message_id": pane.chat.next_message_id, "keyboard": pane.chat.keyboard,
                "language_code": pane.chat.user.get("language_code"), "log": entries}

    def load(self) -> None:
        """Put the saved chats back, so old buttons still press and edits still land."""
        if self.history is None or not self.history.exists():
            return
        try:
            doc = json.loads(self.history.read_text(encoding="utf-8"))
            for key, saved in doc.get("panes", {}).items():
                if key in self.panes:
                    self._restore(self.panes[key].chat, saved)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("sandbox: the chat history file is unreadable (%s); panes start empty",
                        type(exc).__name__)
            for pane in self.panes.values():
                pane.chat.log.clear()
                pane.chat.bot_log.clear()

    def _restore(self, chat: ChatState, saved: dict[str, Any]) -> None:
        for item in saved["log"]:
            kind = item.pop("t")
            if kind == "bot":
                item["file"] = base64.b64decode(item["file"]) if item.get("file") else None
                message = BotMessage(**item)
                chat.log.append(message)
                chat.bot_log.append(message)
            elif kind == "me":
                photo = item.pop("photo_data", None)
                if photo and "photo" in item["content"]:
                    stored = self.fake.state.files.add(base64.b64decode(photo), "photos",
                                                       mime_type="image/jpeg")
                    item["content"]["photo"] = photo_sizes(stored)
                chat.log.append(UserMessage(**item))
        chat.next_message_id = max(chat.next_message_id, int(saved["next_message_id"]))
        chat.keyboard = saved.get("keyboard")
        if saved.get("language_code"):
            chat.user["language_code"] = saved["language_code"]


def _content_type(message: BotMessage) -> str:
    if message.kind == "photo":
        return "image/jpeg"
    name = (message.file_name or "").lower()
    if name.endswith(".csv"):
        return "text/csv"
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/octet-stream"


def _b64(data: bytes | None) -> str | None:
    if data is None or len(data) > MAX_KEPT_FILE:
        return None
    return base64.b64encode(data).decode()
