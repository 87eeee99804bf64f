"""A local fake of the Telegram Bot API for end-to-end tests and the sandbox demo.

Typical use::

    fake = FakeTelegram(bot_username="safety_net_bot")
    base = await fake.start()                 # http://127.0.0.1:PORT, loopback only
    # aiogram: AiohttpSession(api=TelegramAPIServer.from_base(base))
    # PTB:     .base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    user = fake.user(1001, "王秀英", language_code="zh-hans")
    waiter = user.wait_for()                  # counting starts here
    user.send_text("/start")
    (reply,) = await waiter
    assert "你好" in reply.plain, user.transcript()
    await fake.stop()

Modules: server (HTTP routes), api_messages / api_bot (Bot API methods), state / updates /
files (what the fake remembers), html_check / formatting / markup (Telegram's validation),
faults (injected failures, seeded random faults, rate limits), user (the simulated person), objects (JSON),
webhook (after setWebhook, updates POSTed to the bot with the secret header; ``webhook_targets``
spreads them over several workers).
"""

from .fake import FakeTelegram
from .faults import Fault, LostResponse, RandomFaults
from .html_check import HtmlError, parse_html
from .models import BotMessage, CallbackRecord, RecordedRequest
from .user import FakeUser

__all__ = [
    "BotMessage",
    "CallbackRecord",
    "FakeTelegram",
    "FakeUser",
    "Fault",
    "HtmlError",
    "LostResponse",
    "RandomFaults",
    "RecordedRequest",
    "parse_html",
]
