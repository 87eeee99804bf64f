"""Who hears about a case at a chain level, and how messages to officials are queued."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cases.deadlines import DueCase
from cases.divisions import DivisionRegister
from cases.escalation import division_at, role_at
from storage import officials as officials_repo
from storage.cases import add_events
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue, enqueue_many


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


class Recipients:
    """people_at() for a batch of cases, read up front in two statements (the due scan asks
    for several levels of hundreds of cases per tick)."""

    def __init__(self, register: DivisionRegister,
                 holders: dict[tuple[str, str], list[OfficialRecord]],
                 owners: dict[int, OfficialRecord]) -> None:
        self.register = register
        self.holders = holders
        self.owners = owners

    @classmethod
    async def load(cls, tx: Tx, cases: Iterable[DueCase], register: DivisionRegister
                   ) -> Recipients:
        divisions: set[str] = set()
        owners: set[int] = set()
        for case in cases:
            divisions.update((case.village_code, case.town_code))
            district = _district_of(case, register)
            if district is not None:
                divisions.add(district)
            if case.owner_id is not None:
                owners.add(case.owner_id)
        holders, by_id = await officials_repo.for_divisions(tx, divisions, owners)
        return cls(register, holders, by_id)

    def at(self, level: int, case: DueCase) -> list[OfficialRecord]:
        """What people_at() answers, from what was read."""
        if level == 0 and case.owner_id is not None:
            owner = self.owners.get(case.owner_id)
            if owner is not None and owner.active and not owner.unreachable:
                return [owner]
        division = division_at(level, village_code=case.village_code, town_code=case.town_code,
                               district_code=_district_of(case, self.register))
        if division is None:
            return []
        return list(self.holders.get((role_at(level), division), []))


def _district_of(case: DueCase, register: DivisionRegister) -> str | None:
    town = register.get(case.town_code)
    return town.parent_code if town is not None else None


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
