"""Neighbour report (邻里反映): a resident reports a concern about another household.

town → village → who → group → risk types → what they saw → does the household know
→ may an official contact you (default no; then name and phone) → summary → receipt.
The reporter's identity never reaches the household, and officials only when agreed.
"""

from __future__ import annotations

from cases import abuse, duplicates, intake
from cases.vocab import RISK_TYPES
from handlers.common import offer_resume, require_consent, show_menu
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row, page_number, paged
from handlers.model import Button, RequestKeyboard
from handlers.router import Router, step_data
from handlers.validate import TEXT_MAX, clean_text, has_words, normalise_phone, valid_name
from storage.cases import NewCase
from storage.reports import NewReport

router = Router()

MAX_MEDIA = 5
WHO_MAX = 60
GROUP_MAX = 16
KNOWS = ("yes", "no", "unsure")
EDITABLE = ("town", "who", "group", "risks", "desc", "knows", "contact")


def reporter_of(ctx: Context) -> str:
    return abuse.reporter_hash(ctx.services.cases.cipher, ctx.event.channel,
                               ctx.event.sender.user_id)


async def start(ctx: Context) -> None:
    """Begin a neighbour report (after consent), unless today's limit is reached."""
    if not await require_consent(ctx):
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
    await ask_town(ctx)


@router.command("neighbour")
async def neighbour_command(ctx: Context) -> None:
    """/neighbour: start a neighbour report, or offer to continue the open flow."""
    if ctx.conv.step:
        offer_resume(ctx)
        return
    await start(ctx)


async def advance(ctx: Context, next_step: str) -> None:
    """Go to the next question, or back to the summary when editing one field."""
    if ctx.draft.get("editing") and next_step not in ("nb.village", "nb.cname", "nb.cphone"):
        ctx.draft.pop("editing", None)
        next_step = "nb.confirm"
    ctx.go(next_step)
    await ctx.ask_again()


def chosen(ctx: Context, field: str, value: object) -> None:
    ctx.edit_or_send(ctx.t("nb.chosen", label=ctx.t(f"nb.field_{field}"), value=value))


# --- town and village ---------------------------------------------------------------

def _towns(ctx: Context) -> list[tuple[str, str]]:
    return [(d.name, d.code) for d in ctx.services.divisions.towns_with_villages()]


async def ask_town(ctx: Context) -> None:
    buttons = paged(ctx, "nb.town", _towns(ctx), ctx.draft.get("page", 0))
    ctx.say("nb.ask_town", buttons=[*buttons, cancel_row(ctx)])


@router.step("nb.town", ask_town)
async def process_town(ctx: Context) -> None:
    """Take the chosen town (or turn the page)."""
    if ctx.event.kind != "button":
        ctx.say("err.use_buttons")
        await ask_town(ctx)
        return
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        ctx.edit_or_send(ctx.t("nb.ask_town"),
                         [*paged(ctx, "nb.town", _towns(ctx), page), cancel_row(ctx)])
        return
    town = ctx.services.divisions.get(ctx.value)
    if town is None or town.level != "town":
        ctx.say("err.button_invalid")
        await ask_town(ctx)
        return
    ctx.draft.update(town=town.code, page=0)
    ctx.draft.pop("village", None)
    ctx.edit_or_send(ctx.t("nb.chosen", label=ctx.t("sr.field_town"), value=town.name))
    ctx.go("nb.village")
    await ask_village(ctx)


async def ask_village(ctx: Context) -> None:
    villages = [(d.name, d.code) for d in ctx.services.divisions.villages_of(ctx.draft["town"])]
    buttons = paged(ctx, "nb.village", villages, ctx.draft.get("page", 0))
    back = [ctx.button("btn.back", step_data("nb.village", "back"))]
    ctx.say("nb.ask_village", buttons=[*buttons, back + cancel_row(ctx)])


@router.step("nb.village", ask_village)
async def process_village(ctx: Context) -> None:
    """Take the chosen village, turn the page, or go back to the towns."""
    if ctx.event.kind != "button":
        ctx.say("err.use_buttons")
        await ask_village(ctx)
        return
    if ctx.value == "back":
        ctx.draft["page"] = 0
        ctx.go("nb.town")
        await ask_town(ctx)
        return
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        await ask_village(ctx)
        return
    village = ctx.services.divisions.get(ctx.value)
    if village is None or village.level != "village" or village.parent_code != ctx.draft.get("town"):
        ctx.say("err.button_invalid")
        await ask_village(ctx)
        return
    ctx.draft.update(village=village.code, page=0)
    chosen(ctx, "village", village.name)
    await advance(ctx, "nb.who")


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

