"""A neighbour reports a household that already declared itself: the officer gets a further
report on the open case over the real frameworks; no second case, no reporter named."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.flows.test_intake_merge import self_report
from tests.support.e2e import RunningBot, say

OFFICER = 9701


async def test_neighbour_report_on_an_open_case_is_merged_end_to_end(bot: RunningBot) -> None:
    await add_official(bot.app, user_id=OFFICER, division=HANCHANGBA)
    officer = bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    assert "NC-2026-000001" in await self_report(bot.app, 7801, name="王秀英")
    user = bot.fake.user(user_id=7802, first_name="周大哥", username="zhou_nb",
                         language_code="zh-hans")
    await say(user, "send_text", "/start", words="您同意吗")
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "press", "👥 反映邻居困难", words="第 1 步")
    await say(user, "press", "木凉镇", words="第 2 步")
    await say(user, "press", "汉场坝村", words="第 3 步")
    await say(user, "send_text", "王秀英", words="第 4 步")
    await say(user, "press", "不清楚", words="第 5 步")
    await say(user, "press", "住房安全", words="✅ 住房安全")
    await say(user, "press", "完成", words="第 6 步")
    await say(user, "send_text", "房子漏雨", words="第 7 步")
    await say(user, "press", "知道", words="第 8 步")
    await say(user, "press", "可以联系我", words="请输入您的姓名")
    await say(user, "send_text", "周建国", words="请留一个您的电话")
    await say(user, "send_text", "13700137000", words="请核对您的反映")
    # The outbox may deliver the notice before the receipt's wait ends: look from before.
    before_submit = officer.mark()
    # Submitted, the thanks, then the menu again: wait for the menu.
    await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
    receipt = "\n".join(m.plain for m in user.messages[-3:])
    assert "谢谢您" in receipt and "NC-2026" not in receipt
    waiter = officer.wait_for(lambda m: "补充反映" in m.plain, timeout=15, since=before_submit)
    await bot.settle()
    await waiter
    received = "\n".join(m.plain for m in officer.messages)
    assert "NC-2026-000001" in received and "周建国 13700137000" in received
    for secret in ("周大哥", "zhou_nb", "7802"):
        assert secret not in received
    async with bot.app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(cases))).scalar() == 1
