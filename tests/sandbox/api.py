"""A test client for the sandbox's JSON API: act as a pane's person, wait for what they see."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.fake_telegram import BotMessage, FakeUser
from bot.sandbox.panes import Board
from bot.sandbox.runner import Sandbox

WAIT = 15.0


async def bot_answers(sandbox: Sandbox, pane: str, count: int, action: Awaitable[Any]) -> None:
    """Run an action, then wait until the bot has sent or edited `count` messages in the pane."""
    board = sandbox.board
    assert board is not None
    chat = board.panes[pane]
    target = chat.bot_events + count
    await action
    if not await board.wait_until(lambda: chat.bot_events >= target, WAIT):
        assert sandbox.fake is not None
        user = sandbox.fake.user(chat.persona.user_id)
        raise AssertionError(f"waited {WAIT}s for {count} bot message(s) in the {pane} pane, "
                             f"got {count - (target - chat.bot_events)}:\n{user.transcript()}")


@dataclass
class SandboxApi:
    sandbox: Sandbox
    session: aiohttp.ClientSession

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, sandbox: Sandbox) -> AsyncIterator[SandboxApi]:
        async with aiohttp.ClientSession(sandbox.url) as session:
            yield cls(sandbox, session)

    @property
    def board(self) -> Board:
        assert self.sandbox.board is not None
        return self.sandbox.board

    def user(self, pane: str) -> FakeUser:
        assert self.sandbox.fake is not None
        return self.sandbox.fake.user(self.board.panes[pane].persona.user_id)

    async def post(self, path: str, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        async with self.session.post(path, json=body) as res:
            assert res.status == status, await res.text()
            return dict(await res.json())

    async def state(self) -> dict[str, Any]:
        async with self.session.get("/api/state") as res:
            assert res.status == 200
            return dict(await res.json())

    async def pane(self, key: str) -> dict[str, Any]:
        return next(p for p in (await self.state())["panes"] if p["key"] == key)

    async def act(self, pane: str, path: str, count: int = 1, **body: Any) -> None:
        """Do one thing in a pane through the API and wait for `count` bot sends or edits."""
        await bot_answers(self.sandbox, pane, count, self.post(path, {"pane": pane, **body}))

    async def wait_for_message(self, pane: str, predicate: Callable[[BotMessage], bool]) -> BotMessage:
        """The first bot message in the pane (now or soon) that satisfies the predicate."""
        user = self.user(pane)
        ok = await self.board.wait_until(lambda: any(predicate(m) for m in user.messages), WAIT)
        assert ok, f"nothing matching arrived in the {pane} pane:\n{user.transcript()}"
        return next(m for m in user.messages if predicate(m))

    async def send(self, pane: str, text: str, count: int = 1) -> None:
        await self.act(pane, "/api/send", count, text=text)

    async def press(self, pane: str, label: str, count: int = 1) -> None:
        """Press the newest inline button whose label is (or contains) `label`, as the page does."""
        message_id, data = await self.find_button(pane, label)
        await self.act(pane, "/api/press", count, message_id=message_id, data=data)

    async def find_button(self, pane: str, label: str) -> tuple[int, str]:
        messages = (await self.pane(pane))["messages"]
        for exact in (True, False):
            for message in reversed(messages):
                for row in message.get("buttons") or []:
                    for button in row:
                        text = button["text"]
                        if (text == label if exact else label in text) \
                                and "callback_data" in button:
                            return int(message["message_id"]), str(button["callback_data"])
        shown = [b["text"] for m in messages for r in m.get("buttons") or [] for b in r]
        raise AssertionError(f"no button {label!r} in the {pane} pane; buttons: {shown}")

    async def photo(self, pane: str, data: bytes | None = None, count: int = 1) -> None:
        form = aiohttp.FormData()
        form.add_field("pane", pane)
        if data is not None:
            form.add_field("file", data, filename="photo.jpg", content_type="image/jpeg")

        async def upload() -> None:
            async with self.session.post("/api/photo", data=form) as res:
                assert res.status == 200, await res.text()

        await bot_answers(self.sandbox, pane, count, upload())

    async def texts(self, pane: str) -> str:
        """Everything the pane shows, as text (bot messages and the person's own)."""
        return "\n".join(m["html"] for m in (await self.pane(pane))["messages"])
