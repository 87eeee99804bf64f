"""The timeliness figures in SQL: median and 90th percentile (nearest rank) of the time each
step took, for the cases reported in a year — per village, per town and overall.

The steps and what they measure are defined in cases/statistics.py. PostgreSQL computes every
group in one statement (percentile_disc over GROUPING SETS); SQLite ranks the durations with
window functions, one statement per level.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, literal_column, select, true, tuple_, union_all
from sqlalchemy.dialects.postgresql import array

from storage.bytewise import bytewise
from storage.db import Tx
from storage.figure_types import Percentiles, Scope, YearWindow, in_scope
from storage.tables import cases

# Each step: its name, and the two moments whose difference is its duration.
STEP_SPANS = (
    ("accept", cases.c.accepted_at, cases.c.reported_at),
    ("visit", cases.c.visited_at, cases.c.accepted_at),
    ("decide", cases.c.proposed_at, cases.c.reported_at),
)
STEP_NAMES = tuple(name for name, _, _ in STEP_SPANS)


async def timeliness(tx: Tx, scope: Scope, window: YearWindow) -> list[Percentiles]:
    """Median and p90 (nearest rank) of each step, per village, per town and overall."""
    if tx.dialect.name == "postgresql":
        return await _in_one_pass(tx, scope, window)
    return await _ranked_per_level(tx, scope, window)


def _reported_in(scope: Scope, window: YearWindow) -> list[ColumnElement[bool]]:
    return [cases.c.reported_at >= window.start, cases.c.reported_at < window.end,
            *in_scope(scope)]


async def _in_one_pass(tx: Tx, scope: Scope, window: YearWindow) -> list[Percentiles]:
    """percentile_disc is the nearest rank (the first value whose cumulative share reaches p,
    i.e. rank ⌈p·n⌉), and GROUPING SETS give the village, town and overall groups from one
    sort. Each case is read once and gives its three durations (a lateral unnest), the step
    is its number, the seconds a float (date_part; extract() gives numeric, slower to sort)
    and the codes are grouped byte by byte: half a million durations at a province's size."""
    spans = func.unnest(
        literal_column("ARRAY[0, 1, 2]"),
        array([func.date_part("epoch", later - earlier) for _, later, earlier in STEP_SPANS]),
    ).table_valued("step", "secs").render_derived(name="spans").lateral()
    d = (select(spans.c.step, bytewise(cases.c.village_code).label("village_code"),
                bytewise(cases.c.town_code).label("town_code"), spans.c.secs)
         .select_from(cases).join(spans, true())
         .where(*_reported_in(scope, window), spans.c.secs.is_not(None))
         .subquery("durations"))
    query = (
        select(d.c.step, d.c.village_code, d.c.town_code,
               func.grouping(d.c.village_code).label("no_village"),
               func.grouping(d.c.town_code).label("no_town"), func.count().label("n"),
               func.percentile_disc(0.5).within_group(d.c.secs).label("median"),
               func.percentile_disc(0.9).within_group(d.c.secs).label("p90"))
        .group_by(func.grouping_sets(tuple_(d.c.step, d.c.village_code),
                                     tuple_(d.c.step, d.c.town_code), tuple_(d.c.step)))
    )
    out: list[Percentiles] = []
    for r in (await tx.execute(query)).all():
        if not r.no_village:
            level, code = "village", r.village_code
        elif not r.no_town:
            level, code = "town", r.town_code
        else:
            level, code = "all", None
        out.append(Percentiles(STEP_NAMES[r.step], level, code or None, int(r.n),
                               round(float(r.median), 3), round(float(r.p90), 3)))
    return out


def _durations(scope: Scope, window: YearWindow) -> Any:
    """(step, village, town, seconds) of every case reported in the year that took a step."""
    return union_all(*[
        select(literal(name).label("step"), cases.c.village_code, cases.c.town_code,
               ((func.julianday(later) - func.julianday(earlier)) * 86400.0).label("secs"))
        .where(later.is_not(None), earlier.is_not(None), *_reported_in(scope, window))
        for name, later, earlier in STEP_SPANS
    ]).cte("durations")


async def _ranked_per_level(tx: Tx, scope: Scope, window: YearWindow) -> list[Percentiles]:
    """SQLite: each duration's rank in its group, and the values at the two ranks."""
    durations = _durations(scope, window)
    out: list[Percentiles] = []
    for level, group in (("village", durations.c.village_code),
                         ("town", durations.c.town_code), ("all", None)):
        partition = [durations.c.step] + ([group] if group is not None else [])
        ranked = select(
            durations.c.step, (group if group is not None else literal("")).label("code"),
            durations.c.secs,
            func.row_number().over(partition_by=partition, order_by=durations.c.secs).label("rn"),
            func.count().over(partition_by=partition).label("n"),
        ).cte(f"ranked_{level}")
        # Nearest rank: ⌈n/2⌉ = (n+1)/2 and ⌈9n/10⌉ = (9n+9)/10 in integer division.
        median_rank = (ranked.c.n + 1) // 2
        p90_rank = (ranked.c.n * 9 + 9) // 10
        query = (
            select(ranked.c.step, ranked.c.code, ranked.c.n,
                   func.max(case((ranked.c.rn == median_rank, ranked.c.secs))).label("median"),
                   func.max(case((ranked.c.rn == p90_rank, ranked.c.secs))).label("p90"))
            .where((ranked.c.rn == median_rank) | (ranked.c.rn == p90_rank))
            .group_by(ranked.c.step, ranked.c.code, ranked.c.n)
        )
        for r in (await tx.execute(query)).all():
            out.append(Percentiles(r.step, level, r.code or None, int(r.n),
                                   round(float(r.median), 3), round(float(r.p90), 3)))
    return out
