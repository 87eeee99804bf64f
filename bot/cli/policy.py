"""`python -m bot policy show|set|history`: a district's own rules over the `.env` defaults —
the same values its admins set in chat with /policy, each change recorded (who, from what, to
what, how)."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from cases import district_policy
from cases.clock import SystemClock
from cases.district_policy import INCOME_LINE, SETTINGS, PolicyError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("policy", help="a district's income lines, deadlines, monitoring "
                                           "period and programme steps")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="the values in effect in a district")
    show.add_argument("--district", required=True, metavar="CODE", help="code or name")
    show.set_defaults(func=run_show)
    set_ = actions.add_parser("set", help="set one value for a district (recorded)",
                              description="NAME: " + ", ".join(SETTINGS) + f", {INCOME_LINE}YYYY")
    set_.add_argument("--district", required=True, metavar="CODE", help="code or name")
    set_.add_argument("name")
    set_.add_argument("value", help="hours or days for deadlines, days for monitoring_days and "
                                    "notice_days, yuan for an income line, a comma list of "
                                    "review,notice,confirm (or none) for steps.*")
    set_.set_defaults(func=run_set)
    history = actions.add_parser("history", help="every change, oldest first")
    history.add_argument("--district", default=None, metavar="CODE", help="code or name")
    history.set_defaults(func=run_history)


async def _open(settings: Settings, district: str | None):  # type: ignore[no-untyped-def]
    from bot.cli.database import open_existing
    from bot.division_register import load_register

    engine = await open_existing(settings.storage.database_url)
    register = await load_register(engine)
    found = register.find(district) if district else None
    if district and (found is None or found.level != "district"):
        await engine.dispose()
        print(f"error: no district {district!r} in the register", file=sys.stderr)
        return None, None
    return engine, found


async def run_show(args: argparse.Namespace) -> int:
    from storage import district_policy as repo

    settings = Settings()
    engine, district = await _open(settings, args.district)
    if engine is None:
        return 1
    try:
        async with engine.begin() as tx:
            own = await repo.values_of(tx, district.code)
    finally:
        await engine.dispose()
    programme = district_policy.apply(settings.programme_rules(), own)
    year = SystemClock().now().astimezone(programme.timezone).year
    names = [*SETTINGS, *sorted({f"{INCOME_LINE}{y}" for y in (year, year + 1)}
                                | {n for n in own if n.startswith(INCOME_LINE)})]
    print(f"{district.name} ({district.code})")
    for name in names:
        value = district_policy.current(programme, name) or "not set"
        print(f"  {name:<24} {value:<24} {'district' if name in own else 'default'}")
    return 0


async def run_set(args: argparse.Namespace) -> int:
    settings = Settings()
    engine, district = await _open(settings, args.district)
    if engine is None:
        return 1
    try:
        async with engine.begin() as tx:
            before, after = await district_policy.change(
                tx, base=settings.programme_rules(), district_code=district.code,
                name=args.name, text=args.value, official_id=None, via="cli",
                now=SystemClock().now())
    except PolicyError as error:
        print(f"error: {args.name}: {_why(error)}", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"{district.name}: {args.name} {before or 'not set'} -> {after}")
    return 0


def _why(error: PolicyError) -> str:
    if error.code == "out_of_range" and error.spec is not None:
        return f"out of range ({error.spec.lo}..{error.spec.hi} {error.spec.unit})"
    return {"unknown": "no such setting (see --help)", "bad_number": "not a number",
            "bad_steps": "steps are review, notice, confirm (comma-separated) or none",
            "bad_year": "not a year"}.get(error.code, error.code)


async def run_history(args: argparse.Namespace) -> int:
    from storage import district_policy as repo

    settings = Settings()
    engine, district = await _open(settings, args.district)
    if engine is None:
        return 1
    zone = settings.programme_rules().timezone
    try:
        async with engine.begin() as tx:
            changes = await repo.changes(tx, district.code if district else None)
    finally:
        await engine.dispose()
    if not changes:
        print("no changes")
    for c in changes:
        who = f"official {c.official_id} by " if c.official_id is not None else "by "
        print(f"{c.at.astimezone(zone):%Y-%m-%d %H:%M} {c.district_code} {c.name}: "
              f"{c.old_value or 'default'} -> {c.new_value} ({who}{c.via})")
    return 0
