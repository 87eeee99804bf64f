"""The SQL behind the yearly figures: every aggregate runs in the database, grouped by village.

Definitions live in cases/statistics.py; this module only counts. Households are deduplicated
with ROW_NUMBER() over the household key (household_id, else the case), so each household has
one representative case per figure. Both SQLite (≥ 3.25) and PostgreSQL run the same
statements, except the JSON unnest of risk types and the timeliness percentiles
(storage/timeliness.py). On PostgreSQL the figures about the year's reports (sources, risks,
timeliness) are counted on a second connection reading the same snapshot, while this one
counts the households and today's figures (storage/snapshot_beside.py): two cores at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, text, union_all

from storage import figure_summary
from storage.bytewise import bytewise
from storage.db import Tx
from storage.figure_types import (
    HouseholdBucket,
    HouseholdCounts,
    LabelCount,
    Percentiles,
    RawFigures,
    Scope,
    StageCount,
    YearWindow,
    in_scope,
)
from storage.snapshot_beside import beside, both
from storage.tables import cases
from storage.tables_scale import is_open
from storage.tables_statistics import past_eliminations
from storage.timeliness import timeliness

# The household de-duplication sorts every case of the scope: in memory, not on disk.
_WORK_MEM = "SET LOCAL work_mem = '64MB'"


def _household_key(rows: Any = cases) -> list[ColumnElement[Any]]:
    """household_id, else the case: `rows` is the cases table or a select with the same names.
    Two columns rather than one built string ("#case:" || id): the same partitions, and
    sorting a million of them takes half the time (and byte order, a fraction again)."""
    return [bytewise(rows.c.household_id), case((rows.c.household_id.is_(None), rows.c.id))]


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
    village = bytewise(ranked.c.village_code)
    query = (
        select(village.label("village_code"), ranked.c.bucket, ranked.c.source,
               func.count().label("households"), func.sum(ranked.c.people).label("people"))
        .where(ranked.c.rn == 1)
        .group_by(village, ranked.c.bucket, ranked.c.source)
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
        select(literal(0).label("kind"), bytewise(ranked.c.village_code).label("code"),
               literal(0).label("bucket"), households, people.label("people"))
        .where(ranked.c.rn == 1).group_by(bytewise(ranked.c.village_code)),
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
    village = bytewise(ranked.c.village_code)
    query = (select(village.label("village_code"), func.count().label("households"),
                    func.sum(ranked.c.people).label("people"))
             .where(ranked.c.rn == 1).group_by(village))
    return {r.village_code: (int(r.households), int(r.people or 0))
            for r in (await tx.execute(query)).all()}


async def _stages(tx: Tx, scope: Scope, now: datetime) -> list[StageCount]:
    query = (
        select(cases.c.village_code, cases.c.stage, func.count().label("n"),
               func.sum(case((cases.c.due_at < now, 1), else_=0)).label("overdue"))
        .where(is_open(), *in_scope(scope))
        .group_by(cases.c.village_code, cases.c.stage)
    )
    return [StageCount(r.village_code, r.stage, int(r.n), int(r.overdue or 0))
            for r in (await tx.execute(query)).all()]


async def _reported_by_source(tx: Tx, scope: Scope, window: YearWindow) -> dict[str, int]:
    """Cases reported in the year per source."""
    query = (
        select(cases.c.source, func.count().label("n"))
        .where(cases.c.reported_at >= window.start, cases.c.reported_at < window.end,
               *in_scope(scope))
        .group_by(cases.c.source)
    )
    return {r.source: int(r.n) for r in (await tx.execute(query)).all()}


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
               *in_scope(scope))
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
            *in_scope(scope)).cte("ranked")
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



def _eliminations(scope: Scope, window: YearWindow) -> Any:
    """Every elimination before the end of the year: each case's current one (cases) and those
    a reopening undid (past_eliminations, with the place and members the case had then).

    Both branches are filtered by themselves so each uses its own index on eliminated_at.
    """
    current = select(
        cases.c.id, cases.c.household_id, cases.c.village_code, cases.c.people, cases.c.source,
        cases.c.eliminated_at,
    ).where(cases.c.eliminated_at.is_not(None), cases.c.eliminated_at < window.end,
            *in_scope(scope))
    undone = select(
        past_eliminations.c.case_id.label("id"), past_eliminations.c.household_id,
        past_eliminations.c.village_code, past_eliminations.c.people, past_eliminations.c.source,
        past_eliminations.c.eliminated_at,
    ).where(past_eliminations.c.eliminated_at < window.end, *in_scope(scope, past_eliminations))
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
    no history dated in or before it changed, and keeps them there when it counted them. A
    year is counted forward from the year before it (`previous`, which has ended) — its kept
    figures plus this year's cases (see _forward): the running year always (counting and
    keeping last year's on the way if need be), a closed year when the year before it is kept
    (a change of a closed year's history leaves the years before it as they were)."""
    settings = (_WORK_MEM,) if tx.dialect.name == "postgresql" else ()
    for setting in settings:
        await tx.execute(text(setting))
    closed = window.end <= now
    if closed:
        generation, kept = await _kept(tx, scope, window)
        if kept is not None:
            monitored, stages = await _today(tx, scope, now)
            return _raw(kept, monitored, stages)
    if previous is not None and not (previous.end == window.start and previous.end <= now):
        previous = None
    async with beside(tx, settings=settings) as other:
        (households, (monitored, stages)), reported = await both(
            other, _households_and_today(tx, scope, window, previous, now, closed=closed),
            _reported(other or tx, scope, window))
    history = _history_of(households, reported)
    if closed:
        await figure_summary.keep(tx, _summary_key(scope, window), window.year, generation,
                                  _to_json(history), now)
    return _raw(history, monitored, stages)


