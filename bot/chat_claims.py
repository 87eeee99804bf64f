"""Several webhook workers on one PostgreSQL: one chat, one worker at a time.

Telegram opens several webhook connections at once, and a load balancer may hand two updates
of one chat to two workers. A worker handles a chat only while it holds the chat's claim
(storage/chat_claims.py), and then handles the chat's unhandled inbox rows from the database
in update order — rows another worker recorded included. The claim is renewed by a heartbeat
while the worker lives and given back when the chat's inbox is empty. A worker killed with
SIGKILL leaves its claims to run out; every worker's sweep looks for chats with updates left
and no running claim, and claims them (within claim length + sweep interval).

Times are wall-clock (never the app's movable clock): claims are between processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import chat_claims as repo
from storage.db import Tx
from storage.hot_path import hot_transaction

log = logging.getLogger(__name__)

RECENT = timedelta(minutes=15)
FULL_SWEEP_EVERY = 60  # sweeps (5 minutes at WORKER_SWEEP_SECONDS=5)


@dataclass(frozen=True, slots=True)
class ClaimTimes:
    """WORKER_CLAIM_SECONDS and WORKER_SWEEP_SECONDS."""

    length: float = 30.0
    sweep_every: float = 5.0


class ChatClaims:
    """This worker's claims: take, give back, heartbeat, and the sweep for orphaned chats."""

    def __init__(self, db: AsyncEngine, channel: str, times: ClaimTimes) -> None:
        self.db = db
        self.channel = channel
        self.times = times
        # Host and pid for an operator reading the table; the random part tells two
        # incarnations of one pid apart.
        self.worker = f"{socket.gethostname()[:64]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._tasks: list[asyncio.Task[None]] = []

    def _until(self) -> tuple[datetime, datetime]:
        now = datetime.now(UTC)
        return now, now + timedelta(seconds=self.times.length)

    async def take(self, tx: Tx, chat_id: str) -> bool:
        """Claim the chat in the caller's transaction (which then reads the chat's inbox)."""
        now, until = self._until()
        return await repo.take(tx, self.channel, chat_id, self.worker, now, until)

    async def release_if_idle(self, chat_id: str, cutoff: datetime) -> bool:
        async with hot_transaction(self.db) as tx:
            return await repo.release_if_idle(tx, self.channel, chat_id, self.worker, cutoff)

    async def orphaned(self, cutoff: datetime) -> list[str]:
        async with self.db.begin() as tx:
            return await repo.orphaned(tx, self.channel, datetime.now(UTC), cutoff)

    def start(self, held: Callable[[], bool], sweep: Callable[[bool], Awaitable[object]]) -> None:
        """Heartbeat while `held()` says we hold chats; `sweep(full)` every sweep interval."""
        self._tasks = [asyncio.create_task(self._heartbeat(held)),
                       asyncio.create_task(self._sweep(sweep))]

    async def stop(self) -> None:
        """Stop the background work and give back every claim (a clean stop: others take
        our chats at once instead of after the claims run out)."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        try:
            async with self.db.begin() as tx:
                await repo.release_all(tx, self.worker)
        except Exception:  # they run out by themselves
            log.exception("could not give back this worker's chat claims")

    async def _heartbeat(self, held: Callable[[], bool]) -> None:
        while True:
            await asyncio.sleep(self.times.length / 3)
            if not held():
                continue
            try:
                _, until = self._until()
                async with self.db.begin() as tx:
                    await repo.renew(tx, self.worker, until)
            except Exception:
                log.exception("could not renew this worker's chat claims; trying again")

    async def _sweep(self, sweep: Callable[[bool], Awaitable[object]]) -> None:
        """Mostly the last RECENT of the inbox (a dead worker's updates are that young), the
        whole window every FULL_SWEEP_EVERY-th time (updates stranded longer, e.g. while the
        database was away): the inbox holds a week of updates, too many to read every 5 s."""
        turn = 0
        while True:
            await asyncio.sleep(self.times.sweep_every)
            turn += 1
            try:
                await sweep(turn % FULL_SWEEP_EVERY == 0)
            except Exception:
                log.exception("the sweep for chats left by another worker failed")
