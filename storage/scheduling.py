"""Queries of the outbox dispatcher and the scheduler: claims, holds, health, state, digests
(the due scan's are in storage/due_scan.py)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    or_,
    select,
    text,
    update,
)

from storage import send_budget
from storage.db import Tx
from storage.outbox import ClaimedMessage
from storage.tables import cases, conversations, outbox
from storage.tables_scale import live
from storage.tables_scheduling import scheduler_state, send_failures
from storage.upsert import insert_for

# --- the outbox dispatcher ----------------------------------------------------------------


def _due(now: datetime) -> ColumnElement[bool]:
    return and_(outbox.c.status == "pending", outbox.c.not_before <= now,
                or_(outbox.c.claimed_until.is_(None), outbox.c.claimed_until < now))


async def hold_for_quiet_hours(tx: Tx, now: datetime, until: datetime,
                               exempt: Collection[str] = ()) -> int:
    """Quiet hours: push due non-urgent rows to the morning (urgent ones go out now). A held
    row is no longer "waiting out a failure", so an urgent message to its chat may pass.
    Rows of `exempt` channels (no push: nobody is woken) are not held."""
    query = update(outbox).where(_due(now), ~outbox.c.urgent)
    if exempt:
        query = query.where(outbox.c.channel.not_in(list(exempt)))
    result = await tx.execute(query.values(not_before=until, last_error=None))
    return result.rowcount or 0


async def _chats_in_backoff(tx: Tx, now: datetime) -> dict[tuple[str, str], int]:
    """Chats with a message rescheduled after a failure and not yet due: the oldest such id.
    Few rows at any time (the status/not_before index finds them); quiet-hour holds carry no
    error and do not count, so an urgent message still passes them."""
    rows = (await tx.execute(
        select(outbox.c.channel, outbox.c.chat_id, func.min(outbox.c.id).label("first"))
        .where(outbox.c.status == "pending", outbox.c.not_before > now,
               outbox.c.last_error.is_not(None))
        .group_by(outbox.c.channel, outbox.c.chat_id))).all()
    return {(r.channel, r.chat_id): r.first for r in rows}


OUTBOX_CLAIM_LOCK = 0x5AFE0B  # pg advisory lock: one outbox claim at a time


async def _chats_being_sent(tx: Tx, now: datetime) -> set[tuple[str, str]]:
    """Chats with a message claimed by a dispatcher and not yet sent: with several workers,
    the chat's next message waits for it (else it could overtake it on the network)."""
    rows = (await tx.execute(
        select(outbox.c.channel, outbox.c.chat_id).distinct()
        .where(outbox.c.status == "pending", outbox.c.claimed_until >= now))).all()
    return {(r.channel, r.chat_id) for r in rows}


