"""The yearly figures as chat text (Telegram HTML), in pages under Telegram's 4096 characters."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from cases.statistics import TIMELINESS_STEPS, AreaFigures, Statistics, timeliness_of

Translate = Callable[..., str]  # t(key, **params) -> rendered text in one language

PAGE_LIMIT = 3900  # below Telegram's 4096, leaving room for the engine's own additions


def duration(t: Translate, seconds: float) -> str:
    """Hours (one decimal) below two days, else days (one decimal)."""
    hours = seconds / 3600
    if hours < 48:
        return t("stats.hours", n=_num(hours))
    return t("stats.days", n=_num(hours / 24))


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def area_line(t: Translate, area: AreaFigures) -> str:
    return t("stats.area_line", name=area.name, new_h=area.new.households, new_p=area.new.people,
             total_h=area.total.households, total_p=area.total.people,
             elim_h=area.eliminated.households, elim_p=area.eliminated.people,
             open=area.open_cases, overdue=area.overdue)


def summary_lines(t: Translate, stats: Statistics, tz: ZoneInfo, *, with_towns: bool) -> list[str]:
    """The scope's headline figures, stages, sources, risk types, timeliness (and towns)."""
    s = stats.summary
    lines = [
        t("stats.title", scope=stats.scope_name, year=stats.year),
        t("stats.as_of", time=stats.generated_at.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
          tz=str(tz)),
        "",
        t("stats.new", households=s.new.households, people=s.new.people),
        t("stats.total", households=s.total.households, people=s.total.people),
        t("stats.eliminated", households=s.eliminated.households, people=s.eliminated.people),
        t("stats.eliminated_year", households=s.eliminated_in_year.households,
          people=s.eliminated_in_year.people),
        t("stats.monitored", households=s.monitored.households, people=s.monitored.people),
        "",
        t("stats.open_title"),
    ]
    open_stages = [(stage, n) for stage, n in stats.open_by_stage.items() if n]
    lines += [t("stats.stage_line", stage=t(f"stage.{stage}"), cases=n,
                overdue=stats.overdue_by_stage.get(stage, 0)) for stage, n in open_stages]
    if not open_stages:
        lines.append(t("stats.open_none"))
    for title, prefix, counts in (("stats.source_title", "source", stats.by_source),
                                  ("stats.risk_title", "risk", stats.by_risk)):
        lines += ["", t(title)]
        lines += [t("stats.label_line", label=_label(t, prefix, c.label), cases=c.cases,
                    households=c.households) for c in counts if c.cases or c.households]
    lines += ["", t("stats.time_title")]
    for step in TIMELINESS_STEPS:
        p = timeliness_of(stats, step, "all", None)
        name = t(f"stats.step.{step}")
        lines.append(t("stats.time_none", step=name) if p is None else t(
            "stats.time_line", step=name, median=duration(t, p.median_s),
            p90=duration(t, p.p90_s), n=p.n))
    if with_towns and stats.towns:
        lines += ["", t("stats.towns_title")]
        lines += [area_line(t, town) for town in stats.towns]
        lines += ["", t("stats.town_time_title")]
        lines += [t("stats.town_time_line", name=town.name,
                    times=" · ".join(_pair(t, stats, step, town.code) for step in TIMELINESS_STEPS))
                  for town in stats.towns]
    return lines


def _pair(t: Translate, stats: Statistics, step: str, town_code: str | None) -> str:
    p = timeliness_of(stats, step, "town", town_code)
    return "—" if p is None else f"{duration(t, p.median_s)}/{duration(t, p.p90_s)}"


def _label(t: Translate, prefix: str, slug: str) -> str:
    try:
        return t(f"{prefix}.{slug}")
    except KeyError:
        return slug  # a slug outside today's vocabulary (e.g. an old import) shows as is


def pages(lines: list[str], limit: int = PAGE_LIMIT) -> list[str]:
    """Join lines into messages of at most `limit` characters, breaking only between lines."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        line = line[:limit]
        if current and size + len(line) + 1 > limit:
            out.append("\n".join(current).strip("\n"))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        out.append("\n".join(current).strip("\n"))
    return [page for page in out if page]
