"""催办 (chasing) and the rest of the chain's rules a person notices: the chase reaches the owner
at once and is on the history; two chases a day apart with nothing done climb the chain; a
village with no official is passed up, the district hears, and the resident is promised
nothing the village cannot keep; an urgent /found case reaches the town lead."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App, build_app
from bot.settings import Settings
from cases.clock import MovableClock
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import (
    button_data,
    declare,
    last_text,
    messages_to,
    official,
)
from tests.support.flow_chat import FlowChat

OFFICER, LEAD, ADMIN, RESIDENT = 7101, 7201, 7401, 601
DISTRICT = "500119000000"
CHANGPING, HETU = "500119102201", "500119102000"  # 长坪村 in 河图镇, no officer in the tests


async def accepted_case(app: App) -> tuple[FlowChat, FlowChat]:
    """An officer has accepted a resident's report; the town lead has the case in scope."""
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await declare(app)
    card = (await messages_to(app, OFFICER, "case.card"))[0]
    await officer.press_data(button_data(card, "✅ 受理"))
    return officer, lead


async def chase(lead: FlowChat, comment: str | None = None) -> str:
    await lead.send("/case NC-2026-000001")
    await lead.press("催办")
    if comment is None:
        replies = await lead.press("直接催办")
    else:
        replies = await lead.send(comment)
    return last_text(replies)


async def level(app: App) -> int:
    async with app.db.begin() as tx:
        return int((await tx.execute(select(cases.c.escalation_level))).scalar_one())


async def test_a_lead_chases_and_the_owner_hears_at_once_with_the_comment(app: App) -> None:
    officer, lead = await accepted_case(app)
    done = await chase(lead, "请今天入户")
    assert "已催办：NC-2026-000001" in done
    [notice] = [t for t in await messages_to(app, OFFICER, "case.card") if "请您尽快办理" in t]
    assert "张镇长 请您尽快办理案件 NC-2026-000001 的「入户走访」" in notice
    assert "留言：请今天入户" in notice and "记录走访" in notice  # the card, to act from it
    history = last_text(await officer.press_data("c:timeline:1:0"))
    assert "<b>催办</b>（张镇长）" in history and "意见：请今天入户" in history
    assert await level(app) == 0  # one chase climbs nothing


async def test_the_chase_button_is_for_leads_on_steps_below_them(app: App) -> None:
    officer, lead = await accepted_case(app)
    officer_card = last_text(await officer.send("/case NC-2026-000001"))
    assert "c:chase" not in "".join(b.data for r in officer.history[-1].buttons for b in r)
    assert "NC-2026-000001" in officer_card
    # A forged chase from the officer is refused and changes nothing.
    async with app.db.begin() as tx:
        version = (await tx.execute(select(cases.c.version))).scalar_one()
    refused = last_text(await officer.press_data(f"c:chase:1:{version}"))
    assert "已催办" not in refused
    assert not [t for t in await messages_to(app, OFFICER, "case.card") if "请您尽快办理" in t]
    lead_buttons = [b.data for r in (await lead.send("/case NC-2026-000001"))[0].buttons
                    for b in r]
    assert any(d.startswith("c:chase:") for d in lead_buttons)


async def test_chased_twice_a_day_apart_with_nothing_done_climbs_to_the_district(
        app: App, clock: MovableClock) -> None:
    _, lead = await accepted_case(app)
    await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    await chase(lead)
    clock.advance(timedelta(hours=23))
    await chase(lead)  # less than a day after the first: a reminder, no climb
    assert await level(app) == 0
    assert await messages_to(app, ADMIN, "chase.escalated") == []
    clock.advance(timedelta(hours=1))
    await chase(lead)  # a day after the one before, nothing done between
    [up] = await messages_to(app, ADMIN, "chase.escalated")
    assert "经 张镇长 两次催办仍未办理" in up and "责任人：李信息员" in up
    assert "区级管理员" in up
    [told] = await messages_to(app, OFFICER, "chase.climbed_owner")
    assert "已上报至区级管理员" in told
    assert await level(app) == 2


async def test_a_transition_between_two_chases_means_no_climb(
        app: App, clock: MovableClock) -> None:
    officer, lead = await accepted_case(app)
    await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    await chase(lead)
    clock.advance(timedelta(hours=25))
    await officer.send("/case NC-2026-000001")  # the officer records the visit
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.press("跳过")
    await officer.press("完成")
    await chase(lead)  # the next step (a decision) is chased: a first chase of it
    assert await messages_to(app, ADMIN, "chase.escalated") == []
    assert await level(app) == 0


