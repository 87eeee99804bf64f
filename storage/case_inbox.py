"""An official's open cases, a page at a time (the /cases inbox): first those waiting for their
approval (a town lead's or an admin's "proposed" cases), then the rest, soonest due first.

Each part of the official's scope (a village, a town, the cases they own, or everything for a
district admin) is read along its own index (storage/tables_scale.py) in due order and cut at
the page's end, so a page costs the same in a village of 20 open cases and in one of 10,000;
the parts are merged (a case in two of them counts once). The cases waiting for approval are
read the same way along the open cases' (stage, town, due) and (stage, due) indexes. The page
and its totals are one statement (its cases with the household's 组); the totals are counted
only up to a cap: past it the inbox says "1,000+".

The statement is built once per shape of scope (how many villages, towns and approving towns;
everything or not; an owner or not), with every value a bound parameter, and kept: building
and compiling it took most of a /cases call's time (PostgreSQL's own work is under 3 ms),
and SQLAlchemy reuses the compiled form of a statement it has seen.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union,
    union_all,
)

from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import households
from storage.tables_scale import is_open

# A crowded village (10,000 open cases) is counted no further than this: "1,000+" says enough,
# and counting every open case on every /cases would cost as much as reading them.
COUNT_CAP = 1000
WAITING_STAGE = "proposed"  # a decision proposed, waiting for the town lead's or admin's approval


@dataclass(frozen=True, slots=True)
class InboxLine:
    """One open case as the inbox lists it."""

    case_id: int
    ref: str
    head_name: str
    village_code: str
    group: str | None  # the household's 组, when the register knows it
    stage: str
    due_at: datetime | None
    urgent: bool
    waiting: bool  # waits for this official's approval


@dataclass(frozen=True, slots=True)
class InboxPage:
    lines: list[InboxLine]
    total: int  # open cases in scope, counted up to the cap
    waiting: int  # how many of them wait for this official's approval, up to the cap
    capped: bool = False  # more than COUNT_CAP open cases: `total` is the cap


def _order(tx: Tx, rows: Any) -> list[Any]:
    """Soonest due first, cases without a due time last, then by id. PostgreSQL sorts NULLs
    last in ascending order already, which is the order of the indexes it walks."""
    if tx.dialect.name == "postgresql":
        return [rows.c.due_at, rows.c.id]
    return [rows.c.due_at.is_(None), rows.c.due_at, rows.c.id]


Part = ColumnElement[bool] | None  # one index walk's condition; None: every open case


def _scope_parts(villages: Collection[Any], towns: Collection[Any], everything: bool,
                 owner_id: Any) -> list[Part]:
    if everything:
        return [None]
    parts: list[Part] = [cases.c.village_code == v for v in villages]
    parts += [cases.c.town_code == t for t in towns]
    if owner_id is not None:
        parts.append(cases.c.owner_id == owner_id)
    return parts


def _waiting_parts(approves_towns: Collection[Any], approves_all: bool) -> list[Part]:
    """The cases waiting for this official's approval, one walk per town (or one for all)."""
    waiting = cases.c.stage == WAITING_STAGE
    if approves_all:
        return [waiting]
    return [and_(waiting, cases.c.town_code == t) for t in approves_towns]


def _waiting_condition(approves_towns: Collection[Any], approves_all: bool
                       ) -> ColumnElement[bool] | None:
    parts = _waiting_parts(approves_towns, approves_all)
    return or_(*[p for p in parts if p is not None]) if parts else None


def _merged(tx: Tx, parts: list[Part], first: Any, *, ordered: bool = True,
            besides: ColumnElement[bool] | None = None) -> Any:
    """The first `first` open cases (id, due_at) of each part, merged without duplicates
    (on SQLite, the ids of any `first` of them when not `ordered`: enough to count);
    `besides` narrows every part (the cases not waiting for approval)."""
    branches: list[Select[Any]] = []
    for condition in parts:
        for query in _walks(tx, condition, ordered):
            if besides is not None:
                query = query.where(besides)
            part = query.limit(first).subquery()
            branches.append(select(*part.c))
    return branches[0].subquery() if len(branches) == 1 else union(*branches).subquery()


def _walks(tx: Tx, condition: Part, ordered: bool) -> list[Select[Any]]:
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


def _capped_count(tx: Tx, parts: list[Part], cap: Any) -> Any:
    """Open cases of the parts, counted up to `cap` (a scalar subquery)."""
    counted = _merged(tx, parts, cap, ordered=False)
    return select(func.count()).select_from(
        select(counted.c.id).limit(cap).subquery()).scalar_subquery()