async def claim_batch(tx: Tx, now: datetime, worker: str, lease: timedelta, limit: int,
                      busy: Collection[str] = (), channels: Collection[str] | None = None,
                      *, paced: bool = False) -> list[ClaimedMessage]:
    """Claim up to `limit` due rows, at most one per chat and none for a busy chat.

    One per chat keeps a chat's messages in order and spaced by the limiter; a chat with a
    long queue cannot fill the batch and hold up everyone else. A chat whose earlier message
    waits after a failure (a 429's retry_after, a backoff) waits with it: nothing overtakes
    it, and Telegram's "retry after" holds for the whole chat. PostgreSQL: SKIP LOCKED, so
    concurrent dispatchers never take the same row; SQLite: the write lock serialises them.
    Nor a chat whose earlier message another dispatcher (another worker) is sending now.

    paced (the send budget shared by several processes): chats whose time has not come
    (`chat_pacing`) and channels paused as a whole are left out, and each chat claimed is
    made busy for every process until the lease ends — so a second process never takes the
    chat's next message while this one is in flight (SKIP LOCKED alone would let it).
    """
    if tx.dialect.name == "postgresql":
        # Claims take turns (each is one short transaction; the sends come after it): a claim
        # then sees every claim committed before it, so a chat whose message another worker's
        # dispatcher is sending is seen as such, never half-seen between two statements.
        await tx.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": OUTBOX_CLAIM_LOCK})
    earlier = outbox.alias("earlier")
    query = (
        select(outbox.c.id, outbox.c.channel, outbox.c.chat_id, earlier.c.status.label("prev"))
        .select_from(outbox.outerjoin(earlier, earlier.c.id == outbox.c.edit_of))
        .where(_due(now))
        .order_by(outbox.c.urgent.desc(), outbox.c.id)
        .limit(limit * 4)
    )
    if busy:
        query = query.where(outbox.c.chat_id.not_in(list(busy)))
    if channels is not None:  # a process claims only what its transports can send
        query = query.where(outbox.c.channel.in_(list(channels)))
    if paced:
        query = query.where(send_budget.not_paced(now))
    if tx.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=outbox)
    picked: list[int] = []
    chat_of: dict[int, tuple[str, str]] = {}
    seen: set[tuple[str, str]] = set()
    waiting = await _chats_in_backoff(tx, now)
    seen.update(await _chats_being_sent(tx, now))
    for row in (await tx.execute(query)).all():
        chat = (row.channel, row.chat_id)
        if chat in seen:
            continue
        seen.add(chat)  # a later row of this chat waits for its turn even if this one waits
        if row.prev == "pending":
            continue  # an edit waits until the message it edits has been sent
        if waiting.get(chat, row.id) < row.id:
            continue  # an earlier message of this chat is waiting out a failure
        picked.append(row.id)
        chat_of[row.id] = chat
        if len(picked) >= limit:
            break
    if paced and picked:
        got = await send_budget.acquire(tx, chat_of.values(), now, now + lease)
        picked = [i for i in picked if chat_of[i] in got]
    if not picked:
        return []
    await tx.execute(update(outbox).where(outbox.c.id.in_(picked))
                     .values(claimed_by=worker, claimed_until=now + lease))
    rows = (await tx.execute(
        select(outbox, earlier.c.sent_message_id.label("edit_message_id"),
               earlier.c.shown_digest.label("edit_shown"))
        .select_from(outbox.outerjoin(earlier, earlier.c.id == outbox.c.edit_of))
        .where(outbox.c.id.in_(picked)).order_by(outbox.c.urgent.desc(), outbox.c.id)
    )).all()
    return [ClaimedMessage(r.id, r.channel, r.chat_id, r.lang, r.key, dict(r.params or {}),
                           list(r.buttons or []), r.urgent, r.attempts, r.edit_message_id,
                           r.edit_of, r.edit_shown)
            for r in rows]


