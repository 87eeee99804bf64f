"""`python -m bot export cases --out FILE.csv|FILE.xlsx [--division CODE] [--full]`: the case list."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import cipher_from
from bot.cli.report import session, translator, write_file
from bot.settings import Settings
from cases import id_numbers
from cases.spreadsheet import defused
from cases.statistics import scope_for
from handlers.stats_view import Translate
from storage.case_export import ExportCase, export_cases

# The file's extension picks the format.
FORMATS = {".csv": "csv", ".xlsx": "xlsx"}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export", help="export data as CSV or XLSX")
    inner = parser.add_subparsers(dest="what", metavar="WHAT", required=True)
    cases = inner.add_parser("cases", help="every case, ID numbers masked unless --full")
    cases.add_argument("--out", required=True,
                       help="the file to write: .csv (UTF-8 with BOM, for Excel) or .xlsx")
    cases.add_argument("--division", default=None, help="a town or village code or name")
    cases.add_argument("--full", action="store_true",
                       help="show full ID numbers (district admins only: keep the file safe)")
    cases.add_argument("--lang", choices=("zh", "en"), default=None)
    cases.set_defaults(func=run_export)


async def run_export(args: argparse.Namespace) -> int:
    settings = Settings()
    return await export_case_list(settings, out=args.out, division=args.division, full=args.full,
                                  lang=args.lang or settings.locale.default_language)


def out_format(out: str) -> str | None:
    """"csv" or "xlsx" from the file's extension; None for anything else."""
    return FORMATS.get(Path(out).suffix.lower())


async def export_case_list(settings: Settings, *, out: str, division: str | None, full: bool,
                           lang: str) -> int:
    """Write the case list; ID numbers masked (e.g. 5001**********123X) unless `full`."""
    fmt = out_format(out)
    if fmt is None:
        print(f"error: --out must end in .csv or .xlsx, not {Path(out).suffix or 'nothing'!r}",
              file=sys.stderr)
        return 2
    async with session(settings) as s:
        cipher = cipher_from(settings)
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

    def division_name(code: str) -> str:
        return s.register.name_of(code)

    t, tz = translator(lang), s.programme.timezone
    if fmt == "xlsx":
        from bot.reports.xlsx import render_cases_xlsx

        data = render_cases_xlsx(rows, t, tz=tz, division_name=division_name, mask=show)
    else:
        data = render_cases_csv(rows, t, tz=tz, division_name=division_name, mask=show)
    write_file(Path(out), data)
    print(f"exported {len(rows):,} cases to {out}" + (" (full ID numbers)" if full else ""),
          file=sys.stderr)
    return 0


def render_cases_csv(cases: Iterable[ExportCase], t: Translate, *, tz: ZoneInfo,
                     division_name: Callable[[str], str],
                     mask: Callable[[str | None], str]) -> bytes:
    """The workbook's columns as CSV, UTF-8 with a BOM so Excel reads the Chinese right; every
    cell defused (cases/spreadsheet.py)."""
    from bot.reports.xlsx import EXPORT_COLUMNS

    def label(prefix: str, slug: str | None) -> str:
        if not slug:
            return ""
        try:
            return t(f"{prefix}.{slug}")
        except KeyError:
            return slug

    def when(value: datetime | None) -> str:
        return "" if value is None else f"{value.astimezone(tz):%Y-%m-%d %H:%M}"

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(defused(t(f"export.{name}") + (f" ({tz})" if name.endswith("_at") else "")
                            for name in EXPORT_COLUMNS))
    sep = t("list.sep")
    for c in cases:
        writer.writerow(defused([
            c.ref, division_name(c.town_code), division_name(c.village_code), c.household_id or "",
            c.head_name, mask(c.id_number), c.people, label("source", c.source),
            sep.join(label("risk", r) for r in c.risk_types), label("stage", c.stage),
            label("category", c.category), label("closure", c.closed_reason),
            *(when(v) for v in (c.reported_at, c.accepted_at, c.visited_at, c.proposed_at,
                                c.identified_at, c.eliminated_at, c.closed_at, c.due_at))]))
    return out.getvalue().encode("utf-8-sig")
