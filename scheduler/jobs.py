"""The timed work of one tick: deadlines, digests, outbox health — all read from the database
and compared with the injectable clock, so a moved clock (tests, the sandbox) is obeyed and
a restart neither loses nor repeats anything."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from cases.deadlines import DueRules
from cases.drafts import DraftRules
from cases.retention import anonymise_closed
from scheduler.deadline_scan import DeadlineScan
from scheduler.digests import Digests
from scheduler.drafts import AbandonedDrafts
from scheduler.health import alert_if_needed
from scheduler.programme_jobs import ProgrammeJobs
from scheduler.pruning import EVERY as PRUNE_EVERY
from scheduler.pruning import prune
from scheduler.setup import Background
from storage import scheduling as state_repo
from storage.db import chunk_transactions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TickResult:
    reminders: int
    escalations: int
    digests: int
    alerted: bool


class TimedWork:
    """Everything the scheduler does, one call per tick."""

    def __init__(self, setup: Background) -> None:
        timed = setup.timed
        self.clock = setup.clock
        self.engine = setup.engine
        self.scan = DeadlineScan(
            engine=setup.engine, register=setup.divisions, zone=timed.zone,
            rules=DueRules(timed.reminder_offsets, timed.escalation_repeat))
        self.digests = Digests(
            engine=setup.engine, register=setup.divisions, zone=timed.zone,
            daily_at=timed.daily_at, weekly_at=timed.weekly_at,
            weekly_weekday=timed.weekly_weekday)
        self.programme_jobs = ProgrammeJobs(
            engine=setup.engine, store=setup.store, register=setup.divisions,
            programme=setup.programme, zone=timed.zone)
        self.drafts = AbandonedDrafts(
            engine=setup.engine, cipher=setup.store.cipher, quiet=setup.quiet,
            rules=DraftRules(timed.draft_remind_after, timed.draft_discard_after))
        self.alert_backlog = timed.alert_backlog
        self.alert_age = timed.alert_age
        self.windows = timed.windows
        self.zone = timed.zone
        self._pruned_at: datetime | None = None
        self._anonymised_on: str | None = None

    async def tick(self) -> TickResult:
        now = self.clock.now()
        await self.programme_jobs.run(now)  # first: an ended notice is no late step
        scanned = await self.scan.run(now)
        digests = await self.digests.run(now)
        alerted = await alert_if_needed(self.engine, now, backlog=self.alert_backlog,
                                        age=self.alert_age)
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            await prune(self.engine, now, self.windows)
            self._pruned_at = now
        await self.anonymise_daily(now)
        drafts = await self.drafts.run(now)
        if drafts.reminded or drafts.discarded:
            log.info("drafts: %d reminded, %d discarded", drafts.reminded, drafts.discarded)
        if scanned.reminders or scanned.escalations or digests or alerted:
            log.info("tick: %d reminders, %d escalations, %d digests%s", scanned.reminders,
                     scanned.escalations, digests, ", backlog alert" if alerted else "")
        return TickResult(scanned.reminders, scanned.escalations, digests, alerted)

    async def anonymise_daily(self, now: datetime) -> None:
        """Once a local day (kept in the database, so a restart does not run it twice):
        closed cases past their retention lose their personal data."""
        today = now.astimezone(self.zone).date().isoformat()
        if self._anonymised_on == today:
            return
        self._anonymised_on = today
        async with self.engine.begin() as tx:
            if await state_repo.get_state(tx, ANONYMISED_ON) == today:
                return
            await state_repo.set_state(tx, ANONYMISED_ON, today, now)
        await anonymise_closed(chunk_transactions(self.engine), now, self.windows.closed_cases)


ANONYMISED_ON = "anonymised_on"  # the local day the retention job last ran
