"""What the yearly figures' queries take (a year, a scope) and hand back (counts per village,
bucket, stage and label; percentiles), shared by storage/statistics.py, storage/timeliness.py
and storage/case_export.py, and re-exported by cases/statistics.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement

from storage.tables import cases


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


def in_scope(scope: Scope, rows: Any = cases) -> list[ColumnElement[bool]]:
    """The conditions that keep a scope's rows (`rows`: cases, or a table or select with its
    town_code and village_code)."""
    if scope.level == "district" and scope.towns:
        return [rows.c.town_code.in_(scope.towns)]
    if scope.level == "town" and scope.code:
        return [rows.c.town_code == scope.code]
    if scope.level == "village" and scope.code:
        return [rows.c.village_code == scope.code]
    return []
