"""due_clocks, where the due scan finds the escalations due, is a copy of every case's running
deadline kept by the database's triggers (migration 0024): whatever writes a case — a new
case, a new deadline, a climb, a closing, an erasure — the copy follows in the same
transaction."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select, update

from bot.app import App
from storage.tables import cases
from storage.tables_scheduling import due_clocks
from tests.stats.register import NOW, VILLAGES, load, row


async def _clocks(app: App) -> dict[int, tuple[object, ...]]:
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(due_clocks))).all()
    return {r.case_id: (r.escalation_level, r.due_step, r.due_at, r.escalated_at) for r in rows}


async def _expected(app: App) -> dict[int, tuple[object, ...]]:
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(cases).where(cases.c.due_at.is_not(None),
                                                     cases.c.due_step.is_not(None)))).all()
    return {r.id: (r.escalation_level, r.due_step, r.due_at, r.escalated_at) for r in rows}


async def test_the_due_clocks_follow_every_write_of_a_case(app: App) -> None:
    due = NOW + timedelta(days=2)
    await load(app.db, [
        {**row(1, household="H1", village=VILLAGES[0], people=2, reported=NOW),
         "due_step": "accept", "due_at": due},
        {**row(2, household="H2", village=VILLAGES[1], people=3, reported=NOW),
         "due_step": None},  # no deadline
    ])
    async with app.db.begin() as tx:
        first, second = (await tx.execute(select(cases.c.id).order_by(cases.c.id))).scalars()
    assert await _clocks(app) == await _expected(app)
    assert set(await _clocks(app)) == {first}

    async def change(case_id: int, **values: object) -> None:
        async with app.db.begin() as tx:
            await tx.execute(update(cases).where(cases.c.id == case_id).values(**values))
        assert await _clocks(app) == await _expected(app), values

    await change(first, escalation_level=1, escalated_at=NOW + timedelta(days=3))  # a climb
    await change(first, due_step="visit", due_at=due + timedelta(days=7),
                 escalation_level=0)  # accepted: the next deadline
    await change(second, due_step="accept", due_at=due)  # given a deadline later
    await change(first, head_name="王五")  # no deadline column written
    await change(first, due_step=None, due_at=None, stage="closed")  # closed: no clock
    assert set(await _clocks(app)) == {second}
    async with app.db.begin() as tx:
        await tx.execute(delete(cases).where(cases.c.id == second))
    assert await _clocks(app) == {}
