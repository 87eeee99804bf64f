"""The due scan: reminders before deadlines and escalation after them, each created once.

Reminders are found by a watermark: each tick looks at the reminder times that fell in
(last tick, now], so the work per tick follows what fell due, not how many cases are open,
and a reminder time passed while the bot was down is still inside the window after a
restart. Escalations are found by the case's own escalation level, so they heal themselves;
a case climbs one level a pass at most, and each person gets one message for the whole pass
(cases/climb.py).
The notices table's unique key makes every reminder and escalation exactly once even when
two ticks (or two processes) overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.climb import LateCase, Mail, climb
from cases.deadlines import (
    DueCase,
    DueRules,
    Escalation,
    Reminder,
    escalations_due,
    reminders_due,
)
from cases.divisions import DivisionRegister
from cases.escalation import LEAD_STEPS, MAX_LEVEL, UNESCALATED_STEPS, responsible_level
from cases.responders import Roster, first_staffed
from scheduler.recipients import label, local_time, messages_to
from storage import due_scan
from storage.case_facts import Facts, facts_of
from storage.db import Tx
from storage.due_context import facts_of_rows, people_of_rows, vacancy_notes_of_rows
from storage.scan_writes import TickWrites

WATERMARK = "due.watermark"
FIRST_LOOKBACK = timedelta(hours=1)  # a brand-new database looks this far back once
OVERLAP = timedelta(minutes=1)  # re-read a little: a transaction may commit a due time late
BATCH = 500  # escalations per level per tick (the rest wait for the next tick)


@dataclass(frozen=True, slots=True)
class ScanResult:
    reminders: int = 0
    escalations: int = 0


class DeadlineScan:
    """One pass over what fell due since the last pass."""

    def __init__(self, *, engine: AsyncEngine, register: DivisionRegister, zone: ZoneInfo,
                 rules: DueRules) -> None:
        self.engine = engine
        self.register = register
        self.zone = zone
        self.rules = rules
        self._mark: str | None = None  # the watermark this process last wrote

    async def run(self, now: datetime) -> ScanResult:
        async with self.engine.begin() as tx:
            # The watermark this process wrote last tick, else the stored one. Another
            # process's later ticks (a leader that took over and gave back) can only have
            # moved it further: reading from ours re-reads a wider window, and the notices'
            # unique key makes each reminder once.
            # The first tick of a process reads the stored one in its read statement.
            since = due_scan.window_start(self._mark, now, OVERLAP, FIRST_LOOKBACK) \
                if self._mark else None
            since, escalating, reminding = await due_scan.due_rows(
                tx, since=since, now=now, befores=self.rules.reminders, repeat=self.rules.repeat,
                max_level=MAX_LEVEL, lead_steps=sorted(LEAD_STEPS), limit=BATCH,
                never=sorted(UNESCALATED_STEPS), watermark=WATERMARK, overlap=OVERLAP,
                lookback=FIRST_LOOKBACK)
            done = await due_scan.notices_made(tx, escalating + reminding)
            mail = Mail()  # one message per recipient for the whole pass
            facts = await self._know(tx, escalating, reminding, mail.roster)
            writes = TickWrites(now)  # the tick's writes: one statement on PostgreSQL
            mail.roster.writes = writes  # vacancies reported too
            escalations = await self._escalate(tx, now, escalating, done, facts, mail, writes)
            reminders = await self._remind(tx, since or now, now, reminding, done,
                                           mail.roster, writes, read=facts is not None)
            await writes.flush(tx)
        self._mark = now.isoformat()
        return ScanResult(reminders, escalations)

    async def _know(self, tx: Tx, escalating: list[Any], reminding: list[Any], roster: Roster
                    ) -> dict[int, Facts] | None:
        """Fill `roster` with everyone the due cases' chains may ask for, and return the
        facts of the cases that may climb, when the due rows brought them (PostgreSQL).
        None: SQLite, where they are read for the cases actually told (_escalate, _remind)."""
        rows = escalating + reminding
        if not rows:
            return {}
        due = [_due_case(row) for row in rows]
        if hasattr(rows[0], "with_context"):
            held, by_id = people_of_rows(rows)
            roster.preloaded(due, self.register, held, by_id,
                             vacancy_notes_of_rows(rows, self.register))
            return facts_of_rows(escalating)
        return None

    async def _remind(self, tx: Tx, since: datetime, now: datetime, rows: list[Any],
                      done: set[str], roster: Roster, writes: TickWrites, *, read: bool
                      ) -> int:
        seen: dict[int, DueCase] = {}
        for row in rows:
            seen[row.id] = _due_case(row)
        told: list[tuple[DueCase, Reminder, str]] = []
        for case in seen.values():
            for reminder in reminders_due(case, since, now, self.rules):
                key = due_scan.notice_key(case.id, "reminder", reminder.minutes)
                if key in done:
                    continue  # made by an earlier tick (the windows overlap)
                writes.notice(case.id, case.due_step, "reminder", reminder.minutes, case.due_at,
                              sent=reminder.send)
                if reminder.send:
                    told.append((case, reminder, key))
        if told and not read:  # SQLite: who holds what, for the cases told (two statements)
            await roster.preload(tx, (case for case, _, _ in told), self.register)
        for case, reminder, key in told:
            # Nobody at the level that answers (no officer in the village): the next up.
            _, people, _ = await first_staffed(tx, responsible_level(case.due_step), case,
                                               self.register, roster)
            # No "hours left": quiet hours may hold the reminder, and it would be wrong by then.
            for message in messages_to(people, "due.reminder", self._params(case),
                                       case_id=case.id, urgent=case.urgent):
                writes.message(message, gate=[key])
            writes.event(case.id, "reminder", {
                "step": case.due_step, "hours_before": reminder.minutes // 60,
                "to": [p.id for p in people]}, gate=[key])
        return len(told)

    async def _escalate(self, tx: Tx, now: datetime, rows: list[Any], done: set[str],
                        facts: dict[int, Facts] | None, mail: Mail, writes: TickWrites
                        ) -> int:
        told: list[tuple[DueCase, Escalation]] = []
        key_of: dict[int, str] = {}
        for case in (_due_case(row) for row in rows):
            for escalation in escalations_due(case, now, self.rules):  # one level a pass
                writes.climb(case.id, escalation.level)
                key = due_scan.notice_key(case.id, "escalation", escalation.level)
                if key in done:
                    continue
                writes.notice(case.id, case.due_step, "escalation", escalation.level,
                              case.due_at)
                told.append((case, escalation))
                key_of[case.id] = key
        if told and facts is None:  # SQLite: read for the cases told
            facts = await facts_of(tx, [case.id for case, _ in told])
            await mail.roster.preload(tx, (case for case, _ in told), self.register)
        for case, escalation in told:
            known = (facts or {}).get(case.id)
            late = LateCase(case.id, case.ref, case.village_code, case.town_code,
                            case.owner_id, case.due_step, case.due_at, case.urgent,
                            known.head if known else "", known.group if known else None)
            details = await climb(tx, late, escalation.target_level, register=self.register,
                                  zone=self.zone, mail=mail, now=now)
            writes.event(case.id, "escalation", {**details, "level": escalation.level},
                         gate=[key_of[case.id]])
        for message, about in mail.messages_about():
            writes.message(message, gate=[key_of[i] for i in about])
        return len(told)

    def _params(self, case: DueCase, **extra: object) -> dict[str, object]:
        village = self.register.get(case.village_code)
        return {"ref": case.ref, "village": village.name if village else case.village_code,
                "step": label(f"due.step.{case.due_step}"),
                "due": local_time(case.due_at, self.zone), **extra}



def _due_case(row: Any) -> DueCase:
    return DueCase(row.id, row.ref, row.village_code, row.town_code, row.stage, row.due_step,
                   row.due_at, row.escalation_level, row.owner_id, row.urgent, row.updated_at,
                   row.escalated_at)
