"""The web channel in tests: the real page server beside a real Telegram bot (officials stay
on Telegram), and a visitor that talks to it over HTTP as the page's script does."""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.app import App
from bot.fake_telegram import FakeTelegram
from bot.web.channel import RunningWeb, make_transport, start_web
from tests.support.e2e import RunningBot, running_bot

CSRF = re.compile(r'<meta name="csrf" content="([^"]+)">')
TAGS = re.compile(r"<[^>]+>")


@dataclass
class WebBot:
    bot: RunningBot
    web: RunningWeb

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web.port}"

    def visitor(self, **headers: str) -> WebVisitor:
        return WebVisitor(self.url, headers)


@contextlib.asynccontextmanager
async def running_web(app: App, fake: FakeTelegram, framework: str = "aiogram"
                      ) -> AsyncIterator[WebBot]:
    transport = make_transport(app)
    async with running_bot(app, fake, framework, other_channels={"web": transport}) as bot:
        web = await start_web(app, transport, bot.background.replies, host="127.0.0.1", port=0)
        try:
            yield WebBot(bot, web)
        finally:
            await web.close()


@dataclass
class PageMessage:
    id: int
    html: str
    buttons: list[list[list[str]]] = field(default_factory=list)
    ask: dict[str, str] | None = None
    changed: int = 0  # the visitor's change counter when this message last came or changed

    @property
    def plain(self) -> str:
        return TAGS.sub("", self.html).replace("&lt;", "<").replace("&gt;", ">") \
            .replace("&amp;", "&")

    def labels(self) -> list[str]:
        return [b[0] for row in self.buttons for b in row]


class WebVisitor:
    """One phone's browser: its own cookies, the page's CSRF token, the messages shown."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url = url
        self.session = aiohttp.ClientSession(headers={"Accept-Language": "zh-CN", **headers},
                                             cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.csrf = ""
        self.messages: dict[int, PageMessage] = {}
        self.last_id = 0
        self.changes = 0  # a counter of new and edited messages, for waiting on news

    async def close(self) -> None:
        await self.session.close()

    async def __aenter__(self) -> WebVisitor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def open(self, path: str = "/") -> aiohttp.ClientResponse:
        async with self.session.get(self.url + path) as response:
            html = await response.text()
            found = CSRF.search(html)
            if found:
                self.csrf = found.group(1)
            return response

    async def post(self, path: str, json: Any = None, data: Any = None,
                   csrf: str | None = None, **headers: str) -> tuple[int, dict[str, Any]]:
        token = self.csrf if csrf is None else csrf
        async with self.session.post(self.url + path, json=json, data=data,
                                     headers={"X-CSRF-Token": token, **headers}) as response:
            try:
                body = await response.json()
            except (aiohttp.ContentTypeError, ValueError):
                body = {}
            return response.status, body

    async def send(self, kind: str, **fields: Any) -> tuple[int, dict[str, Any]]:
        return await self.post("/api/send", json={"key": secrets.token_hex(8), "kind": kind,
                                                  **fields})

    async def upload(self, kind: str, data: bytes, key: str | None = None
                     ) -> tuple[int, dict[str, Any]]:
        form = aiohttp.FormData()
        form.add_field("kind", kind)
        form.add_field("key", key or secrets.token_hex(8))
        form.add_field("file", data, filename="x", content_type="application/octet-stream")
        return await self.post("/api/upload", data=form)

    async def fetch(self, wait: float = 0) -> int:
        """Ask for news as the page does; returns how many messages came or changed."""
        async with self.session.get(f"{self.url}/api/messages",
                                    params={"after": self.last_id, "wait": wait}) as response:
            body = await response.json()
        for m in body.get("messages", []):
            target = m.get("edit_of") or m["id"]
            self.changes += 1
            self.messages[target] = PageMessage(target, m["html"], m.get("buttons", []),
                                                m.get("ask"), self.changes)
            self.last_id = max(self.last_id, m["id"])
        return len(body.get("messages", []))

    @property
    def ordered(self) -> list[PageMessage]:
        return [self.messages[k] for k in sorted(self.messages)]

    @property
    def last(self) -> PageMessage:
        return self.ordered[-1]

    def shown(self, message: PageMessage) -> str:
        return " ".join([message.plain, *message.labels()])

    async def wait_for(self, words: str, since: int, within: float = 15) -> PageMessage:
        """A message new or changed after change number `since` that shows `words`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while True:
            await self.fetch(wait=0.5)
            fresh = [m for m in self.ordered if m.changed > since and words in self.shown(m)]
            if fresh:
                return fresh[-1]
            if loop.time() > deadline:
                transcript = "\n".join(f"{m.id}: {self.shown(m)}" for m in self.ordered[-6:])
                raise TimeoutError(f"no page message with {words!r} after change {since}:\n"
                                   f"{transcript}")

    def button(self, label: str) -> tuple[int, str]:
        """(message id, payload) of the newest button whose label is or contains `label`."""
        for message in reversed(self.ordered):
            for test in (lambda b: b[0] == label, lambda b: label in b[0]):
                for row in message.buttons:
                    for b in row:
                        if test(b):
                            return message.id, b[1]
        raise LookupError(f"no button {label!r} on the page")

    async def press(self, label: str) -> tuple[int, dict[str, Any]]:
        message_id, data = self.button(label)
        return await self.send("button", data=data, message_id=message_id)
