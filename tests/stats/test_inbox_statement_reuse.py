"""The /cases inbox statement is built once per shape of scope and reused with other values:
two officers of different villages (the same shape) each see only their own village's open
cases, and a town lead's list is not an officer's."""

from __future__ import annotations

from bot.app import App
from storage.case_inbox import inbox_page
from tests.stats.register import TOWNS, VILLAGES, known_register, load


async def _refs(app: App, *, villages: tuple[str, ...] = (), towns: tuple[str, ...] = ()
                ) -> tuple[set[str], int]:
    async with app.db.begin() as tx:
        page = await inbox_page(tx, villages=villages, towns=towns, everything=False,
                                owner_id=None, approves_towns=towns, approves_all=False,
                                limit=50, offset=0)
    return {line.village_code for line in page.lines}, page.total


async def test_one_statement_serves_every_village(app: App) -> None:
    rows = known_register()
    await load(app.db, rows)
    open_in = {v: sum(1 for r in rows if r["village_code"] == v and r["stage"] != "closed")
               for v in VILLAGES}
    assert open_in[VILLAGES[0]] != open_in[VILLAGES[1]]
    first, first_total = await _refs(app, villages=(VILLAGES[0],))
    second, second_total = await _refs(app, villages=(VILLAGES[1],))
    assert first == {VILLAGES[0]} and first_total == open_in[VILLAGES[0]]
    assert second == {VILLAGES[1]} and second_total == open_in[VILLAGES[1]]
    again, again_total = await _refs(app, villages=(VILLAGES[0],))
    assert (again, again_total) == (first, first_total)
    town, town_total = await _refs(app, towns=(TOWNS[VILLAGES[1]],))  # one village per town
    assert town == {VILLAGES[1]} and town_total == open_in[VILLAGES[1]]
