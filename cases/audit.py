"""Every authorization refusal is audited: who, what, which case and why — nothing personal.

A refusal is an action the person may not take: a resident pressing an official's button, a
removed official pressing a card, an official outside their divisions or without the role
for the action, a failed invite code. A stale button or a badly typed answer is not: those
are told and asked again, without an audit row. Everything lands in one table (`audit`),
with or without a case, kept RETENTION_AUDIT_DAYS; `python -m bot audit` lists it.
"""

from __future__ import annotations

import logging
from datetime import datetime

from storage import audit as audit_repo
from storage import officials as official_repo
from storage.cases import CaseRecord, ref_of
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.officials import OfficialRecord

log = logging.getLogger(__name__)


def actor_hash(cipher: FieldCipher, channel: str, user_id: str) -> str | None:
    """A keyed hash of an account that is no official: repeated attempts show as one actor,
    and an operator who knows an account can check it, but the row names nobody."""
    return cipher.lookup_hash(f"actor|{channel}|{user_id}")


async def refused(tx: Tx, cipher: FieldCipher, *, channel: str, user_id: str, action: str,
                  reason: str, now: datetime, official: OfficialRecord | None = None,
                  case: CaseRecord | None = None, case_id: int | None = None) -> None:
    """Write one refusal; `official` when known, else looked up (a removed one included)."""
    person = official or await official_repo.ever_by_user(tx, channel, user_id)
    if person is None:
        actor = "person"
    else:
        actor = "official" if person.active and person.roles else "removed"
        if reason == "not_official" and actor == "removed":
            reason = "role_removed"  # an official whose roles were all taken away
    roles = ",".join(f"{g.role}@{g.division_code}" for g in person.roles) if person else None
    case_ref: str | None
    if case is not None:
        case_id, case_ref = case.id, case.ref
    else:  # a button names a case by id: kept only when there is such a case
        case_ref = await ref_of(tx, case_id) if case_id is not None else None
        case_id = case_id if case_ref is not None else None
    await audit_repo.record(tx, audit_repo.Refusal(
        at=now, channel=channel, actor=actor, official_id=person.id if person else None,
        actor_hash=None if person else actor_hash(cipher, channel, user_id), roles=roles,
        action=action, case_id=case_id, case_ref=case_ref, reason=reason))
    log.info("refused %s (%s): %s%s", action, actor if person is None else f"{actor} #{person.id}",
             reason, f", case {case_ref}" if case_ref else "")
