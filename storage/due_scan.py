"""Queries of the due scan: the escalations and reminders due (one read on PostgreSQL), the
notices each is recorded by (created once, also across processes), and the escalation levels
a climb raises. What a tick decides is scheduler/deadline_scan.py's; what it writes at its
end, storage/scan_writes.py's."""

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
    true,
    union_all,
    update,
)

from storage.db import Tx
from storage.due_context import context_columns
from storage.scheduling import get_state, set_state
from storage.tables import UtcDateTime, cases
from storage.tables_scale import live
from storage.tables_scheduling import due_clocks, notices, scheduler_state
from storage.upsert import insert_for

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
                       clock.due_at <= before, live(),
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
                        live())
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
    return select(*_DUE_COLUMNS).where(or_(*windows), live())


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
