"""The outbox dispatcher against the fake Bot API server with the real adapters: 429 with
retry_after, 5xx, timeouts, 403, and Telegram's limits measured on the server's clock."""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from datetime import timedelta

from sqlalchemy import select

from cases.clock import MovableClock
from scheduler.dispatcher import OutboxDispatcher
from scheduler.limiter import SendLimits
from storage.outbox import OutboxMessage, enqueue
from storage.tables import conversations, outbox
from tests.support.e2e import running_bot

PARAMS = {"ref": "NC-2026-000001", "village": "黄淦村", "step": {"key": "due.step.visit"},
          "due": "2026-03-05 10:00", "left": "2"}


async def _queue(app, chat_id: int) -> int:  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return await enqueue(tx, OutboxMessage("telegram", chat_id, "due.reminder", PARAMS),
                             app.services.clock.now())


async def _status(app, row: int) -> str:  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(outbox.c.status).where(outbox.c.id == row))).scalar_one()


async def test_faults_are_retried_or_given_up_as_telegram_means_them(app, fake, framework,
                                                                     clock) -> None:
    for chat in (701, 702, 703, 704):
        fake.user(chat)
    fake.inject("sendMessage", status=429, retry_after=3, chat_id=701)
    fake.inject("sendMessage", status=500, times=2, chat_id=702)
    fake.block(703)
    fake.inject("sendMessage", status=200, delay=1.0, chat_id=704)  # answers too late
    rows = {chat: await _queue(app, chat) for chat in (701, 702, 703, 704)}
    async with running_bot(app, fake, framework, with_background=False) as bot:
        d = OutboxDispatcher(engine=app.db, transports={"telegram": bot.adapter}, clock=clock,
                             catalogue=app.services.catalogue, limits=SendLimits.unlimited(),
                             send_timeout=0.3)
        await d.run_once()
        assert await _status(app, rows[703]) == "unreachable"
        assert [await _status(app, rows[c]) for c in (701, 702, 704)] == ["pending"] * 3
        for _ in range(4):  # 1 s, 2 s backoff for the 500s; 3 s for the 429
            clock.advance(timedelta(seconds=3))
            await d.run_once()
    assert [await _status(app, rows[c]) for c in (701, 702)] == ["sent", "sent"]
    assert len(fake.user(701).messages) == 1 and "入户走访" in fake.user(701).last.html
    assert len(fake.user(702).messages) == 1
    assert len(fake.user(703).messages) == 0
    # The late answer did arrive: delivery is at least once, so a timed-out send may repeat.
    assert await _status(app, rows[704]) == "sent" and 1 <= len(fake.user(704).messages) <= 2
    async with app.db.begin() as tx:
        blocked = (await tx.execute(select(conversations.c.unreachable)
                                    .where(conversations.c.chat_id == 703))).scalar()
    assert blocked in (None, True)  # a chat without a conversation row has nothing to flag


def _windows_over(times: list[float], limit: int, window: float = 1.0) -> int:
    times = sorted(times)
    return sum(1 for i, t in enumerate(times) if bisect_left(times, t + window) - i > limit)


async def test_no_window_on_the_server_exceeds_the_limits(app, fake, framework) -> None:
    """Real time here (the server measures it): 20 messages, 10 chats, 10/s cap — about 2 s."""
    chats = list(range(801, 811))
    for chat in chats:
        fake.user(chat)
    for n in range(20):
        await _queue(app, chats[n % 10])
    live = MovableClock()  # flows with the wall clock, like production
    async with running_bot(app, fake, framework, with_background=False) as bot:
        d = OutboxDispatcher(engine=app.db, transports={"telegram": bot.adapter}, clock=live,
                             catalogue=app.services.catalogue, limits=SendLimits(1.0, 20, 10))
        start = len(fake.requests)
        stop = asyncio.Event()
        task = asyncio.create_task(d.run_forever(stop, idle=0.05))
        while sum(len(fake.user(c).messages) for c in chats) < 20:  # noqa: ASYNC110
            await asyncio.sleep(0.05)  # polling what the people received, as they would
        stop.set()
        await task
    sends = [r for r in fake.requests[start:] if r.method.lower() == "sendmessage"]
    assert len(sends) == 20 and all(r.status == 200 for r in sends)
    assert _windows_over([r.at for r in sends], 10) == 0
    for chat in chats:
        mine = [r.at for r in sends if int(r.params["chat_id"]) == chat]
        assert _windows_over(mine, 1) == 0
