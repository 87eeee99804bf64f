"""A fake WeCom server: plays WeCom's side of a self-built application for tests.

It hands out access tokens (and can expire them: errcode 42001), takes text messages, template
cards (answering a response code) and their updates (each code once, within 72 hours), files
and images through media upload, and records what each user was sent. Its users post
encrypted callbacks to the bot's callback URL: texts, and presses of a card's buttons
(template_card_event with a fresh ResponseCode), as WeCom does.

It seals callbacks with its own small implementation of WeCom's scheme (not chat.wecom_crypto):
both are checked against WeCom's published sample values (tests/unit/test_wecom_crypto.py), so
the adapter and this fake cannot share a bug.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import os
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CODE_LIFE = 72 * 3600


class FakeSealer:
    """WeCom's side of WXBizMsgCrypt: sign and encrypt, PKCS#7 to 256-bit blocks."""

    def __init__(self, token: str, aes_key: str, corp_id: str) -> None:
        self.token, self.corp_id = token, corp_id
        self.key = base64.b64decode(aes_key + "=")

    def sign(self, *parts: str) -> str:
        return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()

    def seal(self, text: str, random16: bytes | None = None) -> str:
        msg = text.encode()
        padder = padding.PKCS7(256).padder()
        data = padder.update((random16 or os.urandom(16)) + struct.pack("!I", len(msg)) + msg
                             + self.corp_id.encode()) + padder.finalize()
        enc = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).encryptor()
        return base64.b64encode(enc.update(data) + enc.finalize()).decode()

    def open(self, sealed: str) -> tuple[str, str]:
        """(message, receive id)."""
        dec = Cipher(algorithms.AES(self.key), modes.CBC(self.key[:16])).decryptor()
        data = dec.update(base64.b64decode(sealed)) + dec.finalize()
        unpadder = padding.PKCS7(256).unpadder()
        data = unpadder.update(data) + unpadder.finalize()
        length = struct.unpack("!I", data[16:20])[0]
        return data[20:20 + length].decode(), data[20 + length:].decode()


def cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class Sent:
    """One message a user received, as WeCom shows it."""

    message_id: int
    kind: str  # text | template_card | image | file | voice
    text: str = ""
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (label, key)
    task_id: str | None = None
    media: bytes | None = None
    filename: str = ""
    edited: int = 0
    at: float = field(default_factory=time.monotonic)  # when it arrived (benchmarks: spacing)
    done_label: str = ""  # the greyed-out label that replaced the buttons

    @property
    def plain(self) -> str:
        return self.text

    def button_texts(self) -> list[str]:
        return [label for label, _ in self.buttons]

    def reply_keyboard_texts(self) -> list[str]:
        return []


class FakeWeComUser:
    """A member of the organisation using the application in WeCom."""

    def __init__(self, server: FakeWeCom, user_id: str, name: str = "") -> None:
        self.server = server
        self.id = user_id
        self.name = name  # as user/get answers it; "" for a member outside the app's range
        self.all_messages: list[Sent] = []

    @property
    def messages(self) -> list[Sent]:
        return self.all_messages

    def send_text(self, text: str) -> None:
        """Type a message (posted to the bot in the background, as WeCom does)."""
        self.server.post_soon(self, {"MsgType": "text", "Content": text,
                                     "MsgId": str(next(self.server.msg_ids))})

    def press(self, label: str) -> None:
        """Press the newest card button labelled `label` (exactly, else containing it)."""
        for exact in (True, False):
            for message in reversed(self.all_messages):
                for text, key in message.buttons:
                    if text == label if exact else label in text:
                        self.press_key(message, key)
                        return
        raise LookupError(f"no button {label!r} in:\n{self.transcript()}")

    def press_key(self, message: Sent, key: str) -> None:
        code = self.server.new_code(message)
        self.server.post_soon(self, {"MsgType": "event", "Event": "template_card_event",
                                     "EventKey": key, "TaskId": message.task_id or "",
                                     "CardType": "button_interaction", "ResponseCode": code})

    def transcript(self) -> str:
        lines = []
        for m in self.all_messages[-12:]:
            labels = " ".join(f"[{label}]" for label, _ in m.buttons)
            lines.append(f"#{m.message_id}{'*' if m.edited else ''} {m.kind}: {m.text} {labels}")
        return "\n".join(lines)


