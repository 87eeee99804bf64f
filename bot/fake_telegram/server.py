"""A local fake of the Telegram Bot API over HTTP, for the tests and the sandbox.

Real aiogram and python-telegram-bot clients talk to it exactly as to api.telegram.org;
it validates what Telegram validates, so a message Telegram would refuse fails here too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from bot.fake_telegram.faults import DESCRIPTIONS, Fault, SendLimits
from bot.fake_telegram.html_check import EntityError, parse_html
from bot.fake_telegram.objects import BotMessage, bot_message_json, user_json
from bot.fake_telegram.users import FakeUser

_TOKEN = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates", "entities",
                "caption_entities", "link_preview_options", "menu_button", "reply_parameters"}
SEND_METHODS = {"sendmessage", "sendphoto", "senddocument"}


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class RecordedRequest:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic()
    wall_time: float
    status: int = 200


class FakeTelegram:
    """The fake Bot API: simulated users, an update queue, and the bot's messages per chat."""

    def __init__(self, bot_username: str = "safety_net_bot", first_update_id: int = 1) -> None:
        self.bot_username = bot_username
        self.next_update_id = first_update_id
        self.users: dict[int, FakeUser] = {}
        self.requests: list[RecordedRequest] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.get_updates_calls = 0
        self.webhook_url = ""
        self._pending: list[tuple[dict[str, Any], bool]] = []  # (update, forced redelivery)
        self._delivered: list[dict[str, Any]] = []  # handed to the bot at least once
        self._arrived = asyncio.Event()
        self._message_ids: dict[int, itertools.count] = {}
        self._callbacks: dict[str, bool] = {}
        self._ids = itertools.count(1)
        self._faults: list[Fault] = []
        self._blocked: set[int] = set()
        self._limits: SendLimits | None = None
        self._listeners: list[Callable[[BotMessage, str], None]] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.bot_id = 0

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{sockets[0].getsockname()[1]}"
        return self.base_url

    async def stop(self) -> None:
        self._arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- users and updates -----------------------------------------------------------------

    def user(self, user_id: int, first_name: str = "用户", language_code: str | None = "zh-hans",
             username: str | None = None, last_name: str | None = None) -> FakeUser:
        """Get or create a simulated user with a private chat."""
        if user_id not in self.users:
            self.users[user_id] = FakeUser(self, user_id, first_name, language_code, username,
                                           last_name)
        return self.users[user_id]

    def enqueue(self, content: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self.next_update_id, **content}
        self.next_update_id += 1
        self._pending.append((update, False))
        self._arrived.set()
        return update

    def redeliver(self, update_id: int) -> None:
        """Deliver an update again with the same id, as Telegram does after a lost confirmation."""
        for user_update in self._delivered:
            if user_update["update_id"] == update_id:
                self._pending.append((user_update, True))
                self._arrived.set()
                return
        raise LookupError(f"update {update_id} was never sent")

    def next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def new_callback_id(self) -> str:
        query_id = f"cq{next(self._ids)}"
        self._callbacks[query_id] = False
        return query_id

    def unanswered_callbacks(self) -> list[str]:
        return [q for q, answered in self._callbacks.items() if not answered]

    def store_file(self, data: bytes, folder: str, suffix: str) -> str:
        file_id = f"F{next(self._ids):06d}"
        self.files[file_id] = (f"{folder}/{file_id}{suffix}", data)
        return file_id

    def on_bot_message(self, callback: Callable[[BotMessage, str], None]) -> None:
        self._listeners.append(callback)

    @property
    def bot_json(self) -> dict[str, Any]:
        return user_json(self.bot_id, "Safety Net", None, self.bot_username, None, is_bot=True)

    # --- faults ----------------------------------------------------------------------------

    def inject(self, method: str | None = "sendMessage", status: int = 500, times: int = 1,
               chat_id: int | None = None, retry_after: int | None = None, delay: float = 0.0,
               description: str | None = None) -> Fault:
        fault = Fault(method, status, times, chat_id, retry_after, delay, description)
        self._faults.append(fault)
        return fault

    def block(self, user_id: int) -> None:
        self._blocked.add(user_id)

    def unblock(self, user_id: int) -> None:
        self._blocked.discard(user_id)

    def enforce_limits(self, per_chat_per_s: int = 1, overall_per_s: int = 30) -> None:
        self._limits = SendLimits(per_chat_per_s, overall_per_s)

    # --- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if not _TOKEN.match(token):
            return _error(401, "Unauthorized")
        self.bot_id = int(token.split(":", 1)[0])
        params = await _params(request)
        record = RecordedRequest(method, params, time.monotonic(), time.time())
        self.requests.append(record)
        try:
            result = await self._dispatch(method, params)
        except ApiError as exc:
            record.status = exc.status
            return _error(exc.status, exc.description, exc.retry_after)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        for file_path, data in self.files.values():
            if file_path == path:
                return web.Response(body=data)
        return web.Response(status=404, text="Not Found")

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        name = method.lower()
        chat_id = _int_or_none(params.get("chat_id"))
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.times -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status != 200:
                    text = fault.description or DESCRIPTIONS.get(fault.status, "Error")
                    raise ApiError(fault.status, text.format(retry_after=fault.retry_after),
                                   fault.retry_after)
                break
        if name in SEND_METHODS and chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if name in SEND_METHODS and self._limits and chat_id is not None \
                and not self._limits.admit(chat_id, time.monotonic()):
            raise ApiError(429, "Too Many Requests: retry after 1", 1)
        handler = getattr(self, f"_m_{name}", None)
        if handler is None:
            raise ApiError(404, "Not Found")
        return await handler(params)

    # --- methods ---------------------------------------------------------------------------

    async def _m_getme(self, _p: dict[str, Any]) -> Any:
        return {**self.bot_json, "can_join_groups": False, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def _m_getupdates(self, p: dict[str, Any]) -> Any:
        self.get_updates_calls += 1
        offset = _int_or_none(p.get("offset")) or 0
        limit = _int_or_none(p.get("limit")) or 100
        timeout = float(p.get("timeout") or 0)
        self._confirm(offset)
        if not self._pending and timeout > 0:
            self._arrived.clear()
            try:
                await asyncio.wait_for(self._arrived.wait(), timeout)
            except TimeoutError:
                pass
            self._confirm(offset)
        batch = [update for update, _ in self._pending[:limit]]
        # A redelivered update is handed out once, whatever the offset says.
        handed = {id(u) for u in batch}
        self._pending = [(u, forced) for u, forced in self._pending
                         if not (forced and id(u) in handed)]
        known = {u["update_id"] for u in self._delivered}
        self._delivered.extend(u for u in batch if u["update_id"] not in known)
        return batch

    def _confirm(self, offset: int) -> None:
        if offset:
            self._pending = [(u, forced) for u, forced in self._pending
                             if forced or u["update_id"] >= offset]

    async def _m_deletewebhook(self, _p: dict[str, Any]) -> Any:
        self.webhook_url = ""
        return True

    async def _m_setwebhook(self, p: dict[str, Any]) -> Any:
        self.webhook_url = str(p.get("url", ""))
        return True

    async def _m_getwebhookinfo(self, _p: dict[str, Any]) -> Any:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._pending)}

    async def _m_logout(self, _p: dict[str, Any]) -> Any:
        return True

    async def _m_close(self, _p: dict[str, Any]) -> Any:
        return True

    async def _m_setmycommands(self, p: dict[str, Any]) -> Any:
        scope = (p.get("scope") or {}).get("type", "default")
        self.commands[(scope, str(p.get("language_code") or ""))] = list(p.get("commands") or [])
        return True

    async def _m_getmycommands(self, p: dict[str, Any]) -> Any:
        scope = (p.get("scope") or {}).get("type", "default")
        return self.commands.get((scope, str(p.get("language_code") or "")), [])

    async def _m_deletemycommands(self, p: dict[str, Any]) -> Any:
        scope = (p.get("scope") or {}).get("type", "default")
        self.commands.pop((scope, str(p.get("language_code") or "")), None)
        return True

    async def _m_setchatmenubutton(self, _p: dict[str, Any]) -> Any:
        return True

    async def _m_sendchataction(self, p: dict[str, Any]) -> Any:
        self._chat(p)
        return True

    async def _m_answercallbackquery(self, p: dict[str, Any]) -> Any:
        query_id = str(p.get("callback_query_id", ""))
        if self._callbacks.get(query_id) is not False:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or "
                                "query ID is invalid")
        self._callbacks[query_id] = True
        return True

    async def _m_sendmessage(self, p: dict[str, Any]) -> Any:
        user = self._chat(p)
        text = str(p.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        _check_text(text, p.get("parse_mode"), 4096, "message is too long")
        message = BotMessage(self.next_message_id(user.user_id), user.user_id, int(time.time()),
                             text, p.get("parse_mode"))
        _apply_markup(message, p.get("reply_markup"))
        return self._sent(user, message)

    async def _m_sendphoto(self, p: dict[str, Any]) -> Any:
        return await self._send_file(p, "photo", "photos", ".jpg")

    async def _m_senddocument(self, p: dict[str, Any]) -> Any:
        return await self._send_file(p, "document", "documents", "")

    async def _send_file(self, p: dict[str, Any], field: str, folder: str, suffix: str) -> Any:
        user = self._chat(p)
        caption = str(p.get("caption") or "")
        _check_text(caption, p.get("parse_mode"), 1024, "message caption is too long")
        upload = p.get(field)
        if isinstance(upload, tuple):
            file_name, data = upload
            file_id = self.store_file(data, folder, suffix)
        elif isinstance(upload, str) and upload in self.files:
            file_id, file_name, data = upload, None, self.files[upload][1]
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        message = BotMessage(self.next_message_id(user.user_id), user.user_id, int(time.time()),
                             caption, p.get("parse_mode"), kind=field, file=data,
                             file_name=file_name, file_id=file_id)
        _apply_markup(message, p.get("reply_markup"))
        return self._sent(user, message)

    async def _m_editmessagetext(self, p: dict[str, Any]) -> Any:
        user, message = self._find(p)
        text = str(p.get("text") or "")
        if not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        _check_text(text, p.get("parse_mode"), 4096, "MESSAGE_TOO_LONG")
        buttons = _inline_rows(p.get("reply_markup"))
        if text == message.html and buttons == message.buttons:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same as a current "
                                "content and reply markup of the message")
        message.html, message.parse_mode, message.buttons = text, p.get("parse_mode"), buttons
        return self._edited(user, message)

    async def _m_editmessagereplymarkup(self, p: dict[str, Any]) -> Any:
        user, message = self._find(p)
        buttons = _inline_rows(p.get("reply_markup"))
        if buttons == message.buttons:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same as a current "
                                "content and reply markup of the message")
        message.buttons = buttons
        return self._edited(user, message)

    async def _m_deletemessage(self, p: dict[str, Any]) -> Any:
        user, message = self._find(p)
        user.messages.remove(message)
        return True

    async def _m_getfile(self, p: dict[str, Any]) -> Any:
        file_id = str(p.get("file_id", ""))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self.files[file_id]
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(data),
                "file_path": path}

    # --- helpers ---------------------------------------------------------------------------

    def _chat(self, p: dict[str, Any]) -> FakeUser:
        chat_id = _int_or_none(p.get("chat_id"))
        if chat_id is None or chat_id not in self.users:
            raise ApiError(400, "Bad Request: chat not found")
        return self.users[chat_id]

    def _find(self, p: dict[str, Any]) -> tuple[FakeUser, BotMessage]:
        user = self._chat(p)
        message_id = _int_or_none(p.get("message_id"))
        for message in user.messages:
            if message.message_id == message_id:
                return user, message
        raise ApiError(400, "Bad Request: message to edit not found")

    def _sent(self, user: FakeUser, message: BotMessage) -> Any:
        user.record(message, "sent")
        for listener in self._listeners:
            listener(message, "sent")
        return bot_message_json(message, user.chat, self.bot_json)

    def _edited(self, user: FakeUser, message: BotMessage) -> Any:
        message.edited += 1
        user.record(message, "edited")
        for listener in self._listeners:
            listener(message, "edited")
        return bot_message_json(message, user.chat, self.bot_json)


