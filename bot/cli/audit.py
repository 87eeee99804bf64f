"""`python -m bot audit --since DATE [--official ID] [--case REF] [--csv]`: refused actions."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.cli.database import open_existing
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from cases.spreadsheet import defused
from storage import audit as audit_repo
from storage import officials as official_repo
from storage.audit import Refusal

COLUMNS = ("at", "actor", "official_id", "name", "actor_hash", "roles", "action", "case", "reason")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audit", help="refused actions: who tried what on which case, and why")
    parser.add_argument("--since", type=date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                        help="from this day on, in TIMEZONE (default: the last 30 days)")
    parser.add_argument("--official", type=int, default=None, metavar="ID",
                        help="only this official (the id of `officials list`)")
    parser.add_argument("--case", default=None, metavar="REF", help="only this case")
    parser.add_argument("--csv", action="store_true", help="CSV on standard output")
    parser.set_defaults(func=run_audit)


async def run_audit(args: argparse.Namespace) -> int:
    return await list_refusals(Settings(), SystemClock(), since=args.since,
                               official_id=args.official, case_ref=args.case, as_csv=args.csv)


async def list_refusals(settings: Settings, clock: Clock, *, since: date | None,
                        official_id: int | None, case_ref: str | None, as_csv: bool) -> int:
    """Print the refusals; reads an existing database, never creates one."""
    zone = ZoneInfo(settings.locale.timezone)
    start = (datetime.combine(since, time(0), zone) if since is not None
             else clock.now() - timedelta(days=30))
    engine = await open_existing(settings.storage.database_url)
    try:
        async with engine.begin() as tx:
            rows = await audit_repo.listing(tx, start, official_id=official_id,
                                            case_ref=case_ref.strip().upper() if case_ref else None)
            names = {o.id: o.display_name for o in await official_repo.all_officials(tx)}
    finally:
        await engine.dispose()
    lines = [cells(r, names, zone) for r in rows]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(defused(line) for line in lines)  # names are what officials typed
        sys.stdout.write(out.getvalue())
        return 0
    if not lines:
        print(f"no refusals since {start.astimezone(zone):%Y-%m-%d %H:%M}")
        return 0
    from bot.cli.officials import table

    for line in table(list(COLUMNS), [[str(c) for c in line] for line in lines]):
        print(line)
    return 0


def cells(r: Refusal, names: dict[int, str], zone: ZoneInfo) -> list[object]:
    name = names.get(r.official_id, "") if r.official_id is not None else ""
    return [f"{r.at.astimezone(zone):%Y-%m-%d %H:%M:%S}", r.actor, r.official_id or "", name,
            (r.actor_hash or "")[:16], r.roles or "", r.action, r.case_ref or "", r.reason]
