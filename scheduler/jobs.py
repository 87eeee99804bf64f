"""The timed work of one tick: deadlines, digests, outbox health — all read from the database
and compared with the injectable clock, so a moved clock (tests, the sandbox) is obeyed and
a restart neither loses nor repeats anything."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cases.deadlines import DueRules
from scheduler.deadline_scan import DeadlineScan
from scheduler.digests import Digests
from scheduler.health import alert_if_needed
from scheduler.pruning import EVERY as PRUNE_EVERY
from scheduler.pruning import Windows, prune
from scheduler.quiet_hours import parse_hhmm

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TickResult:
    reminders: int
    escalations: int
    digests: int
    alerted: bool


class TimedWork:
    """Everything the scheduler does, one call per tick."""

    def __init__(self, app: Any) -> None:
        s = app.settings
        zone = ZoneInfo(s.locale.timezone)
        self.clock = app.services.clock
        self.engine = app.db
        self.scan = DeadlineScan(
            engine=app.db, register=app.services.divisions, zone=zone,
            rules=DueRules(tuple(s.scheduler.reminder_offsets()),
                           timedelta(hours=s.scheduler.escalation_repeat_hours)))
        self.digests = Digests(
            engine=app.db, register=app.services.divisions, zone=zone,
            daily_at=parse_hhmm(s.scheduler.daily_digest_at),
            weekly_at=parse_hhmm(s.scheduler.weekly_digest_at),
            weekly_weekday=s.scheduler.weekly_digest_weekday)
        self.alert_backlog = s.outbox.alert_backlog
        self.alert_age = timedelta(minutes=s.outbox.alert_age_minutes)
        r = s.retention
        self.windows = Windows(timedelta(days=r.processed_updates_days), timedelta(days=r.inbox_days),
                               timedelta(days=r.failed_inbox_days), timedelta(days=r.sent_outbox_days),
                               timedelta(days=r.join_attempts_days))
        self._pruned_at: datetime | None = None

    async def tick(self) -> TickResult:
        now = self.clock.now()
        scanned = await self.scan.run(now)
        digests = await self.digests.run(now)
        alerted = await alert_if_needed(self.engine, now, backlog=self.alert_backlog,
                                        age=self.alert_age)
        if self._pruned_at is None or now - self._pruned_at >= PRUNE_EVERY:
            await prune(self.engine, now, self.windows)
            self._pruned_at = now
        if scanned.reminders or scanned.escalations or digests or alerted:
            log.info("tick: %d reminders, %d escalations, %d digests%s", scanned.reminders,
                     scanned.escalations, digests, ", backlog alert" if alerted else "")
        return TickResult(scanned.reminders, scanned.escalations, digests, alerted)
