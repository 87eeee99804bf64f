"""Invite codes: at least 128 random bits, stored only as a hash, single use, expiring."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from storage import invites as invite_repo
from storage import officials as official_repo
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue

MAX_FAILURES_PER_HOUR = 5  # per account
# Across all accounts (JOIN_FAILURES_PER_HOUR): past it, /join turns everyone away for an hour.
# Guessing a 128-bit code is hopeless anyway; the limit stops a flood of guesses from many
# accounts and tells the district admins someone is trying (README, "Officials").
MAX_FAILURES_OVERALL = 50
LOCK_FOR = timedelta(hours=1)
LOCK_ALERT_KEY = "join.locked_alert"
ROLE_LEVEL = {"officer": "village", "town_lead": "town", "district_admin": "district"}


def new_code() -> str:
    """22 URL-safe characters from 128 random bits; fits a /start deep link (≤ 64 characters).

    Never starting with "-": `python -m bot invite --revoke -abc…` would read such a code as
    an option and refuse to revoke it (skipping 1 code in 64 leaves over 127.9 bits)."""
    while True:
        code = secrets.token_urlsafe(16)
        if not code.startswith("-"):
            return code


def code_hash(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


async def issue(tx: Tx, *, role: str, division_code: str, created_by: int | None, now: datetime,
                valid_for: timedelta) -> str:
    code = new_code()
    await invite_repo.create(tx, code_hash=code_hash(code), role=role,
                             division_code=division_code, created_by=created_by, now=now,
                             expires_at=now + valid_for)
    return code


Outcome = Literal["joined", "wait", "locked", "unknown", "used", "expired", "revoked"]


@dataclass(frozen=True, slots=True)
class JoinResult:
    outcome: Outcome
    official: OfficialRecord | None = None
    role: str | None = None
    division_code: str | None = None


async def redeem(tx: Tx, *, code: str, channel: str, user_id: str, chat_id: str,
                 display_name: str, now: datetime, overall_limit: int = MAX_FAILURES_OVERALL,
                 zone: ZoneInfo | None = None) -> JoinResult:
    """Bind the Telegram user id to the invite's role and division; every attempt recorded.

    Turned away: everyone while /join is locked (too many wrong codes from all accounts
    together), an account with too many wrong codes of its own."""
    locked = await invite_repo.locked_until(tx)
    if locked is not None and locked > now:
        await invite_repo.record_attempt(tx, channel, user_id, now, False, "locked")
        return JoinResult("locked")
    failures = await invite_repo.failures_since(tx, channel, user_id, now - invite_repo.WINDOW)
    if failures >= MAX_FAILURES_PER_HOUR:
        await invite_repo.record_attempt(tx, channel, user_id, now, False, "rate_limited")
        return JoinResult("wait")
    invite = await invite_repo.by_hash(tx, code_hash(code))
    outcome: Outcome | None = None
    if invite is None:
        outcome = "unknown"
    elif invite.revoked_at is not None:
        outcome = "revoked"
    elif invite.used_at is not None:
        outcome = "used"
    elif invite.expires_at <= now:
        outcome = "expired"
    elif not await invite_repo.use(tx, invite.id, user_id, now):
        outcome = "used"
    if outcome is not None or invite is None:
        await invite_repo.record_attempt(tx, channel, user_id, now, False, outcome or "unknown")
        await _lock_if_flooded(tx, now, overall_limit, zone or ZoneInfo("Asia/Shanghai"))
        return JoinResult(outcome or "unknown")
    official = await official_repo.grant(
        tx, channel=channel, user_id=user_id, chat_id=chat_id, display_name=display_name,
        role=invite.role, division_code=invite.division_code, now=now)
    await invite_repo.record_attempt(tx, channel, user_id, now, True, "joined")
    return JoinResult("joined", official, invite.role, invite.division_code)


async def _lock_if_flooded(tx: Tx, now: datetime, limit: int, zone: ZoneInfo) -> None:
    """At the limit of wrong codes in the last hour, all accounts together: /join is locked
    for an hour and every district admin is told (once per lock)."""
    count = await invite_repo.code_failures_since(tx, now - invite_repo.WINDOW)
    if count < limit:
        return
    until = now + LOCK_FOR
    await invite_repo.lock(tx, until, now)
    params = {"failures": count, "until": until.astimezone(zone).strftime("%Y-%m-%d %H:%M")}
    for admin in await official_repo.holders_of_role(tx, "district_admin"):
        await enqueue(tx, OutboxMessage(channel=admin.channel, chat_id=admin.chat_id,
                                        key=LOCK_ALERT_KEY, params=params, urgent=True), now)
