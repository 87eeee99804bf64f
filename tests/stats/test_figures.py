"""The district's 2021 figures come out exactly, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.app import App
from cases.statistics import Count, Scope, Statistics, nearest_rank, timeliness_of
from cases.stats_query import yearly_statistics
from tests.stats.register import NOW, TZ, known_register, load

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
    assert stats.open_by_stage == {"reported": 1, "accepted": 4, "visited": 3, "proposed": 3,
                                   "monitored": 164}
    assert stats.overdue_by_stage == {"reported": 1, "accepted": 2, "visited": 1, "proposed": 1,
                                      "monitored": 0}
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
