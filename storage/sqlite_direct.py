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
from typing import Any, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from storage.db import Tx
from storage.sqlite_inloop import InLoopConnection

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
        self._binds: list[tuple[str, Processor]] = [(n, processors.get(n)) for n in names]
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
