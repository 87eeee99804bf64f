"""The running bot: wire the app, start the adapter, poll until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress

from bot.adapters.factory import ChatAdapter, make_adapter
from bot.app import App, ConfigError, build_app
from bot.settings import Settings
from bot.webhook import serve_webhook
from cases.clock import Clock

log = logging.getLogger(__name__)

TOKEN_HELP = (
    "BOT_TOKEN is not set. Get a token from @BotFather in Telegram (/newbot) and put it in .env "
    "as BOT_TOKEN=…  — or try the bot without a token: python -m bot sandbox"
)


def require_token(settings: Settings) -> str:
    token = settings.telegram.bot_token
    if token is None or not token.get_secret_value().strip():
        raise ConfigError(TOKEN_HELP)
    return token.get_secret_value().strip()


async def start_bot(app: App, token: str) -> ChatAdapter:
    """Create and start the configured adapter (getMe, webhook off, command menu)."""
    telegram = app.settings.telegram
    adapter = make_adapter(telegram.bot_framework, app.core, token, telegram.telegram_api_base,
                           telegram.poll_timeout)
    app.services.bot_username = await adapter.start()
    return adapter


async def run_bot(settings: Settings, *, clock: Clock | None = None, with_scheduler: bool = True,
                  stop: asyncio.Event | None = None) -> None:
    """`python -m bot run`: long polling, the outbox dispatcher and (by default) the scheduler."""
    token = require_token(settings)
    app = await build_app(settings, clock)
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    adapter = await start_bot(app, token)
    background = await _start_background(app, adapter, with_scheduler)
    telegram = settings.telegram
    webhook = None
    if telegram.webhook_url:
        secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret else None
        await adapter.set_webhook(telegram.webhook_url, secret)
        webhook = await serve_webhook(adapter, telegram.webhook_host, telegram.webhook_port, secret)
        polling = asyncio.create_task(stop.wait())
    else:
        polling = asyncio.create_task(adapter.poll())
    log.info("bot @%s running (%s, %s)", adapter.username, telegram.bot_framework,
             "webhook" if webhook else "long polling")
    stopper = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await adapter.stop()
        if webhook is not None:
            await webhook.cleanup()
        with suppress(asyncio.CancelledError):
            await polling
        stopper.cancel()
        if background is not None:
            await background.stop()
        await adapter.close()
        await app.close()


async def _start_background(app: App, adapter: ChatAdapter, with_scheduler: bool):  # type: ignore[no-untyped-def]
    """The outbox dispatcher always; the timed jobs unless --no-scheduler."""
    from scheduler.service import start_background

    return await start_background(app, {adapter.channel: adapter}, with_scheduler=with_scheduler)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
