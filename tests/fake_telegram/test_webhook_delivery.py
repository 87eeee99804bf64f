"""Webhook delivery: after setWebhook the fake POSTs each update to the URL with the secret
header, never more than max_connections at once, tries a failed one again until it gets 200,
answers getUpdates with 409 meanwhile, and spreads POSTs over several targets in turn."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.fake_telegram import FakeTelegram

from .conftest import call

SECRET = "s3cret-token"
Answer = Callable[[dict[str, Any]], Awaitable[int]]


class Receiver:
    """A bot's webhook endpoint: records what it got, answers what `answer` says."""

    def __init__(self) -> None:
        self.got: list[tuple[int, str]] = []  # (update_id, secret header)
        self.in_flight = 0
        self.most_in_flight = 0
        self.answer: Answer = self._ok
        self.url = ""
        self._runner: web.AppRunner | None = None

    @staticmethod
    async def _ok(update: dict[str, Any]) -> int:
        return 200

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            status = await self.answer(update)
        finally:
            self.in_flight -= 1
        self.got.append((update["update_id"], request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")))
        return web.Response(status=status, text="ok")

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/hook"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def receivers() -> AsyncIterator[list[Receiver]]:
    made = [Receiver(), Receiver()]
    for receiver in made:
        await receiver.start()
    yield made
    for receiver in made:
        await receiver.stop()


async def test_updates_are_posted_with_the_secret_and_getupdates_conflicts(
        fake: FakeTelegram, client: httpx.AsyncClient, receivers: list[Receiver]) -> None:
    hook = receivers[0]
    assert (await call(client, "setWebhook", url=hook.url, secret_token=SECRET))["result"] is True
    user = fake.user(5001)
    user.send_text("one")
    user.send_text("two")
    await fake.wait_until(lambda: len(hook.got) == 2, 10)
    assert sorted(u for u, _ in hook.got) == [1, 2]
    assert {secret for _, secret in hook.got} == {SECRET}
    assert fake.pending_updates == []  # answered 200: delivered, nothing left queued

    conflict = await client.post("/getUpdates", json={"timeout": 0})
    assert conflict.status_code == 409 and "webhook is active" in conflict.json()["description"]
    info = (await call(client, "getWebhookInfo"))["result"]
    assert info["url"] == hook.url and info["max_connections"] == 40

    await call(client, "deleteWebhook")
    user.send_text("three")
    polled = (await call(client, "getUpdates", timeout=0))["result"]
    assert [u["message"]["text"] for u in polled] == ["three"]


async def test_a_failed_post_is_tried_again_until_answered_200(
        fake: FakeTelegram, client: httpx.AsyncClient, receivers: list[Receiver]) -> None:
    hook = receivers[0]
    answers = iter([503, 500, 200])

    async def flaky(update: dict[str, Any]) -> int:
        return next(answers, 200)

    hook.answer = flaky
    await call(client, "setWebhook", url=hook.url, secret_token=SECRET)
    fake.user(5002).send_text("hello")
    await fake.wait_until(lambda: any(d.status == 200 for d in fake.webhook_deliveries), 15)
    assert [d.status for d in fake.webhook_deliveries] == [503, 500, 200]
    assert [u for u, _ in hook.got] == [1, 1, 1]  # the same update each time


async def test_a_receiver_that_is_down_gets_the_update_once_it_listens(
        fake: FakeTelegram, client: httpx.AsyncClient, receivers: list[Receiver]) -> None:
    hook = receivers[0]
    url = hook.url
    await hook.stop()  # nobody listens there now: connection refused
    await call(client, "setWebhook", url=url)
    fake.user(5003).send_text("anyone there?")
    await fake.wait_until(lambda: len(fake.webhook_deliveries) >= 2, 15)
    assert {d.status for d in fake.webhook_deliveries} == {0}
    fake.webhook_targets = [receivers[1].url]  # the bot is back (behind another address)
    await fake.wait_until(lambda: len(receivers[1].got) == 1, 15)
    assert receivers[1].got[0][0] == 1


async def test_no_more_than_max_connections_at_once_and_targets_in_turn(
        fake: FakeTelegram, client: httpx.AsyncClient, receivers: list[Receiver]) -> None:
    release = asyncio.Event()

    async def slow(update: dict[str, Any]) -> int:
        await release.wait()
        return 200

    for receiver in receivers:
        receiver.answer = slow
    await call(client, "setWebhook", url=receivers[0].url, max_connections=3)
    fake.webhook_targets = [r.url for r in receivers]
    for n in range(8):
        fake.user(5100 + n).send_text(f"update {n}")
    await fake.wait_until(lambda: sum(r.in_flight for r in receivers) == 3, 10)
    await asyncio.sleep(0.3)  # a fourth POST would have started by now
    assert sum(r.in_flight for r in receivers) == 3
    release.set()
    await fake.wait_until(lambda: sum(len(r.got) for r in receivers) == 8, 10)
    assert sorted(u for r in receivers for u, _ in r.got) == list(range(1, 9))
    assert len(receivers[0].got) == len(receivers[1].got) == 4  # in turn


async def test_one_chats_next_update_waits_for_the_answer_to_its_previous_one(
        fake: FakeTelegram, client: httpx.AsyncClient, receivers: list[Receiver]) -> None:
    """As Telegram does: two workers behind a balancer never get one chat's updates at once,
    while another chat's update goes out meanwhile."""
    release = asyncio.Event()
    started: list[int] = []

    async def slow(update: dict[str, Any]) -> int:
        started.append(update["update_id"])
        await release.wait()
        return 200

    for receiver in receivers:
        receiver.answer = slow
    await call(client, "setWebhook", url=receivers[0].url)
    fake.webhook_targets = [r.url for r in receivers]
    resident, neighbour = fake.user(5201), fake.user(5202)
    resident.send_text("赵大")
    resident.send_text("13800138000")
    neighbour.send_text("你好")
    await fake.wait_until(lambda: len(started) == 2, 10)
    await asyncio.sleep(0.3)  # the resident's second update would have gone out by now
    assert started == [1, 3]
    release.set()
    await fake.wait_until(lambda: sum(len(r.got) for r in receivers) == 3, 10)
    assert started == [1, 3, 2]
