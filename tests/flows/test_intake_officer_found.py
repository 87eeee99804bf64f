"""An officer finds a household at risk on a visit and opens its case from chat (排查发现)."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.casework import visits_of
from storage.tables import case_events, cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.flows.test_intake_merge import self_report
from tests.imports.factory import id_number
from tests.support.flow_chat import FlowChat

OFFICER = 9401


async def officer_chat(app: App) -> tuple[FlowChat, int]:
    official_id = await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    chat = FlowChat(app.core, user_id=OFFICER)
    await chat.send("/start")
    return chat, official_id


async def found(chat: FlowChat, name: str = "赵大山", idnum: str | None = None,
                submit: bool = True) -> str:
    """The whole /found flow; with submit=False it stops at the summary."""
    await chat.send("/found")
    assert [b.text for row in chat.history[-1].buttons for b in row][:1] == ["汉场坝村"]
    await chat.press("汉场坝村")
    await chat.send(name)
    if idnum:
        await chat.send(idnum)
    else:
        await chat.press("跳过")
    await chat.press("4")
    await chat.press("住房安全")
    await chat.press("完成")
    await chat.press("住房")  # marked at risk
    await chat.press("完成")
    await chat.send("5200")
    await chat.send("房屋漏雨，墙体开裂")
    await chat.press("否")
    replies = await chat.press("提交") if submit else chat.history[-1:]
    return "\n".join(r.text for r in replies)


async def test_a_resident_cannot_open_a_found_case(app: App) -> None:
    chat = FlowChat(app.core, user_id=4001)
    await chat.send("/start")
    await chat.press("同意")
    replies = await chat.send("/found")
    assert "只供工作人员使用" in replies[0].text


async def test_officer_opens_a_found_case_with_the_visit_recorded(app: App) -> None:
    chat, official_id = await officer_chat(app)
    number = id_number(77, born="19580611")
    await chat.send("/found")
    await chat.press("汉场坝村")
    await chat.send("赵大山")
    await chat.send("123456")
    assert "身份证号不对" in chat.history[-2].text
    await chat.send(number.lower())
    assert number[:4] + "**********" + number[-4:] in chat.history[-2].text
    await chat.press("4")
    await chat.press("住房安全")
    await chat.press("完成")
    await chat.press("住房")
    await chat.press("完成")
    await chat.send("很多")
    assert "没看懂这个数" in chat.history[-2].text
    await chat.send("5200")
    await chat.send("房屋漏雨，墙体开裂")
    await chat.press("否")
    summary = chat.history[-1].text
    assert "⚠️住房" in summary and "✅吃穿" in summary and number not in summary
    text = "\n".join(r.text for r in await chat.press("提交"))
    assert "NC-2026-000001" in text and "由您负责" in text
    async with app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        events = (await tx.execute(select(case_events).order_by(case_events.c.id))).all()
    assert (case.source, case.owner_id, case.stage, case.due_step) == (
        "visit", official_id, "visited", "decision")
    assert case.people == 4 and case.risk_types == ["housing"]
    assert case.id_number_enc is not None and number.encode() not in case.id_number_enc
    assert [e.action for e in events] == ["reported", "accepted", "visited"]
    assert events[-1].details["checks"]["housing"] == "risk"
    assert events[-1].details["income_per_person"] == 5200
    card = "\n".join(r.text for r in await chat.send("/case NC-2026-000001"))
    assert "最近记录的年人均收入：5200 元" in card


async def test_a_found_household_with_an_open_case_becomes_a_further_report(app: App) -> None:
    chat, _ = await officer_chat(app)
    await self_report(app, 4002, name="王秀英")
    text = await found(chat, name="王秀英")
    assert "已有在办案件" in text and "NC-2026-000001" in text
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 1


async def test_a_merged_found_visit_is_recorded_on_the_open_case_with_its_id_number(
        app: App) -> None:
    chat, official_id = await officer_chat(app)
    await self_report(app, 4003, name="王秀英")
    number = id_number(78, born="19610302")
    text = await found(chat, name="王秀英", idnum=number)
    assert "已有在办案件" in text and "NC-2026-000001" in text
    card = "\n".join(r.text for r in await chat.send("/case NC-2026-000001"))
    assert "最近记录的年人均收入：5200 元" in card
    timeline = "\n".join(r.text for r in await chat.press("办理记录"))
    assert "<b>走访</b>" in timeline and "又收到一次反映" in timeline
    assert "走访发现：⚠️住房" in timeline  # what the visit found, not only that it happened
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(cases))).all()
        case = await app.services.cases.by_id(tx, rows[0].id)
        visits = await visits_of(tx, rows[0].id)
        events = (await tx.execute(select(case_events).order_by(case_events.c.id))).all()
    assert len(rows) == 1 and case is not None
    # The visit is on the case; its stage and deadlines stay with the case's officer.
    assert [(v.official_id, v.kind, v.checks["housing"], v.checks["food"], v.income_per_person)
            for v in visits] == [(official_id, "initial", "risk", "ok", 5200)]
    assert case.stage == "reported" and case.owner_id is None
    assert [e.action for e in events][-2:] == ["further_report", "visited"]
    assert events[-1].details["income_per_person"] == 5200
    # The ID number the case lacked is kept, encrypted, and found again by its hash.
    assert case.id_number == number
    assert number.encode() not in rows[0].id_number_enc
    assert rows[0].id_number_hash == app.services.cases.cipher.lookup_hash(number)


async def test_a_merged_found_visit_does_not_replace_the_case_s_id_number(app: App) -> None:
    chat, _ = await officer_chat(app)
    await self_report(app, 4004, name="王秀英")
    first = id_number(79, born="19610302")
    await found(chat, name="王秀英", idnum=first)
    text = await found(chat, name="王秀英", idnum=None)  # the second visit has no ID to hand
    assert "已有在办案件" in text
    async with app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
        case = await app.services.cases.by_id(tx, row.id)
        visits = await visits_of(tx, row.id)
    assert case is not None and case.id_number == first
    assert len(visits) == 2


async def test_a_namesake_with_another_id_number_gets_a_case_of_their_own(app: App) -> None:
    """Two heads of household called 王秀英 in one village: the ID numbers tell them apart,
    so the second is not filed (and visited) on the first one's case."""
    chat, _ = await officer_chat(app)
    await found(chat, name="王秀英", idnum=id_number(79, born="19610302"))
    text = await found(chat, name="王秀英", idnum=id_number(80, born="19700101"))
    assert "NC-2026-000002" in text and "已有在办案件" not in text
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(cases).order_by(cases.c.id))).all()
        numbers = [(await app.services.cases.by_id(tx, r.id)).id_number for r in rows]
    assert numbers == [id_number(79, born="19610302"), id_number(80, born="19700101")]


async def test_one_answer_is_changed_from_the_summary_without_starting_again(app: App) -> None:
    chat, _ = await officer_chat(app)
    assert "赵大三" in await found(chat, name="赵大三", submit=False)  # a slip of the finger
    await chat.press("修改")
    await chat.press("户主")
    summary = (await chat.send("赵大山"))[-1].text  # straight back to the summary
    assert "赵大山" in summary and "赵大三" not in summary and "住房安全" in summary
    assert "NC-2026-000001" in "\n".join(r.text for r in await chat.press("提交"))
    async with app.db.begin() as tx:
        assert (await tx.execute(select(cases.c.head_name))).scalar_one() == "赵大山"
