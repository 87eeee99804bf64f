"""Scripted residents complete a self-report over the real frameworks and the fake Bot API."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import cases
from tests.support.e2e import RunningBot, act


async def test_resident_reports_in_chinese_and_gets_a_reference(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7001, first_name="王秀英", language_code="zh-hans")
    await act(user, "send_text", "/start", count=2)
    assert "平安网" in user.messages[0].plain
    assert user.messages[0].button_texts() == ["中文", "English"]
    await act(user, "press", "✅ 同意", count=2)
    await act(user, "press", "🏠 申报本户困难")
    await act(user, "press", "木凉镇", count=2)
    assert user.messages[-2].plain.endswith("木凉镇")  # the question was edited to the answer
    await act(user, "press", "汉场坝村", count=2)
    await act(user, "send_text", "王秀英")
    assert user.last.reply_keyboard and user.last.reply_keyboard[0][0]["request_contact"]
    await act(user, "share_contact", "+8613800138000", count=2)
    await act(user, "press", "3", count=2)
    await act(user, "press", "因病", count=1)
    await act(user, "press", "完成", count=2)
    await act(user, "send_photo", b"\xff\xd8fake-jpeg")
    await act(user, "press", "✔ 完成", count=2)
    await act(user, "press", "是", count=2)
    assert "请核对" in user.last.plain and "王秀英" in user.last.plain
    await act(user, "press", "✅ 提交", count=3)
    texts = "\n".join(m.plain for m in user.messages[-3:])
    assert "NC-2026-000001" in texts
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert row.media and row.media[0]["kind"] == "photo"
    await act(user, "send_text", "/status", count=2)
    assert "NC-2026-000001" in user.messages[-2].plain


async def test_resident_reports_in_english_with_typed_answers(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7002, first_name="Tom", language_code="en-US")
    await act(user, "send_text", "/start", count=2)
    assert "Safety Net" in user.messages[0].plain
    await act(user, "press", "✅ I agree", count=2)
    await act(user, "send_text", "/report")
    await act(user, "press", "河图镇", count=2)
    await act(user, "press", "长坪村", count=2)
    await act(user, "send_sticker", count=2)  # a sticker where a name is expected
    assert "type the name" in user.messages[-2].plain
    await act(user, "send_text", "<b>&amp; Li", count=1)
    await act(user, "send_text", "023 7123 4567", count=2)
    await act(user, "press", "More (7 or more)")
    await act(user, "send_text", "8", count=1)
    await act(user, "press", "unsafe housing")
    await act(user, "press", "✔ Done", count=2)
    await act(user, "send_text", "x" * 5000, count=2)  # too long: refused, nothing lost
    assert "too long" in user.messages[-2].plain
    await act(user, "press", "Skip", count=2)
    await act(user, "press", "No", count=2)
    assert "<b>&amp; Li" in user.last.plain  # shown literally, not as markup
    await act(user, "press", "✅ Submit", count=3)
    assert "NC-2026-000001" in "\n".join(m.plain for m in user.messages[-3:])
    # a forged payload and a stale button get one answer and the menu, never silence
    await act(user, "press_on", user.last.message_id, "c" * 10, count=2)
    assert "expired" in user.messages[-2].plain
    await act(user, "press_on", user.last.message_id, "s:sr.town:500119101000", count=2)
    assert "expired" in user.messages[-2].plain
    assert user.last.button_texts()[0].startswith("🏠")  # and the menu again


async def test_the_same_update_delivered_twice_creates_one_case(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7003, first_name="李", language_code="zh")
    await act(user, "send_text", "/start", count=2)
    await act(user, "press", "✅ 同意", count=2)
    await act(user, "press", "🏠 申报本户困难")
    await act(user, "press", "木凉镇", count=2)
    await act(user, "press", "汉场坝村", count=2)
    await act(user, "send_text", "李四")
    await act(user, "send_text", "13800138001", count=2)
    await act(user, "press", "1", count=2)
    await act(user, "press", "因学")
    await act(user, "press", "完成", count=2)
    await act(user, "press", "跳过", count=2)
    await act(user, "press", "否", count=2)
    update = user.press("✅ 提交")
    await user.wait_for(count=3, timeout=15)
    bot.fake.redeliver(update["update_id"])
    await user.wait_for(count=2, timeout=15)  # the same answer again
    async with bot.app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(cases))).scalar() == 1
