"""The household follows and adds to its own case: 补充情况 (text, photos, voice until Done),
"工作人员上门了吗？" (有 / 没有), and 申请复核 of a refusal with a reason in words or voice.

Buttons: "fu:<add|review>:<case id>" under /status, "vc:<yes|no>:<case id>:<visit number>"
under the visit question. Every press checks again that this chat declared the case (or is
the household that confirmed a filing made on its behalf).
"""

from __future__ import annotations

from cases import follow_up, proxy
from cases.follow_up import Said
from handlers.case_outcome import work_of
from handlers.common import clear_flow, offer_resume, show_menu
from handlers.context import Context
from handlers.keyboards import cancel_row
from handlers.router import Router, step_data
from handlers.validate import TEXT_MAX, clean_text, has_words
from storage.cases import CaseRecord

router = Router()

MAX_MEDIA = 5


async def own_case(ctx: Context, case_id: int) -> CaseRecord | None:
    """The case, if this chat declared it; otherwise the button is refused like a forged one."""
    case = await ctx.services.cases.by_id(ctx.tx, case_id)
    if case is None or not await follows(ctx, case):
        ctx.toast("err.button_invalid")
        ctx.say("err.button_invalid")
        return None
    return case


async def follows(ctx: Context, case: CaseRecord) -> bool:
    """This chat declared the case, or is the household that confirmed a filing made on its
    behalf (it follows the case like its own)."""
    if follow_up.declared_by(case, ctx.event.channel, ctx.event.chat_id):
        return True
    filing = await proxy.of_case(ctx.tx, ctx.services.cases.cipher, case.id)
    return filing is not None and filing.status == "confirmed" and (
        filing.household_channel, filing.household_chat_id) == (ctx.event.channel,
                                                               ctx.event.chat_id)


def heard(ctx: Context) -> Said | None:
    """Words, a photo or a voice note; None for a sticker or an empty message."""
    event = ctx.event
    if event.kind in ("photo", "voice") and event.media:
        return Said(clean_text(event.text)[:TEXT_MAX] or None,
                    [{"kind": event.kind, "file_id": event.media}])
    if event.kind == "text":
        text = clean_text(event.text)
        if text and has_words(text) and not text.startswith("/"):
            return Said(text[:TEXT_MAX], [])
    return None


def too_long(ctx: Context) -> bool:
    """Words past TEXT_MAX: the person is asked to shorten them, nothing is cut silently."""
    length = len(clean_text(ctx.event.text)) if ctx.event.kind == "text" else 0
    if length > TEXT_MAX:
        ctx.say("sr.err_desc_long", max=TEXT_MAX, length=length)
    return length > TEXT_MAX


@router.button("fu")
async def follow_button(ctx: Context) -> None:
    what, case_id = ctx.pressed.word("what"), ctx.pressed.number("case")
    case = await own_case(ctx, case_id)
    if case is None:
        return
    if ctx.conv.step:
        offer_resume(ctx)
        return
    if what == "add":
        if not follow_up.is_open(case):
            ctx.say("more.closed", ref=case.ref)
            return
        ctx.conv.draft = {"flow": "add", "case": case.id, "ref": case.ref, "media": []}
        ctx.go("fu.add")
        await ask_add(ctx)
        return
    if not await follow_up.review_open(ctx.tx, case, ctx.now):
        ctx.say("review.not_open", ref=case.ref)
        return
    ctx.conv.draft = {"flow": "review", "case": case.id, "ref": case.ref}
    ctx.go("fu.review")
    await ask_review(ctx)


# --- 补充情况 ------------------------------------------------------------------------------

async def ask_add(ctx: Context) -> None:
    done = "btn.done" if ctx.draft.get("text") or ctx.draft.get("media") else None
    rows = [[ctx.button(done, step_data("fu.add", "done"))]] if done else []
    ctx.say("more.ask", ref=ctx.draft.get("ref", ""), buttons=[*rows, cancel_row(ctx)])


@router.step("fu.add", ask_add)
async def process_add(ctx: Context) -> None:
    """Words, photos and voice notes in any order, until Done sends them all at once."""
    if ctx.event.kind == "button" and ctx.value == "done":
        await _send_details(ctx)
        return
    said = heard(ctx)
    if said is None or too_long(ctx):
        if said is None:
            ctx.say("more.err_kind")
        await ask_add(ctx)
        return
    media = list(ctx.draft.get("media", []))
    if said.media and len(media) >= MAX_MEDIA:
        ctx.say("sr.err_media_full", max=MAX_MEDIA)
    media += said.media if len(media) < MAX_MEDIA else []
    ctx.draft["media"] = media
    if said.text:
        kept = ctx.draft.get("text")
        ctx.draft["text"] = (f"{kept}\n{said.text}" if kept else said.text)[:TEXT_MAX]
    ctx.say("more.kept", buttons=[[ctx.button("btn.done", step_data("fu.add", "done"))]])


async def _send_details(ctx: Context) -> None:
    d = ctx.draft
    case = await ctx.services.cases.by_id(ctx.tx, int(d.get("case", 0)), lock=True)
    clear_flow(ctx)
    if case is None or not follow_up.is_open(case):
        ctx.say("more.closed", ref=d.get("ref", ""))
    elif not d.get("text") and not d.get("media"):
        ctx.say("more.nothing")
    else:
        await follow_up.add_details(ctx.tx, work_of(ctx), case,
                                    Said(d.get("text"), list(d.get("media", []))), ctx.now)
        ctx.edit_or_send(ctx.t("more.sent", ref=case.ref))
    await show_menu(ctx)


# --- 申请复核 ------------------------------------------------------------------------------

async def ask_review(ctx: Context) -> None:
    ctx.say("review.ask", ref=ctx.draft.get("ref", ""), buttons=[cancel_row(ctx)])


@router.step("fu.review", ask_review)
async def process_review(ctx: Context) -> None:
    said = heard(ctx)
    if said is None or (said.media and said.media[0]["kind"] != "voice") or too_long(ctx):
        if not (ctx.event.kind == "text" and said is not None):
            ctx.say("review.err_kind")
        await ask_review(ctx)
        return
    case = await ctx.services.cases.by_id(ctx.tx, int(ctx.draft.get("case", 0)), lock=True)
    ref = ctx.draft.get("ref", "")
    clear_flow(ctx)
    if case is None or not await follow_up.review_open(ctx.tx, case, ctx.now) \
            or not await follow_up.request_review(ctx.tx, work_of(ctx), case, said, ctx.now):
        ctx.say("review.not_open", ref=ref)
    else:
        ctx.say("review.sent", ref=ref,
                days=follow_up.REVIEW_DECIDE_WITHIN.days)
    await show_menu(ctx)


# --- 工作人员上门了吗？ ----------------------------------------------------------------------

@router.button("vc")
async def visit_check(ctx: Context) -> None:
    came = ctx.pressed.word("answer") == "yes"
    case_id, visit_number = ctx.pressed.number("case"), ctx.pressed.number("visit")
    case = await own_case(ctx, case_id)
    if case is None:
        return
    state = await follow_up.visit_check_open(ctx.tx, case, visit_number, ctx.now)
    if state != "open":
        ctx.toast(f"vc.{state}")
        ctx.edit_or_send(ctx.t(f"vc.{state}", ref=case.ref))
        return
    await follow_up.answer_visit_check(ctx.tx, work_of(ctx), case, visit_number, came, ctx.now)
    ctx.toast("vc.thanks")
    ctx.edit_or_send(ctx.t("vc.came" if came else "vc.disputed", ref=case.ref))
