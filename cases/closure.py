"""When a case may be closed as "risk eliminated" (风险消除)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from cases.policy import Programme


def missing_for_elimination(*, measures: int, identified_at: datetime | None, now: datetime,
                            latest_income: int | None, programme: Programme) -> list[str]:
    """What is still missing; empty when the closure rules hold.

    Codes: "measure" (no assistance measure yet), "monitoring" (monitored for fewer days
    than the setting), "income" (no income recorded, or not above the year's line),
    "income_line" (no monitoring line configured for the year).
    """
    missing: list[str] = []
    if measures < 1:
        missing.append("measure")
    if identified_at is None or now - identified_at < programme.min_monitoring:
        missing.append("monitoring")
    line = programme.income_lines.get(programme.local(now).year)
    if line is None:
        missing.append("income_line")
    elif latest_income is None or Decimal(latest_income) <= line:
        missing.append("income")
    return missing


def monitored_days(identified_at: datetime | None, now: datetime) -> int:
    return 0 if identified_at is None else (now - identified_at).days
