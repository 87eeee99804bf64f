"""A local fake of the Telegram Bot API for end-to-end tests and the sandbox demo."""

from .fake import FakeTelegram
from .faults import Fault
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
    "RecordedRequest",
    "parse_html",
]
