"""Neighbour report (邻里反映): a resident reports a concern about another household.

town → village → who → group → risk types → what they saw → does the household know
→ may an official contact you (default no; then name and phone) → summary → receipt.
The reporter's identity never reaches the household, and officials only when agreed.
"""

from __future__ import annotations

from cases import abuse, duplicates, intake, responders
from handlers import report_steps
from handlers.common import STARTS, require_consent, show_menu, start_unless_mid_flow
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row
from handlers.phone_step import ask_phone, take_phone
from handlers.report_steps import (
    DescriptionStep,
    PlaceSteps,
    ReviewSteps,
    RiskSteps,
)
from handlers.router import Router, step_data
from handlers.validate import clean_text, has_words, valid_name
from storage.cases import NewCase
from storage.reports import NewReport

router = Router()

WHO_MAX = 60
GROUP_MAX = 16
KNOWS = ("yes", "no", "unsure")


def reporter_of(ctx: Context) -> str:
    return abuse.reporter_hash(ctx.services.cases.cipher, ctx.event.channel,
                               ctx.event.sender.user_id)


async def start(ctx: Context) -> None:
    """Begin a neighbour report (after consent), unless today's limit is reached."""
    if not await require_consent(ctx, then="neighbour"):
        return
    limit = ctx.services.programme.neighbour_daily_limit
    if await abuse.daily_limit_reached(ctx.tx, reporter=reporter_of(ctx),
                                       programme=ctx.services.programme, now=ctx.now, limit=limit):
        ctx.say("nb.limit_daily", limit=limit)
        await show_menu(ctx)
        return
    ctx.conv.draft = {"flow": "neighbour"}
    ctx.say("nb.intro")
    ctx.go("nb.town")
    await places.ask_town(ctx)


@router.command("neighbour")
async def neighbour_command(ctx: Context) -> None:
    """/neighbour: start a neighbour report, or offer to continue the open flow."""
    await start_unless_mid_flow(ctx, start, then="neighbour")


STARTS["neighbour"] = start


async def advance(ctx: Context, next_step: str) -> None:
    """Go to the next question, or back to the summary when editing one field."""
    await report_steps.advance(ctx, next_step, confirm="nb.confirm",
                               chained=("nb.village", "nb.cname", "nb.cphone"))


def chosen(ctx: Context, field: str, value: object) -> None:
    report_steps.chosen(ctx, "nb", f"nb.field_{field}", value)


places = PlaceSteps("nb", lambda ctx: advance(ctx, "nb.who"))
places.register(router)
RiskSteps("nb", lambda ctx: advance(ctx, "nb.desc")).register(router)
description = DescriptionStep("nb", lambda ctx: advance(ctx, "nb.knows"))
description.register(router)


# --- who and where in the village ------------------------------------------------------

async def ask_who(ctx: Context) -> None:
    ctx.say("nb.ask_who", buttons=[cancel_row(ctx)])


@router.step("nb.who", ask_who)
async def process_who(ctx: Context) -> None:
    """The head's name or a short description of the household."""
    text = clean_text(ctx.event.text) if ctx.event.kind == "text" else ""
    if not text or not has_words(text) or text.startswith("/"):
        ctx.say("nb.err_who")
        await ask_who(ctx)
        return
    if len(text) > WHO_MAX:
        ctx.say("nb.err_who_long", max=WHO_MAX)
        await ask_who(ctx)
        return
    ctx.draft["who"] = text
    # Told now, not after every other question: this household was reported this week.
    _, refusal = await screen(ctx)
    if refusal is not None:
        await refuse(ctx, refusal)
        return
    await advance(ctx, "nb.group")


async def ask_group(ctx: Context) -> None:
    ctx.say("nb.ask_group", buttons=[[ctx.button("nb.group_unknown", step_data("nb.group", "-"))],
                                     cancel_row(ctx)])


