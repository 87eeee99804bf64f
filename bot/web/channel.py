"""Starting the web channel in a process: its transport, its update pump (the same inbox,
flows and owed replies as Telegram's), its HTTP server, and the janitor that removes what the
retention rules say goes (old page messages, files no case refers to)."""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from bot.app import App, ConfigError
from bot.pump import UpdatePump
from bot.served import listening_port, serve, stop_served
from bot.settings import WebSettings
from bot.web.addresses import parse_trusted
from bot.web.server import WebChannel, WebLimits, web_app
from bot.web.signing import PosterSigner, Signer
from bot.web.transport import WebTransport
from chat.web import CHANNEL, chat_of, event_from_web
from scheduler.replies import ReplySender
from storage import web as web_repo
from storage.upload_files import UploadStore

log = logging.getLogger(__name__)

JANITOR_EVERY = 3600.0  # seconds


def upload_store(app: App) -> UploadStore:
    return UploadStore(Path(app.settings.web.upload_dir), app.services.cases.cipher)


def make_transport(app: App) -> WebTransport:
    services = app.services
    return WebTransport(services.engine, services.cases.cipher, services.clock, upload_store(app),
                        lambda: services.catalogue.text("web.media_note", services.default_lang))


@dataclass
class RunningWeb:
    channel: WebChannel
    runner: web.AppRunner
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def port(self) -> int:
        return listening_port(self.runner)

    async def close(self) -> None:
        await stop_served(self.runner, self.tasks, self.channel.pump)


def signer_of(settings: WebSettings) -> Signer:
    if settings.web_secret is None or not settings.web_secret.get_secret_value():
        log.warning("WEB_SECRET is not set: web visitors' cookies last only until a restart")
        return Signer(secrets.token_urlsafe(32))
    return Signer(settings.web_secret.get_secret_value())


async def start_web(app: App, transport: WebTransport, replies: ReplySender, *,
                    host: str | None = None, port: int | None = None) -> RunningWeb:
    """Serve the page on WEB_HOST:WEB_PORT (or the given address; port 0: any free one)."""
    s = app.settings.web
    services = app.services
    pump = UpdatePump(db=app.db, core=app.core, sender=replies, clock=services.clock,
                      cipher=services.cases.cipher, channel=CHANNEL, translate=event_from_web,
                      chat_of=chat_of, window=services.update_window)
    await pump.recover()
    poster_key = s.poster_key.get_secret_value() if s.poster_key else ""
    channel = WebChannel(
        services=services, pump=pump, transport=transport, uploads=transport.uploads,
        signer=signer_of(s), posters=PosterSigner(poster_key) if poster_key else None,
        limits=WebLimits(s.messages_per_minute, s.new_visitors_per_hour, s.ip_factor,
                         s.uploads_per_day, s.upload_max_bytes, s.recover_per_hour),
        base_url=s.web_base_url, proxy_header=s.trusted_proxy_header,
        trusted=parse_trusted(s.trusted_proxies))
    host = host or s.web_host
    port = s.web_port if port is None else port
    if port is None:
        raise ConfigError("WEB_PORT is not set: the web channel needs a port to serve on")
    runner = await serve(web_app(channel), host, port, what="the web channel",
                         settings="WEB_HOST, WEB_PORT")
    running = RunningWeb(channel, runner)
    running.tasks.append(asyncio.create_task(janitor(app, transport.uploads)))
    log.info("web channel listening on %s:%d", host, running.port)
    return running


async def janitor(app: App, uploads: UploadStore) -> None:
    """Hourly: page messages past WEB_MESSAGES_DAYS, recovery attempts past a day, and upload
    files nothing refers to any more (drafts never sent, anonymised cases)."""
    while True:
        try:
            await clean_up(app, uploads)
        except Exception:
            log.exception("web channel clean-up failed")
        await asyncio.sleep(JANITOR_EVERY)


async def clean_up(app: App, uploads: UploadStore) -> int:
    s = app.settings.web
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        pruned = await web_repo.prune(tx, now, timedelta(days=s.messages_days), timedelta(days=1))
        gone = await web_repo.unreferenced_uploads(tx, now - timedelta(days=s.upload_draft_days))
        await web_repo.forget_uploads(tx, gone)
    for upload_id in gone:  # the rows first: a file without a row is never read
        await uploads.remove(upload_id)
    if pruned or gone:
        log.info("web channel: pruned %d rows, removed %d upload files", pruned, len(gone))
    return len(gone)
