"""Amounts, sizes and dates typed the way people write them, in the real flows; what cannot be
read is answered with an example in the form the person used, and nothing is lost."""

from __future__ import annotations

from datetime import date

from bot.app import App
from storage.casework import measures_of
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_follow_up import accept_and_visit

# The officials' own actions without the programme's steps between approval and monitoring.
from tests.flows.test_officials_journey import (
    declare,
    last_text,
    official,
    settings,  # noqa: F401  (a fixture)
)

RESIDENT, OFFICER, LEAD = 601, 7101, 7201


async def monitored(app: App):  # type: ignore[no-untyped-def]
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await declare(app)
    await accept_and_visit(officer)
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.press("跳过")
    await officer.send("/case NC-2026-000001")
    return officer


async def test_a_measure_with_a_spoken_amount_and_dates_without_a_year(app: App) -> None:
    officer = await monitored(app)  # today is 2026-03-02 in the test clock
    await officer.press("添加帮扶措施")
    await officer.press("临时救助")
    assert "<b>3月1日</b>" in last_text(await officer.send("3月32日"))  # the form used
    assert "金额" in last_text(await officer.send("12月5日"))  # last December: an event
    assert "<b>五千</b>" in last_text(await officer.send("五千多块吧"))
    assert "<b>0.5万</b>" in last_text(await officer.send("2万万"))
    assert "<b>5,000</b>" in last_text(await officer.send("20,00"))
    await officer.send("大约两万")
    await officer.press("一次性")
    assert "<b>12-5</b>" in last_text(await officer.send("13-40"))
    await officer.send("6-30")  # the next 30 June: an end date lies ahead
    async with app.db.begin() as tx:
        [measure] = await measures_of(tx, 1)
    assert (measure.start_date, measure.amount, measure.end_date) == (
        date(2025, 12, 5), 20000, date(2026, 6, 30))


async def test_a_follow_up_on_next_monday_and_an_income_in_wan(app: App) -> None:
    officer = await monitored(app)
    await officer.press("安排回访")
    assert "<b>下周一</b>" in last_text(await officer.send("下周八"))
    assert "2026-03-09" in last_text(await officer.send("下周一"))
    await officer.send("/case NC-2026-000001")
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.send("1万2")
    assert "走访已记录" in last_text(await officer.press("完成"))
    from storage.casework import latest_income

    async with app.db.begin() as tx:
        assert await latest_income(tx, 1) == 12000


async def test_a_resident_types_the_household_size_in_words(app: App) -> None:
    from tests.support.flow_chat import FlowChat

    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    await chat.press("同意")
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await chat.press(label)
    await chat.send("王秀英")
    await chat.send("13800138000")
    assert "<b>三</b>" in last_text(await chat.send("三十五口"))  # out of range: example in words
    assert "哪些困难" in last_text(await chat.send("三口人"))
    await chat.press("因病")
    await chat.press("完成")
    await chat.press("跳过")
    await chat.press("否")
    await chat.press("提交")
    async with app.db.begin() as tx:
        row = (await tx.execute(cases.select())).one()
    assert row.people == 3


async def test_what_makes_it_urgent_can_be_said_in_a_voice_note(app: App) -> None:
    from storage.casework import media_of
    from tests.support.flow_chat import FlowChat

    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    await chat.press("同意")
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await chat.press(label)
    await chat.send("王秀英")
    await chat.send("13800138000")
    await chat.press("3")
    await chat.press("因病")
    await chat.press("完成")
    await chat.press("跳过")
    await chat.press("是")
    assert "请核对" in last_text(await chat.send_kind("voice", file_id="WHY-URGENT"))
    await chat.press("提交")
    async with app.db.begin() as tx:
        assert [m.file_id for m in await media_of(tx, 1)] == ["telegram:WHY-URGENT"]
