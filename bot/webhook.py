"""Webhook mode: Telegram posts updates to this process; several such workers can sit behind a
load balancer because all state is in the database (PostgreSQL at that scale).

An update is answered 200 only once it is recorded in the inbox: Telegram retries anything
else, so a crash before the record loses nothing. Handling happens after the answer.
"""

from __future__ import annotations

import hmac
import logging
from typing import Any

from aiohttp import web

from bot.pump import UpdatePump

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_app(pump: UpdatePump, secret: str | None) -> web.Application:
    """An aiohttp app with one route that records updates for the pump."""

    async def receive(request: web.Request) -> web.Response:
        """Check Telegram's secret header, record the update, then answer 200."""
        if secret and not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return web.Response(status=401)
        try:
            raw: Any = await request.json()
        except ValueError:
            return web.Response(status=400)
        if not isinstance(raw, dict) or "update_id" not in raw:
            return web.Response(status=400)
        try:
            await pump.receive([raw])
        except Exception:
            log.exception("could not record a webhook update; Telegram will send it again")
            return web.Response(status=503)
        return web.Response(text="ok")

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application(client_max_size=1024 * 1024)
    app.router.add_post(WEBHOOK_PATH, receive)
    app.router.add_get("/healthz", health)
    return app


async def serve_webhook(pump: UpdatePump, host: str, port: int, secret: str | None) -> web.AppRunner:
    runner = web.AppRunner(webhook_app(pump, secret), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("webhook listening on %s:%d%s", host, port, WEBHOOK_PATH)
    return runner
