"""What the benchmarks of a timed job share (bench_due_scan.py, bench_draft_scan.py): a fresh
app on a throwaway database of each backend with a frozen clock, seed rows inserted in
batches, the --backend choice, and the figures of a series of timed runs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import App, build_app
from bot.settings import Settings
from cases.clock import MovableClock
from storage.crypto import generate_key
from tests.support.databases import database_url

BATCH = 5000  # rows per INSERT transaction while seeding
T = TypeVar("T")


@asynccontextmanager
async def fresh_app(backend: str, start: datetime) -> AsyncIterator[tuple[App, MovableClock]]:
    """The app on an empty database of `backend` (migrated), its clock frozen at `start`."""
    with tempfile.TemporaryDirectory() as tmp:
        async with database_url(backend, Path(tmp)) as url:
            clock = MovableClock(start, frozen=True)
            app = await build_app(Settings(database_url=url, data_key=generate_key()), clock)
            try:
                yield app, clock
            finally:
                await app.close()


async def insert_batched(app: App, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Insert the rows BATCH at a time, each batch in its own transaction."""
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            async with app.db.begin() as tx:
                await tx.execute(table.insert(), batch)
            batch = []
    if batch:
        async with app.db.begin() as tx:
            await tx.execute(table.insert(), batch)


def add_backend_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")


def run_on_backends(choice: str, bench: Callable[[str], Awaitable[None]]) -> None:
    """The benchmark on SQLite, PostgreSQL or both, each in its own event loop."""
    for backend in ["sqlite", "postgres"] if choice == "both" else [choice]:
        asyncio.run(bench(backend))


async def timed(run: Awaitable[T]) -> tuple[T, float]:
    """What the run returned, and how long it took in milliseconds."""
    start = time.perf_counter()
    result = await run
    return result, (time.perf_counter() - start) * 1000


def spread(times: list[float]) -> str:
    """Median, p95 and max of run times in milliseconds."""
    ordered = sorted(times)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return (f"median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
            f"max {ordered[-1]:.1f} ms")
