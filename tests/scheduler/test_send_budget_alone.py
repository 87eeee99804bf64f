"""The send budget of one process (SQLite, or a single worker): replies to people's own actions
use up the overall rate the outbox then leaves to them, and 429s in several chats at once
pause every chat."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from cases.clock import MovableClock
from chat.transport import SendFailure
from scheduler.limiter import SendLimits
from scheduler.replies import ReplySender
from scheduler.send_budget import SendBudget
from tests.scheduler.helpers import RecordingTransport, dispatcher, queue
from tests.support.flow_chat import FlowChat


def _sender(app: App, transport: RecordingTransport, budget: SendBudget) -> ReplySender:
    return ReplySender(engine=app.db, transports={"telegram": transport},
                       clock=app.services.clock, cipher=app.services.cases.cipher, budget=budget)


async def _help(app: App, sender: ReplySender, person: int) -> None:
    """A person asks for /help: handled, then answered at once, as the pump does."""
    chat = FlowChat(app.core, user_id=person)
    replies = await chat.send("/help")
    event = chat.last_event
    await sender.send_now(event.channel, event.chat_id, event.update_key, replies)
    await sender.flush()


async def test_replies_go_out_at_once_and_the_outbox_leaves_them_room(app: App,
                                                                      clock: MovableClock
                                                                      ) -> None:
    transport = RecordingTransport(clock)
    budget = SendBudget(SendLimits(1.0, 20, 6), clock)
    sender = _sender(app, transport, budget)
    for chat in range(601, 611):
        await queue(app, chat)
    await _help(app, sender, 7001)
    answered = len(transport.texts(7001))
    assert answered >= 2  # not held back by the rate, nor spaced in its chat
    d = dispatcher(app, transport, budget=budget, replies=sender)
    await d.run_once()
    assert len(transport.calls) == 6  # the outbox took only what the replies left of six
    clock.advance(timedelta(seconds=1))
    await d.run_once()
    assert len(transport.calls) == 12


async def test_429s_in_several_chats_at_once_pause_every_chat(app: App, clock: MovableClock
                                                              ) -> None:
    transport = RecordingTransport(clock)
    budget = SendBudget(SendLimits.unlimited(), clock)
    sender = _sender(app, transport, budget)
    for chat in (601, 602, 603):
        transport.fail(SendFailure("retry_after", "Too Many Requests", retry_after=5),
                       chat_id=chat)
    for chat in range(601, 607):
        await queue(app, chat)
    d = dispatcher(app, transport, budget=budget, replies=sender)
    await d.run_once()
    assert transport.calls == []  # the bot's limit, not the chats': nobody gets anything
    await _help(app, sender, 7001)
    assert transport.calls == []  # the person's answer waits too, owed
    clock.advance(timedelta(seconds=4))
    await d.run_once()
    assert transport.calls == []
    clock.advance(timedelta(seconds=1))
    await d.run_once()
    await d.run_once()
    assert {c.chat_id for c in transport.calls} == {601, 602, 603, 604, 605, 606, 7001}
