"""The officials' inbox (/cases), one case (/case REF) with its timeline, and the buttons on a
case card: actions that need no more input run at once, the others start a short flow
(handlers/case_actions.py)."""

from __future__ import annotations

from cases import casework
from cases.casework import Refused
from cases.jurisdiction import scope_of
from chat.replies import Button
from handlers import case_actions
from handlers.case_card import card, local_time
from handlers.case_outcome import IMMEDIATE, refuse, refuse_with_card, run, work_of
from handlers.common import offer_resume
from handlers.context import Context
from handlers.refusals import refused
from handlers.router import Router
from storage import officials as official_repo
from storage.case_inbox import open_cases_page
from storage.cases import events_of
from storage.officials import OfficialRecord

router = Router()

INBOX_PAGE = 8
TIMELINE_EVENTS = 25


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
    official = await official_or_refuse(ctx, "/cases")
    if official is None:
        return
    scope = scope_of(official)
    found = await open_cases_page(
        ctx.tx, ctx.services.cases, villages=scope.villages, towns=scope.towns,
        everything=scope.everything, owner_id=official.id, limit=INBOX_PAGE,
        offset=max(page, 0) * INBOX_PAGE)
    total = found.total
    if total == 0:
        ctx.say("inbox.empty")
        return
    shown = ctx.t("inbox.total_capped", count=total) if found.capped else total
    lines = [ctx.t("inbox.title", total=shown)]
    buttons: list[Button] = []
    now = ctx.now
    for n, case in enumerate(found.cases, start=max(page, 0) * INBOX_PAGE + 1):
        village = ctx.services.divisions.get(case.village_code)
        overdue = case.due_at is not None and case.due_at <= now
        due = ctx.t("inbox.due", due=local_time(ctx.services, case.due_at)) if case.due_at else ""
        lines.append(ctx.t("inbox.line", n=n, mark=ctx.t("inbox.overdue") if overdue else "",
                           ref=case.ref, village=village.name if village else case.village_code,
                           stage=ctx.t(f"stage.{case.stage}"), due=due))
        buttons.append(Button(ctx.t("inbox.open", n=n, ref=case.ref), f"cv:{case.id}"))
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page > 0:
        nav.append(ctx.button("btn.prev_page", f"ib:{page - 1}"))
    if (page + 1) * INBOX_PAGE < total or found.capped:
        nav.append(ctx.button("btn.next_page", f"ib:{page + 1}"))
    if nav:
        rows.append(nav)
    ctx.send("\n".join(lines), rows)


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
    reply = await card(ctx.tx, ctx.services, case, official, ctx.lang)
    ctx.send(reply.text, reply.buttons)


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


async def show_timeline(ctx: Context, official: OfficialRecord, case_id: int) -> None:
    try:
        case = await casework.load(ctx.tx, work_of(ctx), official, case_id, ctx.now, "timeline")
    except Refused as refusal:
        refuse(ctx, refusal)
        return
    lines = []
    names: dict[int, str] = {}
    for event in await events_of(ctx.tx, case.id, TIMELINE_EVENTS):
        who = ""
        if event.actor_kind == "official" and event.actor_id is not None:
            if event.actor_id not in names:
                person = await official_repo.by_id(ctx.tx, event.actor_id)
                names[event.actor_id] = person.display_name if person else "?"
            who = f"（{names[event.actor_id]}）" if ctx.lang == "zh" else f" ({names[event.actor_id]})"
        key = f"tl.{event.action}"
        action = ctx.t(key if ctx.services.catalogue.has(key) else "tl.other")
        lines.append(ctx.t("case.timeline_line", at=local_time(ctx.services, event.at),
                           action=action, who=who))
    ctx.say("case.timeline", ref=case.ref, lines="\n".join(lines))


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
        await show_timeline(ctx, official, case_id)
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
