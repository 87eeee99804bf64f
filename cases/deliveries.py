"""Messages a person asked for that are drawn later, when sent (a district's case list, a
case's photos): queued in the outbox in the same transaction as the request."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.outbox import OutboxMessage, enqueue


async def queue_drawn(tx: Tx, *, channel: str, chat_id: str, key: str, params: dict[str, Any],
                      now: datetime, case_id: int | None = None, urgent: bool = False) -> int:
    """Queue a live message (drawn from the database at send time, rights checked again then).
    urgent: an answer to a press, not held for quiet hours."""
    return await enqueue(tx, OutboxMessage(channel=channel, chat_id=chat_id, key=key, params=params,
                                           case_id=case_id, urgent=urgent), now)
