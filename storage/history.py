"""A case's history: reading its timeline a page at a time (办理记录), and writing an imported
history (known references, register details, bulk inserts)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import desc, func, select

from storage import figure_summary
from storage.cases import CaseEvent
from storage.db import Tx
from storage.tables import case_events, cases
from storage.tables_intake import households

CHUNK = 500


async def timeline_page(tx: Tx, case_id: int, *, skip_newest: int, limit: int
                        ) -> tuple[list[CaseEvent], int]:
    """`limit` events of a case after skipping the `skip_newest` latest, oldest first; and how
    many events the case has. Page 0 is the latest events: what a reader wants first."""
    total = int((await tx.execute(select(func.count()).select_from(case_events)
                                  .where(case_events.c.case_id == case_id))).scalar() or 0)
    rows = (await tx.execute(
        select(case_events).where(case_events.c.case_id == case_id)
        .order_by(desc(case_events.c.id)).offset(skip_newest).limit(limit))).all()
    return [CaseEvent(r.at, r.actor_kind, r.actor_id, r.action, dict(r.details or {}))
            for r in reversed(rows)], total


async def existing_refs(tx: Tx, refs: Sequence[str]) -> dict[str, tuple[str, datetime]]:
    """References already used by a case, with that case's village and report time."""
    found: dict[str, tuple[str, datetime]] = {}
    for start in range(0, len(refs), CHUNK):
        rows = (await tx.execute(select(cases.c.ref, cases.c.village_code, cases.c.reported_at)
                                 .where(cases.c.ref.in_(refs[start:start + CHUNK])))).all()
        found.update({r.ref: (r.village_code, r.reported_at) for r in rows})
    return found


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """What the household register knows about a household (kept encrypted as stored)."""

    head_name: str
    id_number_enc: bytes | None
    id_number_hash: str | None
    phone_enc: bytes | None
    phone_hash: str | None


async def register_entries(tx: Tx, household_ids: Sequence[str]) -> dict[str, RegisterEntry]:
    out: dict[str, RegisterEntry] = {}
    for start in range(0, len(household_ids), CHUNK):
        rows = (await tx.execute(select(
            households.c.household_id, households.c.head_name, households.c.id_number_enc,
            households.c.id_number_hash, households.c.phone_enc, households.c.phone_hash,
        ).where(households.c.household_id.in_(household_ids[start:start + CHUNK])))).all()
        for r in rows:
            out[r.household_id] = RegisterEntry(r.head_name, r.id_number_enc, r.id_number_hash,
                                                r.phone_enc, r.phone_hash)
    return out


async def insert_cases(tx: Tx, rows: list[dict[str, Any]], at: datetime) -> int:
    """Insert imported cases with one "imported" timeline event each; returns how many. The
    closed years they count in are marked stale (storage/figure_summary.py)."""
    await figure_summary.history_changed(
        tx, [row.get(name) for row in rows for name in figure_summary.DATE_COLUMNS], at)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        await tx.execute(cases.insert(), chunk)
        ids = (await tx.execute(select(cases.c.id).where(
            cases.c.ref.in_([r["ref"] for r in chunk])))).scalars().all()
        await tx.execute(case_events.insert(), [
            {"case_id": case_id, "at": at, "actor_kind": "system", "actor_id": None,
             "action": "imported", "details": {"source": "history"}} for case_id in ids])
    return len(rows)
