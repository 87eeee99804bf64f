"""Transactions for the update path on SQLite: one connection held for the process's life,
begun and committed with one sqlite3 call each.

Why: every update costs a transaction to handle it, and its batch one to record it and one to
mark its replies delivered. Through SQLAlchemy's async engine a transaction costs ~100–150 µs
of CPU before its first statement — the pool's checkout and reset-on-return plus four greenlet
hops (connect, begin, commit, close) — about a tenth of all the CPU an update takes over HTTP
(bench/bench_http_load.py). Here the connection is checked out once; a transaction is
`BEGIN IMMEDIATE` and `COMMIT` on the in-loop sqlite3 connection, and the statements in it
run through SQLAlchemy as usual, or straight on sqlite3 (storage/sqlite_direct.py).

How SQLAlchemy sees it: the held connection autobegins once, on its first statement, and its
transaction then stays open for good (storage/db.py's begin hook does nothing when sqlite3 is
already in a transaction), so SQLAlchemy never commits or rolls back on its own; the real
transactions are the ones begun and ended here.

Everything else (scheduler jobs, imports, the CLI) keeps using the engine's pool, whose own
connection waits for the write lock asynchronously like another process would (see
storage/sqlite_inloop.py); so the engine's pool holds two connections on a SQLite file.
PostgreSQL, and SQLite in memory or without the in-loop driver, use `engine.begin()`.
"""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.engine import Engine as SyncEngine
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.db import Tx
from storage.sqlite_inloop import BUSY_DEADLINE, InLoopConnection, is_busy, wait_and_retry

TURN_EVERY = 0.002  # seconds: the longest the update path runs without letting others in


class HotPath:
    """The held connection of one engine, and the lock that gives it to one transaction at a time."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._lock = asyncio.Lock()
        self._conn: AsyncConnection | None = None
        self._raw: sqlite3.Connection | None = None
        self._turn_given = 0.0  # event-loop time of the last turn given (below)
        database = engine.url.database or ""
        self.enabled = engine.dialect.name == "sqlite" and database not in ("", ":memory:")

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[Tx]:
        if not self.enabled:
            async with self.engine.begin() as tx:
                yield tx
            return
        # A turn for the event loop's other tasks: everything below can run without ever
        # suspending (in-loop SQLite, an uncontended lock), and a caller handling update
        # after update would otherwise starve the loop — polling, sending, timers, a child
        # process's exit. The pool's checkout used to give this turn as a side effect. One
        # turn per TURN_EVERY is enough for them, and spares most transactions a loop round.
        now = asyncio.get_running_loop().time()
        if now - self._turn_given >= TURN_EVERY:
            self._turn_given = now
            await asyncio.sleep(0)
        async with self._lock:
            conn, raw = await self._connection()
            if raw is None:  # not the in-loop driver after all: the usual way
                self.enabled = False
                async with self.engine.begin() as tx:
                    yield tx
                return
            await _run(raw, "BEGIN IMMEDIATE")
            try:
                yield conn
                await _run(raw, "COMMIT")
            except BaseException:
                if raw.in_transaction:
                    raw.execute("ROLLBACK")
                raise

    async def _connection(self) -> tuple[AsyncConnection, sqlite3.Connection | None]:
        if self._conn is None or self._conn.closed:
            self._conn = await self.engine.connect()
            driver = (await self._conn.get_raw_connection()).driver_connection
            self._raw = driver._conn if isinstance(driver, InLoopConnection) else None
        return self._conn, self._raw

    async def close(self) -> None:
        async with self._lock:
            if self._conn is not None:
                await self._conn.close()
            self._conn = self._raw = None


async def _run(raw: sqlite3.Connection, sql: str) -> None:
    """BEGIN IMMEDIATE or COMMIT, waiting asynchronously while another connection holds the
    write lock (both are safe to retry: see storage/sqlite_inloop.py)."""
    try:
        try:
            raw.execute(sql)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            await wait_and_retry(lambda: raw.execute(sql), BUSY_DEADLINE)
    except sqlite3.OperationalError as exc:  # as SQLAlchemy's, which the callers retry on
        raise OperationalError(sql, None, exc) from exc


_HOT: weakref.WeakKeyDictionary[SyncEngine, HotPath] = weakref.WeakKeyDictionary()


def hot_path(engine: AsyncEngine) -> HotPath:
    path = _HOT.get(engine.sync_engine)
    if path is None:
        path = _HOT[engine.sync_engine] = HotPath(engine)
    return path


def hot_transaction(engine: AsyncEngine) -> AbstractAsyncContextManager[Tx]:
    """One transaction on the update path (see the module doc); `engine.begin()` elsewhere."""
    return hot_path(engine).begin()


async def close_hot_path(engine: AsyncEngine) -> None:
    """Give the held connection back before the engine is disposed."""
    path = _HOT.pop(engine.sync_engine, None)
    if path is not None:
        await path.close()
