"""/status: a resident's own cases with their stage and last update."""

from __future__ import annotations

from handlers.common import is_official, require_consent, show_menu
from handlers.context import Context
from handlers.router import Router

router = Router()


async def show_status(ctx: Context) -> None:
    """List the cases this chat reported, newest first."""
    if ctx.conv.consent_at is None and await is_official(ctx):
        ctx.say("status.official")  # their work is in /cases, not in a resident's list
        await ctx.ask_again() if ctx.conv.step else await show_menu(ctx)
        return
    if not await require_consent(ctx):
        return
    records = await ctx.services.cases.for_reporter(ctx.tx, ctx.event.channel, ctx.event.chat_id)
    if not records:
        ctx.say("status.none")
    else:
        programme = ctx.services.programme
        lines = [ctx.t("status.title", n=len(records))]
        for case in records:
            village = ctx.services.divisions.get(case.village_code)
            lines.append(ctx.t(
                "status.line",
                ref=case.ref,
                village=village.name if village else case.village_code,
                stage=ctx.t(f"stage.{case.stage}"),
                updated=programme.local(case.updated_at).strftime("%Y-%m-%d %H:%M"),
            ))
        ctx.send("\n".join(lines))
    if ctx.conv.step:
        await ctx.ask_again()
    else:
        await show_menu(ctx)


router.command("status")(show_status)
