"""Abandoned drafts: one reminder (Continue / Delete) after 24 h untouched, never in quiet
hours; discarded after 7 days with nothing of it kept, its stored replies included."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from scheduler.jobs import TimedWork
from storage import conversations as conv_repo
from storage.tables import conversations, inbox, processed_updates
from tests.flows.intake_helpers import outbox_messages
from tests.support.flow_chat import FlowChat

RESIDENT = 901


def said(replies) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in replies)


async def half_a_declaration(app: App) -> FlowChat:
    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    await chat.press("同意")
    await chat.press("申报本户困难")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("王秀英")  # then the person puts the phone down
    return chat


async def reminders(app: App) -> list[str]:
    return [m.text for m in await outbox_messages(app)
            if m.chat_id == RESIDENT and m.key == "draft.reminder"]


async def tick(app: App) -> None:
    await TimedWork(app.background()).tick()


async def test_one_reminder_after_a_day_then_continue_asks_the_open_question(
        app: App, clock: MovableClock) -> None:
    chat = await half_a_declaration(app)
    clock.advance(timedelta(hours=23))
    await tick(app)
    assert await reminders(app) == []
    clock.advance(timedelta(hours=1, minutes=1))
    await tick(app)
    [reminder] = await reminders(app)
    assert "没填完" in reminder and "困难申报" in reminder and "7 天" in reminder
    assert "dd:continue" in reminder and "dd:discard" in reminder
    clock.advance(timedelta(hours=5))
    await tick(app)
    assert len(await reminders(app)) == 1  # once

    replies = await chat.press_data("dd:continue")
    assert "第 4 步" in said(replies)  # the phone question, where the person left off
    await chat.send("13800138000")
    assert "几口人" in chat.history[-1].text


async def test_no_reminder_in_quiet_hours(app: App, clock: MovableClock) -> None:
    clock.advance(timedelta(hours=13))  # 23:00 in Asia/Shanghai
    await half_a_declaration(app)
    clock.advance(timedelta(hours=24, minutes=5))  # 23:05 the next evening: quiet
    await tick(app)
    assert await reminders(app) == []
    clock.advance(timedelta(hours=8))  # 07:05: the morning
    await tick(app)
    assert len(await reminders(app)) == 1


async def test_after_seven_days_the_draft_is_gone_with_its_stored_replies(
        app: App, clock: MovableClock) -> None:
    chat = await half_a_declaration(app)
    clock.advance(timedelta(days=1, minutes=1))
    await tick(app)
    clock.advance(timedelta(days=6, minutes=-5))  # 6 days 23:56 since the last answer
    await tick(app)
    cipher = app.services.cases.cipher
    async with app.db.begin() as tx:
        conv = await conv_repo.load(tx, "telegram", str(RESIDENT), cipher)
        stored = [conv_repo.unseal(cipher, r.replies) for r in
                  (await tx.execute(select(processed_updates.c.replies))).all()]
    assert conv is not None and conv.step is not None  # not yet: 7 days from the last answer
    clock.advance(timedelta(minutes=10))
    await tick(app)
    async with app.db.begin() as tx:
        conv = await conv_repo.load(tx, "telegram", str(RESIDENT), cipher)
        stored = [conv_repo.unseal(cipher, r.replies) for r in
                  (await tx.execute(select(processed_updates.c.replies))).all()]
        received = (await tx.execute(select(inbox))).all()
        raw = (await tx.execute(select(conversations.c.draft))).scalar()
    assert conv is not None and conv.step is None and conv.draft == {} and raw == {}
    assert conv.consent_at is not None and conv.lang == "zh"  # the person's settings stay
    assert all(r == [] for r in stored)  # "王秀英" echoed in a summary or prompt: gone too
    assert received == []
    replies = await chat.press_data("dd:continue")  # the old reminder's button
    assert "已经没有了" in said(replies)


async def test_an_answer_after_the_reminder_starts_the_wait_again(
        app: App, clock: MovableClock) -> None:
    chat = await half_a_declaration(app)
    clock.advance(timedelta(days=1, minutes=1))
    await tick(app)
    clock.advance(timedelta(days=2))
    await chat.send("13800138000")  # back, and gone again
    clock.advance(timedelta(days=5))
    await tick(app)
    assert len(await reminders(app)) == 2  # a new reminder for the draft left anew
    async with app.db.begin() as tx:
        conv = await conv_repo.load(tx, "telegram", str(RESIDENT), app.services.cases.cipher)
    assert conv is not None and conv.draft.get("phone") == "13800138000"  # kept: 5 days only


async def test_delete_from_the_reminder_drops_it_at_once(app: App, clock: MovableClock) -> None:
    chat = await half_a_declaration(app)
    clock.advance(timedelta(days=1, minutes=1))
    await tick(app)
    replies = await chat.press_data("dd:discard")
    assert "已删除" in said(replies)
    async with app.db.begin() as tx:
        conv = await conv_repo.load(tx, "telegram", str(RESIDENT), app.services.cases.cipher)
    assert conv is not None and conv.step is None and conv.draft == {}
    replies = await chat.send("/report")  # a fresh start, nothing carried over
    assert "第 1 步" in said(replies)
