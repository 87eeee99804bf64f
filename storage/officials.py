"""Officials and the roles they hold on divisions."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import null, select, union_all, update

from storage.db import Tx
from storage.tables import official_roles, officials


@dataclass(frozen=True, slots=True)
class RoleGrant:
    role: str
    division_code: str


@dataclass(frozen=True, slots=True)
class OfficialRecord:
    id: int
    channel: str
    user_id: str
    chat_id: str
    display_name: str
    active: bool
    unreachable: bool
    roles: list[RoleGrant] = field(default_factory=list)


async def _with_roles(tx: Tx, rows: list[Any]) -> list[OfficialRecord]:
    if not rows:
        return []
    grants = (await tx.execute(
        select(official_roles.c.official_id, official_roles.c.role, official_roles.c.division_code)
        .where(official_roles.c.official_id.in_([r.id for r in rows]), official_roles.c.active)
        .order_by(official_roles.c.id)
    )).all()
    by_official: dict[int, list[RoleGrant]] = {}
    for g in grants:
        by_official.setdefault(g.official_id, []).append(RoleGrant(g.role, g.division_code))
    return [OfficialRecord(r.id, r.channel, r.user_id, r.chat_id, r.display_name, r.active,
                           r.unreachable, by_official.get(r.id, [])) for r in rows]


async def by_user(tx: Tx, channel: str, user_id: str) -> OfficialRecord | None:
    """The active official behind a chat user, with their roles (None for residents)."""
    rows = (await tx.execute(select(officials).where(
        officials.c.channel == channel, officials.c.user_id == user_id, officials.c.active))).all()
    found = await _with_roles(tx, list(rows))
    return found[0] if found and found[0].roles else None


async def ever_by_user(tx: Tx, channel: str, user_id: str) -> OfficialRecord | None:
    """The official behind a chat user, removed ones too (roles: only those still held)."""
    rows = (await tx.execute(select(officials).where(
        officials.c.channel == channel, officials.c.user_id == user_id))).all()
    found = await _with_roles(tx, list(rows))
    return found[0] if found else None


async def by_chat(tx: Tx, channel: str, chat_id: str) -> OfficialRecord | None:
    """The active official reached in this chat (a case card's recipient)."""
    rows = (await tx.execute(select(officials).where(
        officials.c.channel == channel, officials.c.chat_id == chat_id, officials.c.active))).all()
    found = await _with_roles(tx, list(rows))
    return found[0] if found and found[0].roles else None


async def by_id(tx: Tx, official_id: int) -> OfficialRecord | None:
    rows = (await tx.execute(select(officials).where(officials.c.id == official_id))).all()
    found = await _with_roles(tx, list(rows))
    return found[0] if found else None


async def holders(tx: Tx, *, role: str, division_code: str) -> list[OfficialRecord]:
    """Active, reachable holders of exactly that role on that division."""
    rows = (await tx.execute(
        select(officials).join(official_roles, official_roles.c.official_id == officials.c.id)
        .where(official_roles.c.role == role, official_roles.c.division_code == division_code,
               official_roles.c.active, officials.c.active, ~officials.c.unreachable)
        .order_by(officials.c.id).distinct()
    )).all()
    return await _with_roles(tx, list(rows))


async def for_divisions(tx: Tx, division_codes: Collection[str], official_ids: Collection[int]
                        ) -> tuple[dict[tuple[str, str], list[OfficialRecord]],
                                   dict[int, OfficialRecord]]:
    """In two statements: the active, reachable holders of every role on these divisions
    ((role, division) → officials by id, as holders() gives them) and these officials by id."""
    codes, ids = sorted(set(division_codes)), sorted(set(official_ids))
    if not codes and not ids:
        return {}, {}
    # Two index look-ups in one statement: holders by division, and the officials asked for.
    holding = (select(officials, official_roles.c.role.label("held_role"),
                      official_roles.c.division_code.label("held_division"))
               .join(official_roles, official_roles.c.official_id == officials.c.id)
               .where(official_roles.c.division_code.in_(codes), official_roles.c.active,
                      officials.c.active, ~officials.c.unreachable))
    named = select(officials, null().label("held_role"), null().label("held_division")).where(
        officials.c.id.in_(ids))
    both = union_all(holding, named).subquery("both")
    rows = (await tx.execute(select(both).order_by(both.c.id))).all()
    records = {r.id: r for r in await _with_roles(tx, list({r.id: r for r in rows}.values()))}
    holders_by: dict[tuple[str, str], list[OfficialRecord]] = {}
    for r in rows:
        if r.held_role is not None:
            people = holders_by.setdefault((r.held_role, r.held_division), [])
            if not people or people[-1].id != r.id:
                people.append(records[r.id])
    return holders_by, {i: records[i] for i in ids if i in records}


async def holders_of_role(tx: Tx, role: str) -> list[OfficialRecord]:
    """Active, reachable holders of a role on any division (e.g. every district admin)."""
    rows = (await tx.execute(
        select(officials).join(official_roles, official_roles.c.official_id == officials.c.id)
        .where(official_roles.c.role == role, official_roles.c.active, officials.c.active,
               ~officials.c.unreachable)
        .order_by(officials.c.id).distinct()
    )).all()
    return await _with_roles(tx, list(rows))


async def all_officials(tx: Tx) -> list[OfficialRecord]:
    rows = (await tx.execute(select(officials).order_by(officials.c.id))).all()
    return await _with_roles(tx, list(rows))


async def grant(tx: Tx, *, channel: str, user_id: str, chat_id: str, display_name: str,
                role: str, division_code: str, now: datetime) -> OfficialRecord:
    """Bind a chat user to a role on a division (creating the official when new)."""
    row = (await tx.execute(select(officials.c.id).where(
        officials.c.channel == channel, officials.c.user_id == user_id))).first()
    if row is None:
        official_id = (await tx.execute(officials.insert().values(
            channel=channel, user_id=user_id, chat_id=chat_id, display_name=display_name,
            active=True, unreachable=False, created_at=now).returning(officials.c.id))).scalar_one()
    else:
        official_id = row.id
        await tx.execute(update(officials).where(officials.c.id == official_id).values(
            active=True, unreachable=False, chat_id=chat_id, display_name=display_name))
    held = (await tx.execute(select(official_roles.c.id).where(
        official_roles.c.official_id == official_id, official_roles.c.role == role,
        official_roles.c.division_code == division_code, official_roles.c.active))).first()
    if held is None:
        await tx.execute(official_roles.insert().values(
            official_id=official_id, role=role, division_code=division_code, active=True,
            granted_at=now))
    record = await by_id(tx, official_id)
    assert record is not None
    return record


async def revoke(tx: Tx, official_id: int, now: datetime, division_code: str | None = None) -> int:
    """Take a role away (one division, or all); returns how many grants ended."""
    query = update(official_roles).where(official_roles.c.official_id == official_id,
                                         official_roles.c.active)
    if division_code is not None:
        query = query.where(official_roles.c.division_code == division_code)
    result = await tx.execute(query.values(active=False, revoked_at=now))
    return result.rowcount or 0


async def mark_unreachable(tx: Tx, channel: str, chat_id: str) -> OfficialRecord | None:
    """The official blocked the bot: stop routing to them (their cases go back to routing)."""
    await tx.execute(update(officials).where(officials.c.channel == channel,
                                             officials.c.chat_id == chat_id)
                     .values(unreachable=True))
    rows = (await tx.execute(select(officials).where(officials.c.channel == channel,
                                                     officials.c.chat_id == chat_id))).all()
    found = await _with_roles(tx, list(rows))
    return found[0] if found else None