class FakeWeCom:
    """The fake server; `callback_url` is where its users' callbacks go."""

    def __init__(self, *, corp_id: str = "wwfake0000000001", secret: str = "fake-secret",
                 token: str = "fakeToken", aes_key: str | None = None, agent_id: int = 1000002,
                 now: Callable[[], float] = time.time) -> None:
        self.corp_id, self.secret, self.agent_id, self.now = corp_id, secret, agent_id, now
        self.aes_key = aes_key or base64.b64encode(os.urandom(32)).decode()[:43]
        self.sealer = FakeSealer(token, self.aes_key, corp_id)
        self.token = token
        self.callback_url = ""
        self.users: dict[str, FakeWeComUser] = {}
        self.tokens: set[str] = set()
        self.token_requests = 0
        self.refused: list[tuple[str, int]] = []  # (path, errcode) answered with an error
        self.fail_next: list[int] = []  # errcodes message/send answers next, in order
        self.callback_statuses: list[int] = []
        self.msg_ids = itertools.count(7_000_000_000_000_000_000)
        self._ids = itertools.count(1)
        self._codes: dict[str, tuple[Sent, float]] = {}  # response code → card, issued at
        self._media: dict[str, tuple[bytes, str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self._client: aiohttp.ClientSession | None = None
        self.base_url = ""

    def user(self, user_id: str, name: str = "") -> FakeWeComUser:
        return self.users.setdefault(user_id, FakeWeComUser(self, user_id, name))

    def expire_tokens(self) -> None:
        """Every token handed out so far stops working (WeCom answers 42001)."""
        self.tokens.clear()

    # --- running ------------------------------------------------------------------------------

    async def start(self) -> str:
        app = web.Application(client_max_size=20 * 1024 * 1024)
        app.router.add_get("/cgi-bin/gettoken", self._gettoken)
        app.router.add_post("/cgi-bin/message/send", self._send)
        app.router.add_post("/cgi-bin/message/update_template_card", self._update)
        app.router.add_post("/cgi-bin/media/upload", self._upload)
        app.router.add_get("/cgi-bin/media/get", self._media_get)
        app.router.add_get("/cgi-bin/user/get", self._user_get)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        self._client = aiohttp.ClientSession()
        return self.base_url

    async def stop(self) -> None:
        await self.settled()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def settled(self) -> None:
        """Until every callback posted so far has been answered."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # --- callbacks to the bot -----------------------------------------------------------------

    def callback_body(self, user: FakeWeComUser, fields: dict[str, str]
                      ) -> tuple[dict[str, str], str]:
        """(the query, the body) of one encrypted callback."""
        inner = {"ToUserName": self.corp_id, "FromUserName": user.id,
                 "CreateTime": str(int(self.now())), **fields, "AgentID": str(self.agent_id)}
        plain = "<xml>" + "".join(f"<{k}>{cdata(v)}</{k}>" for k, v in inner.items()) + "</xml>"
        sealed = self.sealer.seal(plain)
        timestamp, nonce = str(int(time.time())), str(secrets.randbelow(10**9))
        query = {"msg_signature": self.sealer.sign(self.token, timestamp, nonce, sealed),
                 "timestamp": timestamp, "nonce": nonce}
        body = (f"<xml><ToUserName>{cdata(self.corp_id)}</ToUserName>"
                f"<Encrypt>{cdata(sealed)}</Encrypt><AgentID>{cdata(str(self.agent_id))}"
                f"</AgentID></xml>")
        return query, body

    async def post(self, query: dict[str, str], body: str) -> int:
        """POST one callback as WeCom does; returns the bot's HTTP status."""
        assert self._client is not None and self.callback_url
        async with self._client.post(self.callback_url, params=query, data=body.encode()) as r:
            await r.read()
            self.callback_statuses.append(r.status)
            return r.status

    def post_soon(self, user: FakeWeComUser, fields: dict[str, str]) -> None:
        query, body = self.callback_body(user, fields)
        task = asyncio.get_running_loop().create_task(self._post_task(query, body))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _post_task(self, query: dict[str, str], body: str) -> None:
        await self.post(query, body)

    def new_code(self, message: Sent) -> str:
        code = secrets.token_urlsafe(24)
        self._codes[code] = (message, self.now())
        return code

    # --- the API ------------------------------------------------------------------------------

    def _authorised(self, request: web.Request) -> bool:
        return request.query.get("access_token", "") in self.tokens

    def _error(self, path: str, code: int) -> web.Response:
        self.refused.append((path, code))
        return web.json_response({"errcode": code, "errmsg": "fake error"})

    async def _gettoken(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        if request.query.get("corpid") != self.corp_id \
                or request.query.get("corpsecret") != self.secret:
            return self._error("gettoken", 40001)
        token = secrets.token_urlsafe(32)
        self.tokens.add(token)
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": token,
                                  "expires_in": 7200})

    async def _send(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error("message/send", 42001)
        if self.fail_next:
            return self._error("message/send", self.fail_next.pop(0))
        body = await request.json()
        if body.get("agentid") != self.agent_id:
            return self._error("message/send", 40056)
        kind, user = body["msgtype"], self.user(body["touser"])
        content = body[kind]
        sent = Sent(next(self._ids), kind)
        answer: dict[str, Any] = {"errcode": 0, "errmsg": "ok", "invaliduser": "",
                                  "msgid": f"fake{sent.message_id}"}
        if kind == "text":
            sent.text = content["content"]
        elif kind == "template_card":
            if not self._card_into(sent, content):
                return self._error("message/send", 40058)
            answer["response_code"] = self.new_code(sent)
        elif kind in ("image", "file", "voice"):
            if content.get("media_id") not in self._media:
                return self._error("message/send", 40007)
            sent.media, sent.filename = self._media[content["media_id"]]
        else:
            return self._error("message/send", 40008)
        user.all_messages.append(sent)
        return web.json_response(answer)

    def _card_into(self, sent: Sent, card: dict[str, Any]) -> bool:
        buttons = card.get("button_list") or []
        if card.get("card_type") != "button_interaction" or not 1 <= len(buttons) <= 6 \
                or not card.get("task_id"):
            return False
        sent.task_id = card["task_id"]
        sent.text = "\n".join(x for x in (card.get("main_title", {}).get("title", ""),
                                          card.get("sub_title_text", "")) if x)
        sent.buttons = [(b["text"], b["key"]) for b in buttons]
        return True

    async def _update(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error("update_template_card", 42001)
        body = await request.json()
        found = self._codes.pop(body.get("response_code", ""), None)  # each code once
        if found is None or found[1] + CODE_LIFE <= self.now():
            return self._error("update_template_card", 40078)
        message = found[0]
        if "button" in body:  # the buttons greyed out into one label, the text unchanged
            message.buttons = []
            message.done_label = str(body["button"].get("replace_name") or "")
        elif not self._card_into(message, body["template_card"]):
            return self._error("update_template_card", 40058)
        message.edited += 1
        return web.json_response({"errcode": 0, "errmsg": "ok", "invaliduser": []})

    async def _upload(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error("media/upload", 42001)
        form = await request.post()
        part = form.get("media")
        if not isinstance(part, web.FileField):
            return self._error("media/upload", 41005)
        media_id = f"fake-media-{next(self._ids)}"
        self._media[media_id] = (part.file.read(), part.filename)
        return web.json_response({"errcode": 0, "errmsg": "ok", "type": request.query.get("type"),
                                  "media_id": media_id, "created_at": str(int(self.now()))})

    async def _media_get(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error("media/get", 42001)
        found = self._media.get(request.query.get("media_id", ""))
        if found is None:
            return self._error("media/get", 40007)
        return web.Response(body=found[0], content_type="application/octet-stream")

    async def _user_get(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return self._error("user/get", 42001)
        user = self.users.get(request.query.get("userid", ""))
        if user is None or not user.name:
            return self._error("user/get", 60011)  # no privilege: outside the app's range
        return web.json_response({"errcode": 0, "errmsg": "ok", "userid": user.id,
                                  "name": user.name})

    def user_uploads(self, data: bytes, filename: str = "photo.jpg") -> str:
        """A file a user sent in WeCom, as its media id."""
        media_id = f"fake-media-{next(self._ids)}"
        self._media[media_id] = (data, filename)
        return media_id
