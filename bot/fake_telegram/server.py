"""aiohttp routes: /bot<token>/<method> and /file/bot<token>/<path>, bound to 127.0.0.1."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from . import errors
from .api_bot import BotMethods
from .api_messages import MessageMethods
from .errors import ApiError, DroppedConnection
from .faults import DROP_BEFORE, LOST_AFTER, Decision, Faults
from .models import RecordedRequest
from .params import Upload, read_params
from .state import FakeState
from .webhook import WebhookDelivery

TOKEN_RE = re.compile(r"\d+:[A-Za-z0-9_-]+")
Handler = Callable[[dict[str, Any], dict[str, Upload]], Awaitable[Any]]
log = logging.getLogger(__name__)

# Requests that address a chat the user may have blocked (403 then, like Telegram).
_CHAT_WRITES = ("send", "edit", "copy", "forward", "deletemessage")


def _json(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


def _drop(request: web.Request) -> web.Response:
    """Close the connection without an answer, like a network fault.

    The response returned is never sent: aiohttp finds the transport closing and quietly
    drops it (raising instead would make aiohttp log the error and try to answer 500).
    """
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=204)


def _describe_uploads(uploads: dict[str, Upload]) -> dict[str, str]:
    return {k: f"<file {u.filename or k}, {len(u.data)} bytes>" for k, u in uploads.items()}


class FakeServer:
    """HTTP face of the fake; dispatches to the method tables, applying faults first."""

    def __init__(self, state: FakeState, faults: Faults, token: str | None = None) -> None:
        self.state = state
        self.faults = faults
        self.token = token
        self.handlers: dict[str, tuple[str, Handler]] = {}
        for table in (MessageMethods(state).table(), BotMethods(state).table()):
            for name, handler in table.items():
                self.handlers[name.lower()] = (name, handler)
        self._runner: web.AppRunner | None = None
        self.base_url: str | None = None
        self.webhook = WebhookDelivery(state)

    def make_app(self) -> web.Application:
        """The aiohttp application (also usable with aiohttp's test client)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 = ephemeral) and return the base URL."""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the fake Telegram server binds to loopback only")
        self.state.closing = False
        # handler_cancellation: a long poll whose client went away (a stopped or killed bot)
        # must not linger and hand a redelivered update to nobody.
        runner = web.AppRunner(
            self.make_app(),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=0.5,
            handler_cancellation=True,
        )
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        bound_host, bound_port = runner.addresses[0][:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.base_url = f"http://{shown}:{bound_port}"
        self.webhook.start()
        return self.base_url

    async def stop(self) -> None:
        """Answer pending long polls and delays at once, then close the listener."""
        self.state.closing = True
        self.state.changes.notify()
        await self.webhook.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _token_ok(self, token: str) -> bool:
        if not TOKEN_RE.fullmatch(token):
            return False
        return self.token is None or token == self.token

    async def handle_api(self, request: web.Request) -> web.Response:
        """One Bot API call: record, authorise, inject faults, dispatch, answer."""
        token = request.match_info["token"]
        raw_method = request.match_info["method"]
        entry = self.handlers.get(raw_method.lower())
        method = entry[0] if entry else raw_method
        record = RecordedRequest(method, {}, time.monotonic(), time.time())
        self.state.requests.append(record)
        self.state.changes.notify()
        try:
            if not self._token_ok(token):
                raise ApiError(401, errors.UNAUTHORIZED)
            self.state.bot_id = int(token.split(":", 1)[0])
            params, uploads = await read_params(request)
            record.params = {**params, **_describe_uploads(uploads)}
            record.chat_id = params.get("chat_id")
            result = await self._dispatch(method, entry, params, uploads, record)
            record.status = 200
            return _json({"ok": True, "result": result})
        except ApiError as exc:
            record.status = exc.status
            return _json(exc.payload(), exc.status)
        except DroppedConnection:
            return _drop(request)
        finally:
            # Waiters may be watching requests (e.g. "the bot is polling", "a 429 happened").
            self.state.changes.notify()

    async def _dispatch(
        self,
        method: str,
        entry: tuple[str, Handler] | None,
        params: dict[str, Any],
        uploads: dict[str, Upload],
        record: RecordedRequest,
    ) -> Any:
        """Run one call inside its fault decision: fail, drop, delay or lose the answer."""
        chat_id = params.get("chat_id")
        decision = self.faults.decide(method, chat_id)
        record.fault = decision.kind
        if decision.delay and (decision.error is not None or decision.kind == DROP_BEFORE):
            await self._sleep(decision.delay)
        if decision.error is not None:
            self._note(method, chat_id, decision, f"answered {decision.error.status} {decision.error}")
            raise decision.error
        if decision.kind == DROP_BEFORE:
            self._note(method, chat_id, decision, "connection dropped before processing, nothing done")
            raise DroppedConnection(DROP_BEFORE)
        try:
            result = await self._process(method, entry, params, uploads)
        except ApiError as exc:
            if decision.kind != LOST_AFTER:
                raise
            result = None
            self._note(method, chat_id, decision, f"failed with {exc.status}, then the answer was lost")
        if decision.delay:
            # A delay without a status: the call took effect, only the answer is late,
            # which is the nasty case for clients that time out and retry.
            await self._sleep(decision.delay)
        if decision.kind == LOST_AFTER:
            self._lose_answer(method, chat_id, decision, result)
        return result

    async def _process(
        self,
        method: str,
        entry: tuple[str, Handler] | None,
        params: dict[str, Any],
        uploads: dict[str, Upload],
    ) -> Any:
        """Run the Bot API method itself, after Telegram's blocked-user and flood checks."""
        if entry is None:
            raise ApiError(404, errors.NOT_FOUND)
        if method.lower().startswith(_CHAT_WRITES):
            self.faults.check_blocked(params.get("chat_id"))
        self.faults.check_rate(method, params.get("chat_id"))
        return await entry[1](params, uploads)

    def _lose_answer(self, method: str, chat_id: Any, decision: Decision, result: Any) -> None:
        """The call took effect; count what it stored, then drop the connection unanswered."""
        self.faults.record_lost(decision, method, chat_id, result)
        if isinstance(result, dict) and "message_id" in result:
            self._note(method, chat_id, decision, f"#{result['message_id']} done, then the answer was lost")
        elif result is not None:
            self._note(method, chat_id, decision, "done, then the answer was lost")
        raise DroppedConnection(LOST_AFTER)

    def _note(self, method: str, chat_id: Any, decision: Decision, what: str) -> None:
        """Make a fault visible: in the log and in the chat's transcript."""
        text = f"{method} {what} ({decision.kind}, {decision.origin})"
        log.info("fake Telegram fault, chat %s: %s", chat_id, text)
        self.state.note_fault(chat_id, text)

    async def _sleep(self, seconds: float) -> None:
        await self.state.changes.wait_until(lambda: self.state.closing, seconds)

    async def handle_file(self, request: web.Request) -> web.Response:
        """File download as Telegram serves it for getFile paths."""
        if not self._token_ok(request.match_info["token"]):
            return _json({"ok": False, "error_code": 401, "description": errors.UNAUTHORIZED}, 401)
        stored = self.state.files.by_path(request.match_info["path"])
        if stored is None:
            return _json({"ok": False, "error_code": 404, "description": errors.NOT_FOUND}, 404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")
