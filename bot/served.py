"""What every channel served over aiohttp (the web page, WeCom's callbacks) does when it is
started, asked its port or stopped. A port it cannot listen on is a configuration error that
names the settings to change; on stopping, its background tasks end first, then the server,
then the updates already recorded get up to DRAIN_SECONDS to be handled (the rest stay in the
inbox)."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web

from bot.config_error import ConfigError
from bot.pump import UpdatePump

DRAIN_SECONDS = 10


async def serve(app: web.Application, host: str, port: int, *, what: str,
                settings: str) -> web.AppRunner:
    """Serve `app` on host:port (port 0: any free one). When that address cannot be had,
    the error says `what` could not be served and which `settings` place it."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as exc:
        await runner.cleanup()
        raise ConfigError(f"cannot serve {what} on {host}:{port} ({settings}): "
                          f"{exc.strerror or exc}") from exc
    return runner


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
