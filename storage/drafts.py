"""Abandoned drafts: chats left mid-flow, found by the time of their last message.

Every change here is conditional on that time (updated_at) being the one read: a person who
writes meanwhile keeps their draft, and the reminder is not sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, or_, select, update

from storage.conversations import forget_replies, unseal
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import conversations as conv
from storage.tables import inbox


@dataclass(frozen=True, slots=True)
class StaleDraft:
    channel: str
    chat_id: str
    step: str
    draft: dict[str, Any]
    lang: str | None
    updated_at: datetime


def _key(channel: str, chat_id: str, updated_at: datetime) -> Any:
    return and_(conv.c.channel == channel, conv.c.chat_id == chat_id,
                conv.c.updated_at == updated_at, conv.c.step.is_not(None))


async def stale(tx: Tx, cipher: FieldCipher | None, *, untouched_since: datetime,
                unreminded: bool, touched_after: datetime | None = None, limit: int = 500
                ) -> list[StaleDraft]:
    """Chats mid-flow with nothing from them since `untouched_since` (and something after
    `touched_after`, when given); unreminded: only those not yet reminded of this draft (a
    reminder older than the last message was for an earlier one)."""
    query = select(conv.c.channel, conv.c.chat_id, conv.c.step, conv.c.draft, conv.c.lang,
                   conv.c.updated_at).where(conv.c.step.is_not(None),
                                            conv.c.updated_at < untouched_since)
    if touched_after is not None:
        query = query.where(conv.c.updated_at > touched_after)
    if unreminded:
        query = query.where(or_(conv.c.reminded_at.is_(None),
                                conv.c.reminded_at < conv.c.updated_at))
    rows = (await tx.execute(query.order_by(conv.c.updated_at).limit(limit))).all()
    return [StaleDraft(r.channel, r.chat_id, r.step, dict(unseal(cipher, r.draft) or {}), r.lang,
                       r.updated_at) for r in rows]


async def mark_reminded(tx: Tx, draft: StaleDraft, now: datetime) -> bool:
    """Note the reminder (once per draft); False if the person wrote meanwhile."""
    result = await tx.execute(update(conv).where(
        _key(draft.channel, draft.chat_id, draft.updated_at)).values(reminded_at=now))
    return (result.rowcount or 0) == 1


async def discard(tx: Tx, draft: StaleDraft) -> bool:
    """Drop the draft and everything of it: its state, the replies stored with its updates,
    and the updates as received. False if the person wrote meanwhile."""
    result = await tx.execute(update(conv).where(
        _key(draft.channel, draft.chat_id, draft.updated_at)).values(step=None, draft={}))
    if (result.rowcount or 0) != 1:
        return False
    await forget_replies(tx, draft.channel, draft.chat_id)
    await tx.execute(delete(inbox).where(
        inbox.c.channel == draft.channel, inbox.c.chat_id == draft.chat_id,
        inbox.c.failed.is_(False), inbox.c.received_at <= draft.updated_at))
    return True
