"""The whole officials' journey on the real frameworks against the fake Bot API: from the
CLI invite to the closed case, with each receipt reaching the resident's chat."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Coroutine
from contextlib import redirect_stdout
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.cli.main import main as cli
from bot.fake_telegram import FakeTelegram, FakeUser
from bot.settings import Settings
from cases import invites
from cases.clock import MovableClock
from storage import officials as officials_repo
from storage.cases import events_of
from storage.tables import cases
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.support.casework import report_case
from tests.support.e2e import RunningBot, running_bot
from tests.support.fake_wecom import FakeWeCom
from tests.support.wecom import fake_wecom, running_wecom, wecom_settings

WAIT_SECONDS = 20.0


@pytest.fixture
async def wecom(clock: MovableClock) -> AsyncIterator[FakeWeCom]:
    async with fake_wecom(clock) as server:
        yield server


@pytest.fixture
def settings(db_url: str, wecom: FakeWeCom) -> Settings:
    """The officials' own actions, without the programme's steps (评议, 公示, 审定) between
    approval and monitoring: tests/e2e/test_programme_steps_e2e.py plays those. The WeCom
    channel's settings point at the fake WeCom server (only its own test starts the channel)."""
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    programme_inclusion_steps="none", programme_elimination_steps="none",
                    **wecom_settings(wecom))


def expect(bot: RunningBot, user: Any, needle: str) -> Coroutine[Any, Any, str]:
    """From now on, wait until a new or edited bot message in the user's chat shows `needle`
    in its text or on one of its buttons, and return what it shows (outbox messages included:
    the dispatcher is nudged while waiting). What is already there is noted at the call, so a
    message that arrives before the await still counts. Toasts are not waited for: they
    arrive before the message that repeats them, and the next press needs that message."""
    before = {(m.message_id, m.edited) for m in user.all_messages}

    async def wait() -> str:
        deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
        while True:
            for msg in user.all_messages:
                if (msg.message_id, msg.edited) in before:
                    continue
                seen = " ".join([msg.plain, *msg.button_texts(), *msg.reply_keyboard_texts()])
                if needle in seen:
                    return seen
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no new message with {needle!r}:\n{user.transcript()}")
            await bot.settle(1)
            await asyncio.sleep(0.02)

    return wait()


async def step(bot: RunningBot, user: Any, needle: str, action: str, *args: Any) -> str:
    """Act as the user, then wait for a new message showing `needle`: pick a needle only the
    expected answer holds (a step number, a prompt's words), since cards edited meanwhile by
    the outbox show many of the same words."""
    seen = expect(bot, user, needle)
    getattr(user, action)(*args)
    return await seen


def cli_invite(bot: RunningBot, role: str, division: str, monkeypatch: Any) -> str:
    """`python -m bot invite …` against the running bot's database; returns the code."""
    monkeypatch.setenv("DATABASE_URL", bot.app.settings.storage.database_url)
    monkeypatch.setenv("DATA_KEY", bot.app.settings.storage.data_key.get_secret_value())
    monkeypatch.setenv("BOT_USERNAME", "safety_net_bot")
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli(["invite", "--role", role, "--division", division]) == 0
    link = next(word for word in out.getvalue().split() if "t.me/" in word)
    assert link.startswith("https://t.me/safety_net_bot?start=")
    return link.split("start=", 1)[1]



async def report_to_the_description(bot: RunningBot, resident: FakeUser) -> None:
    """A self-report for 王秀英 in 汉场坝村, up to the question that asks what happened."""
    await step(bot, resident, "同意", "send_text", "/start")
    await step(bot, resident, "申报本户困难", "press", "✅ 同意")
    await step(bot, resident, "第 1 步", "press", "🏠 申报本户困难")
    await step(bot, resident, "第 2 步", "press", "木凉镇")
    await step(bot, resident, "第 3 步", "press", "汉场坝村")
    await step(bot, resident, "第 4 步", "send_text", "王秀英")
    await step(bot, resident, "第 5 步", "share_contact", "+8613800138000")
    await step(bot, resident, "第 6 步", "press", "3")
    await step(bot, resident, "✅ 因病", "press", "因病")
    await step(bot, resident, "第 7 步", "press", "完成")

async def test_from_cli_invite_to_risk_eliminated(bot: RunningBot, clock: MovableClock,
                                                   monkeypatch: Any) -> None:
    officer = bot.fake.user(user_id=8101, first_name="李信息员", language_code="zh-hans")
    await officer_journey(bot, clock, monkeypatch, officer)


