"""Self-report (申报): a resident declares hardship for their own household, button first.

town → village → name → phone → household size → risk types → description → urgency
→ summary (Submit / Edit a field / Cancel) → a case reference.
"""

from __future__ import annotations

from cases import district_policy, intake, responders
from chat.replies import Button
from handlers import proxy_filing, report_steps
from handlers.common import STARTS, cancel, require_consent, show_menu, start_unless_mid_flow
from handlers.context import Context
from handlers.durations import within
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row, yes_no
from handlers.phone_step import ask_phone as ask_phone_step
from handlers.phone_step import take_phone
from handlers.report_steps import (
    DescriptionStep,
    PlaceSteps,
    ReviewSteps,
    RiskSteps,
    typed_cancel,
)
from handlers.router import Router, step_data
from handlers.spoken_answers import number_answer
from handlers.urgent_reason import UrgentReasonStep, with_urgent_reason
from handlers.validate import clean_text, small_number, valid_name
from storage.cases import NewCase
from storage.reports import NewReport

router = Router()


async def start(ctx: Context) -> None:
    """Begin a new self-report (after consent)."""
    if not await require_consent(ctx, then="report"):
        return
    ctx.conv.draft = {"flow": "self"}
    ctx.go("sr.town")
    await places.ask_town(ctx)


@router.command("report")
async def report_command(ctx: Context) -> None:
    """/report: start a self-report, or offer to continue the open one."""
    await start_unless_mid_flow(ctx, start, then="report")


STARTS["report"] = start


async def advance(ctx: Context, next_step: str) -> None:
    """Go to the next question, or back to the summary when editing one field."""
    await report_steps.advance(ctx, next_step, confirm="sr.confirm",
                               chained=("sr.village", "sr.urgent_why"))


class FirstQuestion(PlaceSteps):
    """Town and village; the first question also offers filing for someone else (代为申报),
    and asks about "the household" instead of "your household" once that is chosen."""

    def _town_buttons(self, ctx: Context, page: int) -> list[list[Button]]:
        return proxy_filing.with_proxy_choice(ctx, super()._town_buttons(ctx, page))

    async def ask_town(self, ctx: Context) -> None:
        if not proxy_filing.filing_for_someone(ctx):
            await super().ask_town(ctx)
            return
        ctx.say("pf.ask_town", buttons=self._town_buttons(ctx, ctx.draft.get("page", 0)))


places = FirstQuestion("sr", lambda ctx: advance(ctx, "sr.name"))
places.register(router)
risks = RiskSteps("sr", lambda ctx: advance(ctx, "sr.desc"))
risks.register(router)
description = DescriptionStep("sr", lambda ctx: advance(ctx, "sr.urgent"))
description.register(router)
urgent_reason = UrgentReasonStep("sr", lambda ctx: advance(ctx, "sr.confirm"))
urgent_reason.register(router)


# --- name and phone -----------------------------------------------------------------

def own_name(ctx: Context) -> str | None:
    """The name on the person's chat profile, offered as a button so that someone who types
    little need not type it (only when declaring for their own household)."""
    if ctx.draft.get("flow") != "self" or proxy_filing.filing_for_someone(ctx):
        return None
    return valid_name(ctx.event.sender.first_name)


async def ask_name(ctx: Context) -> None:
    name = own_name(ctx)
    mine = [[ctx.button("sr.btn_my_name", step_data("sr.name", "me"), name=name)]] if name else []
    key = "pf.ask_name" if proxy_filing.filing_for_someone(ctx) else "sr.ask_name"
    ctx.say(key, buttons=[*mine, cancel_row(ctx)])


@router.step("sr.name", ask_name)
async def process_name(ctx: Context) -> None:
    """Take the applicant's name: 1–40 characters with at least one letter."""
    if ctx.event.kind == "button" and ctx.value == "me" and (name := own_name(ctx)):
        ctx.draft["name"] = name
        ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_name"), value=name))
        await advance(ctx, "sr.phone")
        return
    if ctx.event.kind != "text":
        ctx.say("sr.err_name_kind")
        await ask_name(ctx)
        return
    name = valid_name(ctx.event.text)
    if name is None:
        too_long = len(clean_text(ctx.event.text)) > 40
        ctx.say("sr.err_name_long" if too_long else "sr.err_name")
        await ask_name(ctx)
        return
    ctx.draft["name"] = name
    await advance(ctx, "sr.phone")


async def ask_phone(ctx: Context) -> None:
    if proxy_filing.filing_for_someone(ctx):  # the household's phone: not the filer's own
        await proxy_filing.ask_household_phone(ctx)
        return
    ask_phone_step(ctx, "sr.ask_phone")


@router.step("sr.phone", ask_phone)
async def process_phone(ctx: Context) -> None:
    """Take a shared contact as given, or a typed mainland mobile / landline with area code."""
    if proxy_filing.filing_for_someone(ctx):
        if typed_cancel(ctx):
            await cancel(ctx)
            return
        phone, error = proxy_filing.household_phone(ctx)
        if phone is None:
            ctx.say(error or "sr.err_phone")
            await ask_phone(ctx)
            return
        ctx.draft["phone"] = phone
        await advance(ctx, "sr.size")
        return
    phone = await take_phone(ctx, ask_phone, saved="sr.phone_saved")
    if phone is None:
        return
    ctx.draft["phone"] = phone
    await advance(ctx, "sr.size")


# --- household size -----------------------------------------------------------------

