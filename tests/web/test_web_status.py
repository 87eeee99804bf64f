"""`python -m bot status` with web visitors but no web process running: their messages wait
on the page (no push) and are counted there, not as an outbox backlog that fails the check."""

from __future__ import annotations

import argparse

import pytest

from bot.app import App
from bot.cli import status
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import running_bot, shown
from tests.support.web import running_web
from tests.web.helpers import web_self_report

OFFICER = 9721


async def test_status_counts_web_notices_as_waiting_on_the_page_not_as_backlog(
        app: App, settings: Settings, fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    await add_official(app, user_id=OFFICER, division=HANCHANGBA)
    async with running_web(app, fake) as web, web.visitor() as visitor:
        await visitor.open()
        assert "NC-2026-000001" in await web_self_report(visitor, photo=None, voice=None)
    # The web process has stopped; the Telegram bot runs on. The officer accepts the case:
    # the visitor's receipt can only wait for the page.
    async with running_bot(app, fake, "aiogram") as bot:
        officer = bot.fake.user(user_id=OFFICER, first_name="村干部", language_code="zh-hans")
        card = officer.wait_for(lambda m: "✅ 受理" in shown(m), timeout=15)
        officer.send_text("/case NC-2026-000001")
        await card
        accepted = officer.wait_for(lambda m: "您已受理" in shown(m), timeout=15)
        officer.press("✅ 受理")
        await accepted
        await bot.settle()

    monkeypatch.setenv("DATABASE_URL", settings.storage.database_url)
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    monkeypatch.setenv("OUTBOX_ALERT_BACKLOG", "1")  # one message behind would fail the check
    capsys.readouterr()
    assert await status.run(argparse.Namespace()) == 0
    out = capsys.readouterr().out
    assert "outbox backlog: 0 due" in out, out
    assert "1 not yet handed to the page (is `python -m bot web` running?)" in out, out
