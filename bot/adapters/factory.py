"""Pick the adapter named by BOT_FRAMEWORK."""

from __future__ import annotations

from typing import Protocol

from handlers.engine import Engine
from scheduler.transport import Transport


class ChatAdapter(Transport, Protocol):
    """What the runner needs from either framework's adapter."""

    username: str

    async def start(self) -> str: ...
    async def poll(self) -> None: ...
    async def stop(self) -> None: ...
    async def close(self) -> None: ...
    async def feed_update(self, raw: dict) -> None: ...
    async def set_webhook(self, url: str, secret: str | None) -> None: ...


def make_adapter(framework: str, core: Engine, token: str, api_base: str,
                 poll_timeout: int = 30) -> ChatAdapter:
    """Import only the framework in use: aiogram alone costs seconds of start-up."""
    if framework == "ptb":
        from bot.adapters.ptb_adapter import PtbAdapter

        return PtbAdapter(core, token, api_base, poll_timeout)
    if framework == "aiogram":
        from bot.adapters.aiogram_adapter import AiogramAdapter

        return AiogramAdapter(core, token, api_base, poll_timeout)
    raise ValueError(f"BOT_FRAMEWORK must be aiogram or ptb, not {framework!r}")
