"""The abandoned-drafts job: reminders (never in quiet hours) and discards, every few minutes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from cases import drafts
from cases.drafts import DraftRules
from scheduler.quiet_hours import QuietHours
from storage.crypto import FieldCipher
from storage.db import Tx

EVERY = timedelta(minutes=5)  # a reminder a few minutes late matters to nobody
BATCH = 100  # drafts per transaction: about 0.1 s of writing on SQLite
MAX_BATCHES = 50  # per run; a larger backlog (after a long stop) goes on at the next run


@dataclass(frozen=True, slots=True)
class DraftsDone:
    reminded: int
    discarded: int


class AbandonedDrafts:
    def __init__(self, *, engine: AsyncEngine, cipher: FieldCipher | None, rules: DraftRules,
                 quiet: QuietHours | None) -> None:
        self.engine, self.cipher, self.rules, self.quiet = engine, cipher, rules, quiet
        self._ran_at: datetime | None = None

    async def run(self, now: datetime) -> DraftsDone:
        if self._ran_at is not None and timedelta(0) <= now - self._ran_at < EVERY:
            return DraftsDone(0, 0)
        self._ran_at = now
        discarded = await self._in_batches(lambda tx: drafts.discard_abandoned(
            tx, self.cipher, self.rules, now, limit=BATCH))
        # A reminder queued in quiet hours would wait for the morning anyway; sent from the
        # morning's run instead, it says the truth about a draft still untouched then.
        if self.quiet is not None and self.quiet.hold_until(now) is not None:
            return DraftsDone(0, discarded)
        reminded = await self._in_batches(lambda tx: drafts.remind(
            tx, self.cipher, self.rules, now, limit=BATCH))
        return DraftsDone(reminded, discarded)

    async def _in_batches(self, work: Callable[[Tx], Awaitable[int]]) -> int:
        """Short transactions (SQLite has one writer: the chats wait while one is open)."""
        done = 0
        for _ in range(MAX_BATCHES):
            async with self.engine.begin() as tx:
                n = await work(tx)
            done += n
            if n < BATCH:
                break
        return done
