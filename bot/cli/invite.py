"""`python -m bot invite`: a one-time invite code (and t.me link) for an official's role on a
division, or `--revoke CODE` to withdraw one. Only the code's hash is stored; the code is
printed once and never logged."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from bot.division_register import load_register
from bot.settings import Settings
from cases import invites
from cases.clock import Clock, SystemClock
from storage import invites as invite_repo
from storage.db import create_engine
from storage.migrate import migrate

MIN_HOURS, MAX_HOURS = 1, 720
LINK_PLACEHOLDER = "<bot username>"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "invite", help="a one-time invite code for an official (or --revoke CODE)",
        description="Issue a single-use invite code binding whoever redeems it to a role on a "
                    "division: officer → village, town_lead → town, district_admin → district.")
    parser.add_argument("--role", choices=sorted(invites.ROLE_LEVEL))
    parser.add_argument("--division", metavar="CODE_OR_NAME",
                        help="division code, or its name when the name is unique")
    parser.add_argument("--hours", type=int, default=72,
                        help=f"hours the code stays valid ({MIN_HOURS}–{MAX_HOURS}, default 72)")
    parser.add_argument("--revoke", metavar="CODE", help="revoke this invite code instead")
    parser.set_defaults(func=run)


def fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


async def run(args: argparse.Namespace) -> int:
    if args.revoke is not None:
        if args.role is not None or args.division is not None:
            return fail("--revoke takes no --role or --division", 2)
        return await revoke_invite(Settings(), args.revoke, SystemClock())
    if args.role is None or args.division is None:
        return fail("give --role and --division (or --revoke CODE)", 2)
    return await issue_invite(Settings(), role=args.role, division=args.division,
                              hours=args.hours, clock=SystemClock())


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@') or LINK_PLACEHOLDER}?start={code}"


async def issue_invite(settings: Settings, *, role: str, division: str, hours: int,
                       clock: Clock) -> int:
    """Check the division and role, store the code's hash, print the code and the link."""
    if not MIN_HOURS <= hours <= MAX_HOURS:
        return fail(f"--hours must be between {MIN_HOURS} and {MAX_HOURS} (got {hours})")
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        register_ = await load_register(engine)
        found = register_.find(division)
        if found is None:
            return fail(f"no division {division!r} in the register (give its code, or a name "
                        "that only one division has)")
        level = invites.ROLE_LEVEL[role]
        if found.level != level:
            return fail(f"{role} is a {level} role, but {found.name} ({found.code}) is a "
                        f"{found.level}")
        now = clock.now()
        valid_for = timedelta(hours=hours)
        async with engine.begin() as tx:
            code = await invites.issue(tx, role=role, division_code=found.code, created_by=None,
                                       now=now, valid_for=valid_for)
    finally:
        await engine.dispose()
    until = settings.programme_rules().local(now + valid_for)
    username = settings.telegram.bot_username.strip()
    print(f"Invite for {role} of {found.name} ({found.code}), single use, valid until "
          f"{until:%Y-%m-%d %H:%M} ({settings.locale.timezone}):")
    print(f"  code: {code}")
    print(f"  link: {invite_link(username, code)}")
    print("The official opens the link (or sends /join <code> to the bot) to take the role.")
    if not username:
        print("Set BOT_USERNAME in .env (the bot's @username) to get a ready-to-send link.")
    return 0


async def revoke_invite(settings: Settings, code: str, clock: Clock) -> int:
    """Withdraw an invite that is still usable; says what it found otherwise (exit 1)."""
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        now = clock.now()
        digest = invites.code_hash(code)
        async with engine.begin() as tx:
            invite = await invite_repo.by_hash(tx, digest)
            if invite is None:
                return fail("no invite with that code")
            if invite.revoked_at is not None:
                return fail("that invite was already revoked")
            if invite.used_at is not None:
                return fail("that invite was already used; to take the role away run "
                            "`python -m bot officials remove --official ID`")
            if invite.expires_at <= now:
                return fail("that invite has already expired")
            revoked = await invite_repo.revoke(tx, digest, now)
    finally:
        await engine.dispose()
    if not revoked:
        return fail("that invite was revoked meanwhile")
    print(f"revoked: the invite for {invite.role} of {invite.division_code} can no longer be used")
    return 0
