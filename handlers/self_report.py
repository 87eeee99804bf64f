"""Self-report (申报): a resident declares hardship for their own household, button first.

town → village → name → phone → household size → risk types → description → urgency
→ summary (Submit / Edit a field / Cancel) → a case reference.
"""

from __future__ import annotations

from cases import intake
from cases.vocab import RISK_TYPES
from handlers.common import offer_resume, require_consent, show_menu
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row, page_number, paged, yes_no
from handlers.model import Button, RequestKeyboard
from handlers.router import Router, step_data
from handlers.summary import report_summary
from handlers.validate import (
    TEXT_MAX,
    clean_text,
    has_words,
    normalise_phone,
    small_number,
    valid_name,
)
from storage.cases import NewCase
from storage.reports import NewReport

router = Router()

MAX_MEDIA = 5
EDITABLE = ("town", "name", "phone", "size", "risks", "desc", "urgent")


async def start(ctx: Context) -> None:
    """Begin a new self-report (after consent)."""
    if not await require_consent(ctx):
        return
    ctx.conv.draft = {"flow": "self"}
    ctx.go("sr.town")
    await ask_town(ctx)


@router.command("report")
async def report_command(ctx: Context) -> None:
    """/report: start a self-report, or offer to continue the open one."""
    if ctx.conv.step:
        offer_resume(ctx)
        return
    await start(ctx)


async def advance(ctx: Context, next_step: str) -> None:
    """Go to the next question, or back to the summary when editing one field."""
    if ctx.draft.get("editing") and next_step != "sr.village":
        ctx.draft.pop("editing", None)
        next_step = "sr.confirm"
    ctx.go(next_step)
    await ctx.ask_again()


def _wrong_kind(ctx: Context, key: str) -> bool:
    """Reply to input of the wrong kind (a sticker for a name, text for a button)."""
    ctx.say(key)
    return True


# --- town and village ---------------------------------------------------------------

async def ask_town(ctx: Context) -> None:
    towns = [(d.name, d.code) for d in ctx.services.divisions.towns_with_villages()]
    buttons = paged(ctx, "sr.town", towns, ctx.draft.get("page", 0))
    ctx.say("sr.ask_town", buttons=[*buttons, cancel_row(ctx)])


@router.step("sr.town", ask_town)
async def process_town(ctx: Context) -> None:
    """Take the chosen town (or turn the page)."""
    if ctx.event.kind != "button":
        _wrong_kind(ctx, "err.use_buttons")
        await ask_town(ctx)
        return
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        towns = [(d.name, d.code) for d in ctx.services.divisions.towns_with_villages()]
        ctx.edit_or_send(ctx.t("sr.ask_town"),
                         [*paged(ctx, "sr.town", towns, page), cancel_row(ctx)])
        return
    town = ctx.services.divisions.get(ctx.value)
    if town is None or town.level != "town":
        ctx.say("err.button_invalid")
        await ask_town(ctx)
        return
    ctx.draft.update(town=town.code, page=0)
    ctx.draft.pop("village", None)
    ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_town"), value=town.name))
    ctx.go("sr.village")
    await ask_village(ctx)


async def ask_village(ctx: Context) -> None:
    villages = [(d.name, d.code) for d in ctx.services.divisions.villages_of(ctx.draft["town"])]
    buttons = paged(ctx, "sr.village", villages, ctx.draft.get("page", 0))
    back = [ctx.button("btn.back", step_data("sr.village", "back"))]
    ctx.say("sr.ask_village", buttons=[*buttons, back + cancel_row(ctx)])


@router.step("sr.village", ask_village)
async def process_village(ctx: Context) -> None:
    """Take the chosen village, turn the page, or go back to the towns."""
    if ctx.event.kind != "button":
        _wrong_kind(ctx, "err.use_buttons")
        await ask_village(ctx)
        return
    if ctx.value == "back":
        ctx.draft["page"] = 0
        ctx.edit_or_send(ctx.t("sr.back_to_towns"))
        ctx.go("sr.town")
        await ask_town(ctx)
        return
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        ctx.replies.clear()
        await ask_village(ctx)
        reply = ctx.replies.pop()
        ctx.edit_or_send(reply.text, reply.buttons)
        return
    village = ctx.services.divisions.get(ctx.value)
    if village is None or village.level != "village" or village.parent_code != ctx.draft.get("town"):
        ctx.say("err.button_invalid")
        await ask_village(ctx)
        return
    ctx.draft.update(village=village.code, page=0)
    ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_village"), value=village.name))
    await advance(ctx, "sr.name")


# --- name and phone -----------------------------------------------------------------

async def ask_name(ctx: Context) -> None:
    ctx.say("sr.ask_name", buttons=[cancel_row(ctx)])


