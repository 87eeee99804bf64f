"""Pick the adapter named by BOT_FRAMEWORK."""

from __future__ import annotations

from typing import Protocol

from chat.transport import Transport
from i18n.render import Catalogue


class ChatAdapter(Transport, Protocol):
    """What the runner needs from either framework's adapter: a Transport that can start."""

    username: str

    async def start(self) -> str: ...
    async def close(self) -> None: ...
    async def set_webhook(self, url: str, secret: str | None) -> None: ...
    async def delete_webhook(self) -> None: ...


def make_adapter(framework: str, token: str, api_base: str, catalogue: Catalogue) -> ChatAdapter:
    """Import only the framework in use: aiogram alone costs seconds of start-up."""
    if framework == "ptb":
        from bot.adapters.ptb_adapter import PtbAdapter

        return PtbAdapter(token, api_base, catalogue)
    if framework == "aiogram":
        from bot.adapters.aiogram_adapter import AiogramAdapter

        return AiogramAdapter(token, api_base, catalogue)
    raise ValueError(f"BOT_FRAMEWORK must be aiogram or ptb, not {framework!r}")
