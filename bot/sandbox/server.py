"""The sandbox page and its small JSON API (aiohttp, same process as the bot).

GET  /                         the page (static/index.html; app.js and style.css beside it)
GET  /api/state?v=N&wait=S     every pane; waits up to S seconds for a version above N
POST /api/send     {pane, text}                  a text or a /command
POST /api/press    {pane, message_id, data}      an inline button
POST /api/contact  {pane}                        share my phone number (reply keyboard)
POST /api/location {pane}                        share my location (reply keyboard)
POST /api/photo    multipart pane, file?, caption?   a photo (the sample one without a file)
POST /api/lang     {pane, lang}                  the pane's Telegram language, then /lang
POST /api/clock    {hours}                       fast-forward the sandbox clock
GET  /api/file/{pane}/{ref}    a photo or document shown in a pane
GET  /font/cjk.otf             the shipped Chinese font, for machines without one
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from bot.reports.fonts import CJK_FONT
from bot.sandbox.personas import persona

if TYPE_CHECKING:
    from bot.fake_telegram import FakeUser
    from bot.sandbox.panes import Board
    from bot.sandbox.runner import Sandbox

STATIC = Path(__file__).resolve().parent / "static"
MAX_TEXT = 4096
MAX_PHOTO = 10 * 1024 * 1024
MAX_WAIT = 25.0
FAST_FORWARD_HOURS = {1, 24, 168}
SANDBOX_KEY: web.AppKey[Sandbox] = web.AppKey("sandbox")


class BadRequest(web.HTTPBadRequest):
    def __init__(self, reason: str) -> None:
        super().__init__(text=f'{{"error": "{reason}"}}', content_type="application/json")


def make_web_app(sandbox: Sandbox) -> web.Application:
    app = web.Application(client_max_size=MAX_PHOTO + 64 * 1024, middlewares=[_same_origin])
    app[SANDBOX_KEY] = sandbox
    app.router.add_get("/", _index)
    app.router.add_static("/static/", STATIC, show_index=False)
    app.router.add_get("/api/state", _state)
    app.router.add_post("/api/send", _send)
    app.router.add_post("/api/press", _press)
    app.router.add_post("/api/contact", _contact)
    app.router.add_post("/api/location", _location)
    app.router.add_post("/api/photo", _photo)
    app.router.add_post("/api/lang", _lang)
    app.router.add_post("/api/clock", _clock)
    app.router.add_get("/api/file/{pane}/{ref}", _file)
    app.router.add_get("/font/cjk.otf", _font)
    return app


@web.middleware
async def _same_origin(request: web.Request, handler: Any) -> web.StreamResponse:
    """Another web site open in the same browser must not drive the sandbox's chats."""
    origin = request.headers.get("Origin")
    if request.method == "POST" and origin and origin.split("://", 1)[-1] != request.host:
        raise web.HTTPForbidden(text='{"error": "cross-origin request"}',
                                content_type="application/json")
    return await handler(request)


# --- page and state ------------------------------------------------------------------------

