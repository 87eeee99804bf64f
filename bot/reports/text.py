"""The yearly figures as plain text for the terminal: the chat text without its HTML."""

from __future__ import annotations

import html
import re
from zoneinfo import ZoneInfo

from bot.reports.tables import area_table
from cases.statistics import Statistics
from handlers.stats_view import Translate, area_line, summary_lines

_TAG = re.compile(r"<[^>]+>")


def plain(line: str) -> str:
    return html.unescape(_TAG.sub("", line))


def render_text(stats: Statistics, t: Translate, tz: ZoneInfo) -> str:
    """Everything the chat shows, plus one line per village (a terminal has room)."""
    lines = summary_lines(t, stats, tz, with_towns=stats.scope.level == "district")
    if stats.scope.level != "village" and stats.villages:
        lines += ["", t("stats.villages_title")]
        lines += [area_line(t, v) for v in stats.villages]
    lines += ["", t("stats.note.method")]
    return "\n".join(plain(line) for line in lines) + "\n"


__all__ = ["area_table", "plain", "render_text"]
