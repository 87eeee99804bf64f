"""`python -m bot alerts import FILE.csv`: department data alerts (大数据比对) open cases."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from bot.app import cipher_from
from bot.cli.households import ProgressBar, labels_to_slugs, report_problems
from bot.division_register import load_register
from bot.settings import Settings
from cases import alert_import, id_numbers
from cases.clock import Clock, SystemClock
from cases.csvfile import CsvError
from cases.intake import Desk
from cases.spreadsheet import defused
from i18n.render import default_catalogue
from storage.cases import CaseStore
from storage.db import chunk_transactions, create_engine, read_transaction
from storage.migrate import migrate

UNMATCHED_COLUMNS = ("line", "department", "id_number", "household_id", "alert_type", "amount",
                     "date", "reason")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("alerts", help="department data alerts (大数据比对)")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = inner.add_parser(
        "import", help="load department,id_number,household_id,alert_type,amount,date")
    load.add_argument("file")
    load.add_argument("--unmatched", default=None,
                      help="where to write rows that match no household "
                           "(default: FILE.unmatched.csv beside the file)")
    load.set_defaults(func=import_alerts)


async def import_alerts(args: argparse.Namespace) -> int:
    """All rows or nothing (checked first, then written in chunks); unmatched rows to a report
    file; a second import opens nothing, and a re-run completes an interrupted one."""
    unmatched = Path(args.unmatched) if args.unmatched else default_report_path(Path(args.file))
    return await load_alerts(Settings(), args.file, SystemClock(), unmatched)


def default_report_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.unmatched.csv")


async def load_alerts(settings: Settings, path: str, clock: Clock, unmatched_path: Path) -> int:
    """The import itself, with settings and clock handed in (tests give their own)."""
    cipher = cipher_from(settings)
    catalogue = default_catalogue()
    programme = settings.programme_rules()
    engine = create_engine(settings.storage.database_url)
    try:
        await migrate(engine)
        register_ = await load_register(engine)
        now = clock.now()
        try:
            rows = alert_import.parse(path, today=programme.local(now).date(),
                                      type_labels=labels_to_slugs("alert."))
        except CsvError as exc:
            return report_problems(exc)
        desk = Desk(store=CaseStore(cipher), programme=programme, register=register_,
                    labels=lambda key, lang: catalogue.text(key, lang),
                    default_lang=settings.locale.default_language)
        names = {slug: catalogue.text(f"alert.{slug}", "zh") for slug in alert_import.ALERT_TYPES}
        async with read_transaction(engine) as tx:
            work = await alert_import.plan(tx, desk, rows)
        bar = ProgressBar(len(work.fresh), "households with new alerts", minimum=500)
        result = await alert_import.write(
            chunk_transactions(engine), desk, work, now=now, type_names=names,
            progress=lambda done, _total: bar(done - bar.done))
    finally:
        await engine.dispose()
    if result.unmatched:
        write_unmatched(unmatched_path, result.unmatched)
    print(f"alerts: {result.rows} rows, {result.new_alerts} new, {result.already} already "
          f"imported, {len(result.unmatched)} unmatched"
          + (f" (see {unmatched_path})" if result.unmatched else ""))
    print(f"cases opened: {len(result.opened)}, further reports on open cases: "
          f"{len(result.merged)}")
    return 0


def write_unmatched(path: Path, unmatched: list[alert_import.Unmatched]) -> None:
    """The rows no household matched, ID numbers masked: the line number finds the original."""
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(UNMATCHED_COLUMNS)
        for item in unmatched:
            r = item.row  # the department's own text: defused, as it may hold a formula
            writer.writerow(defused([r.line, r.department, id_numbers.mask(r.id_number),
                                     r.household_id or "", r.alert_type,
                                     "" if r.amount is None else r.amount, r.day.isoformat(),
                                     item.reason]))
    print(f"unmatched rows written to {path}", file=sys.stderr)
