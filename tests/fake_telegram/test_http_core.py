"""The fake over plain HTTP: auth, routing, getUpdates, sending, editing, callbacks."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from bot.fake_telegram import FakeTelegram

from .conftest import TOKEN, call

pytestmark = pytest.mark.asyncio


async def test_get_me_uses_token_prefix_as_bot_id(client: httpx.AsyncClient) -> None:
    body = await call(client, "getMe")
    assert body["result"]["id"] == 123456
    assert body["result"]["is_bot"] is True
    assert body["result"]["username"] == "safety_net_bot"


async def test_bad_token_is_unauthorized(fake: FakeTelegram) -> None:
    async with httpx.AsyncClient() as c:
        r = await c.post(f"{fake.base_url}/botnot-a-token/getMe")
    assert r.status_code == 401
    assert r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


async def test_unknown_method_is_404_and_names_are_case_insensitive(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    r = await client.post("/fooBar")
    assert r.status_code == 404 and r.json()["description"] == "Not Found"
    assert (await call(client, "GETME"))["ok"]
    assert fake.requests[-1].method == "getMe"


async def test_get_updates_offset_confirms_and_limit(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    for i in range(3):
        user.send_text(f"m{i}")
    updates = (await call(client, "getUpdates", limit=2))["result"]
    assert [u["update_id"] for u in updates] == [1, 2]
    # Without an offset nothing is confirmed: the same updates come back.
    assert (await call(client, "getUpdates"))["result"][0]["update_id"] == 1
    rest = (await call(client, "getUpdates", offset=3))["result"]
    assert [u["message"]["text"] for u in rest] == ["m2"]
    assert (await call(client, "getUpdates", offset=4))["result"] == []
    assert fake.get_updates_calls == 4


async def test_long_poll_answers_as_soon_as_an_update_arrives(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    user = fake.user()
    started = time.monotonic()
    poll = asyncio.create_task(call(client, "getUpdates", timeout=5))
    await asyncio.sleep(0.1)
    user.send_text("/start abc")
    result = (await poll)["result"]
    assert time.monotonic() - started < 2
    message = result[0]["message"]
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert message["chat"] == {"id": 1001, "type": "private", "first_name": "王秀英"}
    assert message["from"]["language_code"] == "zh-hans"


async def test_long_poll_times_out_with_empty_list(client: httpx.AsyncClient) -> None:
    started = time.monotonic()
    assert (await call(client, "getUpdates", timeout=0.3))["result"] == []
    assert time.monotonic() - started >= 0.25


async def test_send_message_validation(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()
    cases = [
        ({"chat_id": 999, "text": "x"}, "Bad Request: chat not found"),
        ({"chat_id": 1001, "text": ""}, "Bad Request: message text is empty"),
        ({"chat_id": 1001, "text": "  \n "}, "Bad Request: message text is empty"),
        ({"chat_id": 1001, "text": "x" * 4097}, "Bad Request: message is too long"),
        (
            {"chat_id": 1001, "text": "<i>a</b>", "parse_mode": "HTML"},
            "Bad Request: can't parse entities: Unmatched end tag",
        ),
        (
            {
                "chat_id": 1001,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "a", "callback_data": "é" * 33}]]},
            },
            "Bad Request: BUTTON_DATA_INVALID",
        ),
        (
            {"chat_id": 1001, "text": "x", "reply_markup": {"inline_keyboard": [[{"text": "a"}]]}},
            "Bad Request: can't parse inline keyboard button",
        ),
    ]
    for params, description in cases:
        body = await call(client, "sendMessage", **params)
        assert body["ok"] is False and body["error_code"] == 400, params
        assert body["description"].startswith(description), body
    assert fake.user().messages == []


async def test_length_limit_counts_text_after_entity_parsing(
    client: httpx.AsyncClient, fake: FakeTelegram
) -> None:
    fake.user()
    text = "<b>" + "x" * 4096 + "</b>"
    assert (await call(client, "sendMessage", chat_id=1001, text=text, parse_mode="HTML"))["ok"]


async def test_send_message_result_and_bot_message(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    user.send_text("hi")
    markup = {
        "inline_keyboard": [
            [{"text": "是", "callback_data": "yes"}, {"text": "网站", "url": "https://example.org"}]
        ]
    }
    body = await call(
        client,
        "sendMessage",
        chat_id="1001",
        text="<b>你好</b> &amp; welcome",
        parse_mode="HTML",
        reply_markup=markup,
    )
    result = body["result"]
    assert result["message_id"] == 2  # the user's "hi" was 1: ids are per chat, shared
    assert result["from"]["is_bot"] is True and result["text"] == "你好 & welcome"
    assert result["entities"] == [{"offset": 0, "length": 2, "type": "bold"}]
    assert result["reply_markup"] == markup
    msg = user.last
    assert msg.html == "<b>你好</b> &amp; welcome" and msg.plain == "你好 & welcome"
    assert msg.button_texts() == ["是", "网站"]
    assert msg.buttons[0][1] == {"text": "网站", "url": "https://example.org"}
    assert msg.parse_mode == "HTML" and msg.kind == "text" and isinstance(msg.date, int)


async def test_form_and_query_encodings(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    markup = json.dumps({"keyboard": [[{"text": "📱", "request_contact": True}]], "resize_keyboard": True})
    r = await client.post("/sendMessage", data={"chat_id": "1001", "text": "form", "reply_markup": markup})
    assert r.json()["ok"], r.json()
    assert user.last.reply_keyboard == [[{"text": "📱", "request_contact": True, "request_location": False}]]
    assert user.keyboard == user.last.reply_keyboard
    r = await client.post(
        "/sendMessage",
        files={"x": ("a.txt", b"unused")},
        data={"chat_id": "1001", "text": "multi", "reply_markup": json.dumps({"remove_keyboard": True})},
    )
    assert r.json()["ok"], r.json()
    assert user.last.removed_keyboard and user.keyboard is None
    r = await client.get("/sendMessage", params={"chat_id": 1001, "text": "query"})
    assert r.json()["ok"]
    assert [m.text for m in user.messages] == ["form", "multi", "query"]


async def test_edit_message_text_rules(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    kb = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    sent = (await call(client, "sendMessage", chat_id=1001, text="one", reply_markup=kb))["result"]
    mid = sent["message_id"]
    same = await call(client, "editMessageText", chat_id=1001, message_id=mid, text="one", reply_markup=kb)
    assert same["description"].startswith("Bad Request: message is not modified: specified new")
    edited = await call(
        client, "editMessageText", chat_id=1001, message_id=mid, text="<i>two</i>", parse_mode="HTML"
    )
    assert edited["ok"] and "edit_date" in edited["result"]
    assert "reply_markup" not in edited["result"]  # no reply_markup in an edit drops the keyboard
    msg = user.last
    assert msg.plain == "two" and msg.edited == 1 and msg.buttons == []
    missing = await call(client, "editMessageText", chat_id=1001, message_id=99, text="x")
    assert missing["description"] == "Bad Request: message to edit not found"
    markup_only = await call(client, "editMessageReplyMarkup", chat_id=1001, message_id=mid, reply_markup=kb)
    assert markup_only["ok"] and user.last.button_texts() == ["A"] and user.last.edited == 2


async def test_delete_message(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    mid = (await call(client, "sendMessage", chat_id=1001, text="bye"))["result"]["message_id"]
    assert (await call(client, "deleteMessage", chat_id=1001, message_id=mid))["result"] is True
    assert user.messages == [] and user.all_messages[0].deleted
    again = await call(client, "deleteMessage", chat_id=1001, message_id=mid)
    assert again["description"] == "Bad Request: message to delete not found"


async def test_callback_round_trip_and_answer_tracking(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    kb = {"inline_keyboard": [[{"text": "确认", "callback_data": "ok:1"}]]}
    await call(client, "sendMessage", chat_id=1001, text="sure?", reply_markup=kb)
    update = user.press("确认")
    query = update["callback_query"]
    assert query["data"] == "ok:1" and query["message"]["text"] == "sure?"
    assert query["from"]["id"] == 1001 and query["chat_instance"]
    assert [c.data for c in fake.unanswered_callbacks()] == ["ok:1"]
    ans = await call(client, "answerCallbackQuery", callback_query_id=query["id"], text="好")
    assert ans["result"] is True and fake.unanswered_callbacks() == []
    again = await call(client, "answerCallbackQuery", callback_query_id=query["id"])
    assert again["description"].startswith("Bad Request: query is too old")
    with pytest.raises(LookupError):
        user.press("nope")
    mid = query["message"]["message_id"]
    forged = user.press_on(mid, "admin:delete_all")["callback_query"]
    assert forged["data"] == "admin:delete_all" and forged["message"]["message_id"] == mid
    await call(client, "deleteMessage", chat_id=1001, message_id=mid)
    stale = user.press_on(mid, "ok:1")["callback_query"]
    assert stale["message"] == {"chat": query["message"]["chat"], "message_id": mid, "date": 0}
    with pytest.raises(LookupError):
        user.press_on(99, "never-existed")


async def test_redeliver_and_next_update_id(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    first = user.send_text("a")
    got = (await call(client, "getUpdates"))["result"]
    assert (await call(client, "getUpdates", offset=got[-1]["update_id"] + 1))["result"] == []
    fake.redeliver(first["update_id"])
    fake.next_update_id = 50
    user.send_text("b")
    again = (await call(client, "getUpdates", offset=2))["result"]
    assert [u["update_id"] for u in again] == [1, 50]
    assert again[0] == first


async def test_commands_and_menu(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    cmds = [{"command": "start", "description": "开始"}]
    assert (await call(client, "setMyCommands", commands=cmds, language_code="zh"))["ok"]
    assert (await call(client, "setMyCommands", commands=cmds, scope={"type": "all_private_chats"}))["ok"]
    assert fake.commands[("default", "zh")] == cmds
    assert fake.commands[("all_private_chats", "")] == cmds
    assert (await call(client, "getMyCommands", language_code="zh"))["result"] == cmds
    assert (await call(client, "deleteMyCommands", language_code="zh"))["ok"]
    assert ("default", "zh") not in fake.commands
    bad = await call(client, "setMyCommands", commands=[{"command": "Bad-Cmd", "description": "x"}])
    assert bad["error_code"] == 400
    assert (await call(client, "setChatMenuButton", menu_button={"type": "commands"}))["ok"]
    assert fake.menu_buttons[None] == {"type": "commands"}


async def test_webhook_calls_and_chat_action(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    user = fake.user()
    user.send_text("x")
    assert (await call(client, "deleteWebhook", drop_pending_updates=True))["result"] is True
    assert fake.pending_updates == []
    info = (await call(client, "getWebhookInfo"))["result"]
    assert info["url"] == "" and info["pending_update_count"] == 0
    assert (await call(client, "sendChatAction", chat_id=1001, action="typing"))["result"]
    assert user.chat_actions == ["typing"]
    assert (await call(client, "logOut"))["ok"] and (await call(client, "close"))["ok"]


async def test_requests_are_recorded(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()
    await call(client, "sendMessage", chat_id=1001, text="x")
    await call(client, "sendMessage", chat_id=5, text="x")
    sends = fake.calls("sendMessage")
    assert [(r.status, r.params["chat_id"]) for r in sends] == [(200, 1001), (400, 5)]
    assert sends[0].at <= sends[1].at and sends[0].wall_time > 0


async def test_on_bot_message_listener(client: httpx.AsyncClient, fake: FakeTelegram) -> None:
    fake.user()
    events: list[tuple[str, str]] = []
    unsubscribe = fake.on_bot_message(lambda m, e: events.append((e, m.plain)))
    mid = (await call(client, "sendMessage", chat_id=1001, text="a"))["result"]["message_id"]
    await call(client, "editMessageText", chat_id=1001, message_id=mid, text="b")
    unsubscribe()
    await call(client, "sendMessage", chat_id=1001, text="c")
    assert events == [("sent", "a"), ("edited", "b")]


async def test_only_given_token_accepted_when_configured() -> None:
    fake = FakeTelegram(token=TOKEN)
    base = await fake.start()
    try:
        async with httpx.AsyncClient() as c:
            assert (await c.get(f"{base}/bot{TOKEN}/getMe")).status_code == 200
            assert (await c.get(f"{base}/bot1:other/getMe")).status_code == 401
    finally:
        await fake.stop()


async def test_abandoned_long_poll_does_not_swallow_a_redelivery(fake: FakeTelegram) -> None:
    user = fake.user()
    first = user.send_text("a")
    async with httpx.AsyncClient(base_url=f"{fake.base_url}/bot{TOKEN}") as c:
        await call(c, "getUpdates", offset=first["update_id"] + 1)
        with pytest.raises(httpx.ReadTimeout):
            await c.post("/getUpdates", json={"offset": 2, "timeout": 5}, timeout=0.2)
    await asyncio.sleep(0.1)  # the server notices the closed connection
    fake.redeliver(first["update_id"])
    async with httpx.AsyncClient(base_url=f"{fake.base_url}/bot{TOKEN}") as c:
        again = (await call(c, "getUpdates", offset=2))["result"]
    assert [u["update_id"] for u in again] == [first["update_id"]]
