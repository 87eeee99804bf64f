"""The operations endpoint of a bot process, on METRICS_HOST:METRICS_PORT (off when the port is
unset), in polling and in webhook mode alike — never on the webhook's port:

- `GET /metrics`: Prometheus text format (bot/metrics.py);
- `GET /healthz`: 200 "ok" when the database answers `SELECT 1` within a second, else 503.

It binds to 127.0.0.1 unless METRICS_HOST says otherwise: the figures are for the machine's
own Prometheus (or an SSH tunnel), not for the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.metrics import Metrics

log = logging.getLogger(__name__)

HEALTH_TIMEOUT = 1.0  # seconds the database gets to answer /healthz


async def database_answers(db: AsyncEngine, within: float = HEALTH_TIMEOUT) -> bool:
    """Does the database answer SELECT 1 within `within` seconds (a pool wait included)?"""
    try:
        async with asyncio.timeout(within):
            async with db.connect() as conn:
                await conn.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


class OpsServer:
    """/metrics and /healthz of one process, plus the task that refreshes the database-wide
    gauges while the bot runs."""

    def __init__(self, db: AsyncEngine, metrics: Metrics) -> None:
        self.db = db
        self.metrics = metrics
        self.port: int | None = None
        self._runner: web.AppRunner | None = None
        self._stop = asyncio.Event()
        self._refresh: asyncio.Task[None] | None = None

    def web_app(self) -> web.Application:
        async def healthz(_request: web.Request) -> web.Response:
            if await database_answers(self.db):
                return web.Response(text="ok")
            return web.Response(status=503, text="database unavailable")

        async def metrics(_request: web.Request) -> web.Response:
            body = generate_latest(self.metrics.registry)
            return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

        app = web.Application()
        app.router.add_get("/healthz", healthz)
        app.router.add_get("/metrics", metrics)
        return app

    async def start(self, host: str, port: int) -> int:
        """Listen; returns the port (the one chosen when `port` is 0)."""
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        try:
            await site.start()
        except OSError:
            await self._runner.cleanup()
            self._runner = None
            raise
        server: Any = site._server  # the bound port, when 0 asked the system for one
        self.port = server.sockets[0].getsockname()[1] if server and server.sockets else port
        log.info("metrics and health on http://%s:%d/metrics and /healthz", host, self.port)
        return self.port

    def watch(self, clock: Any, scheduler: Any) -> None:
        """Refresh the database-wide gauges every ~15 s from now on, and read the leader gauge
        at each scrape; scheduler: a callable returning the process's TimedJobs (or None)."""
        self.metrics.follow_leader(scheduler)
        self._refresh = asyncio.create_task(
            self.metrics.refresh_forever(self.db, clock, self._stop))

    async def close(self) -> None:
        self._stop.set()
        if self._refresh is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._refresh, 5)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
