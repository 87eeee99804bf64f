"""`python -m bot export cases --out FILE.xlsx [--division CODE] [--full]`: the case list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import cipher_from
from bot.cli.report import session, translator, write_file
from bot.settings import Settings
from cases import id_numbers
from cases.statistics import scope_for
from storage.statistics import export_cases


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="export data as XLSX")
    inner = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    cases = inner.add_parser("cases", help="every case, ID numbers masked unless --full")
    cases.add_argument("--out", required=True, help="the .xlsx file to write")
    cases.add_argument("--division", default=None, help="a town or village code or name")
    cases.add_argument("--full", action="store_true",
                       help="show full ID numbers (district admins only: keep the file safe)")
    cases.add_argument("--lang", choices=("zh", "en"), default=None)
    cases.set_defaults(func=run_export)


async def run_export(args: argparse.Namespace) -> int:
    settings = Settings()
    return await export_case_list(settings, out=args.out, division=args.division, full=args.full,
                                  lang=args.lang or settings.locale.default_language)


async def export_case_list(settings: Settings, *, out: str, division: str | None, full: bool,
                           lang: str) -> int:
    """Write the workbook; ID numbers masked (e.g. 5001**********123X) unless `full`."""
    from bot.reports.xlsx import render_cases_xlsx

    cipher = cipher_from(settings)
    async with session(settings) as s:
        try:
            scope = scope_for(s.register, division)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        rows = await export_cases(s.tx, cipher, scope)

    def show(value: str | None) -> str:
        if not value:
            return ""
        return value if full else id_numbers.mask(value)

    data = render_cases_xlsx(rows, translator(lang), tz=s.programme.timezone,
                             division_name=s.register.name_of, mask=show)
    write_file(Path(out), data)
    print(f"exported {len(rows):,} cases to {out}" + (" (full ID numbers)" if full else ""),
          file=sys.stderr)
    return 0
