"""The morning digest's lists: cases new, closed, due or newly overdue in a window, within an
official's area — a count and the first few lines, two bounded queries per list."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import ColumnElement, and_, func, select

from storage.db import Tx
from storage.scheduling import _scope
from storage.tables import cases
from storage.tables_scale import live

Kind = Literal["new", "closed", "due"]


@dataclass(frozen=True, slots=True)
class Listed:
    id: int
    ref: str
    head: str
    village_code: str
    stage: str
    due_at: datetime | None
    closed_reason: str | None


async def listed(tx: Tx, kind: Kind, start: datetime, end: datetime, *,
                 villages: Collection[str] = (), towns: Collection[str] = (),
                 everything: bool = False, owner_id: int | None = None,
                 steps: Collection[str] = (), exclude: Collection[str] = (), limit: int = 5
                 ) -> tuple[int, list[Listed]]:
    """How many cases of the area were reported ("new"), closed ("closed") or have a step
    due ("due", open cases only) in [start, end), and the first `limit` of them."""
    scope = _scope(villages, towns, everything, owner_id)
    when, order = {
        "new": (cases.c.reported_at, cases.c.reported_at),
        "closed": (cases.c.closed_at, cases.c.closed_at),
        "due": (cases.c.due_at, cases.c.due_at),
    }[kind]
    where: ColumnElement[bool] = and_(scope, when >= start, when < end)
    if kind == "due":
        where = and_(where, live(), cases.c.stage != "closed")
        if steps:
            where = and_(where, cases.c.due_step.in_(list(steps)))
        if exclude:
            where = and_(where, cases.c.due_step.not_in(list(exclude)))
    elif kind == "closed":
        where = and_(where, cases.c.stage == "closed")
    count = int((await tx.execute(select(func.count()).where(where))).scalar_one())
    if not count:
        return 0, []
    rows = (await tx.execute(
        select(cases.c.id, cases.c.ref, cases.c.head_name, cases.c.village_code, cases.c.stage,
               cases.c.due_at, cases.c.closed_reason)
        .where(where).order_by(order, cases.c.id).limit(limit))).all()
    return count, [Listed(r.id, r.ref, r.head_name, r.village_code, r.stage, r.due_at,
                          r.closed_reason) for r in rows]
