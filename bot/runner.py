"""The running bot: wire the app, start the adapter and the edge, poll (or serve the webhook)
until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress
from typing import TYPE_CHECKING

from bot.adapters.factory import ChatAdapter, adapter_class, make_adapter
from bot.app import App, ConfigError, build_app
from bot.chat_claims import ClaimTimes
from bot.edge import start_edge
from bot.poll_lease import PollLease
from bot.settings import Settings
from bot.startup import resume_gc
from cases.clock import Clock
from chat.transport import SendFailure, Transport

if TYPE_CHECKING:
    from bot.health_server import OpsServer
    from bot.wecom.channel import RunningWeCom
    from bot.wecom.transport import WeComTransport

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


async def start_bot(app: App, token: str, stop: asyncio.Event | None = None) -> ChatAdapter:
    """Create and start the configured adapter (getMe, command menu). An unreachable Bot API
    server is retried with backoff, said in one line a minute, until it answers or `stop`."""
    telegram = app.settings.telegram
    adapter = make_adapter(telegram.bot_framework, token, telegram.telegram_api_base,
                           app.services.catalogue)
    pause, said = 1.0, -60.0
    loop = asyncio.get_running_loop()
    while True:
        try:
            app.services.bot_username = await adapter.start()
            return adapter
        except SendFailure as failure:
            resume_gc()  # waiting for the Bot API may take long: start-up is over anyway
            if failure.kind not in ("network", "server", "retry_after"):
                await adapter.close()
                raise ConfigError(f"the Bot API at {telegram.telegram_api_base} refused the bot "
                                  f"({failure.kind}): check BOT_TOKEN") from failure
            if loop.time() - said >= 60:
                said = loop.time()
                log.warning("cannot reach the Bot API at %s (TELEGRAM_API_BASE): %s; retrying",
                            telegram.telegram_api_base, failure.kind)
        if stop is not None and stop.is_set():
            await adapter.close()
            raise ConfigError("stopped before the Bot API answered")
        await asyncio.sleep(pause)
        pause = min(pause * 2, 30.0)


async def run_bot(settings: Settings, *, clock: Clock | None = None, with_scheduler: bool = True,
                  stop: asyncio.Event | None = None) -> None:
    """`python -m bot run`: long polling (or the webhook), owed replies, the outbox dispatcher
    and (by default) the scheduler."""
    token = require_token(settings)
    adapter_class(settings.telegram.bot_framework)  # a framework not installed: said before any work
    check_ports(settings)
    app = await build_app(settings, clock)
    stop = stop or asyncio.Event()
    _stop_on_signals(stop)
    telegram = settings.telegram
    ops = None
    web_transport = web_channel = None
    wecom_transport: WeComTransport | None = None
    wecom_channel: RunningWeCom | None = None
    lease = None if telegram.webhook_url else PollLease(app.db, telegram.poll_lease_seconds)
    try:
        if lease is not None:  # before any work: a second poller refuses here
            await lease.acquire()
            lease_watch = asyncio.create_task(_stop_when(lease.lost, stop))
        if settings.ops.metrics_port:
            ops = await start_ops(app)
        adapter = await start_bot(app, token, stop)
        if settings.web.web_port:  # the web page in this process too (README: Channels)
            from bot.web.channel import make_transport

            web_transport = make_transport(app)
        others: dict[str, Transport] = {"web": web_transport} if web_transport else {}
        if settings.wecom.callback_port:  # WeCom's callbacks in this process too (README: Channels)
            from bot.wecom.channel import make_transport as make_wecom

            wecom_transport = make_wecom(app)
            others["wecom"] = wecom_transport
        edge = await start_edge(app, adapter, token, telegram.telegram_api_base,
                                with_scheduler=with_scheduler,
                                metrics=None if ops is None else ops.metrics,
                                other_channels=others or None,
                                claims=shared_chats(app))
        if web_transport is not None:
            from bot.web.channel import start_web

            web_channel = await start_web(app, web_transport, edge.background.replies)
        if wecom_transport is not None:
            from bot.wecom.channel import start_wecom

            wecom_channel = await start_wecom(app, wecom_transport, edge.background.replies)
    except BaseException:
        if wecom_transport is not None:
            await wecom_transport.close()
        if ops is not None:
            await ops.close()
        if lease is not None:
            await lease.release()
        await app.close()
        raise
    resume_gc()  # start-up is over: the garbage collector runs again
    if ops is not None:
        ops.watch(app.services.clock, lambda: edge.background.scheduler)
    webhook = None
    try:
        if telegram.webhook_url:
            from bot.webhook import serve_webhook  # aiohttp's server: webhook mode only

            secret = telegram.webhook_secret.get_secret_value() if telegram.webhook_secret else None
            webhook = await serve_webhook(edge.pump, telegram.webhook_host, telegram.webhook_port,
                                          secret)
            await adapter.set_webhook(telegram.webhook_url, secret)
            log.info("bot @%s running (%s, webhook)", adapter.username, telegram.bot_framework)
            await stop.wait()
        else:
            log.info("bot @%s running (%s, long polling)", adapter.username, telegram.bot_framework)
            await edge.poll(stop, telegram.poll_timeout)
    finally:
        if web_channel is not None:
            await web_channel.close()
        if wecom_channel is not None:
            await wecom_channel.close()
        if webhook is not None:
            await webhook.cleanup()
        if ops is not None:
            await ops.close()
        await edge.close()
        if wecom_transport is not None:
            await wecom_transport.close()
        if lease is not None:
            lease_watch.cancel()
            await lease.release()
        await app.close()


def shared_chats(app: App) -> ClaimTimes | None:
    """Webhook workers on PostgreSQL may be several: each chat is claimed by one at a time.
    SQLite (one process) and long polling (one poller) keep the in-memory order alone."""
    telegram = app.settings.telegram
    if not telegram.webhook_url or app.db.dialect.name != "postgresql":
        return None
    return ClaimTimes(telegram.worker_claim_seconds, telegram.worker_sweep_seconds)


async def _stop_when(lost: asyncio.Event, stop: asyncio.Event) -> None:
    """A poller that lost its lease (it stalled past it and another took over) stops."""
    await lost.wait()
    stop.set()


def check_ports(settings: Settings) -> None:
    """Metrics are never served on the webhook's port (that one faces Telegram)."""
    ops, telegram = settings.ops, settings.telegram
    if ops.metrics_port and telegram.webhook_url and ops.metrics_port == telegram.webhook_port:
        raise ConfigError(f"METRICS_PORT and WEBHOOK_PORT are both {ops.metrics_port}: give "
                          "the metrics a port of their own (they never share the webhook's)")
    web_port = settings.web.web_port
    if web_port and web_port in (ops.metrics_port, telegram.webhook_url and telegram.webhook_port):
        raise ConfigError(f"WEB_PORT {web_port} is taken by METRICS_PORT or WEBHOOK_PORT: give "
                          "the web page a port of its own")
    wecom_port = settings.wecom.callback_port
    if wecom_port and wecom_port in (ops.metrics_port, web_port,
                                     telegram.webhook_url and telegram.webhook_port):
        raise ConfigError(f"WECOM_CALLBACK_PORT {wecom_port} is taken by METRICS_PORT, WEB_PORT "
                          "or WEBHOOK_PORT: give WeCom's callbacks a port of their own")
    if wecom_port and settings.wecom.missing():
        raise ConfigError(f"WECOM_CALLBACK_PORT is set but {', '.join(settings.wecom.missing())} "
                          "are not (README: Channels)")


async def start_ops(app: App) -> OpsServer:
    """/metrics and /healthz on METRICS_HOST:METRICS_PORT (prometheus_client and the server
    are imported only then)."""
    from bot.health_server import OpsServer
    from bot.metrics import Metrics

    host, port = app.settings.ops.metrics_host, app.settings.ops.metrics_port
    assert port is not None
    ops = OpsServer(app.db, Metrics())
    try:
        await ops.start(host, port)
    except OSError as exc:
        raise ConfigError(f"cannot serve metrics on {host}:{port} (METRICS_HOST, METRICS_PORT): "
                          f"{exc.strerror or exc}") from exc
    return ops


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
