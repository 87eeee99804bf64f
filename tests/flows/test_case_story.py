"""The card and the history tell the whole case (issue 13): what the visit found on the card
the lead approves from, every event with its details in a paged history, the lead's words in
the officer's notice, notes addressed to the owner, and /cases as a worklist."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.app import App
from cases.casework import Visit
from cases.clock import MovableClock
from handlers.case_card import MAX_CAPTION, MAX_CARD, card_text
from storage import officials as official_repo
from storage.tables import cases
from storage.tables_intake import households
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import (
    LEAD,
    OFFICER,
    OTHER_OFFICER,
    declare,
    last_text,
    messages_to,
    official,
)
from tests.support.casework import act_as, report_case
from tests.support.flow_chat import FlowChat

NOTES = "房屋后墙开裂漏雨，需危房鉴定。" + "老人常年吃药，儿子在外务工收入不稳。" * 20  # ~400 characters


async def visit_and_propose(officer: FlowChat, *, notes: str = NOTES, photos: int = 2) -> None:
    """Accept, visit (⚠️住房 ⚠️看病, 5000 yuan, notes, photos) and propose 突发严重困难户."""
    await officer.send("/case NC-2026-000001")
    await officer.press("✅ 受理")
    await officer.press("记录走访")
    await officer.press("住房")
    await officer.press("看病")
    await officer.press("完成")
    await officer.send("5000")
    await officer.send(notes)
    for n in range(photos):
        await officer.send_kind("photo", file_id=f"VISIT-{n}")
    await officer.press("完成")
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")


async def test_the_lead_approves_seeing_what_the_visit_found(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    lead = await official(app, LEAD, "town_lead", MULIANG, "王镇长")
    await declare(app)
    await visit_and_propose(officer)

    [lead_card] = await messages_to(app, LEAD, "case.card")
    assert "拟认定：<b>突发严重困难户</b>" in lead_card
    assert "⚠️住房、⚠️看病" in lead_card  # only what was flagged
    assert "⚠️吃穿" not in lead_card and "⚠️上学" not in lead_card
    assert "年人均收入：5000 元" in lead_card
    assert "照片 2 张" in lead_card
    assert "张村干" in lead_card
    # The notes are cut at 300 characters; the history has them whole.
    shown = re.search(r"走访情况：(.*?)（全文见「办理记录」）", lead_card)
    assert shown is not None and shown.group(1).startswith("房屋后墙开裂漏雨，需危房鉴定")
    assert len(shown.group(1)) == 300 and shown.group(1).endswith("…")
    await lead.send("/case NC-2026-000001")
    history = last_text(await lead.press("办理记录"))
    assert NOTES in history
    assert "走访发现：⚠️住房、⚠️看病 · 年人均收入 5000 元 · 照片 2 张" in history
    assert "类别：突发严重困难户" in history


async def test_a_card_never_passes_telegrams_limits(app: App, clock: MovableClock) -> None:
    _, officer_id = await _official_id(app, OFFICER, "officer", HANCHANGBA, "张村干")
    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    async with app.db.begin() as tx:  # the longest description a report may carry
        await tx.execute(cases.update().values(
            description_enc=app.services.cases.cipher.encrypt("很长的情况说明。" * 400)))
    await act_as(app, officer_id, case.id, "accept")
    await act_as(app, officer_id, case.id, "visit", record=Visit(
        checks={c: "risk" for c in ("food", "housing", "schooling", "medical", "water")},
        income_per_person=1200, notes="漏雨" * 500, media=[]))
    async with app.db.begin() as tx:
        viewer = await official_repo.by_id(tx, officer_id)
        fresh = await app.services.cases.by_id(tx, case.id)
        assert viewer is not None and fresh is not None
        message = await card_text(tx, app.services, fresh, viewer, "zh")
        caption = await card_text(tx, app.services, fresh, viewer, "zh", limit=MAX_CAPTION)
    assert len(message) <= MAX_CARD and "NC-2026-000001" in message and "⚠️饮水" in message
    assert len(caption) <= MAX_CAPTION and "NC-2026-000001" in caption
    assert caption.count("<b>") == caption.count("</b>")  # never cut inside a tag


async def test_the_history_shows_details_and_pages_when_long(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    lead = await official(app, LEAD, "town_lead", MULIANG, "王镇长")
    await declare(app)
    await visit_and_propose(officer, photos=0)
    await lead.send("/case NC-2026-000001")
    await lead.press("退回")
    await lead.send("请补充医疗票据")
    for n in range(3):
        await officer.send("/case NC-2026-000001")
        await officer.press("备注")
        await officer.send(f"第{n + 1}次电话联系户主")

    first = last_text(await officer.press("办理记录"))
    assert "（第 2/2 页，共 9 条）" in first  # the latest page first
    assert "第3次电话联系户主" in first and "仅存档" in first
    assert "<b>退回</b>（王镇长）" in first
    earlier = last_text(await officer.press("更早的记录"))
    assert "（第 1/2 页，共 9 条）" in earlier and "第3次电话联系户主" not in earlier
    assert "<b>上报</b>" in earlier and "来源：本人申报" in earlier  # the report's own details
    whole = first + earlier
    assert "送给：张村干" in whole  # who the card was routed to
    assert "理由：请补充医疗票据" in whole
    assert "受理</b>（张村干）" in whole
    # A page that no longer exists (a forged or stale button) shows the latest page.
    again = last_text(await officer.press_data("tl:1:50"))
    assert "第 2/2 页" in again


async def test_the_leads_comment_reaches_the_officer(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    lead = await official(app, LEAD, "town_lead", MULIANG, "王镇长")
    await declare(app)
    await visit_and_propose(officer, photos=0)
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    assert "已审核通过" in last_text(await lead.send("请尽快落实低保"))
    told = [t for t in await messages_to(app, OFFICER, "case.card") if "审核意见" in t]
    assert told and "已由 王镇长 审核通过：突发严重困难户" in told[-1]
    assert "审核意见：请尽快落实低保" in told[-1]
    history = last_text(await officer.press_data("c:timeline:1:0"))
    assert "意见：请尽快落实低保" in history


async def test_a_note_goes_to_the_owner_or_stays_on_file(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    lead = await official(app, LEAD, "town_lead", MULIANG, "王镇长")
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("✅ 受理")
    before = len(await messages_to(app, OFFICER))

    await lead.send("/case NC-2026-000001")
    await lead.press("备注")
    asked = last_text(await lead.send("下周镇里来人核查"))
    assert "发给案件负责人，还是只存档" in asked
    assert "已通知负责人" in last_text(await lead.press("发给负责人 张村干"))
    told = (await messages_to(app, OFFICER))[before:]
    assert any("王镇长 给您留了备注" in t and "下周镇里来人核查" in t for t in told), told

    await lead.send("/case NC-2026-000001")
    await lead.press("备注")
    await lead.send("仅供镇里参考")
    assert "备注已保存" in last_text(await lead.press("只存档"))
    assert not any("仅供镇里参考" in t for t in await messages_to(app, OFFICER))

    # The owner's own note has no one else to go to: no question.
    await officer.send("/case NC-2026-000001")
    await officer.press("备注")
    assert "备注已保存" in last_text(await officer.send("已电话告知户主"))
    history = last_text(await officer.press_data("c:timeline:1:0"))
    assert "发给负责人 张村干（已通知）" in history and history.count("仅存档") == 2


async def test_cases_lists_head_village_stage_due_and_a_leads_approvals_first(
        app: App, clock: MovableClock) -> None:
    officer, officer_id = await _official_id(app, OFFICER, "officer", HANCHANGBA, "张村干")
    lead = await official(app, LEAD, "town_lead", MULIANG, "王镇长")
    late = await report_case(app, village=HANCHANGBA, town=MULIANG, head_name="李老汉")
    waiting = await report_case(app, village=HANCHANGBA, town=MULIANG, head_name="赵大山")
    await act_as(app, officer_id, waiting.id, "accept")
    await act_as(app, officer_id, waiting.id, "visit", record=Visit(
        checks={c: "ok" for c in ("food", "housing", "schooling", "medical", "water")},
        income_per_person=None, notes=None, media=[]))
    await act_as(app, officer_id, waiting.id, "propose", category="marginal")
    clock.advance(timedelta(days=2))  # the first case is now overdue for acceptance

    listing = last_text(await lead.send("/cases"))
    lines = listing.splitlines()
    assert lines[1].startswith("<b>⏳ 等您审核（1 件）</b>")
    assert lines[2].startswith(f"1. <b>{waiting.ref}</b> 赵大山 · 汉场坝村 · 已提出意见，待镇街审核")
    assert lines[3] == "<b>其他在办案件</b>"
    assert lines[4].startswith(f"2. ⚠️ <b>{late.ref}</b> 李老汉 · 汉场坝村 · 已上报，待受理 · 截止 ")
    # An officer approves nothing: no groups, soonest due first.
    mine = last_text(await officer.send("/cases")).splitlines()
    assert "等您审核" not in "\n".join(mine)
    assert mine[1].startswith(f"1. ⚠️ <b>{late.ref}</b> 李老汉")


async def test_cases_shows_the_households_group_when_the_register_has_one(app: App) -> None:
    officer, _ = await _official_id(app, OFFICER, "officer", HANCHANGBA, "张村干")
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        await tx.execute(households.insert().values(
            household_id="HH-1", village_code=HANCHANGBA, head_name="李老汉", members=3,
            category="lifted", updated_at=now, group_name="3组"))
    case = await report_case(app, village=HANCHANGBA, town=MULIANG, head_name="李老汉")
    async with app.db.begin() as tx:
        await tx.execute(cases.update().values(household_id="HH-1"))
    listing = last_text(await officer.send("/cases"))
    assert f"<b>{case.ref}</b> 李老汉 · 汉场坝村3组" in listing


async def test_a_card_someone_else_accepted_says_who(app: App) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    colleague = await official(app, OTHER_OFFICER, "officer", HANCHANGBA, "王远明")
    await declare(app)
    await colleague.send("/case NC-2026-000001")
    await colleague.press("✅ 受理")
    card = (await messages_to(app, OFFICER, "case.card"))[-1]  # the edit of the first card
    assert "已被 王远明 受理" in card and "c:accept" not in card
    assert "🗒 备注" in card  # the buttons still valid for this officer stay


async def _official_id(app: App, user_id: int, role: str, division: str, name: str
                       ) -> tuple[FlowChat, int]:
    chat = await official(app, user_id, role, division, name)
    async with app.db.begin() as tx:
        person = await official_repo.by_user(tx, "telegram", str(user_id))
        assert person is not None
        return chat, person.id


async def test_a_deadline_under_an_hour_is_never_promised_as_zero_hours(app: App) -> None:
    deadlines = replace(app.services.programme.deadlines, accept_urgent=timedelta(minutes=15))
    app.services.programme = replace(app.services.programme, deadlines=deadlines)
    await official(app, OFFICER, "officer", HANCHANGBA, "张村干")
    resident = await declare(app, urgent=True)
    said = resident.texts()
    assert "在 15 分钟内受理" in said and "0 小时" not in said
