"""Recorded before acknowledged: a resident presses Submit while the database makes the bot
wait, the bot is killed (SIGKILL) and started again — the report exists once and the resident
gets the answer. And while one chat waits on a lock, another chat is answered at once."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.fake_telegram import FakeTelegram
from storage.tables import cases
from tests.support.bot_process import start_bot_process, stop_bot_process
from tests.support.databases import database_url
from tests.support.e2e import RunningBot, running_bot, say

RESIDENT = 8811


async def walk_to_the_summary(user: Any) -> None:
    """A resident's self-report up to its summary with the Submit button."""
    await say(user, "send_text", "/start", words="同意", wait=60)  # the first start imports a lot
    await say(user, "press", "✅ 同意", words="申报本户困难")
    await say(user, "press", "🏠 申报本户困难", words="第 1 步")
    await say(user, "press", "木凉镇", words="汉场坝村")
    await say(user, "press", "汉场坝村", words="第 3 步")
    await say(user, "send_text", "钱大", words="电话")
    await say(user, "send_text", "13800138000", words="几口人")
    await say(user, "press", "4", words="第 6 步")
    await say(user, "press", "因病", words="✅ 因病")
    await say(user, "press", "完成", words="第 7 步")
    await say(user, "press", "跳过", words="第 8 步")
    await say(user, "press", "否", words="提交")


@contextlib.asynccontextmanager
async def held_lock(backend: str, url: str, chat_id: int) -> AsyncIterator[None]:
    """Make the bot wait: SQLite's write lock, or the chat's conversation row on PostgreSQL."""
    if backend == "sqlite":
        conn = sqlite3.connect(url.split("///", 1)[1], isolation_level=None, timeout=30)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    pg = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    tx = pg.transaction()
    await tx.start()
    await pg.execute("SELECT 1 FROM conversations WHERE chat_id = $1 FOR UPDATE", str(chat_id))
    try:
        yield
    finally:
        await tx.rollback()
        await pg.close()


async def case_count(url: str) -> int:
    from storage.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.begin() as tx:
            return int((await tx.execute(select(func.count()).select_from(cases))).scalar_one())
    finally:
        await engine.dispose()


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_submit_while_the_database_holds_the_bot_then_sigkill_loses_nothing(
        tmp_path: Path, backend: str, framework: str) -> None:
    fake = FakeTelegram(bot_username="safety_net_bot")
    await fake.start()
    async with database_url(backend, tmp_path) as url:
        process = await start_bot_process(fake, url, framework)
        try:
            user = fake.user(user_id=RESIDENT, first_name="钱", language_code="zh")
            await walk_to_the_summary(user)
            lock = held_lock(backend, url, RESIDENT)
            await lock.__aenter__()
            try:
                pressed = user.press("✅ 提交")
                if backend == "postgres":  # recorded, acknowledged, and waiting on the row
                    await wait_confirmed(fake, pressed["update_id"])
                else:  # SQLite: the whole file is locked — not even recorded yet
                    await asyncio.sleep(1.5)
                assert "NC-2026-000001" not in user.last.plain
                process.send_signal(signal.SIGKILL)
                await process.wait()
                process = await start_bot_process(fake, url, framework)
                await asyncio.sleep(2)  # the new process is up (or waiting on the lock)
            finally:
                await lock.__aexit__(None, None, None)
            await user.wait_for(lambda m: "NC-2026-000001" in m.plain, timeout=60, since=0)
            assert await case_count(url) == 1
            receipts = [m for m in user.messages if "NC-2026-000001" in m.plain]
            assert len(receipts) == 1, user.transcript()
        finally:
            await stop_bot_process(process)
            await fake.stop()


async def wait_confirmed(fake: FakeTelegram, update_id: int, within: float = 15) -> None:
    """Until the bot's getUpdates offset has moved past the update (Telegram forgets it)."""
    deadline = time.monotonic() + within
    while any(u["update_id"] == update_id for u in fake.state.updates.pending):
        assert time.monotonic() < deadline, "the update was never acknowledged"
        await asyncio.sleep(0.05)


# PostgreSQL only: SQLite has one write lock for the whole file, so every chat waits on it.
@pytest.mark.postgres
@pytest.mark.parametrize("combo", [("postgres", "aiogram"), ("postgres", "ptb")], indirect=True,
                         ids=["aiogram-postgres", "ptb-postgres"])
async def test_one_chat_waiting_on_a_lock_holds_up_no_other_chat(
        app: App, fake: FakeTelegram, framework: str, db_url: str) -> None:
    async with running_bot(app, fake, framework) as bot:
        waiting = fake.user(user_id=8821, first_name="甲", language_code="zh")
        other = fake.user(user_id=8822, first_name="乙", language_code="zh")
        await say(waiting, "send_text", "/start", words="同意")
        async with held_lock("postgres", db_url, 8821):
            waiting.send_text("/help")  # waits on its conversation row
            await asyncio.sleep(0.3)
            started = time.monotonic()
            await say(other, "send_text", "/help", words="可以这样使用", wait=5)
            assert time.monotonic() - started < 1.0
        await say(waiting, "send_text", "/lang", words="请选择语言")  # and A is answered after
        await assert_answered_in_order(bot, waiting)


async def assert_answered_in_order(bot: RunningBot, user: Any) -> None:
    texts = [m.plain for m in user.messages]
    help_at = max(i for i, t in enumerate(texts) if "可以这样使用" in t)
    lang_at = max(i for i, t in enumerate(texts) if "请选择语言" in t)
    assert help_at < lang_at  # the held update first, then the next: order within the chat kept
