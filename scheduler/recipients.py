"""Who hears about a case at a chain level, and how messages to officials are queued."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cases.deadlines import DueCase
from cases.divisions import DivisionRegister
from cases.escalation import division_at, role_at
from storage import officials as officials_repo
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue


async def people_at(tx: Tx, level: int, case: DueCase, register: DivisionRegister
                    ) -> list[OfficialRecord]:
    """The reachable officials answering for a case at a chain level (the owner at level 0)."""
    if level == 0 and case.owner_id is not None:
        owner = await officials_repo.by_id(tx, case.owner_id)
        if owner is not None and owner.active and not owner.unreachable:
            return [owner]
    town = register.get(case.town_code)
    district = town.parent_code if town is not None else None
    division = division_at(level, village_code=case.village_code, town_code=case.town_code,
                           district_code=district)
    if division is None:
        return []
    return await officials_repo.holders(tx, role=role_at(level), division_code=division)


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
