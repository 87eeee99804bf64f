"""Closed years' figures kept in a summary table, and the marker that says when they are stale.

The report of every district recounts five years of cases (the household de-duplication is a
window over every identified or eliminated case); for a year that has ended, the answer
changes only when its history does. So the history-only part of a closed year's figures is
kept (closed_year_figures), and every write of history dated in a past year bumps that year's
generation (figure_years). A year's kept figures are used while the sum of the generations of
it and every earlier year is the one they were computed under: a change dated in 2021 also
changes 2022's totals ("identified in total" counts every year before), never 2020's.

The sum is read before the figures are recomputed, so a change committed while they are being
counted leaves them marked stale (their generation is the older one), never wrong.

Years here are UTC years of a timestamp shifted 12 hours back: never later than its local
year in any time zone (UTC−12 … UTC+14), so a change is always charged to its local year or
the one before — a bump too many near New Year, never one too few.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from storage.db import Tx
from storage.tables_summary import closed_year_figures, figure_years
from storage.upsert import insert_for

# The columns the closed years' figures read: a change to any of them is a change of history.
# (The stage, the owner and the deadlines count only in today's figures, never kept.)
HISTORY_COLUMNS = frozenset({
    "reported_at", "accepted_at", "visited_at", "proposed_at", "identified_at",
    "eliminated_at", "household_id", "village_code", "town_code", "people", "source",
    "risk_types"})
# A case's dates that bound the years its history counts in (every other date is later).
DATE_COLUMNS = ("reported_at", "identified_at", "eliminated_at")

_WEST = timedelta(hours=12)  # the furthest west a local clock runs behind UTC
_EAST = timedelta(hours=14)  # the furthest east it runs ahead


def _earliest_year(at: datetime) -> int:
    return (at.astimezone(UTC) - _WEST).year


async def history_changed(tx: Tx, dates: Iterable[datetime | None], now: datetime | None
                          ) -> None:
    """History dated at the earliest of `dates` changed (at `now`): its year and every later
    one are stale. Nothing to do when that year cannot have ended yet (live work on this year's
    cases), so everyday case work writes no extra row."""
    known = [d for d in dates if d is not None]
    if not known:
        return
    year = _earliest_year(min(known))
    if now is not None and year >= (now.astimezone(UTC) + _EAST).year:
        return
    stmt = insert_for(tx, figure_years).values(year=year, generation=1)
    await tx.execute(stmt.on_conflict_do_update(
        index_elements=["year"], set_={"generation": figure_years.c.generation + 1}))


async def generation(tx: Tx, year: int) -> int:
    """The generation a year's figures must carry to be current."""
    total = (await tx.execute(select(func.coalesce(func.sum(figure_years.c.generation), 0))
                              .where(figure_years.c.year <= year))).scalar_one()
    return int(total)


async def kept(tx: Tx, key: str, current: int) -> dict[str, Any] | None:
    """The figures kept under `key`, if computed under the current generation."""
    row = (await tx.execute(select(closed_year_figures.c.figures).where(
        closed_year_figures.c.key == key, closed_year_figures.c.generation == current))).first()
    return dict(row.figures) if row else None


async def keep(tx: Tx, key: str, year: int, computed_under: int, figures: dict[str, Any],
               now: datetime) -> None:
    values = {"year": year, "generation": computed_under, "figures": figures,
              "computed_at": now}
    stmt = insert_for(tx, closed_year_figures).values(key=key, **values)
    await tx.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=values))
