"""Quiet hours: non-urgent messages wait for the morning (local time of the programme)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


@dataclass(frozen=True, slots=True)
class QuietHours:
    """From `start` to `end` local time (may span midnight); start == end means none."""

    start: time
    end: time
    zone: ZoneInfo

    def hold_until(self, now: datetime) -> datetime | None:
        """The end of the quiet period `now` falls in (UTC), or None outside quiet hours."""
        if self.start == self.end:
            return None
        local = now.astimezone(self.zone)
        clock = local.time().replace(tzinfo=None)
        if self.start < self.end:
            quiet = self.start <= clock < self.end
            end_day = local.date()
        else:  # spans midnight: 22:00–07:00
            quiet = clock >= self.start or clock < self.end
            end_day = local.date() + timedelta(days=1) if clock >= self.start else local.date()
        if not quiet:
            return None
        end = datetime.combine(end_day, self.end, tzinfo=self.zone)
        return end.astimezone(UTC)