@router.step("sr.name", ask_name)
async def process_name(ctx: Context) -> None:
    """Take the applicant's name: 1–40 characters with at least one letter."""
    if ctx.event.kind != "text":
        _wrong_kind(ctx, "sr.err_name_kind")
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
    ctx.say("sr.ask_phone", keyboard=RequestKeyboard(
        "contact", ctx.t("btn.share_phone"), ctx.t("btn.cancel")))


@router.step("sr.phone", ask_phone)
async def process_phone(ctx: Context) -> None:
    """Take a shared contact as given, or a typed mainland mobile / landline with area code."""
    event = ctx.event
    if event.kind == "contact" and event.phone:
        phone = event.phone if event.phone.startswith("+") else f"+{event.phone}"
        phone = normalise_phone(phone) or phone
    elif event.kind == "text" and clean_text(event.text) in (ctx.t("btn.cancel"),):
        from handlers.common import cancel

        await cancel(ctx)
        return
    elif event.kind == "text":
        phone = normalise_phone(event.text)
        if phone is None:
            ctx.say("sr.err_phone")
            await ask_phone(ctx)
            return
    else:
        _wrong_kind(ctx, "sr.err_phone_kind")
        await ask_phone(ctx)
        return
    ctx.draft["phone"] = phone
    ctx.say("sr.phone_saved", keyboard=RequestKeyboard("remove"))
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
    raw = ctx.value if ctx.event.kind == "button" else ctx.event.text
    size = small_number(raw, 1, 30) if ctx.event.kind in ("button", "text") else None
    if size is None:
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
    size = small_number(ctx.event.text, 1, 30) if ctx.event.kind == "text" else None
    if size is None:
        ctx.say("sr.err_size")
        await ask_size_more(ctx)
        return
    await _take_size(ctx, size)


# --- risk types ---------------------------------------------------------------------

def _risk_buttons(ctx: Context) -> list[list[Button]]:
    chosen = set(ctx.draft.get("risks", []))
    buttons = [
        Button(("✅ " if slug in chosen else "") + ctx.t(f"risk.{slug}"),
               step_data("sr.risks", slug))
        for slug in RISK_TYPES
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button("btn.done", step_data("sr.risks", "done"))])
    rows.append(cancel_row(ctx))
    return rows


async def ask_risks(ctx: Context) -> None:
    ctx.say("sr.ask_risks", buttons=_risk_buttons(ctx))


@router.step("sr.risks", ask_risks)
async def process_risks(ctx: Context) -> None:
    """Toggle risk types on and off; Done needs at least one."""
    if ctx.event.kind != "button":
        _wrong_kind(ctx, "err.use_buttons")
        await ask_risks(ctx)
        return
    chosen: list[str] = list(ctx.draft.get("risks", []))
    if ctx.value == "done":
        if not chosen:
            ctx.toast("sr.err_risks")
            ctx.say("sr.err_risks")
            await ask_risks(ctx)
            return
        labels = "、".join(ctx.t(f"risk.{s}") for s in chosen)
        ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_risks"), value=labels))
        await advance(ctx, "sr.desc")
        return
    if ctx.value not in RISK_TYPES:
        ctx.say("err.button_invalid")
        await ask_risks(ctx)
        return
    if ctx.value in chosen:
        chosen.remove(ctx.value)
    else:
        chosen.append(ctx.value)
    ctx.draft["risks"] = [s for s in RISK_TYPES if s in chosen]
    ctx.edit_or_send(ctx.t("sr.ask_risks"), _risk_buttons(ctx))


# --- description --------------------------------------------------------------------

async def ask_desc(ctx: Context) -> None:
    media = ctx.draft.get("media", [])
    buttons = [[ctx.button("btn.done" if media else "btn.skip", step_data("sr.desc", "done"))],
               cancel_row(ctx)]
    ctx.say("sr.ask_desc", buttons=buttons)


@router.step("sr.desc", ask_desc)
async def process_desc(ctx: Context) -> None:
    """A few words, a voice note or photos — or Skip."""
    event = ctx.event
    if event.kind == "button":
        if ctx.value != "done":
            ctx.say("err.button_invalid")
            await ask_desc(ctx)
            return
        ctx.edit_or_send(ctx.t("sr.desc_done"))
        await advance(ctx, "sr.urgent")
        return
    if event.kind in ("photo", "voice") and event.file_id:
        media = list(ctx.draft.get("media", []))
        if len(media) >= MAX_MEDIA:
            ctx.say("sr.err_media_full", max=MAX_MEDIA)
        else:
            media.append({"kind": event.kind, "file_id": event.file_id})
            ctx.draft["media"] = media
        if event.text:  # a photo caption counts as the description
            ctx.draft["desc"] = clean_text(event.text)[:TEXT_MAX]
        ctx.say("sr.media_saved", count=len(media),
                buttons=[[ctx.button("btn.done", step_data("sr.desc", "done"))]])
        return
    if event.kind != "text":
        _wrong_kind(ctx, "sr.err_desc_kind")
        await ask_desc(ctx)
        return
    text = clean_text(event.text)
    if len(text) > TEXT_MAX:
        ctx.say("sr.err_desc_long", max=TEXT_MAX, length=len(text))
        await ask_desc(ctx)
        return
    if not has_words(text):
        ctx.say("sr.err_desc_empty")
        await ask_desc(ctx)
        return
    ctx.draft["desc"] = text
    await advance(ctx, "sr.urgent")


