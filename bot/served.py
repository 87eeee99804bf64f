"""What every channel served over aiohttp (the web page, WeCom's callbacks) does when it is
asked its port or stopped: its background tasks end first, then the server, then the updates
already recorded get up to DRAIN_SECONDS to be handled (the rest stay in the inbox)."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from bot.pump import UpdatePump

DRAIN_SECONDS = 10


def listening_port(runner: web.AppRunner) -> int:
    for address in runner.addresses:
        return int(address[1])
    raise RuntimeError("not listening")


async def stop_served(runner: web.AppRunner, tasks: list[asyncio.Task[None]], pump: UpdatePump) -> None:
    for task in tasks:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await runner.cleanup()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(pump.drain(), DRAIN_SECONDS)
