"""On PostgreSQL a due-scan tick sends at most 1 + ⌈due rows / 500⌉ statements: one read (the
due rows, who may be told, what was already made, the watermark) and one write (notices,
levels, messages, events), however many cases fell due."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, func, select

from scheduler.jobs import TimedWork
from storage.tables import case_events, cases, outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official

pytestmark = pytest.mark.postgres
H = timedelta(hours=1)


@pytest.fixture
def backend() -> str:
    return "postgres"


async def _count(app: Any, query: Any) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(query)).scalar_one())


async def test_a_tick_with_700_due_rows_reads_once_and_writes_once(app, clock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    work = TimedWork(app.background())
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(app.db.sync_engine, "before_cursor_execute", record)
    try:
        await work.scan.run(clock.now())  # an empty database: the watermark only
        assert len(statements) <= 2  # (this process reads the stored watermark once)
        for _ in range(300):  # late in half an hour: they climb to the town
            await new_case(app, step="visit", due_in=H / 2, owner_id=officer)
        for _ in range(400):  # due in a day and a half-hour: the 24 h reminder
            await new_case(app, step="visit", due_in=24 * H + H / 2, owner_id=officer)
        clock.advance(H)
        statements.clear()
        made = await work.scan.run(clock.now())
        counted = len(statements)
        statements.clear()
        idle = await work.scan.run(clock.now())
        assert len(statements) == 1, statements  # nothing new: the read alone
    finally:
        event.remove(app.db.sync_engine, "before_cursor_execute", record)
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
