"""One screen to start: greeting, what is collected and who sees it, and the choices as
buttons; anything before consent gets one short line, never the screen again."""

from __future__ import annotations

from sqlalchemy import select

from bot.app import App
from storage.tables import conversations
from tests.flows.intake_helpers import HANCHANGBA
from tests.flows.test_officials_journey import official
from tests.support.flow_chat import FlowChat


def labels(replies) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for r in replies for row in r.buttons for b in row]


async def test_start_is_one_short_screen_in_the_clients_language(app: App) -> None:
    zh = FlowChat(app.core, user_id=1001)
    replies = await zh.send("/start")
    assert len(replies) == 1
    assert "您同意吗" in replies[0].text and "只有负责您村、镇的工作人员能看到" in replies[0].text
    assert len(replies[0].text) < 200  # short: no paragraph to read before the first tap
    assert labels(replies) == ["✅ 同意并开始", "不同意", "English", "详细说明"]
    en = FlowChat(app.core, user_id=1002, language_code="en-GB")
    replies = await en.send("/start")
    assert len(replies) == 1 and "Do you agree?" in replies[0].text
    assert labels(replies) == ["✅ I agree, start", "I do not agree", "中文", "More details"]


async def test_anything_before_consent_gets_one_short_line(app: App) -> None:
    chat = FlowChat(app.core, user_id=1003)
    await chat.send("/start")
    for send in (chat.send("你好"), chat.send_kind("sticker"),
                 chat.send_kind("photo", file_id="P1"), chat.send("/status"),
                 chat.send("/report")):
        replies = await send
        assert [r.text for r in replies] == ["请先点「同意并开始」。"], chat.transcript()
        assert labels(replies) == ["✅ 同意并开始", "不同意", "English", "详细说明"]
    replies = await chat.press("同意")
    # /report asked for before agreeing opens once agreed: what was asked for is not lost.
    assert "第 1 步" in "\n".join(r.text for r in replies)


async def test_the_other_language_redraws_the_screen_and_details_show_the_full_note(
        app: App) -> None:
    chat = FlowChat(app.core, user_id=1004)
    await chat.send("/start")
    replies = await chat.press("English")
    assert "Do you agree?" in replies[-1].text and "中文" in labels(replies)
    replies = await chat.press("More details")
    assert "Before we start" in replies[-1].text and "phone numbers are stored encrypted" in \
        replies[-1].text
    replies = await chat.press("I agree")
    assert "What would you like to do?" in replies[-1].text


async def test_disagree_keeps_only_the_language(app: App) -> None:
    chat = FlowChat(app.core, user_id=1005, language_code="en")
    await chat.send("/start")
    replies = await chat.press("I do not agree")
    assert "apart from your language choice we have stored nothing" in replies[-1].text
    async with app.db.begin() as tx:
        row = (await tx.execute(select(conversations))).one()
    assert row.lang == "en" and row.consent_at is None and row.step is None and row.draft == {}
    replies = await chat.send("/start")  # changing one's mind: the screen again
    assert "Do you agree?" in replies[0].text


async def test_an_invite_link_skips_the_screen(app: App) -> None:
    officer = await official(app, 7501, "officer", HANCHANGBA, "李信息员", deep_link=True)
    text = "\n".join(r.text for r in officer.history)
    assert "您同意吗" not in text and "请先点" not in text and "欢迎" in text
