"""Several webhook workers on one PostgreSQL, as real processes behind the fake Bot API
server's webhook delivery (POSTs alternating between them, like nginx's round robin):

- a resident's whole self-report lands on both workers and gets every reply in order, the
  case once (a burst of two updates at once included);
- a worker killed (SIGKILL) while it holds a chat with updates recorded but not handled: the
  other worker handles them within a minute;
- the scheduler's leader killed: the other worker takes the advisory lock and ticks.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.fake_telegram import FakeTelegram
from storage.tables import cases, inbox, outbox, processed_updates
from storage.tables_scheduling import chat_claims, scheduler_state
from tests.support.bot_process import (
    free_port,
    start_bot_process,
    stop_bot_process,
    webhook_env,
    webhook_target,
)
from tests.support.databases import database_url
from tests.support.e2e import say

pytestmark = pytest.mark.postgres

START_WAIT = 90.0  # two processes importing everything on a shared 2-core machine


@pytest.fixture
async def pg_url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_url("postgres", tmp_path) as url:
        yield url


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(pg_url)
    yield engine
    await engine.dispose()


class Workers:
    """N worker processes on their own ports; the fake posts to them in turn."""

    def __init__(self, fake: FakeTelegram, url: str) -> None:
        self.fake = fake
        self.url = url
        self.processes: list[asyncio.subprocess.Process] = []
        self.said: list[list[str]] = []  # each process's log lines (stderr)
        self._readers: list[asyncio.Task[None]] = []

    async def start(self, count: int, env: dict[str, str], *, scheduler: bool = False) -> None:
        """One after the other: the first migrates the new database (docs/operations.md:
        several workers migrate once, before they all start)."""
        ports = [free_port() for _ in range(count)]
        first = webhook_env(ports[0])
        for n, port in enumerate(ports, start=1):
            process = await start_bot_process(
                self.fake, self.url, "aiogram", scheduler=scheduler,
                stderr=asyncio.subprocess.PIPE,
                extra_env={**first, "WEBHOOK_PORT": str(port), **env})
            self.processes.append(process)
            lines: list[str] = []
            self.said.append(lines)
            self._readers.append(asyncio.create_task(_read_lines(process, lines)))
            try:
                await self.fake.wait_until(lambda n=n: len(  # type: ignore[misc]
                    [c for c in self.fake.calls("setWebhook") if c.status == 200]) >= n,
                    START_WAIT)
            except TimeoutError:
                raise AssertionError(f"worker {n} did not start:\n{self.log(n - 1)}") from None
        self.fake.webhook_targets = [webhook_target(port) for port in ports]

    async def stop(self) -> None:
        for process in self.processes:
            await stop_bot_process(process)
        for reader in self._readers:
            reader.cancel()

    def by_pid(self, pid: int) -> int:
        return next(i for i, p in enumerate(self.processes) if p.pid == pid)

    def log(self, index: int) -> str:
        return "\n".join(self.said[index][-40:])


async def _read_lines(process: asyncio.subprocess.Process, into: list[str]) -> None:
    """Keep reading a worker's stderr (a full pipe would block it)."""
    assert process.stderr is not None
    async for line in process.stderr:
        into.append(line.decode(errors="replace").rstrip())


@pytest.fixture
async def workers(fake: FakeTelegram, pg_url: str) -> AsyncIterator[Workers]:
    running = Workers(fake, pg_url)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(running.stop)
        yield running


async def count(db: AsyncEngine, table: object, *where: object) -> int:
    async with db.connect() as conn:
        query = select(func.count()).select_from(table)  # type: ignore[arg-type]
        return int((await conn.execute(query.where(*where))).scalar_one())  # type: ignore[arg-type]


async def test_a_self_report_over_two_workers_gets_every_reply_in_order_and_one_case(
        fake: FakeTelegram, workers: Workers, db: AsyncEngine) -> None:
    await workers.start(2, {})
    user = fake.user(user_id=8901, first_name="赵", language_code="zh")
    sent_texts: list[str] = []  # the bot's messages to the user as they came (edits aside)
    fake.on_bot_message(lambda m, event: sent_texts.append(m.plain) if event == "sent" else None)
    await say(user, "send_text", "/start", words="您同意吗", wait=60)
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "press", "🏠 申报本户困难", words="第 1 步")
    await say(user, "press", "木凉镇", words="第 2 步")
    await say(user, "press", "汉场坝村", words="第 3 步")
    # Two updates at once: the name and the phone go to different workers, the phone as soon
    # as the name is recorded (Telegram sends a chat's next update once its previous one was
    # answered), mostly while the name is still being handled; the phone is handled after
    # the name (update order), not as the name.
    waiter = user.wait_for(lambda m: "几口人" in m.plain, timeout=30)
    burst = [user.send_text("赵大")["update_id"], user.send_text("13800138000")["update_id"]]
    try:
        await waiter
    except TimeoutError:
        print(f"worker 1:\n{workers.log(0)}\nworker 2:\n{workers.log(1)}")
        raise
    name, phone = (next(d.url for d in fake.webhook_deliveries if d.update_id == update_id)
                   for update_id in burst)
    assert name != phone
    await say(user, "press", "4", words="第 6 步")
    await say(user, "press", "因自然灾害", words="✅ 因自然灾害")
    await say(user, "press", "完成", words="第 7 步")
    await say(user, "press", "跳过", words="第 8 步")
    summary = await say(user, "press", "否", words="请核对您的申报")
    assert "赵大" in summary.plain and "13800138000" in summary.plain
    await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
    assert "NC-2026-000001" in "\n".join(m.plain for m in user.messages[-3:])

    # The updates went to both workers, the steps' prompts came in the order of the steps.
    urls = {d.url for d in fake.webhook_deliveries if d.status == 200}
    assert len(urls) == 2, urls
    plain = sent_texts
    prompts = ["第 1 步", "第 2 步", "第 3 步", "第 4 步", "几口人", "第 6 步", "第 7 步", "第 8 步"]
    steps = [next((i for i, t in enumerate(plain) if words in t), -1) for words in prompts]
    assert -1 not in steps and steps == sorted(steps), sent_texts
    # Each update recorded once and handled once; one case.
    sent = len({d.update_id for d in fake.webhook_deliveries})
    assert await count(db, inbox) == sent
    assert await count(db, processed_updates) == sent
    assert await count(db, cases) == 1

    # Telegram delivers the submission again, twice (so to both workers): each recognises it
    # in the inbox (handled already) and nothing else happens — no second case, no second
    # card for the officials, no message again (its replies were delivered).
    submit = next(c.update_id for c in reversed(fake.callbacks) if c.data.endswith("submit"))
    letters, messages = await count(db, outbox), len(sent_texts)
    fake.redeliver(submit)
    fake.redeliver(submit)
    await fake.wait_until(lambda: len([d for d in fake.webhook_deliveries
                                       if d.update_id == submit and d.status == 200]) == 3, 30)
    posted = {d.url for d in fake.webhook_deliveries if d.update_id == submit}
    assert len(posted) == 2  # both workers got it
    await asyncio.sleep(3)  # time to have handled it, had it been taken for a new update
    assert len(sent_texts) == messages
    assert await count(db, cases) == 1
    assert await count(db, outbox) == letters
    assert await count(db, inbox) == await count(db, processed_updates) == sent


