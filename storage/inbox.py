"""The inbox: every update as received, sealed, recorded before the channel is told it arrived.

An update counts as handled once processed_updates holds its key (written in the same
transaction as its effects), so handling costs no extra write here; only failures do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import BindParameter

from storage.conversations import seal, unseal
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.sqlite_direct import DirectStatement, raw_sqlite
from storage.tables import ChannelId, UtcDateTime, inbox, processed_updates


@dataclass(frozen=True, slots=True)
class Received:
    """One update to record: its chat, its key and the channel's raw payload."""

    chat_id: str
    update_key: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class InboxItem:
    id: int
    channel: str
    chat_id: str
    update_key: str
    payload: dict[str, Any]
    received_at: datetime
    attempts: int


@cache
def _record_statement(dialect: str) -> Any:
    """Insert an update, or take over a row of the same key past the window (Telegram restarted
    its numbering); a row of the same key within the window returns nothing: a redelivery."""
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(inbox)
    fields = ("payload", "received_at", "attempts", "failed", "last_error")
    return stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id", "update_key"],
        set_={name: getattr(stmt.excluded, name) for name in fields},
        where=inbox.c.received_at < bindparam("cutoff"),
    ).returning(inbox.c.id)


_EXISTING = select(inbox.c.id).where(inbox.c.channel == bindparam("channel"),
                                     inbox.c.chat_id == bindparam("chat_id"),
                                     inbox.c.update_key == bindparam("update_key"))
_KEYS = ["channel", "chat_id", "update_key", "payload", "received_at", "attempts", "failed",
         "last_error"]


async def record(tx: Tx, channel: str, items: list[Received], now: datetime, cutoff: datetime,
                 cipher: FieldCipher | None, again: list[bool] | None = None) -> list[int]:
    """Record a batch; returns each update's inbox id. An update already recorded within the
    window (Telegram delivered it again) is not stored twice: its first row's id comes back,
    and handling it again replays the replies it produced. `again`, when given, is told which
    updates were such redeliveries. One statement per update, compiled once and run straight
    on SQLite's connection (this is on every update's path)."""
    raw = await raw_sqlite(tx)
    ids = []
    rows: Sequence[Any]  # tuples from sqlite3, or SQLAlchemy Rows
    for item in items:
        values = {"channel": channel, "chat_id": str(item.chat_id), "update_key": item.update_key,
                  "payload": seal(cipher, item.payload), "received_at": now, "attempts": 0,
                  "failed": False, "last_error": None, "cutoff": cutoff}
        if raw is not None:
            rows = _direct(tx.dialect, "record").run(raw, values)
            seen = not rows
            rows = rows or _direct(tx.dialect, "existing").run(raw, values)
        else:
            rows = (await tx.execute(_record_statement(tx.dialect.name), values)).all()
            seen = not rows
            rows = rows or (await tx.execute(_EXISTING, values)).all()
        ids.append(int(rows[0][0]))
        if again is not None:
            again.append(seen)
    return ids


@cache
def _direct(dialect: Any, name: str) -> DirectStatement:
    if name == "record":
        return DirectStatement(_record_statement("sqlite"), dialect, keys=_KEYS)
    return DirectStatement(_EXISTING, dialect)


def _handled(cutoff: datetime | BindParameter[datetime]) -> Any:
    return exists().where(and_(
        processed_updates.c.channel == inbox.c.channel,
        processed_updates.c.chat_id == inbox.c.chat_id,
        processed_updates.c.update_key == inbox.c.update_key,
        processed_updates.c.created_at >= cutoff))


def waiting(channel: str | BindParameter[str], cutoff: datetime | BindParameter[datetime]) -> Any:
    """The condition of a row still to handle: recorded within the window, neither handled
    nor given up."""
    return and_(inbox.c.channel == channel, inbox.c.failed.is_(False),
                inbox.c.received_at >= cutoff, ~_handled(cutoff))


async def unhandled(tx: Tx, channel: str, cutoff: datetime, cipher: FieldCipher | None,
                    limit: int = 1000, chat_id: str | None = None) -> list[InboxItem]:
    """Recorded but not handled (the process stopped first), oldest first. With chat_id, that
    chat's rows in the channel's update order (Telegram's update_id, a number: shorter keys
    first) — several workers may record one chat's updates in another order than sent."""
    if chat_id is None:
        rows = (await tx.execute(select(inbox).where(waiting(channel, cutoff))
                                 .order_by(inbox.c.id).limit(limit))).all()
    else:
        rows = (await tx.execute(_chat_rows(), {"channel": channel, "cutoff": cutoff,
                                                "chat_id": chat_id, "limit": limit})).all()
    return [InboxItem(r.id, r.channel, r.chat_id, r.update_key, dict(unseal(cipher, r.payload)),
                      r.received_at, r.attempts) for r in rows]


@cache
def _chat_rows() -> Any:
    """A chat's rows to handle in update order; built and compiled once (several workers
    read it for every update)."""
    return (select(inbox)
            .where(waiting(bindparam("channel", type_=String()),
                           bindparam("cutoff", type_=UtcDateTime())),
                   inbox.c.chat_id == bindparam("chat_id", type_=ChannelId()))
            .order_by(func.length(inbox.c.update_key), inbox.c.update_key)
            .limit(bindparam("limit", type_=Integer())))


async def record_failure(tx: Tx, inbox_id: int, error: str, *, give_up: bool) -> None:
    """Count a failed attempt; give_up keeps the row for an operator and never retries it."""
    await tx.execute(update(inbox).where(inbox.c.id == inbox_id).values(
        attempts=inbox.c.attempts + 1, last_error=error[:255], failed=give_up))


async def count_failed(tx: Tx) -> int:
    """Updates given up after repeated failures (`python -m bot status`)."""
    return int((await tx.execute(select(func.count()).select_from(inbox)
                                 .where(inbox.c.failed.is_(True)))).scalar_one())


async def prune(tx: Tx, now: datetime, keep: timedelta, keep_failed: timedelta) -> int:
    """Forget received updates past the window (failed ones after their own, longer one)."""
    result = await tx.execute(delete(inbox).where(
        ((inbox.c.failed.is_(False)) & (inbox.c.received_at < now - keep))
        | (inbox.c.received_at < now - keep_failed)))
    return result.rowcount or 0
