"""Every way a report reaches the programme ends here: one household, one open case.

A report about a household with an open case becomes a further report on that case and its
officer is told; otherwise a case is opened and routed. Wording stays outside: the caller
hands in a labeller that renders vocabulary labels in a language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cases import district_policy, duplicates, routing
from cases.divisions import DivisionRegister
from cases.policy import Programme
from cases.reporting import open_case
from storage import casework as work_repo
from storage import conversations as conv_repo
from storage import reports as report_repo
from storage.cases import CaseRecord, CaseStore, NewCase, add_event
from storage.db import Tx
from storage.outbox import OutboxMessage, enqueue
from storage.reports import Contact, NewReport

# (message key, language) → plain text, e.g. ("risk.illness", "zh") → "因病".
Labeller = Callable[[str, str], str]


@dataclass(frozen=True, slots=True)
class Intake:
    case: CaseRecord
    merged: bool  # True: attached to an open case as a further report
    report_id: int
    told: list[Contact]  # officials told about it (beyond the case cards routing sends)


@dataclass(frozen=True, slots=True)
class Desk:
    """What intake needs from the composition root."""

    store: CaseStore
    programme: Programme
    register: DivisionRegister
    labels: Labeller
    default_lang: str = "zh"


async def submit(tx: Tx, desk: Desk, *, new: NewCase, report: NewReport, now: datetime,
                 actor_kind: str, actor_id: int | None, route_new: bool = True) -> Intake:
    """Attach to the household's open case, or open (and route) a new one.

    route_new=False: the reporting official takes the new case themselves (排查发现).
    """
    cipher = desk.store.cipher
    match = await duplicates.find(tx, cipher, new)
    if match.open_case_id is not None:
        case = await desk.store.by_id(tx, match.open_case_id)
        assert case is not None
        report_id = await report_repo.add(tx, cipher, case.id, report, opened_case=False)
        await add_event(tx, case.id, now, actor_kind, actor_id, "further_report",
                        {"source": report.source, "report": report_id})
        told = await report_repo.officials_to_tell(
            tx, owner_id=case.owner_id, village_code=case.village_code, town_code=case.town_code)
        await tell(tx, desk, told, case, report, now, merged=True)
        return Intake(case, True, report_id, told)
    programme = await district_policy.programme_for(tx, desk.programme, desk.register,
                                                    match.new.village_code)
    case = await open_case(tx, store=desk.store, programme=programme, new=match.new,
                           now=now, actor_kind=actor_kind, actor_id=actor_id)
    report_id = await report_repo.add(tx, cipher, case.id, report, opened_case=True)
    told = await route(tx, desk, case, now) if route_new else []
    if report.source == "neighbour":
        # The case card carries no reporter; this note says how the neighbour may be reached.
        await tell(tx, desk, told, case, report, now, merged=False)
    return Intake(case, False, report_id, told)


async def route(tx: Tx, desk: Desk, case: CaseRecord, now: datetime) -> list[Contact]:
    """Send the new case's cards to the officials responsible for its village."""
    people = await routing.route_new_case(tx, case=case, register=desk.register, now=now)
    return [Contact(p.id, p.channel, p.chat_id) for p in people]


async def tell(tx: Tx, desk: Desk, contacts: list[Contact], case: CaseRecord,
               report: NewReport, now: datetime, *, merged: bool) -> None:
    """A notice per official, rendered later in their language; the reporter stays unnamed
    unless they agreed to be contacted."""
    village = desk.register.get(case.village_code)
    for contact in contacts:
        lang = await conv_repo.language_of(tx, contact.channel, contact.chat_id) \
            or desk.default_lang
        params = report_params(desk.labels, lang, report)
        params.update(ref=case.ref, village=village.name if village else case.village_code,
                      head=case.head_name)
        key = f"intake.{'further' if merged else 'note'}_{report.source}"
        if report.source == "neighbour" and report.contact_ok:
            key += "_contact"
            params.update(name=report.contact_name or "", phone=report.contact_phone or "")
        await enqueue(tx, OutboxMessage(
            channel=contact.channel, chat_id=contact.chat_id, key=key, params=params,
            lang=lang, case_id=case.id, urgent=case.urgent), now, cipher=desk.store.cipher)


