"""The chat protocol on its own: button payloads and their codec, the Telegram translator,
reply types kept and rebuilt, and what a channel that cannot edit gets instead."""

from __future__ import annotations

import pytest

from chat.payloads import MAX_BYTES, PayloadError
from chat.replies import Button, Document, Edit, Photo, RequestKeyboard, Text, Toast, from_json, to_json
from chat.telegram import chat_of, event_from_update
from chat.transport import Capabilities, fit
from handlers.payloads import PAYLOADS


@pytest.mark.parametrize("data", [
    "c:accept:1:1", "s:sr.town:500119101000", "m:report", "r:restart:found", "stats:chart:2021:-",
    "cm:12:0", "ib:3", "x:cancel", "l:en", "k:yes",
])
def test_every_payload_the_bot_has_sent_still_decodes(data: str) -> None:
    """Version 1 is the layout sent before the codec: buttons on old messages keep working."""
    assert PAYLOADS.decode(data).prefix == data.split(":")[0]


@pytest.mark.parametrize("data", [
    "c:accept:99999999999999999999:1",  # past 2^63: once an OverflowError in the handler
    "c:accept:0:1", "c:accept:-1:1", "c:accept:1", "c:accept:1:1:1", "cm:1:x", "m:lottery",
    "l:fr", "zz:forged", "", "s:" + "x" * 70, "stats:chart:3000:-", "c:accept:1:1;drop",
])
def test_forged_cut_or_out_of_range_payloads_are_refused(data: str) -> None:
    with pytest.raises(PayloadError):
        PAYLOADS.decode(data)


def test_the_codec_types_values_and_refuses_to_make_what_could_not_come_back() -> None:
    payload = PAYLOADS.decode("c:visit:42:7")
    assert (payload.word("action"), payload.number("case"), payload.number("version")) == ("visit", 42, 7)
    assert PAYLOADS.encode("cm", 42, 10) == "cm:42:10"
    with pytest.raises(PayloadError):
        PAYLOADS.encode("s", "sr.town", "x" * MAX_BYTES)  # over 64 bytes: a bug, caught here
    with pytest.raises(ValueError, match="taken"):
        PAYLOADS.register("c")


def test_the_translator_reduces_telegram_json_to_neutral_events() -> None:
    user = {"id": 42, "first_name": "王", "language_code": "zh-hans"}
    chat = {"id": 42, "type": "private"}
    text = event_from_update({"update_id": 7, "message": {"message_id": 3, "chat": chat, "from": user,
                                                          "text": "/start@safety_net_bot abc"}},
                             "safety_net_bot")
    assert text is not None and (text.kind, text.command, text.args) == ("command", "start", "abc")
    assert (text.chat_id, text.sender.user_id, text.update_key) == ("42", "42", "7")
    photo = event_from_update({"update_id": 8, "message": {
        "message_id": 4, "chat": chat, "from": user, "caption": "屋顶",
        "photo": [{"file_id": "small"}, {"file_id": "BIG"}]}})
    assert photo is not None and (photo.kind, photo.media, photo.text) == ("photo", "telegram:BIG", "屋顶")
    press = {"update_id": 9, "callback_query": {"id": "q1", "from": user, "data": "m:report",
                                                "message": {"message_id": 5, "chat": chat}}}
    button = event_from_update(press)
    assert button is not None and (button.kind, button.data, button.message_id) == ("button", "m:report", 5)
    assert chat_of(press) == "42"
    assert event_from_update({"update_id": 10, "edited_message": {"chat": chat}}) is None


def test_replies_survive_the_replies_log_files_included() -> None:
    rows = [[Button("✅", "k:yes")]]
    for reply in (Text("你好", rows, RequestKeyboard("contact", "分享", "取消")), Edit(5, "改", rows),
                  Photo("图", image=b"\x89PNG", filename="c.png"), Photo("照片", media="telegram:P"),
                  Document("表", b"PK", "s.xlsx"), Toast("好")):
        assert from_json(to_json(reply)) == reply
    legacy = {"text": "old", "edit": 9, "toast": "t"}  # stored before the reply types existed
    assert from_json(legacy) == Edit(9, "old")


def test_a_channel_that_cannot_edit_gets_a_new_message_and_its_button_limit() -> None:
    caps = Capabilities(can_edit=False, buttons_per_message=3)
    rows = [[Button(str(i), f"ib:{i}") for i in range(2)], [Button(str(i), f"ib:{i}") for i in range(2, 5)]]
    shown = fit(Edit(5, "card", rows), caps)
    assert isinstance(shown, Text) and shown.text == "card"
    assert sum(len(r) for r in shown.buttons) == 3
    assert isinstance(fit(Edit(5, "card"), Capabilities()), Edit)  # Telegram edits in place
