"""One polling process per database: a second one refuses to start while the first runs, and
a poller killed with SIGKILL blocks its successor no longer than its lease (SQLite and
PostgreSQL)."""

from __future__ import annotations

import asyncio
import signal
import time

from bot.fake_telegram import FakeTelegram
from tests.support.bot_process import start_bot_process, stop_bot_process
from tests.support.e2e import say

LEASE = "4"  # seconds: POLL_LEASE_SECONDS for these processes


async def test_a_second_poller_refuses_and_a_killed_ones_successor_takes_over(
        fake: FakeTelegram, db_url: str) -> None:
    env = {"POLL_LEASE_SECONDS": LEASE}
    first = await start_bot_process(fake, db_url, "aiogram", extra_env=env)
    second = third = None
    try:
        user = fake.user(user_id=8811, first_name="钱", language_code="zh")
        await say(user, "send_text", "/start", words="您同意吗", wait=60)  # the first one polls

        second = await start_bot_process(fake, db_url, "aiogram", extra_env=env,
                                         stderr=asyncio.subprocess.PIPE)
        assert second.stderr is not None
        said = (await asyncio.wait_for(second.stderr.read(), timeout=60)).decode()
        assert await second.wait() == 2
        assert "already polling Telegram" in said, said[-2000:]

        first.send_signal(signal.SIGKILL)
        await first.wait()
        killed_at = time.monotonic()
        third = await start_bot_process(fake, db_url, "aiogram", extra_env=env)
        await say(user, "press", "✅ 同意", words="请选择您要办理的事项", wait=60)
        # Start-up (imports, migrations check) plus at most one lease; not minutes.
        assert time.monotonic() - killed_at < float(LEASE) + 30
        assert third.returncode is None
    finally:
        for process in (first, second, third):
            if process is not None:
                await stop_bot_process(process)
