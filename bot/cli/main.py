"""The command line: one module per command group under bot/cli/, each with register()."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import inspect
import logging
import sys
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from bot.cli.database import NoDatabase
from bot.config_error import ConfigError
from bot.logs import configure_logging
from bot.settings import LoggingSettings
from bot.startup import resume_gc

# Command name → its module; each module defines register(subparsers) and sets `func` on its
# parsers. Only the named command's module is imported (`run` never loads the sandbox, the
# reports or Alembic's script machinery); --help and an unknown command import them all.
COMMAND_MODULES = {
    "run": "bot.cli.run",
    "keygen": "bot.cli.keygen",
    "migrate": "bot.cli.migrate",
    "divisions": "bot.cli.divisions",
    "households": "bot.cli.households",
    "alerts": "bot.cli.alerts",
    "scheduler": "bot.cli.scheduler",
    "status": "bot.cli.status",
    "sandbox": "bot.cli.sandbox",
    "report": "bot.cli.report",
    "export": "bot.cli.export",
    "cases": "bot.cli.cases_import",
    "invite": "bot.cli.invite",
    "officials": "bot.cli.officials",
    "vocab": "bot.cli.vocab",
    "audit": "bot.cli.audit",
    "lifecycle": "bot.cli.lifecycle",
    "policy": "bot.cli.policy",
    "rekey": "bot.cli.rekey",
    "web": "bot.cli.web",
    "posters": "bot.cli.posters",
}

VERBOSE_FLAGS = ("-v", "--verbose")
# Libraries whose INFO lines ("Context impl SQLiteImpl.", "Will assume transactional DDL.")
# are noise in a command's output; -v shows them.
CHATTY_LIBRARIES = ("alembic",)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The top-level parser: with the command named on `argv` only, else with every one."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Safety Net (平安网) bot")
    parser.add_argument(*VERBOSE_FLAGS, dest="verbose", action="store_true",
                        help="show the libraries' INFO logs and, on an error, the traceback "
                             "(allowed anywhere on the line)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    command = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")),
                   None)
    names = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
    for name in names:
        importlib.import_module(name).register(sub)
    return parser


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """Parse the line; -v/--verbose is accepted after the command too."""
    args, extra = parser.parse_known_args(argv)
    unknown = [a for a in extra if a not in VERBOSE_FLAGS]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.verbose = bool(args.verbose or extra)
    return args


def set_up_logging(verbose: bool) -> None:
    """LOG_LEVEL for our own logs (LOG_FORMAT=json: JSON lines); library INFO lines only with -v."""
    settings = LoggingSettings()
    level = settings.log_level
    if verbose and logging.getLevelName(level) > logging.INFO:
        level = "INFO"
    configure_logging(level)
    if settings.log_format == "json":
        from bot.logs_json import use_json_logs

        use_json_logs()
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose else logging.WARNING)


def missing_input(args: argparse.Namespace) -> str | None:
    """An import's input file that is not there, before anything touches the database."""
    path = getattr(args, "file", None)
    if path is None or Path(path).is_file():
        return None
    return f"no file {path}" if not Path(path).exists() else f"{path} is not a file"


def one_line(exc: BaseException) -> str:
    """The first line of an error, the database driver's own message where there is one."""
    source = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(source).strip().splitlines()
    return text[0] if text else type(source).__name__


def run_command(args: argparse.Namespace) -> int:
    """Run the chosen command; known failures become one line on stderr."""
    func = args.func
    try:
        result = asyncio.run(func(args)) if inspect.iscoroutinefunction(func) else func(args)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NoDatabase as exc:
        print(exc, file=sys.stderr)
        return 1
    except (OSError, DBAPIError) as exc:
        if args.verbose:
            raise
        print(f"error: {one_line(exc)} (add -v for the details)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return int(result or 0)


def main(argv: list[str] | None = None) -> int:
    """`python -m bot …`: parse, set up logging, run one command, return its exit code."""
    parser = build_parser(argv)
    args = parse(parser, argv)
    set_up_logging(args.verbose)
    if getattr(args, "func", None) is None:
        parser.print_help()
        return 2
    if args.command != "run":  # `run` resumes it once the bot is up (bot/runner.py)
        resume_gc()
    problem = missing_input(args)
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return run_command(args)