def _risk_buttons(ctx: Context) -> list[list[Button]]:
    picked = set(ctx.draft.get("risks", []))
    buttons = [Button(("✅ " if slug in picked else "") + ctx.t(f"risk.{slug}"),
                      step_data("nb.risks", slug)) for slug in RISK_TYPES]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([ctx.button("btn.done", step_data("nb.risks", "done"))])
    rows.append(cancel_row(ctx))
    return rows


async def ask_risks(ctx: Context) -> None:
    ctx.say("nb.ask_risks", buttons=_risk_buttons(ctx))


@router.step("nb.risks", ask_risks)
async def process_risks(ctx: Context) -> None:
    """Toggle risk types; Done needs at least one."""
    if ctx.event.kind != "button":
        ctx.say("err.use_buttons")
        await ask_risks(ctx)
        return
    picked: list[str] = list(ctx.draft.get("risks", []))
    if ctx.value == "done":
        if not picked:
            ctx.toast("nb.err_risks")
            ctx.say("nb.err_risks")
            await ask_risks(ctx)
            return
        chosen(ctx, "risks", "、".join(ctx.t(f"risk.{s}") for s in picked))
        await advance(ctx, "nb.desc")
        return
    if ctx.value not in RISK_TYPES:
        ctx.say("err.button_invalid")
        await ask_risks(ctx)
        return
    picked.remove(ctx.value) if ctx.value in picked else picked.append(ctx.value)
    ctx.draft["risks"] = [s for s in RISK_TYPES if s in picked]
    ctx.edit_or_send(ctx.t("nb.ask_risks"), _risk_buttons(ctx))


async def ask_desc(ctx: Context) -> None:
    label = "btn.done" if ctx.draft.get("media") else "btn.skip"
    ctx.say("nb.ask_desc", buttons=[[ctx.button(label, step_data("nb.desc", "done"))],
                                    cancel_row(ctx)])


@router.step("nb.desc", ask_desc)
async def process_desc(ctx: Context) -> None:
    """A few words, a voice note or photos — or Skip."""
    event = ctx.event
    if event.kind == "button" and ctx.value == "done":
        ctx.edit_or_send(ctx.t("nb.desc_done"))
        await advance(ctx, "nb.knows")
        return
    if event.kind in ("photo", "voice") and event.file_id:
        media = list(ctx.draft.get("media", []))
        if len(media) >= MAX_MEDIA:
            ctx.say("nb.err_media_full", max=MAX_MEDIA)
        else:
            media.append({"kind": event.kind, "file_id": event.file_id})
            ctx.draft["media"] = media
        if event.text:
            ctx.draft["desc"] = clean_text(event.text)[:TEXT_MAX]
        ctx.say("nb.media_saved", count=len(media),
                buttons=[[ctx.button("btn.done", step_data("nb.desc", "done"))]])
        return
    if event.kind != "text":
        ctx.say("nb.err_desc_kind")
        await ask_desc(ctx)
        return
    text = clean_text(event.text)
    if len(text) > TEXT_MAX:
        ctx.say("nb.err_desc_long", max=TEXT_MAX, length=len(text))
        await ask_desc(ctx)
        return
    if not has_words(text):
        ctx.say("nb.err_desc_empty")
        await ask_desc(ctx)
        return
    ctx.draft["desc"] = text
    await advance(ctx, "nb.knows")


# --- does the household know; may we contact you -----------------------------------------

async def ask_knows(ctx: Context) -> None:
    row = [ctx.button(f"nb.knows_{k}", step_data("nb.knows", k)) for k in KNOWS]
    ctx.say("nb.ask_knows", buttons=[row, cancel_row(ctx)])


@router.step("nb.knows", ask_knows)
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
        await ask_confirm(ctx)
        return
    ctx.draft["contact"] = True
    ctx.edit_or_send(ctx.t("nb.chosen", label=ctx.t("nb.field_contact"),
                           value=ctx.t("nb.contact_yes")))
    ctx.go("nb.cname")
    await ask_cname(ctx)


async def ask_cname(ctx: Context) -> None:
    ctx.say("nb.ask_cname", buttons=[cancel_row(ctx)])


@router.step("nb.cname", ask_cname)
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
    ctx.say("nb.ask_cphone", keyboard=RequestKeyboard(
        "contact", ctx.t("btn.share_phone"), ctx.t("btn.cancel")))


@router.step("nb.cphone", ask_cphone)
async def process_cphone(ctx: Context) -> None:
    """A shared contact or a typed phone number."""
    event = ctx.event
    if event.kind == "contact" and event.phone:
        raw = event.phone if event.phone.startswith("+") else f"+{event.phone}"
        phone = normalise_phone(raw) or raw
    elif event.kind == "text" and clean_text(event.text) == ctx.t("btn.cancel"):
        from handlers.common import cancel

        await cancel(ctx)
        return
    else:
        phone = normalise_phone(event.text) if event.kind == "text" else None
    if phone is None:
        ctx.say("nb.err_cphone")
        await ask_cphone(ctx)
        return
    ctx.draft["cphone"] = phone
    ctx.draft.pop("editing", None)
    ctx.say("nb.cphone_saved", keyboard=RequestKeyboard("remove"))
    ctx.go("nb.confirm")
    await ask_confirm(ctx)


