"""A question to the village: text (or a voice note) at the menu that is no command is
offered as a question ("把这句话发给村里的工作人员？"), goes to the village's officer with
Reply / Open a case buttons, and the answer comes back to the resident (cases/questions.py).

This router's fallback takes over the common one for people who have agreed to the consent
note and are not officials; everything else still gets the common fallback.
"""

from __future__ import annotations

from typing import Any

from cases import questions as domain
from chat.live import LiveRender
from chat.replies import Button, Text, Voice
from handlers import common
from handlers.common import clear_flow, is_official, show_menu
from handlers.context import Context
from handlers.intake_desk import desk_of
from handlers.keyboards import cancel_row
from handlers.menu import start_choice
from handlers.menu_words import typed_choice
from handlers.phone_step import ask_phone as ask_phone_step
from handlers.phone_step import take_phone
from handlers.report_steps import PlaceSteps
from handlers.router import Router, step_data
from handlers.services import Services
from handlers.validate import TEXT_MAX, clean_text, has_words
from storage import officials as official_repo
from storage import questions as question_repo
from storage.db import Tx
from storage.questions import NewQuestion

router = Router()

NS = "qa"  # "qa:<answer|case>:<question id>" on the question an official receives
CAPTION_WORDS = 800  # a voice note's caption holds 1024 characters, the header included
QUOTE = 100  # the question, recalled above its answer


def said(ctx: Context) -> tuple[str | None, list[dict[str, str]]] | None:
    """Words or a voice note worth passing on; None for stickers, emoji, empty text."""
    event = ctx.event
    if event.kind == "voice" and event.media:
        return (clean_text(event.text)[:TEXT_MAX] or None), [{"kind": "voice",
                                                               "file_id": event.media}]
    if event.kind == "text":
        text = clean_text(event.text)
        if text and has_words(text) and not text.startswith("/"):
            return text[:TEXT_MAX], []
    return None


async def fallback(ctx: Context) -> None:
    """Outside any flow: a menu word typed is that menu choice; a resident's sentence or voice
    note is offered as a question."""
    choice = typed_choice(ctx)
    if choice is not None and not await is_official(ctx):
        await start_choice(ctx, choice)
        return
    heard = said(ctx)
    if heard is None or ctx.conv.consent_at is None or await is_official(ctx):
        await common.fallback(ctx)
        return
    if too_long(ctx):
        return
    text, media = heard
    ctx.conv.draft = {"flow": "question", "text": text, "media": media}
    ctx.go("qa.confirm")
    await ask_confirm(ctx)


router.fallback = fallback


def too_long(ctx: Context) -> bool:
    """Words past TEXT_MAX are not cut short without telling: the person is asked to shorten."""
    length = len(clean_text(ctx.event.text)) if ctx.event.kind == "text" else 0
    if length <= TEXT_MAX:
        return False
    ctx.say("qa.too_long", max=TEXT_MAX, length=length)
    return True


def quoted(ctx: Context) -> str:
    text = ctx.draft.get("text")
    return text if text else ctx.t("qa.voice_note")


async def ask_confirm(ctx: Context) -> None:
    ctx.say("qa.offer", question=quoted(ctx), buttons=[
        [ctx.button("qa.btn_send", step_data("qa.confirm", "send"))],
        [ctx.button("qa.btn_send_phone", step_data("qa.confirm", "phone"))],
        [ctx.button("qa.btn_no", step_data("qa.confirm", "no"))]])


@router.step("qa.confirm", ask_confirm)
async def process_confirm(ctx: Context) -> None:
    heard = said(ctx)
    if ctx.event.kind != "button":
        if too_long(ctx):
            await ask_confirm(ctx)
            return
        if heard is not None:  # said it again, differently: that is the question now
            ctx.draft["text"], ctx.draft["media"] = heard
        else:
            ctx.say("err.use_buttons")
        await ask_confirm(ctx)
        return
    if ctx.value == "no":
        clear_flow(ctx)
        ctx.edit_or_send(ctx.t("qa.dropped"))
        await show_menu(ctx)
        return
    if ctx.value not in ("send", "phone"):
        ctx.say("err.button_invalid")
        await ask_confirm(ctx)
        return
    ctx.edit_or_send(ctx.t("qa.offer", question=quoted(ctx)))
    if not await _within_limit(ctx):
        return
    if ctx.value == "phone":
        ctx.go("qa.phone")
        await ask_phone(ctx)
        return
    await _where(ctx)


async def _within_limit(ctx: Context) -> bool:
    s = ctx.services
    left = await domain.left_today(ctx.tx, s.cases.cipher, s.programme, ctx.event.channel,
                                   ctx.event.sender.user_id, ctx.now)
    if left > 0:
        return True
    clear_flow(ctx)
    ctx.say("qa.limit", n=domain.PER_DAY)
    await show_menu(ctx)
    return False


async def ask_phone(ctx: Context) -> None:
    ask_phone_step(ctx, "qa.ask_phone")


@router.step("qa.phone", ask_phone)
async def process_phone(ctx: Context) -> None:
    phone = await take_phone(ctx, ask_phone, saved="qa.phone_saved")
    if phone is None:
        return
    ctx.draft["phone"] = phone
    await _where(ctx)


async def _where(ctx: Context) -> None:
    """The village of the person's newest case; without one, they choose it."""
    records = await ctx.services.cases.for_reporter(ctx.tx, ctx.event.channel, ctx.event.chat_id)
    if records:
        ctx.draft["village"] = records[0].village_code
        await send(ctx)
        return
    ctx.go("qa.town")
    await places.ask_town(ctx)