async def _index(_request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


async def _font(_request: web.Request) -> web.StreamResponse:
    """The chart's GB 2312 subset of Noto Sans SC: the page lists it after the system's CJK
    fonts, so a browser on a machine without one (a fresh Linux box, CI) shows characters."""
    return web.FileResponse(CJK_FONT, headers={"Cache-Control": "max-age=86400",
                                               "Content-Type": "font/otf"})


async def _state(request: web.Request) -> web.Response:
    sandbox = request.app[SANDBOX_KEY]
    board = _board(request)
    try:
        since = int(request.query.get("v", "-1"))
        wait = min(float(request.query.get("wait", "0")), MAX_WAIT)
    except ValueError as exc:
        raise BadRequest("v and wait must be numbers") from exc
    if wait > 0:
        await board.wait_change(since, wait)
    body = board.state()
    now = sandbox.clock.now().astimezone(board.timezone)
    body["clock"] = {"iso": now.isoformat(), "day": now.strftime("%Y-%m-%d"),
                     "time": now.strftime("%H:%M"), "weekday": now.isoweekday(),
                     "tz": str(board.timezone)}
    body["framework"] = sandbox.options.framework
    body["commands"] = _menus(sandbox)
    return web.json_response(body, headers={"Cache-Control": "no-store"})


# --- what a person does ----------------------------------------------------------------------

async def _send(request: web.Request) -> web.Response:
    body, key = await _json_for_pane(request)
    text = str(body.get("text") or "").strip()
    if not text:
        raise BadRequest("text is empty")
    if len(text) > MAX_TEXT:
        raise BadRequest("text is longer than 4096 characters")
    board = _board(request)
    update = _user(request, key).send_text(text)
    board.touch()
    return _ok(update)


async def _press(request: web.Request) -> web.Response:
    body, key = await _json_for_pane(request)
    data = body.get("data")
    try:
        message_id = int(body.get("message_id"))  # type: ignore[arg-type]  # None → TypeError, caught
    except (TypeError, ValueError) as exc:
        raise BadRequest("message_id must be a number") from exc
    if not isinstance(data, str) or not data or len(data.encode()) > 64:
        raise BadRequest("data must be a button payload of 1-64 bytes")
    board = _board(request)
    try:
        update = _user(request, key).press_on(message_id, data)
    except LookupError as exc:
        raise BadRequest("no such message in this chat") from exc
    board.touch()
    return _ok(update)


async def _contact(request: web.Request) -> web.Response:
    _body, key = await _json_for_pane(request)
    board = _board(request)
    update = _user(request, key).share_contact(persona(key).phone)
    board.touch()
    return _ok(update)


async def _location(request: web.Request) -> web.Response:
    _body, key = await _json_for_pane(request)
    board = _board(request)
    lat, lon = persona(key).location
    update = _user(request, key).send_location(lat, lon)
    board.touch()
    return _ok(update)


async def _photo(request: web.Request) -> web.Response:
    if not request.content_type.startswith("multipart/"):
        raise BadRequest("send the photo as multipart/form-data")
    key, caption, data = "", "", b""
    async for part in await request.multipart():
        if not isinstance(part, BodyPartReader):  # a multipart nested in the form
            raise BadRequest("send the photo as flat multipart/form-data")
        if part.name == "pane":
            key = (await part.text()).strip()
        elif part.name == "caption":
            caption = (await part.text()).strip()[:1024]
        elif part.name == "file":
            data = await part.read()
    _check_pane(key)
    if not data:
        data = (STATIC / "sample.jpg").read_bytes()
    board = _board(request)
    update = _user(request, key).send_photo(data, caption or None)
    board.touch()
    return _ok(update)


async def _lang(request: web.Request) -> web.Response:
    """Switch what the pane's Telegram app reports, then ask the bot with /lang, as a person would."""
    body, key = await _json_for_pane(request)
    lang = body.get("lang")
    if lang not in ("zh", "en"):
        raise BadRequest("lang must be zh or en")
    board = _board(request)
    board.set_language(key, lang)
    update = _user(request, key).send_text("/lang")
    board.touch()
    return _ok(update)


async def _clock(request: web.Request) -> web.Response:
    body = await _json(request)
    hours = body.get("hours")
    if hours not in FAST_FORWARD_HOURS:
        raise BadRequest("hours must be 1, 24 or 168")
    sandbox = request.app[SANDBOX_KEY]
    now = await sandbox.fast_forward(timedelta(hours=int(hours)))
    return web.json_response({"ok": True, "now": now.isoformat()})


async def _file(request: web.Request) -> web.Response:
    found = _board(request).file(request.match_info["pane"], request.match_info["ref"])
    if found is None:
        raise web.HTTPNotFound()
    data, content_type = found
    return web.Response(body=data, content_type=content_type.split(";")[0],
                        charset="utf-8" if "charset" in content_type else None)


# --- helpers ----------------------------------------------------------------------------------

def _menus(sandbox: Sandbox) -> dict[str, list[dict[str, Any]]]:
    """The command menus the bot registered (setMyCommands), by language ("" = default)."""
    fake = sandbox.fake
    if fake is None:
        return {}
    return {lang: commands for (scope, lang), commands in fake.commands.items()
            if scope == "default"}

def _user(request: web.Request, key: str) -> FakeUser:
    fake = request.app[SANDBOX_KEY].fake
    assert fake is not None
    return fake.user(persona(key).user_id)


def _board(request: web.Request) -> Board:
    board = request.app[SANDBOX_KEY].board
    assert board is not None
    return board


async def _json(request: web.Request) -> dict[str, Any]:
    if request.content_type != "application/json":
        raise BadRequest("send JSON")
    try:
        body = await request.json()
    except ValueError as exc:
        raise BadRequest("the body is not JSON") from exc
    if not isinstance(body, dict):
        raise BadRequest("send a JSON object")
    return body


async def _json_for_pane(request: web.Request) -> tuple[dict[str, Any], str]:
    body = await _json(request)
    key = str(body.get("pane") or "")
    _check_pane(key)
    return body, key


def _check_pane(key: str) -> None:
    try:
        persona(key)
    except KeyError as exc:
        raise BadRequest("unknown pane") from exc


def _ok(update: dict[str, Any]) -> web.Response:
    return web.json_response({"ok": True, "update_id": update.get("update_id")})
