"""The report's second connection (storage/snapshot_beside.py): it reads the moment it was
opened, and it is not used by a transaction that has written — so a report counted right after
filing a case in the same transaction counts that case."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from cases.statistics import Scope, year_window
from storage.figure_types import HouseholdCounts
from storage.snapshot_beside import beside
from storage.statistics import figures
from storage.tables import cases
from tests.stats.register import NOW, TZ, VILLAGES, known_register, load, local, row

COUNT = select(func.count()).select_from(cases)


def identified_households(raw_identified: object) -> int:
    assert isinstance(raw_identified, HouseholdCounts)
    return sum(v[0] + v[2] for v in raw_identified.by_village.values())


async def test_a_report_after_a_write_in_its_transaction_counts_that_write(app: App) -> None:
    await load(app.db, known_register())
    window = year_window(2022, TZ)
    async with app.db.begin() as tx:
        before = await figures(tx, Scope(), window, NOW, previous=year_window(2021, TZ))
    async with app.db.begin() as tx:
        await tx.execute(cases.insert(), [row(9901, household="HNEW99", village=VILLAGES[0],
                                              people=2, reported=local(2022, 1, 4),
                                              identified=local(2022, 1, 9), source="self")])
        after = await figures(tx, Scope(), window, NOW, previous=year_window(2021, TZ))
        await tx.rollback()
    assert identified_households(after.identified) == identified_households(
        before.identified) + 1
    reported = {c.label: c.cases for c in after.sources}
    assert reported["self"] == {c.label: c.cases for c in before.sources}["self"] + 1


async def test_the_second_connection_reads_the_moment_it_was_opened(app: App,
                                                                   backend: str) -> None:
    await load(app.db, known_register())
    async with app.db.begin() as tx:
        start = (await tx.execute(COUNT)).scalar_one()
        async with beside(tx) as other:
            if backend == "sqlite":
                assert other is None  # one connection does it all
                return
            assert other is not None
            async with app.db.begin() as elsewhere:  # a case filed meanwhile
                await elsewhere.execute(cases.insert(), [row(
                    9902, household=None, village=VILLAGES[1], people=1,
                    reported=local(2022, 2, 1))])
            assert (await other.execute(COUNT)).scalar_one() == start
    async with app.db.begin() as tx:
        assert (await tx.execute(COUNT)).scalar_one() == start + 1
