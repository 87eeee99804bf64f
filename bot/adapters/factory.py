"""Pick the adapter named by BOT_FRAMEWORK."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import NamedTuple, Protocol

from bot.app import ConfigError
from chat.transport import Transport
from i18n.render import Catalogue


class Framework(NamedTuple):
    module: str  # the adapter's module
    adapter: str  # its class
    package: str  # the framework's top-level import name
    distribution: str  # what pip installs
    extra: str  # the extra of this project that brings it (pyproject.toml)


FRAMEWORKS = {
    "aiogram": Framework("bot.adapters.aiogram_adapter", "AiogramAdapter", "aiogram", "aiogram",
                         "aiogram"),
    "ptb": Framework("bot.adapters.ptb_adapter", "PtbAdapter", "telegram", "python-telegram-bot",
                     "ptb"),
}


class ChatAdapter(Transport, Protocol):
    """What the runner needs from either framework's adapter: a Transport that can start."""

    username: str

    async def start(self) -> str: ...
    async def close(self) -> None: ...
    async def set_webhook(self, url: str, secret: str | None) -> None: ...
    async def delete_webhook(self) -> None: ...


class FrameworkMissing(ConfigError):
    """BOT_FRAMEWORK names a framework that is not installed; the message says what to do."""


# An adapter class: built from (token, api_base, catalogue).
AdapterClass = Callable[[str, str, Catalogue], ChatAdapter]


def adapter_class(framework: str) -> AdapterClass:
    """Import only the framework in use: aiogram alone costs seconds of start-up."""
    if framework not in FRAMEWORKS:
        raise ValueError(f"BOT_FRAMEWORK must be aiogram or ptb, not {framework!r}")
    chosen = FRAMEWORKS[framework]
    try:
        module = importlib.import_module(chosen.module)
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != chosen.package:
            raise  # something else is broken: keep the traceback
        raise FrameworkMissing(
            f"BOT_FRAMEWORK={framework} needs {chosen.distribution}, which is not installed: "
            f"pip install 'safety-net[{chosen.extra}]'") from None
    return getattr(module, chosen.adapter)


def make_adapter(framework: str, token: str, api_base: str, catalogue: Catalogue) -> ChatAdapter:
    return adapter_class(framework)(token, api_base, catalogue)
