"""The simulated-user side: wait_for semantics, transcripts, edits, ids."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import call

pytestmark = pytest.mark.asyncio


async def test_wait_for_counts_from_the_call(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    await call(client, "sendMessage", chat_id=1001, text="old")
    waiter = user.wait_for(count=2)
    await call(client, "sendMessage", chat_id=1001, text="new1")
    mid = (await call(client, "sendMessage", chat_id=1001, text="new2"))["result"]["message_id"]
    assert [m.plain for m in await waiter] == ["new1", "new2"]
    # Edits count too (a pressed button usually edits), unless edits=False.
    waiter = user.wait_for(edits=False)
    edit_waiter = user.wait_for()
    await call(client, "editMessageText", chat_id=1001, message_id=mid, text="new2!")
    assert [m.plain for m in await edit_waiter] == ["new2!"]
    await call(client, "sendMessage", chat_id=1001, text="fresh")
    assert [m.plain for m in await waiter] == ["fresh"]


async def test_wait_for_predicate_since_and_timeout(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    mark = user.mark()
    await call(client, "sendMessage", chat_id=1001, text="noise")
    await call(client, "sendMessage", chat_id=1001, text="案件 NC-1")
    got = await user.wait_for(lambda m: "案件" in m.plain, since=mark)
    assert [m.plain for m in got] == ["案件 NC-1"]
    with pytest.raises(TimeoutError) as info:
        await user.wait_for(timeout=0.1)
    assert "案件 NC-1" in str(info.value) and "chat 1001" in str(info.value)


async def test_wait_for_wakes_on_a_message_sent_later(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    waiter = asyncio.ensure_future(user.wait_for(timeout=5))
    await asyncio.sleep(0.05)
    assert not waiter.done()
    await call(client, "sendMessage", chat_id=1001, text="later")
    assert [m.plain for m in await waiter] == ["later"]


async def test_transcript_shows_both_sides(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user(user_id=1002, first_name="Tom", language_code="en")
    user.send_text("/start")
    kb = {"inline_keyboard": [[{"text": "Yes", "callback_data": "y"}]]}
    await call(client, "sendMessage", chat_id=1002, text="<b>Hi</b>", parse_mode="HTML", reply_markup=kb)
    user.press("Yes")
    text = user.transcript()
    assert "#1 Tom: /start" in text and "#2 bot [HTML]: Hi" in text
    assert "[Yes -> y]" in text and "pressed 'y' on #2 (NOT answered)" in text


async def test_users_are_get_or_create_and_ids_are_per_chat(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    a = fake.user(2001, "甲")
    assert fake.user(2001) is a and a.first_name == "甲"
    b = fake.user(2002, "乙", username="yi", last_name="李")
    a.send_text("x")
    b.send_text("y")
    assert b.chat == {"id": 2002, "type": "private", "first_name": "乙", "last_name": "李", "username": "yi"}
    sent = (await call(client, "sendMessage", chat_id=2002, text="z"))["result"]
    assert sent["message_id"] == 2 and a.messages == []
    b.language_code = "en"
    assert b.send_text("hi")["message"]["from"]["language_code"] == "en"


async def test_user_edit_and_contact(fake: FakeTelegram) -> None:
    user = fake.user()
    with pytest.raises(LookupError):
        user.edit_last_text("x")
    original = user.send_text("/report 1")["message"]
    edited = user.edit_last_text("/report 2")["edited_message"]
    assert edited["message_id"] == original["message_id"] and edited["text"] == "/report 2"
    assert edited["edit_date"] >= original["date"]
    own = user.share_contact()["message"]["contact"]
    assert own == {"phone_number": "+8613800138000", "first_name": "王秀英", "user_id": 1001}
    other = user.share_contact("+8613900000000", own=False)["message"]["contact"]
    assert "user_id" not in other
    loc = user.send_location(29.16, 107.1)["message"]["location"]
    assert loc == {"latitude": 29.16, "longitude": 107.1}


async def test_reply_to_and_force_reply(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    asked = await call(client, "sendMessage", chat_id=1001, text="姓名？", reply_markup={"force_reply": True})
    assert user.last.force_reply
    answer = user.send_text("王", reply_to=asked["result"]["message_id"])["message"]
    assert answer["reply_to_message"]["text"] == "姓名？"
    reply = await call(
        client,
        "sendMessage",
        chat_id=1001,
        text="好",
        reply_parameters={"message_id": answer["message_id"]},
    )
    assert reply["result"]["reply_to_message"]["text"] == "王"
    missing = await call(client, "sendMessage", chat_id=1001, text="x", reply_to_message_id=99)
    assert missing["description"] == "Bad Request: message to be replied not found"
