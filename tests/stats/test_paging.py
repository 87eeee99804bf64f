"""Long figures are split between lines into messages Telegram accepts."""

from __future__ import annotations

from handlers.stats_view import PAGE_LIMIT, duration, pages


def test_pages_break_between_lines_and_stay_under_the_limit() -> None:
    lines = [f"镇{n:03d}：14户38人 · 614户1982人 · 450户1591人 · 3/1件" for n in range(400)]
    out = pages(lines)
    assert len(out) > 1
    assert all(len(page) <= PAGE_LIMIT < 4096 for page in out)
    assert "\n".join(out).splitlines() == lines  # nothing lost, nothing cut mid-line


def test_durations_read_as_hours_then_days() -> None:
    def t(key: str, **params: object) -> str:
        return f"{params['n']}{'h' if key.endswith('hours') else 'd'}"

    assert duration(t, 5 * 3600) == "5h"
    assert duration(t, 90 * 60) == "1.5h"
    assert duration(t, 9 * 86400) == "9d"
