"""The sandbox's monitoring income lines: one for its clock's current year and the next, in
every district, so a case can always reach 风险消除 however far the clock is moved. Set like a
district admin would (recorded, by "sandbox"); recomputed when fast-forward crosses New Year."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from bot.app import App
from cases import district_policy

STEP = Decimal(200)  # a year's line: the last known one plus this (7600 → 7800 → 8000 …)
FIRST = Decimal(7800)  # when no year has a line at all


def line_for(lines: dict[int, Decimal], year: int) -> Decimal:
    earlier = [y for y in lines if y < year]
    if not earlier:
        return FIRST
    last = max(earlier)
    return lines[last] + STEP * (year - last)


async def ensure_income_lines(app: App, now: datetime) -> list[tuple[str, int]]:
    """Lines for this year and the next where a district has none; returns what was set."""
    services = app.services
    year = services.programme.local(now).year
    made: list[tuple[str, int]] = []
    async with app.db.begin() as tx:
        for district in services.divisions.districts():
            programme = await district_policy.programme_for(tx, services.programme,
                                                            services.divisions, district.code)
            lines = dict(programme.income_lines)
            for wanted in (year, year + 1):
                if wanted in lines:
                    continue
                lines[wanted] = line_for(lines, wanted)
                await district_policy.change(
                    tx, base=services.programme, district_code=district.code,
                    name=f"{district_policy.INCOME_LINE}{wanted}", text=str(lines[wanted]),
                    official_id=None, via="sandbox", now=now)
                made.append((district.code, wanted))
    return made
