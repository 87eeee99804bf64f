"""A district admin sets the programme's rules by chat (/policy): typed, checked, confirmed,
recorded, stored for the district over the `.env` defaults — and read for each case's district
from then on. Thirty days before a year without an income line, the admins are reminded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import App
from cases.casework import Measure, Visit
from cases.clock import MovableClock
from cases.vocab import VISIT_CHECKS
from scheduler.jobs import TimedWork
from storage import audit as audit_repo
from storage import district_policy as policy_repo
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import last_text, messages_to, official
from tests.flows.test_programme_steps import ADMIN, LEAD, NANCHUAN, OFFICER, labels
from tests.support.casework import act_as, report_case

ALL_FINE = Visit(checks=dict.fromkeys(VISIT_CHECKS, "ok"), income_per_person=9000, notes=None,
                 media=[])


async def test_an_admin_sets_next_years_income_line_checked_confirmed_and_recorded(
        app: App, clock: MovableClock) -> None:
    admin = await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    assert "办理规则" in labels(admin.history)  # on the menu the join showed
    replies = await admin.press("办理规则")
    overview = last_text(replies)
    assert "南川区 办理规则" in overview
    assert "2026 年收入线：7800 元（默认）" in overview and "2027 年收入线：未设置" in overview
    assert "纳入监测的程序：待村民主评议、公示中、待区县审定（默认）" in overview
    await admin.press("2027 年收入线")
    for bad, says in (("八千", "请写一个数字"), ("80", "超出了允许的范围"), ("8000.5", "请写一个数字")):
        assert says in last_text(await admin.send(bad)), admin.transcript()
    assert "从 未设置 改为 <b>8000 元</b>" in last_text(await admin.send("8000"))
    replies = await admin.press("确认修改")
    assert "已保存：2027 年收入线 现在是 8000 元" in last_text(replies)
    assert "2027 年收入线：8000 元（本区设定）" in last_text(replies)
    async with app.db.begin() as tx:
        [change] = await policy_repo.changes(tx, NANCHUAN)
    assert (change.name, change.old_value, change.new_value, change.official_id, change.via) == (
        "income_line.2027", None, "8000", 1, "chat")

    # Cancelling at the confirmation changes nothing; a sticker at the prompt is told off.
    await admin.press("2027 年收入线")
    assert "请写一个数字" in last_text(await admin.send_kind("sticker"))
    await admin.send("9000")
    assert "没有修改" in last_text(await admin.press("取消"))
    async with app.db.begin() as tx:
        assert (await policy_repo.values_of(tx, NANCHUAN))["income_line.2027"] == "8000"


async def test_only_a_district_admin_may_set_the_rules(app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    for chat in (officer, lead):
        assert "只有区（县）管理员" in last_text(await chat.send("/policy"))
    assert "办理规则" not in labels(lead.history)  # not on their menu either
    async with app.db.begin() as tx:
        refusals = await audit_repo.listing(tx, clock.now() - timedelta(days=1))
    assert [(r.action, r.reason) for r in refusals] == [("/policy", "not_permitted")] * 2


async def test_a_deadline_change_applies_to_stages_entered_after_it(
        app: App, clock: MovableClock) -> None:
    officer_id = 1
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    admin = await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    before = await report_case(app, village=HANCHANGBA, town=MULIANG, head_name="赵大山")
    before = await act_as(app, officer_id, before.id, "accept")
    assert before.due_at == clock.now() + timedelta(days=3)

    await admin.send("/policy")
    await admin.press("入户走访时限")
    await admin.send("5")
    await admin.press("确认修改")
    await admin.press("受理时限")
    await admin.send("12")
    await admin.press("确认修改")

    clock.advance(timedelta(hours=1))
    after = await report_case(app, village=HANCHANGBA, town=MULIANG, head_name="钱二")
    assert after.due_at == clock.now() + timedelta(hours=12)  # the accept deadline: 12 h now
    after = await act_as(app, officer_id, after.id, "accept")
    assert after.due_at == clock.now() + timedelta(days=5)
    async with app.db.begin() as tx:
        unchanged = await app.services.cases.by_id(tx, before.id)
    assert unchanged is not None and unchanged.due_at == before.due_at  # entered before: 3 days


async def test_steps_turned_off_by_chat_take_approval_straight_to_monitoring(
        app: App, clock: MovableClock) -> None:
    officer_id, lead_id = 1, 2
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    admin = await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    await admin.send("/policy")
    await admin.press("纳入监测的程序")
    await admin.press("待村民主评议")
    replies = await admin.press("待区县审定")
    assert "⬜ 待村民主评议" in labels(replies) and "✅ 公示中" in labels(replies)
    await admin.press("完成")
    assert "改为 <b>公示中</b>" in last_text(admin.history[-1:])
    await admin.press("确认修改")

    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    await act_as(app, officer_id, case.id, "accept")
    await act_as(app, officer_id, case.id, "visit", record=ALL_FINE)
    await act_as(app, officer_id, case.id, "propose", category="marginal")
    case = await act_as(app, lead_id, case.id, "approve")
    assert (case.stage, case.track) == ("notice", "inclusion")  # only the notice is left
    clock.advance(timedelta(days=6))
    await TimedWork(app.background()).tick()
    async with app.db.begin() as tx:
        done = await app.services.cases.by_id(tx, case.id)
    assert done is not None and (done.stage, done.category) == ("monitored", "marginal")


async def test_closing_reads_the_income_line_of_the_cases_district(
        app: App, clock: MovableClock) -> None:
    """.env has lines up to 2026 only: in 2027 elimination is refused until the admin sets one."""
    officer_id, lead_id = 1, 2
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    admin = await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    await admin.send("/policy")
    await admin.press("风险消除的程序")
    for step in ("待村民主评议", "公示中", "待区县审定"):
        await admin.press(step)
    await admin.press("完成")
    await admin.press("确认修改")
    await admin.press("纳入监测的程序")
    for step in ("待村民主评议", "公示中", "待区县审定"):
        await admin.press(step)
    await admin.press("完成")
    await admin.press("确认修改")

    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    await act_as(app, officer_id, case.id, "accept")
    await act_as(app, officer_id, case.id, "visit", record=ALL_FINE)
    await act_as(app, officer_id, case.id, "propose", category="marginal")
    await act_as(app, lead_id, case.id, "approve")
    await act_as(app, officer_id, case.id, "measure",
                 measure=Measure(kind="dibao", start=clock.now().date()))
    clock.set(datetime(2027, 1, 10, 2, 0, tzinfo=UTC))
    await act_as(app, officer_id, case.id, "visit", record=ALL_FINE)
    await officer.send(f"/case {case.ref}")
    await officer.press("办结")
    assert "今年的监测收入线还没有设置" in last_text(await officer.press("风险消除"))

    await admin.send("/policy")
    await admin.press("2027 年收入线")
    await admin.send("8500")
    await admin.press("确认修改")
    await officer.send(f"/case {case.ref}")
    await officer.press("办结")
    assert "8500" not in last_text(await officer.press("风险消除"))  # 9000 is above it: closed
    async with app.db.begin() as tx:
        closed = await app.services.cases.by_id(tx, case.id)
    assert closed is not None and closed.closed_reason == "risk_eliminated"


async def test_admins_are_reminded_thirty_days_before_a_year_without_a_line(
        app: App, clock: MovableClock) -> None:
    await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    clock.set(datetime(2026, 11, 30, 2, 0, tzinfo=UTC))  # 32 days before 2027: not yet
    await TimedWork(app.background()).tick()
    assert await messages_to(app, ADMIN, "chain.income_line_missing") == []
    clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))  # 30 days before
    await TimedWork(app.background()).tick()
    [reminder] = await messages_to(app, ADMIN, "chain.income_line_missing")
    assert "南川区 还没有设置 2027 年的监测收入线" in reminder and "/policy" in reminder
    clock.set(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))  # the next day: not again
    await TimedWork(app.background()).tick()
    assert len(await messages_to(app, ADMIN, "chain.income_line_missing")) == 1


async def test_an_admin_of_two_districts_chooses_which_one_to_set(
        app: App, clock: MovableClock) -> None:
    from storage import divisions as division_repo
    from storage.divisions import Division
    from tests.flows.test_officials_journey import invite

    async with app.db.begin() as tx:  # a second district beside 南川区
        await division_repo.upsert_many(tx, [Division("500110000000", "綦江区", "district", None)])
        app.services.divisions.replace(await division_repo.all_divisions(tx))
    admin = await official(app, ADMIN, "district_admin", NANCHUAN, "刘主任")
    await admin.send(f"/join {await invite(app, 'district_admin', '500110000000')}")

    asked = last_text(await admin.send("/policy"))
    assert "请选择要查看或修改哪个区（县）" in asked
    shown = labels(admin.history[-1:])
    assert "南川区" in shown and "綦江区" in shown
    overview = last_text(await admin.press("綦江区"))
    assert "綦江区 办理规则" in overview
    await admin.press("2027 年收入线")
    await admin.send("8200")
    assert "綦江区 办理规则" in last_text(await admin.press("确认修改"))  # the same district again
    async with app.db.begin() as tx:
        assert (await policy_repo.values_of(tx, "500110000000"))["income_line.2027"] == "8200"
        assert "income_line.2027" not in await policy_repo.values_of(tx, NANCHUAN)
    # From the overview, the other district.
    await admin.press("换一个区（县）")
    overview = last_text(await admin.press("南川区"))
    assert "南川区 办理规则" in overview and "2027 年收入线：未设置" in overview
