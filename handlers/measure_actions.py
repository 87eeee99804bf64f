"""A support measure (帮扶措施) added from a case card: kind → start → amount, or skip →
monthly or once → end, or skip.
"""

from __future__ import annotations

from datetime import date

from cases.casework import Measure
from cases.vocab import MEASURES
from chat.replies import Button
from handlers.case_actions import ask, finish, skip_row, today, wrong
from handlers.context import Context
from handlers.router import Router, step_data
from handlers.spoken_answers import date_answer, number_answer

router = Router()


AMOUNT_MAX = 10_000_000


async def ask_kind(ctx: Context) -> None:
    items = [(ctx.t(f"measure.{m}"), m) for m in MEASURES]
    rows = [[Button(label, step_data("cw.kind", value)) for label, value in items[i:i + 2]]
            for i in range(0, len(items), 2)]
    ask(ctx, "work.ask_measure", rows)


@router.step("cw.kind", ask_kind)
async def process_kind(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in MEASURES:
        await wrong(ctx)
        return
    ctx.draft["kind"] = ctx.value
    ctx.go("cw.start")
    await ask_start(ctx)


async def ask_start(ctx: Context) -> None:
    ask(ctx, "work.ask_start", [[ctx.button("work.today", step_data("cw.start", "today"))]])


@router.step("cw.start", ask_start)
async def process_start(ctx: Context) -> None:
    start: date | None
    if ctx.event.kind == "button" and ctx.value == "today":
        start = today(ctx)
    else:
        start = date_answer(ctx, today(ctx), "past")  # a measure mostly began already
        if start is None:
            await ctx.ask_again()
            return
    ctx.draft["start"] = start.isoformat()
    ctx.go("cw.amount")
    await ask_amount(ctx)


async def ask_amount(ctx: Context) -> None:
    ask(ctx, "work.ask_amount", [skip_row(ctx, "cw.amount")])


@router.step("cw.amount", ask_amount)
async def process_amount(ctx: Context) -> None:
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft["amount"] = None
        ctx.go("cw.end")
        await ask_end(ctx)
        return
    amount = number_answer(ctx, 0, AMOUNT_MAX)
    if amount is None:
        await ctx.ask_again()
        return
    ctx.draft["amount"] = amount
    ctx.go("cw.period")
    await ask_period(ctx)


async def ask_period(ctx: Context) -> None:
    ask(ctx, "work.ask_period", [[ctx.button("work.monthly", step_data("cw.period", "monthly")),
                                  ctx.button("work.once", step_data("cw.period", "once"))]])


@router.step("cw.period", ask_period)
async def process_period(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("monthly", "once"):
        await wrong(ctx)
        return
    ctx.draft["period"] = ctx.value
    ctx.go("cw.end")
    await ask_end(ctx)


async def ask_end(ctx: Context) -> None:
    ask(ctx, "work.ask_end", [skip_row(ctx, "cw.end")])


@router.step("cw.end", ask_end)
async def process_end(ctx: Context) -> None:
    start = date.fromisoformat(ctx.draft["start"])
    if ctx.event.kind == "button" and ctx.value == "skip":
        end = None
    else:
        end = date_answer(ctx, max(start, today(ctx)), "future")
        if end is None:
            await ctx.ask_again()
            return
        if end < start:
            await wrong(ctx, "work.bad_date")
            return
    d = ctx.draft
    await finish(ctx, measure=Measure(kind=d["kind"], start=start, amount=d.get("amount"),
                                      period=d.get("period"), end=end))
