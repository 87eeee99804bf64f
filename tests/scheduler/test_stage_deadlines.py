"""Each stage sets its own deadline (accept 24 h / urgent 2 h, visit 3 days, decision 15 days
from the report, approval 5 days, follow-up 30 days or the officer's date, re-check 180 days
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
from tests.scheduler.helpers import TOWN, VILLAGE, new_case, official
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
    assert (case.due_step, case.due_at) == ("follow_up", clock.now() + 30 * DAY)

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
    assert (case.stage, case.due_step, case.due_at) == ("closed", "recheck",
                                                       clock.now() + 180 * DAY)


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

