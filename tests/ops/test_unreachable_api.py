"""An unreachable Bot API server at start: one line naming TELEGRAM_API_BASE and the address
tried, then retries with backoff — no traceback, and a stop request is honoured."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest

from bot.app import App, ConfigError
from bot.runner import start_bot


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_the_bot_says_where_it_could_not_reach_and_keeps_trying(
        app: App, framework: str, caplog: pytest.LogCaptureFixture) -> None:
    base = f"http://127.0.0.1:{closed_port()}"
    app.settings.telegram.telegram_api_base = base
    app.settings.telegram.bot_framework = framework  # type: ignore[assignment]  # a Literal setting
    stop = asyncio.Event()
    asyncio.get_running_loop().call_later(2.5, stop.set)  # a few retries, then Ctrl+C
    with caplog.at_level(logging.WARNING), pytest.raises(ConfigError, match="stopped"):
        await start_bot(app, "123456:TEST-token", stop)
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.runner"]
    assert len(lines) == 1, lines  # once a minute, not once a try
    assert "TELEGRAM_API_BASE" in lines[0] and base in lines[0]
    assert not any(r.exc_info for r in caplog.records)  # no traceback
