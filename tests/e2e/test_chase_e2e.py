"""催办 and an urgent /found over the real frameworks and the fake Bot API: the town lead
chases from the case card, the owner's chat gets the notice with the lead's words; an urgent
case an officer found reaches the town lead's chat at once."""

from __future__ import annotations

from tests.flows.intake_helpers import HANCHANGBA, MULIANG, add_official
from tests.support.casework import report_case
from tests.support.e2e import RunningBot, say


async def test_a_lead_chases_and_the_owner_gets_the_notice(bot: RunningBot) -> None:
    await add_official(bot.app, user_id=9701, division=HANCHANGBA, name="李信息员")
    await add_official(bot.app, user_id=9702, role="town_lead", division=MULIANG, name="张镇长")
    officer = bot.fake.user(user_id=9701, first_name="李信息员", language_code="zh-hans")
    lead = bot.fake.user(user_id=9702, first_name="张镇长", language_code="zh-hans")
    await say(officer, "send_text", "/start", words="我的待办案件")
    await say(lead, "send_text", "/start", words="我的待办案件")
    card = officer.wait_for(lambda m: "赵大山" in m.plain, timeout=15)
    await report_case(bot.app, village=HANCHANGBA, town=MULIANG)
    await card
    await say(officer, "press", "✅ 受理", words="您已受理案件")

    await say(lead, "send_text", "/case NC-2026-000001", words="📣 催办")
    await say(lead, "press", "📣 催办", words="可以写一句话给责任人")
    notice = officer.wait_for(lambda m: "请您尽快办理" in m.plain, timeout=15)
    await say(lead, "send_text", "请今天入户", words="已催办：NC-2026-000001")
    [shown] = await notice
    assert "张镇长" in shown.plain and "留言：请今天入户" in shown.plain
    assert "🏠 记录走访" in shown.button_texts()  # the card under it: act from the notice
    assert not bot.fake.unanswered_callbacks()


async def test_an_urgent_found_case_reaches_the_town_lead(bot: RunningBot) -> None:
    await add_official(bot.app, user_id=9711, division=HANCHANGBA, name="李信息员")
    await add_official(bot.app, user_id=9712, role="town_lead", division=MULIANG, name="张镇长")
    officer = bot.fake.user(user_id=9711, first_name="李信息员", language_code="zh-hans")
    lead = bot.fake.user(user_id=9712, first_name="张镇长", language_code="zh-hans")
    await say(lead, "send_text", "/start", words="我的待办案件")
    await say(officer, "send_text", "/found", words="这户人家在哪个村")
    await say(officer, "press", "汉场坝村", words="户主姓名")
    await say(officer, "send_text", "赵大山", words="户主身份证号")
    await say(officer, "press", "跳过", words="家庭人口？")
    await say(officer, "press", "4", words="存在哪些风险")
    await say(officer, "press", "住房安全", words="✅ 住房安全")
    await say(officer, "press", "完成", words="一看粮")
    await say(officer, "press", "✔ 完成", words="年人均纯收入")
    await say(officer, "press", "跳过", words="简要记录入户看到的情况")
    await say(officer, "press", "跳过", words="情况紧急吗")
    await say(officer, "press", "是", words="请核对排查发现的信息")
    to_lead = lead.wait_for(lambda m: "赵大山" in m.plain, timeout=15)
    await say(officer, "press", "✅ 提交", words="我的待办案件")
    assert any("📝 提出认定意见" in m.button_texts() for m in officer.messages[-3:]), \
        officer.transcript()
    [card] = await to_lead
    assert "紧急" in card.plain and "NC-2026-000001" in card.plain
