"""The case lifecycle as one table: which action is valid in which stage, for whom,
and what each transition sets (stage, timestamps, the next deadline)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from cases.escalation import AUTOMATIC_STEPS, chain_level, responsible_level
from cases.jurisdiction import can_see, is_district_admin, is_receiver, leads_case
from cases.policy import Programme
from cases.programme_steps import notice_ends
from cases.vocab import OPEN_STAGES
from storage.cases import CaseRecord
from storage.officials import OfficialRecord

Who = Literal["scope", "owner", "lead", "receiver", "admin"]


@dataclass(frozen=True, slots=True)
class Rule:
    stages: tuple[str, ...]
    who: Who


RULES: dict[str, Rule] = {
    # In a later stage only when the case has no owner (its owner was removed or blocked).
    "accept": Rule(OPEN_STAGES, "scope"),
    # In "monitored": a follow-up visit; in "closed": the re-check after risk elimination.
    "visit": Rule(("accepted", "monitored", "closed"), "owner"),
    "propose": Rule(("visited",), "owner"),
    "approve": Rule(("proposed",), "lead"),
    "reject": Rule(("proposed",), "lead"),
    "measure": Rule(("monitored",), "owner"),
    "followup": Rule(("monitored",), "owner"),
    "transfer": Rule(OPEN_STAGES, "owner"),
    "take": Rule(OPEN_STAGES, "receiver"),  # accept a transfer
    "decline": Rule(OPEN_STAGES, "receiver"),
    "note": Rule((*OPEN_STAGES, "closed"), "scope"),
    "close": Rule(OPEN_STAGES, "owner"),
    "reopen": Rule(("closed",), "scope"),
    # The programme's own steps (cases/programme_steps.py): the village records its review,
    # the officer or the lead records an objection during the notice, a district admin
    # confirms (the case's own district: checked in cases/casework.py, which knows the register).
    "review": Rule(("review",), "owner"),
    "object": Rule(("notice",), "owner"),
    "confirm": Rule(("confirm",), "admin"),
    # 催办: a town lead or district admin presses the people answering for the due step.
    "chase": Rule(OPEN_STAGES, "lead"),
    # Decide a household's re-review request (申请复核) of a not-eligible closure.
    "appeal": Rule(("closed",), "lead"),
}

# The order buttons appear on a case card.
CARD_ORDER = ("accept", "take", "decline", "visit", "propose", "approve", "reject", "review",
              "object", "confirm", "measure", "followup", "chase", "note", "transfer", "close",
              "reopen", "appeal")


def allowed(action: str, case: CaseRecord, official: OfficialRecord) -> bool:
    """May this official do this action on this case in its current stage?"""
    rule = RULES.get(action)
    if rule is None or case.stage not in rule.stages or not can_see(official, case):
        return False
    if rule.who == "receiver":
        return is_receiver(official, case)
    if action == "accept":  # taking ownership of an unowned case
        return case.owner_id is None and not pending(case)
    if action == "visit" and case.stage == "closed" and case.due_step != "recheck":
        return False
    if action == "appeal" and case.due_step != "appeal":
        return False  # only while a re-review request waits
    if action == "transfer" and pending(case):
        return False  # one pending transfer at a time
    if action == "chase" and not chases(official, case):
        return False  # the step is this official's own (a lead's approval): nothing to chase
    if rule.who == "owner":
        return case.owner_id == official.id or leads_case(official, case)
    if rule.who == "lead":
        return leads_case(official, case)
    if rule.who == "admin":
        return is_district_admin(official)
    return True


def refusal(action: str, case: CaseRecord, official: OfficialRecord) -> str | None:
    """Why an action is not allowed: None (it is); "out_of_scope" (not their divisions);
    "not_permitted" (their role may not do it on this case — audited); "not_now" (the case's
    stage or state does not allow it now — what a button from an earlier card meets)."""
    if allowed(action, case, official):
        return None
    rule = RULES.get(action)
    if rule is None:
        return "not_now"
    if not can_see(official, case):
        return "out_of_scope"
    if rule.who == "owner" and case.owner_id != official.id and not leads_case(official, case):
        return "not_permitted"
    if rule.who == "lead" and not leads_case(official, case):
        return "not_permitted"
    if rule.who == "admin" and not is_district_admin(official):
        return "not_permitted"
    if rule.who == "receiver" and pending(case) and not is_receiver(official, case):
        return "not_permitted"
    return "not_now"


def chases(official: OfficialRecord, case: CaseRecord) -> bool:
    """A lead may chase a step answered for below their own level of the chain. The public
    notice (公示) ends by itself: nobody to chase; the district's confirmation (审定) is the
    district admins' own step, above every lead who could chase it."""
    return case.due_step is not None and case.due_step not in AUTOMATIC_STEPS \
        and responsible_level(case.due_step) < chain_level(official, case)


def pending(case: CaseRecord) -> bool:
    return case.transfer_to_id is not None or case.transfer_village is not None


def available(case: CaseRecord, official: OfficialRecord) -> list[str]:
    return [a for a in CARD_ORDER if allowed(a, case, official)]


def due_after(stage: str, case: CaseRecord, programme: Programme, now: datetime,
              follow_up_on: datetime | None = None) -> tuple[str | None, datetime | None]:
    """The next deadline once a case enters a stage (一条线响应)."""
    d = programme.deadlines
    if stage == "reported":
        return "accept", d.accept_due(now, case.urgent)
    if stage == "accepted":
        return "visit", now + d.visit
    if stage == "visited":
        return "decision", max(case.reported_at + d.decision, now + timedelta(hours=1))
    if stage == "proposed":
        return "approval", now + d.approval
    if stage == "monitored":
        return "follow_up", follow_up_on or now + d.follow_up
    if stage == "review":
        return "review", now + d.review
    if stage == "notice":  # not a deadline to meet: the day the notice comes down
        return "notice", notice_ends(now, programme.notice_days, programme.timezone)
    if stage == "confirm":
        return "confirm", now + d.confirm
    return None, None


def enter(stage: str, case: CaseRecord, programme: Programme, now: datetime,
          follow_up_on: datetime | None = None) -> dict[str, Any]:
    """Column values for a case entering `stage`: the stage, its timestamp, the deadline."""
    step, due = due_after(stage, case, programme, now, follow_up_on)
    values: dict[str, Any] = {"stage": stage, "due_step": step, "due_at": due,
                              "escalation_level": 0, "updated_at": now}
    stamp = {"accepted": "accepted_at", "visited": "visited_at", "proposed": "proposed_at"}
    if stage in stamp and getattr(case, stamp[stage]) is None:
        values[stamp[stage]] = now
    return values
