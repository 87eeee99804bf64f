"""WeCom's callback URL: the URL check (GET with echostr) and the callbacks (POST).

A callback is checked (signature), opened (AES), recorded in the inbox and answered at once
with an empty 200 — WeCom waits 5 seconds and then sends it again, three times; the flows
handle it after the answer. A redelivered callback has the same MsgId (or, for a button
event, the same sender, time and key) and is recorded once. A callback that fails the check
is answered 403 and logged without its content.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.pump import UpdatePump
from chat.wecom_crypto import WeComCryptoError, WXBizMsgCrypt, parse_xml

log = logging.getLogger(__name__)

CALLBACK_PATH = "/wecom/callback"
MAX_BODY = 64 * 1024
# WeCom signs the time it sent a callback; one signed days ago is a replay (WeCom retries
# within seconds), refused even when the inbox no longer remembers its key.
MAX_AGE = 24 * 3600.0

# Sees (and may add to) each callback before it is recorded: a press's fresh response code,
# the sender's name.
OnRaw = Callable[[dict[str, str]], Awaitable[None]]


def fresh(timestamp: str) -> bool:
    """A callback signed within MAX_AGE of now (the wall clock: WeCom's)."""
    return timestamp.isdigit() and abs(time.time() - int(timestamp)) <= MAX_AGE


def callback_app(crypt: WXBizMsgCrypt, pump: UpdatePump, on_raw: OnRaw) -> web.Application:
    def signed(request: web.Request) -> tuple[str, str, str]:
        query = request.query
        return query.get("msg_signature", ""), query.get("timestamp", ""), query.get("nonce", "")

    async def verify(request: web.Request) -> web.Response:
        """The URL check when the callback is saved in WeCom's admin console."""
        try:
            echo = crypt.verify_url(*signed(request), request.query.get("echostr", ""))
        except WeComCryptoError as refused:
            log.warning("refused a WeCom URL check: %s", refused)
            return web.Response(status=403)
        return web.Response(text=echo)

    async def receive(request: web.Request) -> web.Response:
        try:
            body = await request.content.read(MAX_BODY + 1)
            if len(body) > MAX_BODY:
                raise WeComCryptoError("too large")
            raw = parse_xml(crypt.decrypt_msg(*signed(request), body))
            if not fresh(request.query.get("timestamp", "")):
                raise WeComCryptoError("signed too long ago")
        except WeComCryptoError as refused:  # the reason, never the body
            log.warning("refused a WeCom callback: %s", refused)
            return web.Response(status=403)
        flat = {k: v for k, v in raw.items() if isinstance(v, str)}
        try:
            await on_raw(flat)
            await pump.receive([flat], once=True)
        except Exception:
            log.exception("could not record a WeCom callback; WeCom will send it again")
            return web.Response(status=503)
        return web.Response(text="")  # WeCom's "received": nothing to reply passively

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_get(CALLBACK_PATH, verify)
    app.router.add_post(CALLBACK_PATH, receive)
    return app
