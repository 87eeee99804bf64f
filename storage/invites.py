"""Invite codes (by hash) and join attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from storage.db import Tx
from storage.scheduling import get_state, set_state
from storage.tables_officials import invites, join_attempts

# Outcomes of an attempt that checked a code and found it wrong (a guess, or a stale code);
# an attempt turned away by a limit checked nothing and does not count towards the limits.
CODE_FAILURES = ("unknown", "used", "expired", "revoked")
LOCK_STATE = "join_locked_until"


@dataclass(frozen=True, slots=True)
class InviteRecord:
    id: int
    role: str
    division_code: str
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None


async def create(tx: Tx, *, code_hash: str, role: str, division_code: str, created_by: int | None,
                 now: datetime, expires_at: datetime) -> int:
    return int((await tx.execute(invites.insert().values(
        code_hash=code_hash, role=role, division_code=division_code, created_by=created_by,
        created_at=now, expires_at=expires_at).returning(invites.c.id))).scalar_one())


async def by_hash(tx: Tx, code_hash: str) -> InviteRecord | None:
    row = (await tx.execute(select(invites).where(invites.c.code_hash == code_hash))).first()
    if row is None:
        return None
    return InviteRecord(row.id, row.role, row.division_code, row.expires_at, row.used_at,
                        row.revoked_at)


async def use(tx: Tx, invite_id: int, user_id: str, now: datetime) -> bool:
    """Mark used; False if someone used it first (single use even under a race)."""
    result = await tx.execute(update(invites).where(invites.c.id == invite_id,
                                                    invites.c.used_at.is_(None))
                              .values(used_at=now, used_by=user_id))
    return (result.rowcount or 0) == 1


async def revoke(tx: Tx, code_hash: str, now: datetime) -> bool:
    result = await tx.execute(update(invites).where(invites.c.code_hash == code_hash,
                                                    invites.c.revoked_at.is_(None))
                              .values(revoked_at=now))
    return (result.rowcount or 0) == 1


async def record_attempt(tx: Tx, channel: str, user_id: str, now: datetime, ok: bool,
                         reason: str) -> None:
    await tx.execute(join_attempts.insert().values(channel=channel, user_id=user_id, at=now,
                                                   ok=ok, reason=reason))


async def failures_since(tx: Tx, channel: str, user_id: str, since: datetime) -> int:
    return int((await tx.execute(select(func.count()).select_from(join_attempts).where(
        join_attempts.c.channel == channel, join_attempts.c.user_id == user_id,
        ~join_attempts.c.ok, join_attempts.c.at >= since))).scalar() or 0)


async def code_failures_since(tx: Tx, since: datetime) -> int:
    """Wrong codes tried since a time, by every account together."""
    return int((await tx.execute(select(func.count()).select_from(join_attempts).where(
        join_attempts.c.reason.in_(CODE_FAILURES), join_attempts.c.at >= since))).scalar() or 0)


async def locked_until(tx: Tx) -> datetime | None:
    """Until when /join turns everyone away (None: it does not)."""
    value = await get_state(tx, LOCK_STATE)
    return datetime.fromisoformat(value) if value else None


async def lock(tx: Tx, until: datetime, now: datetime) -> None:
    await set_state(tx, LOCK_STATE, until.isoformat(), now)


WINDOW = timedelta(hours=1)
