"""Seeded random faults and the connection-level fault kinds, seen by a real HTTP client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import call

pytestmark = pytest.mark.asyncio

NETWORK = "network error"


async def outcome(client: httpx.AsyncClient, method: str, **params: Any) -> int | str:
    """The HTTP status of one call, or NETWORK when the connection broke without an answer."""
    try:
        response = await client.post(f"/{method}", json=params)
    except httpx.TransportError:
        return NETWORK
    return response.status_code


async def test_500_stores_nothing(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    faults = fake.faults.random_faults(methods=("sendMessage",), rate=1.0, seed=1, kinds=("500",))
    body = await call(client, "sendMessage", chat_id=1001, text="x")
    assert body == {"ok": False, "error_code": 500, "description": "Internal Server Error"}
    assert user.messages == []
    assert faults.injected == {"429": 0, "500": 1, "drop_before": 0, "lost_after": 0}
    assert [(r.status, r.fault) for r in fake.calls("sendMessage")] == [(500, "500")]


async def test_429_carries_retry_after(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    fake.faults.random_faults(rate=1.0, seed=1, kinds=("429",), retry_after=2)
    body = await call(client, "editMessageText", chat_id=1001, message_id=1, text="x")
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 2",
        "parameters": {"retry_after": 2},
    }
    assert user.messages == []


async def test_drop_before_stores_nothing_and_breaks_the_connection(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    user = fake.user()
    faults = fake.faults.random_faults(rate=1.0, seed=1, kinds=("drop_before",))
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/sendMessage", json={"chat_id": 1001, "text": "x"})
    assert user.messages == []
    assert faults.lost == [] and faults.injected["drop_before"] == 1
    (record,) = fake.calls("sendMessage")
    assert (record.status, record.fault) == (None, "drop_before")
    assert "drop_before" in user.transcript()


async def test_lost_after_stores_the_message_but_the_answer_is_lost(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    user = fake.user()
    faults = fake.faults.random_faults(rate=1.0, seed=1, kinds=("lost_after",))
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/sendMessage", json={"chat_id": 1001, "text": "已收到"})
    (stored,) = user.messages
    assert stored.plain == "已收到"
    assert faults.lost_message_ids == [stored.message_id] == fake.faults.lost_message_ids
    assert f"#{stored.message_id} done, then the answer was lost (lost_after" in user.transcript()
    faults.stop()
    # The client's retry makes the one duplicate the counters allow.
    assert (await call(client, "sendMessage", chat_id=1001, text="已收到"))["ok"]
    assert [m.plain for m in user.messages] == ["已收到", "已收到"]


async def test_lost_after_applies_an_edit(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    message_id = (await call(client, "sendMessage", chat_id=1001, text="old"))["result"]["message_id"]
    faults = fake.faults.random_faults(rate=1.0, seed=1, kinds=("lost_after",))
    assert (
        await outcome(client, "editMessageText", chat_id=1001, message_id=message_id, text="new") == NETWORK
    )
    assert user.last.plain == "new"
    assert [(r.method, r.message_id) for r in faults.lost] == [("editMessageText", message_id)]
    assert faults.lost_message_ids == []  # an edit stores no second message
    faults.stop()
    retry = await call(client, "editMessageText", chat_id=1001, message_id=message_id, text="new")
    assert retry["description"].startswith("Bad Request: message is not modified")


async def test_same_seed_same_faults(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()

    async def run(seed: int) -> list[int | str]:
        faults = fake.faults.random_faults(rate=0.3, seed=seed)
        results = [await outcome(client, "sendMessage", chat_id=1001, text=str(i)) for i in range(60)]
        faults.stop()
        return results

    first, again, other = await run(1234), await run(1234), await run(99)
    assert first == again
    assert first != other
    assert {200, 429, 500, NETWORK} <= set(first)


async def test_rate_is_roughly_honoured_and_counters_match(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    user = fake.user()
    faults = fake.faults.random_faults(methods="sendMessage", rate=0.2, seed=2024)
    results = [await outcome(client, "sendMessage", chat_id=1001, text=str(i)) for i in range(500)]
    n = faults.injected
    assert 70 <= faults.total <= 130 and faults.calls == 500
    assert all(count > 0 for count in n.values()), n
    assert results.count(429) == n["429"] and results.count(500) == n["500"]
    assert results.count(NETWORK) == n["drop_before"] + n["lost_after"]
    assert len(user.messages) == 500 - n["429"] - n["500"] - n["drop_before"]
    assert len(faults.lost_message_ids) == n["lost_after"]
    assert sum(kind is not None for _, kind in faults.decisions) == faults.total


async def test_kind_weights(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()
    faults = fake.faults.random_faults(rate=1.0, seed=5, kinds={"429": 3, "500": 1, "lost_after": 0})
    for i in range(200):
        await outcome(client, "sendMessage", chat_id=1001, text=str(i))
    assert faults.injected["lost_after"] == faults.injected["drop_before"] == 0
    assert faults.injected["429"] > 2 * faults.injected["500"] > 0
    with pytest.raises(ValueError, match="kinds"):
        fake.faults.random_faults(kinds=("timeout",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="rate"):
        fake.faults.random_faults(rate=20)


async def test_other_methods_are_untouched(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()
    faults = fake.faults.random_faults(rate=1.0, seed=3, kinds=("500",))
    assert (await call(client, "getMe"))["ok"]
    assert (await call(client, "getUpdates", timeout=0))["ok"]
    assert (await call(client, "sendChatAction", chat_id=1001, action="typing"))["ok"]
    assert faults.calls == 0
    # methods=None: every method except the plumbing a bot needs to start and poll.
    fake.faults.clear()
    everything = fake.faults.random_faults(methods=None, rate=1.0, seed=3, kinds=("500",))
    assert (await call(client, "getMe"))["ok"]
    assert (await call(client, "getUpdates", timeout=0))["ok"]
    assert (await call(client, "setMyCommands", commands=[{"command": "start", "description": "s"}]))["ok"]
    assert await outcome(client, "sendChatAction", chat_id=1001, action="typing") == 500
    assert everything.calls == 1


async def test_scripted_faults_win_and_stop_ends_random_ones(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    fake.user()
    faults = fake.faults.random_faults(rate=1.0, seed=3, kinds=("500",))
    fake.inject("sendMessage", status=429, retry_after=4)
    assert await outcome(client, "sendMessage", chat_id=1001, text="a") == 429
    assert await outcome(client, "sendMessage", chat_id=1001, text="b") == 500
    assert faults.calls == 1  # the scripted fault used no random draw
    faults.stop()
    assert await outcome(client, "sendMessage", chat_id=1001, text="c") == 200
    again = fake.random_faults(rate=1.0, seed=3, kinds=("500",))
    fake.clear_faults()
    assert await outcome(client, "sendMessage", chat_id=1001, text="d") == 200
    assert not again.active and again.total == 0


@pytest.mark.parametrize(
    ("kind", "expected", "stored"),
    [("500", 500, 0), ("drop_before", NETWORK, 0), ("lost_after", NETWORK, 1), ("429", 429, 0)],
)
async def test_scripted_kinds(
    client: httpx.AsyncClient, fake: FakeTelegram, kind: Any, expected: int | str, stored: int
) -> None:
    user = fake.user()
    fault = fake.inject(method="sendMessage", kind=kind, times=1)
    assert await outcome(client, "sendMessage", chat_id=1001, text="x") == expected
    assert len(user.messages) == stored
    assert fault.lost_message_ids == [m.message_id for m in user.messages]
    assert await outcome(client, "sendMessage", chat_id=1001, text="y") == 200


async def test_scripted_drop_before_waits_out_its_delay(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    fake.user()
    fake.inject("sendMessage", kind="drop_before", delay=0.3)
    with pytest.raises(httpx.ReadTimeout):
        await client.post("/sendMessage", json={"chat_id": 1001, "text": "x"}, timeout=0.1)
