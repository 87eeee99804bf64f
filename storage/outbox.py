"""The outbox: messages to other people, written in the same transaction as their cause."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.db import Tx
from storage.tables import outbox


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message key and its parameters, rendered in the recipient's language at send time.

    buttons: rows of {"key": message key for the label, "params": {...}, "data": payload}.
    """

    channel: str
    chat_id: int
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    lang: str | None = None
    case_id: int | None = None
    urgent: bool = False
    edit_of: int | None = None


async def enqueue(tx: Tx, message: OutboxMessage, now: datetime, not_before: datetime | None = None
                  ) -> int:
    """Queue a message; returns its id (an edit later refers to it)."""
    result = await tx.execute(
        outbox.insert()
        .values(
            channel=message.channel,
            chat_id=message.chat_id,
            lang=message.lang,
            key=message.key,
            params=message.params,
            buttons=message.buttons,
            case_id=message.case_id,
            urgent=message.urgent,
            edit_of=message.edit_of,
            status="pending",
            not_before=not_before or now,
            created_at=now,
            attempts=0,
        )
        .returning(outbox.c.id)
    )
    return int(result.scalar_one())
