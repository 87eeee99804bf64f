"""One send limit for every process on one PostgreSQL: two workers (two apps, each with its
own dispatcher, reply sender and heartbeat, on the same database) keep Telegram's limits
together — measured on the fake Bot API server's clock — and a 429 one of them meets holds
the other back too."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.adapters.factory import ChatAdapter, make_adapter
from bot.app import App, build_app
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from cases.clock import MovableClock
from scheduler.limiter import SendLimits
from scheduler.send_budget import SendBudget
from scheduler.service import BackgroundTasks, start_background
from storage.outbox import OutboxMessage, enqueue
from storage.tables import outbox
from tests.conftest import TEST_KEY
from tests.e2e.test_outbox_e2e import PARAMS, _windows_over
from tests.scheduler.helpers import RecordingTransport, dispatcher
from tests.support.databases import database_url
from tests.support.e2e import TOKEN
from tests.support.flow_chat import FlowChat

pytestmark = pytest.mark.postgres

BUDGET = 25  # OUTBOX_PER_SECOND: the whole bot's, not each worker's


@pytest.fixture
async def pg_url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_url("postgres", tmp_path) as url:
        yield url


@dataclass
class Worker:
    app: App
    adapter: ChatAdapter
    background: BackgroundTasks


@contextlib.asynccontextmanager
async def workers(url: str, fake: FakeTelegram, count: int = 2, *, dispatch: bool = True
                  ) -> AsyncIterator[list[Worker]]:
    """`count` bot processes' background work on one database, as `python -m bot run` starts
    it (limits on, shared because the database is PostgreSQL), on wall-clock time."""
    running: list[Worker] = []
    try:
        for _ in range(count):
            settings = Settings(database_url=url, data_key=TEST_KEY, outbox_per_second=BUDGET,
                                quiet_hours_start="00:00", quiet_hours_end="00:00")
            app = await build_app(settings, MovableClock())
            adapter = make_adapter("aiogram", TOKEN, fake.base_url, app.services.catalogue)
            await adapter.start()
            background = await start_background(app.background(), {"telegram": adapter},
                                                with_scheduler=False, dispatch=dispatch)
            running.append(Worker(app, adapter, background))
        yield running
    finally:
        for worker in running:
            await worker.background.stop()
            await worker.adapter.close()
            await worker.app.close()


async def _queue(app: App, chat_id: int) -> int:
    async with app.db.begin() as tx:
        return await enqueue(tx, OutboxMessage("telegram", chat_id, "due.reminder", PARAMS),
                             app.services.clock.now())


async def _sharing(running: list[Worker]) -> None:
    """Until every worker is past the newcomer's wait and has its share of the budget."""
    deadline = asyncio.get_running_loop().time() + 15
    while any(w.background.dispatcher.limiter.overall == 0 for w in running):
        assert asyncio.get_running_loop().time() < deadline, "no share after 15 s"
        await asyncio.sleep(0.1)


def _sends(fake: FakeTelegram, start: int = 0) -> list:  # type: ignore[type-arg]
    return [r for r in fake.requests[start:] if r.method.lower() == "sendmessage"]


async def _received(fake: FakeTelegram, chats: list[int], count: int, within: float) -> None:
    """Wait until the people of `chats` have `count` messages between them, as they would see."""
    deadline = asyncio.get_running_loop().time() + within
    while sum(len(fake.user(c).messages) for c in chats) < count:
        if asyncio.get_running_loop().time() > deadline:
            got = {c: len(fake.user(c).messages) for c in chats if fake.user(c).messages}
            raise AssertionError(f"{count} messages not received within {within}s: {got}")
        await asyncio.sleep(0.05)


async def test_two_workers_keep_one_budget_and_pace_each_chat(pg_url, fake) -> None:
    """A burst to many chats and eight messages to one chat, sent by two workers: no second
    on the server holds more than the bot's budget (alone, each worker would send 25 a
    second: 50 together), no chat gets two messages within a second, every chat's messages
    arrive in order, and both workers took part."""
    many = list(range(910_001, 910_101))
    one = 920_001
    for chat in [*many, one]:
        fake.user(chat)
    fake.enforce_limits(per_chat_per_s=1, overall_per_s=30)  # Telegram's flood control
    start = len(fake.requests)
    async with workers(pg_url, fake) as (a, b):
        for _ in range(8):  # first: they take eight seconds at least
            await _queue(b.app, one)
        for n in range(150):
            await _queue(a.app, many[n % len(many)])
        await _received(fake, [*many, one], 158, within=40)
        async with a.app.db.begin() as tx:
            senders = set((await tx.execute(select(outbox.c.claimed_by).distinct())).scalars())
    sends = _sends(fake, start)
    assert [r.status for r in sends].count(429) == 0
    assert len(sends) == 158
    assert _windows_over([r.at for r in sends], BUDGET) == 0
    for chat in [*many, one]:
        mine = [r.at for r in sends if int(r.params["chat_id"]) == chat]
        assert _windows_over(mine, 1) == 0, f"chat {chat} got two messages within a second"
    assert [m.plain for m in fake.user(one).messages] == [fake.user(one).messages[0].plain] * 8
    assert len(senders - {None}) == 2  # the two workers shared the work


