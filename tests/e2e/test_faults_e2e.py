"""One in five sendMessage and editMessageText calls fails — a 429, a 500, a dropped connection,
or an answer lost after Telegram stored the message — across a resident's report and the
officer's work on it: every reply and every card still arrives, and a message shows twice only
where Telegram stored it but its answer was lost."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest

from bot.fake_telegram import FakeTelegram
from cases import invites
from cases.clock import MovableClock
from tests.e2e.test_officials_e2e import expect, report_to_the_description, step
from tests.flows.intake_helpers import HANCHANGBA
from tests.support.e2e import RunningBot


@contextlib.asynccontextmanager
async def time_passing(clock: MovableClock) -> AsyncIterator[None]:
    """The app's clock moves while the test waits — ten times as fast as real time — so retries
    after a 429 or a backoff fall due (the test clock is otherwise frozen)."""

    async def tick() -> None:
        while True:
            await asyncio.sleep(0.1)
            clock.advance(timedelta(seconds=1))

    ticker = asyncio.create_task(tick())
    try:
        yield
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker


def duplicates(user: Any) -> list[int]:
    """Ids of messages the chat then received again at once (a retried send; the menu shown
    again later in the journey is not a duplicate)."""
    sent = user.messages
    return [a.message_id for a, b in itertools.pairwise(sent) if a.plain == b.plain]


@pytest.mark.parametrize("seed", [11, 29])
async def test_a_report_and_its_casework_survive_one_call_in_five_failing(
        bot: RunningBot, fake: FakeTelegram, clock: MovableClock, seed: int) -> None:
    officer = fake.user(user_id=8901, first_name="李信息员", language_code="zh-hans")
    resident = fake.user(user_id=8902, first_name="王秀英", language_code="zh-hans")
    async with bot.app.db.begin() as tx:
        code = await invites.issue(tx, role="officer", division_code=HANCHANGBA, created_by=None,
                                   now=clock.now(), valid_for=timedelta(hours=1))
    faults = fake.faults.random_faults(methods=("sendMessage", "editMessageText"), rate=0.2, seed=seed)
    async with time_passing(clock):
        await step(bot, officer, "欢迎", "send_text", f"/join {code}")
        await report_to_the_description(bot, resident)
        await step(bot, resident, "第 8 步", "press", "跳过")
        await step(bot, resident, "请核对", "press", "否")
        card = expect(bot, officer, "NC-2026-000001")
        await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")
        await card  # the card, through the outbox
        receipt = expect(bot, resident, "已由村里的工作人员受理")
        # The card's own words: under faults the accept notice on it may be overwritten by the
        # card's refresh before a test could see it (the toast says it too).
        await step(bot, officer, "已受理，待走访", "press", "✅ 受理")
        await receipt
        await step(bot, officer, "只点有问题的项", "press", "🏠 记录走访")
        await step(bot, officer, "年人均纯收入", "press", "✔ 完成")
        await step(bot, officer, "走访情况", "send_text", "5000")
        visited = expect(bot, resident, "工作人员已到您家")
        await step(bot, officer, "还可以接着写", "send_text", "老人住院")
        await step(bot, officer, "走访已记录", "press", "✔ 完成")
        await visited
        await step(bot, officer, "纳入哪一类", "press", "📝 提出认定意见")
    faults.stop()
    assert sum(faults.injected.values()) >= 5, faults.injected  # the run really was faulty
    lost = set(faults.lost_message_ids)
    for user in (resident, officer):
        assert set(duplicates(user)) <= lost, user.transcript()
