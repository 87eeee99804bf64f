"""A lead's cards follow an officer's accept, on both frameworks against the fake Bot API: the
card routing sent and the one /case showed are both edited in place to say who accepted,
with only the buttons still valid (issue 13)."""

from __future__ import annotations

from datetime import timedelta

from bot.fake_telegram import FakeUser
from cases import invites
from cases.routing import refresh_cards
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.support.casework import report_case
from tests.support.e2e import RunningBot, say


async def join(bot: RunningBot, user: FakeUser, role: str, division: str) -> None:
    async with bot.app.db.begin() as tx:
        code = await invites.issue(tx, role=role, division_code=division, created_by=None,
                                   now=bot.app.services.clock.now(), valid_for=timedelta(hours=1))
    await say(user, "send_text", f"/join {code}", words="欢迎")


def buttons(message) -> list[str]:  # type: ignore[no-untyped-def]
    return message.button_texts()


async def test_a_leads_cards_follow_an_officers_accept(bot: RunningBot) -> None:
    officer = bot.fake.user(user_id=8111, first_name="张村干", language_code="zh-hans")
    lead = bot.fake.user(user_id=8211, first_name="王镇长", language_code="zh-hans")
    await join(bot, officer, "officer", HANCHANGBA)
    await join(bot, lead, "town_lead", MULIANG)

    # An urgent case: the card reaches the officer and the town lead at once.
    routed = lead.wait_for(lambda m: "NC-2026-000001" in m.plain, timeout=20)
    officer_card = officer.wait_for(lambda m: "NC-2026-000001" in m.plain, timeout=20)
    await report_case(bot.app, village=HANCHANGBA, town=MULIANG, urgent=True)
    await bot.settle()
    [lead_card] = await routed
    await officer_card
    assert "✅ 受理" in buttons(lead_card)
    # The lead also opens it by /case: a second card, shown as the answer.
    shown = await say(lead, "send_text", "/case NC-2026-000001", words="🕘 办理记录")
    assert shown.message_id != lead_card.message_id and "✅ 受理" in buttons(shown)
    await bot.quiet()  # the answer's delivery is recorded: the card is remembered

    # The officer accepts; both of the lead's cards say so, edited in place.
    count = len(lead.messages)
    edited = lead.wait_for(lambda m: "已被 张村干 受理" in m.plain, timeout=20, count=2)
    await say(officer, "press", "✅ 受理", words="您已受理案件")
    await bot.settle()
    cards = {m.message_id: m for m in await edited}
    assert set(cards) == {lead_card.message_id, shown.message_id}
    for card in cards.values():
        assert "✅ 受理" not in buttons(card) and "🗒 备注" in buttons(card)
        assert "状态：已受理，待走访" in card.plain
    await bot.quiet()
    assert len(lead.messages) == count  # edits, not new messages

    # A refresh that changes nothing the lead's cards show (two changes in a row draw the
    # newest state twice): no edit is even tried, so Telegram never answers "message is not
    # modified".
    edits_before = len(bot.fake.calls("editMessageText"))
    async with bot.app.db.begin() as tx:
        case = await bot.app.services.cases.by_ref(tx, "NC-2026-000001")
        assert case is not None
        await refresh_cards(tx, case, bot.app.services.clock.now(), bot.app.services.cases.cipher)
    await bot.quiet()
    tried = [r.chat_id for r in bot.fake.calls("editMessageText")[edits_before:]]
    assert lead.chat_id not in tried and str(lead.chat_id) not in tried
    assert not bot.fake.unanswered_callbacks()
