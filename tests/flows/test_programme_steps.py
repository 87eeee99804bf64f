"""The programme's own steps (民主评议 → 公示 → 审定) between the town's approval and monitoring,
and again on the way out (risk elimination), with the defaults of `.env` (all three on):
played through the chat like the officials would, and the scheduler ending the notice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.app import App
from cases.casework import Measure, Visit
from cases.clock import MovableClock
from cases.vocab import VISIT_CHECKS
from scheduler.jobs import TimedWork
from storage import audit as audit_repo
from storage.cases import events_of
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import declare, last_text, messages_to, official
from tests.support.casework import act_as
from tests.support.flow_chat import FlowChat

RESIDENT, OFFICER, LEAD, ADMIN = 601, 7101, 7201, 7401
NANCHUAN = "500119000000"
ALL_FINE = Visit(checks=dict.fromkeys(VISIT_CHECKS, "ok"), income_per_person=9000, notes=None,
                 media=[])


async def row(app: App):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(cases).order_by(cases.c.id))).first()


async def three_officials(app: App) -> tuple[FlowChat, FlowChat, FlowChat]:
    return (await official(app, OFFICER, "officer", HANCHANGBA, "李信息员"),
            await official(app, LEAD, "town_lead", MULIANG, "张镇长"),
            await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任"))


async def approved_by_the_lead(app: App, officer: FlowChat, lead: FlowChat) -> None:
    """A self-report accepted, visited, proposed as 突发严重困难户 and approved by the lead."""
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.send("5000")
    await officer.press("完成")
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    assert "下一步是村民主评议" in last_text(await lead.press("跳过")), lead.transcript()


async def record_review(officer: FlowChat, *, passed: bool = True) -> str:
    await officer.send("/case NC-2026-000001")
    await officer.press("记录民主评议")
    await officer.press("今天")
    await officer.press("评议通过" if passed else "评议未通过")
    assert "会议记录" in last_text(await officer.send("25"))
    return last_text(await officer.send_kind("photo", file_id="MINUTES"))


def labels(replies) -> str:  # type: ignore[no-untyped-def]
    return " ".join(b.text for r in replies for line in r.buttons for b in line)


async def tick(app: App) -> None:
    await TimedWork(app.background()).tick()


async def test_inclusion_passes_review_notice_and_the_districts_confirmation(
        app: App, clock: MovableClock) -> None:
    officer, lead, admin = await three_officials(app)
    await approved_by_the_lead(app, officer, lead)
    assert (await row(app)).stage == "review"
    # Not included yet: the resident hears nothing of monitoring until the district confirms.
    assert not any("纳入防止返贫监测帮扶" in t for t in await messages_to(app, RESIDENT))
    told = await messages_to(app, OFFICER, "case.card")
    assert any("已通过镇（街道）审核，下一步：待村民主评议" in t for t in told), told

    # 民主评议: the day, the outcome, how many attended, a photo of the minutes.
    assert "民主评议已记录（通过）" in await record_review(officer)
    case = await row(app)
    assert (case.stage, case.due_step) == ("notice", "notice")
    async with app.db.begin() as tx:
        review = [e for e in await events_of(tx, case.id) if e.action == "reviewed"][-1]
    assert (review.details["outcome"], review.details["attending"]) == ("pass", 25)
    assert review.details["media"] == [{"kind": "photo", "file_id": "telegram:MINUTES"}]

    # 公示: the text to post names the village, the head's surname and the category, the last
    # day — and nothing else about the household or who reported it.
    [notice] = await messages_to(app, OFFICER, "chain.notice_text")
    assert "汉场坝村 王某户拟纳入监测（突发严重困难户）" in notice, notice
    assert "公示期至 2026-03-07" in notice  # five full days after 2026-03-02
    for secret in ("王秀英", "秀英", "13800138000", "因病", "5000"):
        assert secret not in notice
    card = await officer.send("/case NC-2026-000001")
    assert "公示至 2026-03-07" in last_text(card) and "登记异议" in labels(card)

    # The notice comes down at local midnight after its last day; the scheduler moves it on.
    clock.set(datetime(2026, 3, 7, 15, 59, tzinfo=UTC))  # 23:59 in Shanghai on the 7th
    await tick(app)
    assert (await row(app)).stage == "notice"
    clock.set(datetime(2026, 3, 7, 16, 0, tzinfo=UTC))
    await tick(app)
    case = await row(app)
    assert (case.stage, case.due_step) == ("confirm", "confirm")
    assert any("审定" in t for t in await messages_to(app, ADMIN, "case.card"))

    # 审定 is the district's: the town lead's forged button is refused and audited.
    replies = await lead.press_data(f"c:confirm:{case.id}:{case.version}")
    assert "您的角色不能" in last_text(replies)
    async with app.db.begin() as tx:
        refusals = await audit_repo.listing(tx, clock.now() - timedelta(days=1))
    assert [(r.action, r.reason) for r in refusals] == [("confirm", "not_permitted")]

    await admin.send("/case NC-2026-000001")
    await admin.press("审定")
    assert "已审定" in last_text(await admin.press("审定通过"))
    case = await row(app)
    assert (case.stage, case.category, case.track) == ("monitored", "sudden", None)
    assert any("纳入防止返贫监测帮扶" in t for t in await messages_to(app, RESIDENT))
    timeline = last_text(await officer.press("办理记录"))
    for step in ("审核通过", "村民主评议", "公示期满无异议", "区县审定通过", "纳入监测"):
        assert step in timeline, timeline


async def test_an_objection_during_the_notice_sends_the_case_back_to_the_review(
        app: App, clock: MovableClock) -> None:
    officer, lead, _ = await three_officials(app)
    await approved_by_the_lead(app, officer, lead)
    await record_review(officer)
    await lead.send("/case NC-2026-000001")
    await lead.press("登记异议")
    assert "重新评议" in last_text(await lead.send("有村民反映其子女有稳定收入"))
    case = await row(app)
    assert (case.stage, case.due_step, case.track) == ("review", "review", "inclusion")
    told = await messages_to(app, OFFICER, "case.card")
    assert any("公示期间有异议" in t and "有村民反映其子女有稳定收入" in t for t in told)
    assert "公示期间有异议" in last_text(await officer.press("办理记录"))
    # The notice's end no longer moves anything; a second review posts a new notice.
    clock.advance(timedelta(days=7))
    await tick(app)
    assert (await row(app)).stage == "review"
    await record_review(officer)
    assert len(await messages_to(app, OFFICER, "chain.notice_text")) == 2


async def test_a_failed_review_or_a_refused_confirmation_sends_the_case_back(
        app: App, clock: MovableClock) -> None:
    officer, lead, admin = await three_officials(app)
    await approved_by_the_lead(app, officer, lead)
    assert "未通过" in await record_review(officer, passed=False)
    case = await row(app)
    assert (case.stage, case.due_step, case.track) == ("visited", "decision", None)

    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")
    await record_review(officer)
    clock.advance(timedelta(days=7))
    await tick(app)
    await admin.send("/case NC-2026-000001")
    await admin.press("审定")
    await admin.press("不予审定")
    assert "信息员会收到您的理由" in last_text(await admin.send("收入材料不全"))
    assert (await row(app)).stage == "visited"
    told = await messages_to(app, OFFICER, "case.card")
    assert any("区县审定未通过" in t and "收入材料不全" in t for t in told)


async def test_risk_elimination_goes_through_the_same_steps_before_closing(
        app: App, clock: MovableClock) -> None:
    officer, lead, admin = await three_officials(app)
    await approved_by_the_lead(app, officer, lead)
    case = await row(app)
    officer_id, admin_id = 1, 3
    await act_as(app, officer_id, case.id, "review", held_on=clock.now().date(), outcome="pass",
                 attending=20)
    clock.advance(timedelta(days=7))
    await tick(app)
    await act_as(app, admin_id, case.id, "confirm", approved=True)
    await act_as(app, officer_id, case.id, "measure",
                 measure=Measure(kind="dibao", start=clock.now().date()))
    clock.advance(timedelta(days=181))
    await act_as(app, officer_id, case.id, "visit", record=ALL_FINE)

    await officer.send("/case NC-2026-000001")
    await officer.press("办结")
    replies = await officer.press("风险消除")
    assert "经民主评议、公示、审定后办结" in last_text(replies), officer.transcript()
    case = await row(app)
    assert (case.stage, case.track, case.closed_reason) == ("review", "elimination", None)
    assert not any("已办结" in t for t in await messages_to(app, RESIDENT))

    await record_review(officer)
    [_, notice] = await messages_to(app, OFFICER, "chain.notice_text")
    assert "王某户拟标注风险消除（突发严重困难户）" in notice, notice
    clock.advance(timedelta(days=7))
    await tick(app)
    await admin.send("/case NC-2026-000001")
    await admin.press("审定")
    await admin.press("审定通过")
    case = await row(app)
    assert (case.stage, case.closed_reason, case.due_step) == ("closed", "risk_eliminated",
                                                               "recheck")
    assert case.eliminated_at == clock.now()
    assert any("已办结：风险消除" in t for t in await messages_to(app, RESIDENT))


async def test_not_eligible_needs_a_visit_and_the_leads_approval(app: App) -> None:
    officer, lead, _ = await three_officials(app)
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("办结")
    replies = await officer.press("不符合条件")
    assert "请先入户走访" in last_text(replies)
    assert (await row(app)).stage == "accepted"
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.send("12000")
    await officer.press("完成")
    await officer.press("办结")
    await officer.press("不符合条件")
    assert "等待镇（街道）审核" in last_text(await officer.send("人均收入远高于监测线"))
    assert (await row(app)).stage == "proposed"
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")
    case = await row(app)
    assert (case.stage, case.closed_reason) == ("closed", "not_eligible")  # no review for it
    assert any("暂不符合纳入条件" in t for t in await messages_to(app, RESIDENT))


async def test_bad_answers_in_the_review_are_told_and_lose_nothing(app: App) -> None:
    officer, lead, _ = await three_officials(app)
    await approved_by_the_lead(app, officer, lead)
    await officer.send("/case NC-2026-000001")
    await officer.press("记录民主评议")
    assert "今天或以前的日期" in last_text(await officer.send_kind("sticker"))
    assert "今天或以前的日期" in last_text(await officer.send("2099-01-01"))
    await officer.send("2026-03-01")
    assert "评议结果" in last_text(await officer.send("通过了"))  # buttons, asked again
    await officer.press("评议通过")
    for bad in ("很多人", "0", "x" * 10_000):
        assert "请写参加人数" in last_text(await officer.send(bad))
    replies = await officer.send("/cases")  # a command mid-flow: the inbox, then the question
    assert "NC-2026-000001" in last_text(replies) and "多少人" in last_text(replies)
    await officer.send("40")
    assert "会议记录的照片" in last_text(await officer.send("没有照片"))
    await officer.press("跳过")
    case = await row(app)
    assert case.stage == "notice"
    async with app.db.begin() as tx:
        review = [e for e in await events_of(tx, case.id) if e.action == "reviewed"][-1]
    assert (review.details["held_on"], review.details["attending"], review.details["media"]) == (
        "2026-03-01", 40, [])

    # A very long objection is kept (cut to the text limit), not refused.
    await lead.send("/case NC-2026-000001")
    await lead.press("登记异议")
    assert "重新评议" in last_text(await lead.send("异" * 10_000))
    assert (await row(app)).stage == "review"


async def test_only_an_admin_of_the_cases_own_district_confirms(app: App,
                                                                clock: MovableClock) -> None:
    from storage import divisions as division_repo
    from storage.divisions import Division

    async with app.db.begin() as tx:  # a second district beside 南川区
        await division_repo.upsert_many(tx, [Division("500110000000", "綦江区", "district", None)])
        app.services.divisions.replace(await division_repo.all_divisions(tx))
    officer, lead, _ = await three_officials(app)
    other = await official(app, 7402, "district_admin", "500110000000", "外区管理员")
    await approved_by_the_lead(app, officer, lead)
    await record_review(officer)
    clock.advance(timedelta(days=7))
    await tick(app)
    case = await row(app)
    assert case.stage == "confirm"
    assert "您的角色不能" in last_text(await other.press_data(f"c:confirm:{case.id}:{case.version}"))
    async with app.db.begin() as tx:
        refusals = await audit_repo.listing(tx, clock.now() - timedelta(days=30))
    assert [(r.official_id, r.action, r.reason) for r in refusals] == [
        (4, "confirm", "not_permitted")]
    assert (await row(app)).stage == "confirm"
    await act_as(app, 3, case.id, "confirm", approved=True)  # 南川区's own admin
    assert (await row(app)).stage == "monitored"