async def test_a_killed_workers_chat_is_taken_over_by_the_other(
        fake: FakeTelegram, workers: Workers, db: AsyncEngine) -> None:
    await workers.start(2, {"WORKER_CLAIM_SECONDS": "3", "WORKER_SWEEP_SECONDS": "1"})
    user = fake.user(user_id=8902, first_name="钱", language_code="zh")
    await say(user, "send_text", "/start", words="您同意吗", wait=60)
    # The next reply to this chat takes effect but its answer hangs: the worker sending it
    # holds the chat's claim (its heartbeat renews it) while the chat's next update waits.
    fake.inject(method=None, status=None, delay=120, chat_id=user.user_id, times=1)
    await say(user, "press", "✅ 同意", words="您已同意")  # an edit: done, its answer hangs
    user.send_text("/report")

    holder, waiting = None, 0
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        async with db.connect() as conn:
            holder = (await conn.execute(select(chat_claims.c.worker).where(
                chat_claims.c.chat_id == str(user.user_id)))).scalar()
            waiting = int((await conn.execute(text(
                "SELECT count(*) FROM inbox i WHERE chat_id = :c AND NOT EXISTS (SELECT 1 FROM "
                "processed_updates p WHERE p.chat_id = i.chat_id AND p.update_key = i.update_key)"
            ), {"c": str(user.user_id)})).scalar_one())
        if holder is not None and waiting:
            break
        await asyncio.sleep(0.2)
    assert holder is not None and waiting == 1, (holder, waiting)

    victim = workers.by_pid(int(holder.split(":")[1]))
    workers.processes[victim].send_signal(signal.SIGKILL)
    await workers.processes[victim].wait()
    killed_at = time.monotonic()
    try:
        await user.wait_for(lambda m: "第 1 步" in m.plain, timeout=60)
    except TimeoutError as timeout:
        survivor = 1 - victim
        raise AssertionError(f"{timeout}\nsurvivor said:\n{workers.log(survivor)}") from None
    took = time.monotonic() - killed_at
    print(f"the killed worker's chat was taken over after {took:.1f} s")
    assert took < 60
    async with db.connect() as conn:
        left = (await conn.execute(select(chat_claims.c.worker))).scalars().all()
    assert holder not in left  # the dead worker's claim was taken over (then given back)


async def test_the_scheduler_leader_killed_another_worker_ticks(
        fake: FakeTelegram, workers: Workers, db: AsyncEngine) -> None:
    await workers.start(2, {"SCHEDULER_TICK_SECONDS": "1"}, scheduler=True)

    def leaders() -> list[int]:
        return [i for i, lines in enumerate(workers.said)
                if any("runs the scheduler" in line for line in lines)]

    await fake.wait_until(lambda: bool(leaders()), 60)
    await asyncio.sleep(3)  # ticks go on; still one leader
    assert len(leaders()) == 1, [workers.log(i) for i in range(2)]
    leader = leaders()[0]
    workers.processes[leader].send_signal(signal.SIGKILL)
    await workers.processes[leader].wait()
    killed = datetime.now(UTC)
    started = time.monotonic()

    other = 1 - leader
    deadline = started + 60
    ticked = None
    while time.monotonic() < deadline:
        async with db.connect() as conn:
            ticked = (await conn.execute(select(scheduler_state.c.updated_at).where(
                scheduler_state.c.name == "due.watermark"))).scalar()
        if ticked is not None and ticked > killed and any(
                "runs the scheduler" in line for line in workers.said[other]):
            break
        await asyncio.sleep(0.5)
    else:
        raise AssertionError(f"no tick after the leader died:\n{workers.log(other)}")
    took = time.monotonic() - started
    print(f"the other worker ticked {took:.1f} s after the leader was killed")
    assert took < 60
    assert workers.processes[other].returncode is None
