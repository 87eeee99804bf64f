"""Query plans at 100,000 cases on PostgreSQL: no hot query reads the whole cases table.

The generator (bench/generator.py) seeds a province-shaped database; after ANALYZE, the real
code runs the due scan, the /cases inbox of a hot village's officer, an ordinary village's
officer, a town lead and a district admin, and /stats for a year of the same areas, while
every statement it sends is recorded. Each recorded statement is then prepared once and
EXPLAINed six times with each recorded set of parameters: PostgreSQL plans the first five
executions for their parameters and may switch to one generic plan from the sixth, and a
generic plan that falls back to a sequential scan would only show then. Any Seq Scan or
Parallel Seq Scan on cases (or on due_clocks, its deadlines' copy) fails the test. Skipped
without PostgreSQL, unless REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text

from bench.generator import NOW, describe, generate
from bot.app import App, build_app
from bot.settings import Settings
from cases.clock import MovableClock
from cases.inbox import official_inbox
from cases.statistics import scope_for
from cases.stats_query import yearly_statistics
from handlers.case_view import INBOX_PAGE
from scheduler.jobs import TimedWork
from storage import officials as officials_repo
from tests.conftest import TEST_KEY
from tests.support.databases import database_url

pytestmark = pytest.mark.postgres

CASES = 100_000
SEED_SECONDS = 60  # the generator's budget for 100,000 cases (issue 12)
FULL_SCANS = ("Seq Scan", "Parallel Seq Scan")
# The tables that grow with the cases: the cases themselves and their deadlines' clocks (where
# the due scan finds the escalations due).
LARGE_TABLES = ("cases", "due_clocks")


def _element(value: Any) -> str:
    """One element of an array literal."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = value.isoformat() if isinstance(value, datetime | date) else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def literal(value: Any) -> str:
    """A parameter as an SQL literal for EXECUTE (the types come from the prepared statement)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return f"'{value.isoformat()}'"
    if isinstance(value, timedelta):
        return f"'{value.total_seconds()} seconds'"
    if isinstance(value, list | tuple):  # an array literal, typed by the statement ('{}' too)
        return "'{" + ",".join(_element(v) for v in value).replace("'", "''") + "}'"
    if isinstance(value, dict):
        value = json.dumps(value)
    return "'" + str(value).replace("'", "''") + "'"


def full_scans(plan: dict[str, Any]) -> Iterator[str]:
    if plan.get("Node Type") in FULL_SCANS and plan.get("Relation Name") in LARGE_TABLES:
        yield f'{plan["Node Type"]} on {plan["Relation Name"]}'
    for child in plan.get("Plans", []):
        yield from full_scans(child)


async def official_of(app: App, code: str) -> Any:
    async with app.db.begin() as tx:
        official_id = (await tx.execute(text(
            "SELECT official_id FROM official_roles WHERE division_code = :code LIMIT 1"),
            {"code": code})).scalar_one()
        return await officials_repo.by_id(tx, official_id)


async def run_the_hot_queries(app: App, clock: MovableClock, areas: dict[str, str]) -> None:
    """The due scan (a first tick and two more), four inboxes and four areas' /stats."""
    scan = TimedWork(app.background()).scan
    for _ in range(3):
        await scan.run(clock.now())
        clock.advance(timedelta(seconds=30))
    register = app.services.divisions
    for code in areas.values():
        official = await official_of(app, code)
        async with app.db.begin() as tx:
            page = await official_inbox(tx, official, limit=INBOX_PAGE, offset=0)
            assert page.lines, f"the generator gave {code} open cases"
        async with app.db.begin() as tx:  # a page further on: past the cases waiting first
            await official_inbox(tx, official, limit=INBOX_PAGE, offset=10 * INBOX_PAGE)
        async with app.db.begin() as tx:
            await yearly_statistics(tx, year=NOW.year - 1, scope=scope_for(register, code),
                                    register=register, tz=app.services.programme.timezone,
                                    now=clock.now())


async def test_no_hot_query_reads_the_whole_cases_table(tmp_path: Path) -> None:
    async with database_url("postgres", tmp_path) as url:
        began = time.perf_counter()
        summary = await generate(url, CASES, TEST_KEY)
        seeded = time.perf_counter() - began
        print(describe(summary))
        assert seeded <= SEED_SECONDS, f"seeding {CASES:,} cases took {seeded:.0f} s"
        assert summary.open_cases > summary.hot_villages.__len__() * 1000

        clock = MovableClock(NOW, frozen=True)
        app = await build_app(Settings(database_url=url, data_key=TEST_KEY,
                                       outbox_limits_enabled=False), clock)
        try:
            async with app.db.begin() as tx:
                await tx.execute(text("ANALYZE"))
            areas = {"hot village": summary.hot_villages[0],
                     "ordinary village": summary.ordinary_village,
                     "town": summary.town, "district": summary.district}
            recorded: dict[str, list[tuple[Any, ...]]] = {}

            def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                       executemany: bool) -> None:
                if " cases" in statement and not executemany:
                    recorded.setdefault(statement, []).append(tuple(parameters or ()))

            event.listen(app.db.sync_engine, "before_cursor_execute", record)
            try:
                await run_the_hot_queries(app, clock, areas)
            finally:
                event.remove(app.db.sync_engine, "before_cursor_execute", record)
        finally:
            await app.close()

        import asyncpg

        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        failures: list[str] = []
        try:
            for n, (statement, parameter_sets) in enumerate(recorded.items()):
                await conn.execute(f"PREPARE q{n} AS {statement}")
                # Each distinct parameter set once (arrays are lists: compared by their text).
                for parameters in {repr(p): p for p in parameter_sets}.values():
                    args = ", ".join(literal(v) for v in parameters)
                    call = f"EXECUTE q{n}({args})" if parameters else f"EXECUTE q{n}"
                    for run in range(1, 7):
                        plan = json.loads(await conn.fetchval(f"EXPLAIN (FORMAT JSON) {call}"))
                        scans = list(full_scans(plan[0]["Plan"]))
                        if scans:
                            failures.append(f"{scans[0]} (execution {run}) in:\n"
                                            f"{statement}\nwith {parameters}")
                            break
                await conn.execute(f"DEALLOCATE q{n}")
        finally:
            await conn.close()
        assert len(recorded) >= 10, sorted(recorded)
        assert not failures, "\n\n".join(failures[:3])
