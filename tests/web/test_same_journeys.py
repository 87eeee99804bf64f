"""The resident's journeys pass the same script on Telegram (both frameworks, the fake Bot API)
and on the web page: a self-report with a photo, a neighbour report, and /status. The village
officer, on Telegram, receives the new case's card either way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.fake_telegram import FakeTelegram
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import running_bot, shown
from tests.support.web import running_web
from tests.web.residents import Resident, TelegramResident, WebResident

OFFICER = 9801
JPEG = (Path(__file__).resolve().parents[2] / "bot" / "sandbox" / "static" / "sample.jpg").read_bytes()


@pytest.fixture(params=["aiogram", "ptb", "web"])
def channel(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def journey(app: App, fake: FakeTelegram, channel: str
                  ) -> AsyncIterator[tuple[Resident, FakeTelegram]]:
    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    if channel == "web":
        async with running_web(app, fake) as web:
            async with web.visitor() as visitor:
                await visitor.open("/")
                yield WebResident(visitor), fake
    else:
        async with running_bot(app, fake, channel):
            yield TelegramResident(fake.user(user_id=7801, first_name="王秀英",
                                             language_code="zh-hans")), fake


async def agree(resident: Resident) -> None:
    await resident.do("text", "/start", words="您同意吗")
    await resident.do("press", "✅ 同意", words="请选择您要办理的事项")


async def test_self_report_then_status(journey: tuple[Resident, FakeTelegram], app: App) -> None:
    resident, fake = journey
    officer = fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    await agree(resident)
    await resident.do("press", "🏠 申报本户困难", words="第 1 步")
    await resident.do("press", "木凉镇", words="第 2 步")
    await resident.do("press", "汉场坝村", words="第 3 步")
    await resident.do("text", "王秀英", words="第 4 步")
    await resident.do("text", "138 0013 8000", words="第 5 步")  # typed, as a page sends it
    await resident.do("press", "3", words="第 6 步")
    await resident.do("press", "因病", words="✅ 因病")
    await resident.do("press", "完成", words="第 7 步")
    await resident.do("photo", JPEG, words="共 1 个")
    await resident.do("press", "✔ 完成", words="第 8 步")
    await resident.do("press", "是", words="什么事这么急")
    await resident.do("press", "跳过", words="请核对您的申报")
    card = officer.wait_for(lambda m: "NC-2026-000001" in shown(m), timeout=15)
    await resident.do("press", "✅ 提交", words="请选择您要办理的事项")
    assert "NC-2026-000001" in resident.recent(3)
    await card  # the officer's card, on Telegram, whichever channel the resident used
    async with app.db.begin() as tx:
        row = (await tx.execute(select(cases))).one()
    assert row.media and row.media[0]["kind"] == "photo"
    await resident.do("text", "/status", words="请选择您要办理的事项")
    assert "NC-2026-000001" in resident.recent(2)


async def test_neighbour_report(journey: tuple[Resident, FakeTelegram]) -> None:
    resident, fake = journey
    officer = fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
    await agree(resident)
    await resident.do("text", "/neighbour", words="第 1 步")
    await resident.do("press", "木凉镇", words="第 2 步")
    await resident.do("press", "汉场坝村", words="第 3 步")
    await resident.do("text", "李老汉", words="第 4 步")
    await resident.do("press", "不清楚", words="第 5 步")
    await resident.do("press", "因病", words="✅ 因病")
    await resident.do("press", "完成", words="第 6 步")
    await resident.do("text", "老人独居，最近生病没人照顾", words="第 7 步")
    await resident.do("press", "不知道", words="第 8 步")
    await resident.do("press", "🔒 不用联系我（匿名）", words="请核对您的反映")
    card = officer.wait_for(lambda m: "邻里反映" in shown(m), timeout=15)
    await resident.do("press", "✅ 提交", words="请选择您要办理的事项")
    assert "谢谢您" in resident.recent(3)
    await card
    await resident.do("text", "/status", words="请选择您要办理的事项")
    assert "1" in resident.recent(2)
