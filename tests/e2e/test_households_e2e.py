"""我的农户 over the real frameworks and the fake Bot API: the list from the menu, a page turned
in place, a household's card, and a visit recorded from it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.flows.test_households import load_register
from tests.support.e2e import RunningBot, say


async def test_households_from_the_menu_to_a_recorded_visit(bot: RunningBot, tmp_path: Path) -> None:
    await load_register(bot.app, tmp_path)
    await add_official(bot.app, user_id=9611, division=HANCHANGBA, name="张村干")
    officer = bot.fake.user(user_id=9611, first_name="张村干", language_code="zh-hans")
    await say(officer, "send_text", "/start", words="我的农户")
    listed = await say(officer, "press", "🏘 我的农户", words="第 1/2 页")
    turned = await say(officer, "press", "下一页 ▶", words="第 2/2 页")
    assert turned.message_id == listed.message_id  # edited in place
    card = await say(officer, "press", "张三", words="户号 HCB03")
    assert "汉场坝村 3组" in card.plain and "13912345678" not in card.plain
    await say(officer, "press", "📝 记录走访", words="存在哪些风险")
    await say(officer, "press", "因病", words="✅ 因病")
    await say(officer, "press", "完成", words="一看粮")
    await say(officer, "press", "✔ 完成", words="年人均纯收入")
    await say(officer, "press", "跳过", words="简要记录入户看到的情况")
    await say(officer, "press", "跳过", words="情况紧急吗")
    summary = await say(officer, "press", "否", words="请核对排查发现的信息")
    assert "张三" in summary.plain
    await say(officer, "press", "✅ 提交", words="我的农户")  # the staff menu again
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
    assert (case.household_id, case.stage) == ("HCB03", "visited")
