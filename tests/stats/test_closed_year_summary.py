"""A closed year's figures are kept (storage/figure_summary.py) and stay exactly the counted
ones: the same report twice, and a changed report as soon as that year's history changes — a
late-imported case, a late step on one of its cases."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from bot.app import App
from bot.cli.cases_import import load_history
from bot.settings import Settings
from cases import casework
from cases.clock import MovableClock
from cases.statistics import Count, Scope, Statistics, timeliness_of
from cases.stats_query import yearly_statistics
from cases.vocab import VISIT_CHECKS
from storage.tables import cases
from storage.tables_summary import closed_year_figures
from tests.flows.intake_helpers import add_official
from tests.stats.history_file import write_history
from tests.stats.register import NOW, TZ, known_register, load
from tests.support.casework import act_as

DISTRICT, TOWN, VILLAGE = Scope(), Scope("town", "500119101000"), Scope("village", "500119101201")


async def _stats(app: App, year: int, scope: Scope = DISTRICT) -> Statistics:
    async with app.db.begin() as tx:
        return await yearly_statistics(tx, year=year, scope=scope,
                                       register=app.services.divisions, tz=TZ, now=NOW)


async def _kept_rows(app: App) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(select(func.count()).select_from(closed_year_figures)))
                   .scalar_one())


async def test_kept_figures_are_the_counted_ones(app: App) -> None:
    await load(app.db, known_register())
    for scope in (DISTRICT, TOWN, VILLAGE):
        counted = await _stats(app, 2021, scope)
        assert await _stats(app, 2021, scope) == counted
    assert await _kept_rows(app) == 3  # one per scope: the second reports read them
    # The year still running is counted every time, never kept.
    await _stats(app, 2022)
    assert await _kept_rows(app) == 3


async def test_a_late_imported_case_changes_the_closed_year(app: App, settings: Settings,
                                                          tmp_path: Path) -> None:
    await load(app.db, known_register())
    before = await _stats(app, 2021)
    assert before.summary.total == Count(614, 1982)
    # A paper file found in 2022: a household identified in March 2021, imported now.
    path = tmp_path / "late.csv"
    write_history(path, [{
        "reference": "NC-2021-000900", "household_id": "HLATE1", "village_code": "500119101201",
        "people": "3", "source": "self", "risk_types": "illness", "category": "marginal",
        "reported_at": "2021-03-01", "identified_at": "2021-03-20 10:00", "eliminated_at": "",
        "closed_reason": ""}])
    assert await load_history(settings, str(path), MovableClock(NOW, frozen=True)) == 0

    after = await _stats(app, 2021)
    assert after.summary.total == Count(615, 1985)
    assert after.summary.new == before.summary.new + Count(1, 3)
    assert after.new_by_month[2] == before.new_by_month[2] + Count(1, 3)  # March
    later = await _stats(app, 2022)  # totals carry it into the next year too
    assert later.summary.total == Count(616, 1990)


async def test_a_late_visit_changes_the_closed_years_timeliness(app: App) -> None:
    await load(app.db, known_register())
    before = timeliness_of(await _stats(app, 2021), "visit", "all", None)
    assert before is not None
    # A case reported and accepted in June 2021 is visited only in February 2022.
    admin = await add_official(app, user_id=9101, role="district_admin",
                               division="500119000000", name="区管理员")
    async with app.db.begin() as tx:
        case_id = (await tx.execute(select(cases.c.id).where(
            cases.c.household_id == "HR00000"))).scalar_one()
    work = casework.Work(store=app.services.cases, register=app.services.divisions,
                         programme=replace(app.services.programme,
                                           income_lines={2022: Decimal(6000)},
                                           inclusion_steps=(), elimination_steps=()))
    await act_as(app, admin, case_id, "visit", at=NOW, work=work, record=casework.Visit(
        checks=dict.fromkeys(VISIT_CHECKS, "ok"), income_per_person=9000, notes=None, media=[]))

    after = timeliness_of(await _stats(app, 2021), "visit", "all", None)
    assert after is not None
    assert after.n == before.n + 1
    assert after.p90_s > before.p90_s  # eight months to visit: the slowest of the year
