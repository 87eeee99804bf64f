"""The programme's own steps as case work: 民主评议 (review), 公示 (public notice) and 审定
(the district's confirmation), on the way into monitoring and on the way out of it.

A passage starts when the town lead approves an inclusion, or when the owner closes a case as
risk eliminated and the closure rules hold; each step the district keeps on is then a stage
with its own deadline. A failed review or a refused confirmation sends the case back (an
inclusion to "visited", an elimination to "monitored"); an objection during the notice sends
it back to the review, with the objection on the history; a notice nobody objected to moves
on by itself when its period ends (`end_notice`, run by the scheduler).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any

from cases import lifecycle, programme_steps, routing
from cases.intake import thank_neighbours
from cases.programme_steps import BACK_STAGE, last_notice_day, surname
from cases.vocab import REVIEW_OUTCOMES
from cases.work_base import (
    NOT_ELIGIBLE,
    Refused,
    Work,
    change,
    receipt,
    sealed,
    tell_official,
)
from storage import casework as work_repo
from storage import officials as official_repo
from storage.cases import CaseRecord, add_event, last_event
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue

MAX_ATTENDING = 10_000
MAX_MINUTES_PHOTOS = 5


def first_step_of(work: Work, track: str) -> str | None:
    return programme_steps.first_step(work.programme, track)


async def start(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                track: str, *, told_key: str | None = None,
                told: dict[str, Any] | None = None) -> None:
    """Enter the passage's first step (the district has at least one on). `told`: more
    parameters of the owner's notice (the approver's name, category and comment)."""
    step = first_step_of(work, track)
    assert step is not None
    await change(tx, work, case, track=track, **lifecycle.enter(step, case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "steps_started",
                    {"track": track, "step": step})
    updated = await _fresh(tx, work, case.id)
    if told_key and case.owner_id != official.id:
        await tell_official(tx, work, case.owner_id, told_key, updated, now,
                            step={"key": f"stage.{step}"}, **(told or {}))
    await _entered(tx, work, updated, now)


async def advance(tx: Tx, work: Work, case: CaseRecord, now: datetime, *,
                  actor: OfficialRecord | None) -> None:
    """From the current step to the next one the district keeps on, or to the passage's end."""
    track = case.track or "inclusion"
    step = programme_steps.next_step(work.programme, track, case.stage)
    if step is not None:
        await change(tx, work, case, **lifecycle.enter(step, case, work.programme, now))
        await _entered(tx, work, await _fresh(tx, work, case.id), now)
    elif track == "inclusion":
        await _included(tx, work, case, now)
    else:
        await _eliminated(tx, work, case, now)
    if actor is None or actor.id != case.owner_id:
        updated = await _fresh(tx, work, case.id)
        await tell_official(tx, work, case.owner_id, "chain.told_moved", updated, now,
                            stage={"key": f"stage.{updated.stage}"})


async def go_back(tx: Tx, work: Work, case: CaseRecord, now: datetime) -> None:
    """A failed review or a refused confirmation: back to before the passage."""
    back = BACK_STAGE[case.track or "inclusion"]
    values = lifecycle.enter(back, case, work.programme, now)
    await change(tx, work, case, track=None, **values)


async def _entered(tx: Tx, work: Work, case: CaseRecord, now: datetime) -> None:
    """What entering a step sets off: the notice's text for the owner to post; the card for
    the district's admins, who confirm."""
    if case.stage == "notice":
        # A message of its own, not a card's heading: it must stay there to be copied while
        # the notice is up, whatever else happens to the case.
        people = await routing.chain_from(tx, case, work.register)  # its owner first
        owner = await official_repo.by_id(tx, case.owner_id) if case.owner_id else None
        if owner is not None and owner.active and not owner.unreachable:
            people = [owner]
        params = {"ref": case.ref, **notice_params(work, case, await _category(tx, case))}
        for person in people:
            await enqueue(tx, OutboxMessage(
                channel=person.channel, chat_id=person.chat_id, key="chain.notice_text",
                params=params, case_id=case.id), now, cipher=work.store.cipher)
    elif case.stage == "confirm":
        admins = await routing.chain_from(tx, case, work.register, level=2)
        await routing.send_cards(tx, case, admins, now)


def notice_params(work: Work, case: CaseRecord, category: str | None) -> dict[str, Any]:
    """A notice names the village, the head's surname and the category, and the day it comes
    down — nothing about who reported, nor any other personal detail."""
    assert case.due_at is not None
    return {"village": work.register.name_of(case.village_code), "surname": surname(case.head_name),
            "category": {"key": f"category.{category}"} if category else {"key": "chain.no_category"},
            "purpose": {"key": f"chain.purpose.{case.track or 'inclusion'}"},
            "until": last_notice_day(case.due_at, work.programme.timezone)}


