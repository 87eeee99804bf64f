"""`python -m bot run [--no-scheduler]`: the bot with long polling."""

from __future__ import annotations

import argparse

from bot.runner import run_bot
from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="run the bot (long polling)")
    parser.add_argument("--no-scheduler", action="store_true",
                        help="leave out the timed jobs (the outbox dispatcher still runs)")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    await run_bot(Settings(), with_scheduler=not args.no_scheduler)
    return 0
