"""What is due on a case right now: reminders before its deadline, escalations after it.

Plain rules over plain data. The scheduler reads cases whose due time falls in a window,
asks these functions what to create, and records each notice under a unique key so it is
created exactly once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cases.escalation import AUTOMATIC_STEPS, MAX_LEVEL, UNESCALATED_STEPS, responsible_level


@dataclass(frozen=True, slots=True)
class DueRules:
    """Reminder offsets before a deadline (largest first) and the pace of escalation."""

    reminders: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    repeat: timedelta = timedelta(hours=24)  # a level more for each further period not acted on

    @property
    def furthest(self) -> timedelta:
        return max(self.reminders, default=timedelta(0))


@dataclass(frozen=True, slots=True)
class DueCase:
    """The parts of a case the deadline rules look at."""

    id: int
    ref: str
    village_code: str
    town_code: str
    stage: str
    due_step: str
    due_at: datetime
    escalation_level: int
    owner_id: int | None
    urgent: bool
    updated_at: datetime
    escalated_at: datetime | None = None  # the last climb (a deadline or a chase)


@dataclass(frozen=True, slots=True)
class Reminder:
    before: timedelta  # how long before the deadline
    send: bool  # False: a later reminder fell due in the same pass and supersedes this one

    @property
    def minutes(self) -> int:
        return int(self.before.total_seconds() // 60)


@dataclass(frozen=True, slots=True)
class Escalation:
    level: int  # escalations so far, after this one (1, 2)
    target_level: int  # chain level told: 1 town lead, 2 district admin


def reminders_due(case: DueCase, since: datetime, now: datetime, rules: DueRules
                  ) -> list[Reminder]:
    """Reminders whose time came in (since, now], while the deadline is still ahead.

    A reminder is skipped when the deadline was set less than that long before it falls due
    (a 2-hour urgent deadline gets no "24 h before" reminder). When the bot was down across
    several reminder times, only the latest goes out; the others are recorded as superseded.
    """
    if case.due_at <= now or case.due_step in AUTOMATIC_STEPS:
        return []
    fired = [o for o in rules.reminders
             if since < case.due_at - o <= now and case.due_at - case.updated_at > o]
    if not fired:
        return []
    latest = min(fired)
    return [Reminder(o, o == latest) for o in fired]


def escalations_due(case: DueCase, now: datetime, rules: DueRules) -> list[Escalation]:
    """The next escalation, when its time has come: one level at the deadline, one more per
    `repeat` after it — and never more than one level at a time: a further level also waits
    `repeat` after the previous climb. After downtime a case more than a day late climbs one
    level now and the next a full period later, counted from the restart, so the level told
    first has its time to act. The public notice (公示) and the district's confirmation (审定)
    never escalate."""
    if case.due_at > now or case.due_step in UNESCALATED_STEPS:
        return []
    base = responsible_level(case.due_step)
    level = case.escalation_level + 1
    if base + level > MAX_LEVEL or now < case.due_at + rules.repeat * case.escalation_level:
        return []
    if case.escalation_level and case.escalated_at is not None \
            and now < case.escalated_at + rules.repeat:
        return []
    return [Escalation(level, base + level)]


def is_overdue(case: DueCase, now: datetime) -> bool:
    return case.due_at <= now
