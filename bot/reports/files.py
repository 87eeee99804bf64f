"""The ReportFiles that /stats uses in chat: matplotlib and openpyxl, imported on first use."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from cases import id_numbers
from cases.statistics import Statistics
from handlers.stats_view import Translate
from storage.case_export import ExportCase


class Reports:
    """Charts and workbooks for the chat (see handlers/stats_port.py)."""

    def chart_png(self, stats: Statistics, t: Translate) -> bytes:
        from bot.reports.chart import render_chart  # matplotlib loads only when asked

        return render_chart(stats, t)

    def stats_xlsx(self, stats: Statistics, t: Translate) -> bytes:
        from bot.reports.xlsx import render_stats_xlsx

        return render_stats_xlsx(stats, t)

    def cases_xlsx(self, cases: Sequence[ExportCase], t: Translate, *, tz: ZoneInfo,
                   division_name: Callable[[str], str]) -> bytes:
        from bot.reports.xlsx import render_cases_xlsx

        # The chat never hands out full ID numbers: only the CLI's --full does.
        return render_cases_xlsx(cases, t, tz=tz, division_name=division_name,
                                 mask=id_numbers.mask)
