"""An official outside a flow lands on their own menu, never on the resident's consent note
about household data."""

from __future__ import annotations

from bot.app import App
from tests.flows.test_intake_officer_found import found
from tests.flows.test_officials_journey import HANCHANGBA, declare, official

OFFICER = 7151
INBOX = "我的待办案件"


def buttons(chat) -> str:  # type: ignore[no-untyped-def]
    return " ".join(b.text for row in chat.history[-1].buttons for b in row)


def said(replies) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in replies)


async def test_an_official_s_start_text_cancel_and_status_lead_to_their_menu(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    for send in ("/start", "你好", "/cancel"):
        replies = await officer.send(send)
        assert "使用前请阅读" not in said(replies), send  # no consent note for staff
        assert INBOX in buttons(officer), send
    assert "没看懂" in said(await officer.send("再见"))
    status = said(await officer.send("/status"))
    assert "/cases" in status and "您还没有申报记录" not in status
    assert INBOX in buttons(officer)
    # An unknown command outside a flow: one answer, then the menu (not a second error).
    replies = await officer.send("/nonsense")
    assert "没有这个命令" in said(replies) and "没看懂" not in said(replies)
    assert INBOX in buttons(officer)


async def test_status_mid_visit_repeats_the_question_and_found_ends_on_the_official_menu(
        app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await declare(app)
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("记录走访")
    asked = officer.history[-1].text
    replies = await officer.send("/status")
    assert "/cases" in said(replies) and replies[-1].text == asked  # the visit goes on
    await officer.send("/cancel")
    assert "NC-2026-000002" in await found(officer)
    assert INBOX in buttons(officer) and "申报本户困难" not in buttons(officer)
