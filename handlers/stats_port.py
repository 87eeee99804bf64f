"""What /stats needs from the process to make files: a chart PNG and an XLSX workbook.

bot/reports implements it with matplotlib and openpyxl; handlers/ never imports those.
"""

from __future__ import annotations

from typing import Protocol

from cases.statistics import Statistics
from handlers.stats_view import Translate


class ReportFiles(Protocol):
    def chart_png(self, stats: Statistics, t: Translate) -> bytes:
        """New vs eliminated by month and open cases by village, as a PNG."""
        ...

    def stats_xlsx(self, stats: Statistics, t: Translate) -> bytes:
        """The year's figures as a workbook (no personal data)."""
        ...
