"""Invite codes: at least 128 random bits, stored only as a hash, single use, expiring."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from storage import invites as invite_repo
from storage import officials as official_repo
from storage.db import Tx
from storage.officials import OfficialRecord

MAX_FAILURES_PER_HOUR = 5
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


Outcome = Literal["joined", "wait", "unknown", "used", "expired", "revoked"]


@dataclass(frozen=True, slots=True)
class JoinResult:
    outcome: Outcome
    official: OfficialRecord | None = None
    role: str | None = None
    division_code: str | None = None


async def redeem(tx: Tx, *, code: str, channel: str, user_id: str, chat_id: str,
                 display_name: str, now: datetime) -> JoinResult:
    """Bind the Telegram user id to the invite's role and division; every attempt audited."""
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
        return JoinResult(outcome or "unknown")
    official = await official_repo.grant(
        tx, channel=channel, user_id=user_id, chat_id=chat_id, display_name=display_name,
        role=invite.role, division_code=invite.division_code, now=now)
    await invite_repo.record_attempt(tx, channel, user_id, now, True, "joined")
    return JoinResult("joined", official, invite.role, invite.division_code)
