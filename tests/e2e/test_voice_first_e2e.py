"""For people who type little, over the real frameworks and the fake Bot API: a declaration
made with one voice note and buttons only; a question typed at the menu answered by the
village officer; and "没有" after a recorded visit reaching the town lead."""

from __future__ import annotations

from bot.fake_telegram import FakeTelegram
from tests.e2e.test_officials_e2e import expect, step
from tests.flows.intake_helpers import MULIANG, add_official
from tests.support.e2e import RunningBot

OFFICER, LEAD, RESIDENT = 8161, 8261, 8361


async def test_a_declaration_with_one_voice_note_and_buttons_only(bot: RunningBot) -> None:
    fake: FakeTelegram = bot.fake
    officer = fake.user(user_id=OFFICER, first_name="李信息员", language_code="zh-hans")
    resident = fake.user(user_id=RESIDENT, first_name="王秀英", language_code="zh-hans")
    await add_official(bot.app, user_id=OFFICER, name="李信息员")

    await step(bot, resident, "同意", "send_text", "/start")
    await step(bot, resident, "申报本户困难", "press", "✅ 同意")
    await step(bot, resident, "第 1 步", "press", "🏠 申报本户困难")
    await step(bot, resident, "第 2 步", "press", "木凉镇")
    await step(bot, resident, "就用「王秀英」", "press", "汉场坝村")
    await step(bot, resident, "第 4 步", "press", "就用「王秀英」")
    await step(bot, resident, "第 5 步", "share_contact", "+8613800138000")
    await step(bot, resident, "第 6 步", "press", "3")
    await step(bot, resident, "✅ 因病", "press", "因病")
    await step(bot, resident, "可以直接说话", "press", "完成")
    saved = expect(bot, resident, "共 1 个")
    voice = resident.send_voice(b"OggS my husband fell ill", duration=12)["message"]["voice"]
    await saved
    await step(bot, resident, "第 8 步", "press", "✔ 完成")
    await step(bot, resident, "请核对", "press", "否")
    card = expect(bot, officer, "语音 1 条")
    await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")
    shown = await card
    assert "王秀英" in shown and "13800138000" in shown

    waiter = officer.wait_for(lambda m: m.kind == "voice", count=1, edits=False, timeout=20)
    officer.press("📎 查看照片/语音")
    [heard] = await waiter
    assert heard.file_id == voice["file_id"] and "NC-2026-000001" in heard.plain
    assert not fake.unanswered_callbacks()


async def test_a_question_at_the_menu_is_answered_by_the_village_officer(bot: RunningBot) -> None:
    fake: FakeTelegram = bot.fake
    officer = fake.user(user_id=OFFICER, first_name="李信息员", language_code="zh-hans")
    resident = fake.user(user_id=RESIDENT, first_name="王秀英", language_code="zh-hans")
    await add_official(bot.app, user_id=OFFICER, name="李信息员")

    await step(bot, resident, "同意", "send_text", "/start")
    await step(bot, resident, "申报本户困难", "press", "✅ 同意")
    await step(bot, resident, "发给村里的工作人员", "send_text", "我想问一下低保怎么申请")
    await step(bot, resident, "镇（街道）", "press", "✉️ 发给村里")
    await step(bot, resident, "哪个", "press", "木凉镇")
    question = expect(bot, officer, "村民提问")
    await step(bot, resident, "已发给汉场坝村的工作人员", "press", "汉场坝村")
    shown = await question
    assert "我想问一下低保怎么申请" in shown and "没有留电话" in shown and "13800" not in shown

    await step(bot, officer, "请写下回复", "press", "💬 回复")
    answer = expect(bot, resident, "回复了您的问题")
    await step(bot, officer, "已发给村民", "send_text", "带上户口本，到村委会填表就行。")
    got = await answer
    assert "李信息员" in got and "带上户口本" in got
    assert not fake.unanswered_callbacks()


async def test_nobody_came_after_a_recorded_visit_reaches_the_town_lead(bot: RunningBot) -> None:
    fake: FakeTelegram = bot.fake
    officer = fake.user(user_id=OFFICER, first_name="李信息员", language_code="zh-hans")
    lead = fake.user(user_id=LEAD, first_name="张镇长", language_code="zh-hans")
    resident = fake.user(user_id=RESIDENT, first_name="王秀英", language_code="zh-hans")
    await add_official(bot.app, user_id=OFFICER, name="李信息员")
    await add_official(bot.app, user_id=LEAD, role="town_lead", division=MULIANG, name="张镇长")

    await step(bot, resident, "同意", "send_text", "/start")
    await step(bot, resident, "申报本户困难", "press", "✅ 同意")
    await step(bot, resident, "第 1 步", "press", "🏠 申报本户困难")
    await step(bot, resident, "第 2 步", "press", "木凉镇")
    await step(bot, resident, "第 3 步", "press", "汉场坝村")
    await step(bot, resident, "第 4 步", "send_text", "王秀英")
    await step(bot, resident, "第 5 步", "send_text", "13800138000")
    await step(bot, resident, "第 6 步", "press", "3")
    await step(bot, resident, "✅ 因病", "press", "因病")
    await step(bot, resident, "第 7 步", "press", "完成")
    await step(bot, resident, "第 8 步", "press", "跳过")
    await step(bot, resident, "请核对", "press", "否")
    card = expect(bot, officer, "NC-2026-000001")
    await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")
    await card

    receipt = expect(bot, resident, "负责的是")
    await step(bot, officer, "您已受理案件", "press", "✅ 受理")
    assert "李信息员" in await receipt
    await step(bot, officer, "只点有问题的项", "press", "🏠 记录走访")
    await step(bot, officer, "收入", "press", "✔ 完成")
    await step(bot, officer, "走访情况", "press", "跳过")
    asked = expect(bot, resident, "工作人员上门了吗")
    await step(bot, officer, "走访已记录", "press", "✔ 完成")
    assert "李信息员" in await asked

    notice = expect(bot, lead, "上门核实有异议")
    await step(bot, resident, "已报告镇里", "press", "没有")
    shown = await notice
    assert "NC-2026-000001" in shown and "李信息员" in shown
    assert not fake.unanswered_callbacks()
