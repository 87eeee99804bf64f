"""The 📊 chart draws each panel's two series side by side: no bar over another, so a small
number is never hidden behind a large one (issue 13)."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations

from matplotlib.patches import Rectangle

from bot.reports import chart
from cases.divisions import DivisionRegister
from cases.statistics import HouseholdBucket, RawFigures, Scope, StageCount, assemble
from i18n.render import default_catalogue
from storage.divisions import Division

VILLAGES = [("500119101201", "汉场坝村"), ("500119101202", "石梁村"), ("500119101203", "楠竹村")]


def stats():  # type: ignore[no-untyped-def]
    register = DivisionRegister([
        Division("500119000000", "南川区", "district", None),
        Division("500119101000", "木凉镇", "town", "500119000000"),
        *(Division(code, name, "village", "500119101000") for code, name in VILLAGES)])
    # Every month has both series, every village open and overdue cases: bars in every slot.
    raw = RawFigures(
        identified=[HouseholdBucket(code, m, "self", 2 + m, 5) for code, _ in VILLAGES
                    for m in range(1, 13)],
        eliminated=[HouseholdBucket(code, m, "self", 1, 3) for code, _ in VILLAGES
                    for m in range(1, 13)],
        monitored=[],
        stages=[StageCount(code, "reported", 4 + n, 2) for n, (code, _) in enumerate(VILLAGES)],
        sources=[], risks=[], timeliness=[])
    return assemble(raw, year=2021, scope=Scope(), register=register,
                    now=datetime(2022, 1, 5, tzinfo=UTC))


def bars(axes) -> list[Rectangle]:  # type: ignore[no-untyped-def]
    return [p for p in axes.patches if isinstance(p, Rectangle) and p.get_width() and
            p.get_height()]


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return max(a[0], b[0]) < min(a[1], b[1])


def test_the_bars_stand_side_by_side() -> None:
    catalogue = default_catalogue()
    figure = chart.chart_figure(stats(), lambda key, **p: catalogue.text(key, "zh", **p))
    monthly, villages = figure.axes[:2]
    months = bars(monthly)
    assert len(months) == 24  # new and eliminated, twelve months
    for a, b in combinations(months, 2):
        assert not overlap((a.get_x(), a.get_x() + a.get_width()),
                           (b.get_x(), b.get_x() + b.get_width())), (a, b)
    rows = bars(villages)
    assert len(rows) == 6  # open and overdue, three villages
    for a, b in combinations(rows, 2):  # horizontal bars: their y-ranges
        assert not overlap((a.get_y(), a.get_y() + a.get_height()),
                           (b.get_y(), b.get_y() + b.get_height())), (a, b)
