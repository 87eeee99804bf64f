"""Each stage sets its own deadline (accept 24 h / urgent 2 h, visit 3 days, decision 15 days
from the report, approval 5 days, village review 10 days, the public notice's 5 full days,
district confirmation 10 days, follow-up 30 days or the officer's date, re-check 180 days
after elimination), through the real actions; and the steps not covered elsewhere climb the
chain when missed."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from cases.casework import Measure, Visit
from cases.clock import MovableClock
from cases.vocab import MEASURES, VISIT_CHECKS
from scheduler.jobs import TimedWork
from storage.cases import CaseRecord
from storage.tables import outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official
from tests.support.casework import act_as, report_case

H = timedelta(hours=1)
DAY = timedelta(days=1)
ALL_FINE = Visit(checks=dict.fromkeys(VISIT_CHECKS, "ok"), income_per_person=9000, notes=None,
                 media=[])


async def report(app: App, *, urgent: bool = False) -> CaseRecord:
    return await report_case(app, village=VILLAGE, town=TOWN, urgent=urgent)


@pytest.mark.parametrize(("urgent", "within"), [(False, 24 * H), (True, 2 * H)])
async def test_a_new_case_must_be_accepted_within_a_day_or_two_hours_if_urgent(
        app: App, clock: MovableClock, urgent: bool, within: timedelta) -> None:
    case = await report(app, urgent=urgent)
    assert (case.due_step, case.due_at) == ("accept", clock.now() + within)


async def test_every_stage_sets_its_deadline_from_the_right_moment(app: App,
                                                                   clock: MovableClock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    lead = await official(app, 21, "town_lead", TOWN, "赵镇长")
    reported_at = clock.now()
    case = await report(app)

    clock.advance(5 * H)
    case = await act_as(app, officer, case.id, "accept")
    assert (case.due_step, case.due_at) == ("visit", clock.now() + 3 * DAY)

    clock.advance(2 * DAY)
    case = await act_as(app, officer, case.id, "visit", record=ALL_FINE)
    assert (case.due_step, case.due_at) == ("decision", reported_at + 15 * DAY)  # from the report

    clock.advance(4 * DAY)
    case = await act_as(app, officer, case.id, "propose", category="sudden")
    assert (case.due_step, case.due_at) == ("approval", clock.now() + 5 * DAY)

    clock.advance(DAY)
    case = await act_as(app, lead, case.id, "approve")
    admin = await official(app, 31, "district_admin", DISTRICT, "钱区长")
    case = await through_the_steps(app, clock, case, officer, admin)
    assert (case.stage, case.due_step, case.due_at) == ("monitored", "follow_up",
                                                        clock.now() + 30 * DAY)

    on = app.services.programme.local(clock.now()).date() + timedelta(days=10)
    case = await act_as(app, officer, case.id, "followup", on=on)
    tz = app.services.programme.timezone
    assert (case.due_step, case.due_at) == ("follow_up", datetime.combine(on, time(23, 59), tz))

    await act_as(app, officer, case.id, "measure",
              measure=Measure(kind=MEASURES[0], start=on - timedelta(days=10)))
    clock.advance(181 * DAY)
    case = await act_as(app, officer, case.id, "visit", record=ALL_FINE)  # a follow-up visit
    assert (case.due_step, case.due_at) == ("follow_up", clock.now() + 30 * DAY)
    case = await act_as(app, officer, case.id, "close", reason="risk_eliminated")
    case = await through_the_steps(app, clock, case, officer, admin)
    assert (case.stage, case.due_step, case.due_at) == ("closed", "recheck",
                                                       clock.now() + 180 * DAY)


async def through_the_steps(app: App, clock: MovableClock, case: CaseRecord, officer: int,
                            admin: int) -> CaseRecord:
    """评议 (10 days to hold it), 公示 (down at local midnight after 5 full days; the
    scheduler moves it on), 审定 (10 days for the district)."""
    assert (case.stage, case.due_step, case.due_at) == ("review", "review", clock.now() + 10 * DAY)
    clock.advance(2 * DAY)
    case = await act_as(app, officer, case.id, "review", held_on=local_day(app, clock),
                        outcome="pass", attending=30)
    tz = app.services.programme.timezone
    down = datetime.combine(local_day(app, clock) + timedelta(days=6), time(0), tz)
    assert (case.stage, case.due_step, case.due_at) == ("notice", "notice", down)
    clock.set(down - timedelta(minutes=1))
    await TimedWork(app.background()).tick()
    assert (await app_case(app, case.id)).stage == "notice"  # still up on its last day
    clock.set(down)
    await TimedWork(app.background()).tick()
    case = await app_case(app, case.id)
    assert (case.stage, case.due_step, case.due_at) == ("confirm", "confirm", clock.now() + 10 * DAY)
    clock.advance(3 * DAY)
    return await act_as(app, admin, case.id, "confirm", approved=True)


def local_day(app: App, clock: MovableClock):  # type: ignore[no-untyped-def]
    return app.services.programme.local(clock.now()).date()


async def app_case(app: App, case_id: int) -> CaseRecord:
    async with app.db.begin() as tx:
        found = await app.services.cases.by_id(tx, case_id)
    assert found is not None
    return found


@pytest.mark.parametrize(("step", "stage"), [("decision", "visited"), ("follow_up", "monitored"),
                                             ("recheck", "closed")])
async def test_a_missed_decision_follow_up_or_recheck_climbs_to_the_town_lead_once(
        app: App, clock: MovableClock, step: str, stage: str) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await new_case(app, step=step, due_in=H, owner_id=officer, stage=stage)
    work = TimedWork(app.background())
    clock.advance(2 * H)
    await work.tick()
    await work.tick()
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox.c.chat_id, outbox.c.params)
                                 .where(outbox.c.key == "due.escalated"))).all()
    assert [r.chat_id for r in rows] == ["21"]
    assert rows[0].params["step"] == {"key": f"due.step.{step}", "params": {}}

