"""Abuse controls on neighbour reports: a daily limit per reporter, and one report about the
same household per reporter per week."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Literal

from cases.policy import Programme
from storage import reports as report_repo
from storage.crypto import FieldCipher
from storage.db import Tx

SAME_HOUSEHOLD_WINDOW = timedelta(days=7)

Refusal = Literal["daily_limit", "same_household"]


def reporter_hash(cipher: FieldCipher, channel: str, user_id: str) -> str:
    """Who reported, as a keyed hash: enough to count, useless to identify."""
    return cipher.lookup_hash(f"reporter|{channel}|{user_id}") or ""


def start_of_day(programme: Programme, now: datetime) -> datetime:
    """Midnight of today in the programme's time zone: the daily limit resets then."""
    local = programme.local(now)
    return datetime.combine(local.date(), time(0), tzinfo=programme.timezone)


async def daily_limit_reached(tx: Tx, *, reporter: str, programme: Programme, now: datetime,
                              limit: int) -> bool:
    done = await report_repo.count_by_reporter_since(tx, reporter, start_of_day(programme, now))
    return done >= limit


async def check(tx: Tx, *, reporter: str, household_keys: list[str], case_id: int | None,
                programme: Programme, now: datetime, limit: int) -> Refusal | None:
    """Why this report may not be taken now, or None."""
    if await daily_limit_reached(tx, reporter=reporter, programme=programme, now=now,
                                 limit=limit):
        return "daily_limit"
    if await report_repo.reported_household_since(tx, reporter, household_keys,
                                                  now - SAME_HOUSEHOLD_WINDOW, case_id):
        return "same_household"
    return None
