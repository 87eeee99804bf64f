"""The officials' inbox (/cases), one case (/case REF) with its timeline, and the buttons on a
case card: actions that need no more input run at once, the others start a short flow
(handlers/case_actions.py)."""

from __future__ import annotations

from datetime import datetime

from cases import casework
from cases.casework import Refused
from cases.inbox import official_inbox
from chat.replies import Button
from handlers import case_actions
from handlers.case_card import card, local_time
from handlers.case_history import show_history
from handlers.case_outcome import IMMEDIATE, refuse, refuse_with_card, run, work_of
from handlers.common import offer_resume
from handlers.context import Context
from handlers.refusals import refused
from handlers.router import Router
from i18n.render import raw
from storage import officials as official_repo
from storage.case_inbox import InboxLine
from storage.officials import OfficialRecord

router = Router()

INBOX_PAGE = 8


async def official_or_refuse(ctx: Context, action: str, case_id: int | None = None
                             ) -> OfficialRecord | None:
    """The official asking; anyone else (a resident, a removed official) is refused, audited."""
    official = await official_repo.by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    if official is None:
        await refused(ctx, action, "not_official", case_id=case_id)
        if ctx.event.kind == "button":
            ctx.toast("off.only")
        ctx.say("off.only")
    return official


# --- the inbox ----------------------------------------------------------------------------

async def show_inbox(ctx: Context, page: int) -> None:
    """Open cases, 8 a page: reference, household head, village and 组, stage, due time; a
    lead's list starts with what waits for their approval."""
    official = await official_or_refuse(ctx, "/cases")
    if official is None:
        return
    page = max(page, 0)
    listing = await official_inbox(ctx.tx, official, limit=INBOX_PAGE, offset=page * INBOX_PAGE)
    if listing.total == 0:
        ctx.say("inbox.empty")
        return
    shown = ctx.t("inbox.total_capped", count=listing.total) if listing.capped else listing.total
    lines = [ctx.t("inbox.title", total=shown)]
    buttons: list[Button] = []
    now = ctx.now
    heading: bool | None = None
    for n, line in enumerate(listing.lines, start=page * INBOX_PAGE + 1):
        if listing.waiting and line.waiting is not heading:  # the two groups of a lead's list
            heading = line.waiting
            lines.append(ctx.t("story.inbox_waiting", n=listing.waiting) if line.waiting
                         else ctx.t("story.inbox_rest"))
        lines.append(inbox_line(ctx, n, line, now))
        buttons.append(Button(ctx.t("inbox.open", n=n, ref=line.ref), f"cv:{line.case_id}"))
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page > 0:
        nav.append(ctx.button("btn.prev_page", f"ib:{page - 1}"))
    if (page + 1) * INBOX_PAGE < listing.total or listing.capped:
        nav.append(ctx.button("btn.next_page", f"ib:{page + 1}"))
    if nav:
        rows.append(nav)
    ctx.send("\n".join(lines), rows)


def inbox_line(ctx: Context, n: int, line: InboxLine, now: datetime) -> str:
    """"1. ⚠️ NC-2026-000002 王秀英 · 汉场坝村 3组 · 已受理，待走访 · 截止 05-04 18:00"."""
    village = ctx.services.divisions.get(line.village_code)
    place = village.name if village else line.village_code
    if line.group:
        place = ctx.t("story.inbox_group", village=place, group=line.group)
    overdue = line.due_at is not None and line.due_at <= now
    due = ctx.t("inbox.due", due=local_time(ctx.services, line.due_at)) if line.due_at else ""
    return ctx.t("inbox.line", n=n, mark=raw(ctx.t("inbox.overdue") + " ") if overdue else "",
                 ref=line.ref, head=line.head_name, village=place,
                 stage=ctx.t(f"stage.{line.stage}"), due=raw(due))


@router.command("cases")
async def cases_command(ctx: Context) -> None:
    await show_inbox(ctx, 0)
    if ctx.conv.step:
        await ctx.ask_again()


@router.button("ib")
async def inbox_page(ctx: Context) -> None:
    await show_inbox(ctx, ctx.pressed.number("page"))


# --- one case -----------------------------------------------------------------------------

async def show_case(ctx: Context, official: OfficialRecord, case_id: int) -> None:
    try:
        case = await casework.load(ctx.tx, work_of(ctx), official, case_id, ctx.now, "view")
    except Refused as refusal:
        refuse(ctx, refusal)
        return
    ctx.replies.append(await card(ctx.tx, ctx.services, case, official, ctx.lang))


@router.command("case")
async def case_command(ctx: Context) -> None:
    ref = ctx.event.args.strip().upper()
    named = await ctx.services.cases.by_ref(ctx.tx, ref) if ref else None
    official = await official_or_refuse(ctx, "/case", named.id if named else None)
    if official is not None:
        if not ref:
            ctx.say("case.usage")
        else:
            case = await ctx.services.cases.by_ref(ctx.tx, ref)
            if case is None:
                ctx.say("work.not_found")
            else:
                await show_case(ctx, official, case.id)
    if ctx.conv.step:
        await ctx.ask_again()


@router.button("cv")
async def case_button(ctx: Context) -> None:
    case_id = ctx.pressed.number("case")
    official = await official_or_refuse(ctx, "view", case_id)
    if official is not None:
        await show_case(ctx, official, case_id)


# --- buttons on a card --------------------------------------------------------------------

@router.button("c")
async def card_button(ctx: Context) -> None:
    """"c:<action>:<case id>:<version>" (ids checked by the codec): the rights are checked
    again here, whatever the button said."""
    pressed = ctx.pressed
    action, case_id, version = pressed.word("action"), pressed.number("case"), pressed.number("version")
    if action != "timeline" and action not in casework.ACTIONS:
        await invalid(ctx)  # a button that never existed: invalid, not a refusal
        return
    official = await official_or_refuse(ctx, action, case_id)
    if official is None:
        return
    if action == "timeline":
        await show_history(ctx, official, case_id)
        return
    if action in IMMEDIATE:
        await run(ctx, official, case_id, version, action)
        return
    if ctx.conv.step and ctx.conv.step.split(".")[0] != "cw":
        offer_resume(ctx)
        return
    try:  # check before asking anything: a stale or forbidden button starts no flow
        case = await casework.check(ctx.tx, work_of(ctx), official, case_id, version, action,
                                    ctx.now)
    except Refused as refusal:
        await refuse_with_card(ctx, official, refusal)
        return
    await case_actions.begin(ctx, official, case, action)


async def invalid(ctx: Context) -> None:
    ctx.toast("err.button_invalid")
    ctx.say("err.button_invalid")
