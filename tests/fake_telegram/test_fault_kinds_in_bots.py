"""What a real aiogram or PTB bot raises for each random fault kind of the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from telegram import Bot as PtbBot
from telegram.error import NetworkError, RetryAfter

from bot.fake_telegram import FakeTelegram

from .conftest import TOKEN

pytestmark = pytest.mark.asyncio

# kind -> (exception type, words in its message, messages the fake stored)
AIOGRAM = {
    "429": (TelegramRetryAfter, "Retry in 1 seconds", 0),
    "500": (TelegramServerError, "Internal Server Error", 0),
    "drop_before": (TelegramNetworkError, "ServerDisconnectedError", 0),
    "lost_after": (TelegramNetworkError, "ServerDisconnectedError", 1),
}
PTB = {
    # PTB words it "0:00:01" once PTB_TIMEDELTA is on (the adapter turns it on).
    "429": (RetryAfter, r"Retry in (1 seconds|0:00:01)", 0),
    "500": (NetworkError, "Internal Server Error", 0),  # PTB has no server-error type of its own
    "drop_before": (NetworkError, "httpx.RemoteProtocolError", 0),
    "lost_after": (NetworkError, "httpx.RemoteProtocolError", 1),
}


@pytest_asyncio.fixture
async def aiogram_bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """An aiogram Bot pointed at the running fake."""
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    try:
        yield bot
    finally:
        await bot.session.close()


@pytest_asyncio.fixture
async def ptb_bot(fake: FakeTelegram) -> AsyncIterator[PtbBot]:
    """A python-telegram-bot Bot pointed at the running fake."""
    bot = PtbBot(TOKEN, base_url=f"{fake.base_url}/bot", base_file_url=f"{fake.base_url}/file/bot")
    await bot.initialize()
    try:
        yield bot
    finally:
        await bot.shutdown()


@pytest.mark.parametrize("kind", list(AIOGRAM))
async def test_aiogram_sees_each_kind(fake: FakeTelegram, aiogram_bot: Bot, kind: str) -> None:
    user = fake.user()
    error, words, stored = AIOGRAM[kind]
    faults = fake.faults.random_faults(methods=("sendMessage",), rate=1.0, seed=7, kinds=(kind,))  # type: ignore[arg-type]
    with pytest.raises(error, match=words) as caught:
        await aiogram_bot.send_message(1001, "你好")
    assert type(caught.value) is error
    assert len(user.messages) == stored == len(faults.lost_message_ids)
    faults.stop()
    # The same session recovers: a dropped connection is replaced by a new one.
    assert (await aiogram_bot.send_message(1001, "再来")).text == "再来"


@pytest.mark.parametrize("kind", list(PTB))
# PTB 22 warns that RetryAfter.retry_after will become a timedelta; not what is tested here.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_ptb_sees_each_kind(fake: FakeTelegram, ptb_bot: PtbBot, kind: str) -> None:
    user = fake.user()
    error, words, stored = PTB[kind]
    faults = fake.faults.random_faults(methods=("sendMessage",), rate=1.0, seed=7, kinds=(kind,))  # type: ignore[arg-type]
    with pytest.raises(error, match=words) as caught:
        await ptb_bot.send_message(1001, "你好")
    assert type(caught.value) is error
    assert len(user.messages) == stored == len(faults.lost_message_ids)
    faults.stop()
    assert (await ptb_bot.send_message(1001, "再来")).text == "再来"
