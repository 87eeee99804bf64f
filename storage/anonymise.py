"""Removing a case's personal data while keeping its figures and the actions on its timeline.

What goes: the head's given name (the surname stays, with 某: 王秀英 → 王某), phone and ID
numbers and their look-up hashes, descriptions, visit notes, photos and voice notes, the
reporter's chat, a neighbour's name, phone and chat, the name of someone who filed for the
household and the household's chat, and the free text of the timeline
(reasons, notes). What stays: the reference, village, household id, household size, risk
types, source, stage, category, closure reason, every date, measures, and which action each
timeline event was — so every past year's figures stay the same.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from storage import proxy as proxy_repo
from storage.db import Tx
from storage.tables import case_events, cases
from storage.tables_intake import case_reports
from storage.tables_officials import visits

# Free text on the timeline (sealed tokens): removed, the event itself kept.
EVENT_TEXT_KEYS = ("reason", "text")


def surname_only(name: str) -> str:
    """王秀英 → 王某: the surname (the first character) is enough to tell cases apart in a
    village's list, and names nobody."""
    name = name.strip()
    return (name[0] if name else "") + "某"


async def closed_before(tx: Tx, before: datetime, limit: int) -> list[int]:
    """Closed cases not yet anonymised whose closure is older than `before`."""
    rows = (await tx.execute(select(cases.c.id).where(
        cases.c.stage == "closed", cases.c.closed_at < before, cases.c.anonymised_at.is_(None))
        .order_by(cases.c.id).limit(limit))).all()
    return [r.id for r in rows]


async def anonymise_case(tx: Tx, case_id: int, now: datetime) -> bool:
    """Strip one case (its reports, visits and timeline text too); False if already done."""
    row = (await tx.execute(select(cases.c.head_name, cases.c.anonymised_at)
                            .where(cases.c.id == case_id))).first()
    if row is None or row.anonymised_at is not None:
        return False
    await tx.execute(update(cases).where(cases.c.id == case_id).values(
        head_name=surname_only(row.head_name), phone_enc=None, phone_hash=None,
        id_number_enc=None, id_number_hash=None, description_enc=None, media=[],
        reporter_channel=None, reporter_chat_id=None, reporter_lang=None, anonymised_at=now,
        version=cases.c.version + 1))  # buttons on old cards act no more
    await tx.execute(update(case_reports).where(case_reports.c.case_id == case_id).values(
        notify_channel=None, notify_chat_enc=None, contact_name_enc=None,
        contact_phone_enc=None, description_enc=None, media=[]))
    await tx.execute(update(visits).where(visits.c.case_id == case_id).values(
        notes_enc=None, media=[]))
    await proxy_repo.forget_people(tx, case_id)
    events = (await tx.execute(select(case_events.c.id, case_events.c.details)
                               .where(case_events.c.case_id == case_id))).all()
    for event in events:
        details = dict(event.details or {})
        if any(isinstance(details.get(k), str) and details[k].startswith("gAAAAA")
               for k in EVENT_TEXT_KEYS):
            for key in EVENT_TEXT_KEYS:
                if isinstance(details.get(key), str) and details[key].startswith("gAAAAA"):
                    details[key] = None
            await tx.execute(update(case_events).where(case_events.c.id == event.id)
                             .values(details=details))
    return True
