"""Fixtures for the fake Telegram server tests: a running fake and an httpx client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest_asyncio

from bot.fake_telegram import FakeTelegram

TOKEN = "123456:TEST-token_abc"




@pytest_asyncio.fixture
async def client(fake: FakeTelegram) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client pointed at ``{base}/bot{TOKEN}``."""
    async with httpx.AsyncClient(base_url=f"{fake.base_url}/bot{TOKEN}", timeout=10) as c:
        yield c


async def call(client: httpx.AsyncClient, method: str, **params: Any) -> dict[str, Any]:
    """POST a JSON Bot API call and return the decoded body."""
    response = await client.post(f"/{method}", json=params)
    body = response.json()
    assert response.status_code == (200 if body["ok"] else body["error_code"])
    return body
