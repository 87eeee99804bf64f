"""The web channel's HTTP side (aiohttp, like the webhook and /metrics): the page, its static
files, and a small JSON API the page talks to.

  GET  /                 the page (sets the visitor cookie; embeds the CSRF token)
  GET  /p/<village-sig>  a poster's link: remembers the village, then the page
  GET  /static/…, /font/cjk.otf   the script and style; the Chinese font of last resort
  GET  /api/messages     what waits for this visitor after ?after=N (waits up to ?wait=s);
                         asking after N says everything up to N has been shown (delivered)
  POST /api/send         a typed text or a pressed button, as an update of the flows
  POST /api/upload       a photo or voice note (multipart), stored encrypted, then an update
  POST /api/recover      case number + phone: the case's status on this page again

Every POST needs the CSRF token in X-CSRF-Token and, where the browser sends one, an Origin
of this site. The page is never trusted: it sends what a person did, the flows decide.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import BodyPartReader, web

from bot.pump import UpdatePump
from bot.reports.fonts import CJK_FONT
from bot.web.addresses import client_address
from bot.web.signing import PosterSigner, Signer
from bot.web.transport import WebTransport
from bot.web.uploads import Refused, check_upload
from bot.web.windows import Windows
from cases.reclaim import reclaim
from chat.web import CHANNEL, UPDATE_KEY
from handlers.services import Services
from handlers.validate import normalise_phone
from i18n.render import language_for
from storage import web as web_repo
from storage.upload_files import UploadStore

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
VISITOR_COOKIE = "sn_v"
POSTER_COOKIE = "sn_p"
YEAR = 365 * 24 * 3600
MAX_WAIT = 20.0  # seconds a page's ask for news is held open
HANDLE_WAIT = 15.0  # seconds a post waits for its update to be handled
MAX_JSON = 16 * 1024
PAGE_WORDS = ("title", "intro", "placeholder", "send", "photo", "voice", "voice_stop",
              "phone_placeholder", "location", "cancel", "recover_open", "recover_title",
              "recover_ref", "recover_phone", "recover_button", "offline", "expired",
              "you_photo", "you_voice", "recording")
REF = re.compile(r"[A-Z]{1,8}-\d{4}-\d{6}")


@dataclass
class WebLimits:
    messages_per_minute: int = 30
    new_visitors_per_hour: int = 20
    ip_factor: int = 20
    uploads_per_day: int = 20
    upload_max_bytes: int = 5 * 1024 * 1024
    recover_per_hour: int = 5


@dataclass
class WebChannel:
    """What the routes share."""

    services: Services
    pump: UpdatePump
    transport: WebTransport
    uploads: UploadStore
    signer: Signer
    posters: PosterSigner | None
    limits: WebLimits
    base_url: str = ""
    proxy_header: str = ""
    trusted: frozenset[str] = frozenset({"127.0.0.1", "::1"})

    def __post_init__(self) -> None:
        self.windows = Windows()
        # The script's and style's version in their links: WeChat's browser caches hard, and
        # an upgraded server must not talk to last month's script.
        version = hashlib.sha256(b"".join((STATIC / name).read_bytes()
                                          for name in ("app.js", "style.css"))).hexdigest()[:10]
        self._page = (STATIC / "index.html").read_text(encoding="utf-8").replace("{{v}}", version)

    # --- helpers ----------------------------------------------------------------------------

    def lang(self, request: web.Request) -> str:
        return language_for(request.headers.get("Accept-Language", "").split(",")[0].strip(),
                            self.services.default_lang)

    def t(self, request: web.Request, key: str, **params: Any) -> str:
        return self.services.catalogue.text(f"web.{key}", self.lang(request), **params)

    def address(self, request: web.Request) -> str:
        return client_address(request, self.proxy_header, self.trusted)

    def visitor(self, request: web.Request) -> str | None:
        return self.signer.visitor_of(request.cookies.get(VISITOR_COOKIE))

    def refuse(self, request: web.Request, status: int, key: str, **params: Any) -> web.Response:
        return web.json_response({"ok": False, "error": self.t(request, key, **params)},
                                 status=status)

    def set_cookie(self, request: web.Request, response: web.StreamResponse, name: str,
                   value: str) -> None:
        response.set_cookie(name, value, max_age=YEAR, httponly=True, samesite="Lax",
                            secure=self.over_https(request), path="/")

    def over_https(self, request: web.Request) -> bool:
        """The browser reached us over HTTPS (directly, or through the trusted proxy)."""
        if request.scheme == "https":
            return True
        return (request.remote in self.trusted
                and request.headers.get("X-Forwarded-Proto", "").lower() == "https")

    def same_site(self, request: web.Request) -> bool:
        """A POST from this site's page: the Origin header (sent by every browser on a POST
        from a script) names this site, when present."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        # The host is what matters (behind nginx the scheme here is http, the page's https).
        allowed = {request.host.lower()}
        if self.base_url:
            allowed.add(urlsplit(self.base_url).netloc.lower())
        return urlsplit(origin).netloc.lower() in allowed

    def poster_village(self, request: web.Request) -> str | None:
        if self.posters is None:
            return None
        return self.posters.village_of(request.cookies.get(POSTER_COOKIE))

    async def checked_post(self, request: web.Request) -> str | web.Response:
        """The visitor of a POST that passes the CSRF checks and the rate limits."""
        visitor = self.visitor(request)
        if visitor is None:
            return self.refuse(request, 401, "expired")
        if not self.same_site(request) or not self.signer.csrf_ok(
                visitor, request.headers.get("X-CSRF-Token")):
            log.warning("web post refused: CSRF check failed")
            return self.refuse(request, 403, "expired")
        per_visitor = self.limits.messages_per_minute
        if not self.windows.allow(f"v:{visitor}", per_visitor, 60) or not self.windows.allow(
                f"a:{self.address(request)}", per_visitor * self.limits.ip_factor, 60):
            return self.refuse(request, 429, "too_fast")
        return visitor

    def update(self, request: web.Request, visitor: str, key: str, kind: str,
               **fields: Any) -> dict[str, Any]:
        """The raw update recorded in the inbox (sealed) and translated by chat.web."""
        raw: dict[str, Any] = {"update_id": key, "visitor": visitor, "kind": kind,
                               "lang": request.headers.get("Accept-Language", "")[:16]}
        village = self.poster_village(request)
        if village:
            raw["village"] = village
        raw.update(fields)
        return raw

    async def feed(self, raw: dict[str, Any]) -> None:
        """Record the update (then it is owed an answer), and wait for the flows to answer."""
        await self.pump.receive([raw])
        await self.pump.settled(raw["visitor"], HANDLE_WAIT)

    # --- routes -----------------------------------------------------------------------------

    async def page(self, request: web.Request) -> web.StreamResponse:
        visitor = self.visitor(request)
        fresh = None
        if visitor is None:
            # A new visitor per address is limited too: clearing cookies is a new identity.
            hour_limit = self.limits.new_visitors_per_hour
            if not self.windows.allow(f"n:{self.address(request)}", hour_limit, 3600):
                return web.Response(status=429, text=self.t(request, "new_visitors_limit"),
                                    content_type="text/plain", charset="utf-8")
            visitor, fresh = self.signer.new_visitor()
        words = {key: self.t(request, key) for key in PAGE_WORDS}
        html = (self._page.replace("{{lang}}", self.lang(request))
                .replace("{{title}}", escape(words["title"]))
                .replace("{{csrf}}", self.signer.csrf_token(visitor))
                # Inside a <script> block entities are not decoded: JSON with every "<" escaped.
                .replace("{{words}}", json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")))
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-store"
        if fresh is not None:
            self.set_cookie(request, response, VISITOR_COOKIE, fresh)
        return response

    async def poster(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        response = web.Response(status=303, headers={"Location": "/"})
        if self.posters is not None and self.posters.village_of(token):
            self.set_cookie(request, response, POSTER_COOKIE, token)
        else:  # the page opens anyway; the village is asked as usual
            log.info("a poster link with a bad signature was opened")
        return response

    async def messages(self, request: web.Request) -> web.Response:
        visitor = self.visitor(request)
        if visitor is None:
            return self.refuse(request, 401, "expired")
        try:
            last = max(0, int(request.query.get("after", "0")))
            wait = min(MAX_WAIT, max(0.0, float(request.query.get("wait", "0"))))
        except ValueError:
            return web.json_response({"ok": False}, status=400)
        listening = self.transport.listen(visitor)
        try:
            found = await self._messages_after(visitor, last)
            if not found and wait:
                await _wait(listening, wait)
                found = await self._messages_after(visitor, last)
        finally:
            self.transport.unlisten(visitor, listening)
        return web.json_response({"ok": True, "messages": [
            {"id": m.id, "edit_of": m.edit_of, **m.body} for m in found]})

    async def _messages_after(self, visitor: str, last: int) -> list[web_repo.PageMessage]:
        engine, now = self.services.engine, self.services.clock.now()
        async with engine.begin() as tx:
            if last:
                await web_repo.mark_shown(tx, visitor, last, now)
            return await web_repo.after(tx, self.services.cases.cipher, visitor, last)

    async def send(self, request: web.Request) -> web.Response:
        visitor = await self.checked_post(request)
        if isinstance(visitor, web.Response):
            return visitor
        if (request.content_length or 0) > MAX_JSON:
            return web.json_response({"ok": False}, status=413)
        try:
            body = json.loads(await request.text())
        except ValueError:
            return web.json_response({"ok": False}, status=400)
        if not isinstance(body, dict) or not UPDATE_KEY.fullmatch(str(body.get("key", ""))):
            return web.json_response({"ok": False}, status=400)
        kind = body.get("kind")
        if kind == "text" and isinstance(body.get("text"), str):
            raw = self.update(request, visitor, body["key"], "text", text=body["text"])
        elif kind == "button" and isinstance(body.get("data"), str) \
                and isinstance(body.get("message_id"), int):
            raw = self.update(request, visitor, body["key"], "button", data=body["data"],
                              message_id=body["message_id"])
        elif kind == "location" and all(isinstance(body.get(k), (int, float))
                                        for k in ("latitude", "longitude")):
            raw = self.update(request, visitor, body["key"], "location",
                              latitude=body["latitude"], longitude=body["longitude"])
        else:
            return web.json_response({"ok": False}, status=400)
        await self.feed(raw)
        return web.json_response({"ok": True})

    async def upload(self, request: web.Request) -> web.Response:
        visitor = await self.checked_post(request)
        if isinstance(visitor, web.Response):
            return visitor
        limit = self.limits.upload_max_bytes
        mb = round(limit / 1024 / 1024, 1)
        if (request.content_length or 0) > limit + 64 * 1024:
            return self.refuse(request, 413, "upload_too_big", mb=mb)
        fields: dict[str, str] = {}
        data = b""
        try:
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.name == "file":
                    data = await _read_capped(part, limit)
                else:
                    fields[part.name] = (await part.text())[:64]
        except _TooBig:
            return self.refuse(request, 413, "upload_too_big", mb=mb)
        except (ValueError, AssertionError):
            return web.json_response({"ok": False}, status=400)
        kind, key = fields.get("kind"), fields.get("key", "")
        if kind not in ("photo", "voice") or not UPDATE_KEY.fullmatch(key):
            return web.json_response({"ok": False}, status=400)
        try:
            check_upload(kind, data, limit)
        except Refused as refused:
            return self.refuse(request, 413 if refused.reason == "too_big" else 415,
                               f"upload_{refused.reason}", mb=mb)
        now = self.services.clock.now()
        per_day = self.limits.uploads_per_day
        async with self.services.engine.begin() as tx:
            today = await web_repo.uploads_since(tx, visitor, now - timedelta(days=1))
        if today >= per_day or not self.windows.allow(
                f"u:{self.address(request)}", per_day * self.limits.ip_factor, 86400):
            return self.refuse(request, 429, "upload_limit")
        upload_id = await self.uploads.save(data)
        async with self.services.engine.begin() as tx:
            await web_repo.record_upload(tx, upload_id, visitor, kind, len(data), now)
        await self.feed(self.update(request, visitor, key, kind, media=upload_id))
        return web.json_response({"ok": True})

    async def recover(self, request: web.Request) -> web.Response:
        visitor = await self.checked_post(request)
        if isinstance(visitor, web.Response):
            return visitor
        try:
            body = json.loads(await request.text())
        except ValueError:
            return web.json_response({"ok": False}, status=400)
        ref = str(body.get("ref", "") if isinstance(body, dict) else "").strip().upper()[:32]
        phone = normalise_phone(str(body.get("phone", "") if isinstance(body, dict) else "")[:40])
        cipher, engine = self.services.cases.cipher, self.services.engine
        now = self.services.clock.now()
        keys = [cipher.lookup_hash(f"web-recover|address|{self.address(request)}") or "",
                cipher.lookup_hash(f"web-recover|case|{ref}") or ""]
        async with engine.begin() as tx:  # counted before the answer, in its own transaction
            tries = [await web_repo.attempts_since(tx, k, now - timedelta(hours=1)) for k in keys]
            if max(tries) >= self.limits.recover_per_hour:
                return self.refuse(request, 429, "recover_limit")
            await web_repo.record_attempt(tx, keys, now)
        found = False
        if REF.fullmatch(ref) and phone:
            async with engine.begin() as tx:
                found = await reclaim(tx, self.services.cases, ref=ref, phone=phone,
                                      channel=CHANNEL, chat_id=visitor)
        if not found:
            return self.refuse(request, 404, "recover_not_found")
        # The status, as /status answers it on every channel.
        await self.feed(self.update(request, visitor, "rc" + secrets.token_urlsafe(12), "text",
                                    text="/status"))
        return web.json_response({"ok": True})


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
                                "style-src 'self'; script-src 'self'; connect-src 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
}


class _TooBig(Exception):
    pass


async def _read_capped(part: BodyPartReader, limit: int) -> bytes:
    chunks, size = [], 0
    while chunk := await part.read_chunk(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise _TooBig
        chunks.append(chunk)
    return b"".join(chunks)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(event.wait(), seconds)
    except TimeoutError:
        pass


async def _font(_request: web.Request) -> web.StreamResponse:
    """The shipped Chinese font (1.5 MB), listed after the phone's own CJK fonts: a browser
    fetches it only where it has none (a bare Linux box); phones never need it."""
    return web.FileResponse(CJK_FONT, headers={"Cache-Control": "max-age=604800",
                                               "Content-Type": "font/otf"})


def web_app(channel: WebChannel) -> web.Application:
    app = web.Application(client_max_size=channel.limits.upload_max_bytes + 128 * 1024)
    app.router.add_get("/", channel.page)
    app.router.add_get("/p/{token}", channel.poster)
    app.router.add_get("/api/messages", channel.messages)
    app.router.add_post("/api/send", channel.send)
    app.router.add_post("/api/upload", channel.upload)
    app.router.add_post("/api/recover", channel.recover)
    app.router.add_static("/static/", STATIC, show_index=False, follow_symlinks=False)
    app.router.add_get("/font/cjk.otf", _font)

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app.router.add_get("/healthz", health)
    return app
