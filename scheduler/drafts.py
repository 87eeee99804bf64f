"""The abandoned-drafts job: reminders (never in quiet hours) and discards, every few minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from cases import drafts
from cases.drafts import DraftRules
from scheduler.quiet_hours import QuietHours
from storage.crypto import FieldCipher

EVERY = timedelta(minutes=5)  # a reminder a few minutes late matters to nobody


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
        async with self.engine.begin() as tx:
            discarded = await drafts.discard_abandoned(tx, self.cipher, self.rules, now)
            # A reminder queued in quiet hours would wait for the morning anyway; sent from the
            # morning's run instead, it says the truth about a draft still untouched then.
            quiet = self.quiet is not None and self.quiet.hold_until(now) is not None
            reminded = 0 if quiet else await drafts.remind(tx, self.cipher, self.rules, now)
        return DraftsDone(reminded, discarded)