def _raw(history: _History, monitored: HouseholdCounts, stages: list[StageCount]) -> RawFigures:
    return RawFigures(
        identified=history.identified, eliminated=history.eliminated, monitored=monitored,
        stages=stages, sources=history.sources, risks=history.risks,
        timeliness=history.timeliness)


async def _today(tx: Tx, scope: Scope, now: datetime
                 ) -> tuple[HouseholdCounts, list[StageCount]]:
    """What the report shows as of now: households monitored now, open cases by stage."""
    monitored = await _households_by_village(
        tx, cases.c.identified_at, [cases.c.stage == "monitored", *in_scope(scope)], cases)
    return (HouseholdCounts({code: (h, p, 0, 0) for code, (h, p) in monitored.items()},
                            [(0, 0)] * 12),
            await _stages(tx, scope, now))


@dataclass(frozen=True, slots=True)
class _History:
    """The figures that depend on history alone (not on today's stages): for a closed year,
    what the summary keeps."""

    identified: HouseholdCounts
    eliminated: HouseholdCounts
    sources: list[LabelCount]
    risks: list[LabelCount]
    timeliness: list[Percentiles]


@dataclass(frozen=True, slots=True)
class _Households:
    """The history's household figures, and the households newly identified per source."""

    identified: HouseholdCounts
    eliminated: HouseholdCounts
    new_by_source: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Reported:
    """The figures about the cases reported in the year."""

    by_source: dict[str, int]
    risks: list[LabelCount]
    timeliness: list[Percentiles]


def _history_of(households: _Households, reported: _Reported) -> _History:
    sources = [LabelCount(label, reported.by_source.get(label, 0),
                          households.new_by_source.get(label, 0))
               for label in sorted(reported.by_source.keys() | households.new_by_source.keys())]
    return _History(households.identified, households.eliminated, sources, reported.risks,
                    reported.timeliness)


async def _households_and_today(tx: Tx, scope: Scope, window: YearWindow,
                                previous: YearWindow | None, now: datetime, *, closed: bool
                                ) -> tuple[_Households, tuple[HouseholdCounts, list[StageCount]]]:
    last = None
    if previous is not None:
        last = ((await _kept(tx, scope, previous))[1] if closed
                else await _kept_history(tx, scope, previous, now))
    households = (await _forward(tx, scope, window, last) if last is not None
                  else await _counted(tx, scope, window))
    return households, await _today(tx, scope, now)


async def _reported(tx: Tx, scope: Scope, window: YearWindow) -> _Reported:
    return _Reported(await _reported_by_source(tx, scope, window),
                     await _risks(tx, scope, window), await timeliness(tx, scope, window))


async def _counted(tx: Tx, scope: Scope, window: YearWindow) -> _Households:
    """The households counted from every year's cases."""
    identified = await _households(
        tx, cases.c.identified_at,
        [cases.c.identified_at.is_not(None), cases.c.identified_at < window.end,
         *in_scope(scope)], window)
    eliminations = _eliminations(scope, window)
    eliminated = await _households(tx, eliminations.c.eliminated_at, [], window, eliminations)
    return _Households(HouseholdCounts.of(identified), HouseholdCounts.of(eliminated),
                       _new_by_source(identified))


async def _kept(tx: Tx, scope: Scope, window: YearWindow) -> tuple[int, _History | None]:
    """The generation a closed year's figures must carry (read before any counting, so a
    change committed meanwhile leaves what is kept stale, never wrong), and its kept history
    figures if they carry it."""
    generation = await figure_summary.generation(tx, window.year)
    kept = await figure_summary.kept(tx, _summary_key(scope, window), generation)
    return generation, (_from_json(kept) if kept is not None else None)


async def _kept_history(tx: Tx, scope: Scope, window: YearWindow, now: datetime) -> _History:
    """A closed year's history figures: kept ones while current, else counted (on this
    connection alone) and kept."""
    generation, history = await _kept(tx, scope, window)
    if history is None:
        history = _history_of(await _counted(tx, scope, window),
                              await _reported(tx, scope, window))
        await figure_summary.keep(tx, _summary_key(scope, window), window.year, generation,
                                  _to_json(history), now)
    return history


async def _forward(tx: Tx, scope: Scope, window: YearWindow, last: _History) -> _Households:
    """A year's households counted forward from the year before it, which has ended (`last`:
    its kept figures). A household's representative is its latest
    identification (elimination) before the end of the year: one with a row this year has it
    this year, found among this year's rows alone; any other keeps last year's, which last
    year's kept figures count "before or in" that year. So this year = this year's rows, plus
    last year's totals less the households whose representative moved into this year (their
    earlier representatives, read by household). Reads this year's cases and those
    households' history, not every year's — and equals counting every year again."""
    identifications = select(
        cases.c.id, cases.c.household_id, cases.c.village_code, cases.c.people, cases.c.source,
        cases.c.identified_at,
    ).where(cases.c.identified_at.is_not(None), *in_scope(scope)).subquery("identifications")
    identified, moved = await _year_and_moved(tx, identifications,
                                              identifications.c.identified_at, window)
    eliminations = _eliminations(scope, window)
    eliminated, moved_out = await _year_and_moved(tx, eliminations,
                                                  eliminations.c.eliminated_at, window)
    return _Households(_carried(last.identified, moved, identified[0]),
                       _carried(last.eliminated, moved_out, eliminated[0]), identified[1])


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