def _check_text(text: str, parse_mode: Any, limit: int, too_long: str) -> None:
    plain = text
    if parse_mode and str(parse_mode).upper() == "HTML":
        try:
            plain = parse_html(text)
        except EntityError as exc:
            raise ApiError(400, f"Bad Request: {exc}") from exc
    if len(plain.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, f"Bad Request: {too_long}")


def _inline_rows(markup: Any) -> list[list[dict[str, Any]]]:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []
    rows = []
    for row in markup["inline_keyboard"]:
        out_row = []
        for button in row:
            data = button.get("callback_data")
            if data is not None and len(str(data).encode()) > 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if data is None and not button.get("url"):
                raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text "
                                    "buttons are unallowed in the inline keyboard")
            out_row.append({k: v for k, v in button.items() if v is not None})
        rows.append(out_row)
    return rows


def _apply_markup(message: BotMessage, markup: Any) -> None:
    if not isinstance(markup, dict):
        return
    if "inline_keyboard" in markup:
        message.buttons = _inline_rows(markup)
    elif "keyboard" in markup:
        message.reply_keyboard = [
            [{"text": b.get("text", "") if isinstance(b, dict) else str(b),
              "request_contact": bool(b.get("request_contact")) if isinstance(b, dict) else False,
              "request_location": bool(b.get("request_location")) if isinstance(b, dict) else False}
             for b in row] for row in markup["keyboard"]]
    elif markup.get("remove_keyboard"):
        message.removed_keyboard = True


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        content_type = request.content_type
        if content_type == "application/json":
            body = await request.json()
            if isinstance(body, dict):
                params.update(body)
        elif content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename is not None:
                    params[part.name] = (part.filename, await part.read())
                else:
                    params[part.name] = await part.text()
        else:
            params.update(await request.post())
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                pass
    # A multipart field that names an attach://x upload points at another part.
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value[len("attach://"):], value)
    return params


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
