"""The household follows and adds to its case: receipts that name the official, a /status
that says where things stand, 补充情况, "did the official come?", and 申请复核 of a refusal."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from scheduler.jobs import TimedWork
from storage import official_phones
from storage import officials as official_repo
from storage.cases import events_of
from storage.casework import media_of
from storage.tables import cases
from storage.tables_resident import official_phones as official_phone_rows
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_neighbour_report import neighbour, report

# The officials' own actions without the programme's steps between approval and monitoring.
from tests.flows.test_officials_journey import (
    declare,
    last_text,
    messages_to,
    official,
    settings,  # noqa: F401  (a fixture)
)
from tests.support.flow_chat import FlowChat

RESIDENT, OFFICER, LEAD, ADMIN, STRANGER = 601, 7101, 7201, 7401, 7301
DISTRICT = "500119000000"


async def accept_and_visit(officer: FlowChat) -> None:
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await visit(officer)


async def visit(officer: FlowChat) -> None:
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.press("跳过")
    assert "走访已记录" in last_text(await officer.press("完成")), officer.transcript()


async def include_with_measure(officer: FlowChat, lead: FlowChat) -> None:
    """Proposed, approved, and 低保 of 两千五 a month from today; next visit 下周一."""
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")
    await officer.send("/case NC-2026-000001")
    await officer.press("添加帮扶措施")
    await officer.press("低保")
    await officer.press("今天")
    await officer.send("两千五")
    await officer.press("每月")
    await officer.press("跳过")
    await officer.press("安排回访")
    assert "2026-03-09" in last_text(await officer.send("下周一")), officer.transcript()


async def officer_id(app: App, user_id: int) -> int:
    async with app.db.begin() as tx:
        person = await official_repo.by_user(tx, "telegram", str(user_id))
    assert person is not None
    return person.id


async def test_the_receipt_names_the_official_and_their_phone_only_when_shared(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    [receipt] = await messages_to(app, RESIDENT, "receipt.accepted_by")
    assert "李信息员" in receipt and "电话" not in receipt

    assert "只有您的名字" in last_text(await officer.send("/phone"))
    await officer.press("把我的电话告诉村民")
    assert "13900139000" in last_text(await officer.send_kind("contact", phone="8613900139000"))
    held_by = await officer_id(app, OFFICER)
    async with app.db.begin() as tx:  # sealed at rest like every phone number
        assert await official_phones.shared(tx, app.services.cases.cipher, held_by) \
            == "13900139000"
        [row] = (await tx.execute(select(official_phone_rows))).all()
        assert b"13900139000" not in bytes(row.phone_enc)
    await declare(app, user_id=RESIDENT + 1, name="张三")
    await officer.send("/case NC-2026-000002")
    await officer.press("受理")
    [call] = await messages_to(app, RESIDENT + 1, "receipt.accepted_call")
    assert "李信息员" in call and "13900139000" in call

    await officer.send("/phone")
    assert "不再显示" in last_text(await officer.press("不再显示我的电话"))
    await declare(app, user_id=RESIDENT + 2, name="李四")
    await officer.send("/case NC-2026-000003")
    await officer.press("受理")
    [plain] = await messages_to(app, RESIDENT + 2, "receipt.accepted_by")
    assert "13900139000" not in plain
    stranger = FlowChat(app.core, user_id=STRANGER)  # a resident has no /phone
    assert "13900139000" not in last_text(await stranger.send("/phone"))


async def test_status_shows_stage_official_measures_and_next_visit(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await declare(app)
    status = last_text(await resident.send("/status"))
    assert "等村里的工作人员受理" in status and "负责的工作人员" not in status

    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    status = last_text(await resident.send("/status"))
    assert "会上门了解情况" in status and "李信息员" in status and "下次上门：2026-03-05" in status

    await visit(officer)
    await include_with_measure(officer, lead)
    status = last_text(await resident.send("/status"))
    for fact in ("已纳入监测帮扶", "李信息员", "帮扶措施：低保", "下次上门：2026-03-09"):
        assert fact in status, status
    # A follow-up visit has its own receipt, and its own "did they come?"
    await officer.send("/case NC-2026-000001")
    await visit(officer)
    [follow] = await messages_to(app, RESIDENT, "receipt.follow_up_visit")
    assert "李信息员" in follow and "回访" in follow
    assert len(await messages_to(app, RESIDENT, "visit_check.ask")) == 2


async def test_the_household_adds_words_photo_and_voice_and_the_owner_is_told(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    resident = await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await resident.send("/status")
    assert "说话" in last_text(await resident.press("补充情况"))
    await resident.send_kind("sticker")  # refused kindly, nothing lost
    assert "太长" in last_text(await resident.send("住" * 10000))  # not cut short silently
    await resident.send("孩子住院了，又花了两万")
    await resident.send_kind("photo", file_id="ADD-PHOTO")
    await resident.send_kind("voice", file_id="ADD-VOICE")
    assert "已把补充的情况发给" in last_text(await resident.press("完成"))

    notice = (await messages_to(app, OFFICER, "case.card"))[-1]
    assert "申报人补充了情况" in notice and "孩子住院了" in notice and "照片 1 张、语音 1 条" in notice
    async with app.db.begin() as tx:
        kinds = [m.kind for m in await media_of(tx, 1)]
        actions = [e.action for e in await events_of(tx, 1)]
    assert kinds == ["photo", "voice"] and "details_added" in actions

    # Someone else's chat cannot add to this case, even with a forged button.
    stranger = FlowChat(app.core, user_id=STRANGER)
    await stranger.send("/start")
    await stranger.press("同意")
    assert "按钮无效" in last_text(await stranger.press_data("fu:add:1"))


async def test_nobody_came_reaches_the_town_lead_once_within_24_hours(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await declare(app)
    await accept_and_visit(officer)
    [asked] = await messages_to(app, RESIDENT, "visit_check.ask")
    assert "工作人员上门了吗" in asked and "李信息员" in asked and "vc:no:1:1" in asked

    assert "已报告镇里" in last_text(await resident.press_data("vc:no:1:1"))
    [notice] = [m for m in await messages_to(app, LEAD, "case.card") if "上门核实有异议" in m]
    assert "NC-2026-000001" in notice and "李信息员" in notice
    assert "已经回答过" in last_text(await resident.press_data("vc:yes:1:1"))
    assert len([m for m in await messages_to(app, LEAD) if "上门核实有异议" in m]) == 1
    async with app.db.begin() as tx:
        assert [e.action for e in await events_of(tx, 1)].count("visit_disputed") == 1

    # A second case, answered too late: nothing reaches the lead.
    second = await declare(app, user_id=RESIDENT + 1, name="张三")
    await officer.send("/case NC-2026-000002")
    await officer.press("受理")
    await visit(officer)
    clock.advance(timedelta(hours=25))
    assert "已经过期" in last_text(await second.press_data("vc:no:2:1"))
    assert len([m for m in await messages_to(app, LEAD) if "上门核实有异议" in m]) == 1


async def test_a_neighbour_report_is_never_asked_about_the_visit(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    chat = await neighbour(app)
    await report(chat)
    await accept_and_visit(officer)
    assert await messages_to(app, chat.user_id, "visit_check.ask") == []
    assert "按钮无效" in last_text(await chat.press_data("vc:no:1:1"))


async def refused(officer: FlowChat, lead: FlowChat) -> None:
    await accept_and_visit(officer)
    await officer.press("提出认定意见")
    await officer.press("不符合条件")
    await officer.send("家庭收入高于监测线")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")


async def test_a_refused_household_asks_for_a_re_review_and_hears_the_decision(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await declare(app)
    await refused(officer, lead)
    assert "申请复核" in (await messages_to(app, RESIDENT, "receipt.not_eligible"))[0]

    await resident.send("/status")
    assert "说话" in last_text(await resident.press("申请复核"))
    await resident.send_kind("sticker")
    assert "15 天内答复" in last_text(await resident.send_kind("voice", file_id="WHY-VOICE"))
    row = await case_now(app)
    assert (row.stage, row.due_step) == ("closed", "appeal")
    notice = (await messages_to(app, LEAD, "case.card"))[-1]
    assert "申请复核" in notice and "复核决定" in notice  # the button to decide
    status = last_text(await resident.send("/status"))
    assert "已申请复核" in status and "申请复核 fu:" not in status
    assert "不能申请复核" in last_text(await resident.press_data("fu:review:1"))  # only once

    await lead.send("/case NC-2026-000001")
    await lead.press("复核决定")
    await lead.press("重新办理")
    await lead.send("住院费用已核实，需要重新核算收入")
    [decided] = await messages_to(app, RESIDENT, "receipt.review_reopen")
    assert "重新办理" in decided and "住院费用已核实" in decided
    row = await case_now(app)
    assert (row.stage, row.closed_reason, row.due_step) == ("accepted", None, "visit")
    assert any("复核后重新办理" in m for m in await messages_to(app, OFFICER, "case.card"))


async def test_the_lead_may_uphold_and_the_request_escalates_like_any_deadline(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    resident = await declare(app)
    await refused(officer, lead)
    await resident.send("/status")
    await resident.press("申请复核")
    await resident.send("我家孩子上大学，开支很大")
    clock.advance(timedelta(days=15, hours=1))
    await TimedWork(app.background()).tick()
    escalated = await messages_to(app, ADMIN, "due.escalated")
    assert escalated and "NC-2026-000001" in escalated[0] and "复核答复" in escalated[0]

    await lead.send("/case NC-2026-000001")
    await lead.press("复核决定")
    await lead.press("维持原结论")
    await lead.send("人均收入仍高于监测线")
    [decided] = await messages_to(app, RESIDENT, "receipt.review_uphold")
    assert "维持原结论" in decided and "人均收入仍高于监测线" in decided
    row = await case_now(app)
    assert (row.stage, row.closed_reason, row.due_step) == ("closed", "not_eligible", None)


async def test_no_re_review_after_30_days(app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await declare(app)
    await refused(officer, lead)
    clock.advance(timedelta(days=31))
    status = last_text(await resident.send("/status"))
    assert "不符合条件" in status
    assert all("申请复核" not in b.text for r in resident.history[-3:] for row in r.buttons
               for b in row)
    assert "不能申请复核" in last_text(await resident.press_data("fu:review:1"))


async def case_now(app: App):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(cases).where(cases.c.id == 1))).one()
