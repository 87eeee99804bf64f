"""`python -m bot cases import FILE.csv`: bring an existing register's case history."""

from __future__ import annotations

import argparse

from bot.cli.households import labels_to_slugs, report_problems
from bot.division_register import load_register
from bot.settings import Settings
from cases import history_import
from cases.clock import Clock, SystemClock
from cases.csvfile import CsvError
from storage.db import chunk_transactions, create_engine, read_transaction
from storage.migrate import migrate


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("cases", help="cases: import a history")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = inner.add_parser("import", help="load " + ",".join(history_import.COLUMNS))
    load.add_argument("file")
    load.set_defaults(func=import_history)


async def import_history(args: argparse.Namespace) -> int:
    """All rows or nothing (checked first, then written in chunks); a second import of the
    same file adds nothing, and a re-run completes an interrupted one."""
    return await load_history(Settings(), args.file, SystemClock())


def vocabularies() -> history_import.Vocabularies:
    return history_import.Vocabularies(
        sources=labels_to_slugs("source."), risks=labels_to_slugs("risk."),
        categories=labels_to_slugs("category."), closures=labels_to_slugs("closure."))


async def load_history(settings: Settings, path: str, clock: Clock) -> int:
    """The import itself, with settings and clock handed in (tests give their own)."""
    programme = settings.programme_rules()
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        register_ = await load_register(engine)
        now = clock.now()
        try:
            rows = history_import.parse(path, register=register_, tz=programme.timezone, now=now,
                                        labels=vocabularies())
            async with read_transaction(engine) as tx:
                work = await history_import.check(tx, rows)
        except CsvError as exc:
            return report_problems(exc)
        result = await history_import.write(chunk_transactions(engine), work,
                                            prefix=programme.ref_prefix, now=now)
    finally:
        await engine.dispose()
    print(f"cases: {result.rows} rows, {result.added} added, {result.already} already present")
    return 0
