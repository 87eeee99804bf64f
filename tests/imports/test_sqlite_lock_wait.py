"""The in-loop SQLite driver waits for another connection's lock without blocking the loop,
retries only what is safe to retry, and gives up after its deadline as before."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage import sqlite_inloop
from storage.db import create_engine, read_transaction
from storage.sqlite_inloop import InLoopConnection


@asynccontextmanager
async def loop_watch() -> AsyncIterator[list[float]]:
    """Ticks every 5 ms; yields a one-item list that ends up holding the longest gap seen."""
    longest = [0.0]

    async def tick() -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            longest[0] = max(longest[0], now - last)
            last = now

    task = asyncio.create_task(tick())
    await asyncio.sleep(0)
    try:
        yield longest
    finally:
        task.cancel()


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection (as another process would) holding the write lock."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()


def make_table(path: Path, wal: bool = True) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t (n INTEGER)")
    conn.close()


async def test_a_transaction_waits_for_another_connections_lock_while_the_loop_runs(
        tmp_path: Path) -> None:
    path = tmp_path / "lock.db"
    make_table(path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as tx:  # connect (pragmas) before the lock is taken
            await tx.execute(text("SELECT 1"))
        with write_lock(path) as other:
            asyncio.get_running_loop().call_later(0.5, other.commit)
            async with loop_watch() as longest:
                started = time.perf_counter()
                async with engine.begin() as tx:
                    await tx.execute(text("INSERT INTO t VALUES (1)"))
                waited = time.perf_counter() - started
        assert 0.45 < waited < 1.0  # it waited for the lock, and got it soon after
        assert longest[0] < 0.1  # and the loop kept ticking meanwhile
        async with engine.begin() as tx:
            assert (await tx.execute(text("SELECT count(*) FROM t"))).scalar() == 1
    finally:
        await engine.dispose()


async def test_after_the_deadline_database_is_locked_goes_up_as_before(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_inloop, "BUSY_DEADLINE", 0.3)
    path = tmp_path / "lock.db"
    make_table(path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        with write_lock(path):
            async with loop_watch() as longest:
                started = time.perf_counter()
                with pytest.raises(OperationalError, match="database is locked"):
                    async with engine.begin() as tx:
                        await tx.execute(text("INSERT INTO t VALUES (1)"))
                assert 0.25 < time.perf_counter() - started < 1.0
            assert longest[0] < 0.1
    finally:
        await engine.dispose()


async def test_a_busy_statement_inside_a_transaction_is_not_retried(tmp_path: Path) -> None:
    """SQLite says: roll such a transaction back. A deferred BEGIN shows it (ours are IMMEDIATE)."""
    path = tmp_path / "lock.db"
    make_table(path)
    conn = InLoopConnection(str(path))
    try:
        cursor = conn.cursor()
        await cursor.execute("BEGIN")
        await cursor.execute("SELECT count(*) FROM t")
        with write_lock(path):
            started = time.perf_counter()
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                await cursor.execute("INSERT INTO t VALUES (1)")
            assert time.perf_counter() - started < 0.05  # at once, no waiting
        await conn.rollback()
    finally:
        await conn.close()


async def test_a_busy_commit_waits_for_readers_and_commits(tmp_path: Path) -> None:
    """In rollback-journal mode COMMIT needs the readers gone; the retry keeps the work."""
    path = tmp_path / "journal.db"
    make_table(path, wal=False)
    conn = InLoopConnection(str(path))
    reader = sqlite3.connect(path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM t").fetchall()  # a shared lock, held
        cursor = conn.cursor()
        await cursor.execute("BEGIN IMMEDIATE")
        await cursor.execute("INSERT INTO t VALUES (7)")
        asyncio.get_running_loop().call_later(0.3, reader.rollback)
        async with loop_watch() as longest:
            started = time.perf_counter()
            await conn.commit()
            assert time.perf_counter() - started > 0.25
        assert longest[0] < 0.1
        assert reader.execute("SELECT n FROM t").fetchall() == [(7,)]
    finally:
        reader.close()
        await conn.close()


async def test_a_read_transaction_neither_waits_for_nor_takes_the_write_lock(tmp_path: Path) -> None:
    """An import's long check of the register must not lock the bot out (storage/db.py)."""
    path = tmp_path / "lock.db"
    make_table(path)
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        with write_lock(path) as other:
            other.execute("INSERT INTO t VALUES (1)")  # not committed: the reader cannot see it
            started = time.perf_counter()
            async with read_transaction(engine) as tx:
                assert (await tx.execute(text("SELECT count(*) FROM t"))).scalar() == 0
                other.commit()  # the other writer was never held up by the reader
            assert time.perf_counter() - started < 0.1
    finally:
        await engine.dispose()
