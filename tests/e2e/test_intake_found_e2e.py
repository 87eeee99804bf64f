"""An officer opens a case found on a visit, over the real frameworks and the fake Bot API."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import RunningBot, act


async def test_officer_found_case_end_to_end(bot: RunningBot) -> None:
    official_id = await add_official(bot.app, user_id=9601, division=HANCHANGBA)
    officer = bot.fake.user(user_id=9601, first_name="村干部", language_code="zh-hans")
    await act(officer, "send_text", "/start", count=2)
    assert "我的待办案件" in " ".join(officer.last.button_texts())  # staff: no consent note
    await act(officer, "send_text", "/found")
    await act(officer, "press", "汉场坝村", count=2)
    await act(officer, "send_text", "赵大山")
    await act(officer, "press", "跳过", count=2)
    await act(officer, "press", "4", count=2)
    await act(officer, "press", "住房安全")
    await act(officer, "press", "完成", count=2)
    await act(officer, "press", "✅ 住房")
    await act(officer, "press", "✔ 完成", count=2)
    await act(officer, "send_text", "5200")
    await act(officer, "press", "跳过")
    await act(officer, "press", "否")
    assert "⚠️住房" in officer.last.plain
    await act(officer, "press", "✅ 提交", count=3)
    assert "NC-2026-000001" in "\n".join(m.plain for m in officer.messages[-3:])
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
    assert (case.source, case.owner_id, case.stage) == ("visit", official_id, "visited")
