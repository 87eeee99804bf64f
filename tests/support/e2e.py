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

from sqlalchemy import func, select

from bot.adapters.factory import ChatAdapter, make_adapter
from bot.app import App
from bot.edge import Edge, start_edge
from bot.fake_telegram import FakeTelegram
from chat.transport import Transport
from scheduler.service import BackgroundTasks
from storage.tables import outbox, processed_updates

TOKEN = "123456:TEST-token-for-the-fake-server"


@dataclass
class RunningBot:
    """A bot polling the fake server through its edge, with its outbox dispatcher running."""

    app: App
    fake: FakeTelegram
    adapter: ChatAdapter
    framework: str
    edge: Edge
    dispatching: bool = True  # False: the outbox waits for a test to drive it

    @property
    def background(self) -> BackgroundTasks:
        return self.edge.background

    async def settle(self, rounds: int = 3) -> None:
        """Let the outbox dispatcher send what is due now (not when a test holds it back)."""
        if not self.dispatching:
            return
        for _ in range(rounds):
            await self.edge.background.dispatcher.run_once()

    async def quiet(self, within: float = 20) -> None:
        """Until nothing is in flight: every reply recorded as delivered and no outbox message
        due. Call it before moving the test's clock: a reply whose delivery is not yet recorded
        (marks are written a moment after the send), or an outbox row being sent, would see
        its lease run out at once and go out a second time. Needs the dispatcher running."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            await self.settle(1)
            async with self.app.db.begin() as tx:
                owed = (await tx.execute(select(func.count()).select_from(processed_updates)
                                         .where(processed_updates.c.owed.is_(True)))).scalar()
                due = (await tx.execute(select(func.count()).select_from(outbox).where(
                    outbox.c.status == "pending",
                    outbox.c.not_before <= self.app.services.clock.now()))).scalar()
            if not owed and not due:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"still in flight after {within}s: {owed} updates' replies, "
                                     f"{due} outbox messages")
            await asyncio.sleep(0.02)


@contextlib.asynccontextmanager
async def running_bot(app: App, fake: FakeTelegram, framework: str,
                      with_background: bool = True,
                      other_channels: dict[str, Transport] | None = None
                      ) -> AsyncIterator[RunningBot]:
    """with_background=False: the outbox dispatcher does not run by itself (a test drives it);
    replies to people's own actions still go out at once."""
    adapter = make_adapter(framework, TOKEN, fake.base_url, app.services.catalogue)
    app.services.bot_username = await adapter.start()
    edge = await start_edge(app, adapter, TOKEN, fake.base_url, with_scheduler=False,
                            dispatch=with_background, other_channels=other_channels)
    stop = asyncio.Event()
    polling = asyncio.create_task(edge.poll(stop, poll_timeout=1))
    try:
        yield RunningBot(app, fake, adapter, framework, edge, with_background)
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(polling, timeout=10)
        await edge.close()


async def say(user: Any, action: str, *args: Any, words: str, wait: float = 15) -> Any:
    """Do one thing as a simulated user and wait for the bot's new or edited message holding
    `words` in its text, on an inline button or on its reply keyboard; returns it. Pick words
    only the expected reply holds (a step number, a prompt's words, a reference): a message
    that changed or never came fails with the chat's last messages, not a count that never
    arrives. Where a step brings several messages, wait for the last one and assert on the
    others by their words."""
    waiter = user.wait_for(lambda m: words in shown(m), timeout=wait)
    getattr(user, action)(*args)
    try:
        return (await waiter)[0]
    except TimeoutError as timeout:  # its message holds the chat's transcript
        did = f"{action}{repr(args)[:60]}"
        raise TimeoutError(f"{did}: no new bot message with {words!r}; {timeout}") from None


def shown(message: Any) -> str:
    """What a bot message shows: its text, its inline buttons and its reply keyboard."""
    return " ".join([message.plain, *message.button_texts(), *message.reply_keyboard_texts()])
