"""What officials do to a case (the lifecycle in docs/lifecycle.md), one function per action.

Every action checks the official's scope and the case's stage, changes the case only if it is
still the version the official saw (a double tap or a stale card acts once), writes a
timeline event, edits the case's cards and tells the self-reporter what happened. Anything
refused raises `Refused` with a reason code the chat layer words. What the actions share is in
cases/work_base.py; the chase (催办) is in cases/chasing.py, the decision on a household's
re-review request (申请复核) in cases/follow_up.py, transfers in cases/transfers.py and the
programme's own steps in cases/programme_work.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from cases import chasing, closure, follow_up, lifecycle, programme_work, routing, transfers
from cases.follow_up import VISIT_CHECK_KEY, visit_check_buttons
from cases.intake import thank_neighbours
from cases.vocab import CATEGORIES, CLOSURE_REASONS, MEASURES, VISIT_CHECKS
from cases.work_base import (
    NOT_ELIGIBLE,
    REVIEW_STEP,
    Refused,
    Work,
    change,
    check,
    for_case,
    load,
    receipt,
    sealed,
    tell_official,
    unseal,
)
from storage import casework as work_repo
from storage import official_phones
from storage.cases import CaseRecord, add_event, last_event
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import forget_shown

# What the chat layer and the tests reach through this module.
__all__ = ["ACTIONS", "NOT_ELIGIBLE", "REVIEW_STEP", "Measure", "Refused", "Visit", "Work",
           "check", "for_case", "load", "perform", "receipt", "unseal"]


@dataclass(frozen=True, slots=True)
class Visit:
    checks: dict[str, str]  # VISIT_CHECKS → "ok" | "risk"
    income_per_person: int | None
    notes: str | None
    media: list[dict[str, str]]


@dataclass(frozen=True, slots=True)
class Measure:
    kind: str
    start: date
    amount: int | None = None
    period: str | None = None  # "monthly" | "once"
    end: date | None = None


async def perform(tx: Tx, work: Work, official: OfficialRecord, case_id: int, version: int | None,
                  action: str, now: datetime, *, replacing: tuple[str, str, int] | None = None,
                  **args: Any) -> CaseRecord:
    """Check and run one action; returns the case as it is afterwards. `replacing` names the
    card (channel, chat, message) the official's answer itself edits: refreshing it too would
    overwrite that answer a moment later."""
    case = await check(tx, work, official, case_id, version, action, now)
    work = await for_case(tx, work, case)
    # The action may send new cards: those are fresh already.
    cards = await work_repo.card_rows(tx, case.id, work.store.cipher, except_message=replacing)
    if replacing is not None:  # the answer rewrites that card: what it showed is gone
        await forget_shown(tx, *replacing)
    await ACTIONS[action](tx, work, official, case, now, **args)
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    await routing.refresh_cards(tx, updated, now, work.store.cipher, cards)
    return updated


# --- the actions ------------------------------------------------------------------------

async def accept(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
                 ) -> None:
    values: dict[str, Any] = {"owner_id": official.id, "updated_at": now}
    if case.stage == "reported":
        values.update(lifecycle.enter("accepted", case, work.programme, now))
    await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "accepted",
                    {"stage": case.stage})
    if case.stage == "reported":  # the resident learns who will come (and how to call them)
        phone = await official_phones.shared(tx, work.store.cipher, official.id)
        await receipt(tx, case, "receipt.accepted_by" if phone is None else "receipt.accepted_call",
                      now, cipher=work.store.cipher, name=official.display_name,
                      phone=phone or "")


async def visit(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                record: Visit) -> None:
    if set(record.checks) != set(VISIT_CHECKS) or not set(record.checks.values()) <= {"ok", "risk"}:
        raise Refused("bad_value", field="checks")
    kind = {"accepted": "initial", "monitored": "follow_up", "closed": "recheck"}[case.stage]
    if kind == "initial":
        values = lifecycle.enter("visited", case, work.programme, now)
    elif kind == "follow_up":
        values = lifecycle.enter("monitored", case, work.programme, now)
    else:
        values = {"due_step": None, "due_at": None, "escalation_level": 0, "updated_at": now}
    await change(tx, work, case, **values)  # first: a stale case writes nothing
    await work_repo.record_visit(tx, work.store.cipher, case_id=case.id, at=now,
                                 official_id=official.id, kind=kind, checks=record.checks,
                                 income=record.income_per_person, notes=record.notes,
                                 media=record.media)
    if kind == "initial":
        await receipt(tx, case, "receipt.visited", now)
    elif kind == "follow_up":
        await receipt(tx, case, "receipt.follow_up_visit", now, cipher=work.store.cipher,
                      name=official.display_name)
    if kind != "recheck":  # "did they come?" — asked once, on the household's own declaration
        await receipt(tx, case, VISIT_CHECK_KEY, now, cipher=work.store.cipher,
                      name=official.display_name,
                      buttons=visit_check_buttons(case.id, len(await work_repo.visits_of(tx, case.id))))


async def propose(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                  category: str, reason: str | None = None) -> None:
    if category not in (*CATEGORIES, NOT_ELIGIBLE):
        raise Refused("bad_value", field="category")
    if category == NOT_ELIGIBLE and not reason:
        raise Refused("bad_value", field="reason")
    await change(tx, work, case, **lifecycle.enter("proposed", case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "proposed",
                    {"category": category, "reason": sealed(work, reason)})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    leads = [p for p in await routing.town_leads(tx, updated, work.register) if p.id != official.id]
    await routing.send_cards(tx, updated, leads, now)


async def approve(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                  reason: str | None = None) -> None:
    proposal = await last_event(tx, case.id, "proposed")
    category = (proposal.details.get("category") if proposal else None) or NOT_ELIGIBLE
    if category != NOT_ELIGIBLE and programme_work.first_step_of(work, "inclusion"):
        # The district's own steps come first: 民主评议 → 公示 → 审定, then monitoring.
        await add_event(tx, case.id, now, "official", official.id, "approved",
                        {"category": category, "reason": sealed(work, reason)})
        # The lead's comment reaches the officer here too, with the step that comes next.
        await programme_work.start(
            tx, work, official, case, now, "inclusion",
            told_key="chain.told_approved_comment" if reason else "chain.told_approved",
            told={"name": official.display_name, "category": {"key": f"category.{category}"},
                  **({"reason": reason[:500]} if reason else {})})
        return
    if category == NOT_ELIGIBLE:
        await change(tx, work, case, stage="closed", closed_reason=NOT_ELIGIBLE, closed_at=now,
                      due_step=None, due_at=None, escalation_level=0, updated_at=now)
    else:
        values = lifecycle.enter("monitored", case, work.programme, now)
        values.update(category=category)
        if case.identified_at is None:
            values.update(identified_at=now)
        await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "approved",
                    {"category": category, "reason": sealed(work, reason)})
    # The lead's comment reaches the officer with the decision (sealed in the outbox).
    told = {"category": {"key": f"category.{category}"} if category != NOT_ELIGIBLE
            else {"key": "work.not_eligible"}, "name": official.display_name}
    if reason:
        await tell_official(tx, work, case.owner_id, "story.told_approved_comment", case, now,
                            reason=reason[:500], **told)
    else:
        await tell_official(tx, work, case.owner_id, "story.told_approved", case, now, **told)
    if category == NOT_ELIGIBLE:
        await receipt(tx, case, "receipt.not_eligible", now)
        await thank_neighbours(tx, work.store, case.id, now)
    else:
        await receipt(tx, case, "receipt.included", now, category={"key": f"category.{category}"})


async def reject(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                 reason: str) -> None:
    if not reason:
        raise Refused("bad_value", field="reason")
    await change(tx, work, case, **lifecycle.enter("visited", case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "rejected",
                    {"reason": sealed(work, reason)})
    await tell_official(tx, work, case.owner_id, "story.told_rejected", case, now,
                        reason=reason[:500], name=official.display_name)


async def add_measure(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord,
                      now: datetime, *, measure: Measure) -> None:
    if measure.kind not in MEASURES or measure.period not in (None, "monthly", "once") \
            or (measure.amount is not None and measure.amount < 0) \
            or (measure.end is not None and measure.end < measure.start):
        raise Refused("bad_value", field="measure")
    await change(tx, work, case, updated_at=now)
    await work_repo.add_measure(tx, case_id=case.id, kind=measure.kind, start=measure.start,
                                amount=measure.amount, period=measure.period, end=measure.end,
                                official_id=official.id, now=now)
    await add_event(tx, case.id, now, "official", official.id, "measure", {
        "kind": measure.kind, "start": measure.start.isoformat(), "amount": measure.amount,
        "period": measure.period, "end": measure.end.isoformat() if measure.end else None})
    await receipt(tx, case, "receipt.measure", now, measure={"key": f"measure.{measure.kind}"})


async def schedule_followup(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord,
                            now: datetime, *, on: date) -> None:
    if on <= work.programme.local(now).date():
        raise Refused("bad_value", field="date")
    # Due at the end of the chosen local day, so the officer has the whole day.
    due = datetime.combine(on, time(23, 59), work.programme.timezone)
    await change(tx, work, case, due_step="follow_up", due_at=due, escalation_level=0,
                  updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "followup_scheduled",
                    {"on": on.isoformat()})


async def note(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
               text: str, to_owner: bool = False) -> None:
    """A note on the history; addressed to the case's owner (not the writer) it also
    reaches them, with the card under it."""
    if not text:
        raise Refused("bad_value", field="text")
    to = case.owner_id if to_owner and case.owner_id not in (None, official.id) else None
    await change(tx, work, case, updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "note",
                    {"text": sealed(work, text), "to": to})
    if to is not None:
        await tell_official(tx, work, to, "story.told_note", case, now, name=official.display_name,
                            text=text[:500])


async def close(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                reason: str, duplicate_of: str | None = None, comment: str | None = None
                ) -> None:
    if reason not in CLOSURE_REASONS:
        raise Refused("bad_value", field="reason")
    if reason == NOT_ELIGIBLE and case.stage != "monitored":
        # Like the proposal path: a recorded visit first, then the lead's approval.
        if case.stage in ("reported", "accepted"):
            raise Refused("closure_rules", missing=["visit"], case=case)
        if case.stage != "visited":
            raise Refused("not_now", case=case)
        await propose(tx, work, official, case, now, category=NOT_ELIGIBLE, reason=comment)
        return
    values: dict[str, Any] = {"stage": "closed", "closed_reason": reason, "closed_at": now,
                              "due_step": None, "due_at": None, "escalation_level": 0,
                              "transfer_to_id": None, "transfer_village": None,
                              "track": None, "updated_at": now}
    details: dict[str, Any] = {"reason": reason}
    if reason == "risk_eliminated":
        # A case never included is told everything it lacks, monitoring first among them.
        missing = closure.missing_for_elimination(
            measures=len(await work_repo.measures_of(tx, case.id)),
            identified_at=case.identified_at if case.stage == "monitored" else None, now=now,
            latest_income=await work_repo.latest_income(tx, case.id), programme=work.programme)
        if missing:
            raise Refused("closure_rules", missing=missing, case=case,
                          line=work.programme.income_line(work.programme.local(now).year),
                          days=work.programme.min_monitoring.days)
        if programme_work.first_step_of(work, "elimination"):
            # 民主评议 → 公示 → 审定 first; the case closes when the district confirms.
            await programme_work.start(tx, work, official, case, now, "elimination")
            return
        values.update(eliminated_at=now, due_step="recheck",
                      due_at=now + work.programme.deadlines.recheck)
    elif reason == NOT_ELIGIBLE and case.stage == "monitored":
        raise Refused("bad_value", field="reason")  # an included household leaves by elimination
    elif reason == "duplicate":
        other = await work.store.by_ref(tx, (duplicate_of or "").strip().upper())
        if other is None or other.id == case.id:
            raise Refused("bad_value", field="duplicate_of")
        details["duplicate_of"] = other.ref
    await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "closed", details)
    await receipt(tx, case, "receipt.closed", now, reason={"key": f"closure.{reason}"})
    await thank_neighbours(tx, work.store, case.id, now)


async def reopen(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                 reason: str) -> None:
    if not reason:
        raise Refused("bad_value", field="reason")
    officer_here = any(g.role == "officer" and g.division_code == case.village_code
                       for g in official.roles)
    owner = official.id if officer_here else case.owner_id
    values = lifecycle.enter("accepted", case, work.programme, now)
    values.update(owner_id=owner, closed_reason=None, closed_at=None, eliminated_at=None,
                  track=None)
    await change(tx, work, case, **values)
    if case.eliminated_at is not None:
        # The elimination stays on record for the years it counted in (cases/statistics.py).
        from storage.statistics import keep_elimination

        await keep_elimination(
            tx, case_id=case.id, eliminated_at=case.eliminated_at, undone_at=now,
            household_id=case.household_id, village_code=case.village_code,
            town_code=case.town_code, people=case.people, source=case.source)
    await add_event(tx, case.id, now, "official", official.id, "reopened",
                    {"reason": sealed(work, reason), "was": case.closed_reason})
    if owner != official.id:
        await tell_official(tx, work, owner, "work.told_reopened", case, now)


# Each action takes (tx, work, official, case, now) and its own keyword arguments.
ACTIONS: dict[str, Callable[..., Awaitable[None]]] = {
    "accept": accept, "visit": visit, "propose": propose, "approve": approve, "reject": reject,
    "measure": add_measure, "followup": schedule_followup, "transfer": transfers.transfer,
    "take": transfers.take, "decline": transfers.decline, "note": note, "close": close,
    "reopen": reopen, "chase": chasing.chase, "appeal": follow_up.review,
    **programme_work.ACTIONS,
}
