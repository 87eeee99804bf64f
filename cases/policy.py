"""The programme's configurable rules as plain data: deadlines, reference format, closure rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Due times per stage (一条线响应)."""

    accept: timedelta = timedelta(hours=24)
    accept_urgent: timedelta = timedelta(hours=2)
    visit: timedelta = timedelta(days=3)  # after acceptance
    decision: timedelta = timedelta(days=15)  # after the report
    approval: timedelta = timedelta(days=5)  # after the proposal
    follow_up: timedelta = timedelta(days=30)  # while monitored
    recheck: timedelta = timedelta(days=180)  # after risk elimination
    review: timedelta = timedelta(days=10)  # 民主评议, after the town's approval (or the request)
    confirm: timedelta = timedelta(days=10)  # 审定 by the district, after the notice

    def accept_due(self, reported_at: datetime, urgent: bool) -> datetime:
        return reported_at + (self.accept_urgent if urgent else self.accept)


@dataclass(frozen=True, slots=True)
class Programme:
    """Everything the domain needs to know from settings, passed in by the composition root."""

    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    ref_prefix: str = "NC"
    deadlines: Deadlines = field(default_factory=Deadlines)
    min_monitoring: timedelta = timedelta(days=180)
    income_lines: dict[int, Decimal] = field(default_factory=dict)  # yuan per person per year
    neighbour_daily_limit: int = 3  # neighbour reports per reporter per day
    join_failures_per_hour: int = 50  # wrong invite codes, all accounts together
    # The programme's own steps (cases/programme_steps.py), each on or off, for the way into
    # monitoring and the way out of it; all on by default, as the programme requires.
    inclusion_steps: tuple[str, ...] = ("review", "notice", "confirm")
    elimination_steps: tuple[str, ...] = ("review", "notice", "confirm")
    notice_days: int = 5  # 公示: full calendar days in the programme's zone

    def steps_for(self, track: str) -> tuple[str, ...]:
        return self.inclusion_steps if track == "inclusion" else self.elimination_steps

    def income_line(self, year: int) -> Decimal | None:
        return self.income_lines.get(year)

    def local(self, when: datetime) -> datetime:
        return when.astimezone(self.timezone)

    def format_ref(self, year: int, number: int) -> str:
        """NC-2026-000123: prefix, the report's year in the programme's zone, a yearly counter."""
        return f"{self.ref_prefix}-{year}-{number:06d}"
