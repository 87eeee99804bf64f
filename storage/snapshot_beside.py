"""A second connection that reads what a transaction reads, so one report's statements run on
two cores at once (PostgreSQL).

`beside(tx)` exports tx's snapshot (pg_export_snapshot) and opens a REPEATABLE READ
transaction on another connection of the same engine that imports it: every statement there
sees the rows as they were when it was opened. (tx's own statements, READ COMMITTED, see the
latest commits each, as the report's statements always did.) It yields None — run everything
on tx — on SQLite (one writer, no snapshots to share) and when tx has written something
already (another connection cannot see uncommitted rows).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy import text

from storage.db import Tx

A = TypeVar("A")
B = TypeVar("B")


@asynccontextmanager
async def beside(tx: Tx, *, settings: tuple[str, ...] = ()) -> AsyncIterator[Tx | None]:
    """A read-only companion of tx on the same snapshot, or None; `settings` are SET LOCAL
    statements to repeat there (e.g. work_mem)."""
    if tx.dialect.name != "postgresql":
        yield None
        return
    wrote = (await tx.execute(text("SELECT txid_current_if_assigned()"))).scalar()
    if wrote is not None:
        yield None
        return
    snapshot = (await tx.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
    async with tx.engine.connect() as other:
        await other.execution_options(isolation_level="REPEATABLE READ")
        async with other.begin():
            # The import must be the transaction's first statement; it is a literal (the
            # command takes no parameter), and one PostgreSQL made itself.
            await other.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))
            await other.execute(text("SET TRANSACTION READ ONLY"))
            for setting in settings:
                await other.execute(text(setting))
            yield other


async def both(other: Tx | None, first: Awaitable[A], second: Awaitable[B]) -> tuple[A, B]:
    """Both results: at once when `second` runs on a connection of its own (`other`), else one
    after the other (one connection runs one statement at a time)."""
    if other is None:
        return await first, await second
    return await asyncio.gather(first, second)
