"""Shared fixtures: a fresh database per test, the wired app, a frozen clock."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import App, build_app
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from cases.clock import MovableClock
from storage.crypto import generate_key
from tests.support.databases import database_url

TEST_KEY = generate_key()


@pytest.fixture(autouse=True)
def own_logging() -> Iterator[None]:
    """A command run in-process (`main([...])`) configures logging for the whole process;
    undo it after the test so the next test's captured output holds only its own."""
    root = logging.getLogger()
    handlers, level, hook = list(root.handlers), root.level, sys.excepthook
    yield
    sys.excepthook = hook
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Every test that takes `backend` runs on SQLite and on PostgreSQL."""
    return str(request.param)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), frozen=True)


@pytest.fixture
async def db_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    async with database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def settings(db_url: str) -> Settings:
    # Send limits run on the injectable clock: with it frozen, a chat's second message would
    # wait forever. Tests of the limits build their own limiter.
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False)


@pytest.fixture
async def app(settings: Settings, clock: MovableClock) -> AsyncIterator[App]:
    built = await build_app(settings, clock)
    try:
        yield built
    finally:
        await built.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    """The project's fake Bot API server, started on an ephemeral loopback port."""
    server = FakeTelegram(bot_username="safety_net_bot")
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
