"""The programme's steps have deadlines like every stage: a late village review climbs the
chain; the district's confirmation reminds the district admins and has nobody above them; the
public notice is nothing to be reminded of and never escalates — it ends by itself."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from scheduler.jobs import TimedWork
from storage.tables import cases, outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official

H = timedelta(hours=1)


async def sent(app: App, key: str) -> list[str]:
    async with app.db.begin() as tx:
        return [r.chat_id for r in (await tx.execute(
            select(outbox.c.chat_id).where(outbox.c.key == key).order_by(outbox.c.id))).all()]


async def test_a_late_village_review_climbs_to_the_town_lead_then_the_district(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "钱区长")
    await new_case(app, step="review", due_in=H, owner_id=officer, stage="review")
    work = TimedWork(app.background())
    clock.advance(2 * H)
    await work.tick()
    assert await sent(app, "due.escalated") == ["21"]
    assert await sent(app, "due.overdue_owner") == ["11"]
    clock.advance(24 * H)
    await work.tick()
    assert await sent(app, "due.escalated") == ["21", "31"]


async def test_the_confirmation_reminds_the_district_admins_and_climbs_no_further(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "钱区长")
    case_id = await new_case(app, step="confirm", due_in=25 * H, owner_id=officer,
                             stage="confirm")
    work = TimedWork(app.background())
    await work.tick()
    clock.advance(2 * H)  # 23 h before: the "24 h before" reminder
    await work.tick()
    assert await sent(app, "due.reminder") == ["31"]
    clock.advance(3 * 24 * H)
    await work.tick()
    await work.tick()
    assert await sent(app, "due.escalated") == []
    async with app.db.begin() as tx:
        level = (await tx.execute(select(cases.c.escalation_level)
                                  .where(cases.c.id == case_id))).scalar()
    assert level == 0


async def test_the_notice_gets_no_reminder_and_no_escalation(app: App,
                                                             clock: MovableClock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await new_case(app, step="notice", due_in=25 * H, owner_id=officer, stage="notice")
    work = TimedWork(app.background())
    await work.tick()
    clock.advance(2 * H)
    await work.tick()
    assert await sent(app, "due.reminder") == []
    clock.advance(2 * 24 * H)
    await work.tick()
    assert await sent(app, "due.escalated") == []
