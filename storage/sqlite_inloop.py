"""SQLite driven from the event loop's own thread, behind SQLAlchemy's aiosqlite dialect.

aiosqlite sends every call (cursor, execute, fetch, close) to a worker thread: about
four thread hops per statement, ~2–3 ms for a conversation step of six statements
(measured in bench/bench_self_report_step.py). SQLite on a local WAL file answers in
microseconds, so this shim runs the same calls inline and hands SQLAlchemy coroutines
that are already done.

The catch, and why it is safe here: a blocked call would block the loop. Within one
process the engine has a single connection (pool_size=1), so transactions queue on
SQLAlchemy's asyncio-aware pool instead of on SQLite's lock; only another process
writing the same file (e.g. a separate `python -m bot scheduler`) can make a call wait,
for at most the busy timeout. Deployments with several processes use PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any


class InLoopCursor:
    """An aiosqlite-shaped cursor over a plain sqlite3 cursor."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InLoopCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> InLoopCursor:
        self._cursor.execute(sql, parameters or ())
        return self

    async def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> InLoopCursor:
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

    def __init__(self, path: str, timeout: float) -> None:
        self._conn = sqlite3.connect(path, timeout=timeout, isolation_level=None,
                                     check_same_thread=False)
        self._connection = self._conn  # the dialect checks this to see the connection is open

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InLoopCursor:
        return InLoopCursor(self._conn.cursor())

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def close(self) -> None:
        self._conn.close()
        self._connection = None  # type: ignore[assignment]

    def stop(self) -> None:
        self._conn.close()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)


def creator(path: str, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    """An async_creator for create_async_engine."""

    async def connect() -> InLoopConnection:
        return InLoopConnection(path, timeout)

    return connect
