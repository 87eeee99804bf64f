"""催办 from a case card (cases/chasing.py): a word to the people chased, or send at once."""

from __future__ import annotations

from handlers.case_actions import ask, finish, typed_text, wrong
from handlers.context import Context
from handlers.router import Router, step_data

router = Router()


async def ask_chase(ctx: Context) -> None:
    ask(ctx, "chase.ask_comment",
        [[ctx.button("chase.send_now", step_data("cw.chase", "skip"))]])


@router.step("cw.chase", ask_chase)
async def process_chase(ctx: Context) -> None:
    """An optional word to the people chased; one tap sends the chase without one."""
    if ctx.event.kind == "button" and ctx.value == "skip":
        await finish(ctx, comment=None)
        return
    text = typed_text(ctx)
    if text is None:
        await wrong(ctx, "work.text_needed")
        return
    await finish(ctx, comment=text)
