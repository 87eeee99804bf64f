"""A web visitor who lost their cookie takes their case back with its number and the phone it
was filed with: from then on the case's status and notices reach their new page.

Only a case filed on the web can be taken back there (a Telegram reporter keeps their chat),
and only while its personal data is kept (an anonymised case has no phone to match).
"""

from __future__ import annotations

import hmac
import logging

from sqlalchemy import update

from storage.cases import CaseStore
from storage.db import Tx
from storage.tables import cases

log = logging.getLogger(__name__)


async def reclaim(tx: Tx, store: CaseStore, *, ref: str, phone: str, channel: str,
                  chat_id: str) -> bool:
    """Point the case's reporter at this chat when the phone matches; False otherwise (the
    caller says the same in both cases: no hint whether the number exists)."""
    case = await store.by_ref(tx, ref)
    if case is None or case.reporter_channel != channel or not case.phone:
        return False
    if not hmac.compare_digest(case.phone.encode(), phone.encode()):
        return False
    if case.reporter_chat_id != chat_id:
        await tx.execute(update(cases).where(cases.c.id == case.id)
                         .values(reporter_chat_id=chat_id))
        log.info("a %s reporter took back case id %d on a new page", channel, case.id)
    return True