@pytest.mark.parametrize("combo", [("sqlite", "aiogram")], ids=["aiogram-sqlite"])
async def test_the_officer_works_the_case_in_wecom(app: App, fake: FakeTelegram, wecom: FakeWeCom,
                                                   clock: MovableClock, monkeypatch: Any) -> None:
    """The same journey with the village officer in WeCom (企业微信): they join by sending the
    invite code to the organisation's app, and the case cards, the buttons and their changes
    reach them there; the town lead and the resident stay on Telegram."""
    officer = wecom.user("li.xinxi", name="李信息员")
    async with running_wecom(app, fake, wecom) as running:
        await officer_journey(running.bot, clock, monkeypatch, officer)
    async with app.db.begin() as tx:
        official = await officials_repo.by_user(tx, "wecom", "li.xinxi")
    assert official is not None and (official.chat_id, official.display_name) == \
        ("li.xinxi", "李信息员")  # the name from WeCom's member list, not the userid
    # Cards were changed in place where WeCom allowed it (a fresh code from a press).
    assert any(m.edited for m in officer.all_messages), officer.transcript()


async def officer_journey(bot: RunningBot, clock: MovableClock, monkeypatch: Any,
                          officer: Any) -> None:
    """From the CLI invite to the closed case: `officer` is a Telegram or a WeCom user."""
    lead = bot.fake.user(user_id=8201, first_name="张镇长", language_code="zh-hans")
    resident = bot.fake.user(user_id=8301, first_name="王秀英", language_code="zh-hans")

    code = await asyncio.to_thread(cli_invite, bot, "officer", "汉场坝村", monkeypatch)
    await step(bot, officer, "欢迎", "send_text", f"/join {code}")
    code = await asyncio.to_thread(cli_invite, bot, "town_lead", "木凉镇", monkeypatch)
    await step(bot, lead, "欢迎", "send_text", f"/start {code}")  # the t.me link opens /start

    # The resident declares hardship.
    await report_to_the_description(bot, resident)
    await step(bot, resident, "第 8 步", "press", "跳过")
    await step(bot, resident, "请核对", "press", "否")
    card = expect(bot, officer, "NC-2026-000001")
    await step(bot, resident, "NC-2026-000001", "press", "✅ 提交")

    # The officer's card arrives through the outbox; accept it.
    card = await card
    assert "王秀英" in card and "13800138000" in card and "汉场坝村" in card
    receipt = expect(bot, resident, "已由村里的工作人员受理")
    await step(bot, officer, "您已受理案件", "press", "✅ 受理")
    await receipt

    # Visit, decision.
    await step(bot, officer, "只点有问题的项", "press", "🏠 记录走访")
    await step(bot, officer, "⚠️ 看病", "press", "看病")
    await step(bot, officer, "年人均纯收入", "press", "✔ 完成")
    await step(bot, officer, "走访情况", "send_text", "5000")
    receipt = expect(bot, resident, "工作人员已到您家")
    await step(bot, officer, "还可以接着写", "send_text", "老人住院")
    await step(bot, officer, "走访已记录", "press", "✔ 完成")
    await receipt
    await step(bot, officer, "纳入哪一类", "press", "📝 提出认定意见")
    review = expect(bot, lead, "审核通过")
    await step(bot, officer, "等待镇（街道）审核", "press", "突发严重困难户")

    # The town lead approves from the card the outbox brought.
    await review
    await step(bot, lead, "跳过", "press", "✔ 审核通过")
    receipt = expect(bot, resident, "纳入防止返贫监测帮扶")
    told = expect(bot, officer, "审核通过：突发严重困难户")
    await step(bot, lead, "已审核通过", "press", "跳过")
    await receipt
    assert "添加帮扶措施" in await told  # the notice carries the card to act on

    # Measures and a follow-up.
    for measure in ("低保", "残疾人补贴"):
        await step(bot, officer, "措施类型", "press", "🤝 添加帮扶措施")
        await step(bot, officer, "哪天开始", "press", measure)
        await step(bot, officer, "金额", "press", "今天")
        await step(bot, officer, "结束", "press", "跳过")
        await step(bot, officer, "帮扶措施已添加", "press", "跳过")
    await step(bot, officer, "什么时候", "press", "📅 安排回访")
    await step(bot, officer, "回访已安排", "press", "30 天后")

    # Half a year on: a follow-up visit above the income line, then closure. Nothing may be
    # in flight when the clock jumps (a lease would lapse at once: a reply sent twice, or a
    # card refreshed after the jump that shows "overdue" before the /case answer does).
    await bot.quiet()
    clock.advance(timedelta(days=181))
    await step(bot, officer, "已逾期：回访", "send_text", "/case NC-2026-000001")
    assert sum("回访已安排" in m.plain for m in officer.messages) == 1, officer.transcript()
    await step(bot, officer, "只点有问题的项", "press", "🏠 记录走访")
    await step(bot, officer, "年人均纯收入", "press", "✔ 完成")
    await step(bot, officer, "走访情况", "send_text", "9000")
    await step(bot, officer, "走访已记录", "press", "✔ 完成")
    await step(bot, officer, "原因是", "press", "🔒 办结")
    receipt = expect(bot, resident, "已办结：风险消除")
    await step(bot, officer, "案件已办结", "press", "风险消除")
    await receipt
    async with bot.app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert (row.stage, row.closed_reason, row.category) == ("closed", "risk_eliminated", "sudden")
    assert not bot.fake.unanswered_callbacks()


