"""/stats in chat: a district admin sees the district's 2021 figures, a chart, a workbook and
the case list; a town lead sees their town; officers and residents are told it is not for them."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from bot.app import App
from cases.clock import MovableClock
from chat.replies import Document, Photo
from storage import officials as official_repo
from storage.tables import cases
from tests.flows.intake_helpers import add_official
from tests.scheduler.helpers import RecordingTransport, dispatcher
from tests.stats.register import NOW, known_register, load, row
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
    assert "木凉镇" in text and "最近秩法" not in text
    # Timeliness as a district office writes it.
    assert re.search(r"· 受理用时：中位数 [\d.]+ (小时|天)，90% 在 [\d.]+ (小时|天)内（\d+ 件）", text), text
    assert "木凉镇：5 小时/9 小时 · 5 天/9 天 · 7.2 天/10.4 天" in text  # timeliness by town
    assert all(len(r.text) <= 4096 for r in replies)
    chart = await chat.press("图表")
    assert isinstance(chart[0], Photo) and chart[0].image is not None
    assert chart[0].image[:4] == b"\x89PNG"
    files = await chat.press("XLSX")
    assert isinstance(files[0], Document) and files[0].filename.endswith(".xlsx")
    wb = load_workbook(io.BytesIO(files[0].data))
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
    assert "只对" in refused[-1].text and not isinstance(refused[-1], Document)


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
    assert "Identified in total: households <b>614</b>, people <b>1982</b>" in text


ID_NUMBER, PHONE = "500119198001011234", "13800138000"


async def _with_an_id_number(app: App) -> None:
    """One more case carrying an ID number and a phone, encrypted as intake stores them."""
    cipher = app.services.cases.cipher
    extra = row(9999, household="HID0001", village="500119101201", people=3, reported=NOW)
    extra.update(id_number_enc=cipher.encrypt(ID_NUMBER), phone_enc=cipher.encrypt(PHONE))
    async with app.db.begin() as tx:
        await tx.execute(cases.insert(), [extra])


async def test_district_admin_gets_the_case_list_with_id_numbers_masked(district: App) -> None:
    await _with_an_id_number(district)
    chat = FlowChat(district.core, user_id=ADMIN)
    await chat.send("/stats 2021")
    coming = await chat.press("案件清单")
    assert "正在生成案件清单" in coming[-1].text and not isinstance(coming[-1], Document)
    # Built and sent by the outbox dispatcher, after its transaction.
    sender = RecordingTransport(district.services.clock)
    outbox = dispatcher(district, sender, live=district.live_messages())
    assert await outbox.run_once() == 0  # the workbook is being built
    await outbox.builds_finished()
    assert await outbox.run_once() == 1
    files = [call.reply for call in sender.calls if call.chat_id == ADMIN]
    assert isinstance(files[0], Document) and files[0].filename.endswith(".xlsx")
    assert "身份证号已隐去" in files[0].text
    sheet = load_workbook(io.BytesIO(files[0].data)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(known_register()) + 1  # every case in the district, one row each
    assert f"{len(rows)} 件" in files[0].text
    ours = next(r for r in rows if r[header.index("户编号")] == "HID0001")
    assert ours[header.index("身份证号")] == "5001**********1234"  # as `export cases` masks it
    cells = [str(value) for r in rows for value in r if value is not None]
    assert not any(ID_NUMBER in c or PHONE in c for c in cells)  # no full ID, no phone anywhere



async def test_a_case_list_queued_for_someone_no_longer_an_admin_is_not_sent(district: App
                                                                             ) -> None:
    chat = FlowChat(district.core, user_id=ADMIN)
    await chat.send("/stats 2021")
    await chat.press("案件清单")
    async with district.db.begin() as tx:
        admin = await official_repo.by_user(tx, "telegram", ADMIN)
        assert admin is not None
        await official_repo.revoke(tx, admin.id, district.services.clock.now())
    sender = RecordingTransport(district.services.clock)
    assert await dispatcher(district, sender, live=district.live_messages()).run_once() == 1
    assert sender.calls == []


async def test_town_leads_and_officers_cannot_get_the_case_list(district: App) -> None:
    lead = FlowChat(district.core, user_id=LEAD)
    replies = await lead.send("/stats 2021")
    labels = [b.text for r in replies for row_ in r.buttons for b in row_]
    assert not any("案件清单" in label for label in labels)
    for forged in ("stats:cases:2021:-", "stats:cases:2021:500119101000"):
        refused = await lead.press_data(forged)
        assert "案件清单文件只对区级管理员开放" in refused[-1].text
        assert not any(isinstance(r, Document) for r in refused)
    officer = await FlowChat(district.core, user_id=OFFICER).press_data("stats:cases:2021:-")
    assert "统计只对镇街负责人和区级管理员开放" in officer[-1].text
    assert not any(isinstance(r, Document) for r in officer)
