"""`python -m bot run` with WEB_PORT serves the page beside Telegram in one process;
`python -m bot web` says what is missing without WEB_PORT."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from tests.conftest import TEST_KEY
from tests.ops.test_metrics import bot_running, free_port
from tests.support.e2e import TOKEN, say
from tests.support.web import WebVisitor


@pytest.mark.e2e
async def test_run_serves_telegram_and_the_page(db_url: str, fake: FakeTelegram,
                                                tmp_path: Path) -> None:
    port = free_port()
    settings = Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                        bot_token=TOKEN, telegram_api_base=fake.base_url, poll_timeout=1,
                        web_port=port, web_secret="s", web_upload_dir=str(tmp_path / "up"))
    async with bot_running(settings):
        user = fake.user(user_id=9151, first_name="李", language_code="zh")
        await say(user, "send_text", "/start", words="同意", wait=60)
        async with WebVisitor(f"http://127.0.0.1:{port}", {}) as visitor:
            async with asyncio.timeout(30):
                while True:  # the page comes up with the bot
                    try:
                        await visitor.open()
                        break
                    except OSError:
                        await asyncio.sleep(0.2)
            status, _ = await visitor.send("text", text="/start")
            assert status == 200
            await visitor.wait_for("您同意吗", 0)


def test_web_without_a_port_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'w.db'}")
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    monkeypatch.delenv("WEB_PORT", raising=False)
    assert main(["web"]) == 2
    assert "WEB_PORT" in capsys.readouterr().err
