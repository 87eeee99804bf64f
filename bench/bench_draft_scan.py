"""The abandoned-drafts job over 100,000 chats: milliseconds per run.

    python bench/bench_draft_scan.py [--chats 100000] [--runs 20] [--backend sqlite|postgres|both]

One chat in ten is mid-flow, its last message spread over the past ten days (so each run
finds drafts to remind and to discard the first time, then mostly nothing). Each run moves
the clock 5 minutes (the job's own interval) and runs the job; prints the first run and the
median / max of the rest. Target: ≤ 200 ms SQLite, ≤ 100 ms PostgreSQL, every 5 minutes —
the scan reads the conversations table without an index of its own. Measured (2 CPUs):
steady state 22 ms SQLite, 57 ms PostgreSQL; the first run's backlog (5,000 reminders,
2,975 discards) 8 s and 16 s, in transactions of 100 drafts. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import build_app
from bot.settings import Settings
from cases.clock import MovableClock
from scheduler.drafts import EVERY
from scheduler.jobs import TimedWork
from storage.crypto import generate_key
from storage.tables import conversations
from tests.support.databases import database_url

START = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # noon in Asia/Shanghai: not quiet hours


async def seed(app, n: int) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    rows = []
    for i in range(n):
        mid_flow = i % 10 == 0
        rows.append(dict(channel="telegram", chat_id=str(100_000 + i), user_id=str(100_000 + i),
                         lang="zh", consent_at=START - timedelta(days=30),
                         step="sr.phone" if mid_flow else None,
                         draft={"flow": "self"} if mid_flow else {}, unreachable=False,
                         updated_at=START - timedelta(seconds=rng.uniform(0, 10 * 86400))))
        if len(rows) == 5000:
            async with app.db.begin() as tx:
                await tx.execute(conversations.insert(), rows)
            rows = []
    if rows:
        async with app.db.begin() as tx:
            await tx.execute(conversations.insert(), rows)


async def bench(backend: str, n: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        async with database_url(backend, Path(tmp)) as url:
            clock = MovableClock(START, frozen=True)
            app = await build_app(Settings(database_url=url, data_key=generate_key()), clock)
            try:
                await seed(app, n)
                drafts = TimedWork(app.background()).drafts
                t = time.perf_counter()
                done = await drafts.run(clock.now())
                first = (time.perf_counter() - t) * 1000
                print(f"[{backend}] {n:,} chats, first run: {first:.1f} ms "
                      f"({done.reminded} reminded, {done.discarded} discarded)")
                times = []
                for _ in range(runs):
                    clock.advance(EVERY)
                    t = time.perf_counter()
                    await drafts.run(clock.now())
                    times.append((time.perf_counter() - t) * 1000)
                print(f"[{backend}] {runs} runs 5 min apart: median "
                      f"{statistics.median(times):.1f} ms, max {max(times):.1f} ms "
                      f"(the last {runs // 2}, backlog gone: median "
                      f"{statistics.median(times[runs // 2:]):.1f} ms)")
            finally:
                await app.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    for backend in ["sqlite", "postgres"] if args.backend == "both" else [args.backend]:
        asyncio.run(bench(backend, args.chats, args.runs))


if __name__ == "__main__":
    main()