async def _category(tx: Tx, case: CaseRecord) -> str | None:
    """The category the passage is about: the one proposed (inclusion) or held (elimination)."""
    if case.track == "elimination":
        return case.category
    proposal = await last_event(tx, case.id, "proposed")
    category = proposal.details.get("category") if proposal else None
    return str(category) if category and category != NOT_ELIGIBLE else None


async def _included(tx: Tx, work: Work, case: CaseRecord, now: datetime) -> None:
    category = await _category(tx, case) or case.category
    values = lifecycle.enter("monitored", case, work.programme, now)
    values.update(category=category, track=None)
    if case.identified_at is None:
        values.update(identified_at=now)
    await change(tx, work, case, **values)
    await add_event(tx, case.id, now, "system", None, "included", {"category": category})
    await receipt(tx, case, "receipt.included", now, category={"key": f"category.{category}"})


async def _eliminated(tx: Tx, work: Work, case: CaseRecord, now: datetime) -> None:
    await change(tx, work, case, stage="closed", closed_reason="risk_eliminated", closed_at=now,
                  eliminated_at=now, due_step="recheck",
                  due_at=now + work.programme.deadlines.recheck, escalation_level=0,
                  transfer_to_id=None, transfer_village=None, track=None, updated_at=now)
    await add_event(tx, case.id, now, "system", None, "closed", {"reason": "risk_eliminated"})
    await receipt(tx, case, "receipt.closed", now, reason={"key": "closure.risk_eliminated"})
    await thank_neighbours(tx, work.store, case.id, now)


async def _fresh(tx: Tx, work: Work, case_id: int) -> CaseRecord:
    case = await work.store.by_id(tx, case_id)
    assert case is not None
    return case


# --- the actions ------------------------------------------------------------------------

async def review(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                 *, held_on: date, outcome: str, attending: int,
                 media: list[dict[str, str]] | None = None) -> None:
    """The village's democratic review (民主评议): when, how it went, how many attended, and
    a photo of the minutes if there is one."""
    if outcome not in REVIEW_OUTCOMES:
        raise Refused("bad_value", field="outcome")
    if not 1 <= attending <= MAX_ATTENDING:
        raise Refused("bad_value", field="attending")
    if held_on > work.programme.local(now).date():
        raise Refused("bad_value", field="date")
    await add_event(tx, case.id, now, "official", official.id, "reviewed", {
        "track": case.track, "held_on": held_on.isoformat(), "outcome": outcome,
        "attending": attending, "media": list(media or [])[:MAX_MINUTES_PHOTOS]})
    if outcome == "pass":
        await advance(tx, work, case, now, actor=official)
        return
    await go_back(tx, work, case, now)
    if official.id != case.owner_id:
        await tell_official(tx, work, case.owner_id, "chain.told_review_failed",
                            await _fresh(tx, work, case.id), now)


async def object_(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                  *, text: str) -> None:
    """An objection raised during the notice: back to the review, the objection on file."""
    if not text:
        raise Refused("bad_value", field="text")
    await change(tx, work, case, **lifecycle.enter("review", case, work.programme, now))
    await add_event(tx, case.id, now, "official", official.id, "objection",
                    {"track": case.track, "text": sealed(work, text)})
    if official.id != case.owner_id:
        await tell_official(tx, work, case.owner_id, "chain.told_objection",
                            await _fresh(tx, work, case.id), now, reason=text[:500])


async def confirm(tx: Tx, work: Work, official: OfficialRecord, case: CaseRecord, now: datetime,
                  *, approved: bool, reason: str | None = None) -> None:
    """The district's confirmation (审定): the passage ends, or the case goes back."""
    if not approved and not reason:
        raise Refused("bad_value", field="reason")
    await add_event(tx, case.id, now, "official", official.id,
                    "confirmed" if approved else "not_confirmed",
                    {"track": case.track, "reason": sealed(work, reason)})
    if approved:
        await advance(tx, work, case, now, actor=official)
        return
    await go_back(tx, work, case, now)
    await tell_official(tx, work, case.owner_id, "chain.told_not_confirmed",
                        await _fresh(tx, work, case.id), now, reason=(reason or "")[:500])


async def end_notice(tx: Tx, work: Work, case: CaseRecord, now: datetime) -> None:
    """The scheduler: a notice whose period ended without an objection moves on."""
    cards = await work_repo.card_rows(tx, case.id, work.store.cipher)
    await add_event(tx, case.id, now, "system", None, "notice_ended", {"track": case.track})
    await advance(tx, work, case, now, actor=None)
    await routing.refresh_cards(tx, await _fresh(tx, work, case.id), now, work.store.cipher,
                                cards)


ACTIONS: dict[str, Callable[..., Awaitable[None]]] = {
    "review": review, "object": object_, "confirm": confirm}
