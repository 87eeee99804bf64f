"""A resident declares hardship through the neutral core, with a real database."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.tables import cases
from tests.flows.intake_helpers import report_to_description
from tests.support.flow_chat import FlowChat


async def agree(chat: FlowChat) -> None:
    await chat.send("/start")
    await chat.press("同意")


async def test_resident_reports_illness_in_hanchangba_and_gets_a_reference(app: App) -> None:
    chat = FlowChat(app.core, user_id=501)
    replies = await chat.send("/start")
    assert len(replies) == 1 and "平安网" in replies[0].text  # one screen to start
    assert [b.text for row in replies[0].buttons for b in row] == [
        "✅ 同意并开始", "不同意", "English", "详细说明"]
    await chat.press("同意")
    await chat.press("申报本户困难")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("王秀英")
    await chat.send_kind("contact", phone="8613800138000", contact_user_id=501)
    await chat.press("3")
    await chat.press("因病")
    await chat.press("因残")
    await chat.press("因病")  # toggled off again
    await chat.press("完成")
    await chat.send("老伴住院，家里没有收入")
    await chat.press("是")
    assert "可以直接说话" in chat.history[-1].text  # what makes it urgent? words or voice
    await chat.send_kind("sticker")  # not an answer: asked again, nothing lost
    await chat.send("今晚没人照顾孩子")
    summary = chat.history[-1].text
    assert "王秀英" in summary and "因残" in summary and "因病" not in summary
    assert "紧急原因：今晚没人照顾孩子" in summary
    replies = await chat.press("提交")
    text = "\n".join(r.text for r in replies)
    assert "NC-2026-000001" in text
    async with app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert row.village_code == "500119101201"
    assert row.phone_enc is not None and b"13800138000" not in row.phone_enc
    assert row.people == 3 and row.risk_types == ["disability"] and row.urgent
    assert app.services.cases.cipher.decrypt(row.description_enc) == \
        "老伴住院，家里没有收入\n紧急原因：今晚没人照顾孩子"
    status = await chat.send("/status")
    assert "NC-2026-000001" in status[0].text and "等村里的工作人员受理" in status[0].text


async def test_bad_input_gets_a_friendly_answer_and_the_question_again(app: App) -> None:
    chat = FlowChat(app.core, user_id=502, language_code="en")
    await chat.send("/start")
    await chat.press("I agree")
    await chat.press("Declare hardship")
    await chat.send("hello")  # text where a button is expected
    assert "buttons" in chat.history[-2].text
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send_kind("other")  # a sticker where a name is expected
    assert "type the name" in chat.history[-2].text
    await chat.send("x" * 10_000)
    assert "too long" in chat.history[-2].text
    await chat.send("🙂🙂")
    assert "letters" in chat.history[-2].text
    await chat.send("<b>&")
    await chat.send("12345")
    assert "does not look right" in chat.history[-2].text
    await chat.send("+86 138-0013-8000")
    await chat.press_data("s:sr.town:500119101000")  # a stale button from an earlier step
    assert "expired" in chat.history[-2].text or "expired" in chat.history[-3].text
    await chat.press_data("zz:forged")
    assert any("expired" in r.text for r in chat.history[-3:])
    await chat.press_data("c:accept:99999999999999999999:1")  # an id past 2^63 once crashed
    assert any("expired" in r.text for r in chat.history[-3:])
    await chat.press("2")
    await chat.press("Done")  # no risk chosen yet
    assert any("at least one" in r.text for r in chat.history[-3:])
    replies = await chat.send("/start")
    assert "Continue" in replies[0].buttons[0][0].text
    await chat.press("Continue")
    await chat.press("illness")
    await chat.press("Done")
    await chat.press("Skip")
    await chat.press("No")
    summary = chat.history[-1].text
    assert "&lt;b&gt;&amp;" in summary  # the name shows literally
    await chat.send("/cancel")
    assert "Cancelled" in chat.history[-2].text


async def test_redelivered_update_creates_one_case(app: App) -> None:
    chat = FlowChat(app.core, user_id=503)
    await agree(chat)
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await chat.press(label)
    await chat.send("李四")
    await chat.send("13800138001")
    await chat.press("1")
    await chat.press("因学")
    await chat.press("完成")
    await chat.press("跳过")
    await chat.press("否")
    first = await chat.press("提交")
    again = await chat.deliver(chat.last_event)
    assert [r.text for r in again] == [r.text for r in first]
    async with app.db.begin() as tx:
        assert len((await tx.execute(select(cases))).all()) == 1


async def test_a_photo_sent_after_the_words_joins_the_report(app: App) -> None:
    """People type first and then remember the photo: it arrives at the next question, is
    added to the description, and that question is asked again; nothing is lost."""
    chat = FlowChat(app.core, user_id=504)
    await report_to_description(chat)
    asked = (await chat.send("房子漏雨"))[-1].text
    replies = await chat.send_kind("photo", file_id="ROOF-1")
    assert "已加到情况说明里" in replies[0].text and replies[-1].text == asked
    await chat.press("否")
    await chat.send_kind("voice", file_id="VOICE-1")  # at the summary, too
    summary = chat.history[-1].text
    assert "房子漏雨（另附 2 个照片/语音）" in summary
    await chat.press("提交")
    async with app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert [m["file_id"] for m in row.media] == ["telegram:ROOF-1", "telegram:VOICE-1"]


async def test_help_and_the_officials_button_are_not_dead_ends(app: App) -> None:
    chat = FlowChat(app.core, user_id=505)
    await agree(chat)
    for replies in (await chat.send("/help"), await chat.press("我是工作人员")):
        assert "申报本户困难" in " ".join(b.text for row in replies[-1].buttons for b in row)
