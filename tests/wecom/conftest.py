"""The WeCom channel's tests: the fake WeCom server, and settings that point at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from cases.clock import MovableClock
from tests.conftest import TEST_KEY
from tests.support.fake_wecom import FakeWeCom
from tests.support.wecom import WeComBot, fake_wecom, running_wecom, wecom_settings


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def wecom(clock: MovableClock) -> AsyncIterator[FakeWeCom]:
    async with fake_wecom(clock) as server:
        yield server


@pytest.fixture
def settings(db_url: str, wecom: FakeWeCom) -> Settings:
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    **wecom_settings(wecom))


@pytest.fixture
async def running(app: App, fake: FakeTelegram, wecom: FakeWeCom) -> AsyncIterator[WeComBot]:
    async with running_wecom(app, fake, wecom) as bot:
        yield bot