async def test_a_village_without_an_official_goes_up_and_the_district_hears(app: App) -> None:
    await official(app, LEAD, "town_lead", HETU, "河图镇长")
    await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    resident = await declare(app, town="河图镇", village="长坪村")
    assert len(await messages_to(app, LEAD, "case.card")) == 1
    [vacant] = await messages_to(app, ADMIN, "chase.vacant")
    assert "长坪村还没有村级信息员" in vacant and "NC-2026-000001" in vacant
    # The resident is not promised a village official who does not exist.
    receipt = resident.texts()
    assert "长坪村的工作人员会在" not in receipt and "暂时还没有工作人员" in receipt
    await declare(app, user_id=RESIDENT + 1, town="河图镇", village="长坪村", name="赵大山")
    assert len(await messages_to(app, ADMIN, "chase.vacant")) == 1  # once a day, not per case


async def test_a_vacant_village_offers_its_town_lead_no_chase_and_the_admin_chases_the_town(
        app: App) -> None:
    lead = await official(app, LEAD, "town_lead", HETU, "河图镇长")
    admin = await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    await declare(app, town="河图镇", village="长坪村")
    # The town lead answers for the officer-less village: a chase would reach nobody, so the
    # card does not offer one — it offers to accept the case.
    shown = [b.data.split(":")[1] for r in (await lead.send("/case NC-2026-000001"))[0].buttons
             for b in r]
    assert "chase" not in shown and "accept" in shown
    # A chase pressed anyway (a card from before) says so in words.
    async with app.db.begin() as tx:
        version = (await tx.execute(select(cases.c.version))).scalar_one()
    await lead.press_data(f"c:chase:1:{version}")
    assert "没有可以催办的责任人" in last_text(await lead.press("直接催办"))
    # The district admin: the town lead, who holds the case for the village, is chased.
    await admin.send("/case NC-2026-000001")
    await admin.press("催办")
    assert "已催办" in last_text(await admin.press("直接催办"))
    [notice] = [t for t in await messages_to(app, LEAD, "case.card") if "请您尽快办理" in t]
    assert "区管理员 请您尽快办理案件 NC-2026-000001 的「受理」" in notice


async def test_a_sub_hour_deadline_is_promised_in_minutes(settings: Settings,
                                                          clock: MovableClock) -> None:
    settings.programme.accept_hours = 0.5
    app = await build_app(settings, clock)
    try:
        await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
        resident = await declare(app)
        assert "会在 30 分钟内受理" in resident.texts() and "0 小时" not in resident.texts()
    finally:
        await app.close()


async def test_an_urgent_found_case_reaches_the_town_lead_and_the_officer_sees_its_card(
        app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await officer.send("/found")
    await officer.press("汉场坝村")
    await officer.send("赵大山")
    await officer.press("跳过")
    await officer.press("4")
    await officer.press("住房安全")
    await officer.press("完成")
    await officer.press("完成")
    await officer.press("跳过")
    await officer.press("跳过")
    await officer.press("是")
    replies = await officer.press("提交")
    text = last_text(replies)
    assert "已建立案件" in text and "提出认定意见" in text
    assert any(b.data.startswith("c:propose:") for r in replies for row in [r.buttons]
               for line in row for b in line)
    [card] = await messages_to(app, LEAD, "case.card")
    assert "赵大山" in card and "紧急" in card


async def test_the_programme_steps_are_chased_only_where_someone_must_act(app: App) -> None:
    """评议 is the village's work: a lead chases it. 公示 ends by itself and 审定 is the
    district's own step: nobody has 催办 on them."""
    _, lead = await accepted_case(app)
    admin = await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")

    async def buttons(chat: FlowChat, stage: str) -> list[str]:
        async with app.db.begin() as tx:
            await tx.execute(cases.update().values(
                stage=stage, track="inclusion", due_step=stage,
                due_at=app.services.clock.now() + timedelta(days=2)))
        return [b.data.split(":")[1] for r in (await chat.send("/case NC-2026-000001"))[0].buttons
                for b in r]

    assert "chase" in await buttons(lead, "review")
    assert "chase" not in await buttons(lead, "notice")
    assert "chase" not in await buttons(admin, "notice")
    assert "chase" not in await buttons(lead, "confirm")
    admin_buttons = await buttons(admin, "confirm")
    assert "confirm" in admin_buttons and "chase" not in admin_buttons
