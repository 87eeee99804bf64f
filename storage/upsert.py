"""Dialect-aware INSERT … ON CONFLICT, the one portable upsert SQLite and PostgreSQL share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Tx


def insert_for(tx: Tx, table: Table) -> Any:
    """The dialect's insert(), which offers on_conflict_do_update / do_nothing."""
    if tx.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
