"""Queries of the household register as officials browse it in chat: a page of the households
of some villages (optionally searched), and for each household its open case and last visit.

Names are stored in plain text (docs/privacy.md: needed for lists, duplicate checks and
statistics), so a search is an SQL filter bounded to the official's villages and paged; the
phone and ID number columns are never read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select

from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import households
from storage.tables_officials import visits


@dataclass(frozen=True, slots=True)
class Listed:
    """A household as a list line shows it: no phone, no ID number."""

    household_id: str
    short_id: int
    village_code: str
    group_name: str | None
    head_name: str
    members: int
    category: str
    id_number_hash: str | None


@dataclass(frozen=True, slots=True)
class OpenCase:
    id: int
    ref: str
    stage: str
    due_step: str | None
    due_at: datetime | None


@dataclass(frozen=True, slots=True)
class LastVisit:
    at: datetime
    official_id: int


def _like_pattern(text: str) -> str:
    """A LIKE pattern for "contains text", its own % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def _filter(villages: frozenset[str] | None, text: str, groups: Sequence[str]) -> Any:
    condition: list[ColumnElement[bool]] = [households.c.short_id.is_not(None)]
    if villages is not None:
        condition.append(households.c.village_code.in_(sorted(villages)))
    if groups:
        condition.append(households.c.group_name.in_(list(groups)))
    elif text:
        condition.append(or_(
            func.lower(households.c.head_name).like(_like_pattern(text), escape="\\"),
            households.c.group_name == text,
            households.c.household_id == text))
    return and_(*condition)


async def page(tx: Tx, *, villages: frozenset[str] | None, text: str = "",
               groups: Sequence[str] = (), limit: int, offset: int) -> tuple[list[Listed], int]:
    """One page of the households of these villages (None: all), by village, group and name;
    and how many there are in all. `groups` set: only those groups; else `text` matches a
    part of the head's name, a group as written, or a household id."""
    if villages is not None and not villages:
        return [], 0
    where = _filter(villages, text, groups)
    total = int((await tx.execute(select(func.count()).select_from(households).where(where)))
                .scalar() or 0)
    rows = (await tx.execute(
        select(households.c.household_id, households.c.short_id, households.c.village_code,
               households.c.group_name, households.c.head_name, households.c.members,
               households.c.category, households.c.id_number_hash)
        .where(where)
        # Numbered groups in number order (2组 before 10组); households without one last.
        .order_by(households.c.village_code, households.c.group_name.is_(None),
                  func.length(households.c.group_name), households.c.group_name,
                  households.c.head_name, households.c.household_id)
        .limit(limit).offset(offset))).all()
    return [Listed(r.household_id, int(r.short_id), r.village_code, r.group_name, r.head_name,
                   r.members, r.category, r.id_number_hash) for r in rows], total


def _cases_of(listed: Sequence[Listed]) -> Any:
    """The cases of these households: by register id; or, for a case reported before the
    household was in the register (no register id on it), by the head's ID number, or by
    village and head's name when the case has no ID number either — as intake matches them
    (storage/reports.py: find_open_case_id)."""
    unlinked = cases.c.household_id.is_(None)
    match: list[ColumnElement[bool]] = [cases.c.household_id.in_([h.household_id for h in listed])]
    hashes = [h.id_number_hash for h in listed if h.id_number_hash]
    if hashes:
        match.append(and_(unlinked, cases.c.id_number_hash.in_(hashes)))
    match.extend(and_(unlinked, cases.c.id_number_hash.is_(None),
                      cases.c.village_code == h.village_code, cases.c.head_name == h.head_name)
                 for h in listed)
    return or_(*match)


def _owners(row: Any, listed: Sequence[Listed]) -> list[str]:
    """The listed households a case row belongs to (see _cases_of)."""
    if row.household_id is not None:
        return [row.household_id]
    if row.id_number_hash is not None:
        return [h.household_id for h in listed if h.id_number_hash == row.id_number_hash]
    return [h.household_id for h in listed
            if (h.village_code, h.head_name) == (row.village_code, row.head_name)]


async def open_cases(tx: Tx, listed: Sequence[Listed]) -> dict[str, OpenCase]:
    """Household id → its open case (the oldest, as intake keeps one per household)."""
    if not listed:
        return {}
    rows = (await tx.execute(
        select(cases.c.id, cases.c.ref, cases.c.stage, cases.c.due_step, cases.c.due_at,
               cases.c.household_id, cases.c.id_number_hash, cases.c.village_code,
               cases.c.head_name)
        .where(cases.c.stage != "closed", _cases_of(listed)).order_by(cases.c.id))).all()
    out: dict[str, OpenCase] = {}
    for r in rows:
        for owner in _owners(r, listed):
            out.setdefault(owner, OpenCase(r.id, r.ref, r.stage, r.due_step, r.due_at))
    return out


async def last_visit(tx: Tx, household: Listed) -> LastVisit | None:
    """The household's latest home visit, on any of its cases, closed ones included."""
    row = (await tx.execute(
        select(visits.c.at, visits.c.official_id)
        .select_from(visits.join(cases, cases.c.id == visits.c.case_id))
        .where(_cases_of([household]))
        .order_by(visits.c.at.desc(), visits.c.id.desc()).limit(1))).first()
    return LastVisit(row.at, int(row.official_id)) if row else None
