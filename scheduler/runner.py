"""APScheduler wiring: one fixed-id interval job drives the tick; the truth stays in the
database (no job store), and on PostgreSQL an advisory lock elects one scheduler process."""

from __future__ import annotations

import logging
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from scheduler.jobs import TimedWork
from scheduler.setup import Background

log = logging.getLogger(__name__)

JOB_ID = "safety-net.tick"
LOCK_KEY = 0x5AFE7E  # pg advisory lock: the scheduler leader


class TimedJobs:
    """The timed jobs of a process; only the leader ticks."""

    def __init__(self, setup: Background) -> None:
        self.setup = setup
        self.work = TimedWork(setup)
        self.scheduler = AsyncIOScheduler(timezone=setup.timed.zone)
        self._lock_conn: AsyncConnection | None = None

    async def start(self) -> None:
        self.scheduler.add_job(self._tick, "interval", id=JOB_ID, replace_existing=True,
                               seconds=self.setup.timed.tick_seconds,
                               max_instances=1, coalesce=True, misfire_grace_time=None)
        self.scheduler.start()
        # The first tick now (not after one interval): a restart catches up at once.
        self.scheduler.get_job(JOB_ID).modify(next_run_time=_now_in(self.scheduler))

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._lock_conn is not None:
            await self._lock_conn.close()
            self._lock_conn = None

    async def _tick(self) -> None:
        try:
            if await self._leader():
                await self.work.tick()
        except Exception:
            log.exception("scheduler tick failed")

    async def _leader(self) -> bool:
        """SQLite: one process per file, always the leader. PostgreSQL: hold an advisory lock
        on a connection of our own; whoever holds it ticks, the others keep asking."""
        engine = self.setup.engine
        if engine.dialect.name != "postgresql":
            return True
        if self._lock_conn is not None:
            return True
        conn = await engine.connect()
        got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY})
               ).scalar()
        await conn.commit()
        if got:
            self._lock_conn = conn
            log.info("this process runs the scheduler (advisory lock held)")
            return True
        await conn.close()
        return False


def _now_in(scheduler: AsyncIOScheduler) -> datetime:
    return datetime.now(scheduler.timezone)
