"""Replies to a person's own action are owed until delivered: a 429, a 5xx, a network error or
a crash before the send is made good by the dispatcher, in order within the chat."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from chat.transport import SendFailure
from scheduler.replies import LEASE, ReplySender
from storage.tables import processed_updates
from tests.scheduler.helpers import RecordingTransport
from tests.support.flow_chat import FlowChat

RESIDENT = 7301


def sender_for(app: App, transport: RecordingTransport) -> ReplySender:
    return ReplySender(engine=app.db, transports={"telegram": transport}, clock=app.services.clock,
                       cipher=app.services.cases.cipher)


async def owed_rows(app: App) -> list[tuple[str, int, bool]]:
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(processed_updates.c.update_key, processed_updates.c.delivered,
                                        processed_updates.c.owed)
                                 .order_by(processed_updates.c.created_at))).all()
    return [(r.update_key, r.delivered, r.owed) for r in rows]


async def step(chat: FlowChat, sender: ReplySender, text: str) -> None:
    """A person's message, handled and answered at once, as the pump does."""
    replies = await chat.send(text)
    event = chat.last_event
    await sender.send_now(event.channel, event.chat_id, event.update_key, replies)
    await sender.flush()


async def test_a_429_mid_answer_is_resent_by_the_dispatcher_in_order(
        app: App, clock: MovableClock) -> None:
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    await step(chat, sender, "/help")
    answered = len(transport.texts(RESIDENT))
    assert answered >= 2  # the help text and the line asking for consent

    transport.fail(SendFailure("retry_after", "flood", 3), chat_id=RESIDENT)
    await step(chat, sender, "/help")  # its first message hits the 429
    await step(chat, sender, "/lang")  # must not overtake the /help answer
    assert len(transport.texts(RESIDENT)) == answered  # nothing new went out
    assert [owed for _, _, owed in await owed_rows(app)][-2:] == [True, True]

    assert await sender.sweep() == 0  # Telegram said 3 s: not yet
    clock.advance(timedelta(seconds=3))
    assert await sender.sweep() == 1  # /help's answer, whole
    assert await sender.sweep() == 1  # then /lang's
    texts = transport.texts(RESIDENT)[answered:]
    t = app.services.catalogue.text
    assert texts[0] == t("help.text", "zh")  # the whole /help answer first, once
    assert texts[-1] == t("lang.choose", "zh") and texts.count(t("help.text", "zh")) == 1
    assert all(not owed for _, _, owed in await owed_rows(app))
    assert not sender.owed_chats


async def test_replies_committed_but_never_sent_go_out_after_the_lease(
        app: App, clock: MovableClock) -> None:
    """The process died between the commit and the send: the dispatcher sends them, once."""
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/help")  # handled and committed; the process "dies" before sending
    assert transport.calls == []
    assert await sender.sweep() == 0  # the handling process may still be sending
    clock.advance(LEASE)
    assert await sender.sweep() == 1
    sent = transport.texts(RESIDENT)
    assert len(sent) >= 2 and await sender.sweep() == 0  # and not again
    assert len(transport.texts(RESIDENT)) == len(sent)


async def test_network_errors_back_off_and_a_refused_message_is_skipped(
        app: App, clock: MovableClock) -> None:
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    transport.fail(SendFailure("network", "reset"), chat_id=RESIDENT, times=2)
    await step(chat, sender, "/help")
    assert transport.calls == []
    clock.advance(timedelta(seconds=1))
    assert await sender.sweep() == 0  # the second failure: backoff grows
    clock.advance(timedelta(seconds=2))
    assert await sender.sweep() == 1
    greeting = len(transport.texts(RESIDENT))
    assert greeting >= 2

    transport.fail(SendFailure("bad_request", "can't parse entities"), chat_id=RESIDENT)
    await step(chat, sender, "/help")
    assert [owed for _, _, owed in await owed_rows(app)][-1] is False  # nothing owed: skipped


async def test_a_blocked_chat_owes_nothing_more(app: App, clock: MovableClock) -> None:
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    transport.fail(SendFailure("blocked", "bot was blocked by the user"), chat_id=RESIDENT)
    await step(chat, sender, "/start")
    assert [owed for _, _, owed in await owed_rows(app)] == [False]
    clock.advance(LEASE * 2)
    assert await sender.sweep() == 0 and transport.calls == []


async def test_a_lost_answer_then_a_429_sends_each_message_once_more_at_most(
        app: App, clock: MovableClock) -> None:
    """The second message's answer is lost, the retry of the third meets a 429: the sweep goes
    on from where it got, never back to a message already delivered."""
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    replies = await chat.send("/help")  # the help text and the consent line: two messages
    event = chat.last_event
    transport.fail(SendFailure("network", "answer lost"), chat_id=RESIDENT)
    await sender.send_now(event.channel, event.chat_id, event.update_key, replies)
    await sender.flush()
    assert transport.calls == []
    clock.advance(timedelta(seconds=1))
    transport.fail(SendFailure("retry_after", "flood", 1), chat_id=RESIDENT, times=1)
    assert await sender.sweep() == 0
    first = list(transport.texts(RESIDENT))
    clock.advance(timedelta(seconds=2))
    assert await sender.sweep() == 1
    sent = transport.texts(RESIDENT)
    assert len(sent) == 2 and len(set(sent)) == 2, sent  # each message once
    assert first == []


async def test_a_late_mark_never_moves_delivery_back(app: App, clock: MovableClock) -> None:
    from storage import owed_replies as repo
    from storage.owed_replies import DeliveryMark

    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    key = chat.last_event.update_key
    assert key is not None
    async with app.db.begin() as tx:
        await repo.mark(tx, [DeliveryMark("telegram", str(RESIDENT), key, 2, False, clock.now())])
    async with app.db.begin() as tx:  # an older mark, written late
        await repo.mark(tx, [DeliveryMark("telegram", str(RESIDENT), key, 1, False, clock.now())])
    assert [(d, owed) for _, d, owed in await owed_rows(app)] == [(2, True)]
    async with app.db.begin() as tx:
        await repo.mark(tx, [DeliveryMark("telegram", str(RESIDENT), key, 2, True)])
        await repo.mark(tx, [DeliveryMark("telegram", str(RESIDENT), key, 0, False, clock.now())])
    assert [(d, owed) for _, d, owed in await owed_rows(app)] == [(2, False)]


async def test_after_a_429_on_the_second_message_the_first_is_not_sent_again(
        app: App, clock: MovableClock) -> None:
    """The first message went out, the second met a 429: the dispatcher sends the second only."""
    transport = RecordingTransport(clock)
    sender = sender_for(app, transport)
    chat = FlowChat(app.core, user_id=RESIDENT)
    replies = await chat.send("/help")  # the help text, then the consent line
    event = chat.last_event
    greeting, note = [r.text for r in replies if r.kind == "text"][:2]

    real_deliver = transport.deliver
    calls = {"n": 0}

    async def second_meets_429(chat_id: str, reply: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise SendFailure("retry_after", "flood", 1)
        return await real_deliver(chat_id, reply)

    transport.deliver = second_meets_429  # type: ignore[method-assign]
    await sender.send_now(event.channel, event.chat_id, event.update_key, replies)
    await sender.flush()
    clock.advance(timedelta(seconds=1))
    assert await sender.sweep() == 1
    assert transport.texts(RESIDENT) == [greeting, note]  # each once, in order
