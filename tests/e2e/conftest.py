"""End-to-end runs: SQLite on both frameworks, PostgreSQL on aiogram (keeps CI within minutes)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import App
from bot.fake_telegram import FakeTelegram
from tests.support.e2e import RunningBot, running_bot

COMBOS = [
    pytest.param(("sqlite", "aiogram"), id="aiogram-sqlite"),
    pytest.param(("sqlite", "ptb"), id="ptb-sqlite"),
    pytest.param(("postgres", "aiogram"), id="aiogram-postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=COMBOS)
def combo(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param


@pytest.fixture
def backend(combo: tuple[str, str]) -> str:
    return combo[0]


@pytest.fixture
def framework(combo: tuple[str, str]) -> str:
    return combo[1]


@pytest.fixture
async def bot(app: App, fake: FakeTelegram, framework: str) -> AsyncIterator[RunningBot]:
    async with running_bot(app, fake, framework) as running:
        yield running
