"""Scripted residents complete a self-report over the real frameworks and the fake Bot API."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import cases
from tests.support.e2e import RunningBot, say, shown


async def test_resident_reports_in_chinese_and_gets_a_reference(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7001, first_name="王秀英", language_code="zh-hans")
    await say(user, "send_text", "/start", words="您同意吗")
    assert "平安网" in user.messages[0].plain
    assert user.messages[0].button_texts() == ["✅ 同意并开始", "不同意", "English", "详细说明"]
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "press", "🏠 申报本户困难", words="第 1 步")
    await say(user, "press", "木凉镇", words="第 2 步")
    assert user.messages[-2].plain.endswith("木凉镇")  # the question was edited to the answer
    await say(user, "press", "汉场坝村", words="第 3 步")
    # the phone number typed a step early is not taken as the name
    await say(user, "send_text", "13800138000", words="姓名需要是文字")
    await say(user, "send_text", "王秀英", words="第 4 步")
    assert user.last.reply_keyboard and user.last.reply_keyboard[0][0]["request_contact"]
    await say(user, "share_contact", "+8613800138000", words="第 5 步")
    await say(user, "press", "3", words="第 6 步")
    await say(user, "press", "因病", words="✅ 因病")
    await say(user, "press", "完成", words="第 7 步")
    await say(user, "send_photo", b"\xff\xd8fake-jpeg", words="共 1 个")
    await say(user, "press", "✔ 完成", words="第 8 步")
    await say(user, "press", "是", words="什么事这么急")
    await say(user, "press", "跳过", words="请核对您的申报")
    assert "请核对" in user.last.plain and "王秀英" in user.last.plain
    # Submitted, the reference, then the menu again: wait for the menu.
    await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
    texts = "\n".join(m.plain for m in user.messages[-3:])
    assert "NC-2026-000001" in texts
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert row.media and row.media[0]["kind"] == "photo"
    await say(user, "send_text", "/status", words="请选择您要办理的事项")  # the list, the menu
    assert "NC-2026-000001" in user.messages[-2].plain


async def test_resident_reports_in_english_with_typed_answers(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7002, first_name="Tom", language_code="en-US")
    await say(user, "send_text", "/start", words="Do you agree?")
    assert "Safety Net" in user.messages[0].plain
    await say(user, "press", "✅ I agree", words="What would you like to do?")
    await say(user, "send_text", "/report", words="Step 1")
    await say(user, "press", "河图镇", words="Step 2")
    await say(user, "press", "长坪村", words="Step 3")
    # a sticker where a name is expected: a hint, then the question again
    await say(user, "send_sticker", words="Step 3")
    assert "type the name" in user.messages[-2].plain
    await say(user, "send_text", "13800138000", words="written in letters")
    await say(user, "send_text", "<b>&amp; Li", words="Step 4")
    await say(user, "send_text", "023 7123 4567", words="Step 5")
    await say(user, "press", "More (7 or more)", words="Type the number of people")
    await say(user, "send_text", "8", words="Step 6")
    await say(user, "press", "unsafe housing", words="✅ unsafe housing")
    await say(user, "press", "✔ Done", words="Step 7")
    await say(user, "send_text", "x" * 5000, words="Step 7")  # too long: refused, nothing lost
    assert "too long" in user.messages[-2].plain
    await say(user, "press", "Skip", words="Step 8")
    await say(user, "press", "No", words="Please check your report")
    assert "<b>&amp; Li" in user.last.plain  # shown literally, not as markup
    await say(user, "press", "✅ Submit", words="What would you like to do?")
    assert "NC-2026-000001" in "\n".join(m.plain for m in user.messages[-3:])
    # a forged payload and a stale button get one answer and the menu, never silence
    await say(user, "press_on", user.last.message_id, "c" * 10, words="What would you like to do?")
    assert "expired" in user.messages[-2].plain
    await say(user, "press_on", user.last.message_id, "s:sr.town:500119101000",
              words="What would you like to do?")
    assert "expired" in user.messages[-2].plain
    assert user.last.button_texts()[0].startswith("🏠")  # and the menu again


async def test_the_same_update_delivered_twice_creates_one_case(bot: RunningBot) -> None:
    user = bot.fake.user(user_id=7003, first_name="李", language_code="zh")
    await say(user, "send_text", "/start", words="您同意吗")
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "press", "🏠 申报本户困难", words="第 1 步")
    await say(user, "press", "木凉镇", words="第 2 步")
    await say(user, "press", "汉场坝村", words="第 3 步")
    await say(user, "send_text", "李四", words="第 4 步")
    await say(user, "send_text", "13800138001", words="第 5 步")
    await say(user, "press", "1", words="第 6 步")
    await say(user, "press", "因学", words="✅ 因学")
    await say(user, "press", "完成", words="第 7 步")
    await say(user, "press", "跳过", words="第 8 步")
    await say(user, "press", "否", words="请核对您的申报")
    menu = user.wait_for(lambda m: "请选择您要办理的事项" in shown(m), timeout=15)
    update = user.press("✅ 提交")
    await menu  # submitted, the reference, then the menu
    assert "NC-2026-000001" in user.messages[-2].plain
    menu = user.wait_for(lambda m: "请选择您要办理的事项" in shown(m), timeout=15)
    bot.fake.redeliver(update["update_id"])
    await menu  # the same answer again: the same reference, then the menu
    assert "NC-2026-000001" in user.messages[-2].plain
    async with bot.app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(cases))).scalar() == 1
