"""One resident, whatever the channel: the same journey script drives a Telegram user of the
fake Bot API (either framework) or a visitor of the web page."""

from __future__ import annotations

from typing import Any, Protocol

from bot.fake_telegram.user import FakeUser
from tests.support.e2e import say
from tests.support.web import WebVisitor


class Resident(Protocol):
    async def do(self, action: str, arg: Any, *, words: str) -> str:
        """Send text, press a button or send a photo; wait for the reply showing `words`;
        returns that reply's text."""
        ...

    def recent(self, n: int) -> str:
        """The text of the last n messages shown, joined."""
        ...


ACTIONS = {"text": "send_text", "press": "press", "photo": "send_photo"}


class TelegramResident:
    def __init__(self, user: FakeUser) -> None:
        self.user = user

    async def do(self, action: str, arg: Any, *, words: str) -> str:
        message = await say(self.user, ACTIONS[action], arg, words=words)
        return str(message.plain)

    def recent(self, n: int) -> str:
        return "\n".join(m.plain for m in self.user.messages[-n:])


class WebResident:
    def __init__(self, visitor: WebVisitor) -> None:
        self.visitor = visitor

    async def do(self, action: str, arg: Any, *, words: str) -> str:
        since = self.visitor.changes
        if action == "text":
            status, body = await self.visitor.send("text", text=arg)
        elif action == "press":
            status, body = await self.visitor.press(arg)
        else:
            status, body = await self.visitor.upload(action, arg)
        assert status == 200, body
        return (await self.visitor.wait_for(words, since)).plain

    def recent(self, n: int) -> str:
        return "\n".join(m.plain for m in self.visitor.ordered[-n:])
