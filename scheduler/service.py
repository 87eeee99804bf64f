"""Background work of a bot process: the outbox dispatcher always, the timed jobs on request."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
from dataclasses import dataclass, field
from typing import Any

from scheduler.dispatcher import OutboxDispatcher
from scheduler.transport import Transport


@dataclass
class BackgroundTasks:
    dispatcher: OutboxDispatcher
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    tasks: list[asyncio.Task[Any]] = field(default_factory=list)

    async def stop(self) -> None:
        self.stop_event.set()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(task, timeout=10)


async def start_background(app: Any, transports: dict[str, Transport], *,
                           with_scheduler: bool = True) -> BackgroundTasks:
    """Start the dispatcher (and, with_scheduler, the timed jobs) for a wired App."""
    services = app.services
    dispatcher = OutboxDispatcher(
        engine=app.db, transports=transports, clock=services.clock,
        catalogue=services.catalogue, default_lang=services.default_lang,
        worker_id=f"{socket.gethostname()}:{os.getpid()}",
    )
    background = BackgroundTasks(dispatcher)
    background.tasks.append(asyncio.create_task(dispatcher.run_forever(background.stop_event)))
    return background
