"""Telegram's send limits as sliding windows over the injectable clock.

A send is recorded when its HTTP call has returned: the server saw it no later than that,
so spacing decisions by recorded times keeps every window the server measures within the
limits, whatever the network latency (a request leaves after the decision, arrives before
the record).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from chat.transport import Transport


@dataclass(frozen=True, slots=True)
class SendLimits:
    """≤1 message per `per_chat_interval` to a chat, `group_per_minute` to a group (negative
    chat id), `overall_per_second` in all."""

    per_chat_interval: float = 1.0
    group_per_minute: int = 20
    overall_per_second: int = 25

    @classmethod
    def unlimited(cls) -> SendLimits:
        """For tests whose clock stands still: journeys must not wait on the limiter."""
        return cls(per_chat_interval=0.0, group_per_minute=10**9, overall_per_second=10**9)

    def spacing(self, chat_id: str) -> float:
        """Seconds between two sends to one chat when they are paced one by one (the shared
        budget): a group's twenty a minute become one every three seconds, which keeps any
        minute within twenty without remembering each send."""
        if is_group(chat_id) and self.group_per_minute < 10**9:
            return max(self.per_chat_interval, 60 / self.group_per_minute)
        return self.per_chat_interval


def channel_limiters(base: SendLimits, transports: Mapping[str, Transport]
                     ) -> dict[str, RateLimiter]:
    """A limiter for each channel that declares limits of its own (Capabilities.send_spacing,
    sends_per_second); none when limits are off (tests whose clock stands still)."""
    if base.per_chat_interval <= 0:
        return {}
    out = {}
    for name, transport in transports.items():
        caps = transport.capabilities
        if caps.send_spacing or caps.sends_per_second:
            out[name] = RateLimiter(SendLimits(caps.send_spacing or base.per_chat_interval,
                                               base.group_per_minute,
                                               caps.sends_per_second or base.overall_per_second))
    return out


SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


class RateLimiter:
    """Remembers recent sends and says who may receive now, and how long the others wait."""

    def __init__(self, limits: SendLimits) -> None:
        self.limits = limits
        # This process's part of the overall rate: all of it alone, its share when several
        # processes share one budget (scheduler/send_budget.py sets it each heartbeat).
        self.overall = limits.overall_per_second
        self.share_until: datetime | None = None  # shared: the share lapses then, unrenewed
        self._all: deque[datetime] = deque()
        self._last: dict[str, datetime] = {}  # chat -> last send
        self._groups: dict[str, deque[datetime]] = {}

    def record(self, chat_id: str, at: datetime) -> None:
        """A request to this chat has been answered at `at`."""
        self._all.append(at)
        if self.limits.per_chat_interval > 0:
            self._last[chat_id] = at
        if is_group(chat_id) and self.limits.group_per_minute < 10**9:
            self._groups.setdefault(chat_id, deque()).append(at)

    def record_reply(self, at: datetime) -> None:
        """A reply to a person's own action went out: it was not held back (no spacing in its
        chat), but it counts toward the overall rate, so the outbox leaves room for it."""
        self._all.append(at)

    def capacity(self, now: datetime) -> int:
        """How many sends the overall window admits right now."""
        self._expire(now)
        if self.share_until is not None and now >= self.share_until:
            return 0
        return max(self.overall - len(self._all), 0)

    def overall_wait(self, now: datetime) -> float:
        """Seconds until the overall window admits one more send (a second when this process
        has no share yet: it waits for its next heartbeat)."""
        if self.capacity(now) > 0:
            return 0.0
        if self.overall <= 0 or (self.share_until is not None and now >= self.share_until):
            return 1.0
        index = len(self._all) - self.overall
        return max((self._all[index] + SECOND - now).total_seconds(), 0.0)

    def chat_wait(self, chat_id: str, now: datetime) -> float:
        """Seconds until this chat may receive again."""
        wait = 0.0
        last = self._last.get(chat_id)
        if last is not None:
            wait = (last + timedelta(seconds=self.limits.per_chat_interval) - now).total_seconds()
        window = self._groups.get(chat_id)
        if window:
            while window and window[0] + MINUTE <= now:
                window.popleft()
            if len(window) >= self.limits.group_per_minute:
                index = len(window) - self.limits.group_per_minute
                wait = max(wait, (window[index] + MINUTE - now).total_seconds())
        return max(wait, 0.0)

    def busy_chats(self, now: datetime) -> set[str]:
        """Chats that may not receive now (kept out of the claim, so others go first)."""
        self._expire(now)
        return {chat for chat in list(self._last) + list(self._groups)
                if self.chat_wait(chat, now) > 0}

    def _expire(self, now: datetime) -> None:
        while self._all and self._all[0] + SECOND <= now:
            self._all.popleft()
        interval = timedelta(seconds=self.limits.per_chat_interval)
        for chat in [c for c, at in self._last.items() if at + interval <= now]:
            del self._last[chat]
        for chat in [c for c, w in self._groups.items() if not w or w[-1] + MINUTE <= now]:
            del self._groups[chat]


def is_group(chat_id: str) -> bool:
    """A group chat: Telegram gives groups negative ids (20 messages a minute at most there)."""
    return chat_id.startswith("-")
