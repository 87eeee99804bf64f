"""Background work of a bot process: the outbox dispatcher always, the timed jobs on request.

`python -m bot run` (dispatcher + scheduler unless --no-scheduler) and `python -m bot
scheduler` share start_background().
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from typing import Any

from cases.routing import reroute_open_cases
from chat.telegram import CHANNEL as TELEGRAM
from chat.transport import Transport
from scheduler.dispatcher import OutboxDispatcher
from scheduler.replies import OnBlocked, ReplySender
from scheduler.send_budget import SendBudget
from scheduler.setup import Background
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


def blocked_handler(setup: Background) -> OnBlocked:
    """On 403: the official (if it is one) is marked unreachable; their cases go back to routing."""

    async def on_blocked(tx: Tx, channel: str, chat_id: str) -> None:
        official = await officials_repo.mark_unreachable(tx, channel, chat_id)
        if official is None:
            return
        await reroute_open_cases(tx, official_id=official.id, store=setup.store,
                                 register=setup.divisions, now=setup.clock.now())

    return on_blocked


def make_budget(setup: Background, transports: dict[str, Transport]) -> SendBudget:
    """The process's send limits: shared through the database when the setup says so and the
    process sends to Telegram (a process serving only the web page takes no share)."""
    return SendBudget(setup.limits, setup.clock, setup.engine,
                      shared=setup.shared_limits and TELEGRAM in transports)


def make_replies(setup: Background, transports: dict[str, Transport],
                 budget: SendBudget | None = None) -> ReplySender:
    """The sender of replies to people's own actions (owed until delivered)."""
    return ReplySender(engine=setup.engine, transports=transports, clock=setup.clock,
                       cipher=setup.store.cipher, max_backoff=setup.max_backoff,
                       max_attempts=setup.max_attempts, on_blocked=blocked_handler(setup),
                       media=setup.media, budget=budget)


def make_dispatcher(setup: Background, transports: dict[str, Transport],
                    replies: ReplySender | None = None,
                    budget: SendBudget | None = None) -> OutboxDispatcher:
    budget = budget or make_budget(setup, transports)
    return OutboxDispatcher(
        engine=setup.engine, transports=transports, clock=setup.clock,
        catalogue=setup.catalogue, limits=setup.limits, default_lang=setup.default_lang,
        on_blocked=blocked_handler(setup), quiet_hours=setup.quiet,
        worker_id=budget.worker, max_backoff=setup.max_backoff,
        max_attempts=setup.max_attempts, live=setup.live, replies=replies,
        cipher=setup.store.cipher, media=setup.media,
        budget=budget,
    )


async def start_background(setup: Background, transports: dict[str, Transport], *,
                           with_scheduler: bool = True, dispatch: bool = True) -> BackgroundTasks:
    """Start the dispatcher (and, with_scheduler, the timed jobs)."""
    budget = make_budget(setup, transports)  # one for the dispatcher and the replies
    replies = make_replies(setup, transports, budget)
    await replies.load_owed()
    dispatcher = make_dispatcher(setup, transports, replies, budget)
    background = BackgroundTasks(dispatcher, replies)
    if budget.shared:  # the heartbeat: this process's share and the pauses, every second
        background.tasks.append(asyncio.create_task(budget.run(background.stop_event)))
    if dispatch:  # tests that drive the dispatcher round by round leave it off
        background.tasks.append(asyncio.create_task(dispatcher.run_forever(background.stop_event)))
    if with_scheduler:
        from scheduler.runner import TimedJobs

        background.scheduler = TimedJobs(setup)
        await background.scheduler.start()
    return background
