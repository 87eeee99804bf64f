"""Queries of the programme's own steps: notices whose period has ended."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.db import Tx
from storage.tables import cases


async def ended_notices(tx: Tx, now: datetime, limit: int) -> list[int]:
    """Cases whose public notice came down by now, oldest first (the due-time index)."""
    rows = (await tx.execute(select(cases.c.id)
                             .where(cases.c.due_at <= now, cases.c.due_step == "notice",
                                    cases.c.stage == "notice")
                             .order_by(cases.c.due_at).limit(limit))).all()
    return [int(r.id) for r in rows]
