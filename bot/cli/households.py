"""`python -m bot households import FILE.csv`: load the household register (建档立卡)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from bot.app import cipher_from
from bot.division_register import load_register
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from cases.csvfile import CsvError
from cases.household_import import parse, plan, write
from i18n.catalog.vocab import ZH as VOCAB_ZH
from storage import households as household_repo
from storage.db import chunk_transactions, create_engine, read_transaction
from storage.migrate import migrate


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("households", help="the household register (建档立卡)")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = inner.add_parser(
        "import", help="load household_id,village_code,head_name,id_number,members,category,phone"
                       "[,group]")
    load.add_argument("file")
    load.set_defaults(func=import_households)


def labels_to_slugs(prefix: str) -> dict[str, str]:
    """Chinese label → slug for one vocabulary of the catalogue (e.g. "register.")."""
    return {label: key[len(prefix):] for key, label in VOCAB_ZH.items() if key.startswith(prefix)}


class ProgressBar:
    """A bar on stderr for large files: redrawn in place on a terminal, a line per 25 % elsewhere."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None,
                 minimum: int = 2000) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = total >= minimum
        self.tty = self.stream.isatty()
        self._last_quarter = 0

    def __call__(self, count: int) -> None:
        self.done = min(self.total, self.done + count)
        if not self.enabled:
            return
        share = self.done / self.total
        if self.tty:
            filled = int(share * 30)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
        elif int(share * 4) > self._last_quarter:
            self._last_quarter = int(share * 4)
            self.stream.write(f"{self.label}: {self.done}/{self.total} ({share:.0%})\n")
        self.stream.flush()


def report_problems(exc: CsvError) -> int:
    for problem in exc.problems:
        print(problem, file=sys.stderr)
    print(f"nothing loaded: {len(exc.problems)} problem(s)", file=sys.stderr)
    return 1


async def import_households(args: argparse.Namespace) -> int:
    """All rows or nothing (checked first, then written in chunks); a second import of the
    same file changes nothing, and a re-run completes an interrupted one."""
    return await load_households(Settings(), args.file, SystemClock())


async def load_households(settings: Settings, path: str, clock: Clock) -> int:
    """The import itself, with the settings and clock handed in (tests give their own)."""
    cipher = cipher_from(settings)
    engine = create_engine(settings.storage.database_url)
    started = time.perf_counter()
    try:
        await migrate(engine)
        register_ = await load_register(engine)
        today = settings.programme_rules().local(clock.now()).date()
        try:
            rows = parse(path, register=register_, today=today,
                         category_labels=labels_to_slugs("register."))
            async with read_transaction(engine) as tx:
                stored = await household_repo.fingerprints(tx)
                short_ids = await household_repo.short_ids(tx)
            work = plan(rows, stored, cipher, short_ids)  # the whole file checked before any write
        except CsvError as exc:
            return report_problems(exc)
        bar = ProgressBar(len(work.new) + len(work.changed), "households")
        await write(chunk_transactions(engine), cipher, work, now=clock.now(), progress=bar)
    finally:
        await engine.dispose()
    print(f"households: {len(work.new)} new, {len(work.changed)} changed, "
          f"{work.unchanged} unchanged ({time.perf_counter() - started:.1f} s)")
    return 0
