"""An official's open cases, a page at a time, in due order (the /cases inbox).

Each part of the official's scope (a village, a town, the cases they own, or everything for a
district admin) is read along its own index (storage/tables_scale.py) in due order and cut at
the page's end, so a page costs the same in a village of 20 open cases and in one of 10,000;
the parts are merged (a case in two of them counts once) and the page's cases come back whole
in one query. The total is counted only up to a cap: past it the inbox says "1,000+".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, union

from storage.cases import CaseRecord, CaseStore
from storage.db import Tx
from storage.tables import cases
from storage.tables_scale import is_open

COUNT_CAP = 1000  # totals above this show as "1,000+"


@dataclass(frozen=True, slots=True)
class InboxPage:
    cases: list[CaseRecord]  # this page's cases, soonest due first (no due time: last)
    total: int  # open cases in scope, counted up to the cap
    capped: bool  # there are more than `total`


def _order(tx: Tx, rows: Any) -> list[Any]:
    """Soonest due first, cases without a due time last, then by id. PostgreSQL sorts NULLs
    last in ascending order already, which is the order of the indexes it walks."""
    if tx.dialect.name == "postgresql":
        return [rows.c.due_at, rows.c.id]
    return [rows.c.due_at.is_(None), rows.c.due_at, rows.c.id]


def _parts(villages: Collection[str], towns: Collection[str], everything: bool,
           owner_id: int | None) -> list[ColumnElement[bool] | None]:
    """One condition per index to walk; None: every open case."""
    if everything:
        return [None]
    parts: list[ColumnElement[bool] | None] = [cases.c.village_code == v for v in sorted(villages)]
    parts += [cases.c.town_code == t for t in sorted(towns)]
    if owner_id is not None:
        parts.append(cases.c.owner_id == owner_id)
    return parts


def _merged(tx: Tx, parts: list[ColumnElement[bool] | None], first: int, *,
            ordered: bool = True) -> Any:
    """The first `first` open cases (id, due_at) of each part, merged without duplicates
    (on SQLite, the ids of any `first` of them when not `ordered`: enough to count)."""
    branches: list[Select[Any]] = []
    for condition in parts:
        for query in _walks(tx, condition, ordered):
            part = query.limit(first).subquery()
            branches.append(select(*part.c))
    return branches[0].subquery() if len(branches) == 1 else union(*branches).subquery()


def _walks(tx: Tx, condition: ColumnElement[bool] | None, ordered: bool) -> list[Select[Any]]:
    """One part's open cases as index walks. SQLite cannot read an index with NULLs last, so
    there the cases with a due time (in due order) and those without (by id) are two walks."""
    query = select(cases.c.id, cases.c.due_at).where(is_open())
    if condition is not None:
        query = query.where(condition)
    if tx.dialect.name == "postgresql":
        # Ordered even for counting: the order is what makes the planner walk the open-case
        # index (a bare LIMIT invites a sequential scan that stops "soon").
        return [query.order_by(*_order(tx, cases))]
    if not ordered:  # SQLite: ids alone, which the open-case index covers
        return [query.with_only_columns(cases.c.id)]
    return [query.where(cases.c.due_at.is_not(None)).order_by(cases.c.due_at, cases.c.id),
            query.where(cases.c.due_at.is_(None)).order_by(cases.c.id)]


async def open_cases_page(tx: Tx, store: CaseStore, *, villages: Collection[str],
                          towns: Collection[str], everything: bool, owner_id: int | None,
                          limit: int, offset: int) -> InboxPage:
    """Open cases an official may work on: one page, soonest due first, and how many."""
    parts = _parts(villages, towns, everything, owner_id)
    if not parts:
        return InboxPage([], 0, False)
    cap = max(COUNT_CAP, offset + limit) + 1
    counted = _merged(tx, parts, cap, ordered=False)
    total = int((await tx.execute(select(func.count()).select_from(
        select(counted.c.id).limit(cap).subquery()))).scalar_one())
    if total == 0 or offset >= total:
        return InboxPage([], min(total, cap - 1), total >= cap)
    merged = _merged(tx, parts, offset + limit)
    page = select(merged.c.id).order_by(*_order(tx, merged)).limit(limit).offset(offset)
    rows = (await tx.execute(select(cases).where(cases.c.id.in_(page.scalar_subquery()))
                             .order_by(*_order(tx, cases)))).all()
    return InboxPage([store.record(r) for r in rows], min(total, cap - 1), total >= cap)
