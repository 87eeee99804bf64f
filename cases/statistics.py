"""The programme's yearly figures: what each number means, in one place.

Definitions (YEAR and months are counted in the programme's TIMEZONE, default Asia/Shanghai):

- A *household* is ``cases.household_id`` when the case carries one, else the case itself.
  Every figure about households counts each household once, however many cases it had
  (a reopened or re-reported household counts once). Its *people* are the members recorded
  on its representative case: the latest case (by the stage time the figure is about, then
  by case id) inside the figure's window.
- *Identified* (识别为监测对象): a case reached monitoring, i.e. ``identified_at`` is set.
- *Identified in total* in YEAR: identified_at before the end of YEAR (1 January YEAR+1,
  00:00 local).
- *Newly identified in YEAR*: the household's latest identification up to the end of YEAR
  falls inside YEAR (identified_at ≥ 1 January YEAR 00:00 local). Months likewise.
- *Risk eliminated* (风险消除) in YEAR: a household with an elimination before the end of
  YEAR (in total); "eliminated in YEAR" when its latest elimination up to the end of YEAR falls
  inside YEAR. Every elimination counts where and when it happened: the case's current one
  (``cases.eliminated_at``) and any a later reopening undid (``past_eliminations``, written by
  reopen() with the village, members and source of that time). So a reopening never changes
  an earlier year's figures, and totals are "ever eliminated by the end of YEAR" (like
  "identified in total"): a household eliminated in 2021 and reopened in 2022 still counts in
  2022's total. Eliminated again in 2022, it counts in 2022's "eliminated in YEAR" and month
  too — and once, not twice, in every total.
- *Currently monitored*: households whose case is in the ``monitored`` stage now.
- *Open cases by stage*: cases (not households) in an open stage now; *overdue*: those
  whose ``due_at`` is before now.
- *By source* and *by risk type*: cases reported in YEAR (reported_at inside YEAR) and
  households newly identified in YEAR; a case with two risk types counts under each.
- *Timeliness*, over cases reported in YEAR that reached the step:
  to accept = accepted_at − reported_at; to visit = visited_at − accepted_at
  (the visit deadline runs from acceptance); to decide = proposed_at − reported_at
  (the decision deadline runs from the report).
  Median and 90th percentile use the **nearest-rank method**: sort the n durations and take
  the value at rank ⌈p·n⌉ (p = 0.5 or 0.9), so every figure is a duration that really
  happened and no interpolation is done.

Plain functions over plain rows; storage/statistics.py does the aggregation in SQL
(storage/figure_types.py defines the row types, re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from cases.divisions import DivisionRegister
from cases.vocab import OPEN_STAGES, RISK_TYPES, SOURCES
from storage.figure_types import (
    HouseholdBucket,
    HouseholdCounts,
    LabelCount,
    Percentiles,
    RawFigures,
    Scope,
    StageCount,
    YearWindow,
)
from storage.timeliness import STEP_NAMES

TIMELINESS_STEPS = STEP_NAMES  # accept, visit, decide: what each measures is said above
PERCENTILE_METHOD = "nearest-rank"


def year_window(year: int, tz: ZoneInfo) -> YearWindow:
    """Local midnight of 1 January YEAR up to (not including) 1 January YEAR+1, in UTC."""
    months = tuple(datetime(year, m, 1, tzinfo=tz).astimezone(UTC) for m in range(1, 13))
    end = datetime(year + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    return YearWindow(year, months[0], end, months)


def scope_for(register: DivisionRegister, code: str | None) -> Scope:
    """The scope of a division code (None or the district: everything)."""
    if code is None:
        return Scope()
    division = register.find(code)
    if division is None:
        raise ValueError(f"unknown division {code!r}")
    if division.level in ("town", "village"):
        return Scope(division.level, division.code)
    if len([d for d in register.children(None) if d.level == "district"]) > 1:
        towns = tuple(sorted(t.code for t in register.children(division.code)))
        return Scope("district", division.code, towns)
    return Scope()  # the register's only district: everything


# --- what the reports show ---------------------------------------------------------------

@dataclass(slots=True)  # not frozen: built by the ten thousand for a province, and never changed
class Count:
    households: int = 0
    people: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.households + other.households, self.people + other.people)


@dataclass(slots=True)
class AreaFigures:
    """The headline figures of one area (the scope, a town or a village)."""

    code: str | None
    name: str
    new: Count = field(default_factory=Count)
    total: Count = field(default_factory=Count)
    eliminated: Count = field(default_factory=Count)
    eliminated_in_year: Count = field(default_factory=Count)
    monitored: Count = field(default_factory=Count)
    open_cases: int = 0
    overdue: int = 0


@dataclass(slots=True)
class Statistics:
    """One scope's figures for one year, ready to render as text, CSV, XLSX or a chart."""

    year: int
    scope: Scope
    scope_name: str
    generated_at: datetime
    summary: AreaFigures
    towns: list[AreaFigures]
    villages: list[AreaFigures]
    open_by_stage: dict[str, int]
    overdue_by_stage: dict[str, int]
    new_by_month: list[Count]  # 12 entries
    eliminated_by_month: list[Count]
    by_source: list[LabelCount]
    by_risk: list[LabelCount]
    timeliness: list[Percentiles]
    timeliness_index: dict[tuple[str, str, str | None], Percentiles] = field(
        default_factory=dict, repr=False, compare=False)


