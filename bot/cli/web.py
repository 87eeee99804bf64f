"""`python -m bot web [--with-scheduler]`: the web channel alone, without Telegram — for a
deployment whose residents reach it only by the QR posters, or a second process beside
`python -m bot run` (which serves the page itself when WEB_PORT is set)."""

from __future__ import annotations

import argparse
import asyncio
import signal
from contextlib import suppress

from bot.app import ConfigError, build_app
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("web", help="serve the web channel (the page behind the QR posters)")
    parser.add_argument("--with-scheduler", action="store_true",
                        help="run the timed jobs here too (when no `run` process does)")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    from bot.startup import resume_gc
    from bot.web.channel import make_transport, start_web
    from scheduler.service import start_background

    settings = Settings()
    if not settings.web.web_port:
        raise ConfigError("WEB_PORT is not set: put the port the page is served on in .env "
                          "(e.g. WEB_PORT=8080, behind nginx; see README, Channels)")
    app = await build_app(settings)
    try:
        transport = make_transport(app)
        # This process sends only the web channel's messages; Telegram's wait for `run`.
        background = await start_background(app.background(), {"web": transport},
                                            with_scheduler=args.with_scheduler)
        try:
            running = await start_web(app, transport, background.replies)
            resume_gc()
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                with suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, stop.set)
            print(f"web channel on {settings.web.web_host}:{running.port}; Ctrl+C to stop")
            await stop.wait()
            await running.close()
        finally:
            await background.stop()
    finally:
        await app.close()
    return 0
