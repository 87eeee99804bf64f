"""One household, one open case: further reports attach to it and its officer is told."""

from __future__ import annotations

from sqlalchemy import select, update

from bot.app import App
from storage.tables import case_events, cases
from storage.tables_intake import case_reports
from tests.flows.intake_helpers import (
    add_official,
    assert_reporter_hidden,
    report_to_description,
    to_officials,
)
from tests.flows.test_neighbour_report import neighbour, report
from tests.support.flow_chat import FlowChat

OFFICER, OWNER = 9201, 9202


async def self_report(app: App, user_id: int, name: str = "王秀英",
                      chat: FlowChat | None = None) -> str:
    """A whole self-report; pass `chat` to declare again from a chat that already did."""
    chat = chat or FlowChat(app.core, user_id=user_id)
    await report_to_description(chat, name=name)
    await chat.press("跳过")
    await chat.press("否")
    replies = await chat.press("提交")
    return "\n".join(r.text for r in replies)


async def test_a_neighbour_report_on_a_household_with_an_open_case_is_attached_not_opened(
        app: App) -> None:
    await add_official(app, user_id=OFFICER)
    assert "NC-2026-000001" in await self_report(app, 601)
    chat = await neighbour(app)
    receipt = await report(chat)
    assert "谢谢您" in receipt and "NC-2026" not in receipt  # the receipt reveals no case
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 1
        reports = (await tx.execute(select(case_reports).order_by(case_reports.c.id))).all()
        actions = [e.action for e in (await tx.execute(select(case_events))).all()]
    assert [(r.source, r.opened_case) for r in reports] == [("self", True), ("neighbour", False)]
    assert "further_report" in actions
    sent = await to_officials(app, {OFFICER})
    further = [m for m in sent if m.key == "intake.further_neighbour"]
    assert len(further) == 1
    assert "NC-2026-000001" in further[0].text and "老人独居" in further[0].text
    assert "匿名" in further[0].text
    assert_reporter_hidden(sent, secrets=["李大姐", "lidajie_nb", "7701"])


async def test_the_owner_alone_is_told_once_a_case_has_one(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    owner_id = await add_official(app, user_id=OWNER, name="张主任")
    await self_report(app, 602)
    async with app.db.begin() as tx:
        await tx.execute(update(cases).values(owner_id=owner_id, stage="accepted"))
    await self_report(app, 603)  # the household declares again from another phone
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 1
    # Both officers got the new case's card; the further report is told to the owner alone.
    notices = [m.key for m in await to_officials(app, {OWNER}) if m.key != "case.card"]
    assert notices == ["intake.further_self"]
    assert [m.key for m in await to_officials(app, {OFFICER}) if m.key != "case.card"] == []


async def test_a_closed_case_does_not_swallow_a_new_report(app: App) -> None:
    await self_report(app, 604)
    async with app.db.begin() as tx:
        await tx.execute(update(cases).values(stage="closed"))
    assert "NC-2026-000002" in await self_report(app, 605)
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 2


async def test_a_second_declaration_is_told_the_truth_about_what_happens_next(app: App) -> None:
    """Receipts go to whoever reported first: someone else declaring the same household
    is not promised updates (nor shown the reference); the first reporter declaring again
    is reminded of their own case."""
    chat = FlowChat(app.core, user_id=606)
    await chat.send("/start")
    await chat.press("同意")
    first = await self_report(app, 606, chat=chat)
    assert "NC-2026-000001" in first and "每一步进展我们都会在这里告诉您" in first
    other = await self_report(app, 607)  # the same household, from another phone
    assert "已有在办的申报" in other and "NC-2026" not in other
    assert "每一步进展" not in other
    again = await self_report(app, 606, chat=chat)
    assert "您之前的申报 <code>NC-2026-000001</code> 还在办理中" in again
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 1
