"""What officials do to a case (the lifecycle in docs/lifecycle.md), one function per action.

Every action checks the official's scope and the case's stage, changes the case only if it is
still the version the official saw (a double tap or a stale card acts once), writes a
timeline event, edits the case's cards and tells the self-reporter what happened. Anything
refused raises `Refused` with a reason code the chat layer words.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from cases import audit, chasing, closure, district_policy, lifecycle, proxy, responders, routing
from cases.divisions import DivisionRegister
from cases.escalation import chain_level, responsible_level
from cases.intake import thank_neighbours
from cases.jurisdiction import can_see, is_district_admin
from cases.policy import Programme
from cases.vocab import CATEGORIES, CLOSURE_REASONS, MEASURES, VISIT_CHECKS
from storage import casework as work_repo
from storage import official_phones
from storage import officials as official_repo
from storage.cases import CaseRecord, CaseStore, add_event, last_event, version_of
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue, forget_shown

NOT_ELIGIBLE = "not_eligible"
VISIT_CHECK_KEY = "visit_check.ask"
REVIEW_STEP = "appeal"  # a household's request to re-review a refusal, before the town lead


class Refused(Exception):
    """code: not_found | out_of_scope | not_permitted | not_now | stale | closure_rules |
    bad_value. out_of_scope and not_permitted are audited (cases/audit.py)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass(frozen=True, slots=True)
class Work:
    """What case work needs from the composition root."""

    store: CaseStore
    programme: Programme
    register: DivisionRegister


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


async def load(tx: Tx, work: Work, official: OfficialRecord, case_id: int, now: datetime,
               action: str = "view") -> CaseRecord:
    """The case, if this official may see it; a refusal outside their scope is audited."""
    case = await work.store.by_id(tx, case_id, lock=True)
    if case is None:
        raise Refused("not_found")
    if not can_see(official, case):
        await _audit(tx, work, official, action, "out_of_scope", case, now)
        raise Refused("out_of_scope")
    return case


async def check(tx: Tx, work: Work, official: OfficialRecord, case_id: int, version: int | None,
                action: str, now: datetime) -> CaseRecord:
    """The case, if this official may do this action on it now (the card they pressed is
    still current); a role that may not do it is refused and audited."""
    case = await load(tx, work, official, case_id, now, action)
    if version is not None and version != case.version:
        raise Refused("stale", case=case)
    why = lifecycle.refusal(action, case, official)
    if why is None and action == "confirm" and not is_district_admin(
            official, district_policy.district_of(work.register, case.town_code)):
        why = "not_permitted"  # 审定 is for an admin of the case's own district
    if why == "not_permitted":
        await _audit(tx, work, official, action, why, case, now)
    if why is not None:
        raise Refused(why, case=case)
    return case


async def _audit(tx: Tx, work: Work, official: OfficialRecord, action: str, reason: str,
                 case: CaseRecord, now: datetime) -> None:
    await audit.refused(tx, work.store.cipher, channel=official.channel, user_id=official.user_id,
                        action=action, reason=reason, now=now, official=official, case=case)


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


async def for_case(tx: Tx, work: Work, case: CaseRecord) -> Work:
    """The work with the programme as it applies in the case's district (its admins' values
    over the `.env` defaults: cases/district_policy.py)."""
    programme = await district_policy.programme_for(tx, work.programme, work.register,
                                                    case.village_code)
    return work if programme is work.programme else replace(work, programme=programme)


async def _change(tx: Tx, work: Work, case: CaseRecord, **values: Any) -> None:
    if not await work.store.update_fields(tx, case.id, case.version, **values):
        raise Refused("stale", case=case)


async def receipt(tx: Tx, case: CaseRecord, key: str, now: datetime, *,
                  cipher: FieldCipher | None = None,
                  buttons: list[list[dict[str, Any]]] | None = None, **params: Any) -> None:
    """Tell the resident who declared the case (self-reports only: a neighbour hears only
    "handled, thank you" at closure). Personal params (a name, a reason) need `cipher`.
    A filing made on the household's behalf: the filer and the confirmed household, as
    `proxy.receipt_chats` decides."""
    if case.source != "self":
        return
    for channel, chat_id, lang in await proxy.receipt_chats(tx, case, key):
        await enqueue(tx, OutboxMessage(channel=channel, chat_id=chat_id, key=key,
                                        params={"ref": case.ref, **params},
                                        buttons=buttons or [], lang=lang,
                                        case_id=case.id), now, cipher=cipher)


async def tell_official(tx: Tx, work: Work, official_id: int | None, key: str, case: CaseRecord,
                        now: datetime, **params: Any) -> None:
    """What happened, with the case card under it, so the official can act from the
    notice itself; the card stays live like every other card, and the notice line heads it
    only until the case changes again (its version; see live_card)."""
    if official_id is None:
        return
    person = await official_repo.by_id(tx, official_id)
    if person is None or not person.active or person.unreachable:
        return
    lead = {"key": key, "params": {"ref": case.ref, **params},
            "version": await version_of(tx, case.id)}
    await enqueue(tx, OutboxMessage(
        channel=person.channel, chat_id=person.chat_id, key=routing.CARD_KEY,
        params={"case_id": case.id, "lead": lead}, case_id=case.id), now,
        cipher=work.store.cipher)  # a reason given for sending back is sealed


