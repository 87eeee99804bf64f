"""The audit of refused actions: written as they happen, listed by the command line, pruned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from storage.db import Tx
from storage.tables_privacy import audit


@dataclass(frozen=True, slots=True)
class Refusal:
    """One refused action; nothing personal (an account that is no official: a keyed hash)."""

    at: datetime
    channel: str | None
    actor: str  # official | removed | person
    official_id: int | None
    actor_hash: str | None
    roles: str | None
    action: str
    case_id: int | None
    case_ref: str | None
    reason: str


async def record(tx: Tx, refusal: Refusal) -> None:
    await tx.execute(audit.insert().values(
        at=refusal.at, channel=refusal.channel, actor=refusal.actor,
        official_id=refusal.official_id, actor_hash=refusal.actor_hash,
        roles=(refusal.roles or None) and refusal.roles[:255], action=refusal.action[:48],
        case_id=refusal.case_id, case_ref=refusal.case_ref, reason=refusal.reason[:32]))


async def listing(tx: Tx, since: datetime, *, official_id: int | None = None,
                  case_ref: str | None = None) -> list[Refusal]:
    """Refusals since a time, oldest first, of one official or one case if asked."""
    query = select(audit).where(audit.c.at >= since).order_by(audit.c.at, audit.c.id)
    if official_id is not None:
        query = query.where(audit.c.official_id == official_id)
    if case_ref is not None:
        query = query.where(audit.c.case_ref == case_ref)
    return [Refusal(r.at, r.channel, r.actor, r.official_id, r.actor_hash, r.roles, r.action,
                    r.case_id, r.case_ref, r.reason) for r in (await tx.execute(query)).all()]


async def prune(tx: Tx, before: datetime) -> int:
    return (await tx.execute(delete(audit).where(audit.c.at < before))).rowcount or 0
