"""Chat claims: which webhook worker handles a chat's updates now (several workers on one
PostgreSQL; see bot/pump.py). A claim is taken when free, expired or already ours, renewed
while its worker lives, and deleted only when the chat has nothing left to handle, so an
update recorded by another worker meanwhile is never stranded: that worker's attempt to claim
either came first — then it has committed its update before our check reads the inbox — or
it waits on the row we delete, then succeeds."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import String, and_, bindparam, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Tx
from storage.inbox import waiting
from storage.tables import ChannelId, UtcDateTime, inbox
from storage.tables_scheduling import chat_claims


@cache
def _take_statement(dialect: str) -> Any:
    """Built and compiled once (this runs for every update a worker records)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(chat_claims)
    worker, until = bindparam("worker", type_=String()), bindparam("until", type_=UtcDateTime())
    return insert.values(channel=bindparam("channel", type_=String()),
                         chat_id=bindparam("chat_id", type_=ChannelId()), worker=worker,
                         expires_at=until).on_conflict_do_update(
        index_elements=["channel", "chat_id"],
        set_={"worker": worker, "expires_at": until},
        where=(chat_claims.c.expires_at < bindparam("now", type_=UtcDateTime()))
        | (chat_claims.c.worker == worker),
    ).returning(chat_claims.c.worker)


_CHANNEL = bindparam("channel", type_=String())
_CHAT_ID = bindparam("chat_id", type_=ChannelId())
_OURS = (chat_claims.c.channel == _CHANNEL, chat_claims.c.chat_id == _CHAT_ID,
         chat_claims.c.worker == bindparam("worker", type_=String()))


@cache
def _lock_statement() -> Any:
    return select(chat_claims.c.worker).where(*_OURS).with_for_update()


@cache
def _release_statement() -> Any:
    pending = exists().where(waiting(_CHANNEL, bindparam("cutoff", type_=UtcDateTime())),
                             inbox.c.chat_id == _CHAT_ID)
    return delete(chat_claims).where(*_OURS, ~pending)


async def take(tx: Tx, channel: str, chat_id: str, worker: str, now: datetime,
               until: datetime) -> bool:
    """Claim the chat (or renew our claim) unless another worker's claim is still running;
    True when it is ours afterwards."""
    result = await tx.execute(_take_statement(tx.dialect.name), {
        "channel": channel, "chat_id": chat_id, "worker": worker, "until": until, "now": now})
    return result.first() is not None


async def release_if_idle(tx: Tx, channel: str, chat_id: str, worker: str,
                          cutoff: datetime) -> bool:
    """Give the claim back unless the chat still has updates to handle; False when it still
    has some (or the claim is no longer ours)."""
    values = {"channel": channel, "chat_id": chat_id, "worker": worker, "cutoff": cutoff}
    # The row lock first, in its own statement: had another worker's claim attempt locked the
    # row already, its transaction (with the update it recorded) has committed once we hold
    # the lock, and the check below — a new statement, so a new snapshot under READ
    # COMMITTED — sees that update. In one statement, the check's snapshot would predate it.
    if (await tx.execute(_lock_statement(), values)).first() is None:
        return False
    result = await tx.execute(_release_statement(), values)
    return bool(result.rowcount)


async def renew(tx: Tx, worker: str, until: datetime) -> int:
    """Extend every claim of a worker (its heartbeat)."""
    result = await tx.execute(update(chat_claims).where(chat_claims.c.worker == worker)
                              .values(expires_at=until))
    return result.rowcount or 0


async def release_all(tx: Tx, worker: str) -> None:
    """A clean stop: others may take our chats at once."""
    await tx.execute(delete(chat_claims).where(chat_claims.c.worker == worker))


async def orphaned(tx: Tx, channel: str, now: datetime, cutoff: datetime,
                   limit: int = 500) -> list[str]:
    """Chats with updates to handle and no running claim: their worker died (or is about to
    claim them; taking the claim decides)."""
    claimed = exists().where(and_(chat_claims.c.channel == inbox.c.channel,
                                  chat_claims.c.chat_id == inbox.c.chat_id,
                                  chat_claims.c.expires_at >= now))
    rows = await tx.execute(select(inbox.c.chat_id).where(waiting(channel, cutoff), ~claimed)
                            .distinct().limit(limit))
    return [str(chat_id) for chat_id in rows.scalars()]
