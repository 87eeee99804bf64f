"""A real bot process (`python -m bot run`) against the fake Bot API server, for tests that kill
it: whatever the process had in memory is gone, only the database and Telegram remain."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from bot.fake_telegram import FakeTelegram
from tests.conftest import TEST_KEY
from tests.support.e2e import TOKEN

ROOT = Path(__file__).resolve().parents[2]


async def start_bot_process(fake: FakeTelegram, database_url: str, framework: str, *,
                            extra_env: dict[str, str] | None = None, stderr: int | None = None
                            ) -> asyncio.subprocess.Process:
    """stderr: asyncio.subprocess.PIPE to read what the process says (DEVNULL by default)."""
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": fake.base_url,
        "DATABASE_URL": database_url,
        "DATA_KEY": TEST_KEY,
        "BOT_FRAMEWORK": framework,
        "POLL_TIMEOUT": "1",
        # A killed process's poller lease blocks the next one this long (bot/poll_lease.py).
        "POLL_LEASE_SECONDS": "3",
        **(extra_env or {}),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--no-scheduler", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL if stderr is None else stderr)


async def stop_bot_process(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.terminate()
        try:
            await asyncio.wait_for(process.wait(), timeout=15)
        except TimeoutError:
            process.kill()
            await process.wait()
