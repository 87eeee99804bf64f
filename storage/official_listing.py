"""Listings for officials: every official with every grant they hold or held (ended ones
too), for the command line; and an official's inbox of open cases (/cases)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select

from storage.db import Tx
from storage.tables import cases, official_roles, officials
from storage.tables_intake import households


@dataclass(frozen=True, slots=True)
class GrantLine:
    """One official and one of their grants; role is None for an official without any."""

    official_id: int
    display_name: str
    channel: str
    user_id: str
    official_active: bool
    unreachable: bool
    role: str | None
    division_code: str | None
    grant_active: bool
    granted_at: datetime | None
    revoked_at: datetime | None


async def grant_lines(tx: Tx) -> list[GrantLine]:
    """Officials by id, each grant in the order it was made (active and ended)."""
    rows = (await tx.execute(
        select(officials.c.id, officials.c.display_name, officials.c.channel,
               officials.c.user_id, officials.c.active, officials.c.unreachable,
               official_roles.c.role, official_roles.c.division_code,
               official_roles.c.active.label("grant_active"), official_roles.c.granted_at,
               official_roles.c.revoked_at)
        .select_from(officials.outerjoin(official_roles,
                                         official_roles.c.official_id == officials.c.id))
        .order_by(officials.c.id, official_roles.c.id)
    )).all()
    return [GrantLine(r.id, r.display_name, r.channel, r.user_id, bool(r.active),
                      bool(r.unreachable), r.role, r.division_code, bool(r.grant_active),
                      r.granted_at, r.revoked_at) for r in rows]


# --- an official's inbox (/cases) ----------------------------------------------------------


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
    total: int
    waiting: int  # how many of all the open cases wait for this official's approval
    capped: bool = False  # more than COUNT_CAP open cases: `total` is the cap


def _group_column() -> Any:
    """The register's 组 ("3组", "5社": stored with its word, see cases/households.py)."""
    return households.c.group_name


async def inbox_page(tx: Tx, *, villages: set[str], towns: set[str], everything: bool,
                     owner_id: int | None, approves_towns: set[str], approves_all: bool,
                     limit: int, offset: int) -> InboxPage:
    """Open cases an official may work on: first those waiting for their approval (a town
    lead's or an admin's "proposed" cases), then soonest due first. One query for the page's
    cases (with the household's 组), one for the counts."""
    condition: Any = cases.c.stage != "closed"
    if not everything:
        scope: list[ColumnElement[bool]] = []
        if villages:
            scope.append(cases.c.village_code.in_(villages))
        if towns:
            scope.append(cases.c.town_code.in_(towns))
        if owner_id is not None:
            scope.append(cases.c.owner_id == owner_id)
        if not scope:
            return InboxPage([], 0, 0)
        condition = and_(condition, or_(*scope))
    if approves_all:
        waiting: Any = cases.c.stage == "proposed"
    elif approves_towns:
        waiting = and_(cases.c.stage == "proposed", cases.c.town_code.in_(approves_towns))
    else:
        waiting = false()
    waiting_flag = case((waiting, 1), else_=0)
    total = await _capped_count(tx, condition)
    waiting_total = await _capped_count(tx, and_(condition, waiting)) if waiting is not false() \
        else 0
    rows = (await tx.execute(
        select(cases.c.id, cases.c.ref, cases.c.head_name, cases.c.village_code, cases.c.stage,
               cases.c.due_at, cases.c.urgent, waiting_flag.label("waiting"),
               _group_column().label("grp"))
        .select_from(cases.outerjoin(households,
                                     households.c.household_id == cases.c.household_id))
        .where(condition)
        # Waiting for approval first; NULL due times last on both backends.
        .order_by(waiting_flag.desc(), cases.c.due_at.is_(None), cases.c.due_at, cases.c.id)
        .limit(limit).offset(offset))).all()
    lines = [InboxLine(r.id, r.ref, r.head_name, r.village_code,
                       str(r.grp) if r.grp not in (None, "") else None, r.stage, r.due_at,
                       bool(r.urgent), bool(r.waiting)) for r in rows]
    return InboxPage(lines, min(total, COUNT_CAP), min(waiting_total, COUNT_CAP),
                     capped=total > COUNT_CAP)


# A crowded village (10,000 open cases) is counted no further than this: "1,000+" says enough,
# and counting every open case on every /cases would cost as much as reading them.
COUNT_CAP = 1000


async def _capped_count(tx: Tx, condition: Any) -> int:
    """How many cases match, counted up to COUNT_CAP + 1."""
    limited = select(cases.c.id).where(condition).limit(COUNT_CAP + 1).subquery()
    return int((await tx.execute(select(func.count()).select_from(limited))).scalar_one())
