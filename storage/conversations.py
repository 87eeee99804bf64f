"""Conversation state per chat and the processed-updates log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, bindparam, cast, delete, func, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from storage.crypto import FieldCipher
from storage.db import Tx, is_postgres
from storage.sqlite_direct import DirectStatement, raw_sqlite
from storage.tables import conversations, processed_updates


@dataclass(slots=True)
class Conversation:
    """A chat's language, consent and where it is in a flow."""

    channel: str
    chat_id: str
    user_id: str
    lang: str | None = None
    consent_at: datetime | None = None
    step: str | None = None
    draft: dict[str, Any] = field(default_factory=dict)
    unreachable: bool = False


# Statements are built once per dialect and executed with parameters: building a Core
# statement costs more than running it on SQLite (bench/bench_self_report_step.py).


@cache
def _load_statement(locking: bool) -> Any:
    query = select(
        conversations.c.user_id,
        conversations.c.lang,
        conversations.c.consent_at,
        conversations.c.step,
        conversations.c.draft,
        conversations.c.unreachable,
    ).where(conversations.c.channel == bindparam("channel"),
            conversations.c.chat_id == bindparam("chat_id"))
    return query.with_for_update() if locking else query


@cache
def _save_statement(dialect: str) -> Any:
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(conversations)
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id"],
        set_={name: getattr(excluded, name) for name in _MUTABLE},
    )


def seal(cipher: FieldCipher | None, value: Any) -> Any:
    """Drafts and logged replies hold names, phones and ID numbers: encrypted at rest like
    every other personal field (as {"sealed": token}, still valid JSON on both backends)."""
    if cipher is None or not value:
        return value
    token = cipher.seal_record(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    return {"sealed": token.decode()}


def unseal(cipher: FieldCipher | None, value: Any) -> Any:
    if isinstance(value, dict) and "sealed" in value and len(value) == 1:
        if cipher is None:
            raise ValueError("a sealed conversation needs the data key")
        return json.loads(cipher.decrypt_bytes(value["sealed"].encode()))
    return value


_MUTABLE = ("user_id", "lang", "consent_at", "step", "draft", "unreachable", "updated_at")

# The replies an update already produced — ignoring rows past the retention window even when
# the pruning job has not run yet (the bot was down): their key may now be another update's.
_REPLIES = (
    select(processed_updates.c.replies)
    .where(processed_updates.c.channel == bindparam("channel"),
           processed_updates.c.chat_id == bindparam("chat_id"),
           processed_updates.c.update_key == bindparam("update_key"),
           processed_updates.c.created_at >= bindparam("cutoff"))
)


async def load(tx: Tx, channel: str, chat_id: str, cipher: FieldCipher | None = None
               ) -> Conversation | None:
    """Read a chat's state, locking the row on PostgreSQL so one chat is handled at a time."""
    query = _load_statement(is_postgres(tx))
    row = (await tx.execute(query, {"channel": channel, "chat_id": chat_id})).first()
    if row is None:
        return None
    return Conversation(channel, chat_id, row.user_id, row.lang, row.consent_at, row.step,
                        dict(unseal(cipher, row.draft) or {}), row.unreachable)


async def save(tx: Tx, conv: Conversation, now: datetime, cipher: FieldCipher | None = None
               ) -> None:
    """Insert or update a chat's state."""
    values = {
        "channel": conv.channel,
        "chat_id": conv.chat_id,
        "user_id": conv.user_id,
        "lang": conv.lang,
        "consent_at": conv.consent_at,
        "step": conv.step,
        "draft": seal(cipher, conv.draft),
        "unreachable": conv.unreachable,
        "updated_at": now,
    }
    raw = await raw_sqlite(tx)
    if raw is not None:
        _direct(tx.dialect, "save").run(raw, values)
        return
    await tx.execute(_save_statement(tx.dialect.name), values)


async def language_of(tx: Tx, channel: str, chat_id: str) -> str | None:
    """The language a chat chose (or was given), for messages rendered at send time."""
    row = (
        await tx.execute(
            select(conversations.c.lang).where(
                conversations.c.channel == channel, conversations.c.chat_id == chat_id
            )
        )
    ).first()
    return row.lang if row else None


async def replies_for_update(tx: Tx, channel: str, chat_id: str, update_key: str, cutoff: datetime,
                             cipher: FieldCipher | None = None) -> list[dict] | None:
    """The replies an update already produced, or None if it is new."""
    row = (await tx.execute(_REPLIES, {"channel": channel, "chat_id": chat_id,
                                       "update_key": update_key, "cutoff": cutoff})).first()
    return None if row is None else list(unseal(cipher, row.replies))


@cache
def _record_statement(dialect: str) -> Any:
    """Insert, or replace a row past the retention window (its key came round again); a fresh
    row with the same key returns nothing: another worker recorded this update first."""
    table = processed_updates
    stmt = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)
    fields = ("replies", "created_at", "owed", "delivered", "next_try", "attempts", "last_error")
    return stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id", "update_key"],
        set_={name: getattr(stmt.excluded, name) for name in fields},
        where=table.c.created_at < bindparam("cutoff"),
    ).returning(table.c.update_key)


_RECORD_KEYS = ["channel", "chat_id", "update_key", "replies", "created_at", "owed", "delivered",
                "next_try", "attempts", "last_error"]


