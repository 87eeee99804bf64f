"""Listings for officials: every official with every grant they hold or held (ended ones
too), for the command line. (Their inbox of open cases, /cases, is storage/case_inbox.py.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.db import Tx
from storage.tables import official_roles, officials


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
