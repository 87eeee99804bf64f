"""`python -m bot report [--year] [--division] [--format text|csv|xlsx|png] [--out]`: the yearly figures."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.cli.database import open_existing
from bot.division_register import load_register
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from cases.divisions import DivisionRegister
from cases.policy import Programme
from cases.statistics import Scope, Statistics, scope_for
from cases.stats_query import yearly_statistics
from handlers.stats_view import Translate
from i18n.render import default_catalogue
from storage.db import Tx

FORMATS = ("text", "csv", "xlsx", "png")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help="the year's figures (text, CSV, XLSX or a PNG chart)")
    parser.add_argument("--year", type=int, default=None, help="calendar year in TIMEZONE "
                        "(default: this year)")
    parser.add_argument("--division", default=None,
                        help="a town or village code or name (default: the whole district)")
    parser.add_argument("--format", choices=FORMATS, default="text")
    parser.add_argument("--out", default=None, help="file to write (default: standard output "
                        "for text and csv, stats-YEAR.xlsx / .png otherwise)")
    parser.add_argument("--lang", choices=("zh", "en"), default=None,
                        help="language of labels (default: DEFAULT_LANGUAGE)")
    parser.set_defaults(func=run_report)


@dataclass(slots=True)
class Session:
    """An open database with the register and programme rules, for one CLI command."""

    tx: Tx
    register: DivisionRegister
    programme: Programme


@asynccontextmanager
async def session(settings: Settings) -> AsyncIterator[Session]:
    """One transaction on the existing database (never created here: NoDatabase instead)."""
    engine = await open_existing(settings.storage.database_url)
    try:
        register_ = await load_register(engine)
        async with engine.begin() as tx:
            yield Session(tx, register_, settings.programme_rules())
    finally:
        await engine.dispose()


def translator(lang: str) -> Translate:
    catalogue = default_catalogue()
    return lambda key, **params: catalogue.text(key, lang, **params)


async def run_report(args: argparse.Namespace) -> int:
    settings = Settings()
    return await make_report(settings, SystemClock(), year=args.year, division=args.division,
                             fmt=args.format, out=args.out,
                             lang=args.lang or settings.locale.default_language)


async def make_report(settings: Settings, clock: Clock, *, year: int | None, division: str | None,
                      fmt: str, out: str | None, lang: str) -> int:
    """Compute and write one report; tests call this with their own settings and clock."""
    now = clock.now()
    async with session(settings) as s:
        try:
            scope: Scope = scope_for(s.register, division)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        year = year or s.programme.local(now).year
        stats = await yearly_statistics(s.tx, year=year, scope=scope, register=s.register,
                                        tz=s.programme.timezone, now=now)
    data = render(stats, translator(lang), fmt, s.programme)
    if out is None and fmt in ("text", "csv"):
        sys.stdout.write(data.decode("utf-8-sig"))
        return 0
    write_file(Path(out or f"stats-{year}.{fmt}"), data)
    return 0


def write_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    print(f"written {path} ({len(data):,} bytes)", file=sys.stderr)


def render(stats: Statistics, t: Translate, fmt: str, programme: Programme) -> bytes:
    if fmt == "text":
        from bot.reports.text import render_text

        return render_text(stats, t, programme.timezone).encode("utf-8")
    if fmt == "csv":
        from bot.reports.csv_out import render_csv

        return render_csv(stats, t)
    if fmt == "xlsx":
        from bot.reports.xlsx import render_stats_xlsx

        return render_stats_xlsx(stats, t)
    from bot.reports.chart import render_chart

    return render_chart(stats, t)
