"""Query times on a province-sized PostgreSQL database (issue 12): the due scan, the /cases
inbox, /stats for a year and the all-district report, on data from bench/generator.py.

    python bench/bench_scale.py --cases 100000                      # a new database, dropped after
    python bench/bench_scale.py --database-url URL --data-key KEY    # one generator.py filled

Without --database-url a database is created on PostgreSQL at 127.0.0.1 (TEST_POSTGRES_URL),
filled with --cases cases, measured and dropped (--keep leaves it). With it, the database must
already hold the generator's data, sealed under --data-key. The due scan writes (notices,
outbox rows, escalation levels), so a second run on the same database measures a slightly
different state (--later-hours moves the clock past it). The database is vacuumed and
analysed first, as autovacuum would leave it. Use --backend sqlite for a SQLite file (one
district's size, for the README).

Prints, for each figure, median / p95 / p99 / max in milliseconds, and the statements per
scan tick. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, text

from bench.generator import NOW, describe, generate
from bot.app import App, build_app
from bot.settings import Settings
from cases.clock import MovableClock
from cases.inbox import official_inbox
from cases.statistics import Scope, assemble, scope_for, year_window
from cases.stats_query import yearly_statistics
from handlers.case_view import INBOX_PAGE
from scheduler.jobs import TimedWork
from storage import officials as officials_repo
from storage.crypto import generate_key
from storage.statistics import figures
from storage.tables import official_roles
from storage.tables_summary import closed_year_figures

YEAR = NOW.year - 1


def line(name: str, times: list[float]) -> str:
    times = sorted(times)

    def pct(p: float) -> float:
        return times[max(0, math.ceil(p * len(times)) - 1)]  # nearest rank

    return (f"{name:<48} median {statistics.median(times):8.1f}  p95 {pct(0.95):8.1f}  "
            f"p99 {pct(0.99):8.1f}  max {times[-1]:8.1f} ms  (n={len(times)})")


async def timed(runs: int, work: Callable[[], Awaitable[Any]]) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await work()
        out.append((time.perf_counter() - t0) * 1000)
    return out


async def official_for(app: App, code: str) -> Any:
    async with app.db.begin() as tx:
        official_id = (await tx.execute(
            official_roles.select().with_only_columns(official_roles.c.official_id)
            .where(official_roles.c.division_code == code).limit(1))).scalar_one()
        return await officials_repo.by_id(tx, official_id)


async def measure(app: App, clock: MovableClock, summary: Any, runs: int, ticks: int,
                  scan_only: bool = False) -> None:
    register = app.services.divisions
    statements = [0]

    def count(*_: Any) -> None:
        statements[0] += 1

    # The due scan: the first tick of a new database looks back an hour, then 30 s ticks.
    scan = TimedWork(app.background()).scan
    event.listen(app.db.sync_engine, "before_cursor_execute", count)
    t0 = time.perf_counter()
    result = await scan.run(clock.now())
    first = (time.perf_counter() - t0) * 1000
    made_first = result.reminders + result.escalations
    print(f"{'due scan, first tick (1 h look-back)':<48} {first:8.1f} ms, {statements[0]} "
          f"statements (aim: 1 + ⌈{made_first} / 500⌉ = {1 + math.ceil(made_first / 500)}), "
          f"{result.reminders} reminders, {result.escalations} escalations")
    per_tick, made, tick_times, idle = [], [0, 0], [], []
    for _ in range(ticks):
        clock.advance(timedelta(seconds=30))
        statements[0] = 0
        t0 = time.perf_counter()
        result = await scan.run(clock.now())
        tick_times.append((time.perf_counter() - t0) * 1000)
        per_tick.append(statements[0])
        if not result.reminders and not result.escalations:
            idle.append(statements[0])
        made[0] += result.reminders
        made[1] += result.escalations
    event.remove(app.db.sync_engine, "before_cursor_execute", count)
    print(line("due scan, one 30 s tick", tick_times)
          + f"; statements/tick max {max(per_tick)}, on ticks that made nothing "
          f"{sorted(set(idle)) or '-'}; {made[0]} reminders, {made[1]} escalations")
    if scan_only:
        return

    # The inbox of a hot village's officer, an ordinary one's, a town lead's, a district admin's.
    who = [("officer, hot village", summary.hot_villages[0]),
           ("officer, ordinary village", summary.ordinary_village),
           ("town lead", summary.town), ("district admin", summary.district)]
    for name, code in who:
        official = await official_for(app, code)

        async def page(official: Any = official) -> None:
            async with app.db.begin() as tx:
                await official_inbox(tx, official, limit=INBOX_PAGE, offset=0)
        await page()
        print(line(f"/cases inbox, {name}", await timed(runs, page)))

    # /stats for a year: one district, then the report of every district.
    district_scope = scope_for(register, summary.district)

    async def stats(scope: Scope) -> None:
        async with app.db.begin() as tx:
            await yearly_statistics(tx, year=YEAR, scope=scope, register=register,
                                    tz=app.services.programme.timezone, now=clock.now())
    async def counted(scope: Scope) -> None:
        """As the first report after a change of the year's history: nothing kept."""
        async with app.db.begin() as tx:
            await tx.execute(closed_year_figures.delete())
        await stats(scope)

    # A closed year: counted the first time (and after each change of its history), then
    # read from the summary with today's stages and monitored households counted.
    print(line(f"/stats {YEAR}, one district, counted", await timed(
        max(3, runs // 20), lambda: counted(district_scope))))
    print(line(f"/stats {YEAR}, one district, kept", await timed(
        max(3, runs // 20), lambda: stats(district_scope))))
    print(line(f"report {YEAR}, all districts, counted", await timed(3, lambda: counted(Scope()))))

    async def counted_forward(scope: Scope) -> None:
        """As the first report after a change of that year's history alone: the year before
        is kept, and the year is counted forward from it."""
        async with app.db.begin() as tx:
            await tx.execute(closed_year_figures.delete().where(
                closed_year_figures.c.year == YEAR))
        await stats(scope)
    async with app.db.begin() as tx:  # the year before, kept
        await yearly_statistics(tx, year=YEAR - 1, scope=Scope(), register=register,
                                tz=app.services.programme.timezone, now=clock.now())
    print(line(f"report {YEAR}, all districts, counted forward from {YEAR - 1}", await timed(
        3, lambda: counted_forward(Scope()))))
    print(line(f"report {YEAR}, all districts, kept", await timed(5, lambda: stats(Scope()))))

    # The running year is counted forward from last year's kept figures (this year's cases
    # and the households that moved into it), every time; from scratch for comparison.
    async def running_year() -> None:
        async with app.db.begin() as tx:
            await yearly_statistics(tx, year=NOW.year, scope=Scope(), register=register,
                                    tz=app.services.programme.timezone, now=clock.now())

    async def running_year_from_scratch() -> None:
        async with app.db.begin() as tx:
            raw = await figures(tx, Scope(), year_window(
                NOW.year, app.services.programme.timezone), clock.now())
        assemble(raw, year=NOW.year, scope=Scope(), register=register, now=clock.now())
    print(line(f"report {NOW.year} (running year), all districts", await timed(
        5, running_year)))
    print(line("the same, figures counted from every year", await timed(
        1, running_year_from_scratch)))


async def open_by_village(url: str) -> dict[str, int]:
    """Open cases per village of a database filled before."""
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT village_code, count(*) FROM cases WHERE stage <> 'closed' "
                "GROUP BY village_code"))).all()
    finally:
        await engine.dispose()
    return {r[0]: int(r[1]) for r in rows}


async def main(args: argparse.Namespace) -> None:
    # On a database measured before, start where no notice was made yet.
    clock = MovableClock(NOW + timedelta(hours=args.later_hours), frozen=True)
    key = args.data_key or generate_key()
    if args.database_url:
        url, drop = args.database_url, None
    elif args.backend == "sqlite":
        folder = tempfile.mkdtemp()
        url, drop = f"sqlite+aiosqlite:///{folder}/bench.db", None
    else:
        import asyncpg

        from tests.support.databases import PG_ADMIN_URL
        name = f"sn_bench_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(PG_ADMIN_URL)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        url, drop = f"{url}/{name}", name
    try:
        if not args.database_url:
            summary = await generate(url, args.cases, key)
            print(describe(summary))
        else:
            from bench.generator import Generator, Register, ordinary_village
            from storage.crypto import FieldCipher

            gen = Generator(args.cases, FieldCipher(key))
            summary = gen.summary
            summary.hot_villages = gen.hot
            summary.open_by_village = await open_by_village(url)
            summary.ordinary_village = (ordinary_village(summary.open_by_village, gen.hot)
                                        or Register.build().villages[0][0])
            summary.town = gen.town_of[summary.ordinary_village]
            summary.district = gen.district_of[summary.town]
        app = await build_app(Settings(database_url=url, data_key=key), clock)
        try:
            async with app.db.begin() as tx:
                # A first tick: no watermark (a database measured before had one).
                await tx.execute(text("DELETE FROM scheduler_state WHERE name = 'due.watermark'"))
            if app.db.dialect.name == "postgresql":
                # As autovacuum leaves a table that has settled: statistics, and the visibility
                # map that lets index-only scans skip the table (a fresh COPY has none).
                async with app.db.connect() as conn:
                    await conn.execution_options(isolation_level="AUTOCOMMIT")
                    await conn.execute(text("VACUUM ANALYZE"))
            await measure(app, clock, summary, args.runs, args.ticks, args.scan_only)
        finally:
            await app.close()
    finally:
        if drop and not args.keep:
            import asyncpg

            from tests.support.databases import PG_ADMIN_URL
            admin = await asyncpg.connect(PG_ADMIN_URL)
            await admin.execute(f'DROP DATABASE IF EXISTS "{drop}" WITH (FORCE)')
            await admin.close()
        elif drop:
            print(f"kept: {url}  DATA_KEY={key}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--data-key", default=None)
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--runs", type=int, default=100, help="inbox pages per official")
    parser.add_argument("--ticks", type=int, default=20)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--scan-only", action="store_true", help="measure the due scan only")
    parser.add_argument("--later-hours", type=float, default=0,
                        help="start the clock this long after the generator's NOW")
    asyncio.run(main(parser.parse_args()))