# --- summary, edit, submit -------------------------------------------------------------

def summary(ctx: Context) -> str:
    """Every answer, one line each, in the reporter's language."""
    d = ctx.draft
    divisions = ctx.services.divisions
    village = divisions.get(d.get("village", ""))
    town = divisions.get(d.get("town", ""))
    media = d.get("media", [])
    desc = d.get("desc") or (ctx.t("nb.media_count", n=len(media)) if media else ctx.t("nb.none"))
    contact = (ctx.t("nb.contact_as", name=d.get("cname", ""), phone=d.get("cphone", ""))
               if d.get("contact") else ctx.t("nb.anonymous"))

    def line(field: str, value: object) -> str:
        return ctx.t("nb.line", label=ctx.t(f"nb.field_{field}"), value=value)

    return "\n".join([
        ctx.t("nb.summary_title"),
        line("village", f"{town.name if town else ''} {village.name if village else ''}".strip()),
        line("who", d.get("who", "")),
        line("group", d.get("group") or ctx.t("nb.group_unknown")),
        line("risks", "、".join(ctx.t(f"risk.{s}") for s in d.get("risks", []))),
        line("desc", desc),
        line("knows", ctx.t(f"nb.knows_{d.get('knows', 'unsure')}")),
        line("contact", contact),
        ctx.t("nb.summary_check"),
    ])


async def ask_confirm(ctx: Context) -> None:
    ctx.send(summary(ctx), buttons=[
        [ctx.button("btn.submit", step_data("nb.confirm", "submit"))],
        [ctx.button("btn.edit", step_data("nb.confirm", "edit")),
         ctx.button("btn.cancel", "x:cancel")],
    ])


@router.step("nb.confirm", ask_confirm)
async def process_confirm(ctx: Context) -> None:
    """Submit passes the report on; Edit picks a field to change."""
    if ctx.event.kind != "button" or ctx.value not in ("submit", "edit"):
        ctx.say("err.use_buttons")
        await ask_confirm(ctx)
        return
    if ctx.value == "edit":
        ctx.go("nb.edit")
        await ask_edit(ctx)
        return
    await submit(ctx)


async def ask_edit(ctx: Context) -> None:
    rows = [[ctx.button(f"nb.field_{'village' if f == 'town' else f}", step_data("nb.edit", f))]
            for f in EDITABLE]
    rows.append([ctx.button("btn.back", step_data("nb.edit", "back"))])
    ctx.say("sr.ask_edit", buttons=rows)


@router.step("nb.edit", ask_edit)
async def process_edit(ctx: Context) -> None:
    """Jump to one field; after it the summary comes back."""
    if ctx.event.kind != "button" or ctx.value not in (*EDITABLE, "back"):
        ctx.say("err.use_buttons")
        await ask_edit(ctx)
        return
    if ctx.value == "back":
        ctx.go("nb.confirm")
        await ask_confirm(ctx)
        return
    ctx.draft.update(editing=True, page=0)
    ctx.go(f"nb.{ctx.value}")
    await ctx.ask_again()


async def submit(ctx: Context) -> None:
    """Check the limits, pass the report on, thank the neighbour — the same receipt whether or
    not the household already had a case, so the receipt reveals nothing about it."""
    d = ctx.draft
    divisions = ctx.services.divisions
    village = divisions.get(d.get("village", ""))
    town = divisions.town_of(d.get("village", ""))
    if village is None or town is None:
        ctx.say("nb.err_division_gone")
        ctx.go("nb.town")
        await ask_town(ctx)
        return
    now, event, cipher = ctx.now, ctx.event, ctx.services.cases.cipher
    new = NewCase(source="neighbour", village_code=village.code, town_code=town.code,
                  head_name=d["who"], people=0, risk_types=d["risks"],
                  description=d.get("desc"), media=d.get("media", []), urgent=False,
                  reported_at=now)
    match = await duplicates.find(ctx.tx, cipher, new)
    keys = duplicates.household_keys(cipher, match.new)
    reporter = reporter_of(ctx)
    refusal = await abuse.check(ctx.tx, reporter=reporter, household_keys=keys,
                                case_id=match.open_case_id, programme=ctx.services.programme,
                                now=now, limit=ctx.services.programme.neighbour_daily_limit)
    if refusal is not None:
        ctx.conv.draft = {}
        ctx.go(None)
        ctx.say("nb.limit_daily" if refusal == "daily_limit" else "nb.limit_same",
                limit=ctx.services.programme.neighbour_daily_limit)
        await show_menu(ctx)
        return
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
    ctx.say("nb.submitted", village=village.name)
    await show_menu(ctx)