# --- urgency and confirmation ---------------------------------------------------------

async def ask_urgent(ctx: Context) -> None:
    ctx.say("sr.ask_urgent", buttons=[*yes_no(ctx, "sr.urgent"), cancel_row(ctx)])


@router.step("sr.urgent", ask_urgent)
async def process_urgent(ctx: Context) -> None:
    """Is the need urgent (no food, medical emergency, house unsafe now)?"""
    if ctx.event.kind != "button" or ctx.value not in ("yes", "no"):
        ctx.say("err.use_buttons")
        await ask_urgent(ctx)
        return
    ctx.draft["urgent"] = ctx.value == "yes"
    ctx.edit_or_send(ctx.t("sr.chosen", label=ctx.t("sr.field_urgent"),
                           value=ctx.t("btn.yes" if ctx.draft["urgent"] else "btn.no")))
    await advance(ctx, "sr.confirm")


async def ask_confirm(ctx: Context) -> None:
    ctx.send(report_summary(ctx), buttons=[
        [ctx.button("btn.submit", step_data("sr.confirm", "submit"))],
        [ctx.button("btn.edit", step_data("sr.confirm", "edit")),
         ctx.button("btn.cancel", "x:cancel")],
    ])


@router.step("sr.confirm", ask_confirm)
async def process_confirm(ctx: Context) -> None:
    """Submit creates the case; Edit picks a field to change."""
    if ctx.event.kind != "button":
        ctx.say("err.use_buttons")
        await ask_confirm(ctx)
        return
    if ctx.value == "edit":
        ctx.go("sr.edit")
        await ask_edit(ctx)
        return
    if ctx.value != "submit":
        ctx.say("err.button_invalid")
        await ask_confirm(ctx)
        return
    await submit(ctx)


async def ask_edit(ctx: Context) -> None:
    rows = [[ctx.button(f"sr.field_{field}", step_data("sr.edit", field))] for field in EDITABLE]
    rows.append([ctx.button("btn.back", step_data("sr.edit", "back"))])
    ctx.say("sr.ask_edit", buttons=rows)


@router.step("sr.edit", ask_edit)
async def process_edit(ctx: Context) -> None:
    """Jump to one field; after it the summary comes back."""
    if ctx.event.kind != "button" or ctx.value not in (*EDITABLE, "back"):
        ctx.say("err.use_buttons")
        await ask_edit(ctx)
        return
    if ctx.value == "back":
        ctx.go("sr.confirm")
        await ask_confirm(ctx)
        return
    ctx.draft["editing"] = True
    ctx.draft["page"] = 0
    ctx.go(f"sr.{ctx.value}")
    await ctx.ask_again()


async def submit(ctx: Context) -> None:
    """Open the case and tell the resident its reference and what happens next."""
    d = ctx.draft
    village = ctx.services.divisions.get(d["village"])
    town = ctx.services.divisions.town_of(d["village"])
    if village is None or town is None:
        ctx.say("sr.err_division_gone")
        ctx.go("sr.town")
        await ask_town(ctx)
        return
    event = ctx.event
    # Through intake: a household with an open case gets a further report, not a second case.
    taken = await intake.submit(
        ctx.tx,
        desk_of(ctx.services),
        report=NewReport(source="self", at=ctx.now, risk_types=d["risks"],
                         description=d.get("desc"), media=d.get("media", []),
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
            description=d.get("desc"),
            media=d.get("media", []),
            urgent=bool(d.get("urgent")),
            reported_at=ctx.now,
            reporter_channel=event.channel,
            reporter_chat_id=event.chat_id,
            reporter_lang=ctx.lang,
        ),
        now=ctx.now,
        actor_kind="resident",
        actor_id=event.sender.user_id,
    )
    case = taken.case
    ctx.conv.draft = {}
    ctx.go(None)
    ctx.edit_or_send(ctx.t("sr.submitted_short"))
    deadlines = ctx.services.programme.deadlines
    within = deadlines.accept_urgent if case.urgent else deadlines.accept
    ctx.say("sr.submitted", ref=case.ref, village=village.name,
            hours=int(within.total_seconds() // 3600))
    await show_menu(ctx)
