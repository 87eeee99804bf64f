"""A neighbour reports a household that already declared itself: the officer gets a further
report on the open case over the real frameworks; no second case, no reporter named."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.flows.test_intake_merge import self_report
from tests.support.e2e import RunningBot, act

OFFICER = 9701


async def test_neighbour_report_on_an_open_case_is_merged_end_to_end(bot: RunningBot) -> None:
    await add_official(bot.app, user_id=OFFICER, division=HANCHANGBA)
    officer = bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    assert "NC-2026-000001" in await self_report(bot.app, 7801, name="王秀英")
    user = bot.fake.user(user_id=7802, first_name="周大哥", username="zhou_nb",
                         language_code="zh-hans")
    await act(user, "send_text", "/start", count=2)
    await act(user, "press", "✅ 同意", count=2)
    await act(user, "press", "👥 反映邻居困难", count=2)
    await act(user, "press", "木凉镇", count=2)
    await act(user, "press", "汉场坝村", count=2)
    await act(user, "send_text", "王秀英")
    await act(user, "press", "不清楚", count=2)
    await act(user, "press", "住房安全")
    await act(user, "press", "完成", count=2)
    await act(user, "send_text", "房子漏雨")
    await act(user, "press", "知道", count=2)
    await act(user, "press", "可以联系我", count=2)
    await act(user, "send_text", "周建国")
    await act(user, "send_text", "13700137000", count=2)
    # The outbox may deliver the notice before the receipt's wait ends: count from before.
    before_submit = officer.mark()
    await act(user, "press", "✅ 提交", count=3)
    receipt = "\n".join(m.plain for m in user.messages[-3:])
    assert "谢谢您" in receipt and "NC-2026" not in receipt
    waiter = officer.wait_for(lambda m: "补充反映" in m.plain, count=1, timeout=15,
                              since=before_submit)
    await bot.settle()
    await waiter
    received = "\n".join(m.plain for m in officer.messages)
    assert "NC-2026-000001" in received and "周建国 13700137000" in received
    for secret in ("周大哥", "zhou_nb", "7802"):
        assert secret not in received
    async with bot.app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(cases))).scalar() == 1
