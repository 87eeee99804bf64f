"""One polling process per database.

Two processes polling the same bot make Telegram answer 409 Conflict to both, and each would
see only some updates. So a poller holds a lease in the database (storage/leases.py), renews it
every quarter of its length, and gives it back at a clean stop. A process that finds the lease
held watches it: renewed → its holder is alive, and this process refuses to start, saying so;
run out → the holder died (SIGKILL, power), and this process takes over — at most one lease
length (POLL_LEASE_SECONDS, 60 by default) after the holder's last renewal. SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import ConfigError
from storage import leases

log = logging.getLogger(__name__)

NAME = "telegram-poller"


class PollLease:
    def __init__(self, db: AsyncEngine, seconds: float) -> None:
        self.db = db
        self.length = timedelta(seconds=seconds)
        self.renew_every = seconds / 4
        # Host and pid say who holds it (in the refusal); the random part tells two
        # incarnations of one pid apart.
        self.holder = f"{socket.gethostname()[:64]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._renewing: asyncio.Task[None] | None = None
        self.lost = asyncio.Event()

    async def acquire(self) -> None:
        """Take the lease, waiting out a dead holder's; ConfigError if another poller is alive."""
        first: leases.Lease | None = None
        while True:
            lease = await self._take()
            if lease.holder == self.holder:
                break
            if first is None:
                first = lease
                log.warning("another poller (%s) holds the lease until %s; waiting to see "
                            "whether it is still running", lease.holder,
                            lease.expires_at.isoformat(timespec="seconds"))
            elif lease.holder != first.holder or lease.expires_at > first.expires_at:
                raise ConfigError(
                    f"another process ({lease.holder}) is already polling Telegram for this "
                    "database. Two pollers make Telegram refuse both (409 Conflict). Stop the "
                    "other one first; for several processes use WEBHOOK_URL (docs/operations.md).")
            await asyncio.sleep(min(1.0, self.renew_every / 2))
        self._renewing = asyncio.create_task(self._renew())

    async def release(self) -> None:
        if self._renewing is not None:
            self._renewing.cancel()
            self._renewing = None
        try:
            async with self.db.begin() as tx:
                await leases.give_up(tx, NAME, self.holder)
        except Exception:  # the lease then runs out by itself
            log.exception("could not give back the poller lease")

    async def _take(self) -> leases.Lease:
        now = datetime.now(UTC)  # wall time, never the app's (movable) clock
        async with self.db.begin() as tx:
            return await leases.take(tx, NAME, self.holder, now, now + self.length)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(self.renew_every)
            try:
                lease = await self._take()
            except Exception:
                log.exception("could not renew the poller lease; trying again")
                continue
            if lease.holder != self.holder:  # we stalled past its end and another took over
                log.error("the poller lease was taken over by %s; this process stops polling",
                          lease.holder)
                self.lost.set()
                return
