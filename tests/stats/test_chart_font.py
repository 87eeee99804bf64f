"""Chinese labels in the chart are characters, not boxes, on a machine with no CJK font."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

from fontTools.ttLib import TTFont
from matplotlib import font_manager

from bot.reports import chart
from bot.reports.fonts import CJK_FONT
from cases.divisions import DivisionRegister
from cases.statistics import HouseholdBucket, RawFigures, Scope, StageCount, assemble
from i18n.render import default_catalogue
from storage.divisions import Division


def test_the_shipped_font_has_the_hanzi_of_the_labels() -> None:
    cmap = TTFont(CJK_FONT).getBestCmap()
    for character in "汉场坝村新识别风险消除在办案件月南川区":
        assert ord(character) in cmap, character


def test_the_chart_uses_the_shipped_font_and_misses_no_glyph() -> None:
    family = chart.font_family()
    found = font_manager.findfont(font_manager.FontProperties(family=family),
                                  fallback_to_default=False)
    assert found == str(CJK_FONT)
    register = DivisionRegister([
        Division("500119000000", "南川区", "district", None),
        Division("500119101000", "木凉镇", "town", "500119000000"),
        Division("500119101201", "汉场坝村", "village", "500119101000"),
    ])
    raw = RawFigures(
        identified=[HouseholdBucket("500119101201", 3, "self", 2, 5)],
        eliminated=[HouseholdBucket("500119101201", 7, "self", 1, 3)], monitored=[],
        stages=[StageCount("500119101201", "reported", 4, 1)], sources=[], risks=[],
        timeliness=[])
    stats = assemble(raw, year=2021, scope=Scope(), register=register,
                     now=datetime(2022, 1, 5, tzinfo=UTC))
    catalogue = default_catalogue()
    texts: list[str] = []

    def t(key: str, **params: object) -> str:
        texts.append(catalogue.text(key, "zh", **params))
        return texts[-1]

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = chart.render_chart(stats, t)
    assert png[:4] == b"\x89PNG"
    missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
    assert missing == [], missing
    assert any("新识别" in text for text in texts)
