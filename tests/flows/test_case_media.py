"""An elderly resident shows and tells instead of typing: the officer's card counts the photos
and voice notes, and one button sends them — a neighbour's without a word about who sent it,
the visit's photos too — while an official of another village is refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from chat.replies import Photo, Voice, from_json, to_json
from handlers.case_media import MEDIA_KEY
from storage import audit as audit_repo
from storage.tables import outbox
from tests.flows.intake_helpers import (
    NamedChat,
    Sent,
    add_official,
    assert_reporter_hidden,
    outbox_messages,
    report_to_description,
)
from tests.flows.test_intake_merge import self_report
from tests.support.flow_chat import FlowChat

RESIDENT, NEIGHBOUR, OFFICER, FAR_OFFICER, NOBODY = 8601, 8602, 8101, 8102, 8603
CHANGPING = "500119102201"  # 长坪村 in 河图镇


async def declare_by_photo_and_voice(app: App) -> FlowChat:
    """A self-report whose description is one photo and one voice note, no words."""
    chat = FlowChat(app.core, user_id=RESIDENT)
    await report_to_description(chat)
    await chat.send_kind("photo", media="telegram:RES-PHOTO")
    await chat.send_kind("voice", media="telegram:RES-VOICE")
    await chat.press("完成")
    await chat.press("否")
    replies = await chat.press("提交")
    assert "NC-2026-000001" in "\n".join(r.text for r in replies), chat.transcript()
    return chat


async def neighbour_adds_a_photo(app: App) -> NamedChat:
    """A neighbour who may be contacted reports the same household, with a photo."""
    chat = NamedChat(app.core, user_id=NEIGHBOUR, first_name="李大姐", username="lidajie_nb")
    await chat.send("/start")
    await chat.press("同意")
    await chat.send("/neighbour")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("王秀英")
    await chat.send("3组")
    await chat.press("因病")
    await chat.press("完成")
    await chat.send_kind("photo", media="telegram:NB-PHOTO")
    await chat.press("完成")
    await chat.press("不知道")
    await chat.press("可以联系我")
    await chat.send("李桂兰")
    await chat.send("13900139000")
    replies = await chat.press("提交")
    assert "谢谢" in "\n".join(r.text for r in replies), chat.transcript()
    return chat


async def accept_and_visit(app: App, photos: list[str]) -> FlowChat:
    """The officer accepts NC-2026-000001 and records a visit with these photos."""
    officer = FlowChat(app.core, user_id=OFFICER)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.press("跳过")
    for file_id in photos:
        await officer.send_kind("photo", media=f"telegram:{file_id}")
    await officer.press("完成")
    return officer


async def card_for(app: App, chat_id: int) -> str:
    cards = [m.text for m in await outbox_messages(app)
             if m.chat_id == chat_id and m.key == "case.card"]
    assert cards, f"no card for {chat_id}"
    return cards[-1]


async def media_sent(app: App, chat_id: int) -> list[Sent]:
    """The photos and voice notes queued for this chat, drawn as the outbox will send them."""
    return [m for m in await outbox_messages(app) if m.chat_id == chat_id and m.key == MEDIA_KEY]


async def test_the_officer_sees_and_hears_what_the_resident_sent(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    await declare_by_photo_and_voice(app)

    card = await card_for(app, OFFICER)
    assert "📎 照片 1 张、语音 1 条" in card, card
    assert "📎 查看照片/语音 cm:1:0" in card

    officer = FlowChat(app.core, user_id=OFFICER)
    assert "正在发送第 1–2 个" in (await officer.press_data("cm:1:0"))[-1].text
    replies = await media_sent(app, OFFICER)
    assert [(r.photo, r.voice) for r in replies] == [("telegram:RES-PHOTO", None),
                                                     (None, "telegram:RES-VOICE")]
    assert "NC-2026-000001" in replies[0].text and "本人申报" in replies[0].text
    assert "2026-03-02" in replies[1].text and "2/2" in replies[1].text
    async with app.db.begin() as tx:  # an answer to a press: not held for quiet hours
        flags = (await tx.execute(select(outbox.c.urgent).where(outbox.c.key == MEDIA_KEY))).all()
    assert [f.urgent for f in flags] == [True, True]
    # A reply with a voice note survives the processed-updates log (a redelivery repeats it).
    assert from_json(to_json(Voice("x", "telegram:RES-VOICE"))) == Voice("x", "telegram:RES-VOICE")
    assert from_json(to_json(Photo("c", media="telegram:P"))) == Photo("c", media="telegram:P")


async def test_a_neighbours_photo_and_the_visit_photo_join_without_the_neighbour(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    await declare_by_photo_and_voice(app)
    await neighbour_adds_a_photo(app)
    officer = await accept_and_visit(app, ["VISIT-PHOTO"])

    shown = await officer.send("/case NC-2026-000001")
    assert "📎 照片 3 张、语音 1 条" in shown[0].text, officer.transcript()
    await officer.press("查看照片/语音")
    replies = await media_sent(app, OFFICER)
    assert [r.photo or r.voice for r in replies] == ["telegram:RES-PHOTO", "telegram:RES-VOICE",
                                                     "telegram:NB-PHOTO", "telegram:VISIT-PHOTO"]
    assert "邻里反映" in replies[2].text and "入户走访" in replies[3].text
    # The neighbour agreed to be contacted, but only the household shows here.
    for reply in replies:
        for secret in ("李大姐", "lidajie_nb", "李桂兰", "13900139000", str(NEIGHBOUR)):
            assert secret not in reply.text
    assert_reporter_hidden([m for m in await outbox_messages(app)
                            if m.chat_id == OFFICER and m.key == "case.card"],
                           secrets=["李大姐", "lidajie_nb", "李桂兰", "13900139000"])


async def test_more_than_ten_come_ten_at_a_time(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    await declare_by_photo_and_voice(app)
    officer = await accept_and_visit(app, [f"VISIT-{n}" for n in range(10)])

    first = await officer.press_data("cm:1:0")
    assert len(await media_sent(app, OFFICER)) == 10
    assert "共 12 个" in first[-1].text and "还有 2 个" in first[-1].buttons[0][0].text
    await officer.press_data(first[-1].buttons[0][0].data)
    rest = (await media_sent(app, OFFICER))[10:]
    assert [r.photo for r in rest] == ["telegram:VISIT-8", "telegram:VISIT-9"] and "12/12" in rest[-1].text


async def test_a_case_without_media_has_no_line_and_no_button(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    await self_report(app, RESIDENT)
    card = await card_for(app, OFFICER)
    assert "📎" not in card and "cm:" not in card
    officer = FlowChat(app.core, user_id=OFFICER)
    assert "没有照片或语音" in (await officer.press_data("cm:1:0"))[-1].text


async def test_another_village_and_forged_payloads_are_refused(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    far_id = await add_official(app, user_id=FAR_OFFICER, division=CHANGPING, name="长坪村干部")
    await declare_by_photo_and_voice(app)

    far = FlowChat(app.core, user_id=FAR_OFFICER)
    replies = await far.press_data("cm:1:0")
    assert "不在您负责的范围内" in replies[-1].text and any(r.kind == "toast" for r in replies)
    async with app.db.begin() as tx:
        refused = await audit_repo.listing(tx, app.services.clock.now() - timedelta(days=1))
    assert [(r.official_id, r.action, r.case_ref, r.reason) for r in refused] == [
        (far_id, "media", "NC-2026-000001", "out_of_scope")]

    for forged in ("cm:1", "cm:x:0", "cm:1:-1", "cm:"):
        replies = await far.press_data(forged)
        assert any("按钮已经过期" in r.text for r in replies), forged  # and a fresh screen
    replies = await far.press_data("cm:999:0")
    assert "没有找到这个案件" in replies[-1].text

    # Someone who is not an official at all gets the officials-only answer.
    stranger = FlowChat(app.core, user_id=NOBODY)
    replies = await stranger.press_data("cm:1:0")
    assert "只对工作人员开放" in replies[-1].text
    assert await media_sent(app, FAR_OFFICER) == [] and await media_sent(app, NOBODY) == []
