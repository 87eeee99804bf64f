"""The due scan over 100,000 open cases: milliseconds per scheduler tick.

    python bench/bench_due_scan.py [--cases 100000] [--ticks 20] [--backend sqlite|postgres|both]

Cases get deadlines spread from 20 days ago to 30 days ahead (escalation levels to match, as
a running system would have them), across the demo villages, with officials on every level.
Each tick moves the clock 30 s (the default SCHEDULER_TICK_SECONDS) and runs the scan;
prints median / p95 / max per tick and the notices it made. Targets: ≤ 200 ms SQLite,
≤ 100 ms PostgreSQL. Not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    add_backend_option,
    fresh_app,
    insert_batched,
    run_on_backends,
    spread,
    timed,
)
from scheduler.jobs import TimedWork
from storage import officials as officials_repo
from storage.tables import cases

START = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
STEPS = [("reported", "accept"), ("accepted", "visit"), ("visited", "decision"),
         ("proposed", "approval"), ("monitored", "follow_up")]


async def seed(app, n: int) -> None:  # type: ignore[no-untyped-def]
    register = app.services.divisions
    villages = [(v.code, t.code) for t in register.towns() for v in register.villages_of(t.code)]
    async with app.db.begin() as tx:
        for i, (village, _town) in enumerate(villages):
            await officials_repo.grant(tx, channel="telegram", user_id=1000 + i, chat_id=1000 + i,
                                       display_name=f"officer {i}", role="officer",
                                       division_code=village, now=START)
        for i, town in enumerate({t for _, t in villages}):
            await officials_repo.grant(tx, channel="telegram", user_id=2000 + i, chat_id=2000 + i,
                                       display_name=f"lead {i}", role="town_lead",
                                       division_code=town, now=START)
        district = register.get(villages[0][1]).parent_code
        await officials_repo.grant(tx, channel="telegram", user_id=3000, chat_id=3000,
                                   display_name="admin", role="district_admin",
                                   division_code=district, now=START)
    await insert_batched(app, cases, case_rows(villages, n))


def case_rows(villages: list[tuple[str, str]], n: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(7)
    for i in range(n):
        village, town = villages[i % len(villages)]
        stage, step = STEPS[i % len(STEPS)]
        due = START + timedelta(seconds=rng.uniform(-20 * 86400, 30 * 86400))
        overdue = START - due
        level = 0 if overdue < timedelta(0) else (1 if overdue < timedelta(days=1) else 2)
        if step == "approval":
            level = min(level, 1)
        yield dict(
            ref=f"NC-2026-{i + 1:06d}", source="self", village_code=village, town_code=town,
            head_name="户主", people=3, risk_types=["illness"], media=[], urgent=False,
            stage=stage, reported_at=due - timedelta(days=10), due_step=step, due_at=due,
            escalation_level=level, updated_at=due - timedelta(days=10), version=1)


async def bench(backend: str, n: int, ticks: int) -> None:
    async with fresh_app(backend, START) as (app, clock):
        t0 = time.perf_counter()
        await seed(app, n)
        print(f"[{backend}] seeded {n:,} open cases in {time.perf_counter() - t0:.1f} s")
        if backend == "postgres":
            async with app.db.begin() as tx:
                from sqlalchemy import text

                await tx.execute(text("ANALYZE"))
        scan = TimedWork(app.background()).scan
        result, first = await timed(scan.run(clock.now()))
        print(f"[{backend}] first tick (1 h look-back): {first:.1f} ms, "
              f"{result.reminders} reminders, {result.escalations} escalations")
        times, made = [], [0, 0]
        for _ in range(ticks):
            clock.advance(timedelta(seconds=30))
            result, took = await timed(scan.run(clock.now()))
            times.append(took)
            made[0] += result.reminders
            made[1] += result.escalations
        print(f"[{backend}] {ticks} ticks of 30 s: {spread(times)}; "
              f"{made[0]} reminders, {made[1]} escalations made")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--ticks", type=int, default=20)
    add_backend_option(parser)
    args = parser.parse_args()
    run_on_backends(args.backend, lambda backend: bench(backend, args.cases, args.ticks))


if __name__ == "__main__":
    main()
