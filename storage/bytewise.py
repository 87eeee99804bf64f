"""Codes sorted and grouped byte by byte on PostgreSQL.

The databases are created with a libc locale (C.UTF-8 here, zh_CN.UTF-8 in many deployments):
PostgreSQL then sorts text with strcoll(), several times slower than comparing bytes — and a
report sorts and groups half a million rows by village, town and household. Division codes
and household numbers are ASCII digits and letters, so byte order is the same order for them;
`bytewise(column)` renders `column COLLATE "C"` on PostgreSQL and the column elsewhere
(SQLite already compares bytes).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal


class Bytewise(ColumnElement[Any]):
    # The column is part of the statement cache's key: two columns are two statements.
    _traverse_internals = [(  # noqa: RUF012 (SQLAlchemy's own declaration style)
        "column", InternalTraversal.dp_clauseelement)]
    inherit_cache = True

    def __init__(self, column: ColumnElement[Any]) -> None:
        self.column = column
        self.type = column.type

    @property
    def _from_objects(self) -> list[Any]:
        return self.column._from_objects


@compiles(Bytewise)
def _plain(element: Bytewise, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(Bytewise, "postgresql")
def _c_collation(element: Bytewise, compiler: Any, **kw: Any) -> str:
    return f'{compiler.process(element.column, **kw)} COLLATE "C"'


def bytewise(column: Any) -> ColumnElement[Any]:
    """`column`, compared byte by byte wherever it is sorted or grouped."""
    return Bytewise(column)
