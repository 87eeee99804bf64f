"""The yearly chart as a PNG: new vs eliminated households by month; open cases by village.

Chinese labels use the font shipped in bot/reports/fonts (a GB 2312 subset of Noto Sans CJK
SC), so they render as characters on a machine with no CJK font installed; any character
outside the subset falls back to a system CJK font when there is one.
"""

from __future__ import annotations

import io
from functools import cache

# Figure() without pyplot: no GUI backend, no global state, safe in a server process.
from matplotlib import font_manager
from matplotlib.figure import Figure

from bot.reports.fonts import CJK_FONT
from cases.statistics import Statistics
from handlers.stats_view import Translate

# Fallbacks, per glyph (matplotlib ≥ 3.6), for characters outside the shipped subset.
FALLBACK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "DejaVu Sans")


@cache
def font_family() -> str:
    """Register the shipped font once and return its family name."""
    font_manager.fontManager.addfont(str(CJK_FONT))
    return font_manager.FontProperties(fname=str(CJK_FONT)).get_name()


@cache
def families() -> list[str]:
    """The shipped font, then whichever fallbacks this machine has (no "not found" log noise)."""
    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return [font_family(), *(f for f in FALLBACK_FAMILIES if f in installed)]


def render_chart(stats: Statistics, t: Translate, *, max_villages: int = 30) -> bytes:
    """The chart as a PNG (see chart_figure)."""
    fig = chart_figure(stats, t, max_villages=max_villages)
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


BAR = 0.38  # each bar's width; two bars a slot, side by side with a small gap between them
OFFSET = 0.2


def chart_figure(stats: Statistics, t: Translate, *, max_villages: int = 30) -> Figure:
    """Two panels: new vs eliminated households by month, and open vs overdue cases by
    village (the most open first, at most max_villages). The two series of each panel stand
    side by side, never over each other: a smaller bar drawn over a larger one reads as one."""
    family = families()
    villages = sorted((v for v in stats.villages if v.open_cases),
                      key=lambda v: (-v.open_cases, v.code or ""))[:max_villages]
    lower = max(1.5, 0.45 * len(villages))
    fig = Figure(figsize=(9, 4.2 + lower), dpi=100)
    top, bottom = fig.subplots(2, 1, gridspec_kw={"height_ratios": [4.2, lower]})
    months = list(range(1, 13))
    new = [c.households for c in stats.new_by_month]
    eliminated = [c.households for c in stats.eliminated_by_month]
    top.bar([m - OFFSET for m in months], new, BAR, label=t("stats.chart.new"), color="#d9534f")
    top.bar([m + OFFSET for m in months], eliminated, BAR, label=t("stats.chart.eliminated"),
            color="#5cb85c")
    top.set_xticks(months, [t("stats.chart.month", n=m) for m in months], fontfamily=family)
    top.set_title(f"{stats.scope_name} " + t("stats.chart.monthly", year=stats.year),
                  fontfamily=family)
    top.legend(prop={"family": family})
    top.yaxis.get_major_locator().set_params(integer=True)
    if villages:
        slots = list(range(len(villages)))[::-1]  # the most open cases at the top
        opens = [v.open_cases for v in villages]
        overdue = [v.overdue for v in villages]
        bottom.barh([y + OFFSET for y in slots], opens, BAR, color="#5bc0de",
                    label=t("stats.col.open"))
        bottom.barh([y - OFFSET for y in slots], overdue, BAR, color="#f0ad4e",
                    label=t("stats.chart.overdue"))
        bottom.set_yticks(slots, [v.name for v in villages])
        for label in bottom.get_yticklabels():
            label.set_fontfamily(family)
        bottom.legend(prop={"family": family}, loc="lower right")
        bottom.xaxis.get_major_locator().set_params(integer=True)
    else:
        bottom.text(0.5, 0.5, t("stats.chart.none"), ha="center", va="center",
                    fontfamily=family, transform=bottom.transAxes)
        bottom.set_axis_off()
    bottom.set_title(t("stats.chart.open"), fontfamily=family)
    fig.tight_layout()
    return fig
