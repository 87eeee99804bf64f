"""Runs one incoming event through the flows inside one database transaction.

The transaction holds the idempotency check, the state change, any domain change, the outbox
rows they cause and the replies, stored with the update's key: a redelivered update gets the
same answer and changes nothing, and replies not yet delivered are owed (the caller sends
them at once; the dispatcher sends them again if that fails or the process dies first).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import timedelta

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from cases import conversation_state as conv_repo
from cases.conversation_state import Conversation
from chat.events import Event
from chat.replies import Reply, Text, Toast, from_json, legacy_toast, shows_something, to_json
from handlers.context import Context
from handlers.limits import enforce
from handlers.router import Router
from handlers.services import Services
from i18n.render import language_for
from storage.hot_path import hot_transaction

log = logging.getLogger(__name__)

RETRIES = 3
# The handling process sends an update's replies at once; only after this may the dispatcher
# take them over (the process died, or is waiting out a 429).
OWED_LEASE = timedelta(seconds=30)


class Engine:
    """The neutral core's entry point: event in, replies out."""

    def __init__(self, services: Services, router: Router) -> None:
        self.services = services
        self.router = router
        # One lock per chat: updates from one chat are handled one at a time in this
        # process; PostgreSQL's row lock does the same across processes.
        self._locks: weakref.WeakValueDictionary[tuple[str, str], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    def _lock_for(self, channel: str, chat_id: str) -> asyncio.Lock:
        key = (channel, chat_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Event) -> list[Reply]:
        """Handle one event and return its replies (stored and owed until delivered).

        A flow that raises is not answered here: the caller keeps the update and tries again
        (see bot/pump.py), and apologises only when it gives up.
        """
        async with self._lock_for(event.channel, event.chat_id):
            for attempt in range(RETRIES):
                try:
                    return await self._handle_once(event)
                except IntegrityError:
                    # Another worker recorded the same update first: the retry replays its replies.
                    if attempt == RETRIES - 1:
                        raise
                except (OperationalError, DBAPIError) as exc:
                    log.warning("database busy on attempt %d: %s", attempt + 1, type(exc).__name__)
                    if attempt == RETRIES - 1:
                        raise
                    await asyncio.sleep(0.05 * (attempt + 1))
            raise AssertionError("unreachable")

    async def _handle_once(self, event: Event) -> list[Reply]:
        services = self.services
        async with hot_transaction(services.engine) as tx:
            cipher = services.cases.cipher
            now = services.clock.now()
            cutoff = now - services.update_window
            conv, stored = await conv_repo.load_for_update(
                tx, event.channel, event.chat_id, event.update_key, cutoff, cipher)
            if stored is not None:
                return replayed(stored)
            if conv is None:
                conv = Conversation(event.channel, event.chat_id, event.sender.user_id)
            had_draft = bool(conv.draft)
            ctx = Context(event, conv, tx, services, root=self.router)
            await self.router.dispatch(ctx)
            replies = enforce(ctx.replies)
            await conv_repo.save(tx, conv, now, cipher)
            if had_draft and not conv.draft:
                await conv_repo.forget_replies(tx, event.channel, event.chat_id)
            if event.update_key is not None:
                owed = any(shows_something(r) for r in replies)
                await conv_repo.record_update(
                    tx, event.channel, event.chat_id, event.update_key,
                    [to_json(r) for r in replies], now, cipher,
                    owed_until=now + OWED_LEASE if owed else None, cutoff=cutoff)
        return replies

    def apology(self, event: Event) -> list[Reply]:
        """What a person hears when their message could not be handled after every retry."""
        lang = language_for(event.sender.language_code, self.services.default_lang)
        text = self.services.catalogue.text("err.internal", lang)
        return [Toast(text), Text(text)] if event.kind == "button" else [Text(text)]


def replayed(stored: list[dict]) -> list[Reply]:
    """Stored replies, rebuilt (rows from before the reply types carried toasts on replies)."""
    out: list[Reply] = []
    for raw in stored:
        toast = legacy_toast(raw)
        if toast is not None:
            out.append(toast)
        if raw.get("text") or raw.get("t") not in (None, "text"):
            out.append(from_json(raw))
    return out
