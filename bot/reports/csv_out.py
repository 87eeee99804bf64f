"""The yearly figures as CSV: the area table (scope, towns, villages), UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io

from bot.reports.tables import area_table
from cases.statistics import Statistics
from handlers.stats_view import Translate


def render_csv(stats: Statistics, t: Translate) -> bytes:
    header, rows = area_table(stats, t)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
