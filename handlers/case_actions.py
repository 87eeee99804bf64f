"""Short flows for case actions that need input — buttons first, typing only where a few words
or a number are the answer. The draft keeps the case id and the version the official saw, so
the action still refuses if the case changed meanwhile. This module starts every such flow
and ends it (`begin`, `finish`) and holds the short ones; the longer ones have their own:

propose: category (→ reason when not eligible) · approve: comment or skip · reject / reopen /
note: text · followup: +7/+14/+30 or a date · close: reason (→ the other case's reference for
a duplicate) · visit: handlers/visit_actions.py · measure: handlers/measure_actions.py ·
transfer: handlers/transfer_actions.py · chase: handlers/chase_actions.py · appeal (a
household's re-review request): handlers/appeal_actions.py · the programme's own steps:
handlers/programme_actions.py
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from cases.vocab import CATEGORIES, CLOSURE_REASONS
from chat.replies import Button
from handlers import refusals
from handlers.case_outcome import run
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.router import Router, step_data
from handlers.spoken_answers import date_answer
from handlers.validate import TEXT_MAX, clean_text, has_words
from storage import officials as official_repo
from storage.cases import CaseRecord
from storage.officials import OfficialRecord

router = Router()

FIRST_STEP = {
    "visit": "cw.checks", "propose": "cw.category", "approve": "cw.comment",
    "reject": "cw.reason", "reopen": "cw.reason", "note": "cw.reason", "measure": "cw.kind",
    "followup": "cw.when", "transfer": "cw.village", "close": "cw.close", "chase": "cw.chase",
    # The programme's own steps (handlers/programme_actions.py).
    "review": "cw.held", "object": "cw.reason", "confirm": "cw.confirm",
    "appeal": "cw.decide",  # handlers/appeal_actions.py
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


def today(ctx: Context) -> date:
    return ctx.services.programme.local(ctx.now).date()


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
