"""The project's own getUpdates loop, shared by both frameworks.

Each batch is recorded in the inbox before the next getUpdates call moves the offset past it
— Telegram forgets updates only when a later offset confirms them — so an update is never
acknowledged before it is stored. Raw JSON goes straight to the pump: no framework parses it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import httpx

from bot.pump import UpdatePump
from bot.startup import client_tls_context

log = logging.getLogger(__name__)

ALLOWED = ["message", "callback_query"]
MAX_PAUSE = 30.0


class Poller:
    """Long-polls one bot's updates into the pump until stopped."""

    def __init__(self, api_base: str, token: str, pump: UpdatePump, timeout: int = 30) -> None:
        self._url = f"{api_base}/bot{token}/getUpdates"
        self.api_base = api_base
        self.pump = pump
        self.timeout = timeout
        self.offset: int | None = None
        self._last_complaint = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop` is set; network trouble is retried with backoff, never fatal."""
        pause = 0.5
        async with httpx.AsyncClient(timeout=self.timeout + 15, verify=client_tls_context()) as client:
            while not stop.is_set():
                fetch = asyncio.create_task(self._fetch(client))
                stopping = asyncio.create_task(stop.wait())
                await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
                stopping.cancel()
                if not fetch.done():
                    fetch.cancel()  # nothing fetched is lost: the offset has not moved past it
                    break
                try:
                    updates = fetch.result()
                except Exception as exc:  # network, 5xx, 409 (another poller), bad JSON
                    self._complain(exc)
                    await _sleep_or_stop(stop, pause)
                    pause = min(pause * 2, MAX_PAUSE)
                    continue
                pause = 0.5
                if updates:
                    await self.pump.receive(updates)  # durable before the offset moves on
                    self.offset = int(updates[-1]["update_id"]) + 1

    async def _fetch(self, client: httpx.AsyncClient) -> list[dict[str, Any]]:
        body: dict[str, Any] = {"timeout": self.timeout, "allowed_updates": ALLOWED}
        if self.offset is not None:
            body["offset"] = self.offset
        response = await client.post(self._url, json=body)
        data = response.json()
        if not data.get("ok"):
            raise PollError(int(data.get("error_code") or response.status_code),
                            str(data.get("description") or ""))
        return list(data.get("result") or [])

    def _complain(self, exc: Exception) -> None:
        """Once a minute at most: an outage must not flood the log."""
        now = time.monotonic()
        if now - self._last_complaint < 60:
            return
        self._last_complaint = now
        if isinstance(exc, PollError) and exc.code == 409:
            log.error("getUpdates refused: another process polls this bot (409 Conflict)")
        elif isinstance(exc, PollError):
            log.warning("getUpdates failed: %d %s", exc.code, exc.description[:100])
        else:  # the URL holds the token: name the server, never the request
            log.warning("cannot reach the Bot API at %s (TELEGRAM_API_BASE): %s; retrying",
                        self.api_base, type(exc).__name__)


class PollError(Exception):
    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