def nearest_rank(values: Sequence[float], p: float) -> float:
    """The value at rank ⌈p·n⌉ of the sorted values (the method every timeliness figure uses)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p * len(ordered)))
    return ordered[rank - 1]


def assemble(raw: RawFigures, *, year: int, scope: Scope, register: DivisionRegister,
             now: datetime) -> Statistics:
    """Roll village rows up to towns and the scope; fill months, stages and labels."""
    villages: dict[str, AreaFigures] = {}

    def village(code: str) -> AreaFigures:
        if code not in villages:
            division = register.get(code)
            villages[code] = AreaFigures(code, division.name if division else code)
        return villages[code]

    for code, (h0, p0, h1, p1) in HouseholdCounts.of(raw.identified).by_village.items():
        area = village(code)
        area.total += Count(h0 + h1, p0 + p1)
        area.new += Count(h1, p1)
    for code, (h0, p0, h1, p1) in HouseholdCounts.of(raw.eliminated).by_village.items():
        area = village(code)
        area.eliminated += Count(h0 + h1, p0 + p1)
        area.eliminated_in_year += Count(h1, p1)
    for code, (h0, p0, _, _) in HouseholdCounts.of(raw.monitored).by_village.items():
        village(code).monitored += Count(h0, p0)
    new_by_month = [Count(h, p) for h, p in HouseholdCounts.of(raw.identified).by_month]
    eliminated_by_month = [Count(h, p) for h, p in HouseholdCounts.of(raw.eliminated).by_month]
    open_by_stage = {stage: 0 for stage in OPEN_STAGES}
    overdue_by_stage = {stage: 0 for stage in OPEN_STAGES}
    for s in raw.stages:
        area = village(s.village_code)
        area.open_cases += s.cases
        area.overdue += s.overdue
        open_by_stage[s.stage] = open_by_stage.get(s.stage, 0) + s.cases
        overdue_by_stage[s.stage] = overdue_by_stage.get(s.stage, 0) + s.overdue

    towns: dict[str, AreaFigures] = {}
    for code, area in villages.items():
        town = register.town_of(code)
        key = town.code if town else ""
        if key not in towns:
            towns[key] = AreaFigures(key or None, town.name if town else "—")
        _add_into(towns[key], area)
    name = scope_name(scope, register)
    summary = AreaFigures(scope.code, name)
    for area in villages.values():
        _add_into(summary, area)
    return Statistics(
        year=year, scope=scope, scope_name=name, generated_at=now, summary=summary,
        towns=sorted(towns.values(), key=lambda a: a.code or ""),
        villages=sorted(villages.values(), key=lambda a: a.code or ""),
        open_by_stage=open_by_stage, overdue_by_stage=overdue_by_stage,
        new_by_month=new_by_month, eliminated_by_month=eliminated_by_month,
        by_source=_ordered(raw.sources, SOURCES), by_risk=_ordered(raw.risks, RISK_TYPES),
        timeliness=raw.timeliness,
    )


def _add_into(target: AreaFigures, area: AreaFigures) -> None:
    target.new += area.new
    target.total += area.total
    target.eliminated += area.eliminated
    target.eliminated_in_year += area.eliminated_in_year
    target.monitored += area.monitored
    target.open_cases += area.open_cases
    target.overdue += area.overdue


def _ordered(counts: Iterable[LabelCount], order: Sequence[str]) -> list[LabelCount]:
    """Every vocabulary label in its usual order (zeros included), unknown labels last."""
    found = {c.label: c for c in counts}
    out = [found.pop(label, LabelCount(label, 0, 0)) for label in order]
    return out + sorted(found.values(), key=lambda c: c.label)


def scope_name(scope: Scope, register: DivisionRegister) -> str:
    """The town's name, or the district's when the register holds just one."""
    if scope.code:
        return register.name_of(scope.code)
    districts = [d for d in register.children(None) if d.level == "district"]
    return districts[0].name if len(districts) == 1 else ""


def timeliness_of(stats: Statistics, step: str, level: str, code: str | None) -> Percentiles | None:
    """One group's timeliness figure, if any case of the year reached that step (looked up in
    an index built on first use: a province's table asks 24,000 times)."""
    if not stats.timeliness_index:
        stats.timeliness_index.update(((p.step, p.level, p.code), p) for p in stats.timeliness)
    return stats.timeliness_index.get((step, level, code))


__all__ = [
    "PERCENTILE_METHOD", "TIMELINESS_STEPS", "AreaFigures", "Count", "HouseholdBucket",
    "HouseholdCounts",
    "LabelCount", "Percentiles", "RawFigures", "Scope", "StageCount", "Statistics", "YearWindow",
    "assemble", "nearest_rank", "scope_for", "scope_name", "timeliness_of", "year_window",
]
