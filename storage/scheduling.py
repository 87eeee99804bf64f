"""Queries of the outbox dispatcher and the scheduler: claims, holds, health, state, notices."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Interval,
    Select,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    union_all,
    update,
)

from storage import send_budget
from storage.db import Tx
from storage.due_context import context_columns
from storage.outbox import ClaimedMessage
from storage.tables import UtcDateTime, cases, conversations, outbox
from storage.tables_scale import is_open
from storage.tables_scheduling import due_clocks, notices, scheduler_state, send_failures
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


# --- notices (reminders and escalations, each created once) ---------------------------------


async def create_notice(tx: Tx, *, case_id: int, step: str, kind: str, level: int,
                        due_at: datetime, now: datetime, sent: bool = True) -> bool:
    """Record a notice; False when it already exists (another tick or process made it)."""
    stmt = insert_for(tx, notices).values(case_id=case_id, step=step, kind=kind, level=level,
                                          due_at=due_at, created_at=now, sent=int(sent))
    stmt = stmt.on_conflict_do_nothing(
        index_elements=["case_id", "step", "kind", "level", "due_at"])
    result = await tx.execute(stmt)
    return (result.rowcount or 0) == 1


async def notices_of(tx: Tx, case_id: int) -> list[tuple[str, str, int, bool]]:
    rows = (await tx.execute(select(notices).where(notices.c.case_id == case_id)
                             .order_by(notices.c.id))).all()
    return [(r.step, r.kind, r.level, bool(r.sent)) for r in rows]


# --- the due scan ------------------------------------------------------------------------------

_DUE_COLUMNS = (cases.c.id, cases.c.ref, cases.c.village_code, cases.c.town_code, cases.c.stage,
                cases.c.due_step, cases.c.due_at, cases.c.escalation_level, cases.c.owner_id,
                cases.c.urgent, cases.c.updated_at, cases.c.escalated_at, cases.c.head_name,
                cases.c.household_id)


# The due clocks with their cases: where the escalations due are found.
_CLOCKED = due_clocks.join(cases, cases.c.id == due_clocks.c.case_id)


def _live() -> ColumnElement[bool]:
    """Cases with a running deadline: open ones, and closed ones awaiting their re-check or
    a decision on a household's re-review request."""
    return and_(cases.c.due_at.is_not(None), cases.c.due_step.is_not(None),
                or_(is_open(), cases.c.due_step.in_(("recheck", "appeal"))))


def _step_by_step(level: int, before: datetime, skipped: Collection[str], limit: int,
                  climbed: ColumnElement[bool] | None = None, name: str = "") -> Select[Any]:
    """Level `level` cases due before `before`, earliest first, leaving out the steps in
    `skipped` (cases already at the top of their chain) without reading them: the due steps
    present at that level are found by skipping along the due clocks' (level, step, due)
    index, and each step's range is read in due order (PostgreSQL: a recursive CTE and a
    LATERAL join), each clock joined to its case. So the work follows the cases that are due,
    not the open or overdue cases at other levels. `climbed`: a condition on the clock's
    escalated_at, the index's last column, so it is checked in the index (an Index Cond) and
    the cases that climbed too recently are never fetched."""
    name = name or str(level)
    clock = due_clocks.c
    steps = select(func.min(clock.due_step).label("step")).where(
        clock.escalation_level == level).cte(f"steps_{name}", recursive=True)
    following = select(func.min(clock.due_step)).where(
        clock.escalation_level == level, clock.due_step > steps.c.step).scalar_subquery()
    steps = steps.union_all(select(following).where(steps.c.step.is_not(None)))
    per_step = (select(*_DUE_COLUMNS).select_from(_CLOCKED)
                .where(clock.escalation_level == level, clock.due_step == steps.c.step,
                       clock.due_at <= before, _live(),
                       *([climbed] if climbed is not None else []))
                .order_by(clock.due_at).limit(limit).lateral(f"per_step_{name}"))
    query = (select(*per_step.c).select_from(steps.join(per_step, true()))
             .where(steps.c.step.is_not(None)).order_by(per_step.c.due_at).limit(limit))
    return query.where(steps.c.step.not_in(list(skipped))) if skipped else query


