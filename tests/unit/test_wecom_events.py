"""WeCom's callbacks as neutral events, cards as WeCom draws them, and WeCom's send limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chat.replies import Button
from chat.wecom import WECOM, card, card_of, event_from_wecom, pages, task_id
from scheduler.limiter import SendLimits, channel_limiters


def callback(**fields: str) -> dict[str, str]:
    return {"ToUserName": "ww1", "FromUserName": "lisi", "CreateTime": "1700000000",
            "AgentID": "1000002", **fields}


def test_texts_and_commands() -> None:
    text = event_from_wecom(callback(MsgType="text", Content="老人住院", MsgId="123456"))
    assert text is not None and (text.kind, text.text, text.chat_id, text.update_key) == \
        ("text", "老人住院", "lisi", "123456")
    command = event_from_wecom(callback(MsgType="text", Content="/join ABCD-1234", MsgId="7"))
    assert command is not None and (command.kind, command.command, command.args) == \
        ("command", "join", "ABCD-1234")


def test_a_pressed_button_names_its_card_and_carries_the_payload() -> None:
    raw = callback(MsgType="event", Event="template_card_event", EventKey="cv:42",
                   TaskId=task_id(17, "ab12"), ResponseCode="code-1")
    event = event_from_wecom(raw)
    assert event is not None and (event.kind, event.data, event.message_id) == ("button", "cv:42", 17)
    assert card_of(raw) == (17, "code-1")
    # Events have no MsgId: the same press sent again has the same key, another press not.
    again = event_from_wecom(dict(raw))
    other = event_from_wecom({**raw, "ResponseCode": "code-2"})
    assert again is not None and other is not None
    assert again.update_key == event.update_key != other.update_key


def test_what_the_bot_does_not_answer() -> None:
    assert event_from_wecom(callback(MsgType="event", Event="enter_agent")) is None
    assert event_from_wecom(callback(MsgType="event", Event="template_card_event",
                                     EventKey="cv:1", TaskId="someone-else's")) is None
    assert event_from_wecom({**callback(MsgType="text", Content="x", MsgId="1"),
                             "FromUserName": "<script>"}) is None


def test_cards_hold_six_buttons_and_plain_text() -> None:
    buttons = [[Button(f"b{i}", f"x:{i}") for i in range(4)], [Button("b4", "x:4")] * 4]
    chunks = pages(buttons)
    assert [len(c) for c in chunks] == [6, 2]
    drawn = card("sn1-a", "<b>案件 NC-1</b>\n王某 &amp; 家人", chunks[0])
    assert drawn["main_title"]["title"] == "案件 NC-1"
    assert drawn["sub_title_text"] == "王某 & 家人"
    assert len(drawn["button_list"]) == 6


def test_wecom_messages_are_spaced_two_seconds_per_member() -> None:
    class WeComLike:
        capabilities = WECOM

        async def fetch_media(self, native_id: str) -> bytes:
            return b""

    limiters = channel_limiters(SendLimits(), {"wecom": WeComLike()})  # type: ignore[dict-item]
    now = datetime(2026, 3, 2, tzinfo=UTC)
    limiters["wecom"].record("lisi", now)
    assert limiters["wecom"].chat_wait("lisi", now + timedelta(seconds=1)) == 1.0
    assert limiters["wecom"].chat_wait("lisi", now + timedelta(seconds=2)) == 0.0
    assert channel_limiters(SendLimits.unlimited(), {"wecom": WeComLike()}) == {}  # type: ignore[dict-item]
