"""Conversation state per chat and the processed-updates log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from storage.db import Tx, is_postgres
from storage.tables import conversations, processed_updates
from storage.upsert import insert_for


@dataclass(slots=True)
class Conversation:
    """A chat's language, consent and where it is in a flow."""

    channel: str
    chat_id: int
    user_id: int
    lang: str | None = None
    consent_at: datetime | None = None
    step: str | None = None
    draft: dict[str, Any] = field(default_factory=dict)
    unreachable: bool = False


async def load(tx: Tx, channel: str, chat_id: int) -> Conversation | None:
    """Read a chat's state, locking the row on PostgreSQL so one chat is handled at a time."""
    query = select(
        conversations.c.user_id,
        conversations.c.lang,
        conversations.c.consent_at,
        conversations.c.step,
        conversations.c.draft,
        conversations.c.unreachable,
    ).where(conversations.c.channel == channel, conversations.c.chat_id == chat_id)
    if is_postgres(tx):
        query = query.with_for_update()
    row = (await tx.execute(query)).first()
    if row is None:
        return None
    return Conversation(channel, chat_id, row.user_id, row.lang, row.consent_at, row.step,
                        dict(row.draft or {}), row.unreachable)


async def save(tx: Tx, conv: Conversation, now: datetime) -> None:
    """Insert or update a chat's state."""
    values = {
        "channel": conv.channel,
        "chat_id": conv.chat_id,
        "user_id": conv.user_id,
        "lang": conv.lang,
        "consent_at": conv.consent_at,
        "step": conv.step,
        "draft": conv.draft,
        "unreachable": conv.unreachable,
        "updated_at": now,
    }
    stmt = insert_for(tx, conversations).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id"],
        set_={k: v for k, v in values.items() if k not in ("channel", "chat_id")},
    )
    await tx.execute(stmt)


async def language_of(tx: Tx, channel: str, chat_id: int) -> str | None:
    """The language a chat chose (or was given), for messages rendered at send time."""
    row = (
        await tx.execute(
            select(conversations.c.lang).where(
                conversations.c.channel == channel, conversations.c.chat_id == chat_id
            )
        )
    ).first()
    return row.lang if row else None


async def replies_for_update(tx: Tx, channel: str, update_id: int) -> list[dict] | None:
    """The replies an update already produced, or None if it is new."""
    row = (
        await tx.execute(
            select(processed_updates.c.replies).where(
                processed_updates.c.channel == channel,
                processed_updates.c.update_id == update_id,
            )
        )
    ).first()
    return None if row is None else list(row.replies)


async def record_update(
    tx: Tx, channel: str, update_id: int, chat_id: int, replies: list[dict], now: datetime
) -> None:
    """Remember an update and its replies, in the same transaction as the state change."""
    await tx.execute(
        processed_updates.insert().values(
            channel=channel, update_id=update_id, chat_id=chat_id, replies=replies, created_at=now
        )
    )


async def prune_updates(tx: Tx, now: datetime, keep: timedelta = timedelta(days=7)) -> int:
    """Forget updates older than a week: Telegram may restart its numbering after a quiet week."""
    result = await tx.execute(
        delete(processed_updates).where(processed_updates.c.created_at < now - keep)
    )
    return result.rowcount or 0


async def max_update_id(tx: Tx, channel: str) -> int:
    """The highest update id seen on a channel (the sandbox continues after it)."""
    from sqlalchemy import func

    row = (
        await tx.execute(
            select(func.max(processed_updates.c.update_id)).where(
                processed_updates.c.channel == channel
            )
        )
    ).scalar()
    return int(row or 0)
