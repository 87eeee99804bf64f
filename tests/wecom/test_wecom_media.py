"""A resident's photo and voice note from Telegram reach an officer in WeCom: the photo as an
image, the voice note as a file (WeCom voice is AMR; Telegram's is ogg/opus)."""

from __future__ import annotations

from storage import officials as officials_repo
from tests.e2e.test_officials_e2e import expect, report_to_the_description, step
from tests.flows.intake_helpers import HANCHANGBA
from tests.support.wecom import WeComBot, until


async def test_a_telegram_photo_and_voice_note_reach_a_wecom_officer(running: WeComBot) -> None:
    bot, app = running.bot, running.bot.app
    officer = running.wecom.user("li.xinxi")
    async with app.db.begin() as tx:
        await officials_repo.grant(tx, channel="wecom", user_id=officer.id, chat_id=officer.id,
                                   display_name="李信息员", role="officer",
                                   division_code=HANCHANGBA, now=app.services.clock.now())
    resident = bot.fake.user(user_id=8361, first_name="王秀英", language_code="zh-hans")
    await report_to_the_description(bot, resident)
    saved = expect(bot, resident, "共 1 个")
    resident.send_photo(b"\xff\xd8\xff the roof that leaks")
    await saved
    saved = expect(bot, resident, "共 2 个")
    resident.send_voice(b"OggS grandmother speaking", duration=9)
    await saved
    await step(bot, resident, "第 8 步", "press", "✔ 完成")
    await step(bot, resident, "请核对", "press", "否")
    await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")

    await until(running, officer, "📎 查看照片/语音")
    since = len(officer.all_messages)
    officer.press("📎 查看照片/语音")
    await until(running, officer, "📎 2/2", since=since)  # each file, then its caption
    files = [m for m in officer.all_messages[since:] if m.kind in ("image", "file")]
    image = next(m for m in files if m.kind == "image")
    voice = next(m for m in files if m.kind == "file")
    assert image.media == b"\xff\xd8\xff the roof that leaks"
    assert voice.media == b"OggS grandmother speaking" and voice.filename == "voice.ogg"
