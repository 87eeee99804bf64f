"""On PostgreSQL a due-scan tick sends at most 1 + ⌈due rows / 500⌉ statements: one read (the
due rows, who may be told, what was already made, the watermark) and one write (notices,
levels, messages, events), however many cases fell due."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from scheduler.jobs import TimedWork
from storage.scan_writes import TickWrites
from storage.tables import case_events, cases, outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official

pytestmark = pytest.mark.postgres
H = timedelta(hours=1)


@pytest.fixture
def backend() -> str:
    return "postgres"


class Statements:
    """Every statement sent to the database while recording."""

    def __init__(self, app: Any) -> None:
        self.engine = app.db.sync_engine
        self.sent: list[str] = []

    def _record(self, conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        self.sent.append(statement)

    def __enter__(self) -> list[str]:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self.sent

    def __exit__(self, *_: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)


async def _count(app: Any, query: Any) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(query)).scalar_one())


async def test_a_tick_with_700_due_rows_reads_once_and_writes_once(app, clock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    work = TimedWork(app.background())
    with Statements(app) as statements:
        await work.scan.run(clock.now())  # an empty database: the watermark only
        assert len(statements) == 1, statements
        for _ in range(300):  # late in half an hour: they climb to the town
            await new_case(app, step="visit", due_in=H / 2, owner_id=officer)
        for _ in range(400):  # due in a day and a half-hour: the 24 h reminder
            await new_case(app, step="visit", due_in=24 * H + H / 2, owner_id=officer)
        clock.advance(H)
        # A restarted process: the stored watermark is read in the same statement.
        work = TimedWork(app.background())
        statements.clear()
        made = await work.scan.run(clock.now())
        counted = len(statements)
        statements.clear()
        idle = await work.scan.run(clock.now())
        assert len(statements) == 1, statements  # nothing new: the read alone
    assert (made.escalations, made.reminders) == (300, 400)
    assert (idle.escalations, idle.reminders) == (0, 0)
    assert counted <= 1 + math.ceil(700 / 500), counted
    # What people notice: each reminder once, one letter each about the 300 late cases.
    assert await _count(app, select(func.count()).where(outbox.c.key == "due.reminder")) == 400
    letters = await _count(app, select(func.count()).where(
        outbox.c.key.in_(("chase.escalated_many", "chase.overdue_many"))))
    assert letters == 2
    assert await _count(app, select(func.count()).where(cases.c.escalation_level == 1)) == 300
    assert await _count(app, select(func.count()).where(
        case_events.c.action.in_(("reminder", "escalation")))) == 700


async def test_a_village_with_no_officer_is_reported_in_the_same_two_statements(
        app, clock) -> None:
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    work = TimedWork(app.background())
    await work.scan.run(clock.now())
    for _ in range(200):  # nobody owns them and the village has no officer
        await new_case(app, step="accept", due_in=H / 2, stage="reported")
    clock.advance(H)
    with Statements(app) as statements:
        made = await work.scan.run(clock.now())
    assert made.escalations == 200
    assert len(statements) <= 1 + math.ceil(200 / 500), statements
    # The district hears once that the village has no officer; the town gets one letter.
    assert await _count(app, select(func.count()).where(outbox.c.key == "chase.vacant")) == 1
    assert await _count(app, select(func.count()).where(
        outbox.c.key == "chase.escalated_many", outbox.c.chat_id == "21")) == 1


async def test_two_schedulers_scanning_at_once_tell_each_person_once(app, clock,
                                                                     monkeypatch) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    first, second = TimedWork(app.background()).scan, TimedWork(app.background()).scan
    await first.run(clock.now())
    for _ in range(20):
        await new_case(app, step="visit", due_in=H / 2, owner_id=officer)
        await new_case(app, step="visit", due_in=24 * H + H / 2, owner_id=officer)
    clock.advance(H)
    # The second reads while the first has yet to write: its read waits for the first's
    # transaction (both move the watermark row) and then sees the due rows as they were when
    # it began — before the first's notices. The notices' unique key must still let only one
    # of them tell anybody. (The first holds its write back a moment so the second has begun.)
    write = TickWrites.flush
    arrived: list[TickWrites] = []

    async def flush_when_both_read(self: TickWrites, tx: Any) -> None:
        arrived.append(self)
        if len(arrived) == 1:
            await asyncio.sleep(0.5)
        await write(self, tx)

    monkeypatch.setattr(TickWrites, "flush", flush_when_both_read)
    await asyncio.gather(first.run(clock.now()), second.run(clock.now()))
    assert await _count(app, select(func.count()).where(outbox.c.key == "due.reminder")) == 20
    assert await _count(app, select(func.count()).where(
        outbox.c.key.in_(("chase.escalated_many", "chase.overdue_many")))) == 2
    assert await _count(app, select(func.count()).where(
        case_events.c.action.in_(("reminder", "escalation")))) == 40
