"""`python -m bot sandbox [--framework aiogram|ptb] [--port 8080] [--fresh]`: try it in a browser."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sandbox", help="the whole programme in your browser: four chats, no token needed",
        description="Start a local fake Telegram server, the bot pointed at it and a web page "
                    "with four chats side by side (resident, neighbour, village officer, "
                    "town lead). Needs no BOT_TOKEN, DATA_KEY or internet.")
    parser.add_argument("--framework", choices=("aiogram", "ptb"), default="aiogram",
                        help="the Telegram framework the bot runs on (default aiogram)")
    parser.add_argument("--port", type=int, default=8080, help="the page's port (default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="the page's address (default 127.0.0.1)")
    parser.add_argument("--data-dir", type=Path, default=Path("data"),
                        help="where sandbox.db, its key and the chats are kept (default ./data)")
    parser.add_argument("--fresh", action="store_true",
                        help="start over: forget the sandbox's database, key, clock and chats")
    parser.set_defaults(func=run)


async def run(args: argparse.Namespace) -> int:
    from bot.sandbox.runner import SandboxOptions, run_sandbox  # aiohttp and the fake server

    await run_sandbox(SandboxOptions(data_dir=args.data_dir, framework=args.framework,
                                     host=args.host, port=args.port, fresh=args.fresh))
    return 0
