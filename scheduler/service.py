"""Background work of a bot process: the outbox dispatcher always, the timed jobs on request.

`python -m bot run` (dispatcher + scheduler unless --no-scheduler) and `python -m bot
scheduler` share start_background().
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cases.routing import reroute_open_cases
from chat.transport import Transport
from scheduler.dispatcher import OutboxDispatcher
from scheduler.limiter import SendLimits
from scheduler.quiet_hours import QuietHours, parse_hhmm
from scheduler.replies import ReplySender
from storage import officials as officials_repo
from storage.db import Tx

log = logging.getLogger(__name__)


@dataclass
class BackgroundTasks:
    dispatcher: OutboxDispatcher
    replies: ReplySender
    scheduler: Any = None  # scheduler.runner.TimedJobs when the timed jobs run here
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def stop(self) -> None:
        self.stop_event.set()
        if self.scheduler is not None:
            await self.scheduler.stop()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)
        await self.replies.close()


def send_limits(app: Any) -> SendLimits:
    o = app.settings.outbox
    if not o.limits_enabled:
        return SendLimits.unlimited()
    return SendLimits(o.per_chat_interval, o.group_per_minute, o.overall_per_second)


def quiet_hours(app: Any) -> QuietHours:
    o = app.settings.outbox
    return QuietHours(parse_hhmm(o.quiet_start), parse_hhmm(o.quiet_end),
                      ZoneInfo(app.settings.locale.timezone))


def blocked_handler(app: Any):  # type: ignore[no-untyped-def]
    """On 403: the official (if it is one) is marked unreachable; their cases go back to routing."""

    async def on_blocked(tx: Tx, channel: str, chat_id: str) -> None:
        official = await officials_repo.mark_unreachable(tx, channel, chat_id)
        if official is None:
            return
        await reroute_open_cases(tx, official_id=official.id, store=app.services.cases,
                                 register=app.services.divisions, now=app.services.clock.now())

    return on_blocked


def make_replies(app: Any, transports: dict[str, Transport]) -> ReplySender:
    """The sender of replies to people's own actions (owed until delivered)."""
    o = app.settings.outbox
    return ReplySender(engine=app.db, transports=transports, clock=app.services.clock,
                       cipher=app.services.cases.cipher,
                       max_backoff=timedelta(seconds=o.max_backoff_seconds),
                       max_attempts=o.max_attempts, on_blocked=blocked_handler(app))


def make_dispatcher(app: Any, transports: dict[str, Transport],
                    replies: ReplySender | None = None) -> OutboxDispatcher:
    services = app.services
    o = app.settings.outbox
    return OutboxDispatcher(
        engine=app.db, transports=transports, clock=services.clock,
        catalogue=services.catalogue, limits=send_limits(app),
        default_lang=services.default_lang, on_blocked=blocked_handler(app),
        quiet_hours=quiet_hours(app), worker_id=f"{socket.gethostname()}:{os.getpid()}",
        max_backoff=timedelta(seconds=o.max_backoff_seconds), max_attempts=o.max_attempts,
        live=app.live_messages(), replies=replies,
    )


async def start_background(app: Any, transports: dict[str, Transport], *,
                           with_scheduler: bool = True, dispatch: bool = True) -> BackgroundTasks:
    """Start the dispatcher (and, with_scheduler, the timed jobs) for a wired App."""
    replies = make_replies(app, transports)
    await replies.load_owed()
    dispatcher = make_dispatcher(app, transports, replies)
    background = BackgroundTasks(dispatcher, replies)
    if dispatch:  # tests that drive the dispatcher round by round leave it off
        background.tasks.append(asyncio.create_task(dispatcher.run_forever(background.stop_event)))
    if with_scheduler:
        from scheduler.runner import TimedJobs

        background.scheduler = TimedJobs(app)
        await background.scheduler.start()
    return background