# --- the actions ------------------------------------------------------------------------

async def accept(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
                 ) -> None:
    values: dict[str, Any] = {"owner_id": official.id, "updated_at": now}
    if case.stage == "reported":
        values.update(lifecycle.enter("accepted", case, work.programme, now))
    await _change(tx, work, case, **values)
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
    await _change(tx, work, case, **values)  # first: a stale case writes nothing
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
    await _change(tx, work, case, **lifecycle.enter("proposed", case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "proposed",
                    {"category": category, "reason": _sealed(work, reason)})
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
                        {"category": category, "reason": _sealed(work, reason)})
        # The lead's comment reaches the officer here too, with the step that comes next.
        await programme_work.start(
            tx, work, official, case, now, "inclusion",
            told_key="chain.told_approved_comment" if reason else "chain.told_approved",
            told={"name": official.display_name, "category": {"key": f"category.{category}"},
                  **({"reason": reason[:500]} if reason else {})})
        return
    if category == NOT_ELIGIBLE:
        await _change(tx, work, case, stage="closed", closed_reason=NOT_ELIGIBLE, closed_at=now,
                      due_step=None, due_at=None, escalation_level=0, updated_at=now)
    else:
        values = lifecycle.enter("monitored", case, work.programme, now)
        values.update(category=category)
        if case.identified_at is None:
            values.update(identified_at=now)
        await _change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "approved",
                    {"category": category, "reason": _sealed(work, reason)})
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
    await _change(tx, work, case, **lifecycle.enter("visited", case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "rejected",
                    {"reason": _sealed(work, reason)})
    await tell_official(tx, work, case.owner_id, "story.told_rejected", case, now,
                        reason=reason[:500], name=official.display_name)


async def add_measure(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord,
                      now: datetime, *, measure: Measure) -> None:
    if measure.kind not in MEASURES or measure.period not in (None, "monthly", "once") \
            or (measure.amount is not None and measure.amount < 0) \
            or (measure.end is not None and measure.end < measure.start):
        raise Refused("bad_value", field="measure")
    await _change(tx, work, case, updated_at=now)
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
    await _change(tx, work, case, due_step="follow_up", due_at=due, escalation_level=0,
                  updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "followup_scheduled",
                    {"on": on.isoformat()})


async def transfer(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                   *, to_official: int | None = None, to_village: str | None = None) -> None:
    """To one officer, or to a village (any of its officers takes it); the receiver accepts."""
    if to_official is not None:
        receiver = await official_repo.by_id(tx, to_official)
        if receiver is None or receiver.id == official.id or not receiver.active \
                or not any(g.role == "officer" for g in receiver.roles):
            raise Refused("bad_value", field="receiver")
        people = [receiver]
    else:
        village = work.register.get(to_village or "")
        if village is None or village.level != "village":
            raise Refused("bad_value", field="village")
        people = await official_repo.holders(tx, role="officer", division_code=village.code)
        if not people:
            raise Refused("bad_value", field="no_officer")
    await _change(tx, work, case, transfer_to_id=to_official,
                  transfer_village=None if to_official is not None else to_village,
                  updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "transfer_offered",
                    {"to_official": to_official, "to_village": to_village})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    for person in people:  # the card under "who asks you to take it", not a bare card
        await tell_official(tx, work, person.id, "work.told_transfer", updated, now,
                            name=official.display_name)


async def take(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
               ) -> None:
    """The receiver takes a transfer: owner (and, for a village transfer, village) change."""
    values: dict[str, Any] = {"owner_id": official.id, "transfer_to_id": None,
                              "transfer_village": None, "escalation_level": 0,
                              "updated_at": now}
    village_code = case.transfer_village
    if village_code is None and case.village_code not in {
            g.division_code for g in official.roles if g.role == "officer"}:
        village_code = next((g.division_code for g in official.roles if g.role == "officer"
                             and _same_town(work, g.division_code, case.town_code)), None)
    if village_code is not None and village_code != case.village_code:
        village = work.register.get(village_code)
        if village is not None and village.parent_code:
            values.update(village_code=village.code, town_code=village.parent_code)
    if case.stage == "reported":
        values.update(lifecycle.enter("accepted", case, work.programme, now))
    previous = case.owner_id
    await _change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "transfer_taken",
                    {"from": previous, "village": values.get("village_code", case.village_code)})
    await tell_official(tx, work, previous, "work.told_taken", case, now, name=official.display_name)


async def decline(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime
                  ) -> None:
    await _change(tx, work, case, transfer_to_id=None, transfer_village=None, updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "transfer_declined", {})
    await tell_official(tx, work, case.owner_id, "work.told_declined", case, now,
                        name=official.display_name)


