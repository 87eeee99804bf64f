"""Who hears about a case at a chain level, and how messages to officials are queued."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cases import responders
from cases.deadlines import DueCase
from cases.divisions import DivisionRegister
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue


async def people_at(tx: Tx, level: int, case: DueCase, register: DivisionRegister
                    ) -> list[OfficialRecord]:
    """The reachable officials answering for a case at a chain level (the owner at level 0)."""
    return await responders.people_at(tx, level, case, register)


def messages_to(people: list[OfficialRecord], key: str, params: dict[str, Any], *,
                case_id: int, urgent: bool) -> list[OutboxMessage]:
    """What tell() queues, as messages (for a caller that writes them with others)."""
    buttons = [[{"key": "due.open_case", "data": f"cv:{case_id}"}]]
    return [OutboxMessage(channel=p.channel, chat_id=p.chat_id, key=key, params=params,
                          buttons=buttons, case_id=case_id, urgent=urgent) for p in people]


def label(key: str, **params: Any) -> dict[str, Any]:
    """A parameter rendered in the recipient's language at send time."""
    return {"key": key, "params": params}


def local_time(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


async def tell(tx: Tx, people: list[OfficialRecord], key: str, params: dict[str, Any],
               now: datetime, *, case_id: int | None = None, urgent: bool = False) -> None:
    # A button, not "/case REF" in the text: Telegram makes only "/case" tappable, and a
    # cadre on a phone should not have to retype the reference.
    buttons = [[{"key": "due.open_case", "data": f"cv:{case_id}"}]] if case_id else []
    for person in people:
        await enqueue(tx, OutboxMessage(channel=person.channel, chat_id=person.chat_id, key=key,
                                        params=params, buttons=buttons, case_id=case_id,
                                        urgent=urgent), now)
