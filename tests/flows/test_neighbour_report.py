"""A neighbour reports a household in 汉场坝村; the officer hears of it, never of who reported."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from cases.intake import thank_neighbours
from storage.tables import case_events, cases
from storage.tables_intake import case_reports
from tests.flows.intake_helpers import (
    MULIANG,
    NamedChat,
    add_official,
    assert_reporter_hidden,
    outbox_messages,
    to_officials,
)
from tests.support.flow_chat import FlowChat

OFFICER = 9101


async def neighbour(app: App, user_id: int = 7701) -> NamedChat:
    chat = NamedChat(app.core, user_id=user_id, first_name="李大姐", username="lidajie_nb")
    await chat.send("/start")
    await chat.press("同意")
    return chat


async def report(chat: NamedChat, who: str = "王秀英", *, contact: bool = False,
                 group: str | None = "3组") -> str:
    """Walk the whole neighbour flow; returns the last reply's text."""
    await chat.send("/neighbour")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send(who)
    if group:
        await chat.send(group)
    else:
        await chat.press("不清楚")
    await chat.press("因病")
    await chat.press("缺劳动力")
    await chat.press("完成")
    await chat.send("老人独居，最近生病没人照顾")
    await chat.press("不知道")
    if contact:
        await chat.press("可以联系我")
        await chat.send("李桂兰")
        await chat.send("13900139000")
    else:
        await chat.press("不用联系我")
    replies = await chat.press("提交")
    return "\n".join(r.text for r in replies)


