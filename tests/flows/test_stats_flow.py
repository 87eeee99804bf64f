"""/stats in chat: a district admin sees the district's 2021 figures, a chart and a workbook;
a town lead sees their town; officers and residents are told it is not for them."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from bot.app import App
from cases.clock import MovableClock
from tests.flows.intake_helpers import add_official
from tests.stats.register import NOW, known_register, load
from tests.support.flow_chat import FlowChat

ADMIN, LEAD, OFFICER, RESIDENT = 7001, 7002, 7003, 7004


async def _grant(app: App, user: int, role: str, division: str) -> None:
    await add_official(app, user_id=user, role=role, division=division, name=f"官员{user}")


@pytest.fixture
async def district(app: App, clock: MovableClock) -> App:
    clock.set(NOW)
    await load(app.db, known_register())
    await _grant(app, ADMIN, "district_admin", "500119000000")
    await _grant(app, LEAD, "town_lead", "500119101000")  # 木凉镇
    await _grant(app, OFFICER, "officer", "500119101201")
    return app


async def test_district_admin_gets_the_2021_figures_chart_and_workbook(district: App) -> None:
    chat = FlowChat(district.core, user_id=ADMIN)
    replies = await chat.send("/stats 2021")
    text = "\n".join(r.text for r in replies)
    assert "南川区 2021年" in text
    assert "当年新识别监测对象：<b>14</b> 户 <b>38</b> 人" in text
    assert "累计识别监测对象：<b>614</b> 户 <b>1982</b> 人" in text
    assert "累计风险消除：<b>450</b> 户 <b>1591</b> 人" in text
    assert "木凉镇" in text and "最近秩法" in text
    assert "木凉镇：5小时/9小时 · 5天/9天 · 7.2天/10.4天" in text  # timeliness by town
    assert all(len(r.text) <= 4096 for r in replies)
    chart = await chat.press("图表")
    assert chart[0].photo is not None and bytes(chart[0].photo[:4]) == b"\x89PNG"
    files = await chat.press("XLSX")
    assert files[0].document is not None and files[0].filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(files[0].document))
    summary = {row[0]: row[1:] for row in wb.worksheets[0].iter_rows(values_only=True) if row}
    assert summary["当年新识别"] == (14, 38)
    assert summary["累计识别"] == (614, 1982)
    assert summary["累计风险消除"] == (450, 1591)


async def test_town_lead_sees_their_town_without_the_workbook(district: App) -> None:
    chat = FlowChat(district.core, user_id=LEAD)
    replies = await chat.send("/stats 2021")
    text = "\n".join(r.text for r in replies)
    assert "木凉镇 2021年" in text and "南川区" not in text
    labels = [b.text for r in replies for row in r.buttons for b in row]
    assert any("图表" in label for label in labels)
    assert not any("XLSX" in label for label in labels)
    # Forging the admin's button does not hand over the district's workbook.
    refused = await chat.press_data("stats:xlsx:2021:-")
    assert "只对" in refused[-1].text and refused[-1].document is None


async def test_officers_and_residents_are_refused_and_bad_years_explained(district: App) -> None:
    for user in (OFFICER, RESIDENT):
        replies = await FlowChat(district.core, user_id=user).send("/stats")
        assert "统计只对镇街负责人和区级管理员开放" in replies[0].text
    replies = await FlowChat(district.core, user_id=ADMIN).send("/stats 1999")
    assert "/stats 2021" in replies[0].text


async def test_english_admin_sees_english(district: App) -> None:
    chat = FlowChat(district.core, user_id=ADMIN, language_code="en")
    replies = await chat.send("/stats 2021")
    text = "\n".join(r.text for r in replies)
    assert "Identified in total: <b>614</b> households, <b>1982</b> people" in text
