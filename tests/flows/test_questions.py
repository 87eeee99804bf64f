"""A question typed (or spoken) at the menu reaches a person: the village's officer answers it,
or opens a case from it; three a day; no phone unless the resident shares it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from cases.clock import MovableClock
from cases.questions import ANSWER_KEY, QUESTION_KEY
from storage.tables import cases
from storage.tables_resident import questions
from tests.flows.intake_helpers import add_official, outbox_messages
from tests.flows.test_intake_merge import self_report
from tests.support.flow_chat import FlowChat

RESIDENT, OFFICER, OTHER_OFFICER = 9501, 9101, 9102
CHANGPING = "500119102201"  # 长坪村, another town
ASKED = "我想问一下低保怎么申请"


async def newcomer(app: App) -> FlowChat:
    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    await chat.press("同意")
    return chat


async def ask(chat: FlowChat, words: str = ASKED, *, phone: bool = False) -> str:
    """Type a sentence at the menu and send it to 汉场坝村 (choosing it when asked)."""
    replies = await chat.send(words)
    assert "发给村里的工作人员" in replies[-1].text, chat.transcript()
    replies = await chat.press("留下我的电话" if phone else "发给村里")
    if phone:
        replies = await chat.send_kind("contact", phone="8613800138000")
    if "镇（街道）" in replies[-1].text:
        await chat.press("木凉镇")
        replies = await chat.press("汉场坝村")
    return "\n".join(r.text for r in replies)


async def sent_to(app: App, chat_id: int, key: str) -> list[str]:
    return [m.text for m in await outbox_messages(app) if m.chat_id == chat_id and m.key == key]


async def test_a_question_is_answered_by_the_village_officer(app: App) -> None:
    await add_official(app, user_id=OFFICER, name="李信息员")
    await add_official(app, user_id=OTHER_OFFICER, division=CHANGPING, name="别村干部")
    chat = await newcomer(app)
    assert "已发给汉场坝村的工作人员" in await ask(chat)

    [shown] = await sent_to(app, OFFICER, QUESTION_KEY)
    assert ASKED in shown and "没有留电话" in shown and "回复 qa:answer:1" in shown
    assert not await sent_to(app, OTHER_OFFICER, QUESTION_KEY)  # only the village's officer
    other = FlowChat(app.core, user_id=OTHER_OFFICER)
    refused = (await other.press_data("qa:answer:1"))[-1].text  # another village's officer
    assert refused == app.services.catalogue.text("err.button_invalid", "zh")

    officer = FlowChat(app.core, user_id=OFFICER)
    await officer.press_data("qa:answer:1")
    await officer.send_kind("sticker")  # not an answer: asked again, nothing lost
    assert "已发给村民" in (await officer.send("带上户口本和收入证明来村委会申请。"))[-1].text
    [answer] = await sent_to(app, RESIDENT, ANSWER_KEY)
    assert "李信息员" in answer and "户口本" in answer and ASKED in answer
    assert "已经有人回复" in (await officer.press_data("qa:answer:1"))[-1].text
    async with app.db.begin() as tx:  # the words are sealed at rest; no case was opened
        row = (await tx.execute(select(questions))).one()
        assert ASKED.encode() not in bytes(row.text_enc)
        assert (await tx.execute(select(cases))).first() is None


async def test_no_phone_reaches_the_officer_unless_shared(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = FlowChat(app.core, user_id=RESIDENT)
    await self_report(app, RESIDENT, chat=chat)  # the resident's case gave us their phone…
    # …and the question goes to the case's village without asking which
    text = await ask(chat, "什么时候来我家？")
    assert "汉场坝村" in text
    [first] = await sent_to(app, OFFICER, QUESTION_KEY)
    assert "13800138000" not in first
    await ask(chat, "能给我打个电话吗？", phone=True)
    second = (await sent_to(app, OFFICER, QUESTION_KEY))[-1]
    assert "13800138000" in second


async def test_three_questions_a_day(app: App, clock: MovableClock) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await newcomer(app)
    for n in range(3):
        assert "已发给" in await ask(chat, f"第{n + 1}个问题")
    await chat.send("第四个问题")
    assert "今天已经问了 3 个问题" in (await chat.press("发给村里"))[-2].text
    assert len(await sent_to(app, OFFICER, QUESTION_KEY)) == 3
    clock.advance(timedelta(days=1))
    assert "已发给" in await ask(chat, "第二天的问题")


async def test_a_voice_question_reaches_the_officer_as_a_voice_note_and_can_become_a_case(
        app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await newcomer(app)
    replies = await chat.send_kind("voice", file_id="Q-VOICE")
    assert "（一段语音）" in replies[-1].text
    await chat.press("发给村里")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    [sent] = [m for m in await outbox_messages(app) if m.key == QUESTION_KEY]
    assert sent.voice == "telegram:Q-VOICE" and "转为案件" in sent.text

    officer = FlowChat(app.core, user_id=OFFICER)
    assert "已转为案件 NC-2026-000001" in (await officer.press_data("qa:case:1"))[-1].text
    assert "已经转为案件" in (await officer.press_data("qa:case:1"))[-1].text
    async with app.db.begin() as tx:
        [case] = (await tx.execute(select(cases))).all()
    assert (case.source, str(case.reporter_chat_id), case.media) == (
        "self", str(RESIDENT), [{"kind": "voice", "file_id": "telegram:Q-VOICE"}])
    cards = [m for m in await outbox_messages(app) if m.chat_id == OFFICER and m.key == "case.card"]
    assert cards and "NC-2026-000001" in cards[-1].text
    # The officer may answer by voice too: the resident hears it.
    await officer.press_data("qa:answer:1")
    await officer.send_kind("voice", file_id="A-VOICE")
    [answer] = [m for m in await outbox_messages(app) if m.key == ANSWER_KEY]
    assert answer.chat_id == RESIDENT and answer.voice == "telegram:A-VOICE"


async def test_a_sticker_or_a_declined_offer_sends_nothing(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    chat = await newcomer(app)
    replies = await chat.send_kind("sticker")
    assert "发给村里" not in replies[-1].text  # the menu, as before
    await chat.send("你好")
    replies = await chat.send("问" * 10000)  # at the offer: far too long, the offer stays
    assert "太长了" in replies[0].text and "「你好」" in replies[-1].text
    assert "没有发送" in (await chat.press("不用了"))[0].text
    assert "太长了" in (await chat.send("问" * 10000))[0].text  # at the menu: nothing offered
    assert not await sent_to(app, OFFICER, QUESTION_KEY)


async def test_an_approved_erasure_removes_the_persons_questions(app: App) -> None:
    await add_official(app, user_id=OFFICER)
    admin_id = 9301
    await add_official(app, user_id=admin_id, role="district_admin", division="500119000000")
    chat = await newcomer(app)
    await ask(chat)
    shown = "\n".join(r.text for r in await chat.send("/mydata"))
    assert ASKED in shown and "您问村里的问题" in shown  # what is held is shown
    assert "已提交" in (await chat.press("请求删除"))[-1].text
    admin = FlowChat(app.core, user_id=admin_id)
    await admin.press_data("dr:approve:1")
    async with app.db.begin() as tx:
        assert (await tx.execute(select(questions))).first() is None


async def test_a_village_nobody_serves_is_told_so_and_nothing_is_kept(app: App) -> None:
    chat = await newcomer(app)
    assert "没有发出" in await ask(chat)
    async with app.db.begin() as tx:
        assert (await tx.execute(select(questions))).first() is None


async def test_questions_are_deleted_after_their_retention_window(
        app: App, clock: MovableClock) -> None:
    from scheduler.pruning import Windows, prune

    await add_official(app, user_id=OFFICER)
    chat = await newcomer(app)
    await ask(chat)
    clock.advance(timedelta(days=364))
    assert (await prune(app.db, clock.now(), Windows()))["questions"] == 0
    clock.advance(timedelta(days=2))
    assert (await prune(app.db, clock.now(), Windows()))["questions"] == 1
    async with app.db.begin() as tx:
        assert (await tx.execute(select(questions))).first() is None


def journey(replies) -> str | None:  # type: ignore[no-untyped-def]
    """The flow the last reply's buttons belong to ("sr": the self-report, "nb": a neighbour's)."""
    data = [b.data for line in replies[-1].buttons for b in line if b.data.startswith("s:")]
    return data[0].split(":")[1].split(".")[0] if data else None


async def test_a_menu_word_typed_at_the_menu_starts_that_choice_not_a_question(app: App) -> None:
    chat = await newcomer(app)
    for word, flow in (("申报", "sr"), ("Report", "sr"), ("declare!", "sr"),
                       ("🏠 申报本户困难", "sr"), ("邻里反映", "nb")):  # a button's own words too
        replies = await chat.send(word)
        assert journey(replies) == flow and "第 1 步" in replies[-1].text, chat.transcript()
        await chat.send("/cancel")
    # A sentence with the word in it is still a question to the village.
    assert "发给村里的工作人员" in (await chat.send("申报需要什么材料"))[-1].text
    async with app.db.begin() as tx:
        assert (await tx.execute(select(questions))).first() is None


async def test_a_newcomer_typing_the_menu_word_agrees_first_and_then_declares(app: App) -> None:
    chat = FlowChat(app.core, user_id=RESIDENT)
    replies = await chat.send("申报")
    assert "同意" in " ".join(b.text for r in replies for line in r.buttons for b in line)
    replies = await chat.press("同意")
    assert journey(replies) == "sr", chat.transcript()
