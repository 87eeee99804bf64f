"""A test client for the sandbox's JSON API: act as a pane's person, wait for what they see."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.fake_telegram import BotMessage, FakeUser
from bot.sandbox.runner import Sandbox

WAIT = 15.0


@dataclass
class SandboxApi:
    sandbox: Sandbox
    session: aiohttp.ClientSession

    @classmethod
    @contextlib.asynccontextmanager
    async def connect(cls, sandbox: Sandbox) -> AsyncIterator[SandboxApi]:
        async with aiohttp.ClientSession(sandbox.url) as session:
            yield cls(sandbox, session)

    def user(self, pane: str) -> FakeUser:
        assert self.sandbox.board is not None
        return self.sandbox.board.panes[pane].user

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

    async def act(self, pane: str, path: str, count: int = 1, **body: Any) -> list[BotMessage]:
        """Do one thing in a pane through the API and wait for `count` bot sends or edits."""
        waiter = self.user(pane).wait_for(count=count, timeout=WAIT)
        await self.post(path, {"pane": pane, **body})
        return await waiter

    async def send(self, pane: str, text: str, count: int = 1) -> list[BotMessage]:
        return await self.act(pane, "/api/send", count, text=text)

    async def press(self, pane: str, label: str, count: int = 1) -> list[BotMessage]:
        """Press the newest inline button whose label is (or contains) `label`, as the page does."""
        message_id, data = await self.find_button(pane, label)
        return await self.act(pane, "/api/press", count, message_id=message_id, data=data)

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

    async def photo(self, pane: str, data: bytes | None = None, count: int = 1) -> list[BotMessage]:
        form = aiohttp.FormData()
        form.add_field("pane", pane)
        if data is not None:
            form.add_field("file", data, filename="photo.jpg", content_type="image/jpeg")
        waiter = self.user(pane).wait_for(count=count, timeout=WAIT)
        async with self.session.post("/api/photo", data=form) as res:
            assert res.status == 200, await res.text()
        return await waiter

    async def texts(self, pane: str) -> str:
        """Everything the pane shows, as text (bot messages and the person's own)."""
        return "\n".join(m["html"] for m in (await self.pane(pane))["messages"])