async def note(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
               text: str, to_owner: bool = False) -> None:
    """A note on the history; addressed to the case's owner (not the writer) it also
    reaches them, with the card under it."""
    if not text:
        raise Refused("bad_value", field="text")
    to = case.owner_id if to_owner and case.owner_id not in (None, official.id) else None
    await _change(tx, work, case, updated_at=now)
    await add_event(tx, case.id, now, "official", official.id, "note",
                    {"text": _sealed(work, text), "to": to})
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
    await _change(tx, work, case, **values)
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
    await _change(tx, work, case, **values)
    if case.eliminated_at is not None:
        # The elimination stays on record for the years it counted in (cases/statistics.py).
        from storage.statistics import keep_elimination

        await keep_elimination(
            tx, case_id=case.id, eliminated_at=case.eliminated_at, undone_at=now,
            household_id=case.household_id, village_code=case.village_code,
            town_code=case.town_code, people=case.people, source=case.source)
    await add_event(tx, case.id, now, "official", official.id, "reopened",
                    {"reason": _sealed(work, reason), "was": case.closed_reason})
    if owner != official.id:
        await tell_official(tx, work, owner, "work.told_reopened", case, now)


async def chase(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime, *,
                comment: str | None = None) -> None:
    """催办 (cases/chasing.py): the people answering for the due step hear at once; a second
    chase a day or more later with nothing moved in between climbs the chain."""
    if case.due_step is None or case.due_at is None:
        raise Refused("not_now", case=case)
    # The people answering for the step; when that level has nobody, the next one up that is
    # still below the chaser (a district admin chases the town lead of an officer-less village).
    reached, people, vacant = await responders.first_staffed(
        tx, responsible_level(case.due_step), case, work.register)
    await responders.report_vacancies(tx, vacant, case, work.register, now, ref=case.ref)
    people = [p for p in people if p.id != official.id]
    if reached >= chain_level(official, case) or not people:
        raise Refused("nobody_to_chase", case=case)  # said in words; the district has heard
    start = chasing.run_start(await last_event(tx, case.id, "chased"), case, now)
    await _change(tx, work, case)  # the version only: a stale second tap chases once
    climbed = None
    if chasing.climbs(start, now):
        climbed = await chasing.climb_after_chases(tx, case, official, register=work.register,
                                                   zone=work.programme.timezone, now=now)
        start = now  # the next climb needs another day of chases without result
    await add_event(tx, case.id, now, "official", official.id, "chased", {
        **chasing.snapshot(case), "since": start.isoformat(), "comment": _sealed(work, comment),
        "to": [p.id for p in people], "climbed": climbed})
    updated = await work.store.by_id(tx, case.id)
    assert updated is not None
    due = work.programme.local(case.due_at).strftime("%Y-%m-%d %H:%M")
    for person in people:
        await tell_official(tx, work, person.id, "chase.told_comment" if comment else "chase.told",
                            updated, now, name=official.display_name, text=comment or "",
                            step={"key": f"due.step.{case.due_step}"}, due=due)


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
    await _change(tx, work, case, **values)
    await add_event(tx, case.id, now, "official", official.id, "review_decided",
                    {"decision": decision, "reason": _sealed(work, reason)})
    await receipt(tx, case, f"receipt.review_{decision}", now, cipher=work.store.cipher,
                  reason=reason[:500])
    if decision == "reopen" and case.owner_id != official.id:
        await tell_official(tx, work, case.owner_id, "work.told_review_reopen", case, now,
                            reason=reason[:500])


def visit_check_buttons(case_id: int, visit_number: int) -> list[list[dict[str, Any]]]:
    """有 / 没有 under "did the official come?" ("vc:<yes|no>:<case>:<visit number>")."""
    return [[{"key": "vc.yes", "data": f"vc:yes:{case_id}:{visit_number}"},
             {"key": "vc.no", "data": f"vc:no:{case_id}:{visit_number}"}]]


# Each action takes (tx, work, official, case, now) and its own keyword arguments.
ACTIONS: dict[str, Callable[..., Awaitable[None]]] = {
    "accept": accept, "visit": visit, "propose": propose, "approve": approve, "reject": reject,
    "measure": add_measure, "followup": schedule_followup, "transfer": transfer, "take": take,
    "decline": decline, "note": note, "close": close, "reopen": reopen, "chase": chase,
    "appeal": review,
}


def _same_town(work: Work, village_code: str, town_code: str) -> bool:
    village = work.register.get(village_code)
    return village is not None and village.parent_code == town_code


def _sealed(work: Work, text: str | None) -> str | None:
    """Free text on the timeline is encrypted like every other personal detail."""
    token = work.store.cipher.encrypt(text) if text else None
    return token.decode() if token else None


def unseal(cipher: FieldCipher, value: Any) -> str | None:
    """The free text `_sealed` stored on the timeline, or None."""
    if not isinstance(value, str) or not value:
        return None
    return cipher.decrypt(value.encode())


def follow_up_choices(today: date) -> dict[str, date]:
    return {str(days): today + timedelta(days=days) for days in (7, 14, 30)}


# The programme's own steps (评议, 公示, 审定) use the helpers above.
from cases import programme_work  # noqa: E402

ACTIONS.update(programme_work.ACTIONS)
