"""A resident who sends a photo and a voice note instead of words: over the real frameworks and
the fake Bot API, the officer's card counts them and one press brings both into the chat."""

from __future__ import annotations

from bot.fake_telegram import FakeTelegram
from tests.e2e.test_officials_e2e import expect, report_to_the_description, step
from tests.flows.intake_helpers import add_official
from tests.support.e2e import RunningBot

OFFICER, RESIDENT = 8151, 8351


async def test_the_officer_gets_the_residents_photo_and_voice_note(bot: RunningBot) -> None:
    fake: FakeTelegram = bot.fake
    officer = fake.user(user_id=OFFICER, first_name="李信息员", language_code="zh-hans")
    resident = fake.user(user_id=RESIDENT, first_name="王秀英", language_code="zh-hans")
    await add_official(bot.app, user_id=OFFICER, name="李信息员")

    await report_to_the_description(bot, resident)
    saved = expect(bot, resident, "共 1 个")
    photo = resident.send_photo(b"\xff\xd8 the roof that leaks")["message"]["photo"][-1]
    await saved
    saved = expect(bot, resident, "共 2 个")
    voice = resident.send_voice(b"OggS grandmother speaking", duration=9)["message"]["voice"]
    await saved
    await step(bot, resident, "第 8 步", "press", "✔ 完成")
    await step(bot, resident, "请核对", "press", "否")
    card = expect(bot, officer, "📎 照片 1 张、语音 1 条")
    await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")
    assert "📎 查看照片/语音" in await card  # the count on the card, and the button

    waiter = officer.wait_for(lambda m: m.kind in ("photo", "voice"), count=2, edits=False,
                              timeout=20)
    officer.press("📎 查看照片/语音")
    got_photo, got_voice = await waiter
    assert got_photo.kind == "photo" and got_photo.file_id == photo["file_id"]
    assert got_photo.file == b"\xff\xd8 the roof that leaks"
    assert got_voice.kind == "voice" and got_voice.file_id == voice["file_id"]
    assert got_voice.media["voice"]["duration"] == 9
    for sent in (got_photo, got_voice):
        assert "NC-2026-000001" in sent.plain and "本人申报" in sent.plain
    assert not fake.unanswered_callbacks()
