"""The yearly figures as CSV: the area table (scope, towns, villages), UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io

from bot.reports.tables import area_table
from cases.spreadsheet import defused
from cases.statistics import Statistics
from handlers.stats_view import Translate


def render_csv(stats: Statistics, t: Translate) -> bytes:
    header, rows = area_table(stats, t)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(defused(header))
    writer.writerows(defused(row) for row in rows)  # division names come from an imported file
    return out.getvalue().encode("utf-8-sig")
