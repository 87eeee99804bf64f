"""Two outbox dispatchers (two workers' processes) on one database claim every row once:
on PostgreSQL with SKIP LOCKED, on SQLite behind the write lock. Every message goes out
exactly once, and each chat's messages in the order queued."""

from __future__ import annotations

import asyncio
import random

from sqlalchemy import func, select

from storage.tables import outbox
from tests.scheduler.helpers import RecordingTransport, dispatcher, queue

CHATS = 40
PER_CHAT = 5


class NetworkTransport(RecordingTransport):
    """A send takes a while, some longer than others (the network): a message is recorded
    when it arrives, so one sent later by the other worker could arrive first."""

    async def deliver(self, chat_id, reply):  # type: ignore[no-untyped-def]
        await asyncio.sleep(random.uniform(0, 0.01))
        return await super().deliver(chat_id, reply)


async def test_two_dispatchers_send_each_message_once_and_in_order(app, clock) -> None:
    for n in range(PER_CHAT):  # interleaved across chats, as the cases' letters would come
        for chat in range(CHATS):
            await queue(app, 7000 + chat, "work-done-chase", params={"ref": f"NC-{chat}-{n}"})
    sent_in_order: list = []  # both workers' sends, as they happened
    senders = [NetworkTransport(clock, calls=sent_in_order),
               NetworkTransport(clock, calls=sent_in_order)]
    workers = [dispatcher(app, s, worker_id=f"w{i}") for i, s in enumerate(senders)]

    total = CHATS * PER_CHAT

    async def work(one) -> int:  # type: ignore[no-untyped-def]
        """Like a worker's dispatcher loop: again and again until everything is out."""
        sent = 0
        while len(sent_in_order) < total:
            sent += await one.run_once()
            await asyncio.sleep(0)
        return sent

    shares = await asyncio.wait_for(asyncio.gather(*(work(w) for w in workers)), 60)
    assert all(shares), shares  # both took a share
    texts = [c.reply.text for c in sent_in_order]
    assert len(texts) == CHATS * PER_CHAT == len(set(texts))  # all sent, none twice
    for chat in range(CHATS):
        refs = [t.split("NC-")[1].split("，")[0] for t in texts if f"NC-{chat}-" in t]
        assert refs == [f"{chat}-{n}" for n in range(PER_CHAT)], refs
    async with app.db.begin() as tx:
        pending = (await tx.execute(select(func.count()).select_from(outbox)
                                    .where(outbox.c.status != "sent"))).scalar_one()
    assert pending == 0
