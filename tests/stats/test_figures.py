"""The district's 2021 figures come out exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.app import App, build_app
from bot.settings import Settings
from cases import casework
from cases.clock import MovableClock
from cases.statistics import Count, Scope, Statistics, nearest_rank, timeliness_of
from cases.stats_query import yearly_statistics
from cases.vocab import VISIT_CHECKS
from storage.cases import CaseRecord
from storage.db import create_engine
from storage.migrate import migrate
from storage.tables import case_events, cases
from tests.flows.intake_helpers import add_official
from tests.stats.register import NOW, TZ, known_register, load, local, row
from tests.support.casework import act_as

HOUR, DAY = 3600.0, 86400.0


DISTRICT = Scope()


async def _stats(app: App, year: int, scope: Scope = DISTRICT) -> Statistics:
    async with app.db.begin() as tx:
        return await yearly_statistics(tx, year=year, scope=scope, register=app.services.divisions,
                                       tz=TZ, now=NOW)


@pytest.fixture
async def loaded(app: App) -> App:
    await load(app.db, known_register())
    return app


async def test_2021_matches_the_district_report(loaded: App) -> None:
    s = (await _stats(loaded, 2021)).summary
    assert s.new == Count(14, 38)
    assert s.total == Count(614, 1982)
    assert s.eliminated == Count(450, 1591)
    # 225 eliminated on the 20th of a month in 2021, plus one at 23:59 on New Year's Eve.
    assert s.eliminated_in_year.households == 226


async def test_year_boundaries_follow_shanghai_time(loaded: App) -> None:
    """Minutes either side of local midnight land in the right year."""
    before, after = (await _stats(loaded, 2020)).summary, (await _stats(loaded, 2022)).summary
    assert before.total == Count(600, 1944)  # the 23:55 identification on 31 Dec 2020 counts
    assert before.eliminated == Count(224, 792)  # not the one at 23:59 on 31 Dec 2021
    assert after.new == Count(1, 5)  # identified ten minutes into 2022
    assert after.total == Count(615, 1987)
    assert after.eliminated == Count(451, 1594)  # eliminated five minutes into 2022
    months = (await _stats(loaded, 2021)).new_by_month
    assert months[0].households == 2 and months[11].households == 2
    assert sum(m.households for m in months) == 14 and sum(m.people for m in months) == 38


async def test_open_overdue_and_monitored_now(loaded: App) -> None:
    stats = await _stats(loaded, 2021)
    steps = {"review": 0, "notice": 0, "confirm": 0}  # the programme's steps: none imported
    assert stats.open_by_stage == {"reported": 1, "accepted": 4, "visited": 3, "proposed": 3,
                                   **steps, "monitored": 164}
    assert stats.overdue_by_stage == {"reported": 1, "accepted": 2, "visited": 1, "proposed": 1,
                                      **steps, "monitored": 0}
    assert stats.summary.monitored == Count(164, 393)


async def test_sources_and_risk_types(loaded: App) -> None:
    stats = await _stats(loaded, 2021)
    assert sum(c.households for c in stats.by_source) == 14
    assert sum(c.cases for c in stats.by_source) == 25  # reports received in 2021
    assert [c.label for c in stats.by_source] == ["self", "neighbour", "visit", "data"]
    assert sum(c.households for c in stats.by_risk) == 14


async def test_town_and_village_breakdowns_add_up(loaded: App) -> None:
    stats = await _stats(loaded, 2021)
    assert sum((v.total for v in stats.villages), Count()) == Count(614, 1982)
    assert sum((t.new for t in stats.towns), Count()) == Count(14, 38)
    town = await _stats(loaded, 2021, Scope("town", "500119101000"))
    village = next(v for v in stats.villages if v.code == "500119101201")
    assert town.summary.total == village.total and town.summary.new == village.new


async def test_timeliness_uses_nearest_rank(loaded: App) -> None:
    stats = await _stats(loaded, 2021)
    accept = timeliness_of(stats, "accept", "all", None)
    assert accept is not None and accept.n == 10
    assert (accept.median_s, accept.p90_s) == (5 * HOUR, 9 * HOUR)
    visit = timeliness_of(stats, "visit", "town", "500119101000")
    assert visit is not None and (visit.median_s, visit.p90_s) == (5 * DAY, 9 * DAY)
    assert timeliness_of(stats, "accept", "village", "500119101201") is not None


def test_nearest_rank_method() -> None:
    assert nearest_rank([4, 1, 3, 2], 0.5) == 2
    assert nearest_rank(list(range(1, 11)), 0.9) == 9
    assert nearest_rank([7], 0.9) == 7


# --- reopening and re-eliminating a household -------------------------------------------
#
# HH00001 (4 people, 长坪村) had its risk eliminated on 20 February 2021. A reopening in 2022
# must not take it out of 2021's figures; a second elimination in 2022 counts it again in
# 2022's "eliminated in the year" (and June's month), while every total counts it once.

HOUSEHOLD, VILLAGE = "HH00001", "500119102201"
REOPENED, RE_ELIMINATED = local(2022, 2, 10, 9, 0), local(2022, 6, 1, 10, 0)


def _work(app: App) -> casework.Work:
    # The closure rules need the year's income line; the default settings start at 2024. The
    # programme's own steps (评议, 公示, 审定) are left out: these figures are about the dates.
    programme = replace(app.services.programme, income_lines={2022: Decimal(6000)},
                        inclusion_steps=(), elimination_steps=())
    return casework.Work(store=app.services.cases, programme=programme,
                         register=app.services.divisions)


async def _act(app: App, admin_id: int, action: str, at: datetime, **args: object) -> CaseRecord:
    async with app.db.begin() as tx:
        case_id = (await tx.execute(select(cases.c.id).where(
            cases.c.household_id == HOUSEHOLD))).scalar_one()
    return await act_as(app, admin_id, case_id, action, at=at, work=_work(app), **args)


async def _stats_at(app: App, year: int, now: datetime, scope: Scope = DISTRICT) -> Statistics:
    async with app.db.begin() as tx:
        return await yearly_statistics(tx, year=year, scope=scope, register=app.services.divisions,
                                       tz=TZ, now=now)


async def test_reopening_in_2022_leaves_2021_figures_alone(loaded: App) -> None:
    before = await _stats(loaded, 2021)
    admin = await add_official(loaded, user_id=9101, role="district_admin",
                               division="500119000000", name="区管理员")
    case = await _act(loaded, admin, "reopen", REOPENED, reason="家中又有人生病")
    assert (case.stage, case.eliminated_at) == ("accepted", None)

    after = await _stats(loaded, 2021)
    assert after.summary.eliminated == before.summary.eliminated == Count(450, 1591)
    assert after.summary.eliminated_in_year == before.summary.eliminated_in_year
    assert after.eliminated_by_month == before.eliminated_by_month
    village_before = next(v for v in before.villages if v.code == VILLAGE)
    village_after = next(v for v in after.villages if v.code == VILLAGE)
    assert village_after.eliminated == village_before.eliminated
    town = await _stats(loaded, 2021, Scope("town", "500119102000"))
    assert town.summary.eliminated == village_before.eliminated  # one village in that town
    # Totals are "ever eliminated by the end of the year": 2022 still counts the household,
    # while its case shows as open again.
    later = await _stats_at(loaded, 2022, REOPENED)
    assert later.summary.eliminated == Count(451, 1594)
    assert later.open_by_stage["accepted"] == before.open_by_stage["accepted"] + 1


async def test_a_second_elimination_in_2022_counts_in_2022_and_once_in_totals(loaded: App
                                                                                ) -> None:
    before = await _stats(loaded, 2021)
    admin = await add_official(loaded, user_id=9101, role="district_admin",
                               division="500119000000", name="区管理员")
    await _act(loaded, admin, "reopen", REOPENED, reason="家中又有人生病")
    await _act(loaded, admin, "visit", REOPENED + timedelta(days=1), record=casework.Visit(
        checks=dict.fromkeys(VISIT_CHECKS, "ok"), income_per_person=9000, notes=None, media=[]))
    await _act(loaded, admin, "propose", REOPENED + timedelta(days=2), category="unstable")
    await _act(loaded, admin, "approve", REOPENED + timedelta(days=3))
    await _act(loaded, admin, "measure", REOPENED + timedelta(days=4), measure=casework.Measure(
        kind="medical_aid", start=date(2022, 2, 14), amount=2000, period="once"))
    case = await _act(loaded, admin, "close", RE_ELIMINATED, reason="risk_eliminated")
    assert (case.stage, case.eliminated_at) == ("closed", RE_ELIMINATED)

    y2021 = await _stats_at(loaded, 2021, RE_ELIMINATED)
    assert y2021.summary.eliminated == Count(450, 1591)
    assert y2021.summary.eliminated_in_year == before.summary.eliminated_in_year
    assert y2021.eliminated_by_month == before.eliminated_by_month
    y2022 = await _stats_at(loaded, 2022, RE_ELIMINATED)
    # Before: HM00001 (3 people) five minutes into 2022. Now HH00001 (4 people) joins it.
    assert y2022.summary.eliminated_in_year == Count(1 + 1, 3 + 4)
    assert y2022.eliminated_by_month[5] == Count(1, 4)  # June
    assert y2022.summary.eliminated == Count(451, 1594)  # the household counts once


async def test_upgrading_recovers_eliminations_reopened_before_the_fix(
        settings: Settings, clock: MovableClock) -> None:
    """Migration 0006 reads the timeline: an elimination followed by a reopening is restored
    to its year; a case closed for another reason and reopened is not counted."""
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine, "0005")
        async with engine.begin() as tx:
            await tx.execute(cases.insert(), [
                row(1, household="HOLD1", village=VILLAGE, people=5, reported=local(2019, 1, 5),
                    identified=local(2019, 2, 1), stage="accepted"),
                row(2, household="HOLD2", village=VILLAGE, people=2, reported=local(2021, 1, 5),
                    stage="accepted")])
            ids = (await tx.execute(select(cases.c.id).order_by(cases.c.id))).scalars().all()
            await tx.execute(case_events.insert(), [
                {"case_id": case_id, "at": at, "actor_kind": "official", "actor_id": 1,
                 "action": action, "details": details}
                for case_id, at, action, details in (
                    (ids[0], local(2021, 3, 20), "closed", {"reason": "risk_eliminated"}),
                    (ids[0], local(2022, 2, 10), "reopened", {"was": "risk_eliminated"}),
                    (ids[1], local(2021, 4, 1), "closed", {"reason": "not_eligible"}),
                    (ids[1], local(2022, 2, 11), "reopened", {"was": "not_eligible"}))])
    finally:
        await engine.dispose()
    app = await build_app(settings, clock)  # migrates to the newest revision
    try:
        stats = await _stats_at(app, 2021, REOPENED)
        assert stats.summary.eliminated == Count(1, 5)
        assert stats.eliminated_by_month[2] == Count(1, 5)  # March 2021
        assert (await _stats_at(app, 2020, REOPENED)).summary.eliminated == Count()
    finally:
        await app.close()
