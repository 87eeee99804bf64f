"""Short flows for the programme's own steps on a case card (cases/programme_work.py):

review (民主评议): the day it was held → passed or not → how many attended → a photo of the
minutes, or skip · object (an objection during 公示): what was objected, in a few words ·
confirm (审定): confirm, or do not confirm with a reason.
"""

from __future__ import annotations

from datetime import date, timedelta

from handlers.case_actions import ask, finish, skip_row, today, wrong
from handlers.context import Context
from handlers.router import Router, step_data
from handlers.validate import parse_date, small_number

router = Router()

ATTENDING_MAX = 10_000


# --- review -------------------------------------------------------------------------------

async def ask_held(ctx: Context) -> None:
    ask(ctx, "chain.ask_held", [[ctx.button("work.today", step_data("cw.held", "today")),
                                 ctx.button("chain.yesterday", step_data("cw.held", "yesterday"))]])


@router.step("cw.held", ask_held)
async def process_held(ctx: Context) -> None:
    held: date | None
    if ctx.event.kind == "button" and ctx.value in ("today", "yesterday"):
        held = today(ctx) - timedelta(days=0 if ctx.value == "today" else 1)
    else:
        held = parse_date(ctx.event.text) if ctx.event.kind == "text" else None
        if held is None or held > today(ctx):
            await wrong(ctx, "chain.bad_held")
            return
    ctx.draft["held_on"] = held.isoformat()
    ctx.go("cw.outcome")
    await ask_outcome(ctx)


async def ask_outcome(ctx: Context) -> None:
    ask(ctx, "chain.ask_outcome", [[ctx.button("chain.outcome_pass", step_data("cw.outcome", "pass"))],
                                   [ctx.button("chain.outcome_fail", step_data("cw.outcome", "fail"))]])


@router.step("cw.outcome", ask_outcome)
async def process_outcome(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("pass", "fail"):
        await wrong(ctx)
        return
    ctx.draft["outcome"] = ctx.value
    ctx.go("cw.attending")
    await ask_attending(ctx)


async def ask_attending(ctx: Context) -> None:
    ask(ctx, "chain.ask_attending")


@router.step("cw.attending", ask_attending)
async def process_attending(ctx: Context) -> None:
    number = small_number(ctx.event.text, 1, ATTENDING_MAX) if ctx.event.kind == "text" else None
    if number is None:
        await wrong(ctx, "chain.bad_attending")
        return
    ctx.draft["attending"] = number
    ctx.go("cw.minutes")
    await ask_minutes(ctx)


async def ask_minutes(ctx: Context) -> None:
    ask(ctx, "chain.ask_minutes", [skip_row(ctx, "cw.minutes")])


@router.step("cw.minutes", ask_minutes)
async def process_minutes(ctx: Context) -> None:
    media: list[dict[str, str]] = []
    if ctx.event.kind == "photo" and ctx.event.media:
        media = [{"kind": "photo", "file_id": ctx.event.media}]
    elif not (ctx.event.kind == "button" and ctx.value == "skip"):
        await wrong(ctx, "chain.photo_or_skip")
        return
    d = ctx.draft
    await finish(ctx, held_on=date.fromisoformat(d["held_on"]), outcome=d["outcome"],
                 attending=int(d["attending"]), media=media)


# --- confirm ------------------------------------------------------------------------------

async def ask_confirm(ctx: Context) -> None:
    ask(ctx, "chain.ask_confirm", [[ctx.button("chain.confirm_yes", step_data("cw.confirm", "yes"))],
                                   [ctx.button("chain.confirm_no", step_data("cw.confirm", "no"))]])


@router.step("cw.confirm", ask_confirm)
async def process_confirm(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        await wrong(ctx)
        return
    if ctx.value == "yes":
        await finish(ctx, approved=True)
        return
    ctx.draft["approved"] = False
    ctx.go("cw.reason")  # the reason, typed (handlers/case_actions.py)
    await ctx.ask_again()
