"""`python -m bot lifecycle [--district CODE]`: the case lifecycle as configured — every stage
with its deadline, and the programme's own steps (评议, 公示, 审定) on the way into monitoring
and out of it. Without --district: the `.env` defaults; with it: that district's values over
them (set by its admins in chat with /policy or with `python -m bot policy set`)."""

from __future__ import annotations

import argparse
from datetime import timedelta

from bot.settings import Settings
from cases import district_policy
from cases.policy import Programme

STEP_NAMES = {"review": "review (村民主评议)", "notice": "notice (公示)",
              "confirm": "confirm (审定, district admin)"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lifecycle", help="print the case lifecycle as configured "
                                              "(stages, deadlines, the programme's steps)")
    parser.add_argument("--district", default=None, metavar="CODE",
                        help="a district's own values over the .env defaults (code or name)")
    parser.set_defaults(func=run_lifecycle)


def span(delta: timedelta) -> str:
    hours = delta / timedelta(hours=1)
    if hours < 48:
        return f"{hours:g} h"
    return f"{delta / timedelta(days=1):g} days"


def chain_lines(programme: Programme) -> list[str]:
    """The configured chain, one stage a line, with the deadline that drives it."""
    d = programme.deadlines
    lines = ["Into monitoring:",
             f"  reported   — accept within {span(d.accept)} ({span(d.accept_urgent)} when urgent)",
             f"  accepted   — home visit within {span(d.visit)}",
             f"  visited    — propose a category within {span(d.decision)} of the report",
             f"  proposed   — town lead approves within {span(d.approval)}"]
    lines.extend(_steps(programme, "inclusion"))
    lines.append(f"  monitored  — follow-up visit every {span(d.follow_up)}")
    lines += ["Out of monitoring (risk eliminated):",
              f"  monitored  — close as risk eliminated: a measure, {programme.min_monitoring.days} "
              "days monitored, income above the year's line"]
    lines.extend(_steps(programme, "elimination"))
    lines.append(f"  closed     — re-check visit within {span(d.recheck)}")
    lines.append("Income lines (yuan per person per year): " + (", ".join(
        f"{year} {line}" for year, line in sorted(programme.income_lines.items())) or "none"))
    return lines


def _steps(programme: Programme, track: str) -> list[str]:
    steps = programme.steps_for(track)
    if not steps:
        return ["  (no review, notice or confirmation)"]
    out = []
    for step in steps:
        if step == "notice":
            out.append(f"  {step:<10} — {STEP_NAMES[step]}: {programme.notice_days} full calendar "
                       "days; moves on by itself unless someone objects (back to review)")
        else:
            due = programme.deadlines.review if step == "review" else programme.deadlines.confirm
            out.append(f"  {step:<10} — {STEP_NAMES[step]} within {span(due)}")
    return out


async def run_lifecycle(args: argparse.Namespace) -> int:
    settings = Settings()
    programme = settings.programme_rules()
    title = "Default chain (.env)"
    if args.district:
        from bot.cli.database import open_existing
        from bot.division_register import load_register
        from storage import district_policy as repo

        engine = await open_existing(settings.storage.database_url)
        try:
            register = await load_register(engine)
            found = register.find(args.district)
            if found is None or found.level != "district":
                print(f"error: no district {args.district!r} in the register")
                return 1
            async with engine.begin() as tx:
                values = await repo.values_of(tx, found.code)
        finally:
            await engine.dispose()
        programme = district_policy.apply(programme, values)
        title = f"{found.name} ({found.code}): {len(values)} value(s) of its own over the .env defaults"
    print(title)
    for line in chain_lines(programme):
        print(line)
    return 0
