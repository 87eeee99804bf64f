"""Engine creation and transactions for SQLite (default) and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from storage.sqlite_inloop import creator

# The handle every storage function takes: one connection inside one transaction.
Tx = AsyncConnection

# Opens one transaction: how a bulk import, written in chunks, gets one per chunk.
Transactions = Callable[[], AbstractAsyncContextManager[Tx]]

# Bulk imports write at most this many rows of their file per transaction, and pause this
# long after each: on SQLite a transaction holds the one write lock, and the pause lets
# another process (the bot) take it between two chunks instead of after the whole file.
CHUNK_ROWS = 1000
CHUNK_PAUSE = 0.01

# The execution option read_transaction sets (SQLite begins those deferred).
READ_ONLY = "safety_net_read_only"

T = TypeVar("T")


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Build an async engine; SQLite gets WAL, lock waits on the loop and BEGIN IMMEDIATE."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ":memory:"
        if database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # In-loop connections: transactions queue on the pool (see storage/sqlite_inloop.py).
        # Two: the update path holds one for the process's life (storage/hot_path.py).
        engine = create_async_engine(url, echo=echo, async_creator=creator(database),
                                     pool_size=2, max_overflow=0, pool_timeout=60)
        _tune_sqlite(engine)
        return engine
    return create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, pool_pre_ping=True,
                               connect_args=_postgres_settings(parsed.get_driver_name()))


def _postgres_settings(driver: str) -> dict[str, Any]:
    """Session settings for every PostgreSQL connection. JIT off: PostgreSQL compiles a plan
    to machine code when its *estimated* cost passes jit_above_cost, and the due scan's one
    statement at 1M cases is estimated far above it (a lateral read per due step) while it
    runs in 50 ms — compiling took 1.1 s of every tick. No statement of ours runs long enough
    to gain from JIT (the year's report: 0.70 s without, 0.72 s with)."""
    return {"server_settings": {"jit": "off"}} if driver == "asyncpg" else {}


def _tune_sqlite(engine: AsyncEngine) -> None:
    """Take the write lock when a transaction begins.

    pysqlite's default deferred BEGIN upgrades a read lock to a write lock mid-transaction,
    which fails with "database is locked" under concurrency instead of waiting; BEGIN
    IMMEDIATE waits and so serialises writers cleanly. WAL lets readers go on.

    The wait is not SQLite's busy handler (busy_timeout 0): that sleeps inside the call,
    on the event loop's thread. The in-loop driver waits for the lock with asyncio.sleep
    and retries BEGIN IMMEDIATE instead, for up to 30 s (storage/sqlite_inloop.py).
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # The in-loop connection is already in autocommit mode (isolation_level None).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # 0: a locked database answers SQLITE_BUSY at once; the driver waits asynchronously.
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows (pruned updates, emptied drafts, anonymised cases) are overwritten with
        # zeros, not left readable in free pages of the file.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A read-only transaction (read_transaction) takes no write lock: WAL gives it a
        # snapshot while others write, so it neither waits for them nor holds them up.
        statement = "BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE"
        # The usual case costs one sqlite3 call: straight on the in-loop connection, skipping
        # SQLAlchemy's execution machinery (~50 µs a transaction). Only when SQLite answers
        # busy does it go the driver's way, which waits for the lock without blocking the loop.
        raw = getattr(conn.connection.driver_connection, "_conn", None)
        if isinstance(raw, sqlite3.Connection):
            if raw.in_transaction:  # storage/hot_path.py began it: SQLAlchemy's autobegin joins it
                return
            try:
                raw.execute(statement)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
        conn.exec_driver_sql(statement)


def is_postgres(tx: Tx) -> bool:
    return tx.dialect.name == "postgresql"


@asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[Tx]:
    """One transaction: committed on success, rolled back on any exception."""
    async with engine.begin() as conn:
        yield conn


@asynccontextmanager
async def read_transaction(engine: AsyncEngine) -> AsyncIterator[Tx]:
    """A transaction that only reads: on SQLite a deferred BEGIN, taking no write lock.

    For long reads such as an import's check of the whole register, which would otherwise
    hold the write lock all along. A write in it may fail with "database is locked".
    """
    async with engine.execution_options(**{READ_ONLY: True}).begin() as conn:
        yield conn


@asynccontextmanager
async def chunk_transaction(engine: AsyncEngine) -> AsyncIterator[Tx]:
    """One chunk of a bulk write: its own transaction, then a pause if SQLite (see CHUNK_PAUSE)."""
    async with engine.begin() as conn:
        yield conn
    if engine.dialect.name == "sqlite":  # PostgreSQL locks rows, not the database
        await asyncio.sleep(CHUNK_PAUSE)


def chunk_transactions(engine: AsyncEngine) -> Transactions:
    """What a bulk import takes to open each chunk's transaction."""
    return lambda: chunk_transaction(engine)


def batched(items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most `size` items (CHUNK_ROWS by default)."""
    size = size or CHUNK_ROWS
    for start in range(0, len(items), size):
        yield items[start:start + size]
