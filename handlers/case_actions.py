"""Short flows for case actions that need input — buttons first, typing only where a few words
or a number are the answer. The draft keeps the case id and the version the official saw, so
the action still refuses if the case changed meanwhile.

visit: checklist → income → notes/photos · propose: category (→ reason when not eligible)
approve: comment or skip · reject / reopen / note: text · measure: kind → start → amount
(→ monthly/once) → end · followup: +7/+14/+30 or a date · transfer: village → officer
close: reason (→ the other case's reference for a duplicate) · chase: a word, or send at once
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cases.casework import Measure, Visit
from cases.vocab import CATEGORIES, CLOSURE_REASONS, MEASURES, VISIT_CHECKS
from chat.replies import Button, Edit
from handlers import refusals
from handlers.case_outcome import run
from handlers.context import Context
from handlers.keyboards import cancel_row, page_number, paged
from handlers.router import Router, step_data
from handlers.spoken_answers import date_answer, number_answer
from handlers.validate import TEXT_MAX, clean_text, has_words
from storage import officials as official_repo
from storage.cases import CaseRecord
from storage.officials import OfficialRecord

router = Router()

INCOME_MAX = 1_000_000
AMOUNT_MAX = 10_000_000
MAX_PHOTOS = 10
FIRST_STEP = {
    "visit": "cw.checks", "propose": "cw.category", "approve": "cw.comment",
    "reject": "cw.reason", "reopen": "cw.reason", "note": "cw.reason", "measure": "cw.kind",
    "followup": "cw.when", "transfer": "cw.village", "close": "cw.close", "chase": "cw.chase",
    # The programme's own steps (handlers/programme_actions.py).
    "review": "cw.held", "object": "cw.reason", "confirm": "cw.confirm",
    "appeal": "cw.decide",
}


async def begin(ctx: Context, official: OfficialRecord, case: CaseRecord, action: str) -> None:
    ctx.conv.draft = {"flow": "work", "action": action, "case_id": case.id,
                      "version": case.version, "ref": case.ref, "town": case.town_code,
                      "stage": case.stage}
    if action == "note" and case.owner_id not in (None, official.id):
        ctx.draft["owner"] = case.owner_id  # the note may be addressed to them
    ctx.go(FIRST_STEP[action])
    await ctx.ask_again()


async def finish(ctx: Context, **args: Any) -> None:
    draft, step = ctx.draft, ctx.conv.step
    official = await official_repo.by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    ctx.conv.step, ctx.conv.draft = None, {}
    if official is None:  # removed while answering
        await refusals.refused(ctx, draft["action"], "not_official", case_id=draft["case_id"])
        ctx.say("off.only")
        return
    refused = await run(ctx, official, draft["case_id"], draft["version"], draft["action"], **args)
    if refused is not None and refused.code == "bad_value":
        ctx.conv.step, ctx.conv.draft = step, draft  # nothing lost: answer that question again
        await ctx.ask_again()


def ask(ctx: Context, key: str, buttons: list[list[Button]] | None = None, **params: Any) -> None:
    ctx.say(key, buttons=[*(buttons or []), cancel_row(ctx)], ref=ctx.draft.get("ref", ""),
            **params)


def skip_row(ctx: Context, step: str) -> list[Button]:
    return [ctx.button("btn.skip", step_data(step, "skip"))]


def typed_text(ctx: Context) -> str | None:
    """A few words: None when the message was not text with words in it."""
    if ctx.event.kind != "text":
        return None
    text = clean_text(ctx.event.text)
    return text[:TEXT_MAX] if text and has_words(text) and not text.startswith("/") else None


async def wrong(ctx: Context, key: str = "err.use_buttons") -> None:
    ctx.say(key)
    await ctx.ask_again()


# --- visit --------------------------------------------------------------------------------

async def ask_checks(ctx: Context) -> None:
    risky = set(ctx.draft.get("risky", []))
    rows = [[ctx.button("work.check", step_data("cw.checks", c),
                        mark="⚠️" if c in risky else "✅", label=ctx.t(f"of.check_{c}"))]
            for c in VISIT_CHECKS]
    ask(ctx, "work.ask_checks", [*rows, [ctx.button("btn.done", step_data("cw.checks", "done"))]])


@router.step("cw.checks", ask_checks)
async def process_checks(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in (*VISIT_CHECKS, "done"):
        await wrong(ctx)
        return
    if ctx.value != "done":
        risky = set(ctx.draft.get("risky", []))
        risky ^= {ctx.value}
        ctx.draft["risky"] = [c for c in VISIT_CHECKS if c in risky]
        before = len(ctx.replies)
        await ask_checks(ctx)
        shown = ctx.replies[before]
        if ctx.event.message_id:  # tick in place
            ctx.replies[before] = Edit(ctx.event.message_id, shown.text, shown.buttons)
        return
    ctx.go("cw.income")
    await ask_income(ctx)


async def ask_income(ctx: Context) -> None:
    ask(ctx, "work.ask_income", [skip_row(ctx, "cw.income")])


@router.step("cw.income", ask_income)
async def process_income(ctx: Context) -> None:
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft["income"] = None
    else:
        income = number_answer(ctx, 0, INCOME_MAX)
        if income is None:
            await ctx.ask_again()
            return
        ctx.draft["income"] = income
    ctx.go("cw.notes")
    await ask_notes(ctx)


async def ask_notes(ctx: Context) -> None:
    ask(ctx, "work.ask_notes", [[ctx.button("btn.done", step_data("cw.notes", "done"))]])


@router.step("cw.notes", ask_notes)
async def process_notes(ctx: Context) -> None:
    """Words and photos in any order, as many messages as needed, until Done saves the
    visit: a photo sent after the words is not lost."""
    media = ctx.draft.setdefault("media", [])
    done = [[ctx.button("btn.done", step_data("cw.notes", "done"))]]
    if ctx.event.kind == "photo" and ctx.event.media:
        if len(media) < MAX_PHOTOS:
            media.append({"kind": "photo", "file_id": ctx.event.media})
        if ctx.event.text:  # a caption is part of the note
            _add_note(ctx, ctx.event.text)
        ctx.say("work.photo_saved", count=len(media), buttons=done)
        return
    if not (ctx.event.kind == "button" and ctx.value == "done"):
        words = typed_text(ctx)
        if words is None:
            await wrong(ctx, "work.text_needed")
            return
        _add_note(ctx, words)
        ctx.say("work.notes_saved", buttons=done)
        return
    notes = ctx.draft.get("notes")
    risky = set(ctx.draft.get("risky", []))
    await finish(ctx, record=Visit(
        checks={c: "risk" if c in risky else "ok" for c in VISIT_CHECKS},
        income_per_person=ctx.draft.get("income"), notes=notes, media=list(media)))


def _add_note(ctx: Context, words: str) -> None:
    kept = ctx.draft.get("notes")
    ctx.draft["notes"] = (f"{kept}\n{clean_text(words)}" if kept else clean_text(words))[:TEXT_MAX]


# --- propose, approve, reject, reopen, note ---------------------------------------------

async def ask_category(ctx: Context) -> None:
    rows = [[ctx.button(f"category.{c}", step_data("cw.category", c))] for c in CATEGORIES]
    rows.append([ctx.button("work.not_eligible", step_data("cw.category", "not_eligible"))])
    ask(ctx, "work.ask_category", rows)


@router.step("cw.category", ask_category)
async def process_category(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in (*CATEGORIES, "not_eligible"):
        await wrong(ctx)
        return
    if ctx.value != "not_eligible":
        await finish(ctx, category=ctx.value)
        return
    ctx.draft["category"] = "not_eligible"
    ctx.go("cw.reason")
    await ask_reason(ctx)


REASON_PROMPTS = {"note": "work.ask_note", "reopen": "work.ask_reopen",
                  "object": "chain.ask_objection", "confirm": "chain.ask_not_confirmed",
                  "appeal": "review.ask_reason"}


async def ask_reason(ctx: Context) -> None:
    ask(ctx, REASON_PROMPTS.get(ctx.draft.get("action", ""), "work.ask_reason"))


@router.step("cw.reason", ask_reason)
async def process_reason(ctx: Context) -> None:
    text = typed_text(ctx)
    if text is None:
        await wrong(ctx, "work.text_needed")
        return
    action = ctx.draft["action"]
    if action == "propose":
        await finish(ctx, category="not_eligible", reason=text)
    elif action == "note" and ctx.draft.get("owner"):
        ctx.draft["text"] = text
        ctx.go("cw.note_to")
        await ask_note_to(ctx)
    elif action in ("note", "object"):
        await finish(ctx, text=text)
    elif action == "confirm":  # not confirmed (审定), with the reason
        await finish(ctx, approved=False, reason=text)
    elif action == "close":  # not eligible: becomes a proposal the lead approves
        await finish(ctx, reason="not_eligible", comment=text)
    elif action == "appeal":
        await finish(ctx, decision=ctx.draft["decision"], reason=text)
    else:  # reject, reopen
        await finish(ctx, reason=text)


async def ask_note_to(ctx: Context) -> None:
    owner = await official_repo.by_id(ctx.tx, int(ctx.draft.get("owner") or 0))
    ask(ctx, "story.ask_note_to", [
        [ctx.button("story.note_to_owner", step_data("cw.note_to", "owner"),
                    name=owner.display_name if owner else "?")],
        [ctx.button("story.note_on_file", step_data("cw.note_to", "file"))]])


@router.step("cw.note_to", ask_note_to)
async def process_note_to(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("owner", "file"):
        await wrong(ctx)
        return
    await finish(ctx, text=ctx.draft["text"], to_owner=ctx.value == "owner")


async def ask_comment(ctx: Context) -> None:
    ask(ctx, "work.ask_reason_optional", [skip_row(ctx, "cw.comment")])


@router.step("cw.comment", ask_comment)
async def process_comment(ctx: Context) -> None:
    if ctx.event.kind == "button" and ctx.value == "skip":
        await finish(ctx, reason=None)
        return
    text = typed_text(ctx)
    if text is None:
        await wrong(ctx, "work.text_needed")
        return
    await finish(ctx, reason=text)


# --- chase (催办) ---------------------------------------------------------------------------

async def ask_chase(ctx: Context) -> None:
    ask(ctx, "chase.ask_comment",
        [[ctx.button("chase.send_now", step_data("cw.chase", "skip"))]])


@router.step("cw.chase", ask_chase)
async def process_chase(ctx: Context) -> None:
    """An optional word to the people chased; one tap sends the chase without one."""
    if ctx.event.kind == "button" and ctx.value == "skip":
        await finish(ctx, comment=None)
        return
    text = typed_text(ctx)
    if text is None:
        await wrong(ctx, "work.text_needed")
        return
    await finish(ctx, comment=text)


# --- a household's re-review request (申请复核) -------------------------------------------

async def ask_decide(ctx: Context) -> None:
    ask(ctx, "review.ask_decision", [
        [ctx.button("review.btn_uphold", step_data("cw.decide", "uphold"))],
        [ctx.button("review.btn_reopen", step_data("cw.decide", "reopen"))]])


@router.step("cw.decide", ask_decide)
async def process_decide(ctx: Context) -> None:
    """Keep the refusal or reopen the case; either way with a reason the household reads."""
    if ctx.event.kind != "button" or ctx.value not in ("uphold", "reopen"):
        await wrong(ctx)
        return
    ctx.draft["decision"] = ctx.value
    ctx.go("cw.reason")
    await ask_reason(ctx)


# --- measure ------------------------------------------------------------------------------

async def ask_kind(ctx: Context) -> None:
    items = [(ctx.t(f"measure.{m}"), m) for m in MEASURES]
    rows = [[Button(label, step_data("cw.kind", value)) for label, value in items[i:i + 2]]
            for i in range(0, len(items), 2)]
    ask(ctx, "work.ask_measure", rows)


@router.step("cw.kind", ask_kind)
async def process_kind(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in MEASURES:
        await wrong(ctx)
        return
    ctx.draft["kind"] = ctx.value
    ctx.go("cw.start")
    await ask_start(ctx)


def today(ctx: Context) -> date:
    return ctx.services.programme.local(ctx.now).date()


async def ask_start(ctx: Context) -> None:
    ask(ctx, "work.ask_start", [[ctx.button("work.today", step_data("cw.start", "today"))]])


@router.step("cw.start", ask_start)
async def process_start(ctx: Context) -> None:
    start: date | None
    if ctx.event.kind == "button" and ctx.value == "today":
        start = today(ctx)
    else:
        start = date_answer(ctx, today(ctx), "past")  # a measure mostly began already
        if start is None:
            await ctx.ask_again()
            return
    ctx.draft["start"] = start.isoformat()
    ctx.go("cw.amount")
    await ask_amount(ctx)


async def ask_amount(ctx: Context) -> None:
    ask(ctx, "work.ask_amount", [skip_row(ctx, "cw.amount")])


@router.step("cw.amount", ask_amount)
async def process_amount(ctx: Context) -> None:
    if ctx.event.kind == "button" and ctx.value == "skip":
        ctx.draft["amount"] = None
        ctx.go("cw.end")
        await ask_end(ctx)
        return
    amount = number_answer(ctx, 0, AMOUNT_MAX)
    if amount is None:
        await ctx.ask_again()
        return
    ctx.draft["amount"] = amount
    ctx.go("cw.period")
    await ask_period(ctx)


async def ask_period(ctx: Context) -> None:
    ask(ctx, "work.ask_period", [[ctx.button("work.monthly", step_data("cw.period", "monthly")),
                                  ctx.button("work.once", step_data("cw.period", "once"))]])


@router.step("cw.period", ask_period)
async def process_period(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in ("monthly", "once"):
        await wrong(ctx)
        return
    ctx.draft["period"] = ctx.value
    ctx.go("cw.end")
    await ask_end(ctx)


async def ask_end(ctx: Context) -> None:
    ask(ctx, "work.ask_end", [skip_row(ctx, "cw.end")])


@router.step("cw.end", ask_end)
async def process_end(ctx: Context) -> None:
    start = date.fromisoformat(ctx.draft["start"])
    if ctx.event.kind == "button" and ctx.value == "skip":
        end = None
    else:
        end = date_answer(ctx, max(start, today(ctx)), "future")
        if end is None:
            await ctx.ask_again()
            return
        if end < start:
            await wrong(ctx, "work.bad_date")
            return
    d = ctx.draft
    await finish(ctx, measure=Measure(kind=d["kind"], start=start, amount=d.get("amount"),
                                      period=d.get("period"), end=end))


# --- follow-up ----------------------------------------------------------------------------

async def ask_when(ctx: Context) -> None:
    ask(ctx, "work.ask_followup", [[ctx.button("work.in_days", step_data("cw.when", str(n)), days=n)
                                    for n in (7, 14, 30)]])


@router.step("cw.when", ask_when)
async def process_when(ctx: Context) -> None:
    on: date | None
    if ctx.event.kind == "button" and ctx.value in ("7", "14", "30"):
        on = today(ctx) + timedelta(days=int(ctx.value))
    else:
        on = date_answer(ctx, today(ctx), "future")  # a visit: the next such day
        if on is None:
            await ctx.ask_again()
            return
        if on <= today(ctx):
            await wrong(ctx, "work.bad_date")
            return
    await finish(ctx, on=on)


# --- transfer -----------------------------------------------------------------------------

def villages_for_transfer(ctx: Context) -> list[tuple[str, str]]:
    register = ctx.services.divisions
    return [(v.name, v.code) for v in register.villages_of(ctx.draft.get("town", ""))]


async def ask_village(ctx: Context) -> None:
    ask(ctx, "work.ask_village", paged(ctx, "cw.village", villages_for_transfer(ctx),
                                       ctx.draft.get("page", 0)))


@router.step("cw.village", ask_village)
async def process_village(ctx: Context) -> None:
    if ctx.event.kind != "button":
        await wrong(ctx)
        return
    page = page_number(ctx.value)
    if page is not None:
        ctx.draft["page"] = page
        await ask_village(ctx)
        return
    if ctx.value not in {code for _, code in villages_for_transfer(ctx)}:
        await wrong(ctx, "err.button_invalid")
        return
    ctx.draft["village"] = ctx.value
    ctx.go("cw.officer")
    await ask_officer(ctx)


async def officers_for_transfer(ctx: Context) -> list[tuple[str, str]]:
    people = await official_repo.holders(ctx.tx, role="officer",
                                         division_code=ctx.draft.get("village", ""))
    return [(p.display_name, str(p.id)) for p in people if p.user_id != ctx.event.sender.user_id]


async def ask_officer(ctx: Context) -> None:
    rows = [[Button(name, step_data("cw.officer", value))]
            for name, value in await officers_for_transfer(ctx)]
    rows.append([ctx.button("work.any_officer", step_data("cw.officer", "any"))])
    ask(ctx, "work.ask_officer", rows)


@router.step("cw.officer", ask_officer)
async def process_officer(ctx: Context) -> None:
    if ctx.event.kind != "button":
        await wrong(ctx)
        return
    if ctx.value == "any":
        await finish(ctx, to_village=ctx.draft["village"])
        return
    if ctx.value not in {value for _, value in await officers_for_transfer(ctx)}:
        await wrong(ctx, "err.button_invalid")
        return
    await finish(ctx, to_official=int(ctx.value))


# --- close --------------------------------------------------------------------------------

async def ask_close(ctx: Context) -> None:
    ask(ctx, "work.ask_close", [[ctx.button(f"closure.{r}", step_data("cw.close", r))]
                                for r in CLOSURE_REASONS])


@router.step("cw.close", ask_close)
async def process_close(ctx: Context) -> None:
    if ctx.event.kind != "button" or ctx.value not in CLOSURE_REASONS:
        await wrong(ctx)
        return
    if ctx.value == "not_eligible" and ctx.draft.get("stage") == "visited":
        ctx.go("cw.reason")  # like the proposal path: a reason, then the lead's approval
        await ask_reason(ctx)
        return
    if ctx.value != "duplicate":
        await finish(ctx, reason=ctx.value)
        return
    ctx.go("cw.duplicate")
    await ask_duplicate(ctx)


async def ask_duplicate(ctx: Context) -> None:
    ask(ctx, "work.ask_duplicate")


@router.step("cw.duplicate", ask_duplicate)
async def process_duplicate(ctx: Context) -> None:
    ref = clean_text(ctx.event.text).upper() if ctx.event.kind == "text" else ""
    if not ref or len(ref) > 40:
        await wrong(ctx, "work.bad_ref")
        return
    await finish(ctx, reason="duplicate", duplicate_of=ref)
