"""Sliding-window counters for the web channel's abuse limits (per visitor, per address).

Kept in memory: they guard one process against a flood, and a restart forgetting them costs
little. The limits that must hold across restarts (status recovery) are counted in the
database instead.
"""

from __future__ import annotations

import time
from collections import deque

MAX_KEYS = 100_000  # a flood of new addresses cannot grow this without bound


class Windows:
    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = {}
        self._now = time.monotonic  # tests may replace it

    def allow(self, key: str, limit: int, period: float) -> bool:
        """Count one hit for `key`; False (not counted) when `limit` hits fell within `period`."""
        now = self._now()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= MAX_KEYS:
                self._forget_idle(now, period)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - period:
            hits.popleft()
        if len(hits) >= limit:
            return False
        hits.append(now)
        return True

    def _forget_idle(self, now: float, period: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - period]:
            del self._hits[key]
        if len(self._hits) >= MAX_KEYS:  # all busy: drop the oldest half rather than grow
            for key in list(self._hits)[: MAX_KEYS // 2]:
                del self._hits[key]
