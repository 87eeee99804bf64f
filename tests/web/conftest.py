"""The web channel's tests: settings with the web keys, an upload folder of the test's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from tests.conftest import TEST_KEY
from tests.support.web import WebBot, running_web

POSTER_KEY = "poster-key-for-tests"
BASE_URL = "https://sn.example.cn"


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the journeys test PostgreSQL on Telegram; the web adds no SQL of its own kind


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    web_secret="web-secret-for-tests", poster_key=POSTER_KEY,
                    web_base_url=BASE_URL, web_upload_dir=str(tmp_path / "uploads"))


@pytest.fixture
async def web(app: App, fake: FakeTelegram) -> AsyncIterator[WebBot]:
    async with running_web(app, fake) as running:
        yield running