async def languages_of(tx: Tx, chats: Collection[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The chosen language of several chats in one query."""
    if not chats:
        return {}
    ids = sorted({chat_id for _, chat_id in chats})
    rows = (await tx.execute(select(conversations.c.channel, conversations.c.chat_id,
                                    conversations.c.lang)
                             .where(conversations.c.chat_id.in_(ids)))).all()
    return {(r.channel, r.chat_id): r.lang for r in rows if r.lang}


async def extend_claim(tx: Tx, message_id: int, until: datetime) -> None:
    """Keep a row claimed while its file is built, so no other dispatcher takes it meanwhile."""
    await tx.execute(update(outbox).where(outbox.c.id == message_id).values(claimed_until=until))


async def release(tx: Tx, ids: Collection[int]) -> None:
    """Give claimed rows back untouched (this round could not send them)."""
    if ids:
        await tx.execute(update(outbox).where(outbox.c.id.in_(list(ids)))
                         .values(claimed_until=None, claimed_by=None))


async def mark_chat_unreachable(tx: Tx, channel: str, chat_id: str, error: str) -> int:
    """The chat blocked the bot: flag it and stop every message still queued for it."""
    await tx.execute(update(conversations).where(conversations.c.channel == channel,
                                                 conversations.c.chat_id == chat_id)
                     .values(unreachable=True))
    result = await tx.execute(update(outbox).where(
        outbox.c.channel == channel, outbox.c.chat_id == chat_id, outbox.c.status == "pending")
        .values(status="unreachable", claimed_until=None, last_error=error[:255]))
    return result.rowcount or 0


async def record_failure(tx: Tx, at: datetime, channel: str, kind: str) -> None:
    await tx.execute(send_failures.insert().values(at=at, channel=channel, kind=kind))


async def prune_failures(tx: Tx, before: datetime) -> None:
    await tx.execute(send_failures.delete().where(send_failures.c.at < before))


# --- health --------------------------------------------------------------------------------


async def failure_counts(tx: Tx, since: datetime) -> dict[str, int]:
    rows = (await tx.execute(select(send_failures.c.kind, func.count())
                             .where(send_failures.c.at >= since)
                             .group_by(send_failures.c.kind))).all()
    return {r[0]: int(r[1]) for r in rows}


async def backlog(tx: Tx, now: datetime) -> tuple[int, datetime | None]:
    """Pending rows that are due now, and when the oldest of them was queued."""
    row = (await tx.execute(select(func.count(), func.min(outbox.c.created_at))
                            .where(outbox.c.status == "pending", outbox.c.not_before <= now))).one()
    oldest = row[1]
    if oldest is not None and oldest.tzinfo is None:
        from datetime import UTC

        oldest = oldest.replace(tzinfo=UTC)
    return int(row[0]), oldest


async def overdue_by_level(tx: Tx, now: datetime) -> dict[int, int]:
    rows = (await tx.execute(select(cases.c.escalation_level, func.count())
                             .where(cases.c.due_at <= now, cases.c.stage != "closed")
                             .group_by(cases.c.escalation_level))).all()
    return {int(r[0]): int(r[1]) for r in rows}


# --- scheduler state -------------------------------------------------------------------------


async def get_state(tx: Tx, name: str) -> str | None:
    row = (await tx.execute(select(scheduler_state.c.value)
                            .where(scheduler_state.c.name == name))).first()
    return row.value if row else None


async def set_state(tx: Tx, name: str, value: str, now: datetime) -> None:
    stmt = insert_for(tx, scheduler_state).values(name=name, value=value, updated_at=now)
    await tx.execute(stmt.on_conflict_do_update(index_elements=["name"],
                                                set_={"value": value, "updated_at": now}))


# --- digests ----------------------------------------------------------------------------------


def _scope(villages: Collection[str], towns: Collection[str], everything: bool,
           owner_id: int | None) -> ColumnElement[bool]:
    if everything:
        return cases.c.id.is_not(None)
    parts: list[ColumnElement[bool]] = []
    if villages:
        parts.append(cases.c.village_code.in_(list(villages)))
    if towns:
        parts.append(cases.c.town_code.in_(list(towns)))
    if owner_id is not None:
        parts.append(cases.c.owner_id == owner_id)
    return or_(*parts) if parts else cases.c.id.is_(None)


async def open_by_stage(tx: Tx, *, villages: Collection[str] = (), towns: Collection[str] = (),
                        everything: bool = False, owner_id: int | None = None) -> dict[str, int]:
    scope = _scope(villages, towns, everything, owner_id)
    rows = (await tx.execute(select(cases.c.stage, func.count())
                             .where(scope, cases.c.stage != "closed")
                             .group_by(cases.c.stage))).all()
    return {r[0]: int(r[1]) for r in rows}


async def refs_due_between(tx: Tx, start: datetime, end: datetime, steps: Collection[str], *,
                           villages: Collection[str] = (), towns: Collection[str] = (),
                           everything: bool = False, owner_id: int | None = None,
                           limit: int = 5, exclude: Collection[str] = ()
                           ) -> tuple[int, list[str]]:
    """How many open cases have one of `steps` (all but `exclude` when none are named) due in
    [start, end), and the first refs."""
    scope = _scope(villages, towns, everything, owner_id)
    where = and_(scope, live(), cases.c.due_at >= start, cases.c.due_at < end)
    if steps:
        where = and_(where, cases.c.due_step.in_(list(steps)))
    if exclude:
        where = and_(where, cases.c.due_step.not_in(list(exclude)))
    count = int((await tx.execute(select(func.count()).where(where))).scalar_one())
    refs = (await tx.execute(select(cases.c.ref).where(where).order_by(cases.c.due_at)
                             .limit(limit))).scalars().all()
    return count, list(refs)


async def week_counts(tx: Tx, start: datetime, end: datetime, now: datetime, *,
                      towns: Collection[str] = (), everything: bool = False) -> dict[str, int]:
    """New, closed, open, overdue and escalated cases of an area for the weekly summary."""
    scope = _scope((), towns, everything, None)

    async def count(*conditions: ColumnElement[bool]) -> int:
        return int((await tx.execute(select(func.count()).where(scope, *conditions)))
                   .scalar_one())

    return {
        "new": await count(cases.c.reported_at >= start, cases.c.reported_at < end),
        "closed": await count(cases.c.closed_at >= start, cases.c.closed_at < end),
        "open": await count(cases.c.stage != "closed"),
        "overdue": await count(live(), cases.c.due_at <= now),
        "escalated": await count(live(), cases.c.due_at <= now, cases.c.escalation_level > 0),
    }
