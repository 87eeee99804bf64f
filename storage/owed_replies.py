"""Replies owed to a person: stored with the update that produced them (processed_updates)
and marked as they are delivered, so a failed send or a crash before the send is made good by
the dispatcher, in order within the chat."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Integer, and_, bindparam, case, select, update

from storage.conversations import unseal
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import processed_updates as pu


@dataclass(frozen=True, slots=True)
class OwedReply:
    channel: str
    chat_id: str
    update_key: str
    replies: list[dict[str, Any]]
    delivered: int
    attempts: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DeliveryMark:
    """How far an update's replies got: `delivered` messages sent; `done` when no more are owed."""

    channel: str
    chat_id: str
    update_key: str
    delivered: int
    done: bool
    next_try: datetime | None = None
    error: str | None = None
    counts: bool = False  # a failed attempt that counts toward giving up


async def claim_due(tx: Tx, now: datetime, lease: timedelta, limit: int = 100,
                    cipher: FieldCipher | None = None,
                    channels: Collection[str] | None = None) -> list[OwedReply]:
    """The earliest owed update of each chat whose turn has come, claimed for `lease`.

    A chat's later updates wait behind its earliest: replies go out in order. Owed rows are
    few (a send failed, or a process died), so reading them all ordered is cheap.
    """
    query = (select(pu).where(pu.c.owed.is_(True)).order_by(pu.c.created_at, pu.c.update_key)
             .limit(limit * 4))
    if channels is not None:  # a process claims only what its transports can send
        query = query.where(pu.c.channel.in_(list(channels)))
    if tx.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    seen: set[tuple[str, str]] = set()
    due = []
    for row in (await tx.execute(query)).all():
        chat = (row.channel, row.chat_id)
        if chat in seen:
            continue
        seen.add(chat)
        if row.next_try is None or row.next_try <= now:
            due.append(row)
        if len(due) >= limit:
            break
    if due:
        await tx.execute(
            update(pu).where(pu.c.channel == bindparam("c"), pu.c.chat_id == bindparam("chat"),
                             pu.c.update_key == bindparam("k")).values(next_try=now + lease),
            [{"c": r.channel, "chat": r.chat_id, "k": r.update_key} for r in due])
    return [OwedReply(r.channel, r.chat_id, r.update_key, list(unseal(cipher, r.replies) or []),
                      r.delivered, r.attempts, r.created_at) for r in due]


async def owed_chats(tx: Tx) -> set[tuple[str, str]]:
    """Chats with replies still owed: their new replies must queue behind the old ones."""
    rows = (await tx.execute(select(pu.c.channel, pu.c.chat_id).where(pu.c.owed.is_(True))
                             .distinct())).all()
    return {(r.channel, r.chat_id) for r in rows}


async def mark(tx: Tx, marks: list[DeliveryMark]) -> None:
    """Record how far each update's replies got, in one statement for the lot.

    Progress only moves forward: a mark that arrives late (written after a later one) can
    neither lower the count of delivered messages nor make finished replies owed again, so it
    never causes a message to be sent twice.
    """
    if not marks:
        return
    delivered = bindparam("d", type_=Integer)
    await tx.execute(
        update(pu).where(pu.c.channel == bindparam("c"), pu.c.chat_id == bindparam("chat"),
                         pu.c.update_key == bindparam("k"))
        .values(delivered=case((pu.c.delivered > delivered, pu.c.delivered), else_=delivered),
                owed=and_(pu.c.owed, bindparam("o", type_=Boolean)), next_try=bindparam("n"),
                last_error=bindparam("e"), attempts=pu.c.attempts + bindparam("a")),
        [{"c": m.channel, "chat": m.chat_id, "k": m.update_key, "d": m.delivered, "o": not m.done,
          "n": m.next_try, "e": (m.error or "")[:255] or None, "a": 1 if m.counts else 0}
         for m in marks])


async def due_now(tx: Tx, now: datetime) -> None:
    """Every owed update may be sent at once (a single process starting: no one else holds
    them, so waiting out a dead process's lease would only delay the person's answer)."""
    await tx.execute(update(pu).where(pu.c.owed.is_(True)).values(next_try=now))
