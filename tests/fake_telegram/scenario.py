"""One scripted conversation that both the aiogram and the PTB echo bots must pass."""

from __future__ import annotations

from bot.fake_telegram import FakeTelegram

PHOTO = b"\xff\xd8\xff\xe0 fake jpeg bytes " + bytes(range(256))


async def run_scenario(fake: FakeTelegram) -> None:
    """Echo, an inline button round trip, media both ways, an edit, a reply keyboard."""
    await fake.wait_polling()
    user = fake.user(user_id=1001, first_name="王秀英", language_code="zh-hans")

    waiter = user.wait_for()
    user.send_text("/start")
    (hello,) = await waiter
    assert hello.plain == "你好 王秀英", user.transcript()
    assert hello.parse_mode == "HTML" and hello.html == "<b>你好</b> 王秀英"
    assert hello.button_texts() == ["是", "网站"]

    waiter = user.wait_for()
    user.send_text("回声 <&> 😀")
    # aiogram handles updates concurrently, so replies may come in any order.
    got = sorted(m.plain for m in await waiter)
    assert got == ["回声 <&> 😀"]

    waiter = user.wait_for()
    user.press("是")
    (edited,) = await waiter
    assert edited is hello and hello.plain == "pressed yes" and hello.buttons == []
    assert hello.edited == 1
    await fake.wait_until(lambda: not fake.unanswered_callbacks())
    assert fake.callbacks[-1].answer_text == "ok"

    waiter = user.wait_for()
    user.send_photo(PHOTO, caption="看看")
    (doc,) = await waiter
    assert doc.kind == "document" and doc.file == PHOTO, user.transcript()
    assert doc.file_name == "echo.jpg" and doc.plain == f"{len(PHOTO)} bytes 看看"

    waiter = user.wait_for()
    user.edit_last_text("改了")
    # aiogram handles updates concurrently, so replies may come in any order.
    got = sorted(m.plain for m in await waiter)
    assert got == ["edited: 改了"]

    waiter = user.wait_for(count=5)
    user.share_contact()
    user.send_location(29.16, 107.1)
    user.send_voice(b"OggS voice")
    user.send_sticker()
    user.send_document(b"a,b\n1,2\n", file_name="x.csv")
    # aiogram handles updates concurrently, so replies may come in any order.
    got = sorted(m.plain for m in await waiter)
    assert got == [
        "got contact 1001",
        "got document x.csv",
        "got location",
        "got sticker",
        "got voice",
    ], f"{got}\n{user.transcript()}"

    waiter = user.wait_for()
    user.send_text("/phone")
    (ask,) = await waiter
    assert ask.reply_keyboard == [[{"text": "📱 手机号", "request_contact": True, "request_location": False}]]
    assert user.keyboard == ask.reply_keyboard

    assert not fake.unanswered_callbacks()
    assert all(r.status == 200 for r in fake.requests if r.method != "getUpdates"), [
        (r.method, r.status) for r in fake.requests
    ]
    assert fake.commands[("default", "")] == [{"command": "start", "description": "开始"}]
