"""催办: a town lead or district admin presses the people answering for a case's due step.

A chase is on the case's history and reaches its owner (else the village's officers; the
town lead for an approval) at once. Chased twice at least CHASE_GAP apart with no transition
in between — the stage, the due step, its due time and the owner all unchanged — the case
climbs one level of the chain, above the chaser's own, like a deadline passing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cases import responders
from cases.climb import LateCase, Letters, Mail, climb
from cases.divisions import DivisionRegister
from cases.escalation import MAX_LEVEL, chain_level, responsible_level
from cases.work_base import Refused, Work, change, sealed, tell_official
from storage import due_scan as notices_repo
from storage.case_facts import facts_of
from storage.cases import CaseEvent, CaseRecord, add_event, last_event
from storage.db import Tx
from storage.officials import OfficialRecord

CHASE_GAP = timedelta(hours=24)


def snapshot(case: CaseRecord) -> dict[str, Any]:
    """What a transition changes: equal snapshots mean nothing moved between two chases."""
    return {"stage": case.stage, "step": case.due_step, "owner": case.owner_id,
            "due": case.due_at.isoformat() if case.due_at else None}


def run_start(previous: CaseEvent | None, case: CaseRecord, now: datetime) -> datetime:
    """When the present run of chases began: the first chase since the case last moved (or
    last climbed), or now when this chase starts a run."""
    if previous is None or any(previous.details.get(k) != v for k, v in snapshot(case).items()):
        return now
    since = previous.details.get("since")
    return datetime.fromisoformat(since) if isinstance(since, str) else previous.at


def climbs(start: datetime, now: datetime) -> bool:
    """Chased before, at least CHASE_GAP ago, and the case has not moved since."""
    return now - start >= CHASE_GAP


async def climb_after_chases(tx: Tx, case: CaseRecord, chaser: OfficialRecord, *,
                             register: DivisionRegister, zone: ZoneInfo, now: datetime
                             ) -> int | None:
    """Climb one level above the case's present one and the chaser's own; returns the chain
    level told, or None at the top of the chain."""
    assert case.due_step is not None and case.due_at is not None
    base = responsible_level(case.due_step)
    target = max(base + case.escalation_level + 1, chain_level(chaser, case) + 1)
    if target > MAX_LEVEL:
        return None
    level = target - base
    await notices_repo.set_escalation_level(tx, case.id, level, now)
    await notices_repo.create_notice(tx, case_id=case.id, step=case.due_step, kind="escalation",
                                     level=level, due_at=case.due_at, now=now)
    facts = (await facts_of(tx, [case.id])).get(case.id)
    late = LateCase(case.id, case.ref, case.village_code, case.town_code, case.owner_id,
                    case.due_step, case.due_at, case.urgent, case.head_name,
                    facts.group if facts else None)
    mail = Mail(escalated=Letters("chase.escalated", "chase.escalated_many", "chase.late_line"),
                overdue=Letters("chase.climbed_owner", "chase.overdue_many",
                                "chase.overdue_line"))
    details = await climb(tx, late, target, register=register, zone=zone, mail=mail, now=now,
                          spare=frozenset({chaser.id}), extra={"chaser": chaser.display_name})
    await mail.send(tx, now)
    return int(details["chain_level"])


async def chased_people(tx: Tx, case: CaseRecord, chaser: OfficialRecord,
                        register: DivisionRegister) -> tuple[list[OfficialRecord], list[int]]:
    """Whom a chase by this official would reach now, and the chain levels passed over because
    nobody holds them. The people answering for the due step; when that level has nobody, the
    next one up that is still below the chaser (a district admin chases the town lead of an
    officer-less village; that town lead, chasing, would reach nobody)."""
    if case.due_step is None:
        return [], []
    reached, people, vacant = await responders.first_staffed(
        tx, responsible_level(case.due_step), case, register)
    if reached >= chain_level(chaser, case):
        return [], vacant
    return [p for p in people if p.id != chaser.id], vacant


async def chase(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                comment: str | None = None) -> None:
    """催办: the people answering for the due step hear at once; a second
    chase a day or more later with nothing moved in between climbs the chain."""
    if case.due_step is None or case.due_at is None:
        raise Refused("not_now", case=case)
    people, vacant = await chased_people(tx, case, official, work.register)
    await responders.report_vacancies(tx, vacant, case, work.register, now, ref=case.ref)
    if not people:
        raise Refused("nobody_to_chase", case=case)  # said in words; the district has heard
    start = run_start(await last_event(tx, case.id, "chased"), case, now)
    await change(tx, work, case)  # the version only: a stale second tap chases once
    climbed = None
    if climbs(start, now):
        climbed = await climb_after_chases(tx, case, official, register=work.register,
                                           zone=work.programme.timezone, now=now)
        start = now  # the next climb needs another day of chases without result
    await add_event(tx, case.id, now, "official", official.id, "chased", {
        **snapshot(case), "since": start.isoformat(), "comment": sealed(work, comment),
        "to": [p.id for p in people], "climbed": climbed})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    due = work.programme.local(case.due_at).strftime("%Y-%m-%d %H:%M")
    for person in people:
        await tell_official(tx, work, person.id, "chase.told_comment" if comment else "chase.told",
                            updated, now, name=official.display_name, text=comment or "",
                            step={"key": f"due.step.{case.due_step}"}, due=due)
