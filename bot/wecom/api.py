"""WeCom's server API for a self-built application: the access token, and calls that answer
{"errcode": …}. Errors come back as SendFailure kinds; the secret and the token never reach
a log (WeCom takes the token in the query string, so no URL is ever logged either)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from chat.transport import SendFailure

log = logging.getLogger(__name__)

TOKEN_MARGIN = 300.0  # seconds: a token is renewed this long before WeCom says it expires
# The token is invalid or expired (42001 expired, 40014 invalid, 41001 missing): get another.
TOKEN_ERRORS = frozenset({40014, 41001, 42001})
# Frequency limits (45009 API calls, 45033 concurrent calls, 45011 too often): try later.
FREQUENCY_ERRORS = {45009: 60.0, 45033: 1.0, 45011: 60.0}
# The person cannot be reached by this application (not a member, left, out of its range).
UNREACHABLE_ERRORS = frozenset({40003, 60111, 81013, 82001})
# The server's address is not in the app's 企业可信IP: an operator's fix, so retried (with
# backoff) rather than given up, and said in the log.
UNTRUSTED_IP = 60020


class WeComApi:
    def __init__(self, base: str, corp_id: str, secret: str, timeout: float = 10.0) -> None:
        self.base = base.rstrip("/")
        self.corp_id = corp_id
        self._secret = secret
        self._client = httpx.AsyncClient(timeout=timeout)
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def close(self) -> None:
        await self._client.aclose()

    async def token(self, renew: bool = False) -> str:
        """The cached access token, fetched again when it is near its end or WeCom refused it."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            if renew or self._token is None or loop.time() >= self._expires:
                answer = await self._request("GET", "/cgi-bin/gettoken",
                                             params={"corpid": self.corp_id,
                                                     "corpsecret": self._secret})
                check(answer)
                self._token = str(answer["access_token"])
                life = float(answer.get("expires_in") or 7200)
                self._expires = loop.time() + max(life - TOKEN_MARGIN, life / 2)
            return self._token

    async def call(self, path: str, *, json: dict[str, Any] | None = None,
                   params: dict[str, str] | None = None,
                   files: dict[str, tuple[str, bytes, str]] | None = None) -> dict[str, Any]:
        """POST (or GET without a body) with the access token; a refused token is renewed
        and the call made once more."""
        for renew in (False, True):
            query = {**(params or {}), "access_token": await self.token(renew)}
            method = "POST" if json is not None or files is not None else "GET"
            answer = await self._request(method, path, params=query, json=json, files=files)
            if answer.get("errcode") in TOKEN_ERRORS and not renew:
                log.info("WeCom access token refused (%s); renewing it", answer.get("errcode"))
                continue
            check(answer)
            return answer
        raise AssertionError("unreachable")

    async def download(self, media_id: str) -> bytes:
        """A user's image, voice note or file (media/get answers the bytes, or JSON on error)."""
        for renew in (False, True):
            query = {"media_id": media_id, "access_token": await self.token(renew)}
            response = await self._send("GET", "/cgi-bin/media/get", params=query)
            if "json" not in response.headers.get("content-type", "") \
                    and not response.content.startswith(b"{"):
                return response.content
            answer = response.json()
            if answer.get("errcode") in TOKEN_ERRORS and not renew:
                continue
            check(answer)
        raise SendFailure("bad_request", "media/get answered no file")

    async def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await self._send(method, path, **kwargs)
        try:
            answer = response.json()
        except ValueError as exc:
            raise SendFailure("server", f"{path}: not JSON") from exc
        if not isinstance(answer, dict):
            raise SendFailure("server", f"{path}: not an object")
        return answer

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await self._client.request(method, self.base + path, **kwargs)
        except httpx.HTTPError as exc:  # never the URL: it carries the token or the secret
            raise SendFailure("network", f"{path}: {type(exc).__name__}") from None
        if response.status_code >= 500:
            raise SendFailure("server", f"{path}: HTTP {response.status_code}")
        if response.status_code >= 400:
            raise SendFailure("bad_request", f"{path}: HTTP {response.status_code}")
        return response


def check(answer: dict[str, Any]) -> None:
    """Raise the SendFailure an error code means (0 is success)."""
    code = answer.get("errcode", 0)
    if code == 0:
        return
    detail = f"errcode {code}"
    if code in FREQUENCY_ERRORS:
        raise SendFailure("retry_after", detail, FREQUENCY_ERRORS[code])
    if code == -1:  # 系统繁忙
        raise SendFailure("server", detail)
    if code == UNTRUSTED_IP:
        log.warning("WeCom refuses this server's address: add it to the app's 企业可信IP "
                    "(README: Channels)")
        raise SendFailure("server", detail)
    if code in UNREACHABLE_ERRORS:
        raise SendFailure("blocked", detail)
    raise SendFailure("bad_request", detail)
