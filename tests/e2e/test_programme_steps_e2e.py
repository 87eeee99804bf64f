"""The full inclusion chain on the real frameworks against the fake Bot API: the town lead's
approval, then 民主评议 recorded by the officer, 公示 ended by the scheduler after the clock is
moved on, and 审定 by the district admin — and only then the resident hears of monitoring."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.app import App
from cases import invites
from cases.clock import MovableClock
from scheduler.jobs import TimedWork
from storage.tables import cases
from tests.e2e.test_officials_e2e import expect, step
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.support.casework import report_case
from tests.support.e2e import RunningBot

NANCHUAN = "500119000000"


async def join(bot: RunningBot, user: Any, role: str, division: str) -> None:
    app: App = bot.app
    async with app.db.begin() as tx:
        code = await invites.issue(tx, role=role, division_code=division, created_by=None,
                                   now=app.services.clock.now(), valid_for=timedelta(hours=1))
    await step(bot, user, "欢迎", "send_text", f"/join {code}")


async def test_inclusion_through_review_notice_and_confirmation(bot: RunningBot,
                                                                clock: MovableClock) -> None:
    officer = bot.fake.user(user_id=8111, first_name="李信息员", language_code="zh-hans")
    lead = bot.fake.user(user_id=8211, first_name="张镇长", language_code="zh-hans")
    admin = bot.fake.user(user_id=8411, first_name="刘主任", language_code="zh-hans")
    resident = bot.fake.user(user_id=8311, first_name="王秀英", language_code="zh-hans")
    await join(bot, officer, "officer", HANCHANGBA)
    await join(bot, lead, "town_lead", MULIANG)
    await join(bot, admin, "district_admin", NANCHUAN)
    card = expect(bot, officer, "赵大山")
    await report_case(bot.app, village=HANCHANGBA, town=MULIANG, resident_chat=resident.chat_id)
    await card

    await step(bot, officer, "您已受理案件", "press", "✅ 受理")
    await step(bot, officer, "只点有问题的项", "press", "🏠 记录走访")
    await step(bot, officer, "年人均纯收入", "press", "✔ 完成")
    await step(bot, officer, "走访情况", "send_text", "5000")
    await step(bot, officer, "走访已记录", "press", "✔ 完成")
    await step(bot, officer, "纳入哪一类", "press", "📝 提出认定意见")
    approval = expect(bot, lead, "审核通过")
    await step(bot, officer, "等待镇（街道）审核", "press", "边缘易致贫户")
    await approval
    await step(bot, lead, "跳过", "press", "✔ 审核通过")
    told = expect(bot, officer, "下一步：待村民主评议")
    await step(bot, lead, "下一步是村民主评议", "press", "跳过")
    await told

    # 民主评议, from the card the notice brought.
    await step(bot, officer, "哪天开的评议会", "press", "🗳 记录民主评议")
    await step(bot, officer, "评议结果", "press", "今天")
    await step(bot, officer, "多少人", "press", "✅ 评议通过")
    await step(bot, officer, "会议记录", "send_text", "31")
    notice = expect(bot, officer, "请张贴以下公示内容")
    await step(bot, officer, "民主评议已记录", "press", "跳过")
    text = await notice
    assert "赵某户拟纳入监测（边缘易致贫户）" in text and "赵大山" not in text, text

    # A week on, the scheduler takes the notice down and the district admin gets the card.
    await bot.quiet()
    clock.advance(timedelta(days=7))
    confirm_card = expect(bot, admin, "🏛 审定")
    await TimedWork(bot.app.background()).tick()
    await confirm_card
    await step(bot, admin, "是否审定通过", "press", "🏛 审定")
    receipt = expect(bot, resident, "纳入防止返贫监测帮扶")
    await step(bot, admin, "已审定", "press", "✅ 审定通过")
    await receipt
    async with bot.app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert (row.stage, row.category, row.track) == ("monitored", "marginal", None)
    assert not bot.fake.unanswered_callbacks()
