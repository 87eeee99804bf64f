"""The SQL behind the yearly figures: every aggregate runs in the database, grouped by village.

Definitions live in cases/statistics.py; this module only counts. Households are deduplicated
with ROW_NUMBER() over the household key (household_id, else the case), so each household has
one representative case per figure; percentiles are picked by rank with window functions.
Both SQLite (≥ 3.25) and PostgreSQL run the same statements, except the JSON unnest of
risk types and the difference of two timestamps.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    text,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import figure_summary
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import cases
from storage.tables_statistics import past_eliminations

# --- query parameters and what the queries hand back -------------------------------------


@dataclass(frozen=True, slots=True)
class YearWindow:
    """A calendar year in the programme's zone, as UTC bounds, with its month starts."""

    year: int
    start: datetime
    end: datetime
    month_starts: tuple[datetime, ...]  # 12 UTC instants: 1 January … 1 December local


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose figures: the whole register (district), one town or one village; or, in a
    register of several districts, one district (its code and its towns)."""

    level: str = "district"  # district | town | village
    code: str | None = None
    towns: tuple[str, ...] = ()  # a district of several: the towns whose cases count

    @property
    def town_code(self) -> str | None:
        return self.code if self.level == "town" else None

    @property
    def village_code(self) -> str | None:
        return self.code if self.level == "village" else None


@dataclass(frozen=True, slots=True)
class HouseholdBucket:
    """Households (and their people) of one village whose representative case falls in a bucket.

    bucket 0: before the year; 1–12: the month of the year (local).
    """

    village_code: str
    bucket: int
    source: str
    households: int
    people: int


@dataclass(frozen=True, slots=True)
class HouseholdCounts:
    """Households (and their people) of one figure, rolled up from the buckets: per village,
    before the year and in it; and per month of the year (what the reports show)."""

    by_village: dict[str, tuple[int, int, int, int]]  # households, people before; the same in
    by_month: list[tuple[int, int]]  # 12 × (households, people) in the year

    @classmethod
    def of(cls, buckets: HouseholdCounts | list[HouseholdBucket]) -> HouseholdCounts:
        if isinstance(buckets, HouseholdCounts):
            return buckets
        villages: dict[str, list[int]] = {}
        months = [[0, 0] for _ in range(12)]
        for b in buckets:
            area = villages.setdefault(b.village_code, [0, 0, 0, 0])
            column = 2 if b.bucket else 0
            area[column] += b.households
            area[column + 1] += b.people
            if b.bucket:
                months[b.bucket - 1][0] += b.households
                months[b.bucket - 1][1] += b.people
        return cls({code: (a[0], a[1], a[2], a[3]) for code, a in villages.items()},
                   [(m[0], m[1]) for m in months])

    def to_json(self) -> dict[str, Any]:
        return {"by_village": self.by_village, "by_month": self.by_month}

    @classmethod
    def from_json(cls, kept: dict[str, Any]) -> HouseholdCounts:
        return cls({code: (a[0], a[1], a[2], a[3]) for code, a in kept["by_village"].items()},
                   [(m[0], m[1]) for m in kept["by_month"]])


@dataclass(frozen=True, slots=True)
class StageCount:
    village_code: str
    stage: str
    cases: int
    overdue: int


@dataclass(frozen=True, slots=True)
class LabelCount:
    """Cases reported in the year and households newly identified, under one label."""

    label: str
    cases: int
    households: int


@dataclass(slots=True)  # not frozen: a province's report reads 25,000 of them from the summary
class Percentiles:
    """Timeliness of one step over one group (village, town or all), in seconds."""

    step: str
    level: str  # village | town | all
    code: str | None
    n: int
    median_s: float
    p90_s: float


@dataclass(frozen=True, slots=True)
class RawFigures:
    """Everything storage aggregated for one scope and year."""

    # Rolled up (HouseholdCounts), or the buckets themselves (a chart test builds them so).
    identified: HouseholdCounts | list[HouseholdBucket]
    eliminated: HouseholdCounts | list[HouseholdBucket]
    monitored: HouseholdCounts | list[HouseholdBucket]  # "before the year" only: every
    stages: list[StageCount]                            # household monitored now
    sources: list[LabelCount]
    risks: list[LabelCount]
    timeliness: list[Percentiles]


def _household_key(rows: Any = cases) -> list[ColumnElement[Any]]:
    """household_id, else the case: `rows` is the cases table or a select with the same names.
    Two columns rather than one built string ("#case:" || id): the same partitions, and
    sorting a million of them takes half the time."""
    return [rows.c.household_id, case((rows.c.household_id.is_(None), rows.c.id))]


def _in_scope(scope: Scope, rows: Any = cases) -> list[ColumnElement[bool]]:
    if scope.level == "district" and scope.towns:
        return [rows.c.town_code.in_(scope.towns)]
    if scope.level == "town" and scope.code:
        return [rows.c.town_code == scope.code]
    if scope.level == "village" and scope.code:
        return [rows.c.village_code == scope.code]
    return []


def _bucket(column: Any, window: YearWindow) -> ColumnElement[int]:
    """0 before the year, else the local month 1–12 (month starts computed in the zone)."""
    steps = [case((column >= start, 1), else_=0) for start in window.month_starts]
    total: ColumnElement[int] = steps[0]
    for step in steps[1:]:
        total = total + step
    return total


def _ranked(column: Any, where: list[ColumnElement[bool]], window: YearWindow | None,
            rows: Any = cases) -> Any:
    """Rows meeting `where`, with their bucket and their rank in their household (1: the
    latest by `column`, the household's representative)."""
    return select(
        rows.c.village_code, rows.c.people, rows.c.source,
        (_bucket(column, window) if window else literal(0)).label("bucket"),
        func.row_number().over(partition_by=_household_key(rows),
                               order_by=(column.desc(), rows.c.id.desc())).label("rn"),
    ).where(*where).cte("ranked")


async def _households(tx: Tx, column: Any, where: list[ColumnElement[bool]],
                      window: YearWindow | None, rows: Any = cases) -> list[HouseholdBucket]:
    """Households whose latest row (by `column`) meets `where`, per village, bucket and source.

    `rows` is the cases table, or a subquery with its id, household_id, village_code, people
    and source columns (the eliminations).
    """
    ranked = _ranked(column, where, window, rows)
    query = (
        select(ranked.c.village_code, ranked.c.bucket, ranked.c.source,
               func.count().label("households"), func.sum(ranked.c.people).label("people"))
        .where(ranked.c.rn == 1)
        .group_by(ranked.c.village_code, ranked.c.bucket, ranked.c.source)
    )
    return [HouseholdBucket(r.village_code, int(r.bucket), r.source, int(r.households),
                            int(r.people or 0)) for r in (await tx.execute(query)).all()]


async def _households_in_year(tx: Tx, column: Any, where: list[ColumnElement[bool]],
                              window: YearWindow, rows: Any
                              ) -> tuple[HouseholdCounts, dict[str, int]]:
    """The same figures for rows all dated in the year, already rolled up: per village, per
    month and per source (three groupings of one ranking, 8,000 rows for a province rather
    than one per village, month and source)."""
    ranked = _ranked(column, where, window, rows)
    households, people = func.count().label("households"), func.sum(ranked.c.people)
    query = union_all(
        select(literal(0).label("kind"), ranked.c.village_code.label("code"),
               literal(0).label("bucket"), households, people.label("people"))
        .where(ranked.c.rn == 1).group_by(ranked.c.village_code),
        select(literal(1), literal(""), ranked.c.bucket, households, people)
        .where(ranked.c.rn == 1).group_by(ranked.c.bucket),
        select(literal(2), ranked.c.source, literal(0), households, people)
        .where(ranked.c.rn == 1).group_by(ranked.c.source))
    villages: dict[str, tuple[int, int, int, int]] = {}
    months = [(0, 0)] * 12
    sources: dict[str, int] = {}
    for r in (await tx.execute(query)).all():
        if r.kind == 0:
            villages[r.code] = (0, 0, int(r.households), int(r.people or 0))
        elif r.kind == 1:
            months[int(r.bucket) - 1] = (int(r.households), int(r.people or 0))
        else:
            sources[r.code] = int(r.households)
    return HouseholdCounts(villages, months), sources


async def _households_by_village(tx: Tx, column: Any, where: list[ColumnElement[bool]],
                                 rows: Any) -> dict[str, tuple[int, int]]:
    """Households (and people) whose latest row meets `where`, per village."""
    ranked = _ranked(column, where, None, rows)
    query = (select(ranked.c.village_code, func.count().label("households"),
                    func.sum(ranked.c.people).label("people"))
             .where(ranked.c.rn == 1).group_by(ranked.c.village_code))
    return {r.village_code: (int(r.households), int(r.people or 0))
            for r in (await tx.execute(query)).all()}


async def _stages(tx: Tx, scope: Scope, now: datetime) -> list[StageCount]:
    query = (
        select(cases.c.village_code, cases.c.stage, func.count().label("n"),
               func.sum(case((cases.c.due_at < now, 1), else_=0)).label("overdue"))
        .where(cases.c.stage != "closed", *_in_scope(scope))
        .group_by(cases.c.village_code, cases.c.stage)
    )
    return [StageCount(r.village_code, r.stage, int(r.n), int(r.overdue or 0))
            for r in (await tx.execute(query)).all()]


async def _sources(tx: Tx, scope: Scope, window: YearWindow,
                   households: dict[str, int]) -> list[LabelCount]:
    """Cases reported in the year per source, and `households` newly identified per source."""
    query = (
        select(cases.c.source, func.count().label("n"))
        .where(cases.c.reported_at >= window.start, cases.c.reported_at < window.end,
               *_in_scope(scope))
        .group_by(cases.c.source)
    )
    reported = {r.source: int(r.n) for r in (await tx.execute(query)).all()}
    return [LabelCount(label, reported.get(label, 0), households.get(label, 0))
            for label in sorted(reported.keys() | households.keys())]


def _risk_values(tx: Tx, risk_types: Any = cases.c.risk_types) -> Any:
    """One row per risk type of a case: json_each (SQLite) or json_array_elements_text (PG)."""
    if tx.dialect.name == "postgresql":
        return func.json_array_elements_text(risk_types).table_valued("value")
    return func.json_each(risk_types).table_valued("value")


async def _risks(tx: Tx, scope: Scope, window: YearWindow) -> list[LabelCount]:
    risk = _risk_values(tx)
    reported_q = (
        select(risk.c.value.label("label"), func.count().label("n"))
        .select_from(cases).join(risk, literal(True))
        .where(cases.c.reported_at >= window.start, cases.c.reported_at < window.end,
               *_in_scope(scope))
        .group_by(risk.c.value)
    )
    reported = {str(r.label): int(r.n) for r in (await tx.execute(reported_q)).all()}
    # Households newly identified in the year, by the risk types of their representative case
    # (a household's latest identification before the year's end is in the year exactly when
    # it has one in the year: the year's cases suffice). The risk types come along, so on
    # PostgreSQL the ranking reads ix_cases_identified_figures alone, never the table.
    ranked = select(
        cases.c.id, cases.c.identified_at, cases.c.risk_types,
        func.row_number().over(partition_by=_household_key(),
                               order_by=(cases.c.identified_at.desc(), cases.c.id.desc()))
        .label("rn"),
    ).where(cases.c.identified_at >= window.start, cases.c.identified_at < window.end,
            *_in_scope(scope)).cte("ranked")
    risk2 = _risk_values(tx, ranked.c.risk_types)
    new_q = (
        select(risk2.c.value.label("label"), func.count().label("n"))
        .select_from(ranked).join(risk2, literal(True))
        .where(ranked.c.rn == 1)
        .group_by(risk2.c.value)
    )
    households = {str(r.label): int(r.n) for r in (await tx.execute(new_q)).all()}
    return [LabelCount(label, reported.get(label, 0), households.get(label, 0))
            for label in sorted(reported.keys() | households.keys())]


def _seconds(tx: Tx, later: Any, earlier: Any) -> ColumnElement[Any]:
    if tx.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0


def _durations(tx: Tx, scope: Scope, window: YearWindow) -> Any:
    """(step, village, town, seconds) of every case reported in the year that took a step."""
    base = [cases.c.reported_at >= window.start, cases.c.reported_at < window.end,
            *_in_scope(scope)]
    steps = (
        ("accept", cases.c.accepted_at, cases.c.reported_at),
        ("visit", cases.c.visited_at, cases.c.accepted_at),
        ("decide", cases.c.proposed_at, cases.c.reported_at),
    )
    return union_all(*[
        select(literal(name).label("step"), cases.c.village_code, cases.c.town_code,
               _seconds(tx, later, earlier).label("secs"))
        .where(later.is_not(None), earlier.is_not(None), *base)
        for name, later, earlier in steps
    ]).cte("durations")


async def _timeliness(tx: Tx, scope: Scope, window: YearWindow) -> list[Percentiles]:
    """Median and p90 (nearest rank) of each step, per village, per town and overall."""
    if tx.dialect.name == "postgresql":
        return await _timeliness_once(tx, scope, window)
    durations = _durations(tx, scope, window)
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


async def _timeliness_once(tx: Tx, scope: Scope, window: YearWindow) -> list[Percentiles]:
    """The same figures on PostgreSQL in one pass: percentile_disc is the nearest rank (the
    first value whose cumulative share reaches p, i.e. rank ⌈p·n⌉), and GROUPING SETS give
    the village, town and overall groups from one read of the durations."""
    d = _durations(tx, scope, window)
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
        out.append(Percentiles(r.step, level, code or None, int(r.n), round(float(r.median), 3),
                               round(float(r.p90), 3)))
    return out


def _eliminations(scope: Scope, window: YearWindow) -> Any:
    """Every elimination before the end of the year: each case's current one (cases) and those
    a reopening undid (past_eliminations, with the place and members the case had then).

    Both branches are filtered by themselves so each uses its own index on eliminated_at.
    """
    current = select(
        cases.c.id, cases.c.household_id, cases.c.village_code, cases.c.people, cases.c.source,
        cases.c.eliminated_at,
    ).where(cases.c.eliminated_at.is_not(None), cases.c.eliminated_at < window.end,
            *_in_scope(scope))
    undone = select(
        past_eliminations.c.case_id.label("id"), past_eliminations.c.household_id,
        past_eliminations.c.village_code, past_eliminations.c.people, past_eliminations.c.source,
        past_eliminations.c.eliminated_at,
    ).where(past_eliminations.c.eliminated_at < window.end, *_in_scope(scope, past_eliminations))
    return union_all(current, undone).subquery("eliminations")


async def keep_elimination(tx: Tx, *, case_id: int, eliminated_at: datetime, undone_at: datetime,
                           household_id: str | None, village_code: str, town_code: str,
                           people: int, source: str) -> None:
    """Record an elimination a reopening is about to clear from the case (see _eliminations).
    Not a change of history (the elimination still counts where and when it was), but the
    reopening that calls this clears the case's own: the summary's years are marked there."""
    await tx.execute(past_eliminations.insert().values(
        case_id=case_id, eliminated_at=eliminated_at, undone_at=undone_at,
        household_id=household_id, village_code=village_code, town_code=town_code,
        people=people, source=source))


async def figures(tx: Tx, scope: Scope, window: YearWindow, now: datetime,
                  previous: YearWindow | None = None) -> RawFigures:
    """Every aggregate for one scope and year, in a handful of grouped queries. A year that
    has ended takes its history's figures from the summary (storage/figure_summary.py) while
    no history dated in or before it changed, and keeps them there when it counted them. The
    running year is counted forward from the year before it (`previous`, which has ended):
    its kept figures plus this year's cases (see _forward)."""
    if tx.dialect.name == "postgresql":
        # The household de-duplication sorts every case of the scope: in memory, not on disk.
        await tx.execute(text("SET LOCAL work_mem = '64MB'"))
    if window.end <= now:
        history = await _kept_history(tx, scope, window, now)
    elif previous is not None and previous.end == window.start and previous.end <= now:
        history = await _forward(tx, scope, window, previous, now)
    else:
        history = await _history(tx, scope, window)
    monitored = HouseholdCounts.of(await _households(
        tx, cases.c.identified_at, [cases.c.stage == "monitored", *_in_scope(scope)], None))
    return RawFigures(
        identified=history.identified, eliminated=history.eliminated, monitored=monitored,
        stages=await _stages(tx, scope, now), sources=history.sources, risks=history.risks,
        timeliness=history.timeliness)


async def _kept_history(tx: Tx, scope: Scope, window: YearWindow, now: datetime) -> _History:
    """A closed year's history figures: kept ones while current, else counted and kept."""
    key = _summary_key(scope, window)
    current = await figure_summary.generation(tx, window.year)
    kept = await figure_summary.kept(tx, key, current)
    if kept is not None:
        return _from_json(kept)
    history = await _history(tx, scope, window)
    await figure_summary.keep(tx, key, window.year, current, _to_json(history), now)
    return history


@dataclass(frozen=True, slots=True)
class _History:
    """The figures that depend on history alone (not on today's stages): for a closed year,
    what the summary keeps."""

    identified: HouseholdCounts
    eliminated: HouseholdCounts
    sources: list[LabelCount]
    risks: list[LabelCount]
    timeliness: list[Percentiles]


async def _history(tx: Tx, scope: Scope, window: YearWindow) -> _History:
    identified = await _households(
        tx, cases.c.identified_at,
        [cases.c.identified_at.is_not(None), cases.c.identified_at < window.end,
         *_in_scope(scope)], window)
    eliminations = _eliminations(scope, window)
    eliminated = await _households(tx, eliminations.c.eliminated_at, [], window, eliminations)
    return _History(HouseholdCounts.of(identified), HouseholdCounts.of(eliminated),
                    sources=await _sources(tx, scope, window, _new_by_source(identified)),
                    risks=await _risks(tx, scope, window),
                    timeliness=await _timeliness(tx, scope, window))


async def _forward(tx: Tx, scope: Scope, window: YearWindow, previous: YearWindow,
                   now: datetime) -> _History:
    """The running year's history figures counted forward from the year before it, which has
    ended (so its figures are kept). A household's representative is its latest
    identification (elimination) before the end of the year: one with a row this year has it
    this year, found among this year's rows alone; any other keeps last year's, which last
    year's kept figures count "before or in" that year. So this year = this year's rows, plus
    last year's totals less the households whose representative moved into this year (their
    earlier representatives, read by household). Reads this year's cases and those
    households' history, not every year's — and equals counting every year again."""
    last = await _kept_history(tx, scope, previous, now)
    identifications = select(
        cases.c.id, cases.c.household_id, cases.c.village_code, cases.c.people, cases.c.source,
        cases.c.identified_at,
    ).where(cases.c.identified_at.is_not(None), *_in_scope(scope)).subquery("identifications")
    identified, moved = await _year_and_moved(tx, identifications,
                                              identifications.c.identified_at, window)
    eliminations = _eliminations(scope, window)
    eliminated, moved_out = await _year_and_moved(tx, eliminations,
                                                  eliminations.c.eliminated_at, window)
    return _History(_carried(last.identified, moved, identified[0]),
                    _carried(last.eliminated, moved_out, eliminated[0]),
                    sources=await _sources(tx, scope, window, identified[1]),
                    risks=await _risks(tx, scope, window),
                    timeliness=await _timeliness(tx, scope, window))


async def _year_and_moved(tx: Tx, rows: Any, column: Any, window: YearWindow
                          ) -> tuple[tuple[HouseholdCounts, dict[str, int]],
                                     dict[str, tuple[int, int]]]:
    """Households with a row (of `rows`, dated by `column`) in the year, by their latest one
    (rolled up, and per source); and the same households' representatives before the year,
    per village."""
    this_year = await _households_in_year(
        tx, column, [column >= window.start, column < window.end], window, rows)
    in_year = select(rows.c.household_id, rows.c.id).where(
        column >= window.start, column < window.end).cte("in_year")
    # The household key is household_id, else the case (which may have an undone elimination).
    renewed = or_(
        rows.c.household_id.in_(select(in_year.c.household_id)
                                .where(in_year.c.household_id.is_not(None))),
        and_(rows.c.household_id.is_(None),
             rows.c.id.in_(select(in_year.c.id).where(in_year.c.household_id.is_(None)))))
    moved = await _households_by_village(tx, column, [column < window.start, renewed], rows)
    return this_year, moved


def _carried(last: HouseholdCounts, moved: dict[str, tuple[int, int]],
             year: HouseholdCounts) -> HouseholdCounts:
    """This year's counts from last year's (all of them "before" now), less the households
    that moved into this year, plus this year's."""
    villages: dict[str, tuple[int, int, int, int]] = {}
    for code in last.by_village.keys() | year.by_village.keys():
        before = last.by_village.get(code, (0, 0, 0, 0))
        gone = moved.get(code, (0, 0))
        now_in = year.by_village.get(code, (0, 0, 0, 0))
        counts = (before[0] + before[2] - gone[0], before[1] + before[3] - gone[1],
                  now_in[2], now_in[3])
        if any(counts):  # counted from scratch, a village with no household has no entry
            villages[code] = counts
    return HouseholdCounts(villages, year.by_month)


def _new_by_source(identified: list[HouseholdBucket]) -> dict[str, int]:
    """Households newly identified in the year (buckets 1–12), per source."""
    households: dict[str, int] = {}
    for b in identified:
        if b.bucket:
            households[b.source] = households.get(b.source, 0) + b.households
    return households


def _summary_key(scope: Scope, window: YearWindow) -> str:
    """The year by its local start (a change of TIMEZONE is another year) and the scope (a
    district of several by its code and a digest of its towns: a town added is another
    scope)."""
    towns = hashlib.sha256(",".join(scope.towns).encode()).hexdigest()[:16] if scope.towns else ""
    return "|".join((SUMMARY_FORMAT, window.start.isoformat(), scope.level, scope.code or "",
                     towns))


SUMMARY_FORMAT = "1"  # a new shape of the kept figures is a new key: old rows are never read


def _to_json(h: _History) -> dict[str, Any]:
    return {"identified": h.identified.to_json(), "eliminated": h.eliminated.to_json(),
            "sources": [astuple(c) for c in h.sources], "risks": [astuple(c) for c in h.risks],
            "timeliness": [astuple(p) for p in h.timeliness]}


def _from_json(kept: dict[str, Any]) -> _History:
    return _History(
        identified=HouseholdCounts.from_json(kept["identified"]),
        eliminated=HouseholdCounts.from_json(kept["eliminated"]),
        sources=[LabelCount(*row) for row in kept["sources"]],
        risks=[LabelCount(*row) for row in kept["risks"]],
        timeliness=[Percentiles(*row) for row in kept["timeliness"]])


# --- the case list for exports ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ExportCase:
    """One case as an export row shows it; the ID number is decrypted (masking is the caller's)."""

    ref: str
    town_code: str
    village_code: str
    household_id: str | None
    head_name: str
    id_number: str | None
    people: int
    source: str
    risk_types: list[str]
    stage: str
    category: str | None
    closed_reason: str | None
    reported_at: datetime
    accepted_at: datetime | None
    visited_at: datetime | None
    proposed_at: datetime | None
    identified_at: datetime | None
    eliminated_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None


_EXPORT_COLUMNS = (
    cases.c.ref, cases.c.town_code, cases.c.village_code, cases.c.household_id,
    cases.c.head_name, cases.c.id_number_enc, cases.c.people, cases.c.source,
    cases.c.risk_types, cases.c.stage, cases.c.category, cases.c.closed_reason,
    cases.c.reported_at, cases.c.accepted_at, cases.c.visited_at, cases.c.proposed_at,
    cases.c.identified_at, cases.c.eliminated_at, cases.c.closed_at, cases.c.due_at, cases.c.id)


def _export_case(r: Any, cipher: FieldCipher) -> ExportCase:
    return ExportCase(
        r.ref, r.town_code, r.village_code, r.household_id, r.head_name,
        cipher.decrypt(r.id_number_enc), r.people, r.source, list(r.risk_types or []),
        r.stage, r.category, r.closed_reason, r.reported_at, r.accepted_at, r.visited_at,
        r.proposed_at, r.identified_at, r.eliminated_at, r.closed_at, r.due_at)


async def export_cases(tx: Tx, cipher: FieldCipher, scope: Scope) -> list[ExportCase]:
    """Every case in the scope, oldest report first (no description, phone or reporter)."""
    query = select(*_EXPORT_COLUMNS).where(*_in_scope(scope)).order_by(
        cases.c.reported_at, cases.c.id)
    return [_export_case(r, cipher) for r in (await tx.execute(query)).all()]


async def export_cases_in_pages(engine: AsyncEngine, cipher: FieldCipher, scope: Scope,
                                page: int = 1000) -> list[ExportCase]:
    """The same list read in short transactions of `page` cases, oldest report first, so a
    district's whole list never holds the database (SQLite has one connection per process)
    while the bot's updates wait. Not one snapshot: a case changed meanwhile shows either
    state, which a list of 100,000 cases can live with."""
    out: list[ExportCase] = []
    after: tuple[datetime, int] | None = None
    while True:
        query = select(*_EXPORT_COLUMNS).where(*_in_scope(scope))
        if after is not None:
            query = query.where(or_(cases.c.reported_at > after[0], and_(
                cases.c.reported_at == after[0], cases.c.id > after[1])))
        async with engine.begin() as tx:
            rows = (await tx.execute(query.order_by(cases.c.reported_at, cases.c.id)
                                     .limit(page))).all()
        out.extend(_export_case(r, cipher) for r in rows)
        if len(rows) < page:
            return out
        after = (rows[-1].reported_at, rows[-1].id)
