"""Abandoned drafts: a chat left mid-flow hears one reminder (Continue / Discard) once it has
been untouched for a while, and past a longer while the draft is discarded with nothing of it
kept. The scheduler decides when (outside quiet hours for the reminder); this says what."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from storage import drafts as draft_repo
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.drafts import StaleDraft
from storage.outbox import OutboxMessage, enqueue

REMINDER_KEY = "draft.reminder"
CONTINUE_DATA, DISCARD_DATA = "dd:continue", "dd:discard"
KNOWN_FLOWS = ("self", "proxy", "neighbour")


@dataclass(frozen=True, slots=True)
class DraftRules:
    remind_after: timedelta = timedelta(hours=24)
    discard_after: timedelta = timedelta(days=7)


def what(draft: StaleDraft) -> str:
    flow = str(draft.draft.get("flow") or "")
    return f"draft.what.{flow if flow in KNOWN_FLOWS else 'other'}"


async def remind(tx: Tx, cipher: FieldCipher | None, rules: DraftRules, now: datetime,
                 limit: int = 500) -> int:
    """Queue one reminder per draft untouched for `remind_after`; returns how many."""
    sent = 0
    # Not those about to be discarded: a reminder would promise days they lack (and a backlog
    # of them must not hold back the reminders of the others).
    for draft in await draft_repo.stale(tx, cipher, untouched_since=now - rules.remind_after,
                                        touched_after=now - rules.discard_after,
                                        unreminded=True, limit=limit):
        if not await draft_repo.mark_reminded(tx, draft, now):
            continue
        await enqueue(tx, OutboxMessage(
            channel=draft.channel, chat_id=draft.chat_id, key=REMINDER_KEY,
            params={"what": {"key": what(draft)},
                    "days": math.ceil(rules.discard_after / timedelta(days=1))},
            buttons=[[{"key": "draft.btn_continue", "data": CONTINUE_DATA},
                      {"key": "draft.btn_discard", "data": DISCARD_DATA}]],
            lang=draft.lang), now)
        sent += 1
    return sent


async def discard_abandoned(tx: Tx, cipher: FieldCipher | None, rules: DraftRules,
                            now: datetime, limit: int = 500) -> int:
    """Discard drafts untouched for `discard_after`, nothing of them kept; returns how many."""
    done = 0
    for draft in await draft_repo.stale(tx, cipher, untouched_since=now - rules.discard_after,
                                        unreminded=False, limit=limit):
        done += await draft_repo.discard(tx, draft)
    return done
