"""A district admin asks /stats 2021 over the real frameworks and gets the figures, the chart
and the workbook through the fake Bot API server."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.flows.intake_helpers import add_official
from tests.stats.register import known_register, load
from tests.support.e2e import RunningBot, say

ADMIN = 9701


async def test_admin_gets_figures_chart_and_workbook(bot: RunningBot) -> None:
    await load(bot.app.db, known_register())
    await add_official(bot.app, user_id=ADMIN, role="district_admin", division="500119000000",
                       name="区管理员")
    admin = bot.fake.user(user_id=ADMIN, first_name="区管理员", language_code="zh-hans")
    figures = await say(admin, "send_text", "/stats 2021", words="累计识别监测对象")
    text = figures.plain
    assert "累计识别监测对象：614 户 1982 人" in text
    assert "当年新识别监测对象：14 户 38 人" in text
    assert "累计风险消除：450 户 1591 人" in text
    chart = await say(admin, "press", "📊 图表", words="每月新识别与风险消除")
    assert chart.kind == "photo" and chart.file is not None and chart.file[:4] == b"\x89PNG"
    workbook = await say(admin, "press", "📥 XLSX", words="统计表")
    assert workbook.kind == "document" and (workbook.file_name or "").endswith(".xlsx")
    assert workbook.file is not None
    summary = {r[0]: r[1:] for r in load_workbook(io.BytesIO(workbook.file)).worksheets[0]
               .iter_rows(min_row=2, values_only=True) if r[0]}
    assert summary["累计识别"] == (614, 1982)
    assert not bot.fake.unanswered_callbacks()
