"""The web Transport: a visitor has no push, so "sending" writes the message where their page
will find it (web_messages) and wakes the page if it is waiting. A notice from the outbox is
therefore handed over at once — never outbox backlog — and counts as delivered when the page
has shown it (storage.web.mark_shown)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.web.page_text import page_body
from cases.clock import Clock
from chat.replies import Edit, Message
from chat.transport import Sent
from chat.web import CHANNEL, WEB
from storage import web as web_repo
from storage.crypto import FieldCipher
from storage.upload_files import UploadStore


class WebTransport:
    channel = CHANNEL
    capabilities = WEB

    def __init__(self, engine: AsyncEngine, cipher: FieldCipher, clock: Clock,
                 uploads: UploadStore, media_note: Callable[[], str]) -> None:
        self.engine = engine
        self.cipher = cipher
        self.clock = clock
        self.uploads = uploads
        self.media_note = media_note
        self._news: dict[str, asyncio.Event] = {}  # pages waiting for a visitor's messages

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        body = page_body(reply, self.media_note())
        now = self.clock.now()
        async with self.engine.begin() as tx:
            if isinstance(reply, Edit) and await web_repo.owns(tx, chat_id, reply.message_id):
                await web_repo.post(tx, self.cipher, chat_id, body, now, edit_of=reply.message_id)
                sent = Sent(reply.message_id)
            else:  # a new message (or an edit of something not on this page: shown anew)
                body.pop("edit", None)
                sent = Sent(await web_repo.post(tx, self.cipher, chat_id, body, now))
        self.wake(chat_id)
        return sent

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        return None  # no toasts: the flows also say it in the chat

    async def fetch_media(self, native_id: str) -> bytes:
        return await self.uploads.read(native_id)

    # --- pages waiting for news ---------------------------------------------------------------

    def wake(self, visitor: str) -> None:
        event = self._news.get(visitor)
        if event is not None:
            event.set()

    def listen(self, visitor: str) -> asyncio.Event:
        """Set when something is written here for this visitor. Listen before reading what is
        there, so nothing written in between is missed; written by another process, it is
        found by the page's next ask."""
        return self._news.setdefault(visitor, asyncio.Event())

    def unlisten(self, visitor: str, event: asyncio.Event) -> None:
        if self._news.get(visitor) is event:
            del self._news[visitor]