@router.step("nb.group", ask_group)
async def process_group(ctx: Context) -> None:
    """The village group (组), typed, or "not sure"."""
    if ctx.event.kind == "button" and ctx.value == "-":
        ctx.draft["group"] = None
        chosen(ctx, "group", ctx.t("nb.group_unknown"))
        await advance(ctx, "nb.risks")
        return
    text = clean_text(ctx.event.text) if ctx.event.kind == "text" else ""
    if not text or len(text) > GROUP_MAX or not has_words(text):
        ctx.say("nb.err_group")
        await ask_group(ctx)
        return
    ctx.draft["group"] = text
    await advance(ctx, "nb.risks")


# --- what worries the neighbour -------------------------------------------------------

# --- does the household know; may we contact you -----------------------------------------

async def ask_knows(ctx: Context) -> None:
    row = [ctx.button(f"nb.knows_{k}", step_data("nb.knows", k)) for k in KNOWS]
    ctx.say("nb.ask_knows", buttons=[row, cancel_row(ctx)])


@router.step("nb.knows", ask_knows)
@description.keeps_late_media
async def process_knows(ctx: Context) -> None:
    """Yes / no / not sure."""
    if ctx.event.kind != "button" or ctx.value not in KNOWS:
        ctx.say("err.use_buttons")
        await ask_knows(ctx)
        return
    ctx.draft["knows"] = ctx.value
    chosen(ctx, "knows", ctx.t(f"nb.knows_{ctx.value}"))
    await advance(ctx, "nb.contact")


async def ask_contact(ctx: Context) -> None:
    ctx.say("nb.ask_contact", buttons=[
        [ctx.button("nb.contact_no", step_data("nb.contact", "no"))],
        [ctx.button("nb.contact_yes", step_data("nb.contact", "yes"))],
        cancel_row(ctx)])


@router.step("nb.contact", ask_contact)
@description.keeps_late_media
async def process_contact(ctx: Context) -> None:
    """Anonymous (the default, first button) or contactable; only then name and phone."""
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        ctx.say("err.use_buttons")
        await ask_contact(ctx)
        return
    if ctx.value == "no":
        for key in ("contact", "cname", "cphone"):
            ctx.draft.pop(key, None)
        chosen(ctx, "contact", ctx.t("nb.anonymous"))
        ctx.draft.pop("editing", None)
        ctx.go("nb.confirm")
        await review.ask_confirm(ctx)
        return
    ctx.draft["contact"] = True
    ctx.edit_or_send(ctx.t("nb.chosen", label=ctx.t("nb.field_contact"),
                           value=ctx.t("nb.contact_yes")))
    ctx.go("nb.cname")
    await ask_cname(ctx)


async def ask_cname(ctx: Context) -> None:
    ctx.say("nb.ask_cname", buttons=[cancel_row(ctx)])


@router.step("nb.cname", ask_cname)
@description.keeps_late_media
async def process_cname(ctx: Context) -> None:
    """The reporter's own name, kept only because they agreed to be contacted."""
    name = valid_name(ctx.event.text) if ctx.event.kind == "text" else None
    if name is None:
        ctx.say("nb.err_cname")
        await ask_cname(ctx)
        return
    ctx.draft["cname"] = name
    ctx.go("nb.cphone")
    await ask_cphone(ctx)


async def ask_cphone(ctx: Context) -> None:
    ask_phone(ctx, "nb.ask_cphone")


@router.step("nb.cphone", ask_cphone)
@description.keeps_late_media
async def process_cphone(ctx: Context) -> None:
    """A shared contact or a typed phone number."""
    phone = await take_phone(ctx, ask_cphone, saved="nb.cphone_saved", invalid="nb.err_cphone")
    if phone is None:
        return
    ctx.draft["cphone"] = phone
    ctx.draft.pop("editing", None)
    ctx.go("nb.confirm")
    await review.ask_confirm(ctx)


# --- summary, edit, submit -------------------------------------------------------------

