"""An official's cards and reminders go to one channel: the one their account is on. To move
them (Telegram ↔ WeCom), the official asks for a code in the channel they are on and sends it
from the other one as `/join CODE`: the same account (roles, cases, history) then lives there,
and the old chat is a resident's like any other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from cases.invites import code_hash, new_code
from storage import channel_moves as repo
from storage import officials as official_repo
from storage.db import Tx
from storage.officials import OfficialRecord

VALID_FOR = timedelta(minutes=30)


async def offer(tx: Tx, official: OfficialRecord, now: datetime) -> str:
    """A single-use code that moves this official to the channel it is sent from."""
    code = new_code()
    await repo.create(tx, code_hash=code_hash(code), official_id=official.id, now=now,
                      expires_at=now + VALID_FOR)
    return code


@dataclass(frozen=True, slots=True)
class Moved:
    outcome: Literal["moved", "taken"]
    official: OfficialRecord | None = None


async def take(tx: Tx, code: str, *, channel: str, user_id: str, chat_id: str,
               now: datetime) -> Moved | None:
    """Move the official whose code this is to this account; None when it is no move code
    (the caller tries it as an invite, whose limits count wrong codes)."""
    official_id = await repo.use(tx, code_hash(code), now)
    if official_id is None:
        return None
    current = await official_repo.by_id(tx, official_id)
    if current is not None and (current.channel, current.user_id) == (channel, user_id):
        return Moved("moved", current)  # sent from where they already are: nothing moves
    if await repo.taken(tx, channel, user_id):
        return Moved("taken")  # this account is an official's already: never merged silently
    await repo.move(tx, official_id, channel=channel, user_id=user_id, chat_id=chat_id)
    return Moved("moved", await official_repo.by_id(tx, official_id))