async def open_case(app: App, *, resident_chat: int | None = None) -> None:
    """A case reported in 汉场坝村 through intake, as any report is (its cards are queued);
    with resident_chat, a self-report whose receipts go to that chat."""
    await report_case(app, village=HANCHANGBA, town=MULIANG, resident_chat=resident_chat)


async def test_double_tap_misuse_and_refused_closure_over_telegram(bot: RunningBot,
                                                                  monkeypatch: Any) -> None:
    officer = bot.fake.user(user_id=8102, first_name="李信息员", language_code="zh-hans")
    other = bot.fake.user(user_id=8103, first_name="冒用者", language_code="zh-hans")
    code = await asyncio.to_thread(cli_invite, bot, "officer", HANCHANGBA, monkeypatch)
    await step(bot, officer, "欢迎", "send_text", f"/join {code}")
    await step(bot, other, "已经用过了", "send_text", f"/join {code}")  # single use

    card = expect(bot, officer, "赵大山")
    await open_case(bot.app)
    await card
    accepted = expect(bot, officer, "您已受理案件")
    stale = expect(bot, officer, "按钮已过期")
    officer.press("✅ 受理")
    officer.press("✅ 受理")  # a double tap before the first answer
    await accepted
    await stale
    async with bot.app.db.begin() as tx:
        actions = [e.action for e in await events_of(tx, 1)]
    assert actions.count("accepted") == 1

    # Closing an unmonitored case as "risk eliminated" is refused, and says why.
    await step(bot, officer, "原因是", "press", "🔒 办结")
    refused = await step(bot, officer, "还不能", "press", "风险消除")
    assert "帮扶措施" in refused and "监测满" in refused
    async with bot.app.db.begin() as tx:
        assert (await tx.execute(select(cases.c.stage))).scalar() == "accepted"
    # A forged button for the same case from someone who is no official.
    await step(bot, other, "只对工作人员开放", "press_on", other.last.message_id, "c:close:1:9")
    assert not bot.fake.unanswered_callbacks()


async def test_a_receipt_queued_before_a_stop_is_sent_after_the_restart(
        app: App, fake: FakeTelegram, framework: str) -> None:
    officer = fake.user(user_id=8104, first_name="李信息员", language_code="zh-hans")
    resident = fake.user(user_id=8304, first_name="王秀英", language_code="zh-hans")
    async with app.db.begin() as tx:
        code = await invites.issue(tx, role="officer", division_code=HANCHANGBA, created_by=None,
                                   now=app.services.clock.now(), valid_for=timedelta(hours=1))
    # First run: the bot answers, but no dispatcher sends the outbox (the process "stops"
    # between the change and the send).
    async with running_bot(app, fake, framework, with_background=False) as first:
        await step(first, officer, "欢迎", "send_text", f"/join {code}")
        await open_case(app, resident_chat=resident.chat_id)
        await step(first, officer, "赵大山", "send_text", "/case NC-2026-000001")
        await step(first, officer, "您已受理案件", "press", "✅ 受理")
    assert resident.messages == []
    # After the restart the queued receipt goes out, once.
    async with running_bot(app, fake, framework) as second:
        await expect(second, resident, "已由村里的工作人员受理")
        await second.settle(3)
    assert len([m for m in resident.messages if "受理" in m.plain]) == 1
