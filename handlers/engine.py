"""Runs one incoming event through the flows inside one database transaction.

The transaction holds the idempotency check, the state change, any domain change and
the outbox rows they cause; the replies are stored with the update id so a redelivered
update gets the same answer and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from handlers.context import Context
from handlers.limits import enforce
from handlers.model import Event, Reply
from handlers.router import Router
from handlers.services import Services
from i18n.render import language_for
from storage import conversations as conv_repo
from storage.conversations import Conversation

log = logging.getLogger(__name__)

RETRIES = 3

Respond = Callable[[list[Reply]], Awaitable[None]]


class Engine:
    """The neutral core's entry point: event in, replies out."""

    def __init__(self, services: Services, router: Router) -> None:
        self.services = services
        self.router = router
        # One lock per chat: updates from one chat are handled one at a time in this
        # process; PostgreSQL's row lock does the same across processes.
        self._locks: weakref.WeakValueDictionary[tuple[str, int], asyncio.Lock] = (
            weakref.WeakValueDictionary()
        )

    def _lock_for(self, channel: str, chat_id: int) -> asyncio.Lock:
        key = (channel, chat_id)
        lock = self._locks.get(key)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[key] = lock
        return lock

    async def handle(self, event: Event, respond: Respond | None = None) -> list[Reply]:
        """Handle one event; always returns at least one reply for a message or button.

        `respond` sends the replies while the chat is still locked, so the answers to two
        quick taps never interleave.
        """
        async with self._lock_for(event.channel, event.chat_id):
            replies = await self._handle_with_retries(event)
            if respond is not None:
                await respond(replies)
            return replies

    async def _handle_with_retries(self, event: Event) -> list[Reply]:
        for attempt in range(RETRIES):
            try:
                return await self._handle_once(event)
            except IntegrityError:
                # A concurrent worker recorded the same update first: the retry replays its replies.
                if attempt == RETRIES - 1:
                    break
            except (OperationalError, DBAPIError) as exc:
                log.warning("database busy on attempt %d: %s", attempt + 1, type(exc).__name__)
                await asyncio.sleep(0.05 * (attempt + 1))
            except Exception:
                # Never the text: it may hold a phone or ID number.
                log.exception("flow failed for %s update %s", event.channel, event.update_id)
                break
        return [self._sorry(event)]

    async def _handle_once(self, event: Event) -> list[Reply]:
        services = self.services
        async with services.engine.begin() as tx:
            cipher = services.cases.cipher
            conv, stored = await conv_repo.load_for_update(
                tx, event.channel, event.chat_id, event.update_id, cipher)
            if stored is not None:
                return [Reply.from_json(r) for r in stored]
            if conv is None:
                conv = Conversation(event.channel, event.chat_id, event.sender.user_id)
            ctx = Context(event, conv, tx, services, root=self.router)
            await self.router.dispatch(ctx)
            replies = enforce(ctx.replies)
            now = services.clock.now()
            await conv_repo.save(tx, conv, now, cipher)
            if event.update_id is not None:
                await conv_repo.record_update(
                    tx, event.channel, event.update_id, event.chat_id,
                    [r.to_json() for r in replies], now, cipher,
                )
        return replies

    def _sorry(self, event: Event) -> Reply:
        lang = language_for(event.sender.language_code, self.services.default_lang)
        text = self.services.catalogue.text("err.internal", lang)
        return Reply(text, toast=text if event.kind == "button" else None)
