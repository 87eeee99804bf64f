"""Compute one scope's yearly figures: window in the zone, SQL aggregates, roll-up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from cases.divisions import DivisionRegister
from cases.statistics import Scope, Statistics, assemble, year_window
from storage.db import Tx
from storage.statistics import figures


async def yearly_statistics(tx: Tx, *, year: int, scope: Scope, register: DivisionRegister,
                            tz: ZoneInfo, now: datetime) -> Statistics:
    """The figures of YEAR (counted in `tz`) for a scope, as of `now`; the running year is
    counted forward from the year before (storage/statistics.py)."""
    raw = await figures(tx, scope, year_window(year, tz), now,
                        previous=year_window(year - 1, tz))
    return assemble(raw, year=year, scope=scope, register=register, now=now)
