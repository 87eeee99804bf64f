"""When to try a failed send again: one rule for the outbox and for owed replies."""

from __future__ import annotations

from datetime import timedelta

from chat.transport import SendFailure


def retry_delay(failure: SendFailure, attempts: int, cap: timedelta) -> timedelta:
    """A 429: exactly as long as Telegram says (at least a second). A network error or a 5xx:
    exponential backoff from one second, up to the cap."""
    if failure.kind == "retry_after":
        return timedelta(seconds=max(failure.retry_after, 1))
    return min(timedelta(seconds=2 ** attempts), cap)
