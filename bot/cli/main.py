"""The command line: one module per command group under bot/cli/, each with register()."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import sys

from bot.app import ConfigError
from bot.logs import configure_logging
from bot.settings import LoggingSettings

# Command modules; each defines register(subparsers) and sets `func` on its parsers.
COMMAND_MODULES = (
    "bot.cli.run",
    "bot.cli.keygen",
    "bot.cli.migrate",
    "bot.cli.divisions",
    "bot.cli.households",
    "bot.cli.alerts",
    "bot.cli.scheduler",
    "bot.cli.status",
    "bot.cli.sandbox",
    "bot.cli.report",
    "bot.cli.export",
    "bot.cli.cases_import",
    "bot.cli.invite",
    "bot.cli.officials",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Safety Net (平安网) bot")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    configure_logging(LoggingSettings().log_level)
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        result = asyncio.run(func(args)) if inspect.iscoroutinefunction(func) else func(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return int(result or 0)
