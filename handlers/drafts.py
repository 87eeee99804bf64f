"""The answer to an abandoned draft's reminder (cases/drafts.py): Continue, or Delete now."""

from __future__ import annotations

from handlers.common import clear_flow, in_flow, show_home
from handlers.context import Context
from handlers.router import Router

router = Router()


@router.button("dd")
async def reminder_answer(ctx: Context) -> None:
    if not in_flow(ctx):  # submitted, cancelled, or discarded meanwhile
        ctx.edit_or_send(ctx.t("draft.nothing"))
        await show_home(ctx)
        return
    if ctx.pressed.word("what") == "continue":
        ctx.edit_or_send(ctx.t("start.continuing"))
        await ctx.ask_again()
        return
    clear_flow(ctx)  # the engine forgets the replies stored with its answers too
    ctx.edit_or_send(ctx.t("draft.discarded"))
    await show_home(ctx)