async def due_for_escalation(tx: Tx, now: datetime, repeat: timedelta, max_level: int,
                             lead_steps: Collection[str], limit: int,
                             never: Collection[str] = ()) -> list[Any]:
    """Cases whose next escalation time has passed, level by level (earliest due first), in one
    statement: one index range per escalation level. A level above the first also waits
    `repeat` after the last climb (one level at a time, also after downtime): on PostgreSQL
    that is two more ranges of the (level, step, due, escalated_at) index — never climbed by
    this column (NULL), and climbed long enough ago — so no row is fetched to be dropped.
    Steps in `never` do not escalate (公示 ends by itself, 审定 has no level above): skipped
    like the steps already at the top, or they would fill every batch without climbing."""
    merged = _escalations_due(tx, now, repeat, max_level, lead_steps, limit, never)
    if merged is None:
        return []
    return list((await tx.execute(select(*merged.c).order_by(
        merged.c.escalation_level, merged.c.due_at))).all())


def _escalation_parts(tx: Tx, level: int, now: datetime, repeat: timedelta, max_level: int,
                      lead_steps: Collection[str], limit: int, never: Collection[str]
                      ) -> list[Any]:
    """One escalation level's index ranges (see due_for_escalation)."""
    before = now - repeat * level
    top = level + 1 >= max_level and bool(lead_steps)
    if tx.dialect.name == "postgresql":
        skipped = [*(lead_steps if top else ()), *never]
        if not level:
            queries = [_step_by_step(level, before, skipped, limit)]
        else:
            queries = [
                _step_by_step(level, before, skipped, limit,
                              due_clocks.c.escalated_at.is_(None), f"{level}_unstamped"),
                _step_by_step(level, before, skipped, limit,
                              due_clocks.c.escalated_at <= now - repeat, f"{level}_rested")]
    else:
        query = (select(*_DUE_COLUMNS).select_from(_CLOCKED)
                 .where(due_clocks.c.escalation_level == level, due_clocks.c.due_at <= before,
                        _live())
                 .order_by(due_clocks.c.due_at).limit(limit))
        if level:
            query = query.where(or_(due_clocks.c.escalated_at.is_(None),
                                    due_clocks.c.escalated_at <= now - repeat))
        if top:
            query = query.where(cases.c.due_step.not_in(list(lead_steps)))
        if never:
            query = query.where(cases.c.due_step.not_in(list(never)))
        queries = [query]
    return [select(*query.subquery(f"level_{level}_{n}").c)
            for n, query in enumerate(queries)]


def _escalations_due(tx: Tx, now: datetime, repeat: timedelta, max_level: int,
                     lead_steps: Collection[str], limit: int, never: Collection[str]) -> Any:
    """due_for_escalation's rows as a subquery (None: no level escalates)."""
    parts: list[Any] = []
    for level in range(max_level):
        parts.extend(_escalation_parts(tx, level, now, repeat, max_level, lead_steps, limit,
                                       never))
    return union_all(*parts).subquery("due") if parts else None


async def due_for_reminders(tx: Tx, since: datetime, now: datetime,
                            befores: Collection[timedelta]) -> list[Any]:
    """Cases with a reminder time (`before` their deadline, for each of `befores`) in
    (since, now] and the deadline still ahead: one statement, one due-time range each."""
    if not befores:
        return []
    return list((await tx.execute(_reminders_due(since, now, befores).order_by(cases.c.id)))
                .all())


def _reminders_due(since: datetime | ColumnElement[Any], now: datetime,
                   befores: Collection[timedelta]) -> Select[Any]:
    """`since` may be an SQL expression (the stored watermark, read in the same statement)."""
    windows = [and_(cases.c.due_at > (max(now, since + before) if isinstance(since, datetime)
                                      else func.greatest(literal(now, UtcDateTime()),
                                                         since + literal(before, Interval()))),
                    cases.c.due_at <= now + before)
               for before in befores]
    return select(*_DUE_COLUMNS).where(or_(*windows), _live())


