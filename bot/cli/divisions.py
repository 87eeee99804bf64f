"""`python -m bot divisions import FILE.csv`: load a real division register."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings
from cases.csvfile import CsvError
from cases.division_import import parse_divisions
from storage import divisions as division_repo
from storage.db import create_engine
from storage.migrate import migrate


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("divisions", help="the division register")
    inner = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    load = inner.add_parser("import", help="load code,name,level,parent_code from a CSV file")
    load.add_argument("file")
    load.set_defaults(func=import_divisions)


async def import_divisions(args: argparse.Namespace) -> int:
    """All rows or nothing: any bad row is named and nothing is loaded."""
    engine = create_engine(Settings().storage.database_url)
    try:
        await migrate(engine)
        async with engine.begin() as tx:
            known = {d.code: d for d in await division_repo.all_divisions(tx)}
            try:
                items = parse_divisions(args.file, known)
            except CsvError as exc:
                for problem in exc.problems:
                    print(problem, file=sys.stderr)
                print(f"nothing loaded: {len(exc.problems)} problem(s)", file=sys.stderr)
                return 1
            await division_repo.upsert_many(tx, items)
    finally:
        await engine.dispose()
    print(f"loaded {len(items)} divisions")
    return 0
