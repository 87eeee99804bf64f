"""The officials' half of a case, end to end through the core: invites, routing, the card,
accept, visit, decision, approval, measures, follow-up, closure rules, receipts, and the
refusals a forged or stale button gets."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.settings import Settings
from cases import invites
from cases.clock import MovableClock
from storage import audit as audit_repo
from storage import invites as invite_repo
from storage.cases import events_of
from storage.casework import latest_income
from storage.tables import cases, outbox
from storage.tables_officials import invites as invite_table
from storage.tables_officials import visits
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, MULIANG, outbox_messages
from tests.support.flow_chat import FlowChat

RESIDENT, OFFICER, LEAD, STRANGER, OTHER_OFFICER = 601, 7101, 7201, 7301, 7102


@pytest.fixture
def settings(db_url: str) -> Settings:
    """The officials' own actions, without the programme's steps (评议, 公示, 审定) between
    approval and monitoring: tests/flows/test_programme_steps.py plays those."""
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    programme_inclusion_steps="none", programme_elimination_steps="none")
CHANGPING, HETU = "500119102201", "500119102000"  # 长坪村 in 河图镇


async def invite(app: App, role: str, division: str) -> str:
    async with app.db.begin() as tx:
        return await invites.issue(tx, role=role, division_code=division, created_by=None,
                                   now=app.services.clock.now(), valid_for=timedelta(hours=72))


async def official(app: App, user_id: int, role: str, division: str, name: str,
                   deep_link: bool = False) -> FlowChat:
    chat = FlowChat(app.core, user_id=user_id, first_name=name)
    code = await invite(app, role, division)
    replies = await chat.send(f"/start {code}" if deep_link else f"/join {code}")
    assert "欢迎" in replies[0].text, chat.transcript()
    return chat


async def declare(app: App, user_id: int = RESIDENT, town: str = "木凉镇",
                  village: str = "汉场坝村", urgent: bool = False, name: str = "王秀英",
                  ) -> FlowChat:
    chat = FlowChat(app.core, user_id=user_id)
    await chat.send("/start")
    await chat.press("同意")
    for label in ("申报本户困难", town, village):
        await chat.press(label)
    await chat.send(name)
    await chat.send("13800138000")
    await chat.press("3")
    await chat.press("因病")
    await chat.press("完成")
    await chat.press("跳过")
    await chat.press("是" if urgent else "否")
    if urgent:
        await chat.press("跳过")  # what makes it urgent: may be left unsaid
    replies = await chat.press("提交")
    assert "NC-2026-" in "\n".join(r.text for r in replies), chat.transcript()
    return chat


async def messages_to(app: App, chat_id: int, key: str | None = None) -> list[str]:
    return [m.text for m in await outbox_messages(app)
            if m.chat_id == chat_id and (key is None or m.key == key)]


async def case_row(app: App):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(cases).order_by(cases.c.id))).first()


def last_text(replies) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in replies)


async def test_a_case_from_report_to_risk_eliminated(app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长", deep_link=True)
    await declare(app)

    # The village officer gets the card with name, phone and an Accept button; the town lead
    # (not urgent) does not.
    cards = await messages_to(app, OFFICER, "case.card")
    assert len(cards) == 1
    for fact in ("NC-2026-000001", "汉场坝村", "木凉镇", "王秀英", "13800138000", "因病", "3 人", "✅ 受理"):
        assert fact in cards[0], cards[0]
    assert await messages_to(app, LEAD, "case.card") == []

    # Accept from the card; the resident hears about it; a second tap of the same button
    # (now stale) changes nothing and says why.
    accept_data = next(line.split()[-1] for line in cards[0].splitlines() if "✅ 受理" in line)
    replies = await officer.press_data(accept_data)
    assert "您已受理案件 NC-2026-000001" in last_text(replies)
    visit_by = app.services.programme.local(
        app.services.clock.now() + app.services.programme.deadlines.visit)
    assert f"请在 {visit_by:%Y-%m-%d %H:%M} 前走访" in last_text(replies)  # from the settings
    assert any("已由村里的工作人员受理" in t for t in await messages_to(app, RESIDENT))
    again = await officer.press_data(accept_data)
    assert "按钮已过期" in last_text(again)
    async with app.db.begin() as tx:
        accepted = [e for e in await events_of(tx, 1) if e.action == "accepted"]
    assert len(accepted) == 1

    # The home visit: one risk marked, income, a note.
    await officer.press("记录走访")
    await officer.press("看病")
    await officer.press("完成")
    await officer.send("5000")
    assert "已记下" in last_text(await officer.send("老人住院，家中缺劳力"))
    await officer.send_kind("photo", file_id="VISIT-PHOTO")  # sent after the words: kept too
    replies = await officer.press("完成")
    assert "走访已记录" in last_text(replies)
    assert (await case_row(app)).stage == "visited"
    async with app.db.begin() as tx:
        [visit] = (await tx.execute(select(visits))).all()
    assert [m["file_id"] for m in visit.media] == ["telegram:VISIT-PHOTO"]
    assert app.services.cases.cipher.decrypt(visit.notes_enc) == "老人住院，家中缺劳力"

    # The decision goes to the town lead, who approves it from /case.
    await officer.press("提出认定意见")
    replies = await officer.press("突发严重困难户")
    assert "等待镇（街道）审核" in last_text(replies)
    lead_cards = await messages_to(app, LEAD, "case.card")
    assert len(lead_cards) == 1
    assert "拟认定：<b>突发严重困难户</b>" in lead_cards[0]  # what the lead is asked to approve
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    replies = await lead.press("跳过")
    assert "已审核通过" in last_text(replies)
    row = await case_row(app)
    assert (row.stage, row.category) == ("monitored", "sudden")
    assert any("纳入防止返贫监测帮扶" in t for t in await messages_to(app, RESIDENT))

    # Closing as "risk eliminated" now is refused with everything that is missing.
    await officer.send("/case NC-2026-000001")
    await officer.press("办结")
    refusal = await officer.press("风险消除")
    refused = last_text(refusal)
    assert "还不能以「风险消除」办结" in refused
    assert "帮扶措施" in refused and "监测满 180 天" in refused and "7800" in refused
    # The card comes with the refusal, so the next step (a measure) is one tap away.
    assert "添加帮扶措施" in " ".join(b.text for row in refusal[-1].buttons for b in row)
    assert (await case_row(app)).stage == "monitored"

    # Two measures, a follow-up in 30 days.
    await officer.send("/case NC-2026-000001")
    await officer.press("添加帮扶措施")
    await officer.press("低保")
    await officer.press("今天")
    await officer.send("800")
    await officer.press("每月")
    assert "帮扶措施已添加" in last_text(await officer.press("跳过"))
    await officer.press("添加帮扶措施")
    await officer.press("残疾人补贴")
    await officer.send("2026-03-05")
    await officer.press("跳过")
    await officer.press("跳过")
    await officer.press("安排回访")
    assert "2026-04-01" in last_text(await officer.press("30 天后"))

    # Half a year later: a follow-up visit with an income above the line, then the closure.
    clock.advance(timedelta(days=181))
    await officer.send("/case NC-2026-000001")
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.send("9000")
    await officer.press("完成")
    await officer.press("办结")
    replies = await officer.press("风险消除")
    assert "案件已办结" in last_text(replies), officer.transcript()
    row = await case_row(app)
    assert (row.stage, row.closed_reason, row.due_step) == ("closed", "risk_eliminated", "recheck")
    assert any("已办结：风险消除" in t for t in await messages_to(app, RESIDENT))

    # Every step is on the timeline.
    timeline = last_text(await officer.press("办理记录"))  # the latest page first
    timeline += last_text(await officer.press("更早的记录"))
    for step in ("上报", "受理", "走访", "提出认定意见", "审核通过", "添加帮扶措施", "办结"):
        assert step in timeline


async def test_outside_their_villages_an_official_is_refused_and_audited(app: App) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    stranger = await official(app, STRANGER, "officer", CHANGPING, "外村信息员")
    resident = await declare(app)
    replies = await stranger.send("/case NC-2026-000001")
    assert "不在您负责的范围内" in last_text(replies)
    assert "王秀英" not in last_text(replies) and "13800138000" not in last_text(replies)
    forged = await stranger.press_data("c:accept:1:1")
    assert "不在您负责的范围内" in last_text(forged)
    assert (await case_row(app)).owner_id is None
    async with app.db.begin() as tx:
        refusals = await audit_repo.listing(tx, app.services.clock.now() - timedelta(days=1))
        timeline = [e.action for e in await events_of(tx, 1)]
    assert [(r.action, r.case_ref, r.reason) for r in refusals] == [
        ("view", "NC-2026-000001", "out_of_scope"), ("accept", "NC-2026-000001", "out_of_scope")]
    assert "refused" not in timeline  # the audit table holds refusals, the timeline the case
    assert "只对工作人员开放" in last_text(await resident.send("/cases"))
    assert "按钮无效" in last_text(await stranger.press_data("c:fly:1:1"))


def button_data(card: str, label: str) -> str:
    return next(line.split()[-1] for line in card.splitlines() if label in line)


async def test_first_to_accept_owns_it_and_the_other_cards_say_so(app: App) -> None:
    first = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    second = await official(app, OTHER_OFFICER, "officer", HANCHANGBA, "赵信息员")
    await declare(app)
    first_card = (await messages_to(app, OFFICER, "case.card"))[0]
    second_card = (await messages_to(app, OTHER_OFFICER, "case.card"))[0]
    await first.press_data(button_data(first_card, "✅ 受理"))
    # The second officer's card is edited to show who has it, without the Accept button.
    edited = (await messages_to(app, OTHER_OFFICER, "case.card"))[-1]
    assert "已被 李信息员 受理" in edited and "c:accept" not in edited
    late = await second.press_data(button_data(second_card, "✅ 受理"))
    assert "按钮已过期" in last_text(late)
    assert (await case_row(app)).owner_id is not None
    async with app.db.begin() as tx:
        assert [e.actor_id for e in await events_of(tx, 1) if e.action == "accepted"] == [1]


async def test_no_officer_in_the_village_sends_the_card_to_the_town_lead(app: App) -> None:
    await official(app, LEAD, "town_lead", HETU, "河图镇长")
    await declare(app, town="河图镇", village="长坪村")
    cards = await messages_to(app, LEAD, "case.card")
    assert len(cards) == 1 and "长坪村" in cards[0] and "c:accept" in cards[0]


async def test_invite_codes_are_single_use_hashed_and_rate_limited(app: App) -> None:
    code = await invite(app, "officer", HANCHANGBA)
    async with app.db.begin() as tx:
        stored = [r.code_hash for r in (await tx.execute(select(invite_table))).all()]
    assert code not in stored and len(code) >= 22
    await FlowChat(app.core, user_id=OFFICER).send(f"/join {code}")
    reuse = await FlowChat(app.core, user_id=OTHER_OFFICER).send(f"/join {code}")
    assert "已经用过了" in last_text(reuse)
    guesser = FlowChat(app.core, user_id=STRANGER)
    assert "邀请码" in last_text(await guesser.send("/join"))  # no code: how to use it
    for n in range(5):
        assert "邀请码不对" in last_text(await guesser.send(f"/join wrong{n}"))
    fresh = await invite(app, "officer", HANCHANGBA)
    assert "一小时后再试" in last_text(await guesser.send(f"/join {fresh}"))
    async with app.db.begin() as tx:
        assert (await tx.execute(select(invite_table.c.used_at).where(
            invite_table.c.code_hash == invites.code_hash(fresh)))).scalar() is None


async def test_outbox_holds_no_phone_or_name_for_the_card(app: App) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await declare(app)
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox.c.params).where(outbox.c.key == "case.card"))).all()
    assert rows and all("13800138000" not in str(r.params) and "王秀英" not in str(r.params)
                        for r in rows)


async def test_an_expired_or_revoked_invite_says_so(app: App, clock: MovableClock) -> None:
    code = await invite(app, "officer", HANCHANGBA)
    clock.advance(timedelta(hours=73))
    chat = FlowChat(app.core, user_id=OFFICER)
    assert "已过期" in last_text(await chat.send(f"/join {code}"))
    code = await invite(app, "officer", HANCHANGBA)
    async with app.db.begin() as tx:
        assert await invite_repo.revoke(tx, invites.code_hash(code), clock.now())
    assert "已被作废" in last_text(await chat.send(f"/join {code}"))
    assert "只对工作人员开放" in last_text(await chat.send("/cases"))


async def test_a_town_lead_invites_an_officer_by_chat(app: App) -> None:
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await lead.send("/invite")
    await lead.press("村信息员")
    made = last_text(await lead.press("汉场坝村"))
    code = made.split("<code>")[1].split("</code>")[0]
    assert len(code) >= 22
    # No bot username configured: how to join by command, not a made-up t.me link.
    assert f"/join {code}" in made and "t.me/" not in made
    app.services.bot_username = "nanchuan_safety_bot"
    await lead.send("/invite")
    await lead.press("村信息员")
    linked = last_text(await lead.press("汉场坝村"))
    assert "https://t.me/nanchuan_safety_bot?start=" in linked
    newcomer = FlowChat(app.core, user_id=OFFICER, first_name="新信息员")
    assert "村信息员" in last_text(await newcomer.send(f"/join {code}"))
    officer = FlowChat(app.core, user_id=OTHER_OFFICER)
    assert "只有镇（街道）负责人和区级管理员" in last_text(await officer.send("/invite"))


async def test_not_eligible_rejection_transfer_and_reopen(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    colleague = await official(app, OTHER_OFFICER, "officer", HANCHANGBA, "赵信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await declare(app)
    await officer.send("/cases")
    await officer.press("NC-2026-000001")
    await officer.press("受理")

    # Transfer to a colleague, who takes it: the case is theirs.
    await officer.press("转办")
    await officer.press("汉场坝村")
    assert "已发出转办" in last_text(await officer.press("赵信息员"))
    asked = await messages_to(app, OTHER_OFFICER, "case.card")
    assert any("李信息员 请您接收案件 NC-2026-000001" in t and "接收转办" in t for t in asked)
    await colleague.send("/case NC-2026-000001")
    assert "已接收转办" in last_text(await colleague.press("接收转办"))
    # Taken: the request no longer heads the card (the card stays, now theirs).
    assert not any("请您接收" in t for t in await messages_to(app, OTHER_OFFICER, "case.card"))
    assert any("已被 赵信息员 受理" in t for t in await messages_to(app, OFFICER))

    # The colleague visits and proposes "not eligible"; the lead sends it back with a reason.
    await colleague.press("记录走访")
    await colleague.press("完成")
    await colleague.press("跳过")
    await colleague.press("完成")
    await colleague.press("提出认定意见")
    await colleague.press("不符合条件")
    await colleague.send("收入稳定，有劳动力")
    shown = last_text(await lead.send("/case NC-2026-000001"))
    assert "拟认定：<b>不符合条件</b>（理由：收入稳定，有劳动力）" in shown
    await lead.press("退回")
    assert "已退回" in last_text(await lead.send("请再核实医疗支出"))
    told = [t for t in await messages_to(app, OTHER_OFFICER, "case.card") if "退回理由" in t]
    assert told and "请再核实医疗支出" in told[-1]
    assert "提出认定意见" in told[-1]  # the card under the notice: they can act from it
    assert (await case_row(app)).stage == "visited"

    # Proposed again and approved as not eligible: the case closes and the resident is told.
    await colleague.send("/case NC-2026-000001")
    await colleague.press("提出认定意见")
    await colleague.press("不符合条件")
    await colleague.send("已核实医疗支出，已报销")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")
    row = await case_row(app)
    assert (row.stage, row.closed_reason) == ("closed", "not_eligible")
    assert any("暂不符合纳入条件" in t for t in await messages_to(app, RESIDENT))
    assert "已办结（不符合条件）" in last_text(await resident.send("/status"))
    # The notice's card is redrawn with the case: "sent back to you, re-assess" no longer
    # heads a card that now says closed.
    cards = await messages_to(app, OTHER_OFFICER, "case.card")
    assert not any("被退回" in t for t in cards) and any("已办结" in t for t in cards)

    # Reopened with a reason: accepted again, owned by the officer who reopened it.
    await officer.send("/case NC-2026-000001")
    await officer.press("重新打开")
    assert "案件已重新打开" in last_text(await officer.send("家中又有人生病"))
    row = await case_row(app)
    assert (row.stage, row.closed_reason) == ("accepted", None)


async def test_bad_input_mid_action_loses_nothing(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("记录走访")
    await officer.press("完成")
    assert "没看懂这个数" in last_text(await officer.send("很多"))  # not a number: asked again
    await officer.send("x" * 10000)  # far too long for a number
    await officer.send("4000")
    await officer.send_kind("sticker")
    replies = await officer.send("/help")  # a command mid-flow answers, then asks again
    assert "走访情况" in last_text(replies)
    await officer.send("一切正常")
    assert "走访已记录" in last_text(await officer.press("完成"))
    async with app.db.begin() as tx:
        assert await latest_income(tx, 1) == 4000


async def test_an_urgent_case_reaches_the_town_lead_at_once(app: App) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await declare(app, urgent=True)
    assert len(await messages_to(app, LEAD, "case.card")) == 1
    assert "紧急" in (await messages_to(app, LEAD, "case.card"))[0]


async def test_the_inbox_pages_by_due_time_marks_overdue_and_spans_several_villages(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    code = await invite(app, "officer", CHANGPING)  # a second village for the same person
    assert "长坪村" in last_text(await officer.send(f"/join {code}"))
    for n in range(9):
        await declare(app, user_id=RESIDENT + 100 + n,
                      town="河图镇" if n == 8 else "木凉镇", village="长坪村" if n == 8 else "汉场坝村",
                      name=f"户主{n}")
        clock.advance(timedelta(hours=1))
    clock.advance(timedelta(hours=17))  # the first cases' 24-hour acceptance is now past
    first_page = last_text(await officer.send("/cases"))
    assert "共 9 件" in first_page
    lines = [line for line in first_page.splitlines() if "NC-2026-" in line]
    assert len(lines) == 8 and lines[0].startswith("1. ⚠️") and "NC-2026-000001" in lines[0]
    assert "⚠️" not in lines[-1]
    second_page = last_text(await officer.press("下一页"))
    assert "9. " in second_page and "长坪村" in second_page


async def test_an_english_speaking_officer_and_resident_get_everything_in_english(
        app: App) -> None:
    officer = FlowChat(app.core, user_id=OFFICER, first_name="Li", language_code="en-US")
    code = await invite(app, "officer", HANCHANGBA)
    assert "Welcome! You joined as" in last_text(await officer.send(f"/join {code}"))

    resident = FlowChat(app.core, user_id=RESIDENT, first_name="Tom", language_code="en-US")
    await resident.send("/start")
    await resident.press("I agree")
    await resident.send("/report")
    for label in ("木凉镇", "汉场坝村"):
        await resident.press(label)
    await resident.send("Tom Wang")
    await resident.send("13800138000")
    await resident.press("3")
    await resident.press("illness")
    await resident.press("disability")
    await resident.press("Done")
    await resident.press("Skip")
    await resident.press("No")
    assert "illness, disability" in resident.history[-1].text  # not the Chinese 、
    assert "NC-2026-000001" in last_text(await resident.press("Submit"))

    card = [t for t in await messages_to(app, OFFICER) if "NC-2026-000001" in t]
    assert card and "✅ Accept" in card[0] and "受理" not in card[0]  # in the officer's language
    assert "illness, disability" in card[0] and "、" not in card[0]
    await officer.send("/case NC-2026-000001")
    accepted = last_text(await officer.press("Accept"))
    assert "You accepted NC-2026-000001" in accepted
    assert "Record visit" in " ".join(b.text for r in officer.history[-2:] for row in r.buttons
                                      for b in row)
    receipts = await messages_to(app, RESIDENT, "receipt.accepted_by")
    assert receipts and "Your report NC-2026-000001 was accepted" in receipts[-1]
    visit = last_text(await officer.press("Record visit"))
    assert "Home visit</b> NC-2026-000001" in visit and "入户核实" not in visit
