"""A local fake of the Telegram Bot API for tests and the sandbox (see server.py)."""

from bot.fake_telegram.objects import BotMessage
from bot.fake_telegram.server import FakeTelegram, RecordedRequest
from bot.fake_telegram.users import FakeUser

__all__ = ["BotMessage", "FakeTelegram", "FakeUser", "RecordedRequest"]
