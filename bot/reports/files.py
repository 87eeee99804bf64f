"""The ReportFiles that /stats uses in chat: matplotlib and openpyxl, imported on first use."""

from __future__ import annotations

from cases.statistics import Statistics
from handlers.stats_view import Translate


class Reports:
    """Charts and workbooks for the chat (see handlers/stats_port.py)."""

    def chart_png(self, stats: Statistics, t: Translate) -> bytes:
        from bot.reports.chart import render_chart  # matplotlib loads only when asked

        return render_chart(stats, t)

    def stats_xlsx(self, stats: Statistics, t: Translate) -> bytes:
        from bot.reports.xlsx import render_stats_xlsx

        return render_stats_xlsx(stats, t)