def window_start(mark: str | None, now: datetime, overlap: timedelta, lookback: timedelta
                 ) -> datetime:
    """Where the reminder window starts: a little before the watermark `mark`, or `lookback`
    before now when there is none (a brand-new database)."""
    return datetime.fromisoformat(mark) - overlap if mark else now - lookback


async def due_rows(tx: Tx, *, since: datetime | None, now: datetime,
                   befores: Collection[timedelta], repeat: timedelta, max_level: int,
                   lead_steps: Collection[str], limit: int, never: Collection[str],
                   watermark: str, overlap: timedelta, lookback: timedelta
                   ) -> tuple[datetime | None, list[Any], list[Any]]:
    """A scan tick's reads and its watermark: the escalations due (due_for_escalation) and the
    reminders whose time fell in (since, now] (due_for_reminders), and the watermark `watermark`
    moved to `now`. `since` None: from the stored watermark (window_start), and the window's
    start is returned (None on PostgreSQL when nothing was found: then nobody needs it). On
    PostgreSQL one statement: both reads in a UNION ALL (each branch planned on its own
    constants, as when they were two), the stored watermark read in it, and the new one written
    by a data-modifying CTE. SQLite keeps separate statements (one process, one writer: nothing
    to save there)."""
    if tx.dialect.name != "postgresql":
        if since is None:
            since = window_start(await get_state(tx, watermark), now, overlap, lookback)
        escalations = await due_for_escalation(tx, now, repeat, max_level, lead_steps, limit,
                                               never=never)
        reminders = await due_for_reminders(tx, since, now, befores)
        await set_state(tx, watermark, now.isoformat(), now)
        return since, escalations, reminders
    moved = (insert_for(tx, scheduler_state)
             .values(name=watermark, value=now.isoformat(), updated_at=now)
             .on_conflict_do_update(index_elements=["name"],
                                    set_={"value": now.isoformat(), "updated_at": now})
             .returning(scheduler_state.c.name).cte("moved"))
    branches: list[Select[Any]] = []
    escalations_due = _escalations_due(tx, now, repeat, max_level, lead_steps, limit, never)
    if escalations_due is not None:
        e = escalations_due
        branches.append(select(literal("escalation").label("kind"), *e.c,
                               e.c.escalation_level.label("o1"), e.c.due_at.label("o2")))
    # The window's start: the caller's, or read from the stored watermark in this statement
    # (the CTE that moves it runs on the same snapshot, so this sees the old value).
    window: ColumnElement[Any] = literal(since, UtcDateTime()) if since is not None \
        else func.coalesce(select(cast(scheduler_state.c.value, UtcDateTime())
                                  - literal(overlap, Interval()))
                           .where(scheduler_state.c.name == watermark).scalar_subquery(),
                           literal(now - lookback, UtcDateTime()), type_=UtcDateTime())
    if befores:
        r = _reminders_due(since if since is not None else window, now, befores
                           ).subquery("reminders")
        branches.append(select(literal("reminder").label("kind"), *r.c, literal(0).label("o1"),
                               null().label("o2")))
    rows = union_all(*branches).subquery("rows") if branches else None
    if rows is None:
        await set_state(tx, watermark, now.isoformat(), now)
        return since, [], []
    # The notices already made for each row's deadline (an overlapping window re-reads a
    # reminder made last tick): a look-up of the notices' unique key per row, in this statement.
    done = select(func.array_agg(
        func.concat(notices.c.case_id, ":", notices.c.kind, ":", notices.c.level))).where(
        notices.c.case_id == rows.c.id, notices.c.step == rows.c.due_step,
        notices.c.due_at == rows.c.due_at).scalar_subquery()
    # The CTE runs whatever the reads find; joining its one row keeps it in the statement.
    # Who may be told and what a climb notice says: columns of this statement too.
    found = (await tx.execute(select(*[c for c in rows.c if c.name not in ("o1", "o2")],
                                     done.label("done"), *context_columns(rows),
                                     window.label("since"))
                              .select_from(moved.join(rows, true()))
                              .order_by(rows.c.kind, rows.c.o1, rows.c.o2, rows.c.id))).all()
    return (found[0].since if found else since,
            [row for row in found if row.kind == "escalation"],
            [row for row in found if row.kind == "reminder"])