async def test_a_group_gets_at_most_twenty_a_minute_from_two_workers(pg_url, clock) -> None:
    """Two dispatchers with a budget each, sharing the database, on the test's clock moved
    half a second at a time: a group's messages keep to twenty a minute in all (alone, each
    would send twenty)."""
    app = await build_app(Settings(database_url=pg_url, data_key=TEST_KEY), clock)
    try:
        await _two_dispatchers_to_a_group(app, clock)
    finally:
        await app.close()


async def _two_dispatchers_to_a_group(app: App, clock: MovableClock) -> None:
    sender = RecordingTransport(clock)
    limits = SendLimits(1.0, 20, BUDGET)
    budgets = [SendBudget(limits, clock, app.db, shared=True, worker=f"w{n}") for n in (1, 2)]
    pair = [dispatcher(app, sender, limits, budget=budget, worker_id=budget.worker)
            for budget in budgets]
    for _ in range(45):
        await _queue(app, -1001)
    for tick in range(130 * 2):  # over two minutes, half a second at a time
        if tick % 2 == 0:  # a heartbeat a second
            for budget in budgets:
                await budget.refresh()
        for d in pair:
            await d.run_once()
        clock.advance(timedelta(milliseconds=500))
    times = [c.at for c in sender.calls]
    assert len(times) >= 40  # about twenty a minute for two minutes and more
    for i, first in enumerate(times):
        assert len([t for t in times[i:] if t < first + timedelta(minutes=1)]) <= 20


async def test_a_429_on_one_worker_pauses_the_chat_for_the_other(pg_url, fake) -> None:
    """Worker A meets a 429 (retry after 3 s) for one chat; worker B neither sends that chat
    its outbox message nor the reply to the person's own action before the 3 s are over —
    the reply stays owed and goes out after — while other chats are not held up."""
    paused, other = 930_001, 930_002
    for chat in (paused, other):
        fake.user(chat)
    fake.inject("sendMessage", status=429, retry_after=3, chat_id=paused)
    start = len(fake.requests)
    async with workers(pg_url, fake, dispatch=False) as (a, b):
        await _sharing([a, b])
        await _queue(a.app, paused)
        assert await a.background.dispatcher.run_once() == 0  # the 429
        told = _sends(fake, start)[-1]
        assert told.status == 429
        await _queue(b.app, paused)
        await _queue(b.app, other)
        deadline = asyncio.get_running_loop().time() + 5
        while b.background.dispatcher.budget.paused_until(  # B's next heartbeat reads it
                "telegram", str(paused), b.app.services.clock.now()) is None:
            assert asyncio.get_running_loop().time() < deadline, "B never learnt the pause"
            await asyncio.sleep(0.05)
        for person in (paused, other):  # each says /help; B handles it and answers at once
            chat = FlowChat(b.app.core, user_id=person)
            replies = await chat.send("/help")
            event = chat.last_event
            await b.background.replies.send_now(event.channel, event.chat_id,
                                                event.update_key, replies)
        await b.background.replies.flush()
        help_text = b.app.services.catalogue.text("help.text", "zh")
        deadline = asyncio.get_running_loop().time() + 8
        while not any(m.html == help_text for m in fake.user(paused).messages):
            assert asyncio.get_running_loop().time() < deadline, fake.user(paused).messages
            await b.background.dispatcher.run_once()
            await asyncio.sleep(0.1)
    delivered = [r for r in _sends(fake, start) if r.status == 200]
    to_paused = [r.at for r in delivered if int(r.params["chat_id"]) == paused]
    to_other = [r.at for r in delivered if int(r.params["chat_id"]) == other]
    assert len(to_paused) >= 3 and min(to_paused) >= told.at + 3
    assert to_other and min(to_other) < told.at + 3  # the other chat went on meanwhile


async def test_429s_in_several_chats_pause_the_whole_bot_for_every_worker(pg_url, fake
                                                                          ) -> None:
    """Three chats told to wait within a second: Telegram's limit was the bot's, so worker B
    sends nothing to any chat until the wait is over."""
    told = [940_001, 940_002, 940_003]
    others = list(range(940_011, 940_021))
    for chat in [*told, *others]:
        fake.user(chat)
    for chat in told:
        fake.inject("sendMessage", status=429, retry_after=3, chat_id=chat)
    start = len(fake.requests)
    async with workers(pg_url, fake, dispatch=False) as (a, b):
        await _sharing([a, b])
        for chat in told:
            await _queue(a.app, chat)
        await a.background.dispatcher.run_once()
        last_429 = max(r.at for r in _sends(fake, start) if r.status == 429)
        for chat in others:
            await _queue(b.app, chat)
        deadline = asyncio.get_running_loop().time() + 10
        while sum(len(fake.user(c).messages) for c in [*told, *others]) < 13:
            assert asyncio.get_running_loop().time() < deadline
            await b.background.dispatcher.run_once()
            await asyncio.sleep(0.1)
    delivered = [r.at for r in _sends(fake, start) if r.status == 200]
    assert len(delivered) == 13 and min(delivered) >= last_429 + 3
