"""Queries of the send budget shared through the database (see scheduler/send_budget.py):
heartbeats of the sending processes, each chat's next allowed send, and 429 pauses."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, delete, exists, func, select, update

from storage.db import Tx
from storage.tables import outbox
from storage.tables_sending import chat_pacing, send_pauses, send_workers
from storage.upsert import insert_for

BOT = "*"  # the chat id of a pause that holds every chat of a channel


@dataclass(frozen=True, slots=True)
class Census:
    """What one heartbeat learnt: the live processes and the pauses running now."""

    live: int
    pauses: dict[tuple[str, str], datetime]


async def heartbeat(tx: Tx, worker: str, now: datetime, stale: timedelta) -> Census:
    """Say this process is alive; count the live ones (our own included) and read the pauses."""
    stmt = insert_for(tx, send_workers).values(worker=worker, started_at=now, seen_at=now)
    await tx.execute(stmt.on_conflict_do_update(index_elements=["worker"],
                                                set_={"seen_at": now}))
    live = (await tx.execute(select(func.count()).select_from(send_workers)
                             .where(send_workers.c.seen_at > now - stale))).scalar_one()
    rows = (await tx.execute(select(send_pauses.c.channel, send_pauses.c.chat_id,
                                    send_pauses.c.until)
                             .where(send_pauses.c.until > now))).all()
    return Census(int(live), {(r.channel, r.chat_id): r.until for r in rows})


async def prune(tx: Tx, now: datetime, keep: timedelta) -> None:
    """Forget processes, pacing and pauses that ended more than `keep` ago."""
    await tx.execute(delete(send_workers).where(send_workers.c.seen_at < now - keep))
    await tx.execute(delete(chat_pacing).where(chat_pacing.c.next_at < now - keep))
    await tx.execute(delete(send_pauses).where(send_pauses.c.until < now - keep))


async def pause(tx: Tx, channel: str, chat_id: str, until: datetime, now: datetime) -> int:
    """Record a 429's pause of a chat (or of the bot: chat_id BOT) and hold the chat's outbox
    claims until then; returns how many chats of the channel were paused in the last second
    (several at once: Telegram's limit is the bot's, not the chat's)."""
    stmt = insert_for(tx, send_pauses).values(channel=channel, chat_id=chat_id, until=until,
                                              created_at=now)
    await tx.execute(stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id"], set_={"until": until, "created_at": now},
        where=send_pauses.c.until < until))
    if chat_id != BOT:
        await hold(tx, [(channel, chat_id)], until, only_later=True)
    return int((await tx.execute(select(func.count()).select_from(send_pauses).where(
        send_pauses.c.channel == channel, send_pauses.c.chat_id != BOT,
        send_pauses.c.created_at > now - timedelta(seconds=1)))).scalar_one())


def not_paced(now: datetime) -> ColumnElement[bool]:
    """An outbox row whose chat may receive now, and whose channel is not paused as a whole
    (a condition for the claim query: index lookups by primary key)."""
    return and_(
        ~exists().where(chat_pacing.c.channel == outbox.c.channel,
                        chat_pacing.c.chat_id == outbox.c.chat_id, chat_pacing.c.next_at > now),
        ~exists().where(send_pauses.c.channel == outbox.c.channel, send_pauses.c.chat_id == BOT,
                        send_pauses.c.until > now))


async def acquire(tx: Tx, chats: Iterable[tuple[str, str]], now: datetime, until: datetime
                  ) -> set[tuple[str, str]]:
    """Make these chats busy until `until` for every process; returns the ones we got (another
    process that claimed one of them a moment ago keeps it). Sorted, so two processes lock the
    rows in the same order and never deadlock."""
    wanted = sorted(set(chats))
    if not wanted:
        return set()
    stmt = insert_for(tx, chat_pacing).values(
        [{"channel": c, "chat_id": chat, "next_at": until} for c, chat in wanted])
    stmt = stmt.on_conflict_do_update(
        index_elements=["channel", "chat_id"], set_={"next_at": stmt.excluded.next_at},
        where=chat_pacing.c.next_at <= now).returning(chat_pacing.c.channel, chat_pacing.c.chat_id)
    return {(r.channel, r.chat_id) for r in (await tx.execute(stmt)).all()}


def next_send(channel: str, chat_id: str, until: datetime) -> Any:
    """The statement setting when a chat may receive next, to run with the send's mark."""
    return (update(chat_pacing).where(chat_pacing.c.channel == channel,
                                      chat_pacing.c.chat_id == chat_id)
            .values(next_at=until).returning(chat_pacing.c.chat_id))


async def hold(tx: Tx, chats: Collection[tuple[str, str]], until: datetime, *,
               only_later: bool = False) -> None:
    """Set when these chats may receive next (after a send, a release, a 429, a long build).
    only_later: never bring a chat's time forward (a pause does not shorten a claim)."""
    if not chats:
        return
    if only_later:
        stmt = insert_for(tx, chat_pacing).values(
            [{"channel": c, "chat_id": chat, "next_at": until} for c, chat in sorted(chats)])
        await tx.execute(stmt.on_conflict_do_update(
            index_elements=["channel", "chat_id"], set_={"next_at": until},
            where=chat_pacing.c.next_at < until))
        return
    if len(chats) == 1:  # one plain statement, not an executemany
        (channel, chat_id), = chats
        await tx.execute(next_send(channel, chat_id, until))
        return
    await tx.execute(
        update(chat_pacing).where(chat_pacing.c.channel == bindparam("c"),
                                  chat_pacing.c.chat_id == bindparam("chat"))
        .values(next_at=until), [{"c": c, "chat": chat} for c, chat in sorted(chats)])
