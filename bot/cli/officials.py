"""`python -m bot officials list|remove`: who holds which role on which division, and taking a
role away (their open cases go back to routing)."""

from __future__ import annotations

import argparse
import sys
import unicodedata

from bot.app import build_app
from bot.cli.database import open_existing
from bot.division_register import load_register
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from cases.divisions import DivisionRegister
from cases.routing import reroute_open_cases
from storage import officials as official_repo
from storage.official_listing import GrantLine, grant_lines


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("officials", help="list officials and their roles, or remove a role")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = inner.add_parser("list", help="one line per official and role (ended ones too)")
    listing.set_defaults(func=list_command)
    remove = inner.add_parser(
        "remove", help="take an official's roles away; their open cases are routed again")
    remove.add_argument("--official", type=int, required=True, metavar="ID",
                        help="the official's id (first column of `officials list`)")
    remove.add_argument("--division", metavar="CODE_OR_NAME",
                        help="only the roles on this division (default: all roles)")
    remove.set_defaults(func=remove_command)


def fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


# --- list -------------------------------------------------------------------------------

def status_of(line: GrantLine) -> str:
    if line.role is None or not line.grant_active or not line.official_active:
        return "removed"
    return "unreachable" if line.unreachable else "active"


def width(text: str) -> int:
    """Columns a terminal gives the text (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return ["  ".join(cell + " " * (w - width(cell)) for cell, w in zip(row, widths, strict=True))
            .rstrip() for row in [header, *rows]]


def division_label(register: DivisionRegister, code: str | None) -> str:
    if code is None:
        return "-"
    division = register.get(code)
    return f"{code} {division.name}" if division is not None else f"{code} (not in register)"


async def list_command(_args: argparse.Namespace) -> int:
    return await list_officials(Settings())


async def list_officials(settings: Settings) -> int:
    """One line per official and role; reads an existing database, never creates one."""
    engine = await open_existing(settings.storage.database_url)
    try:
        register_ = await load_register(engine)
        async with engine.begin() as tx:
            lines = await grant_lines(tx)
    finally:
        await engine.dispose()
    if not lines:
        print("no officials yet: invite one with `python -m bot invite --role … --division …`")
        return 0
    rows = [[str(line.official_id), line.display_name, str(line.user_id), line.role or "-",
             division_label(register_, line.division_code), status_of(line)] for line in lines]
    for text in table(["ID", "NAME", "TELEGRAM ID", "ROLE", "DIVISION", "STATUS"], rows):
        print(text)
    return 0


# --- remove -----------------------------------------------------------------------------

def villages_under(register: DivisionRegister, code: str) -> set[str]:
    """The village codes a division covers: itself for a village, every village below a town
    or a district."""
    division = register.get(code)
    if division is None:
        return set()
    if division.level == "village":
        return {division.code}
    out: set[str] = set()
    for child in register.children(division.code):
        out |= villages_under(register, child.code)
    return out


async def remove_command(args: argparse.Namespace) -> int:
    return await remove_official(Settings(), args.official, args.division, SystemClock())


async def remove_official(settings: Settings, official_id: int, division: str | None,
                          clock: Clock) -> int:
    """End the grants (all, or those on one division) and reroute the open cases they no
    longer cover, in one transaction."""
    app = await build_app(settings, clock)
    try:
        register_ = app.services.divisions
        target = None
        if division is not None:
            target = register_.find(division)
            if target is None:
                return fail(f"no division {division!r} in the register (give its code, or a "
                            "name that only one division has)")
        now = clock.now()
        async with app.db.begin() as tx:
            official = await official_repo.by_id(tx, official_id)
            if official is None:
                return fail(f"no official with id {official_id} (see `python -m bot officials "
                            "list`)")
            ended = await official_repo.revoke(tx, official_id, now,
                                               division_code=target.code if target else None)
            villages: frozenset[str] | None = None  # every role ended: all their cases
            if target is not None:
                # Cases in villages a remaining role still covers stay with the official.
                remaining = await official_repo.by_id(tx, official_id)
                still: set[str] = set().union(*(villages_under(register_, g.division_code)
                                                for g in (remaining.roles if remaining else [])))
                villages = frozenset(villages_under(register_, target.code) - still)
            moved = 0
            if villages is None or villages:
                moved = await reroute_open_cases(tx, official_id=official_id,
                                                 store=app.services.cases, register=register_,
                                                 now=now, village_codes=villages)
    finally:
        await app.close()
    where = f" on {target.name} ({target.code})" if target is not None else ""
    if ended == 0 and moved == 0:
        return fail(f"official {official_id} ({official.display_name}) holds no active role"
                    f"{where}; nothing changed")
    print(f"official {official_id} ({official.display_name}): {ended} role grant(s){where} "
          f"ended, {moved} open case(s) sent back to routing")
    return 0
