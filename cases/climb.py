"""A case climbing the chain (一条线响应): who hears, who is named as late, and the letters.

A climb tells the first staffed level from the target up (a level with nobody passes it on,
and the district's admins hear of the vacancy), names the people below who should have
acted — "责任人", in the recipient's own list format — and gives each of them a notice of
their own. Letters are gathered per recipient for a whole pass: one late case is one notice
with a button to open it; several are ONE message listing them (after downtime an official
gets one message, not one per case).

Used by the due scan (a deadline passed) and by 催办 (a case chased twice without result).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cases import responders
from cases.divisions import DivisionRegister
from cases.escalation import MAX_LEVEL, responsible_level
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue_many

LISTED_BUTTONS = 6  # "open" buttons under a combined message (the rest: /cases)


@dataclass(frozen=True, slots=True)
class LateCase:
    """What a climb notice says about a case."""

    id: int
    ref: str
    village_code: str
    town_code: str
    owner_id: int | None
    due_step: str
    due_at: datetime
    urgent: bool
    head: str = ""
    group: str | None = None


def label(key: str, **params: Any) -> dict[str, Any]:
    """A parameter rendered in the recipient's language at send time."""
    return {"key": key, "params": params}


def local_time(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def place(village_code: str, group: str | None, register: DivisionRegister) -> dict[str, Any]:
    """"黄淦村2组" — the village, and the 组 when known."""
    village = register.get(village_code)
    name = village.name if village else village_code
    return label("chase.place_group", village=name, group=group) if group \
        else label("chase.place", village=name)


@dataclass
class _Item:
    case_id: int
    ref: str
    urgent: bool
    params: dict[str, Any]
    line: dict[str, Any]


@dataclass
class Letters:
    """Notices of one pass, gathered per recipient and sent as one message each."""

    single: str  # message key for one case (params of that case)
    many: str  # message key for several ({n}, {lines})
    line: str  # message key of one case's line in `many`
    _to: dict[int, tuple[OfficialRecord, list[_Item]]] = field(default_factory=dict)
    _listed: set[tuple[int, int]] = field(default_factory=set)  # (person, case) already in

    def add(self, person: OfficialRecord, case: LateCase, params: dict[str, Any]) -> None:
        items = self._to.setdefault(person.id, (person, []))[1]
        if (person.id, case.id) not in self._listed:  # a set: a town lead may get hundreds
            self._listed.add((person.id, case.id))
            items.append(_Item(case.id, case.ref, case.urgent, params, label(self.line, **params)))

    def messages(self) -> list[OutboxMessage]:
        """One message per recipient (and forget them: a pass sends its letters once)."""
        return [message for message, _ in self.messages_about()]

    def messages_about(self) -> list[tuple[OutboxMessage, list[int]]]:
        """messages(), each with the ids of the cases it tells of."""
        out: list[tuple[OutboxMessage, list[int]]] = []
        for person, items in self._to.values():
            urgent = any(item.urgent for item in items)
            if len(items) == 1:
                item = items[0]
                message = letter(person, self.single, item.params, [item], urgent)
            else:
                message = letter(person, self.many,
                                 {"n": len(items), "lines": {"lines": [i.line for i in items]}},
                                 items[:LISTED_BUTTONS], urgent)
            out.append((message, [item.case_id for item in items]))
        self._to.clear()
        self._listed.clear()
        return out

    async def send(self, tx: Tx, now: datetime) -> int:
        out = self.messages()
        await enqueue_many(tx, out, now)
        return len(out)


def letter(person: OfficialRecord, key: str, params: dict[str, Any], items: list[_Item],
           urgent: bool) -> OutboxMessage:
    # Buttons, not "/case REF" in the text: Telegram makes only "/case" tappable.
    buttons: list[list[dict[str, Any]]]
    if len(items) == 1:
        buttons = [[{"key": "due.open_case", "data": f"cv:{items[0].case_id}"}]]
    else:
        opens: list[dict[str, Any]] = [
            {"key": "chase.open_ref", "params": {"ref": i.ref}, "data": f"cv:{i.case_id}"}
            for i in items]
        buttons = [opens[i:i + 2] for i in range(0, len(opens), 2)]
    return OutboxMessage(channel=person.channel, chat_id=person.chat_id, key=key, params=params,
                         buttons=buttons, case_id=items[0].case_id if len(items) == 1 else None,
                         urgent=urgent)


@dataclass
class Mail:
    """The letters a pass of climbs writes: to the level told, and to those named late."""

    escalated: Letters = field(default_factory=lambda: Letters(
        "due.escalated", "chase.escalated_many", "chase.late_line"))
    overdue: Letters = field(default_factory=lambda: Letters(
        "due.overdue_owner", "chase.overdue_many", "chase.overdue_line"))
    roster: responders.Roster = field(default_factory=responders.Roster)

    async def send(self, tx: Tx, now: datetime) -> int:
        """Every letter of the pass in one statement a thousand (those to the level told
        first, then those to the people named as late)."""
        out = self.escalated.messages() + self.overdue.messages()
        await enqueue_many(tx, out, now)
        return len(out)

    def messages_about(self) -> list[tuple[OutboxMessage, list[int]]]:
        """What send() would queue, in its order, each with the ids of the cases it tells of."""
        return self.escalated.messages_about() + self.overdue.messages_about()


async def climb(tx: Tx, case: LateCase, target: int, *, register: DivisionRegister,
                zone: ZoneInfo, mail: Mail, now: datetime,
                spare: frozenset[int] = frozenset(), escalated: Letters | None = None,
                extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Tell chain level `target` (or the first staffed one above it) that the case is late,
    and each person below who should have acted that they are named. `spare`: officials not
    named as late (the one who chased). Returns the timeline details of the climb."""
    base = responsible_level(case.due_step)
    late: dict[int, OfficialRecord] = {}
    vacant: list[int] = []
    for below in range(base, target):
        people = await responders.people_at(tx, below, case, register, mail.roster)
        if not people:
            vacant.append(below)
        late.update((p.id, p) for p in people if p.id not in spare)
    reached, people, skipped = await responders.first_staffed(tx, target, case, register,
                                                              mail.roster)
    vacant.extend(skipped)
    people = [p for p in people if p.id not in late]
    names = [p.display_name for p in late.values()]
    level_label = label(f"due.level.{reached}") if reached <= MAX_LEVEL \
        else label("chase.no_one_above")
    params = {"ref": case.ref, "head": case.head, "village": place(case.village_code, case.group, register),
              "step": label(f"due.step.{case.due_step}"), "due": local_time(case.due_at, zone),
              "who": {"join": names} if names else label("due.nobody"), "level": level_label,
              **(extra or {})}
    for person in people:
        (escalated or mail.escalated).add(person, case, params)
    for person in late.values():
        mail.overdue.add(person, case, params)
    await responders.report_vacancies(tx, vacant, case, register, now, ref=case.ref,
                                      roster=mail.roster)
    return {"step": case.due_step, "chain_level": min(reached, MAX_LEVEL),
            "to": [p.id for p in people], "late": list(late)}
