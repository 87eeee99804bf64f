"""What each pane shows: the person's own messages and the bot's, in order, edits in place.

The fake server records only what the bot sends; the board adds what each person did, stamps
both with the sandbox clock, and keeps a version number the page long-polls on.
"""

from __future__ import annotations

import asyncio
import base64
import html
import itertools
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.fake_telegram import BotMessage, FakeTelegram, FakeUser
from bot.sandbox.personas import PERSONAS, Persona
from cases.clock import Clock

log = logging.getLogger(__name__)

MAX_SHOWN = 300  # messages per pane sent to the page
MAX_KEPT_FILE = 2 * 1024 * 1024  # larger files are not kept in the history file


@dataclass
class Outgoing:
    """Something the person did: a text, a contact, a location, a photo."""

    seq: int
    kind: str  # text | contact | location | photo
    text: str
    message_id: int
    at: datetime
    data: bytes | None = None


@dataclass
class Pane:
    persona: Persona
    user: FakeUser
    entries: list[Outgoing | BotMessage] = field(default_factory=list)
    arrived: dict[int, datetime] = field(default_factory=dict)  # bot message id -> sandbox time


class Board:
    """The four panes, their history on disk, and change notification for the page."""

    def __init__(self, fake: FakeTelegram, users: dict[str, FakeUser], clock: Clock,
                 timezone: ZoneInfo, history: Path | None = None) -> None:
        self.fake = fake
        self.clock = clock
        self.timezone = timezone
        self.history = history
        self.panes = {p.key: Pane(p, users[p.key]) for p in PERSONAS}
        self._by_chat = {p.user_id: self.panes[p.key] for p in PERSONAS}
        self._seq = itertools.count(1)
        self.version = 0
        self._changed = asyncio.Event()
        self._save_task: asyncio.Task[None] | None = None
        fake.on_bot_message(self._on_bot_message)

    # --- changes --------------------------------------------------------------------------

    def _on_bot_message(self, message: BotMessage, event: str) -> None:
        pane = self._by_chat.get(message.chat_id)
        if pane is None:
            return
        if event == "sent":
            pane.entries.append(message)
            pane.arrived[message.message_id] = self.clock.now()
        self.touch()

    def touch(self) -> None:
        """Something changed: wake the page's long polls and save the history soon."""
        self.version += 1
        self._changed.set()
        if self.history is not None and (self._save_task is None or self._save_task.done()):
            self._save_task = asyncio.get_running_loop().create_task(self._save_soon())

    async def wait_change(self, since: int, wait: float) -> int:
        """Wait until the version passes `since` (or the timeout); returns the version."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while self.version <= since:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                break
        return self.version

    def note(self, key: str, kind: str, text: str, update: dict[str, Any],
             data: bytes | None = None) -> Outgoing:
        """Record what the person just did, for their own pane."""
        message = update.get("message") or {}
        entry = Outgoing(next(self._seq), kind, text, int(message.get("message_id") or 0),
                         self.clock.now(), data)
        self.panes[key].entries.append(entry)
        self.touch()
        return entry

    # --- what the page gets --------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        return {"version": self.version, "panes": [self.pane_json(p) for p in self.panes.values()]}

    def pane_json(self, pane: Pane) -> dict[str, Any]:
        present = {m.message_id for m in pane.user.messages}  # deleted messages disappear
        shown: list[dict[str, Any]] = []
        for entry in pane.entries:
            if isinstance(entry, Outgoing):
                shown.append(self._outgoing_json(pane, entry))
            elif entry.message_id in present:
                shown.append(self._bot_json(pane, entry))
        p = pane.persona
        return {"key": p.key, "name": p.first_name, "title_zh": p.title_zh,
                "title_en": p.title_en, "lang": "en" if (pane.user.language_code or "")
                .startswith("en") else "zh", "messages": shown[-MAX_SHOWN:],
                "keyboard": self.keyboard(pane)}

    def _stamp(self, at: datetime | None) -> dict[str, str]:
        local = (at or self.clock.now()).astimezone(self.timezone)
        return {"day": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M")}

    def _outgoing_json(self, pane: Pane, entry: Outgoing) -> dict[str, Any]:
        out: dict[str, Any] = {"id": f"u{entry.seq}", "from": "me", "kind": entry.kind,
                               "html": html.escape(entry.text), **self._stamp(entry.at)}
        if entry.kind == "photo" and entry.data is not None:
            out["file_url"] = f"/api/file/{pane.persona.key}/u{entry.seq}"
        return out

    def _bot_json(self, pane: Pane, message: BotMessage) -> dict[str, Any]:
        is_html = bool(message.parse_mode and message.parse_mode.upper() == "HTML")
        out: dict[str, Any] = {
            "id": f"b{message.message_id}", "from": "bot", "message_id": message.message_id,
            "kind": message.kind, "html": message.html if is_html else html.escape(message.html),
            "buttons": message.buttons, "edited": message.edited,
            **self._stamp(pane.arrived.get(message.message_id)),
        }
        if message.file is not None:
            out["file_url"] = f"/api/file/{pane.persona.key}/b{message.message_id}"
            out["file_name"] = message.file_name or ""
        return out

    @staticmethod
    def keyboard(pane: Pane) -> list[list[dict[str, Any]]] | None:
        """The reply keyboard in force: the newest one sent, until a message removes it."""
        for entry in reversed(pane.entries):
            if isinstance(entry, BotMessage):
                if entry.removed_keyboard:
                    return None
                if entry.reply_keyboard:
                    return entry.reply_keyboard
        return None

    def file(self, key: str, ref: str) -> tuple[bytes, str] | None:
        """The bytes behind a photo or document shown in a pane, and a content type."""
        pane = self.panes.get(key)
        if pane is None:
            return None
        for entry in pane.entries:
            if isinstance(entry, Outgoing) and ref == f"u{entry.seq}" and entry.data is not None:
                return entry.data, "image/jpeg"
            if isinstance(entry, BotMessage) and ref == f"b{entry.message_id}" and entry.file:
                return entry.file, _content_type(entry)
        return None

    # --- history across restarts ---------------------------------------------------------

    async def _save_soon(self) -> None:
        await asyncio.sleep(0.5)  # one write for a burst of messages
        self.save()

    def save(self) -> None:
        if self.history is None:
            return
        doc = {"panes": {key: [_entry_doc(e, pane) for e in pane.entries]
                         for key, pane in self.panes.items()}}
        tmp = self.history.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.history)

    def load(self) -> None:
        """Put the saved conversations back, so old buttons still press and edits still land."""
        if self.history is None or not self.history.exists():
            return
        try:
            doc = json.loads(self.history.read_text(encoding="utf-8"))
        except ValueError:
            log.warning("sandbox: the chat history file is unreadable; starting the panes empty")
            return
        for key, items in doc.get("panes", {}).items():
            pane = self.panes.get(key)
            if pane is None:
                continue
            highest = 0
            for item in items:
                entry = _entry_from(item, pane, next(self._seq))
                pane.entries.append(entry)
                if isinstance(entry, BotMessage):
                    pane.user.messages.append(entry)
                highest = max(highest, entry.message_id)
            # Continue the chat's message numbering after what it already shows.
            while highest and self.fake.next_message_id(pane.persona.user_id) < highest:
                pass


def _content_type(message: BotMessage) -> str:
    if message.kind == "photo":
        return "image/jpeg"
    name = (message.file_name or "").lower()
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    if name.endswith(".xlsx"):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return "application/octet-stream"


def _b64(data: bytes | None) -> str | None:
    if data is None or len(data) > MAX_KEPT_FILE:
        return None
    return base64.b64encode(data).decode()


def _entry_doc(entry: Outgoing | BotMessage, pane: Pane) -> dict[str, Any]:
    if isinstance(entry, Outgoing):
        return {"t": "me", "kind": entry.kind, "text": entry.text, "message_id": entry.message_id,
                "at": entry.at.isoformat(), "data": _b64(entry.data)}
    at = pane.arrived.get(entry.message_id)
    return {"t": "bot", "message_id": entry.message_id, "date": entry.date, "html": entry.html,
            "parse_mode": entry.parse_mode, "buttons": entry.buttons,
            "reply_keyboard": entry.reply_keyboard, "removed_keyboard": entry.removed_keyboard,
            "kind": entry.kind, "file": _b64(entry.file), "file_name": entry.file_name,
            "file_id": entry.file_id, "edited": entry.edited, "at": at.isoformat() if at else None}


def _entry_from(item: dict[str, Any], pane: Pane, seq: int) -> Outgoing | BotMessage:
    data = base64.b64decode(item["data"]) if item.get("data") else None
    if item.get("t") == "me":
        return Outgoing(seq, item["kind"], item["text"], int(item.get("message_id") or 0),
                        datetime.fromisoformat(item["at"]), data)
    message = BotMessage(int(item["message_id"]), pane.persona.user_id, int(item["date"]),
                         item["html"], item.get("parse_mode"), item.get("buttons") or [],
                         item.get("reply_keyboard"), bool(item.get("removed_keyboard")),
                         item.get("kind") or "text",
                         base64.b64decode(item["file"]) if item.get("file") else None,
                         item.get("file_name"), item.get("file_id"), int(item.get("edited") or 0))
    if item.get("at"):
        pane.arrived[message.message_id] = datetime.fromisoformat(item["at"])
    return message
