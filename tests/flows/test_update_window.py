"""Processed updates are keyed by chat and remembered for a window: a reused update id (Telegram
may restart its numbering after a quiet week) never replays another chat's answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.app import App
from cases.clock import MovableClock
from chat.events import Event, Sender
from chat.replies import Reply
from scheduler.pruning import Windows, prune
from storage import inbox as inbox_repo
from storage import owed_replies as owed_repo
from storage.inbox import Received
from storage.outbox import OutboxMessage, enqueue
from storage.owed_replies import DeliveryMark
from storage.tables import inbox, outbox, processed_updates
from storage.tables_officials import join_attempts


async def say(app: App, chat: int, key: str, text: str, name: str = "居民") -> list[Reply]:
    command = text[1:] if text.startswith("/") else None
    event = Event("telegram", chat, Sender(chat, name, None, "zh"), "command" if command else "text",
                  update_key=key, text=text, command=command)
    return await app.core.handle(event)


def words(replies: list[Reply]) -> str:
    return "\n".join(r.text for r in replies)


async def test_another_chats_update_with_the_same_id_is_its_own(app: App, clock: MovableClock) -> None:
    first = await say(app, 7401, "42", "/help", name="王秀英")
    other = await say(app, 7402, "42", "/start", name="李四")
    assert "李四" in words(other) and words(other) != words(first)  # ... B hears its own answer
    again = await say(app, 7401, "42", "/start")  # a redelivery of A's update: replayed
    assert words(again) == words(first)


async def test_after_the_window_a_reused_id_is_new_even_before_pruning(
        app: App, clock: MovableClock) -> None:
    await say(app, 7403, "77", "/start", name="张三")
    clock.advance(app.services.update_window + timedelta(hours=1))
    later = await say(app, 7403, "77", "/help")  # the bot was down: nothing pruned yet
    assert words(later).startswith(app.services.catalogue.text("help.text", "zh"))
    async with app.db.begin() as tx:  # the stale row was replaced, not kept beside
        assert (await tx.execute(select(func.count()).select_from(processed_updates))).scalar() == 1


async def test_the_pruning_job_forgets_each_table_after_its_window(app: App, clock: MovableClock) -> None:
    now = clock.now()
    await say(app, 7404, "1", "/start")
    async with app.db.begin() as tx:
        await inbox_repo.record(tx, "telegram", [Received("7404", "1", {"update_id": 1})], now, now, None)
        sent = await enqueue(tx, OutboxMessage("telegram", 7404, "due.nobody"), now)
        await tx.execute(outbox.update().where(outbox.c.id == sent).values(status="sent"))
        await enqueue(tx, OutboxMessage("telegram", 7404, "due.nobody"), now)  # still pending
        await tx.execute(join_attempts.insert().values(channel="telegram", user_id=7404, at=now,
                                                       ok=False, reason="unknown"))
    windows = Windows()
    assert set((await prune(app.db, now + timedelta(days=1), windows)).values()) == {0}
    done = await prune(app.db, now + timedelta(days=31), windows)
    assert done == {"processed_updates": 1, "inbox": 1, "outbox": 1, "join_attempts": 1, "audit": 0,
                    "questions": 0}
    async with app.db.begin() as tx:
        left = (await tx.execute(select(outbox.c.status))).scalars().all()
        assert left == ["pending"]  # a message not yet sent is never pruned
        assert (await tx.execute(select(func.count()).select_from(inbox))).scalar() == 0


async def test_a_discarded_draft_takes_its_stored_answers_with_it(app: App) -> None:
    await say(app, 7405, "1", "/start")
    async with app.db.begin() as tx:
        from storage.conversations import Conversation, save

        await save(tx, Conversation("telegram", 7405, 7405, "zh", clock_now := app.services.clock.now(),
                                    "sr.name", {"flow": "self", "name": "赵大"}), clock_now,
                   app.services.cases.cipher)
    await say(app, 7405, "2", "赵大山")
    async with app.db.begin() as tx:  # delivered (owed answers are kept until they are)
        await owed_repo.mark(tx, [DeliveryMark("telegram", 7405, k, 1, True) for k in ("1", "2")])
    await say(app, 7405, "3", "/cancel")
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(processed_updates.c.update_key, processed_updates.c.replies)
                                 .order_by(processed_updates.c.update_key))).all()
    assert [r.replies for r in rows[:2]] == [[], []]  # what the draft said is gone
    assert rows[2].replies  # the answer to /cancel itself stays, for a redelivery