async def send(ctx: Context) -> None:
    d, s = ctx.draft, ctx.services
    village = s.divisions.get(d.get("village", ""))
    town = s.divisions.town_of(d.get("village", ""))
    if village is None or town is None:
        await places.restart(ctx)
        return
    event = ctx.event
    asked = await domain.ask(ctx.tx, s.cases.cipher, s.divisions, s.programme, NewQuestion(
        asked_at=ctx.now, channel=event.channel, chat_id=event.chat_id, lang=ctx.lang,
        asker_hash=domain.asker_hash(s.cases.cipher, event.channel, event.sender.user_id),
        village_code=village.code, town_code=town.code,
        name=(event.sender.first_name or "")[:128] or None, text=d.get("text"),
        media=list(d.get("media", [])), phone=d.get("phone")), event.sender.user_id, ctx.now)
    clear_flow(ctx)
    if asked.nobody:
        ctx.say("qa.nobody", village=village.name)
    elif asked.question_id is None:
        ctx.say("qa.limit", n=domain.PER_DAY)
    else:
        ctx.say("qa.sent", village=village.name)
    await show_menu(ctx)


places = PlaceSteps("qa", send)
places.register(router)


# --- the official's side ------------------------------------------------------------------

@router.button(NS)
async def question_button(ctx: Context) -> None:
    """Reply to a question, or open a case from it (rights checked again here)."""
    what, question_id = ctx.pressed.word("what"), ctx.pressed.number("question")
    official = await official_repo.by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    question = await question_repo.get(ctx.tx, ctx.services.cases.cipher, question_id)
    if official is None or question is None or not domain.may_answer(official, question):
        ctx.toast("err.button_invalid")
        ctx.say("err.button_invalid")
        return
    if ctx.conv.step:
        common.offer_resume(ctx)
        return
    if what == "case":
        if question.case_id is not None:
            case = await ctx.services.cases.by_id(ctx.tx, question.case_id)
            ctx.say("qa.case_exists", ref=case.ref if case else "?")
            return
        opened = await domain.open_case(ctx.tx, desk_of(ctx.services), official, question,
                                        ctx.now)
        ctx.toast("qa.case_opened", ref=opened.ref if opened else "?")
        ctx.say("qa.case_opened", ref=opened.ref if opened else "?")
        return
    if question.answered_at is not None:
        ctx.say("qa.answered_already")
        return
    ctx.conv.draft = {"flow": "qa_answer", "question": question.id}
    ctx.go("qa.answer")
    await ask_answer(ctx)


async def ask_answer(ctx: Context) -> None:
    ctx.say("qa.ask_answer", buttons=[cancel_row(ctx)])


@router.step("qa.answer", ask_answer)
async def process_answer(ctx: Context) -> None:
    heard = said(ctx)
    if heard is None:
        ctx.say("qa.err_answer")
        await ask_answer(ctx)
        return
    text, media = heard
    official = await official_repo.by_user(ctx.tx, ctx.event.channel, ctx.event.sender.user_id)
    question = await question_repo.get(ctx.tx, ctx.services.cases.cipher,
                                       int(ctx.draft.get("question", 0)))
    clear_flow(ctx)
    if official is None or question is None or not domain.may_answer(official, question):
        ctx.say("err.button_invalid")
        return
    if not await domain.answer(ctx.tx, ctx.services.cases.cipher, official, question,
                               text=text, media=media, now=ctx.now):
        ctx.say("qa.answered_already")
        return
    ctx.say("qa.answer_sent")


# --- live messages: drawn from the question when the outbox sends them --------------------

def live_question(services: Services) -> LiveRender:
    """The question as an official sees it, with Reply / Open a case; no phone unless shared."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Text | Voice | None:
        viewer = await official_repo.by_chat(tx, channel, chat_id)
        question = await question_repo.get(tx, services.cases.cipher,
                                           int(params.get("question_id", 0)))
        if viewer is None or question is None or not domain.may_answer(viewer, question):
            return None
        t = services.catalogue.text
        village = services.divisions.get(question.village_code)
        voice = next((m["file_id"] for m in question.media if m.get("kind") == "voice"), None)
        words = question.text or t("qa.voice_note", lang)
        lines = [t("qa.to_official", lang, village=village.name if village else "?",
                   name=question.name or "?",
                   question=words[:CAPTION_WORDS] if voice else words)]
        lines.append(t("qa.phone_line", lang, phone=question.phone) if question.phone
                     else t("qa.no_phone", lang))
        buttons = [[Button(t("qa.btn_reply", lang), f"{NS}:answer:{question.id}"),
                    Button(t("qa.btn_case", lang), f"{NS}:case:{question.id}")]]
        text = "\n".join(lines)
        return Voice(text, voice, buttons) if voice else Text(text, buttons)

    return render


def live_answer(services: Services) -> LiveRender:
    """The answer as the resident receives it: the official's name, the words or voice."""

    async def render(tx: Tx, channel: str, chat_id: str, params: dict[str, Any], lang: str
                     ) -> Text | Voice | None:
        question = await question_repo.get(tx, services.cases.cipher,
                                           int(params.get("question_id", 0)))
        if question is None or question.answered_by is None:
            return None
        official = await official_repo.by_id(tx, question.answered_by)
        t = services.catalogue.text
        asked = question.text or t("qa.voice_note", lang)
        voice = next((m["file_id"] for m in question.answer_media if m.get("kind") == "voice"),
                     None)
        answer = question.answer or t("qa.voice_note", lang)
        text = t("qa.answer_to_resident", lang, name=official.display_name if official else "?",
                 question=asked[:QUOTE] + ("…" if len(asked) > QUOTE else ""),
                 answer=answer[:CAPTION_WORDS] if voice else answer)
        return Voice(text, voice) if voice else Text(text)

    return render
