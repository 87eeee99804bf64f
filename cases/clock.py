"""The one injectable clock: every piece of code asks it for "now" so tests and the sandbox can move time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """Wall-clock time in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class MovableClock:
    """Wall-clock time plus an offset that can be pushed forward, or frozen at a fixed instant.

    The sandbox's fast-forward and the tests' "a week later" both move this clock;
    frozen mode keeps tests deterministic.
    """

    def __init__(self, start: datetime | None = None, *, frozen: bool = False) -> None:
        self._offset = timedelta(0)
        self._frozen_at: datetime | None = None
        if start is not None:
            self._offset = start - datetime.now(UTC)
        if frozen:
            self._frozen_at = start or datetime.now(UTC)

    def now(self) -> datetime:
        if self._frozen_at is not None:
            return self._frozen_at
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move time forward (never backward: due times must not un-expire)."""
        if delta < timedelta(0):
            raise ValueError("the clock only moves forward")
        if self._frozen_at is not None:
            self._frozen_at += delta
        else:
            self._offset += delta
        return self.now()

    def set(self, when: datetime) -> None:
        """Jump to an instant (tests only)."""
        if self._frozen_at is not None:
            self._frozen_at = when
        else:
            self._offset = when - datetime.now(UTC)