def notice_key(case_id: int, kind: str, level: int) -> str:
    """A notice's name within one tick (a case has one due step and due time per tick)."""
    return f"{case_id}:{kind}:{level}"


async def notices_made(tx: Tx, rows: list[Any]) -> set[str]:
    """The notices (as notice_key names them) already made for these due rows'
    current deadlines: read by due_rows on PostgreSQL (its `done` column), here on SQLite."""
    if not rows:
        return set()
    if hasattr(rows[0], "done"):
        return {key for row in rows for key in (row.done or ())}
    deadline = {row.id: (row.due_step, row.due_at) for row in rows}
    found = (await tx.execute(select(notices.c.case_id, notices.c.step, notices.c.kind,
                                     notices.c.level, notices.c.due_at)
                              .where(notices.c.case_id.in_(sorted(deadline))))).all()
    return {notice_key(n.case_id, n.kind, n.level) for n in found
            if deadline[n.case_id] == (n.step, n.due_at)}


async def create_notices(tx: Tx, wanted: list[dict[str, Any]], now: datetime
                         ) -> set[tuple[int, str, str, int]]:
    """Record several notices in one statement a thousand (each dict: case_id, step, kind, level,
    due_at, sent); returns the (case_id, step, kind, level) of those that did not exist yet
    (the others another tick or process made)."""
    if not wanted:
        return set()
    # One statement per 1,000 rows (SQLAlchemy's "insert many values"), compiled once and
    # cached: a literal multi-row VALUES would be compiled anew for every batch size.
    stmt = insert_for(tx, notices).on_conflict_do_nothing(
        index_elements=["case_id", "step", "kind", "level", "due_at"]).returning(
        notices.c.case_id, notices.c.step, notices.c.kind, notices.c.level)
    rows = [{"case_id": w["case_id"], "step": w["step"], "kind": w["kind"], "level": w["level"],
             "due_at": w["due_at"], "created_at": now, "sent": int(w.get("sent", True))}
            for w in wanted]
    return {(r.case_id, r.step, r.kind, r.level) for r in (await tx.execute(stmt, rows)).all()}


async def raise_escalation_levels(tx: Tx, levels: dict[int, int], at: datetime) -> None:
    """Record climbs (case id → level reached) and when they happened: one statement per
    level value."""
    by_level: dict[int, list[int]] = {}
    for case_id, level in levels.items():
        by_level.setdefault(level, []).append(case_id)
    for level, ids in sorted(by_level.items()):
        await tx.execute(update(cases).where(cases.c.id.in_(sorted(ids)),
                                             cases.c.escalation_level < level)
                         .values(escalation_level=level, escalated_at=at))


async def set_escalation_level(tx: Tx, case_id: int, level: int, at: datetime | None = None
                               ) -> bool:
    """Record a climb (not a user-visible change: the version stays, so open cards stay valid)
    and when it happened."""
    result = await tx.execute(update(cases).where(cases.c.id == case_id,
                                                  cases.c.escalation_level < level)
                              .values(escalation_level=level, escalated_at=at))
    return (result.rowcount or 0) == 1


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
    where = and_(scope, _live(), cases.c.due_at >= start, cases.c.due_at < end)
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
        "overdue": await count(_live(), cases.c.due_at <= now),
        "escalated": await count(_live(), cases.c.due_at <= now, cases.c.escalation_level > 0),
    }
