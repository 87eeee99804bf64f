"""/status: a resident's own cases with their stage and last update."""

from __future__ import annotations

from cases import abuse, proxy
from handlers.common import is_official, require_consent, show_menu
from handlers.context import Context
from handlers.router import Router
from storage import reports as report_repo

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
    # A household that confirmed a filing made on its behalf follows that case as its own.
    records += [case for case in await proxy.household_cases(
        ctx.tx, ctx.services.cases, ctx.event.channel, ctx.event.chat_id)
        if case.id not in {r.id for r in records}]
    # A neighbour hears how many of their reports were handled, never about the households.
    reported, handled = await report_repo.neighbour_reports_of(ctx.tx, abuse.reporter_hash(
        ctx.services.cases.cipher, ctx.event.channel, ctx.event.sender.user_id))
    if reported:
        ctx.say("status.neighbour", n=reported, handled=handled)
    if not records and not reported:
        ctx.say("status.none")
    elif records:
        programme = ctx.services.programme
        lines = [ctx.t("status.title", n=len(records))]
        for case in records:
            village = ctx.services.divisions.get(case.village_code)
            lines.append(ctx.t(
                "status.line",
                ref=case.ref,
                village=village.name if village else case.village_code,
                stage=ctx.t("status.closed_as", reason=ctx.t(f"closure.{case.closed_reason}"))
                if case.closed_reason else ctx.t(f"stage.{case.stage}"),
                updated=programme.local(case.updated_at).strftime("%Y-%m-%d %H:%M"),
            ))
        ctx.send("\n".join(lines))
    if ctx.conv.step:
        await ctx.ask_again()
    else:
        await show_menu(ctx)


router.command("status")(show_status)