async def record_update(
    tx: Tx, channel: str, chat_id: str, update_key: str, replies: list[dict], now: datetime,
    cipher: FieldCipher | None = None, *, owed_until: datetime | None = None,
    cutoff: datetime | None = None,
) -> None:
    """Remember an update and its replies, in the same transaction as the state change.

    owed_until: when the replies hold messages to send, the time after which the dispatcher
    may send them if the process that handled the update has not (it crashed, or a send
    failed); None when there is nothing to send.
    """
    values = {"channel": channel, "chat_id": chat_id, "update_key": update_key,
              "replies": seal(cipher, replies), "created_at": now, "owed": owed_until is not None,
              "delivered": 0, "next_try": owed_until, "attempts": 0, "last_error": None,
              "cutoff": cutoff or now}
    raw = await raw_sqlite(tx)
    rows: Sequence[Any]  # tuples from sqlite3, or SQLAlchemy Rows
    if raw is not None:
        rows = _direct(tx.dialect, "record").run(raw, values)
    else:
        rows = (await tx.execute(_record_statement(tx.dialect.name), values)).all()
    if not rows:
        raise IntegrityError("processed_updates", None, Exception("update already recorded"))


async def forget_replies(tx: Tx, channel: str, chat_id: str) -> None:
    """A discarded draft's answers go with it: the stored replies of the chat's delivered
    updates are emptied (their keys stay, so a redelivery still changes nothing)."""
    await tx.execute(update(processed_updates).where(
        processed_updates.c.channel == channel, processed_updates.c.chat_id == chat_id,
        processed_updates.c.owed.is_(False)).values(replies=[]))


async def forget_chat(tx: Tx, channel: str, chat_id: str) -> None:
    """A person's erased chat: its state (language, consent, draft) and its stored replies."""
    await tx.execute(delete(conversations).where(conversations.c.channel == channel,
                                                 conversations.c.chat_id == chat_id))
    await forget_replies(tx, channel, chat_id)
    if channel == "web":  # a web visitor's page keeps the conversation itself: it goes too
        from storage.tables_web import web_messages

        await tx.execute(delete(web_messages).where(web_messages.c.visitor == chat_id))


async def prune_updates(tx: Tx, now: datetime, keep: timedelta = timedelta(days=7)) -> int:
    """Forget updates past the window: Telegram may restart its numbering after a quiet week."""
    result = await tx.execute(
        delete(processed_updates).where(processed_updates.c.created_at < now - keep)
    )
    return result.rowcount or 0


async def max_update_id(tx: Tx, channel: str) -> int:
    """The highest update id seen on a channel whose keys are numbers (the sandbox continues
    after it)."""
    row = (
        await tx.execute(
            select(func.max(cast(processed_updates.c.update_key, BigInteger))).where(
                processed_updates.c.channel == channel
            )
        )
    ).scalar()
    return int(row or 0)


@cache
def _state_and_replies_statement() -> Any:
    """SQLite: the chat's state and an earlier answer to this update in one statement."""
    seen = _REPLIES.scalar_subquery().label("seen")
    one = select(literal(1).label("one")).subquery()
    joined = one.outerjoin(
        conversations,
        (conversations.c.channel == bindparam("channel"))
        & (conversations.c.chat_id == bindparam("chat_id")),
    )
    return select(
        seen,
        conversations.c.user_id,
        conversations.c.lang,
        conversations.c.consent_at,
        conversations.c.step,
        conversations.c.draft,
        conversations.c.unreachable,
    ).select_from(joined)


async def load_for_update(
    tx: Tx, channel: str, chat_id: str, update_key: str | None, cutoff: datetime,
    cipher: FieldCipher | None = None,
) -> tuple[Conversation | None, list[dict] | None]:
    """The chat's state (row-locked on PostgreSQL) and the replies an update already produced.

    One round trip on SQLite, where the write lock is already held (BEGIN IMMEDIATE);
    PostgreSQL takes the conversation row's lock first, so a second worker with the same update
    waits, then finds it recorded.
    """
    if is_postgres(tx) or update_key is None:
        conv = await load(tx, channel, chat_id, cipher)
        replies = None if update_key is None else await replies_for_update(
            tx, channel, chat_id, update_key, cutoff, cipher)
        return (None, replies) if replies is not None else (conv, None)
    values = {"channel": channel, "chat_id": chat_id, "update_key": update_key, "cutoff": cutoff}
    raw = await raw_sqlite(tx)
    row: Any  # a _StateRow, or an SQLAlchemy Row with the same fields
    if raw is not None:
        row = _StateRow(*_direct(tx.dialect, "load").run(raw, values)[0])
    else:
        row = (await tx.execute(_state_and_replies_statement(), values)).one()
    if row.seen is not None:
        return None, list(unseal(cipher, _json(row.seen)))
    if row.user_id is None:
        return None, None
    return Conversation(channel, chat_id, row.user_id, row.lang, row.consent_at, row.step,
                        dict(unseal(cipher, row.draft) or {}), row.unreachable), None


def _json(value: Any) -> Any:
    """A JSON value read through a scalar subquery may arrive as its text."""
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True, slots=True)
class _StateRow:
    seen: Any
    user_id: str | None
    lang: str | None
    consent_at: datetime | None
    step: str | None
    draft: Any
    unreachable: bool | None


@cache
def _direct(dialect: Any, name: str) -> DirectStatement:
    """The hot-path statements compiled once per dialect (see storage/sqlite_direct)."""
    if name == "load":
        return DirectStatement(_state_and_replies_statement(), dialect)
    if name == "save":
        return DirectStatement(_save_statement("sqlite"), dialect,
                               keys=["channel", "chat_id", *_MUTABLE])
    return DirectStatement(_record_statement("sqlite"), dialect, keys=_RECORD_KEYS)
