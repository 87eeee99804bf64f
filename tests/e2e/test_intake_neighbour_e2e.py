"""A neighbour reports a household over the real frameworks; the village officer gets the note
through the outbox and the fake Bot API — and nothing in it names the neighbour."""

from __future__ import annotations

from sqlalchemy import select

from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import RunningBot, say, shown

OFFICER = 9501


async def test_anonymous_neighbour_report_end_to_end_keeps_the_reporter_hidden(
        bot: RunningBot) -> None:
    await add_official(bot.app, user_id=OFFICER, division=HANCHANGBA)
    officer = bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    user = bot.fake.user(user_id=7601, first_name="李大姐", username="lidajie_nb",
                         language_code="zh-hans")
    await say(user, "send_text", "/start", words="您同意吗")
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "send_text", "/neighbour", words="第 1 步")
    assert "不会" in user.messages[-2].plain  # the protection promise comes first
    await say(user, "press", "木凉镇", words="第 2 步")
    await say(user, "press", "汉场坝村", words="第 3 步")
    await say(user, "send_text", "王秀英", words="第 4 步")
    await say(user, "press", "不清楚", words="第 5 步")
    await say(user, "press", "因病", words="✅ 因病")
    await say(user, "press", "完成", words="第 6 步")
    await say(user, "send_text", "老人独居，最近生病没人照顾", words="第 7 步")
    await say(user, "press", "不知道", words="第 8 步")
    await say(user, "press", "🔒 不用联系我（匿名）", words="请核对您的反映")
    assert "匿名，不联系" in user.last.plain
    # The outbox may deliver the card before the receipt's wait ends: look from before.
    before_submit = officer.mark()
    # Submitted, the thanks, then the menu again: wait for the menu.
    await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
    assert "谢谢您" in "\n".join(m.plain for m in user.messages[-3:])
    assert not bot.fake.unanswered_callbacks()
    waiter = officer.wait_for(lambda m: "邻里反映" in shown(m), timeout=15, since=before_submit)
    await bot.settle()
    await waiter
    received = "\n".join(m.plain + " " + " ".join(m.button_texts()) for m in officer.messages)
    assert "邻里反映" in received and "王秀英" in received
    for secret in ("李大姐", "lidajie_nb", "7601"):
        assert secret not in received
    async with bot.app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
    assert case.source == "neighbour" and case.reporter_chat_id is None


async def test_daily_limit_refusal_end_to_end(bot: RunningBot) -> None:
    from dataclasses import replace

    bot.app.services.programme = replace(bot.app.services.programme, neighbour_daily_limit=1)
    user = bot.fake.user(user_id=7602, first_name="张", language_code="zh-hans")
    await say(user, "send_text", "/start", words="您同意吗")
    await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
    await say(user, "send_text", "/neighbour", words="第 1 步")
    await say(user, "press", "木凉镇", words="第 2 步")
    await say(user, "press", "汉场坝村", words="第 3 步")
    await say(user, "send_text", "张三", words="第 4 步")
    await say(user, "send_text", "2组", words="第 5 步")
    await say(user, "press", "缺劳动力", words="✅ 缺劳动力")
    await say(user, "press", "完成", words="第 6 步")
    await say(user, "press", "跳过", words="第 7 步")
    await say(user, "press", "说不清", words="第 8 步")
    await say(user, "press", "🔒 不用联系我（匿名）", words="请核对您的反映")
    await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
    assert "谢谢您" in "\n".join(m.plain for m in user.messages[-3:])
    # The refusal, then the menu again: wait for the menu.
    await say(user, "send_text", "/neighbour", words="请选择您要办理的事项")
    assert "最多反映 1 户" in user.messages[-2].plain
