"""The official's record of a home visit on a case card: the checklist (tick what is at
risk) → income per person, or skip → notes and photos in any order, until Done.
"""

from __future__ import annotations

from cases.casework import Visit
from cases.vocab import VISIT_CHECKS
from chat.replies import Edit
from handlers.case_actions import ask, finish, skip_row, typed_text, wrong
from handlers.context import Context
from handlers.router import Router, step_data
from handlers.spoken_answers import number_answer
from handlers.validate import INCOME_MAX, TEXT_MAX, clean_text

router = Router()


MAX_PHOTOS = 10


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
