"""A real bot process (`python -m bot run`) against the fake Bot API server, for tests that kill
it: whatever the process had in memory is gone, only the database and Telegram remain."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from pathlib import Path

from bot.fake_telegram import FakeTelegram
from tests.conftest import TEST_KEY
from tests.support.e2e import TOKEN

ROOT = Path(__file__).resolve().parents[2]


async def start_bot_process(fake: FakeTelegram, database_url: str, framework: str, *,
                            extra_env: dict[str, str] | None = None, stderr: int | None = None,
                            scheduler: bool = False) -> asyncio.subprocess.Process:
    """stderr: asyncio.subprocess.PIPE to read what the process says (DEVNULL by default);
    scheduler: run the timed jobs too (`run` without --no-scheduler)."""
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
        sys.executable, "-m", "bot", "run", *([] if scheduler else ["--no-scheduler"]),
        cwd=ROOT, env=env,
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


def free_port() -> int:
    """A TCP port nobody listens on right now (for a worker's WEBHOOK_PORT)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def webhook_env(port: int, secret: str = "worker-test-secret") -> dict[str, str]:
    """A webhook worker listening on 127.0.0.1:port; every worker registers the same URL
    (the first worker's here: the fake's webhook_targets decide where POSTs really go)."""
    return {"WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram/webhook", "WEBHOOK_SECRET": secret,
            "WEBHOOK_HOST": "127.0.0.1", "WEBHOOK_PORT": str(port)}


def webhook_target(port: int) -> str:
    return f"http://127.0.0.1:{port}/telegram/webhook"