async def ask_size(ctx: Context) -> None:
    numbers = [Button(str(n), step_data("sr.size", str(n))) for n in range(1, 7)]
    more = ctx.button("btn.more", step_data("sr.size", "more"))
    ctx.say("sr.ask_size", buttons=[numbers[:3], numbers[3:], [more], cancel_row(ctx)])


@router.step("sr.size", ask_size)
async def process_size(ctx: Context) -> None:
    """Household size from the buttons 1–6, or "more" for a typed number; typing works too."""
    if ctx.event.kind == "button" and ctx.value == "more":
        ctx.edit_or_send(ctx.t("sr.ask_size_more"), [cancel_row(ctx)])
        ctx.go("sr.size_more")
        return
    size = small_number(ctx.value, 1, 30) if ctx.event.kind == "button" else \
        number_answer(ctx, 1, 30, "count") if ctx.event.kind == "text" else None
    if size is None:
        if ctx.event.kind != "text":  # a typed answer was already shown an example
            ctx.say("sr.err_size")
        await ask_size(ctx)
        return
    await _take_size(ctx, size)


async def _take_size(ctx: Context, size: int) -> None:
    ctx.draft["size"] = size
    if ctx.event.kind == "button":
        ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_size"), value=size))
    await advance(ctx, "sr.risks")


async def ask_size_more(ctx: Context) -> None:
    ctx.say("sr.ask_size_more", buttons=[cancel_row(ctx)])


@router.step("sr.size_more", ask_size_more)
async def process_size_more(ctx: Context) -> None:
    """A typed household size, 1–30."""
    size = number_answer(ctx, 1, 30, "count") if ctx.event.kind == "text" else None
    if size is None:
        if ctx.event.kind != "text":
            ctx.say("sr.err_size")
        await ask_size_more(ctx)
        return
    await _take_size(ctx, size)


# --- urgency and confirmation ---------------------------------------------------------

async def ask_urgent(ctx: Context) -> None:
    ctx.say("sr.ask_urgent", buttons=[*yes_no(ctx, "sr.urgent"), cancel_row(ctx)])


@router.step("sr.urgent", ask_urgent)
@description.keeps_late_media
async def process_urgent(ctx: Context) -> None:
    """Is the need urgent (no food, medical emergency, house unsafe now)?"""
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        ctx.say("err.use_buttons")
        await ask_urgent(ctx)
        return
    ctx.draft["urgent"] = ctx.value == "yes"
    ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_urgent"),
                           value=ctx.t("btn.yes" if ctx.draft["urgent"] else "btn.no")))
    await advance(ctx, "sr.urgent_why" if ctx.draft["urgent"] else "sr.confirm")


async def submit(ctx: Context) -> None:
    """Open the case and tell the resident its reference and what happens next."""
    if proxy_filing.filing_for_someone(ctx):
        await proxy_filing.submit(ctx, places.restart)
        return
    d = ctx.draft
    village = ctx.services.divisions.get(d["village"])
    town = ctx.services.divisions.town_of(d["village"])
    if village is None or town is None:
        await places.restart(ctx)
        return
    event = ctx.event
    # Through intake: a household with an open case gets a further report, not a second case.
    taken = await intake.submit(
        ctx.tx,
        desk_of(ctx.services),
        report=NewReport(source="self", at=ctx.now, risk_types=d["risks"],
                         description=with_urgent_reason(ctx, d.get("desc")), media=d.get("media", []),
                         notify_channel=event.channel, notify_chat_id=event.chat_id,
                         notify_lang=ctx.lang),
        new=NewCase(
            source="self",
            village_code=village.code,
            town_code=town.code,
            head_name=d["name"],
            phone=d["phone"],
            people=d["size"],
            risk_types=d["risks"],
            description=with_urgent_reason(ctx, d.get("desc")),
            media=d.get("media", []),
            urgent=bool(d.get("urgent")),
            reported_at=ctx.now,
            reporter_channel=event.channel,
            reporter_chat_id=event.chat_id,
            reporter_lang=ctx.lang,
        ),
        now=ctx.now,
        actor_kind="resident",
        actor_id=None,  # the case names its reporter; the timeline keeps officials' ids only
    )
    case = taken.case
    ctx.conv.draft = {}
    ctx.go(None)
    ctx.edit_or_send(ctx.t("sr.submitted_short"))
    if taken.merged:
        # Another report of the same household's open case. Its receipts go to whoever
        # reported first: promise this chat nothing it will not get, and show the reference
        # only to the chat that holds it.
        mine = (case.reporter_channel, case.reporter_chat_id) == (event.channel, event.chat_id)
        ctx.say("sr.submitted_again" if mine else "sr.submitted_merged", ref=case.ref,
                village=village.name)
    elif not await responders.village_has_officer(ctx.tx, village.code):
        # Nobody in the village takes cards here: promise no village official.
        ctx.say("chase.receipt_no_officer", ref=case.ref, village=village.name)
    else:
        deadlines = (await district_policy.programme_for(
            ctx.tx, ctx.services.programme, ctx.services.divisions, case.village_code)).deadlines
        span = deadlines.accept_urgent if case.urgent else deadlines.accept
        # A span under an hour reads in minutes ("30 分钟"), never "0 小时" (handlers/durations.py).
        ctx.say("sr.submitted", ref=case.ref, village=village.name, within=within(ctx.t, span))
    await show_menu(ctx)


review = ReviewSteps(
    "sr", summary=proxy_filing.summary, submit=submit, description=description,
    fields=[(f, f"sr.field_{f}") for f in ("town", "name", "phone", "size", "risks", "desc",
                                           "urgent")])
review.register(router)
