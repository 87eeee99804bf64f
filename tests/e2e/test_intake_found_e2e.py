"""An officer opens a case found on a visit, over the real frameworks and the fake Bot API."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import RunningBot, say


async def test_officer_found_case_end_to_end(bot: RunningBot) -> None:
    official_id = await add_official(bot.app, user_id=9601, division=HANCHANGBA)
    officer = bot.fake.user(user_id=9601, first_name="村干部", language_code="zh-hans")
    await say(officer, "send_text", "/start", words="我的待办案件")
    assert "我的待办案件" in " ".join(officer.last.button_texts())  # staff: no consent note
    await say(officer, "send_text", "/found", words="这户人家在哪个村")
    await say(officer, "press", "汉场坝村", words="户主姓名")
    await say(officer, "send_text", "赵大山", words="户主身份证号")
    await say(officer, "press", "跳过", words="家庭人口？")
    await say(officer, "press", "4", words="存在哪些风险")
    await say(officer, "press", "住房安全", words="✅ 住房安全")
    await say(officer, "press", "完成", words="一看粮")
    await say(officer, "press", "✅ 住房", words="⚠️ 住房")
    await say(officer, "press", "✔ 完成", words="年人均纯收入")
    await say(officer, "send_text", "5200", words="简要记录入户看到的情况")
    await say(officer, "press", "跳过", words="情况紧急吗")
    await say(officer, "press", "否", words="请核对排查发现的信息")
    assert "⚠️住房" in officer.last.plain
    # Submitted, the case's reference, its card, then the staff menu again: wait for the menu.
    await say(officer, "press", "✅ 提交", words="我的待办案件")
    submitted = [m.plain for m in officer.messages[-4:]]
    assert "已提交" in submitted[0] and "NC-2026-000001" in submitted[1], officer.transcript()
    assert "赵大山" in submitted[2] and "提出认定意见" in " ".join(officer.messages[-2].button_texts())
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
    assert (case.source, case.owner_id, case.stage) == ("visit", official_id, "visited")
