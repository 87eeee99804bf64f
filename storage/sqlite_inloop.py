"""SQLite driven from the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite sends every call (cursor, execute, fetch, close) to a worker thread: about
four thread hops per statement, ~2–3 ms for a conversation step of six statements
(measured in bench/bench_self_report_step.py). SQLite on a local WAL file answers in
microseconds, so this shim runs the same calls inline and hands SQLAlchemy coroutines
that are already done.

The catch: a call that waits would block the loop. Within one process the engine has a
single connection (pool_size=1), so transactions queue on SQLAlchemy's asyncio-aware pool
instead of on SQLite's lock. Another process writing the same file (the CLI's imports,
`invite`, `officials remove`, `python -m bot scheduler`) can hold the write lock, though,
and SQLite's own busy handler would then sleep inside the sqlite3 call, freezing the bot
for up to the busy timeout. So the connection has no busy timeout: a locked database fails
at once with SQLITE_BUSY, and the async methods below wait for the lock with
`asyncio.sleep` and retry, while the loop serves everyone else.

What is retried, and why that is safe (https://sqlite.org/rescode.html#busy):
- a statement outside an explicit transaction: it is its own transaction, and a busy one
  is rolled back whole, so it had no effect. Every transaction's `BEGIN IMMEDIATE` is one
  of these (storage/db.py), and that is where a writer meets another process's lock;
- COMMIT: a busy COMMIT leaves the transaction open and intact, ready to commit again.
Any other statement inside a transaction is not retried: SQLite says to roll such a
transaction back. It cannot happen here anyway, since BEGIN IMMEDIATE already holds the
write lock (and in WAL mode the read snapshot); the error goes up and the caller retries
the whole transaction (handlers/engine.py does). `executemany` is never retried: outside
a transaction each row would be its own statement and some could already be written.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

# How long a statement may wait for another process's lock before "database is locked"
# goes up: the busy_timeout the connection used to have.
BUSY_DEADLINE = 30.0
# Poll for the lock from 2 ms, doubling to 50 ms: a short wait costs little latency and a
# long one few wake-ups. Another process's transactions are usually milliseconds long.
FIRST_PAUSE = 0.002
MAX_PAUSE = 0.05


def is_busy(exc: sqlite3.Error) -> bool:
    """SQLITE_BUSY (any extended code): another connection holds a lock we need."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return str(exc).startswith(("database is locked", "database is busy"))


def may_retry(conn: sqlite3.Connection, sql: str, exc: sqlite3.Error) -> bool:
    """Whether a statement that failed with `exc` may simply run again (see the module doc)."""
    if not is_busy(exc):
        return False
    if not conn.in_transaction:  # BEGIN, or a statement that is its own transaction
        return True
    return sql.lstrip()[:6].upper() in ("COMMIT", "END")


async def wait_and_retry(call: Callable[[], object], deadline: float) -> None:
    """Run `call` again until it stops failing with SQLITE_BUSY, sleeping between tries;
    after `deadline` seconds the last "database is locked" goes up as before."""
    give_up = time.monotonic() + deadline
    pause = FIRST_PAUSE
    while True:
        await asyncio.sleep(pause)
        try:
            call()
            return
        except sqlite3.OperationalError as exc:
            if not is_busy(exc) or time.monotonic() >= give_up:
                raise
        pause = min(pause * 2, MAX_PAUSE)


class InLoopCursor:
    """An aiosqlite-shaped cursor over a plain sqlite3 cursor."""

    def __init__(self, cursor: sqlite3.Cursor, busy_deadline: float) -> None:
        self._cursor = cursor
        self._busy_deadline = busy_deadline

    async def __aenter__(self) -> InLoopCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InLoopCursor:
        # The fast path is the plain call: the try costs nothing until SQLite says busy.
        try:
            self._cursor.execute(sql, parameters or ())
        except sqlite3.OperationalError as exc:
            if not may_retry(self._cursor.connection, sql, exc):
                raise
            await wait_and_retry(lambda: self._cursor.execute(sql, parameters or ()),
                                 self._busy_deadline)
        return self

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> InLoopCursor:
        # Not retried (see the module doc); SQLAlchemy only sends these inside a transaction.
        self._cursor.executemany(sql, seq)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size) if size else self._cursor.fetchmany()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class InLoopConnection:
    """An aiosqlite-shaped connection; autocommit mode, transactions begun explicitly."""

    def __init__(self, path: str, busy_deadline: float | None = None) -> None:
        # timeout=0: SQLite must never sleep inside a call on the loop's thread; lock waits
        # happen in wait_and_retry (storage/db.py keeps PRAGMA busy_timeout at 0 too).
        self._conn = sqlite3.connect(path, timeout=0, isolation_level=None,
                                     check_same_thread=False)
        self._busy_deadline = BUSY_DEADLINE if busy_deadline is None else busy_deadline
        # the dialect checks this to see the connection is open (None once closed)
        self._connection: sqlite3.Connection | None = self._conn

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InLoopCursor:
        return InLoopCursor(self._conn.cursor(), self._busy_deadline)

    async def commit(self) -> None:
        # A busy COMMIT keeps the transaction open and intact, so committing again is safe.
        # (In WAL mode the writer already holds every lock COMMIT needs; in rollback-journal
        # mode COMMIT waits for readers to leave.)
        try:
            self._conn.commit()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            await wait_and_retry(self._conn.commit, self._busy_deadline)

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
        self._connection = None

    def stop(self) -> None:
        self._conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)


def creator(path: str, busy_deadline: float | None = None
            ) -> Callable[[], Awaitable[InLoopConnection]]:
    """An async_creator for create_async_engine."""

    async def connect() -> InLoopConnection:
        return InLoopConnection(path, busy_deadline)

    return connect
