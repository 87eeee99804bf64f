"""The WeCom channel against the fake WeCom server: callbacks checked, recorded once and
answered; cards paged by six and updated once per response code; tokens renewed; WeCom's
error codes as the outbox's failure kinds; voice from another channel as a file."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.wecom.transport import WeComTransport
from cases.clock import MovableClock
from chat.media import carry
from chat.replies import Button, Edit, Text, Voice
from chat.transport import SendFailure
from storage.tables import inbox
from tests.support.wecom import WeComBot, until


def transport(running: WeComBot) -> WeComTransport:
    return running.channel.transport


def row(*labels: str) -> list[Button]:
    return [Button(label, f"x:{label}") for label in labels]


async def test_the_url_check_answers_the_echo_only_when_signed(running: WeComBot) -> None:
    wecom = running.wecom
    sealed = wecom.sealer.seal("8829716329178")
    query = {"msg_signature": wecom.sealer.sign(wecom.token, "1700000000", "42", sealed),
             "timestamp": "1700000000", "nonce": "42", "echostr": sealed}
    async with aiohttp.ClientSession() as http:
        async with http.get(wecom.callback_url, params=query) as answer:
            assert (answer.status, await answer.text()) == (200, "8829716329178")
        async with http.get(wecom.callback_url, params={**query, "nonce": "43"}) as answer:
            assert answer.status == 403


async def test_a_bad_signature_is_refused_and_logged_without_its_content(
        running: WeComBot, caplog: pytest.LogCaptureFixture) -> None:
    wecom, user = running.wecom, running.wecom.user("wangwu")
    query, body = wecom.callback_body(user, {"MsgType": "text", "Content": "电话 13800138000",
                                             "MsgId": "5000000000000000001"})
    forged = {**query, "msg_signature": "0" * 40}
    with caplog.at_level(logging.DEBUG):
        assert await wecom.post(forged, body) == 403
    assert "refused a WeCom callback: bad signature" in caplog.text
    sealed = body.split("CDATA[")[2].split("]]")[0]
    assert "13800138000" not in caplog.text and sealed[:20] not in caplog.text
    async with running.bot.app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(inbox))).scalar() == 0
    assert user.all_messages == []


async def test_a_callback_signed_days_ago_is_refused(running: WeComBot) -> None:
    wecom, user = running.wecom, running.wecom.user("qianer")
    query, body = wecom.callback_body(user, {"MsgType": "text", "Content": "/start",
                                             "MsgId": "5000000000000000003"})
    sealed = body.split("CDATA[")[2].split("]]")[0]
    old = str(int(query["timestamp"]) - 2 * 86400)  # a replay of a callback two days old
    replay = {**query, "timestamp": old,
              "msg_signature": wecom.sealer.sign(wecom.token, old, query["nonce"], sealed)}
    assert await wecom.post(replay, body) == 403
    assert await wecom.post(query, body) == 200


async def test_a_redelivered_callback_is_handled_once(running: WeComBot) -> None:
    wecom, user = running.wecom, running.wecom.user("zhaoliu")
    query, body = wecom.callback_body(user, {"MsgType": "text", "Content": "/start",
                                             "MsgId": "5000000000000000002"})
    # WeCom sends a callback again when no answer came within 5 s: the same MsgId.
    assert [await wecom.post(query, body) for _ in range(3)] == [200, 200, 200]
    await until(running, user, "同意")
    await running.bot.edge.background.replies.sweep()
    await running.channel.pump.drain()
    await asyncio.sleep(0.3)
    assert sum("同意" in m.text for m in user.all_messages) == 1, user.transcript()


async def test_more_than_six_buttons_go_on_further_cards(running: WeComBot) -> None:
    user = running.wecom.user("sunqi")
    labels = [f"选项{i}" for i in range(1, 9)]
    await transport(running).deliver(user.id, Text("<b>请选择</b>", [row(*labels[:4]),
                                                                    row(*labels[4:])]))
    first, second = user.all_messages
    assert first.text == "请选择" and first.button_texts() == labels[:6]
    assert "更多选项（2/2）" in second.text and second.button_texts() == labels[6:]
    # Pressing a button on the second card names that card.
    second_press = await until(running, user, "选项8")
    assert second_press.task_id is not None and second_press.task_id != first.task_id


async def test_a_card_changes_once_per_code_then_a_short_message_follows(
        running: WeComBot, clock: MovableClock) -> None:
    wecom, user = running.wecom, running.wecom.user("zhouba")
    send = transport(running).deliver
    sent = await send(user.id, Text("案件 A：待受理", [row("受理", "退回")]))
    assert sent.message_id is not None
    await send(user.id, Edit(sent.message_id, "案件 A：已受理", [row("记录走访")]))
    card = user.all_messages[0]
    assert (len(user.all_messages), card.edited, card.text) == (1, 1, "案件 A：已受理")

    # The send's code is spent: the next change is a short new message, the card stays.
    await send(user.id, Edit(sent.message_id, "案件 A：已走访", [row("提出意见")], short="案件 A 已更新"))
    assert [m.text for m in user.all_messages] == ["案件 A：已受理", "案件 A 已更新"]
    assert user.all_messages[1].button_texts() == ["提出意见"]

    # A press on the card brings a fresh code (recorded with the callback): one change more.
    query, body = wecom.callback_body(user, {
        "MsgType": "event", "Event": "template_card_event", "EventKey": "x:记录走访",
        "TaskId": card.task_id or "", "CardType": "button_interaction",
        "ResponseCode": wecom.new_code(card)})
    assert await wecom.post(query, body) == 200
    await send(user.id, Edit(sent.message_id, "案件 A：走访中", [row("完成")]))
    assert (card.edited, card.text) == (2, "案件 A：走访中")
    # WeCom sends that press again: its code is spent, the next change is a new message.
    assert await wecom.post(query, body) == 200
    await send(user.id, Edit(sent.message_id, "案件 A：再改", [row("完成")], short="案件 A 又更新"))
    await until(running, user, "案件 A 又更新", since=1)
    assert (card.edited, card.text) == (2, "案件 A：走访中")
    assert not any(path == "update_template_card" for path, _ in wecom.refused)  # not even tried

    # A code older than 72 hours is no good either.
    user.press_key(card, "x:完成")
    await wecom.settled()
    clock.advance(timedelta(hours=73))
    await send(user.id, Edit(sent.message_id, "案件 A：已完成", [row("查看")], short="案件 A 已完成"))
    await until(running, user, "案件 A 已完成", since=1)
    assert (card.edited, card.text) == (2, "案件 A：走访中")


async def test_an_expired_token_is_renewed(running: WeComBot) -> None:
    wecom, user = running.wecom, running.wecom.user("wujiu")
    await transport(running).deliver(user.id, Text("第一条"))
    asked = wecom.token_requests
    wecom.expire_tokens()
    await transport(running).deliver(user.id, Text("第二条"))
    assert [m.text for m in user.all_messages] == ["第一条", "第二条"]
    assert wecom.token_requests == asked + 1
    assert ("message/send", 42001) in wecom.refused


@pytest.mark.parametrize(("errcode", "kind"), [(45009, "retry_after"), (45033, "retry_after"),
                                               (-1, "server"), (60020, "server"),
                                               (81013, "blocked"),
                                               (40058, "bad_request")])
async def test_wecom_errors_are_failure_kinds(running: WeComBot, errcode: int, kind: str) -> None:
    running.wecom.fail_next.append(errcode)
    with pytest.raises(SendFailure) as failure:
        await transport(running).deliver("zhengshi", Text("通知"))
    assert failure.value.kind == kind
    if kind == "retry_after":
        assert failure.value.retry_after > 0


async def test_a_voice_note_from_another_channel_arrives_as_a_file(running: WeComBot) -> None:
    user = running.wecom.user("chenyi")
    recorded = b"OggS" + b"\x00" * 60  # a Telegram voice note (ogg/opus): WeCom voice is AMR

    async def telegram_file(native_id: str) -> bytes:
        assert native_id == "AwACAgIAAx"
        return recorded

    reply = await carry(Voice("居民的语音", "telegram:AwACAgIAAx"), "wecom",
                        {"telegram": telegram_file})
    await transport(running).deliver(user.id, reply)
    file, caption = user.all_messages
    assert (file.kind, file.media, file.filename) == ("file", recorded, "voice.ogg")
    assert caption.text == "居民的语音"


async def test_an_edit_without_buttons_greys_the_old_ones_out(running: WeComBot) -> None:
    user = running.wecom.user("hexiao")
    send = transport(running).deliver
    sent = await send(user.id, Text("案件 B：待受理", [row("受理", "退回")]))
    assert sent.message_id is not None
    await send(user.id, Edit(sent.message_id, "案件 B：已由李信息员受理", [], short="案件 B 已由他人受理"))
    card, note = user.all_messages
    assert (card.buttons, card.done_label, card.text) == ([], "已更新，见下一条", "案件 B：待受理")
    assert (note.text, note.buttons) == ("案件 B 已由他人受理", [])