async def test_anonymous_neighbour_report_reaches_the_officer_without_the_reporter(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await neighbour(app)
    receipt = await report(chat)
    summary = next(r.text for r in reversed(chat.history) if "请核对您的反映" in r.text)
    assert "王秀英" in summary and "3组" in summary and "匿名，不联系" in summary
    assert "谢谢您" in receipt and "汉场坝村" in receipt
    async with app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        stored = (await tx.execute(select(case_reports))).one()
        events = (await tx.execute(select(case_events))).all()
    assert case.source == "neighbour" and case.head_name == "王秀英"
    assert case.reporter_chat_id is None  # the household's case carries no trace of the neighbour
    assert stored.contact_ok is False and stored.contact_name_enc is None
    assert all(e.actor_id is None for e in events)
    sent = await to_officials(app, {OFFICER})
    assert [m.key for m in sent][-1] == "intake.note_neighbour"
    assert "匿名" in sent[-1].text and "3组" in sent[-1].text and "不知道" in sent[-1].text
    [card] = [m.text for m in sent if m.key == "case.card"]
    assert "因病、缺劳动力" in card
    assert "家庭人口" not in card  # a neighbour does not say how many live there: no "0 人"
    assert_reporter_hidden(sent, secrets=["李大姐", "lidajie_nb", "7701"])


async def test_a_neighbour_who_agrees_to_contact_is_named_to_the_officer_only(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await neighbour(app)
    await report(chat, contact=True, group=None)
    summary = next(r.text for r in reversed(chat.history) if "请核对您的反映" in r.text)
    assert "可以联系：李桂兰 13900139000" in summary and "不清楚" in summary
    sent = await to_officials(app, {OFFICER})
    assert sent[-1].key == "intake.note_neighbour_contact"
    assert "李桂兰" in sent[-1].text and "13900139000" in sent[-1].text
    assert_reporter_hidden(sent, secrets=["李大姐", "lidajie_nb", "7701"])
    async with app.db.begin() as tx:
        stored = (await tx.execute(select(case_reports))).one()
    assert stored.contact_name_enc is not None and "李桂兰".encode() not in stored.contact_name_enc


async def test_at_closure_the_neighbour_hears_only_handled_thank_you(app: App) -> None:
    chat = await neighbour(app)
    await report(chat)
    async with app.db.begin() as tx:
        case_id = (await tx.execute(select(cases.c.id))).scalar_one()
        assert await thank_neighbours(tx, app.services.cases, case_id, app.services.clock.now()) == 1
        assert await thank_neighbours(tx, app.services.cases, case_id, app.services.clock.now()) == 0
    to_neighbour = [m for m in await outbox_messages(app) if m.chat_id == 7701]
    assert [m.key for m in to_neighbour] == ["nb.closed_thanks"]
    assert "已经处理" in to_neighbour[0].text
    for detail in ("王秀英", "NC-2026", "汉场坝村", "因病"):
        assert detail not in to_neighbour[0].text


async def test_an_officer_closing_the_case_thanks_the_neighbour_and_tells_nothing_else(
        app: App) -> None:
    """Through the real chat actions: accept, a note, a home visit, then 办结."""
    await add_official(app, user_id=OFFICER, name="李信息员")
    officer = FlowChat(app.core, user_id=OFFICER)
    await officer.send("/start")
    chat = await neighbour(app)
    await report(chat)
    await officer.send("/case NC-2026-000001")
    assert "您已受理案件" in "\n".join(r.text for r in await officer.press("受理"))
    await officer.press("备注")
    await officer.send("儿子在外打工欠债，低保材料待补")
    await officer.press("记录走访")
    await officer.press("看病")
    await officer.press("完成")
    await officer.send("3100")
    await officer.send("老人腿脚不便，药费负担重")
    await officer.press("完成")
    await officer.send("/case NC-2026-000001")
    await officer.press("办结")
    await officer.press("不符合条件")
    # Like the proposal path: a reason, then the town lead's approval closes it.
    replies = await officer.send("家庭收入高于标准")
    assert "等待镇（街道）审核" in "\n".join(r.text for r in replies), officer.transcript()
    assert [m for m in await outbox_messages(app) if m.chat_id == 7701] == []
    await add_official(app, user_id=OFFICER + 1, role="town_lead", division=MULIANG,
                       name="张镇长")
    lead = FlowChat(app.core, user_id=OFFICER + 1)
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    replies = await lead.press("跳过")
    assert "已审核通过" in "\n".join(r.text for r in replies), lead.transcript()
    to_neighbour = [m for m in await outbox_messages(app) if m.chat_id == 7701]
    assert [m.key for m in to_neighbour] == ["nb.closed_thanks"]
    assert "已经处理" in to_neighbour[0].text and "谢谢" in to_neighbour[0].text
    for detail in ("儿子在外打工", "低保材料", "老人腿脚不便", "3100", "不符合条件", "收入高于",
                   "李信息员", "王秀英", "NC-2026", "汉场坝村", "因病"):
        assert detail not in to_neighbour[0].text
    async with app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        thanked = (await tx.execute(select(case_reports.c.thanked_at))).scalar_one()
    assert (case.stage, case.closed_reason) == ("closed", "not_eligible")
    assert thanked is not None


async def test_daily_limit_refuses_politely_and_resets_the_next_day(
        app: App, clock: MovableClock) -> None:
    chat = await neighbour(app)
    for name in ("张一", "张二", "张三"):
        assert "谢谢您" in await report(chat, who=name)
    replies = await chat.send("/neighbour")
    assert "最多反映 3 户" in replies[0].text
    clock.advance(timedelta(days=1))
    replies = await chat.send("/neighbour")
    assert "第 1 步" in "\n".join(r.text for r in replies)


async def test_same_household_twice_within_seven_days_is_refused(
        app: App, clock: MovableClock) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await neighbour(app)
    await report(chat)
    # Told as soon as the household is named, not after every other question.
    await chat.send("/neighbour")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    replies = await chat.send("王秀英")
    assert "7 天内已经反映过" in replies[0].text
    assert "申报本户困难" in " ".join(b.text for row in replies[-1].buttons for b in row)
    assert "谢谢您" in await report(chat, who="李四")  # another household is fine
    clock.advance(timedelta(days=8))
    text = await report(chat)
    assert "谢谢您" in text
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 2  # 王秀英's merged, 李四's
        assert len((await tx.execute(select(case_reports))).all()) == 3


async def test_bad_input_gets_a_friendly_answer_and_the_question_again(app: App) -> None:
    chat = await neighbour(app)
    await chat.send("/neighbour")
    await chat.send("木凉镇")  # typed where a button is expected
    assert "按钮" in chat.history[-2].text
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("🙂")
    assert "户主姓名或简单描述" in chat.history[-2].text
    await chat.send("x" * 200)
    assert "最多 60 个字" in chat.history[-2].text
    await chat.send("王秀英")
    await chat.press("不清楚")
    await chat.press("完成")
    assert any("至少选择一项" in r.text for r in chat.history[-3:])
    await chat.send("/cancel")
    assert "已取消" in chat.history[-2].text


async def test_back_photos_forged_buttons_and_editing_one_answer(app: App) -> None:
    """The questions the neighbour flow shares with the self-report behave alike: Back to
    the towns, photos and a voice note as the description, a forged risk button refused,
    and changing one answer from the summary brings the summary straight back."""
    chat = await neighbour(app)
    await chat.send("/neighbour")
    await chat.press("木凉镇")
    await chat.press("返回")
    assert "重新选择镇" in chat.history[-2].text and "镇（街道）" in chat.history[-1].text
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("王秀英")
    await chat.press("不清楚")
    await chat.press_data("s:nb.risks:lottery")
    assert "无效" in chat.history[-2].text
    await chat.press("因病")
    await chat.press("完成")
    await chat.send_kind("photo", file_id="PHOTO-1", text="屋顶塌了一半")
    await chat.send_kind("voice", file_id="VOICE-1")
    assert "共 2 个" in chat.history[-1].text
    await chat.press("完成")
    await chat.press("不知道")
    await chat.press("不用联系我")
    assert "屋顶塌了一半" in chat.history[-1].text
    await chat.press("修改")
    await chat.press("担心的困难")
    await chat.press("住房安全")
    await chat.press("完成")
    summary = chat.history[-1].text
    assert "因病、住房安全" in summary and "提交" in chat.history[-1].buttons[0][0].text
    await chat.press("提交")
    async with app.db.begin() as tx:
        report = (await tx.execute(select(case_reports))).one()
    assert report.risk_types == ["illness", "housing"]
    assert [m["file_id"] for m in report.media] == ["telegram:PHOTO-1", "telegram:VOICE-1"]
    assert app.services.cases.cipher.decrypt(report.description_enc) == "屋顶塌了一半"


async def test_a_neighbour_s_status_counts_their_reports_and_says_nothing_of_the_households(
        app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await neighbour(app)
    assert "还没有申报记录" in (await chat.send("/status"))[0].text
    await report(chat)
    await report(chat, who="李四")
    text = "\n".join(r.text for r in await chat.send("/status"))
    assert "反映过 2 户" in text and "其中 0 户已处理完" in text
    assert "还没有申报记录" not in text
    assert "王秀英" not in text and "李四" not in text and "NC-2026" not in text


async def test_what_was_asked_for_is_opened_after_consent_and_after_starting_over(
        app: App) -> None:
    chat = NamedChat(app.core, user_id=7702, first_name="周大哥")
    await chat.send("/neighbour")  # before agreeing to the consent note
    replies = await chat.press("同意")
    assert "这户人家在哪个" in replies[-1].text  # the neighbour report, not the menu
    await chat.send("/cancel")
    await chat.send("/report")
    await chat.press("木凉镇")
    replies = await chat.send("/neighbour")  # mid self-report
    assert "还没填完" in replies[-1].text
    replies = await chat.press("重新开始")
    assert "这户人家在哪个" in replies[-1].text
    assert "木凉镇" in [b.text for row in replies[-1].buttons for b in row]
