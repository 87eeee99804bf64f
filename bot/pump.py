"""The update pump: received updates are recorded in the inbox, then handled — concurrently
across chats, one at a time and in order within a chat — and their replies sent at once.

A handler that raises leaves its inbox row to be tried again with backoff (the chat's later
updates wait behind it); after MAX_ATTEMPTS the person gets an apology and the row is kept
for an operator. At start, updates recorded but never handled (the process died) go first.

Several webhook workers on one PostgreSQL (`claims`): a chat's updates are handled by the
worker holding its claim, read from the inbox in update order (bot/chat_claims.py). Without
claims (SQLite, polling, one worker) the in-memory queue alone orders them, at no extra cost.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.chat_claims import RECENT, ChatClaims
from cases.clock import Clock
from chat.events import Event
from handlers.engine import Engine
from scheduler.replies import ReplySender
from storage import inbox as inbox_repo
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.hot_path import hot_transaction
from storage.inbox import Received

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF = (0.5, 1.0, 2.0, 4.0)  # seconds before attempts 2…5

Translate = Callable[[dict[str, Any]], Event | None]
# Told of each update done: the event, seconds from its arrival to its replies sent (None if
# it arrived before this process started), and False when it was given up (bot/metrics.py).
OnHandled = Callable[[Event, float | None, bool], None]


@dataclass(slots=True)
class Job:
    inbox_id: int
    event: Event
    received: float  # event-loop time, for the toast's window
    attempts: int = 0
    live: bool = True  # received by this process (not recovered at start)


class UpdatePump:
    """Records, orders and handles one channel's updates."""

    def __init__(self, *, db: AsyncEngine, core: Engine, sender: ReplySender, clock: Clock,
                 cipher: FieldCipher | None, channel: str, translate: Translate,
                 chat_of: Callable[[dict[str, Any]], str | None], window: timedelta,
                 concurrency: int = 64, on_handled: OnHandled | None = None,
                 claims: ChatClaims | None = None) -> None:
        self.db = db
        self.core = core
        self.sender = sender
        self.clock = clock
        self.cipher = cipher
        self.channel = channel
        self.translate = translate
        self.chat_of = chat_of
        self.window = window
        self.on_handled = on_handled
        self._queues: dict[str, deque[Job]] = {}
        self._workers: dict[str, asyncio.Task[None]] = {}
        self._slots = asyncio.Semaphore(concurrency)
        self.claims = claims
        # Shared mode: updates this process received, by chat and inbox id (their arrival
        # time makes the toast's window and the latency), and chats to look at again.
        self._live: dict[str, dict[int, Job]] = {}
        self._dirty: set[str] = set()

    async def receive(self, raws: list[dict[str, Any]], *, once: bool = False) -> None:
        """Record a batch durably, then queue it; returns once recorded (the caller may then
        acknowledge the batch to the channel). once: an update recorded before is not queued
        again (WeCom sends a callback again when its answer was slow; the first one is being
        handled, or is left to the next start's recovery)."""
        items, events = [], []
        for raw in raws:
            chat_id, event = self.chat_of(raw), self.translate(raw)
            if chat_id is None or event is None or event.update_key is None:
                continue  # nothing the bot answers (an edit, a channel post)
            items.append(Received(chat_id, event.update_key, raw))
            events.append(event)
        if not items:
            return
        now = self.clock.now()
        claimed: dict[str, list[inbox_repo.InboxItem]] = {}
        async with hot_transaction(self.db) as tx:
            again: list[bool] = []
            ids = await inbox_repo.record(tx, self.channel, items, now, now - self.window,
                                          self.cipher, again)
            if self.claims is not None:
                claimed = await self._claim_and_read(tx, {e.chat_id for e in events})
        loop_now = asyncio.get_running_loop().time()
        for inbox_id, event, seen in zip(ids, events, again, strict=True):
            if self.claims is None:
                if not (once and seen):
                    self._enqueue(Job(inbox_id, event, loop_now))
            else:  # the chat's rows come from the database: one handled already is not among them
                self._enqueue_shared(Job(inbox_id, event, loop_now), claimed.pop(event.chat_id, None))

    async def recover(self) -> int:
        """Queue what was recorded but never handled; returns how many (with claims: the
        chats, which are then swept again and again for a dead worker's updates)."""
        if self.claims is not None:
            chats = await self.sweep()
            self.claims.start(lambda: bool(self._workers), self.sweep)
            return chats
        now = self.clock.now()
        async with hot_transaction(self.db) as tx:
            items = await inbox_repo.unhandled(tx, self.channel, now - self.window, self.cipher)
        loop_now = asyncio.get_running_loop().time()
        for item in items:
            event = self.translate(item.payload)
            if event is not None:
                self._enqueue(Job(item.id, event, loop_now - 60, item.attempts,  # too late to toast
                                  live=False))
        if items:
            log.info("handling %d updates recorded before the last stop", len(items))
        return len(items)

    async def sweep(self, full: bool = True) -> int:
        """Shared mode: look at every chat with updates left and no running claim (not
        `full`: with updates of the last quarter hour only)."""
        assert self.claims is not None
        since = self._cutoff() if full else max(self._cutoff(), self.clock.now() - RECENT)
        chats = await self.claims.orphaned(since)
        for chat in chats:
            self._wake(chat)
        return len(chats)

    async def drain(self) -> None:
        """Wait until every queued update is handled (shutdown, tests)."""
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def close(self) -> None:
        """After drain: give back this worker's chat claims."""
        if self.claims is not None:
            await self.claims.stop()

    async def settled(self, chat_id: str, within: float) -> None:
        """Wait (at most `within` seconds) until the chat's queued updates are handled and their replies
        sent: a channel without push (the web page) answers its post only then."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while (worker := self._workers.get(chat_id)) is not None:
            left = deadline - loop.time()
            if left <= 0:
                return
            await asyncio.wait({worker}, timeout=left)

    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values()) + sum(map(len, self._live.values()))

    def _enqueue_shared(self, job: Job, claimed: list[inbox_repo.InboxItem] | None) -> None:
        """Shared mode: the job is kept for its arrival time; the chat's task reads the rows."""
        chat = job.event.chat_id
        self._live.setdefault(chat, {})[job.inbox_id] = job
        self._wake(chat, claimed)

    def _enqueue(self, job: Job) -> None:
        chat = job.event.chat_id
        self._queues.setdefault(chat, deque()).append(job)
        if chat not in self._workers:
            self._workers[chat] = asyncio.create_task(self._work(chat))

    async def _work(self, chat: str) -> None:
        """One chat's updates, in the order received."""
        queue = self._queues[chat]
        try:
            while queue:
                job = queue[0]
                async with self._slots:
                    await self._run(job)
                queue.popleft()
        finally:
            del self._workers[chat]
            if not queue:
                del self._queues[chat]
            else:  # cancelled mid-queue: the rest stays in the inbox for the next start
                self._queues.pop(chat, None)

    def _cutoff(self) -> datetime:
        return self.clock.now() - self.window

    async def _claim_and_read(self, tx: Tx, chats: set[str]) -> dict[str, list[inbox_repo.InboxItem]]:
        """In the transaction that records a batch (one fewer transaction per update): claim
        each chat no task of ours is working on, and read its unhandled rows."""
        assert self.claims is not None
        claimed = {}
        for chat in chats - self._workers.keys():
            if await self.claims.take(tx, chat):
                claimed[chat] = await inbox_repo.unhandled(tx, self.channel, self._cutoff(),
                                                           self.cipher, chat_id=chat)
        return claimed

    def _wake(self, chat: str, claimed: list[inbox_repo.InboxItem] | None = None) -> None:
        """Shared mode: have the chat's updates looked at (again). `claimed`: the chat was
        claimed and these rows read just now — used only by a task started now (a task
        already at work reads the rows again itself: these may be handled by then)."""
        self._dirty.add(chat)
        if chat not in self._workers:
            self._workers[chat] = asyncio.create_task(self._work_shared(chat, claimed))

    async def _work_shared(self, chat: str, claimed: list[inbox_repo.InboxItem] | None) -> None:
        """One chat's updates while this worker holds its claim: from the inbox, in update
        order, until none is left; then the claim goes back (in the statement that checks that
        none is left, so an update another worker recorded meanwhile is never stranded)."""
        assert self.claims is not None
        try:
            while True:
                self._dirty.discard(chat)
                if claimed is not None:
                    items, mine, claimed = claimed, True, None
                else:
                    async with hot_transaction(self.db) as tx:
                        mine = await self.claims.take(tx, chat)
                        items = await inbox_repo.unhandled(
                            tx, self.channel, self._cutoff(), self.cipher, chat_id=chat) if mine else []
                if not mine:
                    break  # another worker holds it and looks at the inbox before letting go
                for item in items:
                    job = self._live.get(chat, {}).pop(item.id, None) or self._job_of(item)
                    if job is None:
                        continue
                    async with self._slots:
                        await self._run(job)
                if await self.claims.release_if_idle(chat, self._cutoff()):
                    break
        except Exception:  # the database is away: the sweep brings the chat back
            log.exception("handling a %s chat's updates failed; the sweep tries again", self.channel)
        finally:
            del self._workers[chat]
            if chat in self._dirty:  # woken after its last look
                self._workers[chat] = asyncio.create_task(self._work_shared(chat, None))
            else:
                self._live.pop(chat, None)

    def _job_of(self, item: inbox_repo.InboxItem) -> Job | None:
        """A row another worker recorded (or one from before a restart); its age from the
        inbox, for the toast's window."""
        event = self.translate(item.payload)
        if event is None:
            return None
        age = max(0.0, (self.clock.now() - item.received_at).total_seconds())
        return Job(item.id, event, asyncio.get_running_loop().time() - age, item.attempts,
                   live=False)

    async def _run(self, job: Job) -> None:
        event = job.event
        while True:
            try:
                replies = await self.core.handle(event)
            except Exception as exc:
                job.attempts += 1
                give_up = job.attempts >= MAX_ATTEMPTS
                # Never the text: it may hold a phone or ID number.
                log.exception("update %s of a %s chat failed (attempt %d)", event.update_key,
                              event.channel, job.attempts)
                await self._record_failure(job, type(exc).__name__, give_up)
                if give_up:
                    await self.sender.send_now(event.channel, event.chat_id, None,
                                               self.core.apology(event), event.callback_id, job.received)
                    self._handled(job, ok=False)
                    return
                await asyncio.sleep(BACKOFF[min(job.attempts - 1, len(BACKOFF) - 1)])
                continue
            try:
                await self.sender.send_now(event.channel, event.chat_id, event.update_key, replies,
                                           event.callback_id, job.received)
            except Exception:  # the replies are stored and owed: the dispatcher sends them
                log.exception("sending the replies to a %s chat failed", event.channel)
            self._handled(job, ok=True)
            return

    def _handled(self, job: Job, ok: bool) -> None:
        if self.on_handled is not None:
            latency = asyncio.get_running_loop().time() - job.received if job.live else None
            self.on_handled(job.event, latency, ok)

    async def _record_failure(self, job: Job, error: str, give_up: bool) -> None:
        try:
            async with hot_transaction(self.db) as tx:
                await inbox_repo.record_failure(tx, job.inbox_id, error, give_up=give_up)
        except Exception:
            log.exception("could not record a failed update")
