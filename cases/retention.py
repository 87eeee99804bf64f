"""Closed cases keep their personal data RETENTION_CLOSED_CASES_DAYS (five years by default),
then lose it (storage/anonymise.py); the figures and the timeline's actions stay."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from storage.anonymise import anonymise_case, closed_before
from storage.db import CHUNK_ROWS, Transactions

log = logging.getLogger(__name__)


async def anonymise_closed(transactions: Transactions, now: datetime, keep: timedelta,
                           chunk: int = CHUNK_ROWS) -> int:
    """Every case closed longer than `keep` ago, in chunks (each its own transaction)."""
    before, done = now - keep, 0
    while True:
        async with transactions() as tx:
            ids = await closed_before(tx, before, chunk)
            for case_id in ids:
                done += await anonymise_case(tx, case_id, now)
        if len(ids) < chunk:
            break
    log.info("anonymised %d closed case(s) closed before %s", done, f"{before:%Y-%m-%d}")
    return done
