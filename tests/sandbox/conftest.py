"""One sandbox per test module (starting one costs a second or two), driven over its JSON API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.sandbox.runner import Sandbox, SandboxOptions
from tests.sandbox.api import SandboxApi


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    framework = getattr(request.module, "FRAMEWORK", "aiogram")
    running = Sandbox(SandboxOptions(data_dir=Path(tmp_path_factory.mktemp("sandbox")),
                                     framework=framework, port=0, fresh=True))
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def api(sandbox: Sandbox) -> AsyncIterator[SandboxApi]:
    async with SandboxApi.connect(sandbox) as client:
        yield client
