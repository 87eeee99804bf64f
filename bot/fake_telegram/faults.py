"""Fault injection: scripted errors and delays, blocked users, Telegram-like rate limits."""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from . import errors
from .errors import ApiError

# Methods that deliver a new message; only these count against Telegram's flood limits.
_NOT_A_SEND = frozenset({"sendchataction"})


def is_send(method: str) -> bool:
    """True for methods that put a new message into a chat."""
    low = method.lower()
    return (low.startswith("send") and low not in _NOT_A_SEND) or low in (
        "copymessage",
        "forwardmessage",
    )


@dataclass
class Fault:
    """One scripted misbehaviour; ``times=None`` means until removed."""

    method: str | None  # lower-case Bot API method name, or None for any method
    status: int | None = None  # None or 200: only the delay, then a normal answer
    retry_after: int | None = None
    times: int | None = 1
    chat_id: int | str | None = None
    delay: float = 0.0
    description: str | None = None
    hits: int = 0

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        """Whether this fault applies to a call."""
        if self.method is not None and self.method != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> ApiError | None:
        """The error to answer with, if this fault has a status."""
        if self.status is None or 200 <= self.status < 300:
            return None  # only a delay: the call is answered normally
        if self.status == 429:
            retry = self.retry_after if self.retry_after is not None else 1
            return ApiError(429, self.description or errors.too_many_requests(retry), retry)
        description = self.description or errors.DEFAULT_DESCRIPTIONS.get(self.status, f"Error {self.status}")
        return ApiError(self.status, description)


@dataclass
class _Limits:
    per_chat_per_s: float
    overall_per_s: float
    window: float


class Faults:
    """All fault state of one fake server."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.rules: list[Fault] = []
        self.blocked: set[int] = set()
        self._limits: _Limits | None = None
        self._sends: deque[tuple[float, str]] = deque()

    def inject(
        self,
        method: str | None = "sendMessage",
        status: int | None = 429,
        retry_after: int | None = None,
        times: int | None = 1,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        description: str | None = None,
    ) -> Fault:
        """Add a scripted fault; returns it so a test can inspect ``hits`` or remove it."""
        if status == 429 and retry_after is None:
            retry_after = 1
        fault = Fault(
            method.lower() if method else None,
            status,
            retry_after,
            times,
            chat_id,
            delay,
            description,
        )
        self.rules.append(fault)
        return fault

    def take(self, method: str, chat_id: int | str | None) -> Fault | None:
        """The first fault matching this call, consuming one of its ``times``."""
        for fault in self.rules:
            if fault.matches(method, chat_id):
                fault.hits += 1
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.rules.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Remove every scripted fault, block and limit."""
        self.rules.clear()
        self.blocked.clear()
        self._limits = None
        self._sends.clear()

    def check_blocked(self, chat_id: int | str | None) -> None:
        """403 for anything addressed to a user who blocked the bot."""
        if chat_id is not None and _as_int(chat_id) in self.blocked:
            raise ApiError(403, errors.BLOCKED)

    def enforce_limits(
        self, per_chat_per_s: float = 1, overall_per_s: float = 30, window: float = 1.0
    ) -> None:
        """Answer 429 when sends exceed these rates within a sliding ``window`` seconds."""
        self._limits = _Limits(per_chat_per_s, overall_per_s, window)
        self._sends.clear()

    def disable_limits(self) -> None:
        """Stop enforcing rate limits."""
        self._limits = None

    def check_rate(self, method: str, chat_id: int | str | None) -> None:
        """Raise 429 if this send would break the configured limits, else count it."""
        limits = self._limits
        if limits is None or not is_send(method):
            return
        now = self._clock()
        while self._sends and self._sends[0][0] <= now - limits.window:
            self._sends.popleft()
        chat = str(chat_id)
        in_chat = [t for t, c in self._sends if c == chat]
        allowed_chat = limits.per_chat_per_s * limits.window
        allowed_all = limits.overall_per_s * limits.window
        if len(in_chat) >= allowed_chat:
            raise self._too_many(in_chat[0] + limits.window - now)
        if len(self._sends) >= allowed_all:
            raise self._too_many(self._sends[0][0] + limits.window - now)
        self._sends.append((now, chat))

    @staticmethod
    def _too_many(wait: float) -> ApiError:
        retry = max(1, math.ceil(wait))
        return ApiError(429, errors.too_many_requests(retry), retry)


def _as_int(value: int | str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
