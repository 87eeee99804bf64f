"""The outbox dispatcher: renders queued messages in the recipient's language and sends them.

Delivery is at least once: a row is claimed (a short lease), sent outside any
transaction, then marked sent. If the process dies between the send and the mark, the
lease expires and the row is sent again — the only way a message goes out twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from handlers.model import Button, Reply
from i18n.render import Catalogue
from scheduler.transport import SendFailure, Transport
from storage import conversations as conv_repo
from storage import outbox as outbox_repo
from storage.db import Tx
from storage.outbox import ClaimedMessage

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
MAX_BACKOFF = timedelta(minutes=10)
MAX_ATTEMPTS = 12

OnBlocked = Callable[[Tx, str, int], Awaitable[None]]


class OutboxDispatcher:
    """Claims due outbox rows, renders them, sends them through the channel's transport."""

    def __init__(self, *, engine: AsyncEngine, transports: dict[str, Transport], clock: Clock,
                 catalogue: Catalogue, worker_id: str = "w1", default_lang: str = "zh",
                 on_blocked: OnBlocked | None = None, batch: int = 50) -> None:
        self.engine = engine
        self.transports = transports
        self.clock = clock
        self.catalogue = catalogue
        self.worker_id = worker_id
        self.default_lang = default_lang
        self.on_blocked = on_blocked
        self.batch = batch

    async def run_once(self) -> int:
        """Send what is due now; returns how many rows were finished (sent or given up)."""
        async with self.engine.begin() as tx:
            claimed = await outbox_repo.claim_due(tx, self.clock.now(), self.worker_id, LEASE,
                                                  self.batch)
            replies = [(row, await self._render(tx, row)) for row in claimed]
        finished = 0
        for row, reply in replies:
            finished += await self._send(row, reply)
        return finished

    async def run_forever(self, stop: asyncio.Event, idle: float = 0.2) -> None:
        """Poll for due rows until stopped; never dies on one bad row or a database hiccup."""
        while not stop.is_set():
            try:
                sent = await self.run_once()
            except Exception:
                log.exception("outbox dispatch round failed")
                sent = 0
            if not sent:
                try:
                    await asyncio.wait_for(stop.wait(), idle)
                except TimeoutError:
                    pass

    async def _render(self, tx: Tx, row: ClaimedMessage) -> Reply:
        lang = row.lang or await conv_repo.language_of(tx, row.channel, row.chat_id) \
            or self.default_lang
        text = self.catalogue.text(row.key, lang, **row.params)
        buttons = [[Button(self.catalogue.text(b["key"], lang, **b.get("params", {})), b["data"])
                    for b in line] for line in row.buttons]
        return Reply(text, buttons, edit_message_id=row.edit_message_id)

    async def _send(self, row: ClaimedMessage, reply: Reply) -> int:
        transport = self.transports.get(row.channel)
        if transport is None:
            return 0  # another process serves that channel; the lease will lapse
        try:
            sent = await transport.deliver(row.chat_id, reply)
        except SendFailure as failure:
            return await self._failed(row, failure)
        async with self.engine.begin() as tx:
            await outbox_repo.mark_sent(tx, row.id, sent.message_id, self.clock.now())
        return 1

    async def _failed(self, row: ClaimedMessage, failure: SendFailure) -> int:
        now = self.clock.now()
        async with self.engine.begin() as tx:
            if failure.kind == "not_modified":
                await outbox_repo.mark_sent(tx, row.id, row.edit_message_id, now)
                return 1
            if failure.kind == "blocked":
                await outbox_repo.mark_failed(tx, row.id, "unreachable", failure.detail)
                if self.on_blocked is not None:
                    await self.on_blocked(tx, row.channel, row.chat_id)
                return 1
            if failure.kind == "bad_request" or row.attempts + 1 >= MAX_ATTEMPTS:
                log.error("outbox row %d given up: %s", row.id, failure.kind)
                await outbox_repo.mark_failed(tx, row.id, "failed", failure.detail)
                return 1
            if failure.kind == "retry_after":
                delay = timedelta(seconds=max(failure.retry_after, 1))
            else:  # network, server: exponential backoff up to a cap
                delay = min(timedelta(seconds=2 ** row.attempts), MAX_BACKOFF)
            await outbox_repo.reschedule(tx, row.id, now + delay, f"{failure.kind}: {failure.detail}")
        return 0
