"""What /stats needs from the process to make files: a chart PNG and XLSX workbooks.

bot/reports implements it with matplotlib and openpyxl; handlers/ never imports those.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

from cases.statistics import Statistics
from handlers.stats_view import Translate
from storage.case_export import ExportCase


class ReportFiles(Protocol):
    def chart_png(self, stats: Statistics, t: Translate) -> bytes:
        """New vs eliminated by month and open cases by village, as a PNG."""
        ...

    def stats_xlsx(self, stats: Statistics, t: Translate) -> bytes:
        """The year's figures as a workbook (no personal data)."""
        ...

    def cases_xlsx(self, cases: Sequence[ExportCase], t: Translate, *, tz: ZoneInfo,
                   division_name: Callable[[str], str]) -> bytes:
        """The case list as a workbook, always in the masked form of `python -m bot export
        cases` without --full: ID numbers masked, no phone numbers (the export has none)."""
        ...
