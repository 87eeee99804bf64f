"""Fault injection: scripted statuses, delays, blocked users and Telegram-like rate limits."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import call

pytestmark = pytest.mark.asyncio


async def test_injected_429_then_success(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    fake.inject(method="sendMessage", status=429, retry_after=3, times=1)
    first = await call(client, "sendMessage", chat_id=1001, text="a")
    assert first == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    assert (await call(client, "sendMessage", chat_id=1001, text="a"))["ok"]
    assert [r.status for r in fake.calls("sendMessage")] == [429, 200]
    assert len(user.messages) == 1


@pytest.mark.parametrize(
    ("status", "description"),
    [(500, "Internal Server Error"), (502, "Bad Gateway"), (403, "Forbidden: bot was blocked by the user")],
)
async def test_injected_statuses(
    client: httpx.AsyncClient, fake: FakeTelegram, status: int, description: str
) -> None:
    fake.user()
    fake.inject("sendMessage", status=status, times=2)
    for _ in range(2):
        body = await call(client, "sendMessage", chat_id=1001, text="x")
        assert body == {"ok": False, "error_code": status, "description": description}
    assert (await call(client, "sendMessage", chat_id=1001, text="x"))["ok"]


async def test_fault_limited_to_one_chat_and_method(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user(1001)
    fake.user(1002)
    fault = fake.inject("sendmessage", status=500, times=None, chat_id=1002)
    assert (await call(client, "sendMessage", chat_id=1001, text="x"))["ok"]
    assert (await call(client, "sendChatAction", chat_id=1002, action="typing"))["ok"]
    for _ in range(3):
        assert (await call(client, "sendMessage", chat_id=1002, text="x"))["error_code"] == 500
    assert fault.hits == 3
    fake.clear_faults()
    assert (await call(client, "sendMessage", chat_id=1002, text="x"))["ok"]


async def test_delay_answers_late_but_the_message_is_delivered(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    user = fake.user()
    fake.inject("sendMessage", status=None, delay=0.4)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        await client.post("/sendMessage", json={"chat_id": 1001, "text": "slow"}, timeout=0.1)
    await user.wait_until(lambda: len(user.messages) == 1, timeout=2)
    assert time.monotonic() - started < 0.4  # delivered before the answer would have come


async def test_delay_with_status_fails_late(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    fake.inject("sendMessage", status=502, delay=0.2)
    started = time.monotonic()
    body = await call(client, "sendMessage", chat_id=1001, text="lost")
    assert body["error_code"] == 502 and time.monotonic() - started >= 0.2
    assert user.messages == []


async def test_block_and_unblock(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    fake.block(user.id)
    for method, params in [
        ("sendMessage", {"text": "x"}),
        ("sendChatAction", {"action": "typing"}),
        ("editMessageText", {"message_id": 1, "text": "x"}),
    ]:
        body = await call(client, method, chat_id=1001, **params)
        assert body == {
            "ok": False,
            "error_code": 403,
            "description": "Forbidden: bot was blocked by the user",
        }
    fake.unblock(user.id)
    assert (await call(client, "sendMessage", chat_id=1001, text="x"))["ok"]
    assert fake.calls("sendMessage")[0].status == 403


async def test_enforced_limits_answer_429(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    for uid in (1001, 1002, 1003):
        fake.user(uid)
    fake.enforce_limits(per_chat_per_s=1, overall_per_s=2)
    assert (await call(client, "sendMessage", chat_id=1001, text="1"))["ok"]
    per_chat = await call(client, "sendMessage", chat_id=1001, text="2")
    assert per_chat["error_code"] == 429 and per_chat["parameters"]["retry_after"] >= 1
    assert (await call(client, "sendMessage", chat_id=1002, text="1"))["ok"]
    overall = await call(client, "sendMessage", chat_id=1003, text="1")
    assert overall["error_code"] == 429
    # Edits and chat actions are not flood-limited here.
    assert (await call(client, "sendChatAction", chat_id=1001, action="typing"))["ok"]


async def test_stop_releases_long_polls_and_delays() -> None:
    fake = FakeTelegram()
    base = await fake.start()
    fake.user()
    fake.inject("sendMessage", status=500, delay=30)
    async with httpx.AsyncClient(base_url=f"{base}/bot1:a", timeout=10) as c:
        poll = asyncio.create_task(c.post("/getUpdates", json={"timeout": 30}))
        slow = asyncio.create_task(c.post("/sendMessage", json={"chat_id": 1001, "text": "x"}))
        await fake.wait_until(lambda: fake.get_updates_calls == 1 and len(fake.requests) == 2)
        started = time.monotonic()
        await fake.stop()
        assert (await poll).json() == {"ok": True, "result": []}
        assert (await slow).json()["error_code"] == 500
        assert time.monotonic() - started < 3
