"""The household's side of its own case: adding to it (补充情况), saying whether the official
really came (上门核实), and asking for a re-review of a refusal (申请复核) — with the town lead's decision
on it (`review`, the "appeal" action of cases/casework.py).

Only the chat that declared the case (a self- or proxy-filed one) may do any of this; a
neighbour's report never gets these, which would tell the household who reported them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cases import lifecycle, routing
from cases.work_base import (
    NOT_ELIGIBLE,
    REVIEW_STEP,
    Refused,
    Work,
    change,
    receipt,
    sealed,
    tell_official,
)
from storage import casework as work_repo
from storage import officials as official_repo
from storage import reports as report_repo
from storage.cases import CaseRecord, add_event, events_of
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.reports import NewReport

VISIT_CHECK_KEY = "visit_check.ask"
VISIT_CHECK_WINDOW = timedelta(hours=24)
REVIEW_WINDOW = timedelta(days=30)
REVIEW_DECIDE_WITHIN = timedelta(days=15)


@dataclass(frozen=True, slots=True)
class Said:
    """Words and/or photos and voice notes a resident sent."""

    text: str | None
    media: list[dict[str, str]]


def declared_by(case: CaseRecord, channel: str, chat_id: str) -> bool:
    """This chat declared the case itself (neighbour reports and imports never match)."""
    return case.source == "self" and (case.reporter_channel, case.reporter_chat_id) == (
        channel, chat_id)


def is_open(case: CaseRecord) -> bool:
    return case.stage != "closed"


async def add_details(tx: Tx, work: Work, case: CaseRecord, said: Said, now: datetime) -> None:
    """What the household adds later joins the case (its photos and voice on the card) and
    reaches the owner — the village's officers when nobody holds it — as a notice."""
    report_id = await report_repo.add(tx, work.store.cipher, case.id, NewReport(
        source="self", at=now, risk_types=[], description=said.text, media=said.media),
        opened_case=False)
    await add_event(tx, case.id, now, "resident", None, "details_added",
                    {"report": report_id, "media": len(said.media)})
    cards = await work_repo.card_rows(tx, case.id, work.store.cipher)
    await work.store.update_fields(tx, case.id, case.version, updated_at=now)
    updated = await work.store.by_id(tx, case.id) or case
    await routing.refresh_cards(tx, updated, now, work.store.cipher, cards)  # buttons stay live
    people = [case.owner_id] if case.owner_id is not None else [
        p.id for p in await routing.chain_from(tx, case, work.register)]
    for person in people:
        await tell_official(tx, work, person, "more.told", updated, now,
                            text=(said.text or "")[:500], n=len(said.media))


async def visit_check_open(tx: Tx, case: CaseRecord, visit_number: int, now: datetime) -> str:
    """"open" while the household may answer about that visit; else "late", "answered" or
    "unknown" (no such visit)."""
    visits = await work_repo.visits_of(tx, case.id)
    if not 1 <= visit_number <= len(visits):
        return "unknown"
    if now - visits[visit_number - 1].at > VISIT_CHECK_WINDOW:
        return "late"
    answered = any(e.action in ("visit_confirmed", "visit_disputed")
                   and e.details.get("visit") == visit_number for e in await events_of(tx, case.id))
    return "answered" if answered else "open"


async def answer_visit_check(tx: Tx, work: Work, case: CaseRecord, visit_number: int,
                             came: bool, now: datetime) -> None:
    """"有" is recorded; "没有" also puts a disputed-visit notice, with the card, before the
    town lead (the district admins without one)."""
    visits = await work_repo.visits_of(tx, case.id)
    visit = visits[visit_number - 1]
    await add_event(tx, case.id, now, "resident", None,
                    "visit_confirmed" if came else "visit_disputed",
                    {"visit": visit_number, "official": visit.official_id})
    if came:
        return
    people = await routing.town_leads(tx, case, work.register)
    visited_by = await _name(tx, visit.official_id)
    for person in people:
        await tell_official(tx, work, person.id, "vc.disputed_notice", case, now,
                            name=visited_by, when=work.programme.local(visit.at)
                            .strftime("%Y-%m-%d %H:%M"))


async def _name(tx: Tx, official_id: int) -> str:
    person = await official_repo.by_id(tx, official_id)
    return person.display_name if person else "?"


async def review_open(tx: Tx, case: CaseRecord, now: datetime) -> bool:
    """A household may ask once, within 30 days of a not-eligible closure."""
    if case.stage != "closed" or case.closed_reason != NOT_ELIGIBLE or case.closed_at is None:
        return False
    if now - case.closed_at > REVIEW_WINDOW or case.due_step == REVIEW_STEP:
        return False
    return not any(e.action == "review_requested" and e.at >= case.closed_at
                   for e in await events_of(tx, case.id))


async def request_review(tx: Tx, work: Work, case: CaseRecord, said: Said, now: datetime
                         ) -> bool:
    """The request goes before the town lead, due in 15 days and escalating like any deadline;
    False when the case changed meanwhile."""
    cards = await work_repo.card_rows(tx, case.id, work.store.cipher)
    if not await work.store.update_fields(
            tx, case.id, case.version, due_step=REVIEW_STEP, due_at=now + REVIEW_DECIDE_WITHIN,
            escalation_level=0, updated_at=now):
        return False
    report_id = None
    if said.media:  # a voice reason joins the case's media, where the lead can hear it
        report_id = await report_repo.add(tx, work.store.cipher, case.id, NewReport(
            source="self", at=now, risk_types=[], description=said.text, media=said.media),
            opened_case=False)
    await add_event(tx, case.id, now, "resident", None, "review_requested",
                    {"reason": sealed(work, said.text), "report": report_id})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    await routing.refresh_cards(tx, updated, now, work.store.cipher, cards)
    for person in await routing.town_leads(tx, updated, work.register):
        await tell_official(tx, work, person.id, "review.told_lead", updated, now,
                            text=(said.text or "")[:500])
    return True


async def review(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                 *, decision: str, reason: str) -> None:
    """The town lead decides a re-review (复核) of a refusal: "uphold" keeps the case closed
    as not eligible, "reopen" sends it back to its officer for a new visit; either way the
    household hears the decision and the reason."""
    if decision not in ("uphold", "reopen") or not reason:
        raise Refused("bad_value", field="decision" if reason else "reason")
    if decision == "uphold":
        values: dict[str, Any] = {"due_step": None, "due_at": None, "escalation_level": 0,
                                  "updated_at": now}
    else:
        values = lifecycle.enter("accepted", case, work.programme, now)
        values.update(closed_reason=None, closed_at=None)
    await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "review_decided",
                    {"decision": decision, "reason": sealed(work, reason)})
    await receipt(tx, case, f"receipt.review_{decision}", now, cipher=work.store.cipher,
                  reason=reason[:500])
    if decision == "reopen" and case.owner_id != official.id:
        await tell_official(tx, work, case.owner_id, "work.told_review_reopen", case, now,
                            reason=reason[:500])


def visit_check_buttons(case_id: int, visit_number: int) -> list[list[dict[str, Any]]]:
    """有 / 没有 under "did the official come?" ("vc:<yes|no>:<case>:<visit number>")."""
    return [[{"key": "vc.yes", "data": f"vc:yes:{case_id}:{visit_number}"},
             {"key": "vc.no", "data": f"vc:no:{case_id}:{visit_number}"}]]

