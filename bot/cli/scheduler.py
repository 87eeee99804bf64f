"""`python -m bot scheduler [--once]`: the timed jobs alone (reminders, escalation, digests,
outbox health); the bot processes' dispatchers send what they queue."""

from __future__ import annotations

import argparse
import asyncio
import signal
from contextlib import suppress

from bot.app import build_app
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("scheduler", help="run the timed jobs without the bot")
    parser.add_argument("--once", action="store_true", help="run one tick and exit")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    from scheduler.jobs import TimedWork
    from scheduler.runner import TimedJobs

    app = await build_app(Settings())
    try:
        if args.once:
            result = await TimedWork(app.background()).tick()
            print(f"reminders {result.reminders}, escalations {result.escalations}, "
                  f"digests {result.digests}, backlog alert {'yes' if result.alerted else 'no'}")
            return 0
        jobs = TimedJobs(app.background())
        await jobs.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        print("scheduler running; Ctrl+C to stop")
        await stop.wait()
        await jobs.stop()
        return 0
    finally:
        await app.close()
