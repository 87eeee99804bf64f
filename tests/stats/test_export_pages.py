"""The case list read in short pages is the same list as one read in one transaction."""

from __future__ import annotations

from bot.app import App
from cases.statistics import Scope
from storage.case_export import export_cases, export_cases_in_pages
from tests.stats.register import VILLAGES, known_register, load, local, row


async def test_pages_give_every_case_once_in_order_even_when_report_times_tie(app: App) -> None:
    """Pages end in the middle of runs of cases reported at the same second: the (time, id)
    cursor neither repeats nor skips one."""
    tied = local(2021, 6, 1, 9, 0)
    register = known_register() + [
        row(9000 + n, household=f"TIE{n}", village=VILLAGES[n % 4], people=2, reported=tied)
        for n in range(7)]
    await load(app.db, register)
    cipher = app.services.cases.cipher
    async with app.db.begin() as tx:
        whole = await export_cases(tx, cipher, Scope())
    for page in (3, 7, 500):
        paged = await export_cases_in_pages(app.db, cipher, Scope(), page=page)
        assert [c.ref for c in paged] == [c.ref for c in whole], page
    assert len(whole) == len(register)
    town = Scope("town", "500119101000")
    async with app.db.begin() as tx:
        in_town = await export_cases(tx, cipher, town)
    assert [c.ref for c in await export_cases_in_pages(app.db, cipher, town, page=4)] == [
        c.ref for c in in_town]
    assert 0 < len(in_town) < len(whole)
