"""End-to-end harness: the real aiogram or python-telegram-bot adapter, polling the project's
fake Bot API server over HTTP, on a real database.

Bots run in the test's process (importing aiogram costs seconds: do it once); the restart
test starts real processes instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bot.adapters.factory import ChatAdapter, make_adapter
from bot.app import App
from bot.fake_telegram import FakeTelegram

TOKEN = "123456:TEST-token-for-the-fake-server"


@dataclass
class RunningBot:
    """A bot polling the fake server, with its outbox dispatcher running."""

    app: App
    fake: FakeTelegram
    adapter: ChatAdapter
    framework: str
    background: Any = None

    async def settle(self, rounds: int = 3) -> None:
        """Let the outbox dispatcher send what is due now."""
        if self.background is not None and hasattr(self.background, "dispatcher"):
            for _ in range(rounds):
                await self.background.dispatcher.run_once()


@contextlib.asynccontextmanager
async def running_bot(app: App, fake: FakeTelegram, framework: str,
                      with_background: bool = True) -> AsyncIterator[RunningBot]:
    adapter = make_adapter(framework, app.core, TOKEN, fake.base_url, poll_timeout=1)
    app.services.bot_username = await adapter.start()
    background = None
    if with_background:
        with contextlib.suppress(ImportError):
            from scheduler.service import start_background

            background = await start_background(app, {adapter.channel: adapter},
                                                with_scheduler=False)
    polling = asyncio.create_task(adapter.poll())
    try:
        yield RunningBot(app, fake, adapter, framework, background)
    finally:
        await adapter.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(polling, timeout=10)
        if background is not None:
            await background.stop()
        await adapter.close()


async def act(user: Any, action: str, *args: Any, count: int = 1, wait: float = 15) -> list[Any]:
    """Do one thing as a simulated user and wait for `count` bot messages (sends or edits)."""
    waiter = user.wait_for(count=count, timeout=wait)
    getattr(user, action)(*args)
    return await waiter