# Statements built so far, by shape of scope (see _shape). Few shapes exist (an officer of
# one village, a town lead, an admin…); the bound keeps an odd deployment from growing it.
_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}
_MAX_STATEMENTS = 256


def _statement(tx: Tx, villages: int, towns: int, everything: bool, owner: bool,
               approves: int, approves_all: bool) -> Select[Any]:
    """The inbox statement for a shape of scope; values come as parameters v0…, t0…, a0…
    (villages, towns, approving towns), owner, cap, first, limit and offset."""
    def number(name: str) -> Any:
        return bindparam(name, type_=Integer)

    parts = _scope_parts([bindparam(f"v{i}") for i in range(villages)],
                         [bindparam(f"t{i}") for i in range(towns)], everything,
                         number("owner") if owner else None)
    approving: list[Any] = [bindparam(f"a{i}") for i in range(approves)]
    cap, first = number("cap"), number("first")
    waiting_parts = _waiting_parts(approving, approves_all)
    totals = select(_capped_count(tx, parts, cap).label("total"), (
        _capped_count(tx, waiting_parts, cap) if waiting_parts else literal(0)).label(
        "waiting")).subquery("totals")

    branches: list[Select[Any]] = []
    waiting_condition = _waiting_condition(approving, approves_all)
    if waiting_parts:
        w = _merged(tx, waiting_parts, first)
        branches.append(select(w.c.id, w.c.due_at, literal(1).label("waiting")))
    rest = _merged(tx, parts, first, besides=not_(waiting_condition)
                   if waiting_condition is not None else None)
    branches.append(select(rest.c.id, rest.c.due_at, literal(0).label("waiting")))
    merged = (branches[0] if len(branches) == 1 else union_all(*branches)).subquery("merged")
    page = (select(merged.c.id, merged.c.waiting)
            .order_by(merged.c.waiting.desc(), *_order(tx, merged))
            .limit(number("limit")).offset(number("offset")).subquery("page"))
    lines_of_page = page.join(cases, cases.c.id == page.c.id).outerjoin(
        households, households.c.household_id == cases.c.household_id)
    return (select(totals.c.total, totals.c.waiting.label("waiting_total"), cases.c.id,
                   cases.c.ref, cases.c.head_name, cases.c.village_code, cases.c.stage,
                   cases.c.due_at, cases.c.urgent, page.c.waiting,
                   households.c.group_name.label("grp"))
            .select_from(totals.outerjoin(lines_of_page, true()))
            .order_by(page.c.waiting.desc(), *_order(tx, cases)))


async def inbox_page(tx: Tx, *, villages: Collection[str], towns: Collection[str],
                     everything: bool, owner_id: int | None, approves_towns: Collection[str],
                     approves_all: bool, limit: int, offset: int) -> InboxPage:
    """Open cases an official may work on: one page, waiting-for-approval first, then soonest
    due first; and how many (and how many wait), counted up to the cap. One statement: the
    counts and the page's cases come back together (a page past the end: the counts alone)."""
    if not (everything or villages or towns or owner_id is not None):
        return InboxPage([], 0, 0)
    village_codes, town_codes = sorted(villages), sorted(towns)
    approving: list[str] = [] if approves_all else sorted(approves_towns)
    shape = (tx.dialect.name, len(village_codes), len(town_codes), everything,
             owner_id is not None, len(approving), approves_all)
    statement = _STATEMENTS.get(shape)
    if statement is None:
        if len(_STATEMENTS) >= _MAX_STATEMENTS:
            _STATEMENTS.clear()
        statement = _STATEMENTS[shape] = _statement(tx, *shape[1:])
    # Counted a little past the page, so a page beyond the cap still knows where it stands.
    params: dict[str, Any] = {"cap": max(COUNT_CAP, offset + limit) + 1,
                              "first": offset + limit, "limit": limit, "offset": offset}
    if owner_id is not None:
        params["owner"] = owner_id
    params |= {f"v{i}": code for i, code in enumerate(village_codes)}
    params |= {f"t{i}": code for i, code in enumerate(town_codes)}
    params |= {f"a{i}": code for i, code in enumerate(approving)}
    rows = (await tx.execute(statement, params)).all()
    total, waiting = int(rows[0].total), int(rows[0].waiting_total)
    lines = [InboxLine(r.id, r.ref, r.head_name, r.village_code,
                       str(r.grp) if r.grp not in (None, "") else None, r.stage, r.due_at,
                       bool(r.urgent), bool(r.waiting)) for r in rows if r.id is not None]
    return InboxPage(lines, min(total, COUNT_CAP), min(waiting, COUNT_CAP), total > COUNT_CAP)
