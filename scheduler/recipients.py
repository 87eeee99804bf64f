"""Who hears about a case at a chain level, and how messages to officials are queued."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cases import responders
from cases.deadlines import DueCase
from cases.divisions import DivisionRegister
from storage.cases import add_events
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue, enqueue_many


async def people_at(tx: Tx, level: int, case: DueCase, register: DivisionRegister
                    ) -> list[OfficialRecord]:
    """The reachable officials answering for a case at a chain level (the owner at level 0)."""
    return await responders.people_at(tx, level, case, register)


class ScanWrites:
    """The outbox rows and timeline events of one batch of notices, kept in order and
    written in two statements."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.messages: list[OutboxMessage] = []
        self.events: list[dict[str, Any]] = []

    def tell(self, people: list[OfficialRecord], key: str, params: dict[str, Any], *,
             case_id: int, urgent: bool) -> None:
        """What tell() queues, buffered."""
        buttons = [[{"key": "due.open_case", "data": f"cv:{case_id}"}]]
        self.messages.extend(OutboxMessage(channel=p.channel, chat_id=p.chat_id, key=key,
                                           params=params, buttons=buttons, case_id=case_id,
                                           urgent=urgent) for p in people)

    def event(self, case_id: int, action: str, details: dict[str, Any]) -> None:
        """A system event on a case's timeline, buffered."""
        self.events.append({"case_id": case_id, "at": self.now, "actor_kind": "system",
                            "actor_id": None, "action": action, "details": details})

    async def flush(self, tx: Tx) -> None:
        await enqueue_many(tx, self.messages, self.now)
        await add_events(tx, self.events)
        self.messages, self.events = [], []


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
