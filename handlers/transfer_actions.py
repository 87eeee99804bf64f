"""Handing a case to another officer (转办) from its card: a village of the town → one of
its officers, or any of them (cases/transfers.py).
"""

from __future__ import annotations

from chat.replies import Button
from handlers.case_actions import ask, finish, wrong
from handlers.context import Context
from handlers.paged_choice import choice_buttons, chosen_value
from handlers.router import Router, step_data
from storage import officials as official_repo

router = Router()


def villages_for_transfer(ctx: Context) -> list[tuple[str, str]]:
    register = ctx.services.divisions
    return [(v.name, v.code) for v in register.villages_of(ctx.draft.get("town", ""))]


async def ask_village(ctx: Context) -> None:
    ask(ctx, "work.ask_village", choice_buttons(ctx, "cw.village", villages_for_transfer(ctx)))


@router.step("cw.village", ask_village)
async def process_village(ctx: Context) -> None:
    village = await chosen_value(ctx, villages_for_transfer(ctx), ask_village)
    if village is None:
        return
    ctx.draft["village"] = village
    ctx.go("cw.officer")
    await ask_officer(ctx)


async def officers_for_transfer(ctx: Context) -> list[tuple[str, str]]:
    people = await official_repo.holders(ctx.tx, role="officer",
                                         division_code=ctx.draft.get("village", ""))
    return [(p.display_name, str(p.id)) for p in people if p.user_id != ctx.event.sender.user_id]


async def ask_officer(ctx: Context) -> None:
    rows = [[Button(name, step_data("cw.officer", value))]
            for name, value in await officers_for_transfer(ctx)]
    rows.append([ctx.button("work.any_officer", step_data("cw.officer", "any"))])
    ask(ctx, "work.ask_officer", rows)


@router.step("cw.officer", ask_officer)
async def process_officer(ctx: Context) -> None:
    if ctx.event.kind != "button":
        await wrong(ctx)
        return
    if ctx.value == "any":
        await finish(ctx, to_village=ctx.draft["village"])
        return
    if ctx.value not in {value for _, value in await officers_for_transfer(ctx)}:
        await wrong(ctx, "err.button_invalid")
        return
    await finish(ctx, to_official=int(ctx.value))
