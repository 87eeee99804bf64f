"""One send budget per process — and, on PostgreSQL, one for every process sharing the database.

Telegram counts a bot's messages, not a process's: 30 a second in all, one a second to a chat,
twenty a minute to a group. Alone (SQLite, or one process), the in-process sliding windows of
`RateLimiter` keep them, with no statement on the hot path. Shared (several workers on one
PostgreSQL):

- the overall rate is split by lease: every process writes a heartbeat each second and takes
  floor(budget / live processes) for its own window. A process that has just joined sends no
  outbox message for JOIN_GRACE, so the others have seen it and shrunk their share, and their
  last second of sends has left the window, before it uses its share; a share lapses
  SHARE_VALID after the heartbeat that gave it (late heartbeats stop the sending), and a
  silent process counts until STALE, later still. So the shares never exceed the budget;
- the per-chat spacing of outbox messages lives in the database (`chat_pacing`): a claim makes
  the chat busy for every process while its message is in flight, the send makes it wait one
  interval (three seconds for a group);
- a 429 pauses its chat for every process (`send_pauses`), and the whole bot's channel when
  several chats were told to wait within a second (then the limit was the bot's). Claims check
  the database; replies check the pauses read at the last heartbeat (at most a second old).

Replies to a person's own action are never held back by the limits (only by a pause): they
count toward the overall rate, so the outbox sends less while people are busy.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections import deque
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from scheduler.limiter import RateLimiter, SendLimits
from storage import send_budget as repo
from storage.db import Tx
from storage.send_budget import BOT

log = logging.getLogger(__name__)

HEARTBEAT = 1.0  # seconds between two heartbeats (the share and the pauses are re-read)
# A share holds this long after the heartbeat that gave it: a process whose heartbeats are
# late (a busy event loop, a slow database) stops sending from the outbox rather than keep a
# share the others may no longer leave it.
SHARE_VALID = timedelta(seconds=3)
# A process silent this long no longer counts: it stopped sending SHARE_VALID after its last
# heartbeat, and its last second of sends has left every window since.
STALE = SHARE_VALID + timedelta(seconds=2)
# A newcomer's wait before using its share: every other process has had a heartbeat since it
# joined (or stopped sending), and their sends on their larger shares have left the window.
JOIN_GRACE = SHARE_VALID + timedelta(seconds=1)
KEEP = timedelta(minutes=10)  # ended processes, pacing and pauses are forgotten after this
PRUNE_EVERY = timedelta(minutes=1)
BOT_WIDE_AFTER = 3  # chats told to wait within a second: the limit hit was the bot's


class SendBudget:
    """The process's limiter and the pauses it honours; shared through the database or not."""

    def __init__(self, limits: SendLimits, clock: Clock, engine: AsyncEngine | None = None, *,
                 shared: bool = False, worker: str | None = None) -> None:
        self.limits = limits
        self.clock = clock
        self.engine = engine
        self.shared = shared and engine is not None
        self.limiter = RateLimiter(limits)
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._pauses: dict[tuple[str, str], datetime] = {}
        self._recent: deque[tuple[datetime, str, str]] = deque()  # alone: 429s of the last second
        self._joined: datetime | None = None
        self._pruned: datetime | None = None
        if self.shared:
            self.limiter.overall = 0  # nothing from the outbox before the first heartbeat

    # --- what the dispatcher and the reply sender ask ---------------------------------------

    def paused_until(self, channel: str, chat_id: str, now: datetime) -> datetime | None:
        """When this chat may receive again after a 429 (its own, or the bot's), if later."""
        if not self._pauses:  # nearly always: no dictionary lookups on the reply's way
            return None
        until = max((u for u in (self._pauses.get((channel, chat_id)),
                                 self._pauses.get((channel, BOT))) if u is not None), default=None)
        return until if until is not None and until > now else None

    def paused_chats(self, now: datetime) -> set[str]:
        """Chats a 429 paused (kept out of the claim, like the busy ones)."""
        if not self._pauses:
            return set()
        return {chat for (_, chat), until in self._pauses.items() if chat != BOT and until > now}

    def paused_channels(self, channels: list[str], now: datetime) -> set[str]:
        """Channels the whole bot must not send on right now."""
        return {c for c in channels if (u := self._pauses.get((c, BOT))) is not None and u > now}

    def spacing(self, chat_id: str) -> timedelta:
        return timedelta(seconds=self.limits.spacing(chat_id))

    async def pause(self, channel: str, chat_id: str, seconds: float) -> None:
        """A 429 said "retry after": no process sends to this chat before then; when several
        chats were told so within a second, none to any chat of the channel."""
        now = self.clock.now()
        until = now + timedelta(seconds=max(seconds, 1))
        self._pauses = {k: u for k, u in self._pauses.items() if u > now}  # ended ones go
        self._remember(channel, chat_id, until)
        if not self.shared:
            self._recent.append((now, channel, chat_id))
            while self._recent and self._recent[0][0] <= now - timedelta(seconds=1):
                self._recent.popleft()
            if len({c for _, ch, c in self._recent if ch == channel}) >= BOT_WIDE_AFTER:
                self._bot_wide(channel, until)
            return
        assert self.engine is not None
        try:
            async with self.engine.begin() as tx:
                recent = await repo.pause(tx, channel, chat_id, until, now)
                if recent >= BOT_WIDE_AFTER:
                    await repo.pause(tx, channel, BOT, until, now)
                    self._bot_wide(channel, until)
        except Exception:
            # The row's own reschedule still holds the chat's outbox; only other processes'
            # replies may try once more and meet the 429 themselves.
            log.exception("could not share a 429 pause")

    async def hold(self, tx: Tx, channel: str, chat_id: str, until: datetime) -> None:
        """Shared: when this chat may receive its next outbox message (nothing alone)."""
        if self.shared:
            await repo.hold(tx, [(channel, chat_id)], until)

    def after_send(self, channel: str, chat_id: str, sent_at: datetime) -> Any:
        """Shared: the statement spacing the chat's next outbox message, written with the
        send's mark (None alone)."""
        if not self.shared:
            return None
        return repo.next_send(channel, chat_id, sent_at + self.spacing(chat_id))

    async def free(self, tx: Tx, chats: list[tuple[str, str]]) -> None:
        """Shared: these chats' claimed messages were not sent; others may take them now."""
        if self.shared and chats:
            await repo.hold(tx, chats, self.clock.now())

    # --- the heartbeat (shared only) --------------------------------------------------------

    async def refresh(self) -> None:
        """One heartbeat: say we live, take our share, read the pauses."""
        assert self.engine is not None
        now = self.clock.now()
        if self._joined is None:
            self._joined = now
        try:
            async with self.engine.begin() as tx:
                census = await repo.heartbeat(tx, self.worker, now, STALE)
                if self._pruned is None or now - self._pruned >= PRUNE_EVERY:
                    await repo.prune(tx, now, KEEP)
                    self._pruned = now
        except Exception:
            # Unseen for long, the others would count us out and grow their shares: send no
            # outbox message until a heartbeat gets through again.
            self.limiter.overall = 0
            log.exception("send budget heartbeat failed")
            return
        self._pauses = {k: u for k, u in self._pauses.items() if u > now}
        for key, until in census.pauses.items():
            self._remember(*key, until)
        if now - self._joined < JOIN_GRACE:
            self.limiter.overall = 0
        else:
            self.limiter.overall = max(self.limits.overall_per_second // max(census.live, 1), 1)
            self.limiter.share_until = now + SHARE_VALID

    async def run(self, stop: asyncio.Event) -> None:
        """Heartbeats until stopped. The row is left to go stale rather than deleted: this
        process's last second of sends must leave the others' windows before they grow."""
        while not stop.is_set():
            await self.refresh()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), HEARTBEAT)

    # ------------------------------------------------------------------------------------------

    def _remember(self, channel: str, chat_id: str, until: datetime) -> None:
        key = (channel, chat_id)
        if key not in self._pauses or self._pauses[key] < until:
            self._pauses[key] = until

    def _bot_wide(self, channel: str, until: datetime) -> None:
        log.warning("429s in several %s chats at once: every chat waits %s",
                    channel, until.isoformat(timespec="seconds"))
        self._remember(channel, BOT, until)
