"""The yearly figures as plain tables (header + rows) that CSV and XLSX both write."""

from __future__ import annotations

from cases.statistics import TIMELINESS_STEPS, AreaFigures, Statistics, timeliness_of
from handlers.stats_view import Translate

Table = tuple[list[str], list[list[object]]]


def _hours(seconds: float | None) -> float | str:
    return "" if seconds is None else round(seconds / 3600, 1)


def area_table(stats: Statistics, t: Translate) -> Table:
    """One row for the scope, then each town, then each village, with timeliness per area."""
    header = [t(f"stats.col.{c}") for c in (
        "level", "code", "name", "new_h", "new_p", "total_h", "total_p", "elim_h", "elim_p",
        "elim_year_h", "elim_year_p", "monitored_h", "monitored_p", "open", "overdue")]
    for step in TIMELINESS_STEPS:
        name = t(f"stats.step.{step}")
        header += [t("stats.col.median_h", step=name), t("stats.col.p90_h", step=name)]
    rows: list[list[object]] = []
    scope_level = "district" if stats.scope.level == "district" else stats.scope.level
    groups: list[tuple[str, str, list[AreaFigures]]] = [(scope_level, "all", [stats.summary])]
    if stats.scope.level == "district":
        groups.append(("town", "town", stats.towns))
    if stats.scope.level != "village":
        groups.append(("village", "village", stats.villages))
    for level, timeliness_level, areas in groups:
        for area in areas:
            rows.append([
                t(f"stats.level.{level}"), area.code or "", area.name,
                area.new.households, area.new.people, area.total.households, area.total.people,
                area.eliminated.households, area.eliminated.people,
                area.eliminated_in_year.households, area.eliminated_in_year.people,
                area.monitored.households, area.monitored.people, area.open_cases, area.overdue,
                *_timeliness(stats, timeliness_level, area.code if timeliness_level != "all" else None),
            ])
    return header, rows


def _timeliness(stats: Statistics, level: str, code: str | None) -> list[object]:
    out: list[object] = []
    for step in TIMELINESS_STEPS:
        p = timeliness_of(stats, step, level, code)
        out += [_hours(p.median_s if p else None), _hours(p.p90_s if p else None)]
    return out


def summary_table(stats: Statistics, t: Translate) -> Table:
    s = stats.summary
    header = [t("stats.col.item"), t("stats.col.households"), t("stats.col.people")]
    rows: list[list[object]] = [
        [t(f"stats.item.{key}"), c.households, c.people] for key, c in (
            ("new", s.new), ("total", s.total), ("eliminated", s.eliminated),
            ("eliminated_year", s.eliminated_in_year), ("monitored", s.monitored))]
    return header, rows


def month_table(stats: Statistics, t: Translate) -> Table:
    header = [t("stats.col.month"), t("stats.col.new_h"), t("stats.col.new_p"),
              t("stats.col.elim_year_h"), t("stats.col.elim_year_p")]
    rows: list[list[object]] = [
        [f"{stats.year}-{m + 1:02d}", new.households, new.people, gone.households, gone.people]
        for m, (new, gone) in enumerate(zip(stats.new_by_month, stats.eliminated_by_month,
                                            strict=True))]
    return header, rows


def stage_table(stats: Statistics, t: Translate) -> Table:
    header = [t("stats.col.stage"), t("stats.col.open"), t("stats.col.overdue")]
    rows: list[list[object]] = [[t(f"stage.{stage}"), n, stats.overdue_by_stage.get(stage, 0)]
                                for stage, n in stats.open_by_stage.items()]
    return header, rows


def label_table(stats: Statistics, t: Translate, kind: str) -> Table:
    """kind: "source" or "risk"."""
    counts = stats.by_source if kind == "source" else stats.by_risk
    header = [t("stats.col.label"), t("stats.col.reported_cases"), t("stats.col.new_households")]
    rows: list[list[object]] = []
    for c in counts:
        try:
            label = t(f"{kind}.{c.label}")
        except KeyError:
            label = c.label
        rows.append([label, c.cases, c.households])
    return header, rows
