"""The CLI commands run in-process (`main([...])`) against a SQLite file of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_KEY


@pytest.fixture
def cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_KEY", TEST_KEY)
    monkeypatch.setenv("BOT_USERNAME", "safety_net_bot")
    return url
