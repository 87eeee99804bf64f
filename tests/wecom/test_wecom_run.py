"""`python -m bot run` with WECOM_CALLBACK_PORT serves WeCom's callbacks beside Telegram in one
process, and refuses to start with the port but without the rest of the WeCom settings."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import ConfigError
from bot.fake_telegram import FakeTelegram
from bot.runner import run_bot
from bot.settings import Settings
from tests.conftest import TEST_KEY
from tests.ops.test_metrics import bot_running, free_port
from tests.support.e2e import TOKEN, say
from tests.support.fake_wecom import FakeWeCom
from tests.support.wecom import wecom_settings


@pytest.mark.e2e
async def test_run_serves_telegram_and_wecom(db_url: str, fake: FakeTelegram,
                                             wecom: FakeWeCom) -> None:
    port = free_port()
    settings = Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                        bot_token=TOKEN, telegram_api_base=fake.base_url, poll_timeout=1,
                        wecom_callback_port=port, **wecom_settings(wecom))
    wecom.callback_url = f"http://127.0.0.1:{port}/wecom/callback"
    async with bot_running(settings):
        user = fake.user(user_id=9161, first_name="李", language_code="zh")
        await say(user, "send_text", "/start", words="同意", wait=60)
        official = wecom.user("li.xinxi")
        async with asyncio.timeout(30):
            while True:  # the callback server comes up with the bot
                query, body = wecom.callback_body(official, {
                    "MsgType": "text", "Content": "/start", "MsgId": "6000000000000000001"})
                try:
                    status = await wecom.post(query, body)
                    break
                except OSError:
                    await asyncio.sleep(0.2)
            assert status == 200
            while True:  # the reply comes through the fake WeCom server
                if any("同意" in m.text for m in official.all_messages):
                    break
                await asyncio.sleep(0.1)


async def test_a_callback_port_without_the_keys_is_refused(db_url: str) -> None:
    settings = Settings(database_url=db_url, data_key=TEST_KEY, bot_token=TOKEN,
                        wecom_callback_port=free_port(), wecom_corp_id="ww1")
    with pytest.raises(ConfigError, match="WECOM_AGENT_ID, WECOM_SECRET, WECOM_TOKEN, WECOM_AES_KEY"):
        await run_bot(settings)
