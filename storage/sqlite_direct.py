"""Run a Core statement straight on the in-loop sqlite3 connection, inside the current
SQLAlchemy transaction.

Why: a conversation step makes three statements (load, save, record the update), and
SQLAlchemy's per-execution work (execution context, parameter and result processing through
the async adapter) costs ~70 µs each here, more than SQLite itself. The statement is still
written and compiled by SQLAlchemy, once; its bind and result processors are SQLAlchemy's
own, so the values on disk are exactly those the ORM path writes and reads. Only for the
hot path; everything else goes through SQLAlchemy as usual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from storage.db import Tx
from storage.sqlite_inloop import InLoopConnection
from storage.tables import UtcDateTime

Processor = Callable[[Any], Any] | None


class DirectStatement:
    """A statement compiled once for a dialect; executed on a raw sqlite3 connection."""

    def __init__(self, statement: ClauseElement, dialect: Dialect,
                 keys: Sequence[str] | None = None) -> None:
        # A select/insert/update/delete compiles to an SQLCompiler (its bind attributes below).
        compiled = cast(SQLCompiler, statement.compile(
            dialect=dialect, column_keys=list(keys) if keys is not None else None))
        self.sql = compiled.string
        names = compiled.positiontup or []
        # name → SQLAlchemy's own bind processor (a sequence of them only for a tuple-typed
        # bind, which no statement run here has)
        processors = cast(Mapping[str, Processor], compiled._bind_processors)
        self._binds: list[tuple[str, Processor]] = [
            (n, _fast(compiled.binds[n].type, processors.get(n)) if n in compiled.binds
             else processors.get(n)) for n in names]
        # Literals compiled as parameters (e.g. `literal(1)`) carry their own values.
        self._fixed = {n: compiled.binds[n].value for n in names
                       if n in compiled.binds and compiled.binds[n].value is not None}
        columns = getattr(statement, "selected_columns", ())
        self._results: list[Processor] = [c.type._cached_result_processor(dialect, None)
                                          for c in columns]

    def params(self, values: Mapping[str, Any]) -> list[Any]:
        fixed = self._fixed
        out = []
        for name, proc in self._binds:
            value = values[name] if name in values else fixed[name]
            out.append(proc(value) if proc else value)
        return out

    def run(self, conn: sqlite3.Connection, values: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """Errors come out as SQLAlchemy's, as from Core: the engine retries on them (a busy
        database; an update another worker recorded first).

        A plain sqlite3 call, without the in-loop driver's wait for a lock (sqlite_inloop.py),
        and it needs none: it runs inside a transaction begun with BEGIN IMMEDIATE, which
        already holds the write lock and, in WAL mode, the read snapshot, so SQLite has no
        lock left to wait for. (Run outside a transaction it could fail at once with
        "database is locked", the connection having no busy timeout.)"""
        params = self.params(values)
        try:
            rows = conn.execute(self.sql, params).fetchall()
        except sqlite3.IntegrityError as exc:
            raise IntegrityError(self.sql, None, exc) from exc
        except sqlite3.OperationalError as exc:
            raise OperationalError(self.sql, None, exc) from exc
        if not self._results:
            return rows
        return [tuple(proc(v) if proc else v for proc, v in zip(self._results, row, strict=True))
                for row in rows]


def _utc_text(value: datetime | None) -> str | None:
    """An aware datetime as SQLite's DATETIME text in UTC, as UtcDateTime and SQLAlchemy's
    SQLite DATETIME write it, in one step (their chain costs ~4× more; a step binds ~9)."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database: use the clock (UTC)")
    if value.utcoffset():
        value = value.astimezone(UTC)
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} "
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}")


_PROBES = (datetime(2026, 3, 2, 10, 0, 5, 123456, tzinfo=UTC),
           datetime(2026, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=8))))


def _fast(type_: Any, processor: Processor) -> Processor:
    """The one-step writer for UtcDateTime binds, where it writes what SQLAlchemy's chain
    writes (checked here, so a change in SQLAlchemy's format falls back to its chain)."""
    if isinstance(type_, UtcDateTime) and processor is not None \
            and all(processor(p) == _utc_text(p) for p in _PROBES):
        return _utc_text
    return processor


async def raw_sqlite(tx: Tx) -> sqlite3.Connection | None:
    """The sqlite3 connection under this transaction, when it is our in-loop driver."""
    if tx.dialect.name != "sqlite":
        return None
    sync = tx.sync_connection
    if sync is not None and not sync.closed and not sync.invalidated:
        # Inside a begun transaction the pooled connection is there: no greenlet hop to get it.
        driver = sync.connection.driver_connection
    else:
        driver = (await tx.get_raw_connection()).driver_connection
    return driver._conn if isinstance(driver, InLoopConnection) else None
