"""Pruning: every table that grows with traffic keeps its rows for a window, then forgets them.

Run by the scheduler (one process) once an hour; each window is a setting (RETENTION_*).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import audit as audit_repo
from storage import conversations as conv_repo
from storage import inbox as inbox_repo
from storage import questions as question_repo
from storage.tables import outbox
from storage.tables_officials import join_attempts

log = logging.getLogger(__name__)

EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Windows:
    processed_updates: timedelta = timedelta(days=7)
    inbox: timedelta = timedelta(days=7)
    failed_inbox: timedelta = timedelta(days=30)
    sent_outbox: timedelta = timedelta(days=30)
    join_attempts: timedelta = timedelta(days=30)
    audit: timedelta = timedelta(days=1095)  # refusals: three years
    closed_cases: timedelta = timedelta(days=1826)  # personal data of closed cases: five years
    questions: timedelta = timedelta(days=365)  # questions to the village and their answers


async def prune(engine: AsyncEngine, now: datetime, windows: Windows) -> dict[str, int]:
    """Delete what is past its window; returns how many rows each table lost."""
    async with engine.begin() as tx:
        done = {
            "processed_updates": await conv_repo.prune_updates(tx, now, windows.processed_updates),
            "inbox": await inbox_repo.prune(tx, now, windows.inbox, windows.failed_inbox),
            "outbox": (await tx.execute(delete(outbox).where(
                outbox.c.status != "pending", outbox.c.created_at < now - windows.sent_outbox))
            ).rowcount or 0,
            "join_attempts": (await tx.execute(delete(join_attempts).where(
                join_attempts.c.at < now - windows.join_attempts))).rowcount or 0,
            "audit": await audit_repo.prune(tx, now - windows.audit),
            "questions": await question_repo.prune(tx, now - windows.questions),
        }
    if any(done.values()):
        log.info("pruned %s", ", ".join(f"{n} {table}" for table, n in done.items() if n))
    return done
