"""Webhook delivery, as Telegram does it: once the bot has called setWebhook, each update is
POSTed as JSON to the URL with the ``X-Telegram-Bot-Api-Secret-Token`` header, up to
max_connections POSTs at once, but one chat's updates one at a time: a chat's next update is
POSTed only once its previous one was answered (Telegram waits for the answer before it sends
the same chat's next update, so a bot that answers once it has recorded an update sees a
chat's updates recorded in order, whichever worker gets them). Anything but a 200 answer (or
no answer) puts the update back first in line to be tried again after a pause. deleteWebhook
(or an empty URL) stops it and getUpdates serves what is left.

A test may give several target URLs (``FakeTelegram.webhook_targets``): the POSTs then go to
them in turn, like a load balancer in front of several workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from .state import FakeState
from .updates import chat_of

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
RETRY_PAUSES = (0.2, 0.5, 1.0, 2.0)  # seconds before a failed update is tried again
POST_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Delivery:
    """One POST: which update, where to, and the answer's status (0: no answer)."""

    update_id: int
    url: str
    status: int


class WebhookDelivery:
    """The loop that POSTs queued updates while a webhook is set."""

    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.deliveries: list[Delivery] = []
        self._in_flight = 0
        self._busy: set[str] = set()  # chats with a POST in flight
        self._turn = 0
        self._failures: dict[int, int] = {}  # update_id → failed POSTs so far
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._posts: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._posts) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _can_post(self) -> bool:
        state = self.state
        return bool(state.webhook_url) and state.updates.ready(self._busy) \
            and self._in_flight < state.webhook_max_connections

    async def _run(self) -> None:
        state = self.state
        while not state.closing:
            await state.changes.wait_until(lambda: state.closing or self._can_post(), 3600)
            while not state.closing and self._can_post():
                update = state.updates.take_one(self._busy)
                if update is None:
                    break
                self._in_flight += 1
                self._busy.add(chat_of(update))
                task = asyncio.create_task(self._post(update, self._next_url()))
                self._posts.add(task)
                task.add_done_callback(self._posts.discard)

    def _next_url(self) -> str:
        targets = self.state.webhook_targets
        if not targets:
            return self.state.webhook_url
        self._turn += 1
        return targets[self._turn % len(targets)]

    async def _post(self, update: dict[str, Any], url: str) -> None:
        update_id = int(update["update_id"])
        status = 0
        try:
            if self._session is None:
                self._session = aiohttp.ClientSession(
                    timeout=aiohttp.ClientTimeout(total=POST_TIMEOUT))
            headers = {SECRET_HEADER: self.state.webhook_secret} if self.state.webhook_secret else {}
            async with self._session.post(url, json=update, headers=headers) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.info("fake Telegram: webhook POST of update %d to %s failed: %s", update_id, url, exc)
        finally:
            self.deliveries.append(Delivery(update_id, url, status))
            if status != 200:
                failures = self._failures[update_id] = self._failures.get(update_id, 0) + 1
                await self._pause(RETRY_PAUSES[min(failures, len(RETRY_PAUSES)) - 1])
                self.state.updates.put_back(update)
            else:
                self._failures.pop(update_id, None)
            self._in_flight -= 1
            self._busy.discard(chat_of(update))
            self.state.changes.notify()

    async def _pause(self, seconds: float) -> None:
        await self.state.changes.wait_until(lambda: self.state.closing, seconds)
