"""Every card an official holds follows the case (issue 13): cards the outbox sent and cards
shown as a reply to /case are edited when someone else accepts; an edit that would change
nothing is not sent (Telegram would answer "message is not modified"); a channel that cannot
edit gets a short new message with the buttons valid now, not the whole card again."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from bot.app import App
from cases import casework
from cases.clock import MovableClock
from cases.routing import refresh_cards
from chat.replies import Edit, Text
from chat.transport import Capabilities
from scheduler.replies import ReplySender
from storage import officials as official_repo
from storage.tables import outbox as outbox_table
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import official
from tests.scheduler.helpers import RecordingTransport, dispatcher
from tests.support.casework import act_as, report_case
from tests.support.flow_chat import FlowChat

OFFICER, OTHER, LEAD = 7101, 7102, 7201


@dataclass
class NoEditTransport(RecordingTransport):
    """A channel that cannot edit a sent message (an SMS gateway, a plain web hook)."""

    capabilities = Capabilities(can_edit=False)


async def officials(app: App) -> dict[int, tuple[FlowChat, int]]:
    """The three officials' chats and ids."""
    chats = {OFFICER: await official(app, OFFICER, "officer", HANCHANGBA, "张村干"),
             OTHER: await official(app, OTHER, "officer", HANCHANGBA, "王远明"),
             LEAD: await official(app, LEAD, "town_lead", MULIANG, "陈镇长")}
    async with app.db.begin() as tx:
        out = {}
        for user, chat in chats.items():
            person = await official_repo.by_user(tx, "telegram", str(user))
            assert person is not None
            out[user] = (chat, person.id)
        return out


async def sent_cards(app: App, chat_id: int) -> list[Any]:
    """The card rows that sent a message to a chat: id, message id, what it shows."""
    async with app.db.begin() as tx:
        return list((await tx.execute(
            select(outbox_table.c.id, outbox_table.c.sent_message_id, outbox_table.c.shown_digest)
            .where(outbox_table.c.chat_id == str(chat_id), outbox_table.c.key == "case.card",
                   outbox_table.c.edit_of.is_(None)).order_by(outbox_table.c.id))).all())


def buttons(reply: Text | Edit) -> str:
    return " ".join(b.data for row in reply.buttons for b in row)


async def test_a_leads_cards_follow_an_officers_accept_and_no_op_edits_stay_home(
        app: App, clock: MovableClock) -> None:
    people = await officials(app)
    transport = RecordingTransport(clock)
    outbox = dispatcher(app, transport, live=app.live_messages())
    case = await report_case(app, village=HANCHANGBA, town=MULIANG, urgent=True)  # lead too
    await outbox.run_once()
    [lead_card] = [c.reply for c in transport.calls if c.chat_id == LEAD]
    assert "c:accept" in buttons(lead_card)

    # The lead also opens the case by /case: that card, a reply, is remembered once sent.
    sender = ReplySender(engine=app.db, transports={"telegram": transport}, clock=clock,
                         cipher=app.services.cases.cipher)
    lead = people[LEAD][0]
    replies = await lead.send(f"/case {case.ref}")
    event = lead.last_event
    await sender.send_now(event.channel, event.chat_id, event.update_key, replies)
    routed, shown = await sent_cards(app, LEAD)
    assert shown.sent_message_id == transport.next_id  # the reply card, remembered
    assert routed.shown_digest is not None and shown.shown_digest is not None

    # Nothing changed: a refresh draws the same cards, and nothing is sent.
    before = len(transport.calls)
    async with app.db.begin() as tx:
        fresh = await app.services.cases.by_id(tx, case.id)
        assert fresh is not None
        await refresh_cards(tx, fresh, clock.now(), app.services.cases.cipher)
    await outbox.run_once()
    assert len(transport.calls) == before

    # The officer accepts: both of the lead's cards say so, without the accept button.
    await act_as(app, people[OFFICER][1], case.id, "accept")
    while await outbox.run_once():  # one message per chat a round
        pass
    edits = [c.reply for c in transport.calls[before:] if c.chat_id == LEAD]
    assert {e.message_id for e in edits if isinstance(e, Edit)} == {
        routed.sent_message_id, shown.sent_message_id}, edits
    for edit in edits:
        assert "已被 张村干 受理" in edit.text and "c:accept" not in buttons(edit)
        assert "c:note" in buttons(edit)  # what the lead may still do stays


async def test_a_channel_that_cannot_edit_gets_a_short_message(app: App,
                                                               clock: MovableClock) -> None:
    people = await officials(app)
    transport = NoEditTransport(clock)
    outbox = dispatcher(app, transport, live=app.live_messages())
    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    await outbox.run_once()
    first = [c.reply for c in transport.calls if c.chat_id == OTHER]
    assert len(first) == 1 and "c:accept" in buttons(first[0])

    await act_as(app, people[OFFICER][1], case.id, "accept")
    await outbox.run_once()
    [moved] = [c.reply for c in transport.calls if c.chat_id == OTHER][1:]
    assert isinstance(moved, Text)  # a new message, since this channel cannot edit
    assert moved.text.startswith(f"🔄 案件 {case.ref} 有了新进展：已受理，待走访，已被 张村干 受理")
    assert len(moved.text) < 120  # a line, not the card again
    assert "c:accept" not in buttons(moved) and "c:note" in buttons(moved)


async def test_the_card_an_answer_rewrites_is_not_skipped_later(app: App,
                                                               clock: MovableClock) -> None:
    """The officer's own card is rewritten by the answer to their press ("您已受理…"): what
    it showed is forgotten, so the next change edits it even if the card looks as before."""
    people = await officials(app)
    outbox = dispatcher(app, RecordingTransport(clock), live=app.live_messages())
    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    await outbox.run_once()
    [card] = await sent_cards(app, OFFICER)
    assert card.shown_digest is not None
    async with app.db.begin() as tx:
        me = await official_repo.by_id(tx, people[OFFICER][1])
        assert me is not None
        work = casework.Work(store=app.services.cases, programme=app.services.programme,
                             register=app.services.divisions)
        await casework.perform(tx, work, me, case.id, None, "accept", clock.now(),
                               replacing=("telegram", str(OFFICER), card.sent_message_id))
    [card] = await sent_cards(app, OFFICER)
    assert card.shown_digest is None
