"""Failures the fake server can be told to answer with, and Telegram's own send limits."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass


@dataclass
class Fault:
    """Answer the next `times` matching calls with an error (or after a delay)."""

    method: str | None
    status: int
    times: int
    chat_id: int | None = None
    retry_after: int | None = None
    delay: float = 0.0
    description: str | None = None

    def matches(self, method: str, chat_id: int | None) -> bool:
        return (self.times > 0 and (self.method is None or self.method.lower() == method.lower())
                and (self.chat_id is None or self.chat_id == chat_id))


DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


class SendLimits:
    """Telegram's flood control: ~1 message/s per chat, ~30/s overall → 429 retry_after."""

    def __init__(self, per_chat_per_s: int, overall_per_s: int) -> None:
        self.per_chat = per_chat_per_s
        self.overall = overall_per_s
        self._all: deque[float] = deque()
        self._chats: dict[int, deque[float]] = {}

    def admit(self, chat_id: int, now: float) -> bool:
        for window in (self._all, self._chats.setdefault(chat_id, deque())):
            while window and now - window[0] >= 1.0:
                window.popleft()
        if len(self._all) >= self.overall or len(self._chats[chat_id]) >= self.per_chat:
            return False
        self._all.append(now)
        self._chats[chat_id].append(now)
        return True
