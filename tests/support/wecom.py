"""The WeCom channel in tests: the real callback server and transport beside a real Telegram
bot (residents stay on Telegram), talking HTTP to the fake WeCom server."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bot.app import App
from bot.fake_telegram import FakeTelegram
from bot.wecom.channel import RunningWeCom, make_transport, start_wecom
from bot.wecom.server import CALLBACK_PATH
from cases.clock import Clock
from tests.support.e2e import RunningBot, running_bot
from tests.support.fake_wecom import FakeWeCom, FakeWeComUser, Sent


def wecom_settings(wecom: FakeWeCom) -> dict[str, Any]:
    """The WECOM_* settings that point the channel at this fake."""
    return {"wecom_corp_id": wecom.corp_id, "wecom_agent_id": wecom.agent_id,
            "wecom_secret": wecom.secret, "wecom_token": wecom.token,
            "wecom_aes_key": wecom.aes_key, "wecom_api_base": wecom.base_url}


async def until(bot: WeComBot, user: FakeWeComUser, words: str, since: int = 0,
                within: float = 15.0) -> Sent:
    """The first message from index `since` on that shows `words` in its text or on a button
    (the outbox is nudged meanwhile); fails with the chat's last messages."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while loop.time() < deadline:
        for message in user.all_messages[since:]:
            if words in message.text or any(words in b for b in message.button_texts()):
                return message
        await bot.settle(1)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message with {words!r}:\n{user.transcript()}")


@contextlib.asynccontextmanager
async def fake_wecom(clock: Clock) -> AsyncIterator[FakeWeCom]:
    """The fake WeCom server, started, on the test's clock (response codes age with it)."""
    server = FakeWeCom(now=lambda: clock.now().timestamp())
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@dataclass
class WeComBot:
    bot: RunningBot
    channel: RunningWeCom
    wecom: FakeWeCom

    async def settle(self, rounds: int = 3) -> None:
        await self.bot.settle(rounds)


@contextlib.asynccontextmanager
async def running_wecom(app: App, fake: FakeTelegram, wecom: FakeWeCom,
                        framework: str = "aiogram") -> AsyncIterator[WeComBot]:
    transport = make_transport(app)
    try:
        async with running_bot(app, fake, framework, other_channels={"wecom": transport}) as bot:
            channel = await start_wecom(app, transport, bot.background.replies,
                                        host="127.0.0.1", port=0)
            wecom.callback_url = f"http://127.0.0.1:{channel.port}{CALLBACK_PATH}"
            try:
                yield WeComBot(bot, channel, wecom)
            finally:
                await wecom.settled()
                await channel.close()
    finally:
        await transport.close()