def report_params(labels: Labeller, lang: str, report: NewReport) -> dict[str, str]:
    """The report's own facts as plain text in one language (escaped when rendered)."""
    none = labels("intake.none", lang)
    return {
        "risks": labels("list.sep", lang).join(labels(f"risk.{s}", lang)
                                               for s in report.risk_types) or none,
        "desc": report.description or none,
        "group": report.group_name or none,
        "knows": labels(f"intake.knows_{report.household_knows or 'unsure'}", lang),
        "media": str(len(report.media)),
    }


async def thank_neighbours(tx: Tx, store: CaseStore, case_id: int, now: datetime) -> int:
    """At closure: each neighbour who reported the case hears only "handled, thank you"."""
    reports = await report_repo.to_thank(tx, store.cipher, case_id)
    for report in reports:
        if report.notify_channel is None or report.notify_chat_id is None:
            continue
        await enqueue(tx, OutboxMessage(channel=report.notify_channel,
                                        chat_id=report.notify_chat_id, key="nb.closed_thanks",
                                        lang=report.notify_lang), now)
    await report_repo.mark_thanked(tx, [r.id for r in reports], now)
    return len(reports)


@dataclass(frozen=True, slots=True)
class VisitRecord:
    """What an official saw on the home visit that found the household (排查发现)."""

    checks: dict[str, str]  # {"food": "ok" | "risk", ...}
    income_per_person: int | None
    notes: str | None


async def take_found_case(tx: Tx, desk: Desk, case: CaseRecord, *, official_id: int,
                          visit: VisitRecord, now: datetime) -> CaseRecord:
    """The finding official owns the case, already accepted and visited; the decision is next."""
    programme = await district_policy.programme_for(tx, desk.programme, desk.register,
                                                    case.village_code)
    decision_due = max(case.reported_at + programme.deadlines.decision, now)
    changed = await desk.store.update_fields(
        tx, case.id, case.version, owner_id=official_id, stage="visited", accepted_at=now,
        visited_at=now, due_step="decision", due_at=decision_due, updated_at=now)
    assert changed, "a case opened in this transaction cannot have changed"
    await add_event(tx, case.id, now, "official", official_id, "accepted", {"found": True})
    await _record_found_visit(tx, desk, case.id, official_id, "initial", visit, now)
    updated = await desk.store.by_id(tx, case.id)
    assert updated is not None
    if updated.urgent:
        await routing.tell_leads_of_urgent(tx, updated, desk.register, now, finder_id=official_id)
    return updated


async def add_found_visit(tx: Tx, desk: Desk, case: CaseRecord, *, official_id: int,
                          visit: VisitRecord, id_number: str | None,
                          now: datetime) -> CaseRecord:
    """A household found on a visit already has an open case: the visit goes on that case
    (its stage and deadlines stay with the case's officer), and an ID number the case lacked
    is kept."""
    kind = "initial" if case.stage in ("reported", "accepted") else "follow_up"
    await _record_found_visit(tx, desk, case.id, official_id, kind, visit, now)
    if id_number:
        current = await desk.store.by_id(tx, case.id, lock=True)
        assert current is not None
        if current.id_number is None:
            cipher = desk.store.cipher
            changed = await desk.store.update_fields(
                tx, case.id, current.version, id_number_enc=cipher.encrypt(id_number),
                id_number_hash=cipher.lookup_hash(id_number), updated_at=now)
            assert changed, "the case row is locked in this transaction"
    updated = await desk.store.by_id(tx, case.id)
    assert updated is not None
    return updated



async def _record_found_visit(tx: Tx, desk: Desk, case_id: int, official_id: int, kind: str,
                              visit: VisitRecord, now: datetime) -> None:
    await work_repo.record_visit(tx, desk.store.cipher, case_id=case_id, at=now,
                                 official_id=official_id, kind=kind, checks=visit.checks,
                                 income=visit.income_per_person, notes=visit.notes, media=[])
