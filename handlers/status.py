"""/status: a resident's own cases — per case the stage in plain words, the official who holds
it, the measures in place and the next visit — with 补充情况 / 申请复核 where they apply.
Someone who filed on a household's behalf sees no measures unless the household allowed it;
the household, once it confirmed the filing, sees its case like its own."""

from __future__ import annotations

from cases import abuse, follow_up, proxy
from cases.casework import REVIEW_STEP
from handlers.common import STARTS, is_official, require_consent, show_menu
from handlers.context import Context
from handlers.follow_up import follows
from handlers.router import Router
from storage import casework as work_repo
from storage import officials as official_repo
from storage import reports as report_repo
from storage.cases import CaseRecord

router = Router()

STATUS_CASES = 5  # newest first; an older one is one /case away for the official anyway


def plain_stage(ctx: Context, case: CaseRecord) -> str:
    """The stage as a resident says it ("工作人员会上门了解情况"), not the register's word."""
    if case.due_step == REVIEW_STEP:
        return ctx.t("status.plain_review")
    if case.closed_reason:
        return ctx.t("status.closed_as", reason=ctx.t(f"closure.{case.closed_reason}"))
    key = f"status.plain_{case.stage}"
    return ctx.t(key) if ctx.services.catalogue.has(key) else ctx.t(f"stage.{case.stage}")


async def show_case_status(ctx: Context, case: CaseRecord) -> None:
    programme, divisions = ctx.services.programme, ctx.services.divisions
    village = divisions.get(case.village_code)
    lines = [ctx.t("status.case_head", ref=case.ref,
                   village=village.name if village else case.village_code),
             ctx.t("status.case_stage", stage=plain_stage(ctx, case))]
    owner = await official_repo.by_id(ctx.tx, case.owner_id) if case.owner_id else None
    if owner is not None:
        lines.append(ctx.t("status.case_official", name=owner.display_name))
    limited = await proxy.filer_limited(ctx.tx, ctx.services.cases.cipher, case,
                                        ctx.event.channel, ctx.event.chat_id)
    measures = [] if limited else await work_repo.measures_of(ctx.tx, case.id)
    if measures:
        lines.append(ctx.t("status.case_measures", measures=ctx.join(
            ctx.t(f"measure.{m.kind}") for m in measures)))
    if case.due_step in ("visit", "follow_up") and case.due_at:
        lines.append(ctx.t("status.case_next_visit",
                           date=programme.local(case.due_at).strftime("%Y-%m-%d")))
    elif case.due_step == REVIEW_STEP and case.due_at:
        lines.append(ctx.t("status.case_review_by",
                           date=programme.local(case.due_at).strftime("%Y-%m-%d")))
    lines.append(ctx.t("status.case_updated",
                       updated=programme.local(case.updated_at).strftime("%Y-%m-%d %H:%M")))
    buttons = []
    if await follows(ctx, case):
        if follow_up.is_open(case):
            buttons.append([ctx.button("status.btn_add", f"fu:add:{case.id}")])
        elif await follow_up.review_open(ctx.tx, case, ctx.now):
            buttons.append([ctx.button("status.btn_review", f"fu:review:{case.id}")])
    ctx.send("\n".join(lines), buttons)


async def show_status(ctx: Context) -> None:
    """List the cases this chat reported, newest first."""
    if ctx.conv.consent_at is None and await is_official(ctx):
        ctx.say("status.official")  # their work is in /cases, not in a resident's list
        await ctx.ask_again() if ctx.conv.step else await show_menu(ctx)
        return
    if not await require_consent(ctx, then="status"):  # agreed: the list comes straight after
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
    for case in records[:STATUS_CASES]:
        await show_case_status(ctx, case)
    if len(records) > STATUS_CASES:
        ctx.say("status.more", n=len(records) - STATUS_CASES)
    if ctx.conv.step:
        await ctx.ask_again()
    else:
        await show_menu(ctx)


router.command("status")(show_status)
STARTS["status"] = show_status