def summary(ctx: Context) -> str:
    """Every answer, one line each, in the reporter's language."""
    d = ctx.draft
    divisions = ctx.services.divisions
    village = divisions.get(d.get("village", ""))
    town = divisions.get(d.get("town", ""))
    desc = report_steps.description_shown(ctx, "nb")
    contact = (ctx.t("nb.contact_as", name=d.get("cname", ""), phone=d.get("cphone", ""))
               if d.get("contact") else ctx.t("nb.anonymous"))

    def line(field: str, value: object) -> str:
        return ctx.t("nb.line", label=ctx.t(f"nb.field_{field}"), value=value)

    return "\n".join([
        ctx.t("nb.summary_title"),
        line("village", f"{town.name if town else ''} {village.name if village else ''}".strip()),
        line("who", d.get("who", "")),
        line("group", d.get("group") or ctx.t("nb.group_unknown")),
        line("risks", ctx.join(ctx.t(f"risk.{s}") for s in d.get("risks", []))),
        line("desc", desc),
        line("knows", ctx.t(f"nb.knows_{d.get('knows', 'unsure')}")),
        line("contact", contact),
        ctx.t("nb.summary_check"),
    ])


def new_case(ctx: Context) -> NewCase:
    """The report as a case of the household it names (the village is checked by callers)."""
    d = ctx.draft
    village = ctx.services.divisions.get(d["village"])
    town = ctx.services.divisions.town_of(d["village"])
    assert village is not None and town is not None
    return NewCase(source="neighbour", village_code=village.code, town_code=town.code,
                   head_name=d["who"], people=0, risk_types=d.get("risks", []),
                   description=d.get("desc"), media=d.get("media", []), urgent=False,
                   reported_at=ctx.now)


async def screen(ctx: Context) -> tuple[list[str] | None, abuse.Refusal | None]:
    """The keys of the household this report names (None: its village is gone), and why
    the abuse controls refuse the report, if they do."""
    d = ctx.draft
    divisions = ctx.services.divisions
    if divisions.get(d.get("village", "")) is None or divisions.town_of(d["village"]) is None:
        return None, None
    cipher, programme = ctx.services.cases.cipher, ctx.services.programme
    match = await duplicates.find(ctx.tx, cipher, new_case(ctx))
    keys = duplicates.household_keys(cipher, match.new)
    refusal = await abuse.check(ctx.tx, reporter=reporter_of(ctx), household_keys=keys,
                                case_id=match.open_case_id, programme=programme, now=ctx.now,
                                limit=programme.neighbour_daily_limit)
    return keys, refusal


async def refuse(ctx: Context, refusal: abuse.Refusal) -> None:
    ctx.conv.draft = {}
    ctx.go(None)
    ctx.say("nb.limit_daily" if refusal == "daily_limit" else "nb.limit_same",
            limit=ctx.services.programme.neighbour_daily_limit)
    await show_menu(ctx)


async def submit(ctx: Context) -> None:
    """Check the limits, pass the report on, thank the neighbour — the same receipt whether or
    not the household already had a case, so the receipt reveals nothing about it."""
    d = ctx.draft
    keys, refusal = await screen(ctx)
    if keys is None:
        await places.restart(ctx)
        return
    if refusal is not None:
        await refuse(ctx, refusal)
        return
    village = ctx.services.divisions.get(d["village"])
    assert village is not None
    now, event, reporter = ctx.now, ctx.event, reporter_of(ctx)
    new = new_case(ctx)
    contact = bool(d.get("contact"))
    report = NewReport(
        source="neighbour", at=now, risk_types=d["risks"], description=d.get("desc"),
        media=d.get("media", []), reporter_hash=reporter, household_key=keys[0],
        notify_channel=event.channel, notify_chat_id=event.chat_id, notify_lang=ctx.lang,
        contact_ok=contact, contact_name=d.get("cname") if contact else None,
        contact_phone=d.get("cphone") if contact else None,
        household_knows=d.get("knows"), group_name=d.get("group"))
    await intake.submit(ctx.tx, desk_of(ctx.services), new=new, report=report, now=now,
                        actor_kind="resident", actor_id=None)
    ctx.conv.draft = {}
    ctx.go(None)
    ctx.edit_or_send(ctx.t("sr.submitted_short"))
    staffed = await responders.village_has_officer(ctx.tx, village.code)
    ctx.say("nb.submitted" if staffed else "chase.nb_no_officer", village=village.name)
    await show_menu(ctx)


review = ReviewSteps(
    "nb", summary=summary, submit=submit, description=description,
    fields=[("town", "nb.field_village"),
            *((f, f"nb.field_{f}") for f in ("who", "group", "risks", "desc", "knows", "contact"))])
review.register(router)
